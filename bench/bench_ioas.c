// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IOAS benchmarks, each printed next to a baseline measured in the same run:
 *  - lookup of a random IOVA through iopt_ioas_area_lookup() vs a
 *    branch-free binary search over a sorted array of area starts;
 *  - a 4 KiB map + unmap pair (mock, no domain) at 1K, 64K and 1M areas,
 *    in a random hole each time (memory-bound at 1M: every pair walks
 *    to a cold leaf) and again and again in one hole (the structure's own
 *    cost), and each at 1M relative to 1K;
 *  - the baseline's search with the lookup contract's extra work (record
 *    fields, sequence check, copy-out through a call), for scale;
 *  - filling an IOAS with n one-page areas packed from the bottom, placed
 *    automatically, against the same fill at fixed IOVAs (the baseline);
 *  - library heap per mapping at each size (malloc's own count of bytes in
 *    use, mmapped blocks included: areas, tree, page storage).
 * Lookups are timed in batches of BATCH queries, the library's and the
 * flat array's each right after the baseline's batch of the same queries;
 * their ratios are the medians of those per-batch ratios, so the machine
 * changing speed between batches cancels out. Other figures are medians
 * of several rounds. Usage: bench_ioas [rounds]
 */
#include <inttypes.h>
#include <stdbool.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "bench.h"
#include "libiopt.h"

#define PAGE 4096ull
#define STRIDE (2 * PAGE) /* an area, then a hole of the same size */
#define BASE_IOVA (1ull << 32)
#define QUERIES (1u << 20)
#define BATCH (1u << 14)
#define BATCHES (QUERIES / BATCH)
#define PAIRS 200000u

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Index of the last start <= x (the baseline): no branch in the loop. */
static size_t search_sorted(const uint64_t *starts, size_t n, uint64_t x)
{
	const uint64_t *base = starts;

	while (n > 1) {
		size_t half = n / 2;

		base = base[half] <= x ? base + half : base;
		n -= half;
	}
	return base - starts;
}

/*
 * The baseline's own search plus what libiopt's lookup contract adds to
 * it: the area's other fields from a record array, validated under a
 * sequence count and copied out through a call, as iopt_ioas_area_lookup()
 * must. It shows how much of the 1K target (1.5x the bare search) the
 * contract alone uses; a faster search (SIMD, fewer dependent steps) is
 * the only way under it.
 */
struct flat_record {
	uint64_t last, user_va, flags, pad;
};

struct flat_index {
	uint64_t seq;
	size_t n;
	const uint64_t *starts;
	const struct flat_record *rec;
};

static __attribute__((noinline)) int flat_lookup(const struct flat_index *f, uint64_t x,
						 struct iopt_area_info *info)
{
	if (!f || !info || info->size < sizeof(*info))
		return -22;
	for (;;) {
		uint64_t s = __atomic_load_n(&f->seq, __ATOMIC_ACQUIRE);
		size_t i = search_sorted(f->starts, f->n, x);
		const struct flat_record *r = &f->rec[i];
		uint64_t start = f->starts[i], last = r->last, uva = r->user_va, fl = r->flags;

		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if ((s & 1) || __atomic_load_n(&f->seq, __ATOMIC_RELAXED) != s)
			continue;
		if (x < start || x > last)
			return -2;
		info->flags = fl;
		info->iova = start;
		info->length = last - start + 1;
		info->user_va = uva;
		return 0;
	}
}

/* Heap in use, including the large blocks malloc serves with mmap. */
static size_t heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "%s: %s (%s)\n", what, iopt_strerror(rc), iopt_last_error());
	exit(1);
}

/* ns per map while filling a fresh IOAS with n packed one-page areas,
 * placed automatically or at the same IOVAs given. */
static double fill_round(void *buf, size_t n, bool automatic)
{
	struct iopt_ctx *ctx;
	struct iopt_ioas *ioas;
	double t0, ns;
	int rc;

	rc = iopt_ctx_new(NULL, &ctx);
	if (!rc)
		rc = iopt_ioas_new(ctx, NULL, &ioas);
	if (rc)
		die("fill: setup", rc);
	t0 = now_ns();
	for (size_t i = 0; i < n; i++) {
		/* Automatic placement starts at the second page. */
		uint64_t iova = automatic ? 0 : (i + 1) * PAGE;

		rc = iopt_ioas_map(ioas, buf, PAGE, &iova,
				   IOPT_MAP_READABLE | (automatic ? 0 : IOPT_MAP_FIXED_IOVA));
		if (rc || iova != (i + 1) * PAGE)
			die("fill: map", rc ? rc : -22);
	}
	ns = (now_ns() - t0) / n;
	iopt_ioas_free(ioas);
	iopt_ctx_free(ctx);
	return ns;
}

/* ns per 4 KiB map + unmap pair: in a random hole between areas each
 * time, or (same) in the middle one again and again. The hole's IOVA is
 * computed, not read from the starts array: at 1M areas that read would
 * add a cache miss of the benchmark's own to every pair. */
static double pair_round(struct iopt_ioas *ioas, void *buf, size_t n, bool same)
{
	double t0 = now_ns();
	int rc;

	for (unsigned p = 0; p < PAIRS; p++) {
		uint64_t iova = BASE_IOVA + (same ? n / 2 : rng() % n) * STRIDE + PAGE;

		rc = iopt_ioas_map(ioas, buf, PAGE, &iova, IOPT_MAP_FIXED_IOVA | IOPT_MAP_READABLE);
		if (rc)
			die("map (pair)", rc);
		rc = iopt_ioas_unmap(ioas, iova, PAGE, NULL);
		if (rc)
			die("unmap (pair)", rc);
	}
	return (now_ns() - t0) / PAIRS;
}

/* ns per query over one batch of each kind. */
static double batch_baseline(const uint64_t *starts, size_t n, const uint64_t *q, uint64_t *sink)
{
	double t0 = now_ns();

	for (size_t i = 0; i < BATCH; i++)
		*sink += search_sorted(starts, n, q[i]);
	return (now_ns() - t0) / BATCH;
}

static double batch_lookup(struct iopt_ioas *ioas, const uint64_t *q, uint64_t *sink)
{
	struct iopt_area_info info = { .size = sizeof(info) };
	double t0 = now_ns();

	for (size_t i = 0; i < BATCH; i++) {
		if (iopt_ioas_area_lookup(ioas, q[i], &info))
			die("iopt_ioas_area_lookup", -2);
		*sink += info.iova;
	}
	return (now_ns() - t0) / BATCH;
}

static double batch_flat(const struct flat_index *flat, const uint64_t *q, uint64_t *sink)
{
	struct iopt_area_info info = { .size = sizeof(info) };
	double t0 = now_ns();

	for (size_t i = 0; i < BATCH; i++) {
		if (flat_lookup(flat, q[i], &info))
			die("flat_lookup", -2);
		*sink += info.iova;
	}
	return (now_ns() - t0) / BATCH;
}

static void bench_size(size_t n, int rounds, void *buf, double pair_ns_out[2])
{
	uint64_t *starts = malloc(n * sizeof(*starts));
	uint64_t *queries = malloc(QUERIES * sizeof(*queries));
	size_t nb = (size_t)rounds * BATCHES;
	double *t_base = calloc(nb, sizeof(double)), *t_base2 = calloc(nb, sizeof(double));
	double *t_lib = calloc(nb, sizeof(double)), *r_lib = calloc(nb, sizeof(double));
	double *t_flat = calloc(nb, sizeof(double)), *r_flat = calloc(nb, sizeof(double));
	double *t_pair = calloc(rounds, sizeof(double));
	double *t_same = calloc(rounds, sizeof(double));
	double *t_fill_fixed = calloc(rounds, sizeof(double));
	double *t_fill_auto = calloc(rounds, sizeof(double));
	struct flat_record *rec = malloc(n * sizeof(*rec));
	struct flat_index flat = { .n = n, .starts = starts, .rec = rec };
	struct iopt_ctx *ctx;
	struct iopt_ioas *ioas;
	size_t heap_before, heap_after;
	uint64_t sink = 0;
	int rc;

	if (!starts || !queries || !t_base || !t_base2 || !t_lib || !r_lib || !t_flat || !r_flat ||
	    !t_pair || !t_same || !t_fill_fixed || !t_fill_auto || !rec)
		die("malloc", -12);
	heap_before = heap_in_use();
	rc = iopt_ctx_new(NULL, &ctx);
	if (rc)
		die("iopt_ctx_new", rc);
	rc = iopt_ioas_new(ctx, NULL, &ioas);
	if (rc)
		die("iopt_ioas_new", rc);
	for (size_t i = 0; i < n; i++) {
		uint64_t iova = BASE_IOVA + i * STRIDE;

		starts[i] = iova;
		rec[i] = (struct flat_record){ .last = iova + PAGE - 1, .user_va = (uintptr_t)buf,
					       .flags = IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE };
		rc = iopt_ioas_map(ioas, buf, PAGE, &iova,
				   IOPT_MAP_FIXED_IOVA | IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE);
		if (rc)
			die("iopt_ioas_map", rc);
	}
	heap_after = heap_in_use();
	for (size_t q = 0; q < QUERIES; q++)
		queries[q] = starts[rng() % n] + rng() % PAGE;

	for (int r = 0; r < rounds; r++) {
		for (unsigned b = 0; b < BATCHES; b++) {
			const uint64_t *q = queries + (size_t)b * BATCH;
			size_t i = (size_t)r * BATCHES + b;

			t_base[i] = batch_baseline(starts, n, q, &sink);
			t_lib[i] = batch_lookup(ioas, q, &sink);
			r_lib[i] = t_lib[i] / t_base[i];
			t_base2[i] = batch_baseline(starts, n, q, &sink);
			t_flat[i] = batch_flat(&flat, q, &sink);
			r_flat[i] = t_flat[i] / t_base2[i];
		}
		t_fill_fixed[r] = fill_round(buf, n, false);
		t_fill_auto[r] = fill_round(buf, n, true);
		t_pair[r] = pair_round(ioas, buf, n, false);
		t_same[r] = pair_round(ioas, buf, n, true);
	}
	{
		double base = median(t_base, nb), lib = median(t_lib, nb);
		double pair = median(t_pair, rounds), same = median(t_same, rounds);

		printf("%8zu areas | lookup %6.1f ns, baseline %6.1f ns, ratio %5.2fx "
		       "(search + contract %5.2fx) | map+unmap random %6.1f ns, same hole %6.1f ns | "
		       "heap %5.1f B/mapping\n",
		       n, lib, base, median(r_lib, nb), median(r_flat, nb), pair, same,
		       (double)(heap_after - heap_before) / n);
		printf("%8s       | fill by automatic placement %6.1f ns/map, at fixed IOVAs %6.1f "
		       "ns/map: %5.2fx\n", "", median(t_fill_auto, rounds),
		       median(t_fill_fixed, rounds),
		       median(t_fill_auto, rounds) / median(t_fill_fixed, rounds));
		pair_ns_out[0] = pair;
		pair_ns_out[1] = same;
	}
	if (sink == 42)
		puts("");
	iopt_ioas_free(ioas);
	iopt_ctx_free(ctx);
	free(starts);
	free(queries);
	free(t_base);
	free(t_base2);
	free(t_lib);
	free(r_lib);
	free(r_flat);
	free(t_pair);
	free(t_same);
	free(t_fill_fixed);
	free(t_fill_auto);
	free(t_flat);
	free(rec);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5;
	size_t sizes[] = { 1024, 65536, 1048576 };
	double pair[3][2];
	void *buf = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (buf == MAP_FAILED || rounds < 1)
		return 1;
	printf("libiopt %u, mock backend, medians of %d rounds; baseline = branch-free "
	       "binary search over sorted area starts\n", iopt_version(), rounds);
	for (int i = 0; i < 3; i++)
		bench_size(sizes[i], rounds, buf, pair[i]);
	printf("map+unmap at 1M areas / at 1K areas: random holes %.2fx, same hole %.2fx\n",
	       pair[2][0] / pair[0][0], pair[2][1] / pair[0][1]);
	return 0;
}
