// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iopt_ioas_map() with IOPT_MAP_FIXED_IOVA: every rule, boundary and step of
 * the documented check order (reference 3.5). Each failing call is also
 * checked to leave the IOAS unchanged and *iova unwritten.
 */
#include "scenario.h"

#define PG (s->page_size)

SCENARIO(map, fixed_basic_and_info)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 4 * PG);
	struct iopt_area_info info;
	uint64_t iova = 0x100000;

	SCN_OK(iopt_ioas_map(ioas, buf, 2 * PG, &iova, RW | FIXED));
	SCN_EQ(iova, 0x100000);
	memset(&info, 0xa5, sizeof(info));
	info.size = sizeof(info);
	SCN_OK(iopt_ioas_area_lookup(ioas, 0x100000 + PG + 5, &info));
	SCN_EQ(info.size, sizeof(info));
	SCN_EQ(info.iova, 0x100000);
	SCN_EQ(info.length, 2 * PG);
	SCN_EQ(info.user_va, (uintptr_t)buf);
	SCN_EQ(info.flags, RW);
	/* Only readable, only writeable. */
	SCN_MAP_FIXED(ioas, buf, PG, 0x200000, IOPT_MAP_READABLE);
	SCN_MAP_FIXED(ioas, buf, PG, 0x300000, IOPT_MAP_WRITEABLE);
	SCN_AREAS(ioas, { 0x100000, 2 * PG, buf, RW },
		  { 0x200000, PG, buf, IOPT_MAP_READABLE },
		  { 0x300000, PG, buf, IOPT_MAP_WRITEABLE });
}

SCENARIO(map, iova_zero_and_last_page)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, PG);
	uint64_t iova;

	/* Fixed maps may use IOVA 0 ... */
	SCN_MAP_FIXED(ioas, buf, PG, 0, RW);
	/* ... and the very last page: iova + length - 1 == UINT64_MAX. */
	SCN_MAP_FIXED(ioas, buf, PG, UINT64_MAX - PG + 1, RW);
	SCN_LOOKUP(ioas, 0, 0, PG, buf, RW);
	SCN_LOOKUP(ioas, UINT64_MAX, UINT64_MAX - PG + 1, PG, buf, RW);
	/* One byte further wraps. */
	iova = UINT64_MAX - PG + 2;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, RW | FIXED), -EOVERFLOW);
	SCN_EQ(iova, UINT64_MAX - PG + 2);
	/* A one-byte map at UINT64_MAX - 1 (alignment 1) ends at UINT64_MAX - 1. */
	SCN_OK(iopt_ioas_unmap(ioas, UINT64_MAX - PG + 1, PG, NULL));
	SCN_MAP_FIXED(ioas, buf, 1, UINT64_MAX - 1, RW);
	SCN_LOOKUP(ioas, UINT64_MAX - 1, UINT64_MAX - 1, 1, buf, RW);
	SCN_NO_LOOKUP(ioas, UINT64_MAX);
}

SCENARIO(map, step1_unknown_flags)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, PG);
	uint64_t iova = 0x1000;

	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, RW | FIXED | (1u << 3)),
			  -EOPNOTSUPP);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, RW | (1u << 31)),
			  -EOPNOTSUPP);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, RW | (1u << 16)),
			  -EOPNOTSUPP);
	/* Flags are checked before everything else. */
	iova = UINT64_MAX;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, UINT64_MAX, &iova, 1u << 3),
			  -EOPNOTSUPP);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 0, &iova, FIXED | (1u << 5)),
			  -EOPNOTSUPP);
	SCN_EQ(iova, UINT64_MAX);
}

SCENARIO(map, step2_uint64_max_is_eoverflow)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, PG);
	uint64_t iova = UINT64_MAX;

	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, RW | FIXED), -EOVERFLOW);
	/* *iova is read even without FIXED_IOVA. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, RW), -EOVERFLOW);
	SCN_EQ(iova, UINT64_MAX);
	iova = 0x1000;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, UINT64_MAX, &iova, RW | FIXED),
			  -EOVERFLOW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, UINT64_MAX, &iova, RW), -EOVERFLOW);
	/* Step 2 comes before the READ/WRITE check (3). */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, UINT64_MAX, &iova, FIXED), -EOVERFLOW);
	iova = UINT64_MAX;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 0, &iova, 0), -EOVERFLOW);
	SCN_EQ(iova, UINT64_MAX);
}

SCENARIO(map, step3_needs_read_or_write)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, PG);
	uint64_t iova = 0x1000;

	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, FIXED), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, 0), -EINVAL);
	/* Before the overlap check (EEXIST) and the wrap check (EOVERFLOW). */
	SCN_MAP_FIXED(ioas, buf, PG, 0x1000, RW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, FIXED), -EINVAL);
	iova = UINT64_MAX - 1;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, FIXED), -EINVAL);
	SCN_EQ(iova, UINT64_MAX - 1);
}

SCENARIO(map, step4_length_and_user_va)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, PG);
	uint64_t iova = 0x1000;

	/* length 0 */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 0, &iova, RW | FIXED), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 0, &iova, RW), -EINVAL);
	/* length > SIZE_MAX - page size: EINVAL, not EOVERFLOW */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, UINT64_MAX - 1, &iova, RW | FIXED),
			  -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, UINT64_MAX - PG + 1, &iova,
					      RW | FIXED), -EINVAL);
	/* SIZE_MAX - page size itself passes that test; user_va + length wraps. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, UINT64_MAX - PG, &iova, RW | FIXED),
			  -EOVERFLOW);
	/* user_va + length wraps (the exclusive end is 2^64). */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, (void *)(uintptr_t)(UINT64_MAX - PG + 1),
					      2 * PG, &iova, RW | FIXED), -EOVERFLOW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, (void *)(uintptr_t)(UINT64_MAX - PG + 1),
					      PG, &iova, RW | FIXED), -EOVERFLOW);
	/* Step 4 before the overlap check: map something, then collide. */
	SCN_MAP_FIXED(ioas, buf, PG, 0x1000, RW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 0, &iova, RW | FIXED), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, (void *)(uintptr_t)(UINT64_MAX - PG + 1),
					      PG, &iova, RW | FIXED), -EOVERFLOW);
	SCN_EQ(iova, 0x1000);
}

SCENARIO(map, unmapped_memory_is_accepted)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 4 * PG);
	uint64_t iova = 0x40000;

	/* Without a domain nothing is pinned: memory that is gone still maps. */
	SCN_EQ(munmap(buf, 4 * PG), 0);
	SCN_OK(iopt_ioas_map(ioas, buf, 4 * PG, &iova, RW | FIXED));
	/* Even the top of the address space, short of wrapping. */
	SCN_MAP_FIXED(ioas, (void *)(uintptr_t)(UINT64_MAX - 2 * PG + 1), PG, 0x80000, RW);
	SCN_LOOKUP(ioas, 0x80000, 0x80000, PG, (uintptr_t)(UINT64_MAX - 2 * PG + 1), RW);
	/* The same memory may back several areas. */
	SCN_MAP_FIXED(ioas, buf, 4 * PG, 0x100000, RO);
	SCN_EQ(scn_nareas(ioas), 3);
}

SCENARIO(map, step5_length_alignment)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 4 * PG);
	uint64_t iova = 0x10000;

	/* Alignment 1: any length. */
	SCN_MAP_FIXED(ioas, buf, 1, 0x10000, RW);
	SCN_MAP_FIXED(ioas, buf, PG + 3, 0x20000, RW);
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL));
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	SCN_EQ(scn_alignment(ioas), PG);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 1, &iova, RW | FIXED), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG + 1, &iova, RW | FIXED), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG / 2, &iova, RW), -EINVAL);
	/* Length alignment (5) before the overlap check (6). */
	SCN_MAP_FIXED(ioas, buf, PG, 0x10000, RW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG + 1, &iova, RW | FIXED), -EINVAL);
	/* Before the IOVA wrap check too. */
	iova = UINT64_MAX - PG + 1;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 2 * PG + 1, &iova, RW | FIXED),
			  -EINVAL);
	SCN_EQ(iova, UINT64_MAX - PG + 1);
}

SCENARIO(map, step6_fixed_iova_alignment)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 4 * PG);
	uint64_t iova;

	/* Alignment 1: any IOVA. */
	SCN_MAP_FIXED(ioas, buf, PG, 0x10001, RW);
	SCN_OK(iopt_ioas_unmap(ioas, 0x10001, PG, NULL));
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	iova = 0x10001;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, RW | FIXED), -EINVAL);
	iova = 0x10000 + PG / 2;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, RW | FIXED), -EINVAL);
	/* Misaligned IOVA wins over an overlap ... */
	SCN_MAP_FIXED(ioas, buf, 2 * PG, 0x10000, RW);
	iova = 0x10800;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, RW | FIXED), -EINVAL);
	/* ... and over a wrap. */
	iova = UINT64_MAX - PG + 2;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 2 * PG, &iova, RW | FIXED), -EINVAL);
	SCN_EQ(iova, UINT64_MAX - PG + 2);
}

SCENARIO(map, step6_fixed_iova_wrap)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 4 * PG);
	uint64_t iova = UINT64_MAX - PG + 1;

	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 2 * PG, &iova, RW | FIXED),
			  -EOVERFLOW);
	iova = UINT64_MAX - 1;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 3, &iova, RW | FIXED), -EOVERFLOW);
	iova = UINT64_MAX - 1;
	SCN_OK(iopt_ioas_map(ioas, buf, 2, &iova, RW | FIXED));
	SCN_EQ(iova, UINT64_MAX - 1);
	/* Wrap wins over an overlap with what sits at the top. */
	iova = UINT64_MAX - 2;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 4, &iova, RW | FIXED), -EOVERFLOW);
}

SCENARIO(map, step6_fixed_overlap_is_eexist)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 16 * PG);
	const uint64_t A = 0x100000;
	uint64_t iova;

	SCN_MAP_FIXED(ioas, buf, 4 * PG, A, RW);
	/* identical, head, tail, inside, around, single first byte, last byte */
	const uint64_t st[] = { A, A - PG, A + 3 * PG, A + PG, A - PG, A - PG + 1, A + 4 * PG - 1 };
	const uint64_t ln[] = { 4 * PG, 2 * PG, 2 * PG, PG, 8 * PG, PG, 1 };

	for (size_t i = 0; i < sizeof(st) / sizeof(st[0]); i++) {
		iova = st[i];
		SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, ln[i], &iova, RW | FIXED),
				  -EEXIST);
		SCN_EQ(iova, st[i]);
	}
	/* Touching on either side is fine. */
	SCN_MAP_FIXED(ioas, buf, PG, A - PG, RW);
	SCN_MAP_FIXED(ioas, buf, PG, A + 4 * PG, RO);
	SCN_MAP_FIXED(ioas, buf, 1, A - PG - 1, RO);
	SCN_AREAS(ioas, { A - PG - 1, 1, buf, RO }, { A - PG, PG, buf, RW },
		  { A, 4 * PG, buf, RW }, { A + 4 * PG, PG, buf, RO });
}

SCENARIO(map, step6_fixed_reserved_is_einval)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 16 * PG);
	uint64_t iova;

	SCN_RESERVE(ioas, 0x200000, 0x100000);
	SCN_MAP_FIXED(ioas, buf, PG, 0x100000, RW);
	const uint64_t st[] = { 0x200000, 0x1ff000, 0x1fffff, 0x2ff000, 0x250000, 0x2fffff };
	for (size_t i = 0; i < sizeof(st) / sizeof(st[0]); i++) {
		iova = st[i];
		SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 2 * PG, &iova, RW | FIXED),
				  -EINVAL);
	}
	/* The whole reservation inside the range. */
	iova = 0x1f0000;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 0x200000, &iova, RW | FIXED), -EINVAL);
	/* Reserved (EINVAL) wins over an overlapping area (EEXIST). */
	iova = 0x100000;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 0x110000, &iova, RW | FIXED), -EINVAL);
	/* Right next to it is fine. */
	SCN_MAP_FIXED(ioas, buf, 0x1000, 0x1ff000, RW);
	SCN_MAP_FIXED(ioas, buf, 0x1000, 0x300000, RW);
	SCN_EQ(scn_nareas(ioas), 3);
}

SCENARIO(map, step7_sub_page_offset)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	char *buf = scn_mem(s, 4 * PG);
	uint64_t iova;

	/* Alignment 1: any user address offset, kept in user_va. */
	SCN_MAP_FIXED(ioas, buf + 0x123, 0x10, 0x5000, RW);
	SCN_LOOKUP(ioas, 0x500f, 0x5000, 0x10, buf + 0x123, RW);
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL));
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	iova = 0x10000;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf + 1, PG, &iova, RW | FIXED), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf + PG / 2, PG, &iova, RW | FIXED),
			  -EINVAL);
	/* Placement (6) is checked before the sub-page offset (7). */
	SCN_MAP_FIXED(ioas, buf, PG, 0x10000, RW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf + 1, PG, &iova, RW | FIXED), -EEXIST);
	iova = UINT64_MAX - PG + 1;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf + 1, 2 * PG, &iova, RW | FIXED),
			  -EOVERFLOW);
	/* A page-aligned user address at any page is fine. */
	SCN_MAP_FIXED(ioas, buf + PG, PG, 0x20000, RW);
}

SCENARIO(map, failed_map_writes_nothing)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, PG);
	uint64_t iova;

	SCN_MAP_FIXED(ioas, buf, PG, 0x3000, RW);
	iova = 0x3000;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, RW | FIXED), -EEXIST);
	SCN_EQ(iova, 0x3000);
	SCN_AREAS(ioas, { 0x3000, PG, buf, RW });
}
