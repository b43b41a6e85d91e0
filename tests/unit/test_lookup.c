// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iopt_ioas_area_lookup() is instantiated once per node search (vector and
 * portable): both against a model of the mapped areas, at tree shapes
 * where the root takes the one-step search (up to 16 children) and the
 * two-step one, with hits at both ends of areas and misses in the holes.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "libiopt.h"
#include "testing.h"

#define PAGE 4096ull
#define MAX_AREAS 3000

struct model_area {
	uint64_t iova, length, user_va;
	uint32_t flags;
};

static struct model_area model[MAX_AREAS];
static unsigned model_n;
static char *buf;
static uint64_t base; /* IOVA of the first area */

/* The area containing x, or NULL. model[] is sorted by IOVA. */
static const struct model_area *model_find(uint64_t x)
{
	unsigned lo = 0, hi = model_n;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (model[mid].iova <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo && x - model[lo - 1].iova < model[lo - 1].length)
		return &model[lo - 1];
	return NULL;
}

static void check_one(struct iopt_ioas *ioas, uint64_t x)
{
	const struct model_area *want = model_find(x);
	struct iopt_area_info info = { .size = sizeof(info) };
	int rc = iopt_ioas_area_lookup(ioas, x, &info);

	if (!want) {
		cr_assert_eq(rc, -ENOENT, "IOVA 0x%llx is in no area", (unsigned long long)x);
		return;
	}
	cr_assert_eq(rc, 0, "IOVA 0x%llx: %s", (unsigned long long)x, iopt_last_error());
	cr_assert_eq(info.size, sizeof(info));
	cr_assert_eq(info.iova, want->iova);
	cr_assert_eq(info.length, want->length);
	cr_assert_eq(info.user_va, want->user_va);
	cr_assert_eq(info.flags, want->flags);
}

static void check_all(struct iopt_ioas *ioas)
{
	for (unsigned i = 0; i < model_n; i++) {
		const struct model_area *a = &model[i];

		check_one(ioas, a->iova);
		check_one(ioas, a->iova + a->length - 1);
		check_one(ioas, a->iova + a->length); /* the hole after it */
		if (a->iova)
			check_one(ioas, a->iova - 1);
	}
	check_one(ioas, 0);
	check_one(ioas, UINT64_MAX);
	for (unsigned q = 0; q < 2000; q++)
		check_one(ioas, base - (1ull << 24) + ((uint64_t)rand() << 16 ^ (uint64_t)rand()) % (1ull << 30));
}

/* Areas of 1-3 pages with holes of 1-2 pages, varied protection. */
static void map_areas(struct iopt_ioas *ioas, unsigned n)
{
	uint64_t iova = base;

	model_n = 0;
	for (unsigned i = 0; i < n; i++) {
		uint64_t length = (1 + rand() % 3) * PAGE;
		uint32_t flags = i % 3 ? IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE : IOPT_MAP_READABLE;
		uint64_t at = iova;
		char *uva = buf + rand() % 64;

		cr_assert_eq(iopt_ioas_map(ioas, uva, length, &at, IOPT_MAP_FIXED_IOVA | flags), 0,
			     "%s", iopt_last_error());
		model[model_n++] = (struct model_area){ iova, length, (uintptr_t)uva, flags };
		iova += length + (1 + rand() % 2) * PAGE;
	}
}

static void run_at(uint64_t first_iova, unsigned n)
{
	struct iopt_ctx *ctx;
	struct iopt_ioas *ioas;
	unsigned kept;
	bool have_simd;

	buf = mmap(NULL, 4 * PAGE + 64, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_neq(buf, MAP_FAILED);
	srand(n);
	base = first_iova;
	cr_assert_eq(iopt_ctx_new(NULL, &ctx), 0);
	cr_assert_eq(iopt_ioas_new(ctx, NULL, &ioas), 0);
	map_areas(ioas, n);
	have_simd = iopt_test_use_simd(false);
	check_all(ioas);
	if (have_simd) {
		iopt_test_use_simd(true);
		check_all(ioas);
	} else {
		cr_log_warn("no vector search on this CPU: only the portable one was checked");
	}
	/* Drop every other area: lookups on a tree with sparser leaves. */
	kept = 0;
	for (unsigned i = 0; i < model_n; i++) {
		if (i % 2)
			cr_assert_eq(iopt_ioas_unmap(ioas, model[i].iova, model[i].length, NULL), 0);
		else
			model[kept++] = model[i];
	}
	model_n = kept;
	check_all(ioas);
	iopt_test_use_simd(false);
	check_all(ioas);
	iopt_test_use_simd(true);
	iopt_ioas_free(ioas);
	iopt_ctx_free(ctx);
	munmap(buf, 4 * PAGE + 64);
}

static void run(unsigned n)
{
	run_at((1ull << 32) - 10 * PAGE, n);
}

Test(lookup, empty_and_single_leaf) { run(0); run(1); run(40); }
/* Keys are stored with the top bit flipped: areas on both sides of 2^63. */
Test(lookup, areas_across_the_top_bit) { run_at((1ull << 63) - 1500 * 3 * PAGE, MAX_AREAS); }
Test(lookup, root_of_up_to_16_children) { run(700); }
Test(lookup, root_of_more_than_16_children) { run(MAX_AREAS); }
