// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "alloc.h"
#include "core/pool.h"

struct iopt_pool_chunk {
	struct iopt_pool_chunk *next;
	size_t nr_objs;
	/* Objects follow, CHUNK_ALIGN-aligned. */
};

#define CHUNK_ALIGN 64u /* the strictest alignment of a pooled type */
#define CHUNK_HEADER CHUNK_ALIGN
#ifdef IOPT_TESTING
/* One object per chunk: every object is its own fault point and block. */
#define CHUNK_MAX_OBJS 1u
#else
#define CHUNK_MAX_OBJS 4096u
#endif
#define CHUNK_MIN_OBJS 8u
/* Chunks this large are aligned for and advised to use transparent huge
 * pages: a million-area tree spans tens of MiB that lookups hit at random,
 * and on 4 KiB pages nearly every lookup would miss the TLB. */
#define HUGE_CHUNK (2u << 20)

void iopt_pool_init(struct iopt_pool *pool, size_t obj_size)
{
	memset(pool, 0, sizeof(*pool));
	/* Whole words: the free-list link is stored atomically in the first. */
	pool->obj_size = (obj_size + 7) & ~(size_t)7;
	pool->next_chunk_objs = CHUNK_MIN_OBJS;
}

int iopt_pool_grow(struct iopt_pool *pool, size_t want)
{
	size_t objs = pool->next_chunk_objs, bytes;
	struct iopt_pool_chunk *chunk;
	char *base;

	if (objs < want)
		objs = want;
	if (objs > CHUNK_MAX_OBJS)
		objs = CHUNK_MAX_OBJS;
	bytes = CHUNK_HEADER + objs * pool->obj_size;
	chunk = iopt_malloc_aligned(bytes >= HUGE_CHUNK ? HUGE_CHUNK : CHUNK_ALIGN, bytes);
	if (!chunk)
		return -ENOMEM;
	if (bytes >= HUGE_CHUNK)
		madvise(chunk, bytes & ~(size_t)(HUGE_CHUNK - 1), MADV_HUGEPAGE);
	chunk->nr_objs = objs;
	chunk->next = pool->chunks;
	pool->chunks = chunk;
	base = (char *)chunk + CHUNK_HEADER;
	/* Hand out in address order: push the last one first. */
	for (size_t i = objs; i-- > 0;)
		iopt_pool_push(pool, base + i * pool->obj_size);
	if (pool->next_chunk_objs < CHUNK_MAX_OBJS)
		pool->next_chunk_objs *= 2;
	return 0;
}

void iopt_pool_destroy(struct iopt_pool *pool)
{
	struct iopt_pool_chunk *chunk = pool->chunks;

	IOPT_NOTE_IDLE(-(long)pool->nr_free);
	while (chunk) {
		struct iopt_pool_chunk *next = chunk->next;

		iopt_free(chunk);
		chunk = next;
	}
	memset(pool, 0, sizeof(*pool));
}
