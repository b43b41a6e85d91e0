// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <fcntl.h>
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

#ifdef IOPT_TESTING
/* Every map allocates its page storage, so fail-nth sweeps reach that
 * allocation whatever earlier calls left idle (release builds, which the
 * standalone conformance runs use, exercise the cache). */
#define CACHE_MAX 0
#else
/* Enough for a burst of maps after a burst of unmaps; 1.5 KiB at most. */
#define CACHE_MAX 32
#endif

/* start: a user address, or a file offset (the caller then sets fd). */
static struct iopt_pages *pages_init(struct iopt_pages *pages, uint64_t start,
				     uint64_t length, bool writable)
{
	uint64_t offset = start & (iopt_page_size() - 1);

	pages->refs = 1;
	pages->fd = -1;
	pages->writable = writable;
	pages->uptr = start - offset;
	pages->length = offset + length;
	return pages;
}

static struct iopt_pages *pages_new(uintptr_t user_va, uint64_t length, bool writable)
{
	struct iopt_pages *pages = iopt_malloc(sizeof(*pages));

	return pages ? pages_init(pages, user_va, length, writable) : NULL;
}

struct iopt_pages *iopt_pages_new_cached(struct iopt_pages_cache *cache,
					 uintptr_t user_va, uint64_t length,
					 bool writable)
{
	struct iopt_pages *pages = cache->idle;

	if (!pages)
		return pages_new(user_va, length, writable);
	cache->idle = pages->next_idle;
	cache->nr_idle--;
	IOPT_NOTE_IDLE(-1);
	return pages_init(pages, user_va, length, writable);
}

int iopt_pages_new_file(int fd, uint64_t start, uint64_t length, bool writable,
			struct iopt_pages **out)
{
	struct iopt_pages *pages = iopt_malloc(sizeof(*pages));
	int dup_fd;

	if (!pages)
		return -ENOMEM;
	/* A fault point of its own (injected failures are -ENOMEM, like
	 * every other): the process may be out of descriptors. */
	if (iopt_should_fail()) {
		iopt_free(pages);
		return -ENOMEM;
	}
	dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (dup_fd < 0) {
		int err = errno;

		iopt_free(pages);
		return -err;
	}
	*out = pages_init(pages, start, length, writable);
	pages->fd = dup_fd;
	return 0;
}

static void pages_free(struct iopt_pages *pages)
{
	if (pages->fd >= 0)
		close(pages->fd);
	iopt_free(pages);
}

void iopt_pages_get(struct iopt_pages *pages)
{
	__atomic_add_fetch(&pages->refs, 1, __ATOMIC_RELAXED);
}

void iopt_pages_put(struct iopt_pages *pages)
{
	if (pages && __atomic_sub_fetch(&pages->refs, 1, __ATOMIC_ACQ_REL) == 0)
		pages_free(pages);
}

void iopt_pages_put_cached(struct iopt_pages_cache *cache, struct iopt_pages *pages)
{
	if (!pages || __atomic_sub_fetch(&pages->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (cache->nr_idle + 1 > CACHE_MAX || pages->fd >= 0) {
		pages_free(pages);
		return;
	}
	pages->next_idle = cache->idle;
	cache->idle = pages;
	cache->nr_idle++;
	IOPT_NOTE_IDLE(1);
}

void iopt_pages_cache_drain(struct iopt_pages_cache *cache)
{
	while (cache->idle) {
		struct iopt_pages *pages = cache->idle;

		cache->idle = pages->next_idle;
		iopt_free(pages);
		IOPT_NOTE_IDLE(-1);
	}
	cache->nr_idle = 0;
}
