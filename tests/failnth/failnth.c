// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fail-nth sweep: every public operation replayed with its 1st, 2nd, ...
 * fault point (internal allocation) failing. For each n:
 *   - a fresh, non-trivial state is built (nothing armed),
 *   - snapshotted through the public API (areas with all fields, IOVA
 *     ranges + alignment, options, automatic-placement probes; snapshot.h),
 *   - the live allocation count is read,
 *   - iopt_test_fail_nth(n) is armed and the operation runs;
 *   - if it failed: the errno is -ENOMEM, the armed failure did fire, a
 *     message is set, every IOAS snapshot equals the one before and the live
 *     allocation count is unchanged (nothing leaked);
 *   - if it succeeded although the failure fired: the result equals that of
 *     an unarmed run;
 *   - the sweep ends when the operation succeeds without the failure firing;
 *     at least one n must have fired (no vacuous pass).
 * After every teardown the live count is back to where it started.
 *
 * On the kernel backend (run in the VM, built with -DSCN_STANDALONE as
 * scenarios of the conformance runner) the kernel is asked too, with raw
 * ioctls: after a failed operation it still maps every area of the state
 * before and none of the areas the operation would have added.
 *
 * Needs the test build of the library (-DIOPT_TESTING, src/testing.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel_probe.h"
#include "libiopt.h"
#include "snapshot.h"
#include "testing.h"

#ifdef SCN_STANDALONE
/* The conformance runner: each sweep a scenario, in a child of its own. */
#include <stdarg.h>

#include "scenario.h"

static void fail_at(const char *file, int line, const char *cond, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	scn_fail_at(file, line, "%s", msg[0] ? msg : cond);
}

#define cr_assert(cond, ...)                                                     \
	do {                                                                     \
		if (!(cond))                                                     \
			fail_at(__FILE__, __LINE__, #cond, "" __VA_ARGS__);      \
	} while (0)
#define cr_assert_eq(a, b, ...) cr_assert((a) == (b), __VA_ARGS__)
#define cr_log_info(...) (fprintf(stderr, __VA_ARGS__), fputc('\n', stderr))
/* A sweep on the backend of the runner's fixture. */
#define SWEEP_TEST(name) SCENARIO(failnth, name)
#define SWEEP_BEGIN() (fx_backend = s->backend)
#else
#include <criterion/criterion.h>
#define SWEEP_TEST(name) Test(failnth, name)
#define SWEEP_BEGIN() ((void)0)
#endif

/* Where the sweeps' contexts live: the mock, or the kernel in the VM. */
static int fx_backend = IOPT_BACKEND_MOCK;

static int fx_ctx_new(struct iopt_ctx **out)
{
	struct iopt_ctx_opts o = { .size = sizeof(o), .backend = fx_backend };

	return iopt_ctx_new(&o, out);
}

#ifndef SCN_STANDALONE /* scenario.h has them */
#define RO IOPT_MAP_READABLE
#define RW (IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE)
#define FIXED IOPT_MAP_FIXED_IOVA
#endif
#define PG 4096ull
#define MAX_N 100000
#define UVA(x) ((void *)(uintptr_t)(0x7000000000ull + (x)))

struct fx {
	struct iopt_ctx *ctx;
	struct iopt_ioas *a, *b;
	/* outputs of the operation, compared between runs */
	struct iopt_ctx *new_ctx;
	struct iopt_ioas *new_ioas;
	uint64_t iova, bytes;
	uint32_t num;
	struct iopt_iova_range ranges[16];
	uint64_t align;
	size_t count;
};

#define CHECK(expr)                                                              \
	do {                                                                     \
		int rc_ = (expr);                                                \
		cr_assert_eq(rc_, 0, "setup: %s -> %d (%s)", #expr, rc_, iopt_last_error()); \
	} while (0)

static void map_fixed(struct iopt_ioas *ioas, uint64_t uva_off, uint64_t len, uint64_t iova,
		      uint32_t flags)
{
	CHECK(iopt_ioas_map(ioas, UVA(uva_off), len, &iova, flags | FIXED));
}

/* A non-trivial state: reserved and allowed ranges, fixed, automatic,
 * adjacent, sub-page and copied areas in two IOASes. */
static void setup(struct fx *f)
{
	const struct iopt_iova_range allow[] = { { 0x100000, 0x7fffff },
						 { 0x10000000, 0x1fffffff } };
	uint64_t iova;

	memset(f, 0, sizeof(*f));
	CHECK(fx_ctx_new(&f->ctx));
	CHECK(iopt_ioas_new(f->ctx, NULL, &f->a));
	CHECK(iopt_ioas_new(f->ctx, NULL, &f->b));
	CHECK(iopt_ioas_add_reserved(f->a, 0x800000, 0x100000));
	CHECK(iopt_ioas_add_reserved(f->a, 0x40000000, PG));
	CHECK(iopt_ioas_allow_iovas(f->a, allow, 2));
	map_fixed(f->a, 0, 4 * PG, 0x100000, RW);
	map_fixed(f->a, 0x10000, 2 * PG, 0x100000 + 4 * PG, RO);
	map_fixed(f->a, 0x20000, 3 * PG, 0x100000 + 6 * PG, RW);
	map_fixed(f->a, 0x30000, PG, 0x200000, RW);
	map_fixed(f->a, 0x40123, 0x10, 0x300000, RW);
	map_fixed(f->a, 0x50000, PG, 0x900000, RW); /* outside the allowed list */
	for (int i = 0; i < 4; i++) {
		iova = 0;
		CHECK(iopt_ioas_map(f->a, UVA(0x100000 + i * 0x10000), 2 * PG, &iova, RW));
	}
	for (int i = 0; i < 8; i++)
		map_fixed(f->b, 0x200000 + i * PG, PG, 0x10000 + 2 * i * PG, i & 1 ? RO : RW);
	iova = 0x50000;
	CHECK(iopt_ioas_copy(f->b, &iova, f->a, 0x100000 + 2 * PG, 6 * PG, RO | FIXED));
}

static void teardown(struct fx *f)
{
	if (f->new_ioas)
		iopt_ioas_free(f->new_ioas);
	iopt_ctx_free(f->new_ctx);
	iopt_ctx_free(f->ctx);
	memset(f, 0, sizeof(*f));
}

struct state {
	struct snap a, b;
};

static void take(struct fx *f, struct state *st)
{
	snap_take(f->a, &st->a, true);
	snap_take(f->b, &st->b, true);
}

static void drop(struct state *st)
{
	snap_free(&st->a);
	snap_free(&st->b);
}

static bool same(const struct state *x, const struct state *y, char *why, size_t len)
{
	char w[400];

	if (!snap_equal(&x->a, &y->a, w, sizeof(w))) {
		snprintf(why, len, "IOAS a: %s", w);
		return false;
	}
	if (!snap_equal(&x->b, &y->b, w, sizeof(w))) {
		snprintf(why, len, "IOAS b: %s", w);
		return false;
	}
	return true;
}

static bool has_area(const struct snap *s, const struct iopt_area_info *a)
{
	for (size_t i = 0; i < s->nareas; i++)
		if (s->areas[i].iova == a->iova && s->areas[i].length == a->length)
			return true;
	return false;
}

static void kernel_agrees_on(const char *name, unsigned long n, struct iopt_ioas *ioas,
			     const char *which, const struct snap *want, const struct snap *other)
{
	for (size_t i = 0; i < want->nareas; i++) {
		const struct iopt_area_info *a = &want->areas[i];
		int rc = kernel_maps(ioas, a->iova, a->length);

		cr_assert_eq(rc, 0, "%s: fail-nth %lu: IOAS %s: the kernel does not map the "
			     "mirror's area [0x%" PRIx64 ", +0x%" PRIx64 "): %d", name, n, which,
			     a->iova, a->length, rc);
	}
	for (size_t i = 0; i < other->nareas; i++) {
		const struct iopt_area_info *a = &other->areas[i];
		int rc;

		if (has_area(want, a))
			continue;
		rc = kernel_maps(ioas, a->iova, 1);
		cr_assert_eq(rc, -ENOENT, "%s: fail-nth %lu: IOAS %s: the kernel maps 0x%" PRIx64
			     ", which the mirror does not (%d)", name, n, which, a->iova, rc);
	}
}

/* On the kernel backend: the kernel maps every area of `want` and not the
 * first byte of any area of `other` that `want` lacks. */
static void kernel_agrees(const char *name, unsigned long n, struct fx *f,
			  const struct state *want, const struct state *other)
{
	if (fx_backend != IOPT_BACKEND_KERNEL)
		return;
	kernel_agrees_on(name, n, f->a, "a", &want->a, &other->a);
	kernel_agrees_on(name, n, f->b, "b", &want->b, &other->b);
}

typedef int (*op_fn)(struct fx *f);
typedef void (*setup_fn)(struct fx *f);

static setup_fn cur_setup = setup;
static bool quiet;

static void sweep(const char *name, op_fn op)
{
	struct fx f;
	struct state ref_before, ref_after, before, after;
	char why[512];
	long base_live, live0, live1;
	unsigned long n, fired_count = 0, tolerated = 0, points;
	int rc;

	/* Reference: the unarmed run. */
	iopt_test_fail_nth(0);
	base_live = iopt_test_live_allocs();
	cur_setup(&f);
	take(&f, &ref_before);
	iopt_test_fail_nth(0); /* resets the fault point counter */
	rc = op(&f);
	points = iopt_test_fault_points();
	cr_assert_eq(rc, 0, "%s: the unarmed operation fails: %d (%s)", name, rc,
		     iopt_last_error());
	take(&f, &ref_after);
	cr_assert(!same(&ref_before, &ref_after, why, sizeof(why)) || f.new_ctx || f.new_ioas ||
		  f.num || f.count, "%s: the operation changes nothing: a useless sweep", name);
	kernel_agrees(name, 0, &f, &ref_after, &ref_before);
	teardown(&f);
	cr_assert_eq(iopt_test_live_allocs(), base_live, "%s: unarmed run leaks %ld blocks", name,
		     iopt_test_live_allocs() - base_live);

	for (n = 1; n <= MAX_N; n++) {
		bool fired;

		cur_setup(&f);
		take(&f, &before);
		cr_assert(same(&ref_before, &before, why, sizeof(why)),
			  "%s: setup is not deterministic: %s", name, why);
		live0 = iopt_test_live_allocs();
		iopt_test_fail_nth(n);
		rc = op(&f);
		fired = iopt_test_fail_fired();
		iopt_test_fail_nth(0);
		if (fired)
			fired_count++;
		if (rc) {
			live1 = iopt_test_live_allocs();
			cr_assert_eq(rc, -ENOMEM, "%s: fail-nth %lu: returned %d (%s), not -ENOMEM",
				     name, n, rc, iopt_last_error());
			cr_assert(fired, "%s: fail-nth %lu: failed with ENOMEM but nothing fired",
				  name, n);
			cr_assert(iopt_last_error()[0], "%s: fail-nth %lu: no error message", name,
				  n);
			cr_assert(!f.new_ctx && !f.new_ioas,
				  "%s: fail-nth %lu: output written on failure", name, n);
			cr_assert_eq(live1, live0, "%s: fail-nth %lu: %ld allocations leaked", name, n,
				     live1 - live0);
			take(&f, &after);
			cr_assert(same(&before, &after, why, sizeof(why)),
				  "%s: fail-nth %lu: failed and changed the state: %s", name, n, why);
			kernel_agrees(name, n, &f, &before, &ref_after);
			drop(&after);
		} else {
			take(&f, &after);
			cr_assert(same(&ref_after, &after, why, sizeof(why)),
				  "%s: fail-nth %lu: succeeded (fired=%d) with a different result: %s",
				  name, n, fired, why);
			kernel_agrees(name, n, &f, &after, &before);
			drop(&after);
			if (fired)
				tolerated++;
		}
		drop(&before);
		teardown(&f);
		cr_assert_eq(iopt_test_live_allocs(), base_live,
			     "%s: fail-nth %lu: %ld blocks still live after teardown", name, n,
			     iopt_test_live_allocs() - base_live);
		if (!rc && !fired)
			break;
	}
	cr_assert(n <= MAX_N, "%s: still failing after %d fault points", name, MAX_N);
	/* Every fault point of the unarmed run was failed once. */
	cr_assert_eq(n - 1, points, "%s: swept %lu fault points, the unarmed run passes %lu",
		     name, n - 1, points);
	if (points == 0) {
		/* Not vacuous: the counter proves the operation makes no
		 * allocation at all here, so it cannot fail with ENOMEM. */
		if (!quiet)
			fprintf(stderr, "failnth: %s: allocation-free on the mock (0 fault points)\n",
				name);
	} else {
		cr_assert(fired_count > 0, "%s: no fault point was ever hit: vacuous sweep",
			  name);
	}
	if (!quiet)
		cr_log_info("%s: %lu fault points swept, %lu tolerated", name, n - 1, tolerated);
	drop(&ref_before);
	drop(&ref_after);
}

/* ---- the operations ---- */

static int op_ctx_new(struct fx *f)
{
	return fx_ctx_new(&f->new_ctx);
}

static int op_ioas_new(struct fx *f)
{
	return iopt_ioas_new(f->ctx, NULL, &f->new_ioas);
}

static int op_map_fixed(struct fx *f)
{
	f->iova = 0x500000;
	return iopt_ioas_map(f->a, UVA(0x60000), 5 * PG, &f->iova, RW | FIXED);
}

static int op_map_fixed_between(struct fx *f)
{
	/* exactly fills the hole between two areas */
	f->iova = 0x201000;
	return iopt_ioas_map(f->a, UVA(0x3000), 0x300000 - 0x201000, &f->iova, RO | FIXED);
}

static int op_map_auto(struct fx *f)
{
	f->iova = 0;
	return iopt_ioas_map(f->a, UVA(0x70000), 3 * PG, &f->iova, RW);
}

/* The memfd the map_file sweep maps from, made once. */
static int fx_memfd(void)
{
	static int fd = -1;

	if (fd < 0) {
		/* The raw call: the static guest binary's libc may lack it. */
		fd = (int)syscall(SYS_memfd_create, "libiopt-failnth", 1u /* MFD_CLOEXEC */);
		cr_assert(fd >= 0 && ftruncate(fd, 16 * PG) == 0, "memfd: %s", strerror(errno));
	}
	return fd;
}

static int op_map_file(struct fx *f)
{
	f->iova = 0x500000;
	return iopt_ioas_map_file(f->a, fx_memfd(), 2 * PG, 3 * PG, &f->iova, RW | FIXED);
}

static int op_unmap_several(struct fx *f)
{
	return iopt_ioas_unmap(f->a, 0x100000, 9 * PG, &f->bytes);
}

static int op_unmap_all(struct fx *f)
{
	return iopt_ioas_unmap(f->a, 0, UINT64_MAX, &f->bytes);
}

static int op_copy_spanning(struct fx *f)
{
	f->iova = 0x400000;
	return iopt_ioas_copy(f->b, &f->iova, f->a, 0x100000 + PG, 7 * PG, RO | FIXED);
}

static int op_copy_auto_same(struct fx *f)
{
	f->iova = 0;
	return iopt_ioas_copy(f->a, &f->iova, f->a, 0x100000 + 3 * PG, 4 * PG, RO);
}

static int op_allow_iovas(struct fx *f)
{
	const struct iopt_iova_range r[] = { { 0x20000000, 0x2fffffff }, { 0x200000, 0x3fffff },
					     { 0x1000, 0xffff } };

	return iopt_ioas_allow_iovas(f->a, r, 3);
}

static int op_add_reserved(struct fx *f)
{
	return iopt_ioas_add_reserved(f->a, 0x30000000, 0x100000);
}

static int op_add_reserved_b(struct fx *f)
{
	return iopt_ioas_add_reserved(f->b, 0x1000000, 0x1000);
}

static int op_set_option_only(struct fx *f)
{
	return iopt_ioas_set_option(f->b, IOPT_IOAS_OPTION_HUGE_PAGES, 0);
}

static int op_iova_ranges(struct fx *f)
{
	f->num = 16;
	return iopt_ioas_iova_ranges(f->a, f->ranges, &f->num, &f->align);
}

static int count_fn(const struct iopt_area_info *info, void *arg)
{
	(void)info;
	++*(size_t *)arg;
	return 0;
}

static int op_foreach(struct fx *f)
{
	return iopt_ioas_area_foreach(f->a, 0, UINT64_MAX, count_fn, &f->count);
}

SWEEP_TEST(ctx_new) { SWEEP_BEGIN(); sweep("ctx_new", op_ctx_new); }
SWEEP_TEST(ioas_new) { SWEEP_BEGIN(); sweep("ioas_new", op_ioas_new); }
SWEEP_TEST(map_fixed) { SWEEP_BEGIN(); sweep("map_fixed", op_map_fixed); }
SWEEP_TEST(map_fixed_filling_a_hole) { SWEEP_BEGIN(); sweep("map_fixed_filling_a_hole", op_map_fixed_between); }
SWEEP_TEST(map_auto) { SWEEP_BEGIN(); sweep("map_auto", op_map_auto); }

#ifdef SCN_STANDALONE
/* Whether the kernel has IOAS_MAP_FILE (Linux 6.13); the conformance
 * scenarios check the EOPNOTSUPP of those that do not. */
static bool fx_kernel_maps_files(void)
{
	struct fx f;
	int rc;

	cur_setup(&f);
	rc = op_map_file(&f);
	teardown(&f);
	return rc != -EOPNOTSUPP;
}
#endif

SWEEP_TEST(map_file)
{
	SWEEP_BEGIN();
#ifdef SCN_STANDALONE
	if (fx_backend == IOPT_BACKEND_KERNEL && !fx_kernel_maps_files())
		SCN_SKIP("map_file: this kernel has no IOAS_MAP_FILE (Linux 6.13): "
			 "nothing to sweep");
#endif
	sweep("map_file", op_map_file);
}
SWEEP_TEST(unmap_several) { SWEEP_BEGIN(); sweep("unmap_several", op_unmap_several); }
SWEEP_TEST(unmap_all) { SWEEP_BEGIN(); sweep("unmap_all", op_unmap_all); }
SWEEP_TEST(copy_spanning) { SWEEP_BEGIN(); sweep("copy_spanning", op_copy_spanning); }
SWEEP_TEST(copy_auto_same_ioas) { SWEEP_BEGIN(); sweep("copy_auto_same_ioas", op_copy_auto_same); }
SWEEP_TEST(allow_iovas) { SWEEP_BEGIN(); sweep("allow_iovas", op_allow_iovas); }
SWEEP_TEST(add_reserved) { SWEEP_BEGIN(); sweep("add_reserved", op_add_reserved); }
SWEEP_TEST(add_reserved_other_ioas) { SWEEP_BEGIN(); sweep("add_reserved_other_ioas", op_add_reserved_b); }

/* b holds only page-aligned areas: switching huge pages off must succeed
 * and recompute the alignment. */
SWEEP_TEST(set_option) { SWEEP_BEGIN(); sweep("set_option", op_set_option_only); }

/* Queries must never change anything, even when they fail. */
static void sweep_query(const char *name, op_fn op)
{
	struct fx f;
	struct state before, after;
	char why[512];
	unsigned long n;
	long live0;
	int rc;

	for (n = 1; n <= MAX_N; n++) {
		bool fired;

		cur_setup(&f);
		take(&f, &before);
		live0 = iopt_test_live_allocs();
		iopt_test_fail_nth(n);
		rc = op(&f);
		fired = iopt_test_fail_fired();
		iopt_test_fail_nth(0);
		cr_assert(rc == 0 || rc == -ENOMEM, "%s: fail-nth %lu: %d", name, n, rc);
		cr_assert_eq(iopt_test_live_allocs(), live0, "%s: fail-nth %lu: live count moved",
			     name, n);
		take(&f, &after);
		cr_assert(same(&before, &after, why, sizeof(why)), "%s: %s", name, why);
		drop(&before);
		drop(&after);
		teardown(&f);
		if (!fired)
			break;
	}
	cr_assert(n <= MAX_N);
}

SWEEP_TEST(iova_ranges) { SWEEP_BEGIN(); sweep_query("iova_ranges", op_iova_ranges); }
SWEEP_TEST(foreach) { SWEEP_BEGIN(); sweep_query("foreach", op_foreach); }

#ifndef SCN_STANDALONE
/* Mock only: under the VM's emulation its hundreds of thousands of ioctls
 * would take too long. */

/* Structure growth: the k+1-th area of an IOAS (and of a copy target) at
 * every k up to a few hundred, so that node splits and array growth inside
 * the library are swept too; likewise the k-th unmap. */
static unsigned grow_k;

static void setup_grow(struct fx *f)
{
	uint64_t iova;

	memset(f, 0, sizeof(*f));
	CHECK(fx_ctx_new(&f->ctx));
	CHECK(iopt_ioas_new(f->ctx, NULL, &f->a));
	CHECK(iopt_ioas_new(f->ctx, NULL, &f->b));
	map_fixed(f->a, 0, 64 * PG, 0x100000000ull, RW);
	for (unsigned i = 0; i < grow_k; i++) {
		/* alternate ends so both tree edges and the middle grow */
		uint64_t at = 0x10000000ull + (i & 1 ? 1 : -1) * (uint64_t)(i / 2 + 1) * 2 * PG;

		map_fixed(f->a, i * PG, PG, at, i % 3 ? RW : RO);
		iova = at;
		CHECK(iopt_ioas_copy(f->b, &iova, f->a, 0x100000000ull + (i % 64) * PG, PG,
				     RO | FIXED));
	}
}

static int op_grow_map(struct fx *f)
{
	f->iova = 0x10000000ull + PG;
	return iopt_ioas_map(f->a, UVA(0x5000), PG, &f->iova, RW | FIXED);
}

static int op_grow_copy(struct fx *f)
{
	f->iova = 0x10000000ull + PG;
	return iopt_ioas_copy(f->b, &f->iova, f->a, 0x100000000ull + 3 * PG, PG, RO | FIXED);
}

static int op_grow_unmap(struct fx *f)
{
	/* the area mapped last */
	uint64_t i = grow_k - 1;
	uint64_t at = 0x10000000ull + (i & 1 ? 1 : -1) * (uint64_t)(i / 2 + 1) * 2 * PG;

	return iopt_ioas_unmap(f->a, at, PG, &f->bytes);
}

Test(failnth, growing_ioas, .timeout = 120)
{
	char name[64];

	cur_setup = setup_grow;
	quiet = true;
	for (grow_k = 0; grow_k <= 300; grow_k++) {
		snprintf(name, sizeof(name), "grow_map@%u", grow_k);
		sweep(name, op_grow_map);
		snprintf(name, sizeof(name), "grow_copy@%u", grow_k);
		sweep(name, op_grow_copy);
		if (grow_k) {
			snprintf(name, sizeof(name), "grow_unmap@%u", grow_k);
			sweep(name, op_grow_unmap);
		}
	}
}
#endif
