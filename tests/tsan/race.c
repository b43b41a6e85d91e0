// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Race test for ThreadSanitizer (plain pthreads: Criterion's fork arena
 * cannot run under TSan). Writers map, unmap and copy in overlapping
 * ranges of two IOASes while readers look up and walk without locks.
 * Every area a reader sees must be one a writer could have made: whole,
 * on the grid, backed by the right user address. TSan reports any data
 * race; the checks report torn reads.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "libiopt.h"

#define SLOTS 256
#define SLOT_SIZE 0x4000ull
#define BASE 0x100000000ull
#define WRITERS 3
#define READERS 2
#define OPS 20000

static struct iopt_ioas *ioas[2];
static char *buf;
static unsigned long bad_reads, bad_writes;
static volatile int stop;

static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245 + 12345;
	return *s >> 8;
}

/* An area is good if it starts on a slot, spans whole slots of the same
 * buffer layout (IOVA - BASE == user offset), and is readable. */
static int area_ok(const struct iopt_area_info *in)
{
	uint64_t off = in->iova - BASE;

	return in->iova >= BASE && off % SLOT_SIZE == 0 && in->length % SLOT_SIZE == 0 &&
	       in->length && off + in->length <= SLOTS * SLOT_SIZE &&
	       in->user_va == (uint64_t)(uintptr_t)buf + off &&
	       (in->flags & IOPT_MAP_READABLE);
}

static int walk_cb(const struct iopt_area_info *in, void *arg)
{
	(void)arg;
	if (!area_ok(in))
		__atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
	return 0;
}

static void *writer(void *arg)
{
	unsigned seed = (unsigned)(uintptr_t)arg;

	for (int i = 0; i < OPS; i++) {
		unsigned slot = rnd(&seed) % SLOTS, n = 1 + rnd(&seed) % 4;
		struct iopt_ioas *a = ioas[rnd(&seed) % 2];
		uint64_t iova = BASE + slot * SLOT_SIZE, len = n * SLOT_SIZE;
		int rc;

		if (slot + n > SLOTS)
			continue;
		switch (rnd(&seed) % 3) {
		case 0:
			rc = iopt_ioas_map(a, buf + slot * SLOT_SIZE, len, &iova,
					   IOPT_MAP_FIXED_IOVA | IOPT_MAP_READABLE);
			if (rc && rc != -EEXIST)
				__atomic_add_fetch(&bad_writes, 1, __ATOMIC_RELAXED);
			break;
		case 1:
			rc = iopt_ioas_unmap(a, iova, len, NULL);
			if (rc && rc != -ENOENT)
				__atomic_add_fetch(&bad_writes, 1, __ATOMIC_RELAXED);
			break;
		default:
			/* Same IOVA in the other IOAS: the layout stays on the grid. */
			rc = iopt_ioas_copy(ioas[a == ioas[0]], &iova, a, iova, len,
					    IOPT_MAP_FIXED_IOVA | IOPT_MAP_READABLE);
			if (rc && rc != -EEXIST && rc != -ENOENT)
				__atomic_add_fetch(&bad_writes, 1, __ATOMIC_RELAXED);
			break;
		}
	}
	return NULL;
}

static void *reader(void *arg)
{
	unsigned seed = (unsigned)(uintptr_t)arg;
	struct iopt_area_info in = { .size = sizeof(in) };

	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		struct iopt_ioas *a = ioas[rnd(&seed) % 2];
		uint64_t iova = BASE + rnd(&seed) % (SLOTS * SLOT_SIZE);
		int rc = iopt_ioas_area_lookup(a, iova, &in);

		if (rc == 0 && (!area_ok(&in) || iova < in.iova || iova - in.iova >= in.length))
			__atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
		else if (rc && rc != -ENOENT)
			__atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
		if (rnd(&seed) % 64 == 0)
			iopt_ioas_area_foreach(a, 0, UINT64_MAX, walk_cb, NULL);
	}
	return NULL;
}

int main(void)
{
	pthread_t w[WRITERS], r[READERS];
	struct iopt_ctx *ctx;
	int passed = 0, failed = 0;

	buf = mmap(NULL, SLOTS * SLOT_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || iopt_ctx_new(NULL, &ctx) ||
	    iopt_ioas_new(ctx, NULL, &ioas[0]) || iopt_ioas_new(ctx, NULL, &ioas[1])) {
		fprintf(stderr, "setup failed: %s\n", iopt_last_error());
		return 1;
	}
	for (int i = 0; i < READERS; i++)
		pthread_create(&r[i], NULL, reader, (void *)(uintptr_t)(100 + i));
	for (int i = 0; i < WRITERS; i++)
		pthread_create(&w[i], NULL, writer, (void *)(uintptr_t)(1 + i));
	for (int i = 0; i < WRITERS; i++)
		pthread_join(w[i], NULL);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < READERS; i++)
		pthread_join(r[i], NULL);

	printf("%s: readers saw %lu torn or impossible areas\n",
	       bad_reads ? "FAIL" : "PASS", bad_reads);
	bad_reads ? failed++ : passed++;
	printf("%s: writers got %lu unexpected errors\n",
	       bad_writes ? "FAIL" : "PASS", bad_writes);
	bad_writes ? failed++ : passed++;
	/* Whatever is left must still be a consistent IOAS. */
	for (int i = 0; i < 2; i++)
		iopt_ioas_area_foreach(ioas[i], 0, UINT64_MAX, walk_cb, NULL);
	printf("%s: final state consistent\n", bad_reads ? "FAIL" : "PASS");
	bad_reads ? failed++ : passed++;
	iopt_ctx_free(ctx);
	munmap(buf, SLOTS * SLOT_SIZE);
	printf("race: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
