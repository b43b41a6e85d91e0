// SPDX-License-Identifier: LGPL-2.1-or-later
#include <unistd.h>

#include "alloc.h"
#include "pages.h"

uint64_t iopt_page_size(void)
{
	static uint64_t page_size;
	uint64_t ps = __atomic_load_n(&page_size, __ATOMIC_RELAXED);

	if (!ps) {
		ps = (uint64_t)sysconf(_SC_PAGESIZE);
		__atomic_store_n(&page_size, ps, __ATOMIC_RELAXED);
	}
	return ps;
}

struct iopt_pages *iopt_pages_new(uintptr_t user_va, uint64_t length,
				  bool writable)
{
	struct iopt_pages *pages = iopt_malloc(sizeof(*pages));
	uint64_t offset = user_va % iopt_page_size();

	if (!pages)
		return NULL;
	pages->refs = 1;
	pages->writable = writable;
	pages->uptr = user_va - offset;
	pages->length = offset + length;
	return pages;
}

void iopt_pages_get(struct iopt_pages *pages)
{
	__atomic_add_fetch(&pages->refs, 1, __ATOMIC_RELAXED);
}

void iopt_pages_put(struct iopt_pages *pages)
{
	if (pages && __atomic_sub_fetch(&pages->refs, 1, __ATOMIC_ACQ_REL) == 0)
		iopt_free(pages);
}
