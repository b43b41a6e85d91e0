// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iopt_ioas_unmap() (reference 3.7) with libiopt's all-or-nothing rule:
 * exact areas, several whole areas, everything, partial -> ENOENT with
 * nothing removed, empty -> ENOENT, overflow checks and their order.
 */
#include "scenario.h"

#define PG (s->page_size)

SCENARIO(unmap, exact_area)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 4 * PG);
	uint64_t unmapped = 0;

	SCN_MAP_FIXED(ioas, buf, 4 * PG, 0x100000, RW);
	SCN_MAP_FIXED(ioas, buf, PG, 0x200000, RW);
	SCN_OK(iopt_ioas_unmap(ioas, 0x100000, 4 * PG, &unmapped));
	SCN_EQ(unmapped, 4 * PG);
	SCN_NO_LOOKUP(ioas, 0x100000);
	SCN_AREAS(ioas, { 0x200000, PG, buf, RW });
	/* The range is free again. */
	SCN_MAP_FIXED(ioas, buf, 4 * PG, 0x100000, RO);
	/* unmapped may be NULL */
	SCN_OK(iopt_ioas_unmap(ioas, 0x100000, 4 * PG, NULL));
}

SCENARIO(unmap, several_whole_areas)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 4 * PG);
	uint64_t unmapped = 0;

	SCN_MAP_FIXED(ioas, buf, PG, 0x10000, RW);
	SCN_MAP_FIXED(ioas, buf, 2 * PG, 0x10000 + PG, RW); /* adjacent */
	SCN_MAP_FIXED(ioas, buf, PG, 0x20000, RW);          /* after a gap */
	SCN_MAP_FIXED(ioas, buf, 1, 0x30000, RW);           /* outside the range */
	/* The range may start and end in holes. */
	SCN_OK(iopt_ioas_unmap(ioas, 0x8000, 0x20000 + PG - 0x8000 + 0x100, &unmapped));
	SCN_EQ(unmapped, 4 * PG);
	SCN_AREAS(ioas, { 0x30000, 1, buf, RW });
}

SCENARIO(unmap, everything)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 4 * PG);
	uint64_t unmapped = 99;

	/* Empty IOAS: succeeds with 0 bytes. */
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, &unmapped));
	SCN_EQ(unmapped, 0);
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL));
	SCN_MAP_FIXED(ioas, buf, PG, 0, RW);
	SCN_MAP_FIXED(ioas, buf, 3, 0x5000, RW);
	SCN_MAP_FIXED(ioas, buf, 2 * PG, 0x80000000, RO);
	SCN_MAP_FIXED(ioas, buf, PG, UINT64_MAX - PG + 1, RW);
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, &unmapped));
	SCN_EQ(unmapped, 4 * PG + 3);
	SCN_NO_AREAS(ioas);
	unmapped = 99;
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, &unmapped));
	SCN_EQ(unmapped, 0);
}

SCENARIO(unmap, whole_space_minus_one)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, PG);
	uint64_t unmapped = 0;

	/* (0, UINT64_MAX - 1) is an ordinary range [0, UINT64_MAX - 2]. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0, UINT64_MAX - 1, &unmapped), -ENOENT);
	SCN_MAP_FIXED(ioas, buf, PG, 0x1000, RW);
	SCN_MAP_FIXED(ioas, buf, 2, UINT64_MAX - 1, RW);
	/* [1, UINT64_MAX - 1] would cut the top area: nothing removed. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 1, UINT64_MAX - 1, &unmapped), -ENOENT);
	SCN_OK(iopt_ioas_unmap(ioas, UINT64_MAX - 1, 2, &unmapped));
	SCN_EQ(unmapped, 2);
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX - 1, &unmapped));
	SCN_EQ(unmapped, PG);
	/* (1, UINT64_MAX) is not "everything": length UINT64_MAX -> EOVERFLOW */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 1, UINT64_MAX, &unmapped), -EOVERFLOW);
}

SCENARIO(unmap, partial_is_enoent_and_removes_nothing)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 4 * PG);
	uint64_t unmapped = 12345;

	SCN_MAP_FIXED(ioas, buf, 2 * PG, 0x10000, RW);
	SCN_MAP_FIXED(ioas, buf, 2 * PG, 0x10000 + 2 * PG, RW);
	SCN_MAP_FIXED(ioas, buf, 2 * PG, 0x20000, RW);
	/* First area whole, second cut at its end: the kernel would remove the
	 * first before failing; libiopt removes nothing. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0x10000, 3 * PG, &unmapped), -ENOENT);
	/* Two whole areas, the third cut. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0x10000, 0x20000 - 0x10000 + PG,
						&unmapped), -ENOENT);
	/* Cut at the start. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0x10000 + PG, 3 * PG, &unmapped),
			  -ENOENT);
	/* Inside one area. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0x10000 + 1, 1, &unmapped), -ENOENT);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0x10000, PG, &unmapped), -ENOENT);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0x10000 + PG, PG, &unmapped), -ENOENT);
	/* Starting in a hole and cutting the last byte off. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0x1000, 0x20000 + 2 * PG - 1 - 0x1000,
						&unmapped), -ENOENT);
	SCN_EQ(unmapped, 12345);
	SCN_EQ(scn_nareas(ioas), 3);
}

SCENARIO(unmap, empty_range_is_enoent)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, PG);
	uint64_t unmapped = 7;

	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0x1000, PG, &unmapped), -ENOENT);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0, 1, &unmapped), -ENOENT);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, UINT64_MAX - 1, 1, &unmapped), -ENOENT);
	SCN_MAP_FIXED(ioas, buf, PG, 0x10000, RW);
	SCN_MAP_FIXED(ioas, buf, PG, 0x30000, RW);
	/* The hole between, touching both ends. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0x10000 + PG, 0x30000 - 0x10000 - PG,
						&unmapped), -ENOENT);
	SCN_EQ(unmapped, 7);
	/* No alignment checks on unmap: odd ranges are just empty. */
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0x20001, 3, &unmapped), -ENOENT);
}

SCENARIO(unmap, argument_checks_and_order)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, PG);
	uint64_t unmapped = 7;

	SCN_MAP_FIXED(ioas, buf, PG, 0x10000, RW);
	SCN_MAP_FIXED(ioas, buf, PG, UINT64_MAX - PG + 1, RW);
	/* iova or length UINT64_MAX (other than the "all" pair) */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, UINT64_MAX, PG, &unmapped), -EOVERFLOW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0x10000, UINT64_MAX, &unmapped),
			  -EOVERFLOW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, UINT64_MAX, UINT64_MAX, &unmapped),
			  -EOVERFLOW);
	/* UINT64_MAX checks come before length 0 */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, UINT64_MAX, 0, &unmapped), -EOVERFLOW);
	/* length 0 */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0x10000, 0, &unmapped), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0, 0, &unmapped), -EINVAL);
	/* iova + length - 1 wraps */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, UINT64_MAX - PG + 1, PG + 1, &unmapped),
			  -EOVERFLOW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 3, UINT64_MAX - 1, &unmapped),
			  -EOVERFLOW);
	SCN_EQ(unmapped, 7);
	/* Exactly reaching UINT64_MAX does not wrap. */
	SCN_OK(iopt_ioas_unmap(ioas, UINT64_MAX - PG + 1, PG, &unmapped));
	SCN_EQ(unmapped, PG);
	SCN_OK(iopt_ioas_unmap(ioas, 1, UINT64_MAX - 1, &unmapped));
	SCN_EQ(unmapped, PG);
	SCN_NO_AREAS(ioas);
}

SCENARIO(unmap, copies_are_areas_too)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 4 * PG);
	uint64_t iova = 0x50000, unmapped;

	SCN_MAP_FIXED(ioas, buf, 4 * PG, 0x10000, RW);
	SCN_OK(iopt_ioas_copy(ioas, &iova, ioas, 0x10000 + PG, 2 * PG, RW | FIXED));
	SCN_OK(iopt_ioas_unmap(ioas, 0x10000, 4 * PG, &unmapped));
	SCN_EQ(unmapped, 4 * PG);
	SCN_AREAS(ioas, { 0x50000, 2 * PG, (char *)buf + PG, RW });
	/* The copy is one area: half of it is a split. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_unmap(ioas, 0x50000, PG, &unmapped), -ENOENT);
	SCN_OK(iopt_ioas_unmap(ioas, 0x50000, 2 * PG, &unmapped));
	SCN_EQ(unmapped, 2 * PG);
}
