/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A cache of fixed-size objects whose memory is only given back when the
 * pool is destroyed. Lock-free readers may still be looking at an object
 * that a writer has just released; because the memory stays an object of
 * the same kind, such a read is harmless and the reader's sequence check
 * discards it.
 */
#ifndef IOPT_POOL_H
#define IOPT_POOL_H

#include <stddef.h>

struct iopt_pool_chunk;

struct iopt_pool {
	size_t obj_size;
	void *free_list;
	size_t nr_free;
	struct iopt_pool_chunk *chunks;
	size_t next_chunk_objs;
};

/* Objects are aligned to 64 bytes at least (and to their size's factors of
 * 64): no pooled type may ask for more. */
void iopt_pool_init(struct iopt_pool *pool, size_t obj_size);
/* Returns an object, or NULL when out of memory. Its bytes are whatever
 * its last user left: the caller sets every field it will read. */
void *iopt_pool_get(struct iopt_pool *pool);
void iopt_pool_put(struct iopt_pool *pool, void *obj);
/* Makes sure the next n iopt_pool_get() calls cannot fail; -ENOMEM if not. */
int iopt_pool_reserve(struct iopt_pool *pool, size_t n);
void iopt_pool_destroy(struct iopt_pool *pool);

#endif
