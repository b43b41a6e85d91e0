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
	int fd; /* -1: user memory; else our own dup of the file behind it */
	bool writable;
	union {
		/* Page-aligned start of the memory in its source: a user
		 * address, or with fd a byte offset in the file. */
		uint64_t uptr;
		struct iopt_pages *next_idle; /* while kept in a cache */
	};
	uint64_t length; /* bytes from uptr to the end of the memory */
};

/*
 * Page-storage objects whose last reference went, kept for the next map
 * under the same lock (an IOAS's): malloc and free cost as much as the rest
 * of a small map+unmap pair. Bounded; drained when its owner goes.
 */
struct iopt_pages_cache {
	struct iopt_pages *idle;
	uint32_t nr_idle;
};

/* The system page size, read once. */
uint64_t iopt_page_size(void);

void iopt_pages_get(struct iopt_pages *pages);
void iopt_pages_put(struct iopt_pages *pages);

/* Page storage for [user_va, user_va + length), taken from the cache (which
 * the caller's lock protects) when it has one; NULL when out of memory. */
struct iopt_pages *iopt_pages_new_cached(struct iopt_pages_cache *cache,
					 uintptr_t user_va, uint64_t length,
					 bool writable);
void iopt_pages_put_cached(struct iopt_pages_cache *cache, struct iopt_pages *pages);
/* Page storage for [start, start + length) of the file open as fd, holding
 * a duplicate of fd of its own (closed with the storage, so the caller may
 * close theirs). 0, or -ENOMEM, or -errno of the duplication. */
int iopt_pages_new_file(int fd, uint64_t start, uint64_t length, bool writable,
			struct iopt_pages **out);
void iopt_pages_cache_drain(struct iopt_pages_cache *cache);

#endif
