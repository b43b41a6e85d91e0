// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Scale: one IOAS holds 1,000,000 areas (one page of memory reused; mapping
 * does not touch it), looked up, walked, partly and fully unmapped.
 *
 * The kernel backend runs it with fewer areas by default (kernel memory in
 * a small VM); $IOPT_TEST_MANY_AREAS overrides the count on either backend.
 */
#include <time.h>

#include "scenario.h"

#define PG (s->page_size)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int count_fn(const struct iopt_area_info *info, void *arg)
{
	uint64_t *st = arg; /* st[0] count, st[1] next expected iova, st[2] stride, st[3] bad */

	if (info->iova != st[1])
		st[3]++;
	st[1] = info->iova + st[2];
	st[0]++;
	return 0;
}

SCENARIO(scale, one_million_areas)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, PG);
	const char *env = getenv("IOPT_TEST_MANY_AREAS");
	uint64_t n = s->backend == IOPT_BACKEND_KERNEL ? 100000 : 1000000;
	const uint64_t base = 0x100000000ull, stride = 2 * PG;
	uint64_t unmapped, st[4];
	double t0 = now(), t1, t2, t3;

	if (env && strtoull(env, NULL, 0))
		n = strtoull(env, NULL, 0);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t iova = base + i * stride;
		int rc = iopt_ioas_map(ioas, buf, PG, &iova, RW | FIXED);

		if (rc)
			SCN_FAIL("map #%" PRIu64 " failed: %d (%s); last_error: \"%s\"", i, rc,
				 scn_errname(rc), iopt_last_error());
	}
	t1 = now();
	/* lookups across the whole population */
	for (uint64_t i = 0; i < n; i += n / 997 + 1) {
		uint64_t at = base + i * stride;

		SCN_LOOKUP(ioas, at + PG - 1, at, PG, buf, RW);
		SCN_NO_LOOKUP(ioas, at + PG);
	}
	SCN_LOOKUP(ioas, base + (n - 1) * stride, base + (n - 1) * stride, PG, buf, RW);
	/* a walk sees every area, in order */
	st[0] = 0;
	st[1] = base;
	st[2] = stride;
	st[3] = 0;
	SCN_OK(iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, count_fn, st));
	SCN_EQ(st[0], n);
	SCN_EQ(st[3], 0);
	t2 = now();
	/* overlap detection still works in the crowd */
	{
		uint64_t iova = base + (n / 2) * stride + 1;

		SCN_ERR(iopt_ioas_map(ioas, buf, PG, &iova, RW | FIXED), -EEXIST);
	}
	/* unmap a block of 1000 from the middle, then everything */
	SCN_OK(iopt_ioas_unmap(ioas, base + (n / 2) * stride, 1000 * stride, &unmapped));
	SCN_EQ(unmapped, 1000 * PG);
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, &unmapped));
	SCN_EQ(unmapped, (n - 1000) * PG);
	SCN_NO_AREAS(ioas);
	t3 = now();
	fprintf(stderr, "scale.one_million_areas[%s]: %" PRIu64 " areas: map %.2fs, "
		"lookup+walk %.2fs, unmap %.2fs\n", s->backend_name, n, t1 - t0, t2 - t1, t3 - t2);
	iopt_ioas_free(ioas);
}
