/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Page storage: the user memory behind one map call. Areas point into it;
 * iopt_ioas_copy() makes more areas, possibly in other IOASes, that share it
 * through its reference count. Pinning, the pinned-page store and domain
 * storage plug in here.
 */
#ifndef IOPT_PAGES_H
#define IOPT_PAGES_H

#include <stdbool.h>
#include <stdint.h>

struct iopt_pages {
	uint32_t refs;
	bool writable;
	uintptr_t uptr;	 /* page-aligned start of the user memory */
	uint64_t length; /* bytes from uptr to the end of the user memory */
};

/* The system page size, read once. */
uint64_t iopt_page_size(void);

/* Page storage for [user_va, user_va + length); NULL when out of memory. */
struct iopt_pages *iopt_pages_new(uintptr_t user_va, uint64_t length,
				  bool writable);
void iopt_pages_get(struct iopt_pages *pages);
void iopt_pages_put(struct iopt_pages *pages);

#endif
