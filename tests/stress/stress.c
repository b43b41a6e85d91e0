// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Concurrency stress (mock backend): threads map, unmap, copy and look up in
 * one IOAS at the same time; afterwards the final state is checked exactly
 * against what the threads recorded.
 *
 *  - disjoint: each thread owns a region and keeps an exact model of it;
 *    every result (0 / EEXIST / ENOENT / EPERM, bytes unmapped, lookups) must
 *    match the model while the others hammer their own regions; at the end
 *    the IOAS must hold exactly the union of the models.
 *  - overlapping: all threads share one region; EEXIST and ENOENT are the
 *    only failures allowed. Every map uses a unique (never touched) user
 *    address, so each final area can be traced to the map that made it;
 *    bytes mapped - bytes unmapped must equal the bytes left; lock-free
 *    lookups running alongside must only ever see areas that were mapped.
 *  - ioas churn: threads create, fill and free their own IOASes in one ctx.
 *
 * $IOPT_STRESS_OPS scales the number of operations per thread.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libiopt.h"
#include "snapshot.h"

#define RO IOPT_MAP_READABLE
#define RW (IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE)
#define FIXED IOPT_MAP_FIXED_IOVA
#define PG 4096ull

static unsigned ops_per_thread(unsigned dflt)
{
	const char *e = getenv("IOPT_STRESS_OPS");

	return e && atoi(e) > 0 ? (unsigned)atoi(e) : dflt;
}

static uint64_t rnd(uint64_t *st)
{
	/* xorshift64* */
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * 2685821657736338717ull;
}

static struct iopt_ctx *new_ctx(void)
{
	struct iopt_ctx *ctx = NULL;

	cr_assert_eq(iopt_ctx_new(NULL, &ctx), 0, "iopt_ctx_new: %s", iopt_last_error());
	return ctx;
}

static struct iopt_ioas *new_ioas(struct iopt_ctx *ctx)
{
	struct iopt_ioas *ioas = NULL;

	cr_assert_eq(iopt_ioas_new(ctx, NULL, &ioas), 0, "iopt_ioas_new: %s", iopt_last_error());
	return ioas;
}

/* ------------------------------------------------------------------ */
/* disjoint regions, exact per-thread model                            */

#define D_THREADS 8
#define D_SLOTS 128
#define D_STRIDE (4 * PG)

struct d_slot {
	bool used;
	uint64_t len, uva;
	uint32_t flags;
	/* the pages (shared by copies) were mapped writeable */
	bool pages_w;
};

struct d_thread {
	pthread_t tid;
	struct iopt_ioas *ioas;
	int id;
	unsigned ops;
	uint64_t base;
	struct d_slot slot[D_SLOTS];
	char err[512];
	unsigned done[5];
};

#define D_FAIL(t, ...)                                                           \
	do {                                                                     \
		snprintf((t)->err, sizeof((t)->err), __VA_ARGS__);               \
		return NULL;                                                     \
	} while (0)

static void *d_worker(void *arg)
{
	struct d_thread *t = arg;
	uint64_t st = 0x9e3779b97f4a7c15ull * (t->id + 1);

	for (unsigned op = 0; op < t->ops; op++) {
		unsigned k = rnd(&st) % D_SLOTS, k2 = rnd(&st) % D_SLOTS;
		struct d_slot *sl = &t->slot[k], *s2 = &t->slot[k2];
		uint64_t at = t->base + k * D_STRIDE, at2 = t->base + k2 * D_STRIDE;
		uint64_t iova = at, unmapped = 0;
		int rc, want;

		switch (rnd(&st) % 5) {
		case 0: { /* fixed map */
			uint64_t len = PG << (rnd(&st) % 3);
			uint64_t uva = 0x10000000000ull + ((uint64_t)t->id << 32) + op * PG;
			uint32_t flags = rnd(&st) & 1 ? RW : RO;

			rc = iopt_ioas_map(t->ioas, (void *)(uintptr_t)uva, len, &iova, flags | FIXED);
			want = sl->used ? -EEXIST : 0;
			if (rc != want)
				D_FAIL(t, "t%d op%u: map slot %u -> %d, model says %d (%s)", t->id, op,
				       k, rc, want, iopt_last_error());
			if (!rc)
				*sl = (struct d_slot){ true, len, uva, flags,
						       !!(flags & IOPT_MAP_WRITEABLE) };
			break;
		}
		case 1: /* unmap one slot */
			rc = iopt_ioas_unmap(t->ioas, at, D_STRIDE, &unmapped);
			want = sl->used ? 0 : -ENOENT;
			if (rc != want || (!rc && unmapped != sl->len))
				D_FAIL(t, "t%d op%u: unmap slot %u -> %d (%" PRIu64 " bytes), model %d (%"
				       PRIu64 ")", t->id, op, k, rc, unmapped, want, sl->len);
			sl->used = false;
			break;
		case 2: { /* unmap two neighbouring slots */
			unsigned k1 = k == D_SLOTS - 1 ? k - 1 : k;
			struct d_slot *a = &t->slot[k1], *b = &t->slot[k1 + 1];
			uint64_t expect = (a->used ? a->len : 0) + (b->used ? b->len : 0);

			rc = iopt_ioas_unmap(t->ioas, t->base + k1 * D_STRIDE, 2 * D_STRIDE, &unmapped);
			want = expect ? 0 : -ENOENT;
			if (rc != want || (!rc && unmapped != expect))
				D_FAIL(t, "t%d op%u: unmap slots %u+1 -> %d (%" PRIu64 "), model %d (%"
				       PRIu64 ")", t->id, op, k1, rc, unmapped, want, expect);
			a->used = b->used = false;
			break;
		}
		case 3: { /* copy the first page of slot k to slot k2 */
			uint32_t flags = rnd(&st) & 1 ? RW : RO;

			iova = at2;
			rc = iopt_ioas_copy(t->ioas, &iova, t->ioas, at, PG, flags | FIXED);
			if (!sl->used)
				want = -ENOENT;
			else if (s2->used)
				want = -EEXIST;
			else if ((flags & IOPT_MAP_WRITEABLE) && !sl->pages_w)
				want = -EPERM;
			else
				want = 0;
			if (rc != want)
				D_FAIL(t, "t%d op%u: copy slot %u -> %u gives %d, model %d (%s)", t->id,
				       op, k, k2, rc, want, iopt_last_error());
			if (!rc)
				*s2 = (struct d_slot){ true, PG, sl->uva, flags, sl->pages_w };
			break;
		}
		case 4: { /* lookup inside the slot */
			struct iopt_area_info info = { .size = sizeof(info) };
			uint64_t off = rnd(&st) % D_STRIDE;

			rc = iopt_ioas_area_lookup(t->ioas, at + off, &info);
			want = sl->used && off < sl->len ? 0 : -ENOENT;
			if (rc != want)
				D_FAIL(t, "t%d op%u: lookup slot %u+0x%" PRIx64 " -> %d, model %d", t->id,
				       op, k, off, rc, want);
			if (!rc && (info.iova != at || info.length != sl->len ||
				    info.user_va != sl->uva || info.flags != sl->flags))
				D_FAIL(t, "t%d op%u: lookup slot %u: area 0x%" PRIx64 "+0x%" PRIx64
				       " uva 0x%" PRIx64 " f%u, model len 0x%" PRIx64 " uva 0x%" PRIx64
				       " f%u", t->id, op, k, info.iova, info.length, info.user_va,
				       info.flags, sl->len, sl->uva, sl->flags);
			break;
		}
		}
	}
	return NULL;
}

static int cmp_area(const void *a, const void *b)
{
	const struct iopt_area_info *x = a, *y = b;

	return x->iova < y->iova ? -1 : x->iova > y->iova;
}

Test(stress, disjoint_regions_exact_model, .timeout = 120)
{
	struct iopt_ctx *ctx = new_ctx();
	struct iopt_ioas *ioas = new_ioas(ctx);
	static struct d_thread th[D_THREADS];
	struct iopt_area_info *exp;
	struct snap_collect got = { 0 };
	size_t n = 0;

	for (int i = 0; i < D_THREADS; i++) {
		th[i] = (struct d_thread){ .ioas = ioas, .id = i, .ops = ops_per_thread(50000),
					   .base = 0x100000000ull * (i + 1) };
		cr_assert_eq(pthread_create(&th[i].tid, NULL, d_worker, &th[i]), 0);
	}
	for (int i = 0; i < D_THREADS; i++)
		pthread_join(th[i].tid, NULL);
	for (int i = 0; i < D_THREADS; i++)
		cr_expect(!th[i].err[0], "%s", th[i].err);
	for (int i = 0; i < D_THREADS; i++)
		if (th[i].err[0])
			cr_assert_fail("a worker disagreed with its model");

	exp = calloc(D_THREADS * D_SLOTS, sizeof(*exp));
	for (int i = 0; i < D_THREADS; i++)
		for (int k = 0; k < D_SLOTS; k++)
			if (th[i].slot[k].used)
				exp[n++] = (struct iopt_area_info){
					.size = sizeof(*exp), .flags = th[i].slot[k].flags,
					.iova = th[i].base + k * D_STRIDE,
					.length = th[i].slot[k].len, .user_va = th[i].slot[k].uva };
	qsort(exp, n, sizeof(*exp), cmp_area);
	cr_assert_eq(iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, snap_collect_fn, &got), 0);
	cr_assert_eq(got.n, n, "final area count %zu, the threads' models say %zu", got.n, n);
	for (size_t i = 0; i < n; i++)
		cr_assert(got.a[i].iova == exp[i].iova && got.a[i].length == exp[i].length &&
			  got.a[i].user_va == exp[i].user_va && got.a[i].flags == exp[i].flags,
			  "area %zu: got 0x%" PRIx64 "+0x%" PRIx64 " uva 0x%" PRIx64 " f%u, expected 0x%"
			  PRIx64 "+0x%" PRIx64 " uva 0x%" PRIx64 " f%u", i, got.a[i].iova,
			  got.a[i].length, got.a[i].user_va, got.a[i].flags, exp[i].iova,
			  exp[i].length, exp[i].user_va, exp[i].flags);
	free(exp);
	free(got.a);
	iopt_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* overlapping: one shared region                                      */

#define O_WRITERS 6
#define O_READERS 2
#define O_SLOTS 64
#define O_REGION 0x40000000ull
#define O_MAX_OPS 200000

/* What each map attempt was: indexed by (thread, op), published before the
 * call so lookups can verify whatever they see. */
struct o_rec {
	_Atomic uint64_t iova;
	_Atomic uint64_t length;
	_Atomic uint32_t flags;
	_Atomic bool ok;
};

struct o_shared {
	struct iopt_ioas *ioas;
	unsigned ops;
	struct o_rec *rec; /* [O_WRITERS][ops] */
	atomic_bool stop;
	atomic_ulong lookups_hit;
};

struct o_thread {
	pthread_t tid;
	struct o_shared *sh;
	int id;
	uint64_t mapped_bytes, unmapped_bytes;
	unsigned maps_ok, eexist, enoent, other;
	char err[512];
};

/* A unique, never touched user address encodes (thread, op). */
static uint64_t o_uva(int id, unsigned op)
{
	return 0x200000000000ull + ((uint64_t)id << 36) + (uint64_t)op * PG;
}

static bool o_decode(const struct o_shared *sh, uint64_t uva, int *id, unsigned *op)
{
	uint64_t v = uva - 0x200000000000ull;

	if (uva < 0x200000000000ull || v % PG)
		return false;
	*id = (int)(v >> 36);
	*op = (unsigned)((v & ((1ull << 36) - 1)) / PG);
	return *id >= 0 && *id < O_WRITERS && *op < sh->ops;
}

static void *o_writer(void *arg)
{
	struct o_thread *t = arg;
	struct o_shared *sh = t->sh;
	uint64_t st = 0x2545f4914f6cdd1dull * (t->id + 7);

	for (unsigned op = 0; op < sh->ops; op++) {
		unsigned k = rnd(&st) % O_SLOTS, choice = rnd(&st) % 8;
		uint64_t iova, unmapped = 0, len;
		int rc;

		if (choice < 4) { /* map 1 or 2 slots, fixed or automatic */
			struct o_rec *r = &sh->rec[(size_t)t->id * sh->ops + op];
			bool fixed = choice < 3;
			uint32_t flags = choice & 1 ? RW : RO;

			len = (rnd(&st) & 1) ? PG : 2 * PG;
			iova = O_REGION + k * PG;
			rc = iopt_ioas_map(sh->ioas, (void *)(uintptr_t)o_uva(t->id, op), len, &iova,
					   flags | (fixed ? FIXED : 0));
			if (rc == 0) {
				atomic_store(&r->iova, iova);
				atomic_store(&r->length, len);
				atomic_store(&r->flags, flags);
				atomic_store(&r->ok, true);
				t->maps_ok++;
				t->mapped_bytes += len;
			} else if (rc == -EEXIST && fixed) {
				t->eexist++;
			} else if (rc == -ENOSPC && !fixed) {
				/* the shared window is full: fine for an automatic map */
			} else {
				snprintf(t->err, sizeof(t->err), "t%d op%u: map -> %d (%s)", t->id, op,
					 rc, iopt_last_error());
				return NULL;
			}
		} else { /* unmap 1..3 slots */
			unsigned n = 1 + rnd(&st) % 3;

			rc = iopt_ioas_unmap(sh->ioas, O_REGION + k * PG, n * PG, &unmapped);
			if (rc == 0) {
				t->unmapped_bytes += unmapped;
			} else if (rc == -ENOENT) {
				t->enoent++;
			} else {
				snprintf(t->err, sizeof(t->err), "t%d op%u: unmap -> %d (%s)", t->id, op,
					 rc, iopt_last_error());
				return NULL;
			}
		}
	}
	return NULL;
}

/* Lock-free lookups: whatever they see must be an area some map made. */
static void *o_reader(void *arg)
{
	struct o_thread *t = arg;
	struct o_shared *sh = t->sh;
	uint64_t st = 0x1234567ull * (t->id + 3);

	while (!atomic_load(&sh->stop)) {
		struct iopt_area_info info = { .size = sizeof(info) };
		uint64_t q = O_REGION + rnd(&st) % ((O_SLOTS + 2) * PG);
		int rc = iopt_ioas_area_lookup(sh->ioas, q, &info), id = 0;
		unsigned op = 0;

		if (rc == -ENOENT)
			continue;
		if (rc) {
			snprintf(t->err, sizeof(t->err), "lookup(0x%" PRIx64 ") -> %d", q, rc);
			return NULL;
		}
		atomic_fetch_add(&sh->lookups_hit, 1);
		if (q < info.iova || q - info.iova >= info.length || !o_decode(sh, info.user_va, &id, &op)) {
			snprintf(t->err, sizeof(t->err), "lookup(0x%" PRIx64 ") gave a bogus area 0x%"
				 PRIx64 "+0x%" PRIx64 " uva 0x%" PRIx64, q, info.iova, info.length,
				 info.user_va);
			return NULL;
		}
		/* The writer records after the call returns, so only check what
		 * is already recorded. */
		struct o_rec *r = &sh->rec[(size_t)id * sh->ops + op];
		if (atomic_load(&r->ok) &&
		    (atomic_load(&r->iova) != info.iova || atomic_load(&r->length) != info.length ||
		     atomic_load(&r->flags) != info.flags)) {
			snprintf(t->err, sizeof(t->err), "lookup(0x%" PRIx64 "): area 0x%" PRIx64
				 "+0x%" PRIx64 " f%u does not match its map (0x%" PRIx64 "+0x%" PRIx64
				 " f%u)", q, info.iova, info.length, info.flags,
				 atomic_load(&r->iova), atomic_load(&r->length), atomic_load(&r->flags));
			return NULL;
		}
	}
	return NULL;
}

Test(stress, overlapping_ranges_with_lookups, .timeout = 120)
{
	struct iopt_ctx *ctx = new_ctx();
	struct iopt_ioas *ioas = new_ioas(ctx);
	/* automatic maps stay inside the shared region */
	const struct iopt_iova_range win = { O_REGION, O_REGION + O_SLOTS * PG - 1 };
	struct o_shared sh = { .ioas = ioas, .ops = ops_per_thread(50000) };
	static struct o_thread th[O_WRITERS + O_READERS];
	struct snap_collect got = { 0 };
	uint64_t mapped = 0, unmapped = 0, left = 0;
	unsigned maps = 0, eexist = 0, enoent = 0;

	if (sh.ops > O_MAX_OPS)
		sh.ops = O_MAX_OPS;
	sh.rec = calloc((size_t)O_WRITERS * sh.ops, sizeof(*sh.rec));
	cr_assert(sh.rec);
	cr_assert_eq(iopt_ioas_allow_iovas(ioas, &win, 1), 0);
	for (int i = 0; i < O_WRITERS + O_READERS; i++) {
		th[i] = (struct o_thread){ .sh = &sh, .id = i };
		cr_assert_eq(pthread_create(&th[i].tid, NULL, i < O_WRITERS ? o_writer : o_reader,
					    &th[i]), 0);
	}
	for (int i = 0; i < O_WRITERS; i++)
		pthread_join(th[i].tid, NULL);
	atomic_store(&sh.stop, true);
	for (int i = O_WRITERS; i < O_WRITERS + O_READERS; i++)
		pthread_join(th[i].tid, NULL);
	for (int i = 0; i < O_WRITERS + O_READERS; i++)
		cr_expect(!th[i].err[0], "%s", th[i].err);
	for (int i = 0; i < O_WRITERS + O_READERS; i++)
		if (th[i].err[0])
			cr_assert_fail("a thread saw something it should not have");
	for (int i = 0; i < O_WRITERS; i++) {
		mapped += th[i].mapped_bytes;
		unmapped += th[i].unmapped_bytes;
		maps += th[i].maps_ok;
		eexist += th[i].eexist;
		enoent += th[i].enoent;
	}
	/* The run must have exercised both outcomes. */
	cr_expect(maps > 100 && eexist > 100 && enoent > 100,
		  "weak run: %u maps, %u EEXIST, %u ENOENT", maps, eexist, enoent);

	/* Final state: every area traces back to a successful map of exactly
	 * that range; areas do not overlap; the bytes add up. */
	cr_assert_eq(iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, snap_collect_fn, &got), 0);
	for (size_t i = 0; i < got.n; i++) {
		const struct iopt_area_info *a = &got.a[i];
		int id = 0;
		unsigned op = 0;

		cr_assert(o_decode(&sh, a->user_va, &id, &op), "area %zu: unknown uva 0x%" PRIx64,
			  i, a->user_va);
		struct o_rec *r = &sh.rec[(size_t)id * sh.ops + op];
		cr_assert(atomic_load(&r->ok) && r->iova == a->iova && r->length == a->length &&
			  r->flags == a->flags,
			  "area 0x%" PRIx64 "+0x%" PRIx64 " f%u was not made by map t%d op%u",
			  a->iova, a->length, a->flags, id, op);
		if (i)
			cr_assert(got.a[i - 1].iova + got.a[i - 1].length <= a->iova,
				  "areas %zu and %zu overlap", i - 1, i);
		cr_assert(a->iova >= O_REGION && a->iova + a->length <= O_REGION + (O_SLOTS + 1) * PG,
			  "area 0x%" PRIx64 " outside the region", a->iova);
		left += a->length;
	}
	cr_assert_eq(mapped - unmapped, left,
		     "mapped %" PRIu64 " - unmapped %" PRIu64 " != %" PRIu64 " bytes left",
		     mapped, unmapped, left);
	cr_log_info("overlapping: %u maps, %u EEXIST, %u ENOENT, %lu lookup hits, %zu areas left",
		    maps, eexist, enoent, atomic_load(&sh.lookups_hit), got.n);
	free(got.a);
	free(sh.rec);
	iopt_ctx_free(ctx);
}

/* ------------------------------------------------------------------ */
/* IOAS churn in one context                                           */

struct c_thread {
	pthread_t tid;
	struct iopt_ctx *ctx;
	int id;
	char err[256];
};

static void *c_worker(void *arg)
{
	struct c_thread *t = arg;

	for (int round = 0; round < 200; round++) {
		struct iopt_ioas *a = NULL, *b = NULL;
		uint64_t iova;
		int rc;

		if ((rc = iopt_ioas_new(t->ctx, NULL, &a)) || (rc = iopt_ioas_new(t->ctx, NULL, &b))) {
			snprintf(t->err, sizeof(t->err), "ioas_new -> %d", rc);
			return NULL;
		}
		for (int i = 0; i < 50; i++) {
			iova = 0;
			rc = iopt_ioas_map(a, (void *)(uintptr_t)(0x100000000ull + i * PG), PG, &iova, RW);
			if (rc || iova != (uint64_t)(i + 1) * PG) {
				snprintf(t->err, sizeof(t->err), "auto map %d -> %d at 0x%" PRIx64, i,
					 rc, iova);
				return NULL;
			}
		}
		iova = 0;
		rc = iopt_ioas_copy(b, &iova, a, PG, 50 * PG, RO);
		/* 50 pages: aligned to roundup_pow_of_two(50) pages */
		if (rc || iova != 64 * PG) {
			snprintf(t->err, sizeof(t->err), "copy -> %d at 0x%" PRIx64, rc, iova);
			return NULL;
		}
		if (round & 1)
			iopt_ioas_free(a);
		else
			iopt_ioas_free(b);
		iopt_ioas_free(round & 1 ? b : a);
	}
	return NULL;
}

Test(stress, ioas_churn_in_one_ctx, .timeout = 120)
{
	struct iopt_ctx *ctx = new_ctx();
	static struct c_thread th[8];

	for (int i = 0; i < 8; i++) {
		th[i] = (struct c_thread){ .ctx = ctx, .id = i };
		cr_assert_eq(pthread_create(&th[i].tid, NULL, c_worker, &th[i]), 0);
	}
	for (int i = 0; i < 8; i++)
		pthread_join(th[i].tid, NULL);
	for (int i = 0; i < 8; i++)
		cr_expect(!th[i].err[0], "t%d: %s", i, th[i].err);
	iopt_ctx_free(ctx);
}
