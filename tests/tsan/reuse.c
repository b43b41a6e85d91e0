// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Node reuse under ThreadSanitizer. A tree node that a lock-free reader is
 * still reading may be freed and come back from the pool in another role:
 * a leaf as an inner node, whose gap summaries writers then update. Every
 * word a writer stores into a node must therefore be an atomic store, or
 * the reader's earlier read and the writer's store race. This test makes
 * that reuse happen on purpose instead of by luck: a reader keeps looking
 * up every area (reading each leaf record); the writer waits until it has
 * seen them, then empties the IOAS and refills it with a different number
 * of areas, so that the freed nodes come back in other roles, and places
 * areas automatically, which refreshes the inner nodes' summaries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include <pthread.h>

#include "libiopt.h"

#define PAGE 0x1000ull
#define BASE 0x100000000ull
#define MAX_AREAS 4500 /* past 64 * 64: the fills reach three levels */
#define ROUNDS 6

static struct iopt_ioas *ioas;
static char *buf; /* two pages: automatic maps take both */
static unsigned long lookups, bad_reads;
static volatile int stop;
/* Read with relaxed loads only: an acquire would order the reader's reads
 * before the writer's stores and hide the race this test looks for. */
static unsigned nr_areas;

static void *reader(void *arg)
{
	struct iopt_area_info in = { .size = sizeof(in) };
	unsigned i = 0;

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		unsigned n = __atomic_load_n(&nr_areas, __ATOMIC_RELAXED);
		uint64_t iova = BASE + (uint64_t)(n ? i++ % n : 0) * 2 * PAGE;
		int rc = iopt_ioas_area_lookup(ioas, iova, &in);

		/* Areas come and go; one that is there must be whole. */
		if (rc == 0 && (in.iova != iova || in.length != PAGE ||
				in.user_va != (uint64_t)(uintptr_t)buf))
			__atomic_add_fetch(&bad_reads, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&lookups, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

/* Until the reader has gone over every area at least twice. */
static void wait_for_reader(unsigned n)
{
	unsigned long until = __atomic_load_n(&lookups, __ATOMIC_RELAXED) + 2ul * n;

	while (__atomic_load_n(&lookups, __ATOMIC_RELAXED) < until)
		;
}

int main(void)
{
	static const unsigned sizes[ROUNDS] = { 130, MAX_AREAS, 70, 4200, 200, 4097 };
	struct iopt_ctx *ctx;
	unsigned long bad_writes = 0;
	pthread_t r;
	int failed = 0;

	buf = mmap(NULL, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || iopt_ctx_new(NULL, &ctx) || iopt_ioas_new(ctx, NULL, &ioas)) {
		fprintf(stderr, "setup failed: %s\n", iopt_last_error());
		return 1;
	}
	/* Nothing below the areas: automatic placement has to search them. */
	if (iopt_ioas_add_reserved(ioas, 0, BASE)) {
		fprintf(stderr, "reserve failed: %s\n", iopt_last_error());
		return 1;
	}
	pthread_create(&r, NULL, reader, NULL);
	for (unsigned round = 0; round < ROUNDS; round++) {
		unsigned n = sizes[round];

		/* Every other IOVA page: holes for automatic placement. */
		for (unsigned i = 0; i < n; i++) {
			uint64_t iova = BASE + (uint64_t)i * 2 * PAGE;

			bad_writes += iopt_ioas_map(ioas, buf, PAGE, &iova,
						    IOPT_MAP_FIXED_IOVA | IOPT_MAP_READABLE) != 0;
		}
		__atomic_store_n(&nr_areas, n, __ATOMIC_RELAXED);
		wait_for_reader(n);
		/* Two pages fit no hole between the areas: the search visits,
		 * and refreshes, every inner entry before it places them last. */
		for (unsigned i = 0; i < 4; i++) {
			uint64_t iova = 0;

			bad_writes += iopt_ioas_map(ioas, buf, 2 * PAGE, &iova,
						    IOPT_MAP_READABLE) != 0;
		}
		wait_for_reader(n);
		bad_writes += iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL) != 0;
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	pthread_join(r, NULL);

	printf("%s: reader saw %lu torn areas\n", bad_reads ? "FAIL" : "PASS", bad_reads);
	printf("%s: writer got %lu errors\n", bad_writes ? "FAIL" : "PASS", bad_writes);
	failed = (bad_reads != 0) + (bad_writes != 0);
	iopt_ctx_free(ctx);
	munmap(buf, 2 * PAGE);
	printf("reuse: %d passed, %d failed\n", 2 - failed, failed);
	return failed ? 1 : 0;
}
