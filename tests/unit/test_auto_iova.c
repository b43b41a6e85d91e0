// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Automatic IOVA placement against a brute-force model of reference
 * 3.5.1 (lowest first fit over the gaps free of areas and reserved
 * ranges, in the allowed windows), through random maps, unmaps, fixed
 * maps, reserved and allowed ranges. The library skips runs with the gap
 * summaries its tree keeps between calls; the model walks every run from
 * the bottom, so a summary that went stale unnoticed shows up as a
 * different IOVA.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "libiopt.h"

#define PAGE 4096ull
#define HPAGE (2ull << 20)
#define MAX_RANGES 8000
#define BUF_PAGES 1024
#define RD IOPT_MAP_READABLE

struct range {
	uint64_t start, last;
};

static struct range areas[MAX_RANGES], reserved[16], allowed[8];
static unsigned nr_areas, nr_reserved, nr_allowed;

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static bool intersects(const struct range *list, unsigned n, uint64_t s, uint64_t l)
{
	for (unsigned i = 0; i < n; i++)
		if (list[i].start <= l && list[i].last >= s)
			return true;
	return false;
}

/* Whether any area or reserved range covers an IOVA of [s, l]. */
static bool used(uint64_t s, uint64_t l)
{
	return intersects(areas, nr_areas, s, l) || intersects(reserved, nr_reserved, s, l);
}

/* Reference 3.5.1's test of one free gap [s, l]. */
static bool gap_fits(uint64_t s, uint64_t l, uint64_t length, uint64_t align,
		     uint64_t page_offset, uint64_t *iova)
{
	uint64_t cand;

	if (s + (align - 1) < s)
		return false;
	cand = ((s + align - 1) & ~(align - 1)) | page_offset;
	if (cand >= l || l - cand < length - 1)
		return false;
	*iova = cand;
	return true;
}

/* The lowest gap of [lo, hi] that fits, from the bottom every time. */
static bool model_window(uint64_t lo, uint64_t hi, uint64_t length, uint64_t align,
			 uint64_t page_offset, uint64_t *iova)
{
	static struct range occ[MAX_RANGES + 16];
	unsigned n = 0, i = 0;
	uint64_t pos = lo, end;

	for (unsigned j = 0; j < nr_areas; j++)
		occ[n++] = areas[j];
	for (unsigned j = 0; j < nr_reserved; j++)
		occ[n++] = reserved[j];
	qsort(occ, n, sizeof(occ[0]), cmp_range); /* disjoint: sorted by last too */
	while (pos <= hi) {
		while (i < n && occ[i].last < pos)
			i++;
		if (i < n && occ[i].start <= pos) {
			if (occ[i].last >= hi)
				return false;
			pos = occ[i].last + 1;
			continue;
		}
		end = i < n && occ[i].start - 1 < hi ? occ[i].start - 1 : hi;
		if (gap_fits(pos, end, length, align, page_offset, iova))
			return true;
		if (end >= hi)
			return false;
		pos = end + 1;
	}
	return false;
}

static bool model_place(uint64_t uptr, uint64_t length, uint64_t *iova)
{
	uint64_t align = 1, lo = PAGE, hi = UINT64_MAX - PAGE;

	while (align < length)
		align <<= 1;
	if (uptr && (uptr & -uptr) < align)
		align = uptr & -uptr;
	if (align > HPAGE)
		align = HPAGE;
	if (!nr_allowed)
		return model_window(lo, hi, length, align, uptr % PAGE, iova);
	for (unsigned i = 0; i < nr_allowed; i++) {
		uint64_t ws = allowed[i].start < lo ? lo : allowed[i].start;
		uint64_t wl = allowed[i].last > hi ? hi : allowed[i].last;

		if (ws <= wl && model_window(ws, wl, length, align, uptr % PAGE, iova))
			return true;
	}
	return false;
}

static void model_add(uint64_t start, uint64_t length)
{
	cr_assert_lt(nr_areas, MAX_RANGES);
	areas[nr_areas++] = (struct range){ start, start + length - 1 };
}

static void model_remove(unsigned i)
{
	areas[i] = areas[--nr_areas];
}

static void run(unsigned seed, unsigned ops, bool clears, unsigned prefill)
{
	char *buf = mmap(NULL, BUF_PAGES * PAGE + HPAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *base = (char *)(((uintptr_t)buf + HPAGE - 1) & ~(HPAGE - 1));
	struct iopt_ctx *ctx;
	struct iopt_ioas *ioas;
	unsigned placed = 0, full = 0;

	cr_assert_neq(buf, MAP_FAILED);
	srand(seed);
	nr_areas = nr_reserved = nr_allowed = 0;
	cr_assert_eq(iopt_ctx_new(NULL, &ctx), 0);
	cr_assert_eq(iopt_ioas_new(ctx, NULL, &ioas), 0);
	/* A crowded start: areas of 1-2 pages in slots of 3, so that the
	 * runs between them are 1-2 pages and the tree has three levels. */
	for (unsigned i = 0; i < prefill; i++) {
		uint64_t iova = PAGE * (1 + 3 * (uint64_t)i + rand() % 2), length = PAGE * (1 + rand() % 2);

		if (length == 2 * PAGE && iova % (3 * PAGE) == 2 * PAGE)
			length = PAGE;
		cr_assert_eq(iopt_ioas_map(ioas, base, length, &iova, IOPT_MAP_FIXED_IOVA | RD), 0,
			     "%s", iopt_last_error());
		model_add(iova, length);
	}
	for (unsigned op = 0; op < ops; op++) {
		unsigned r = rand() % 100;

		if (r < 55 && nr_areas < MAX_RANGES) {
			/* Mostly a few pages, sometimes odd lengths and offsets
			 * that lower the alignment, sometimes 2 MiB and more. */
			uint64_t length = (1 + rand() % 6) * PAGE;
			char *uva = base + (rand() % (BUF_PAGES / 2)) * PAGE;
			uint64_t want = 0, iova = 0;
			bool fits;
			int rc;

			if (rand() % 8 == 0)
				length = HPAGE + (rand() % 3) * PAGE;
			else if (rand() % 8 == 0)
				length = 1 + rand() % (3 * PAGE);
			if (rand() % 4 == 0)
				uva += rand() % PAGE;
			fits = model_place((uintptr_t)uva, length, &want);
			rc = iopt_ioas_map(ioas, uva, length, &iova, IOPT_MAP_READABLE);
			if (!fits) {
				cr_assert_eq(rc, -ENOSPC, "op %u: model finds no room, library %d", op, rc);
				full++;
				continue;
			}
			cr_assert_eq(rc, 0, "op %u: %s", op, iopt_last_error());
			cr_assert_eq(iova, want, "op %u: placed 0x%llx, first fit is 0x%llx", op,
				     (unsigned long long)iova, (unsigned long long)want);
			model_add(iova, length);
			placed++;
		} else if (r < 85 && nr_areas) {
			unsigned i = rand() % nr_areas;

			cr_assert_eq(iopt_ioas_unmap(ioas, areas[i].start,
						     areas[i].last - areas[i].start + 1, NULL), 0,
				     "%s", iopt_last_error());
			model_remove(i);
		} else if (r < 95) {
			/* A fixed map somewhere low, where the automatic ones are. */
			uint64_t iova = PAGE * (1 + rand() % 4096), length = PAGE * (1 + rand() % 4);

			if (used(iova, iova + length - 1))
				continue;
			cr_assert_eq(iopt_ioas_map(ioas, base, length, &iova,
						   IOPT_MAP_FIXED_IOVA | IOPT_MAP_READABLE), 0,
				     "%s", iopt_last_error());
			model_add(iova, length);
		} else if (r < 97 && nr_reserved < 16) {
			uint64_t start = PAGE * (rand() % 8192), length = PAGE * (1 + rand() % 8);

			if (used(start, start + length - 1))
				continue;
			if (intersects(allowed, nr_allowed, start, start + length - 1)) {
				cr_assert_eq(iopt_ioas_add_reserved(ioas, start, length), -EADDRINUSE);
				continue;
			}
			cr_assert_eq(iopt_ioas_add_reserved(ioas, start, length), 0, "%s",
				     iopt_last_error());
			reserved[nr_reserved++] = (struct range){ start, start + length - 1 };
		} else if (r < 98) {
			/* New allowed windows (ascending, disjoint), or none. */
			struct iopt_iova_range win[8];
			struct range next[8];
			unsigned nr = rand() % 4;
			bool clash = false;
			uint64_t at = 0;

			for (unsigned i = 0; i < nr; i++) {
				at += PAGE * (rand() % 2048);
				next[i] = (struct range){ at, at + PAGE * (1 + rand() % 4096) - 1 };
				at = next[i].last + 2;
				win[i] = (struct iopt_iova_range){ next[i].start, next[i].last };
				clash |= intersects(reserved, nr_reserved, next[i].start, next[i].last);
			}
			if (clash) {
				cr_assert_eq(iopt_ioas_allow_iovas(ioas, win, nr), -EADDRINUSE);
				continue;
			}
			cr_assert_eq(iopt_ioas_allow_iovas(ioas, win, nr), 0, "%s", iopt_last_error());
			nr_allowed = nr;
			memcpy(allowed, next, sizeof(next));
		} else if (clears && r == 98 && nr_areas && rand() % 4 == 0) {
			cr_assert_eq(iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL), 0);
			nr_areas = 0;
		}
	}
	cr_log_info("seed %u: %u placed, %u found no room, %u areas at the end", seed, placed,
		    full, nr_areas);
	cr_assert_gt(placed, ops / 4, "the run placed areas");
	iopt_ioas_free(ioas);
	iopt_ctx_free(ctx);
	munmap(buf, BUF_PAGES * PAGE + HPAGE);
}

Test(auto_iova, first_fit_with_unmaps_of_everything) { run(1, 3000, true, 0); }
Test(auto_iova, first_fit_with_unmaps_of_everything_2) { run(2, 3000, true, 0); }
/* No clearing: the IOAS grows to several hundred areas. */
Test(auto_iova, first_fit_in_a_growing_ioas) { run(3, 4000, false, 0); }
/* Thousands of short runs below: the search must skip them, and find the
 * ones that unmaps widen. */
Test(auto_iova, first_fit_past_thousands_of_short_runs) { run(4, 1500, false, 6000); }
