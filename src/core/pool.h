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

#include <errno.h>
#include <stddef.h>

#include "alloc.h"

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
void iopt_pool_destroy(struct iopt_pool *pool);

/* Out of line: adds a chunk of at least `want` objects. */
int iopt_pool_grow(struct iopt_pool *pool, size_t want);

/*
 * Free objects are linked through their first word. Readers may load that
 * word concurrently (thinking it is a field), so it is written atomically.
 * The get/put/reserve fast paths are inline: every map and unmap uses them.
 */
static inline void iopt_pool_push(struct iopt_pool *pool, void *obj)
{
	__atomic_store_n((void **)obj, pool->free_list, __ATOMIC_RELAXED);
	pool->free_list = obj;
	pool->nr_free++;
	IOPT_NOTE_IDLE(1);
}

/* Returns an object, or NULL when out of memory. Its bytes are whatever
 * its last user left: the caller sets every field it will read. */
static inline void *iopt_pool_get(struct iopt_pool *pool)
{
	void *obj;

	if (!pool->free_list && iopt_pool_grow(pool, 1))
		return NULL;
	obj = pool->free_list;
	pool->free_list = *(void **)obj;
	pool->nr_free--;
	IOPT_NOTE_IDLE(-1);
	return obj;
}

static inline void iopt_pool_put(struct iopt_pool *pool, void *obj)
{
	if (obj)
		iopt_pool_push(pool, obj);
}

/* Makes sure the next n iopt_pool_get() calls cannot fail; -ENOMEM if not. */
static inline int iopt_pool_reserve(struct iopt_pool *pool, size_t n)
{
	while (pool->nr_free < n) {
		if (iopt_pool_grow(pool, n - pool->nr_free))
			return -ENOMEM;
	}
	return 0;
}

#endif
