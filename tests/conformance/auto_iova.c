// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Automatic IOVA placement (reference 3.5.1): alignment =
 * min(roundup_pow_of_two(length), lowest set bit of user_va, 2 MiB), the
 * sub-page offset OR-ed in, never page 0 nor the last page, lowest first
 * fit, allowed windows, a hole whose only fit is its last byte skipped,
 * ENOSPC, EINVAL below the IOAS alignment, EOVERFLOW for huge lengths.
 */
#include "scenario.h"

#define PG (s->page_size)
/* A user address that is never touched (no domain: nothing is pinned) and
 * whose lowest set bit (2^44) never limits the alignment. */
#define FAR ((char *)(uintptr_t)0x100000000000ull)

SCENARIO(auto_iova, lowest_first_fit_from_page_one)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	char *buf = scn_mem_aligned(s, 8 * PG, SZ_4M);
	uint64_t iova = 0x123456789; /* ignored without FIXED_IOVA */

	SCN_OK(iopt_ioas_map(ioas, buf, PG, &iova, RW));
	SCN_EQ(iova, PG); /* never page 0 */
	SCN_EQ(SCN_MAP_AUTO(ioas, buf, PG, RW), 2 * PG);
	/* 2 pages: aligned to 2 pages. */
	SCN_EQ(SCN_MAP_AUTO(ioas, buf, 2 * PG, RW), 4 * PG);
	/* The hole at 3 pages is the lowest fit for one page. */
	SCN_EQ(SCN_MAP_AUTO(ioas, buf, PG, RO), 3 * PG);
	SCN_AREAS(ioas, { PG, PG, buf, RW }, { 2 * PG, PG, buf, RW }, { 3 * PG, PG, buf, RO },
		  { 4 * PG, 2 * PG, buf, RW });
	/* A freed hole is reused. */
	SCN_OK(iopt_ioas_unmap(ioas, 2 * PG, PG, NULL));
	SCN_EQ(SCN_MAP_AUTO(ioas, buf, PG, RW), 2 * PG);
}

SCENARIO(auto_iova, alignment_from_length)
{
	struct iopt_ioas *a = scn_ioas(s), *b = scn_ioas(s), *c = scn_ioas(s);
	char *buf = scn_mem_aligned(s, SZ_4M, SZ_4M);

	/* roundup_pow_of_two(3 pages) = 4 pages */
	SCN_EQ(SCN_MAP_AUTO(a, buf, 3 * PG, RW), 4 * PG);
	/* 5 pages -> 8 pages */
	SCN_EQ(SCN_MAP_AUTO(a, buf, 5 * PG, RW), 8 * PG);
	/* 3 MiB -> min(4 MiB, 2 MiB) */
	SCN_EQ(SCN_MAP_AUTO(b, buf, 3 * SZ_1M, RW), SZ_2M);
	/* Not a page multiple (alignment 1): 1.5 pages + 1 -> 2 pages */
	SCN_EQ(SCN_MAP_AUTO(c, buf, PG + PG / 2 + 1, RW), 2 * PG);
	/* 1 byte: alignment 1, the lowest free byte of the window */
	SCN_EQ(SCN_MAP_AUTO(c, buf, 1, RW), PG);
	SCN_EQ(SCN_MAP_AUTO(c, buf, 1, RW), PG + 1);
}

SCENARIO(auto_iova, alignment_capped_at_2m)
{
	struct iopt_ioas *ioas = scn_ioas(s);

	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, 64 * SZ_1M, RW), SZ_2M);
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, 1ull << 32, RW), SZ_2M + 64 * SZ_1M);
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, SZ_2M, RW), SZ_2M + 64 * SZ_1M + (1ull << 32));
}

SCENARIO(auto_iova, alignment_limited_by_user_va)
{
	struct iopt_ioas *a = scn_ioas(s), *b = scn_ioas(s);
	char *buf = scn_mem_aligned(s, 2 * SZ_4M, SZ_4M);

	/* lowest set bit of user_va = 2 pages: alignment 2 pages, not 16 */
	SCN_EQ(SCN_MAP_AUTO(a, buf + 2 * PG, 16 * PG, RW), 2 * PG);
	SCN_LOOKUP(a, 2 * PG, 2 * PG, 16 * PG, buf + 2 * PG, RW);
	/* lowest set bit = 1 page: directly at page 1 */
	SCN_EQ(SCN_MAP_AUTO(b, buf + PG, 16 * PG, RW), PG);
	/* lowest set bit = 1 MiB, length 4 MiB: 1 MiB aligned after the first */
	SCN_EQ(SCN_MAP_AUTO(b, buf + SZ_1M, SZ_4M, RW), SZ_1M);
}

SCENARIO(auto_iova, user_va_zero_does_not_limit)
{
	struct iopt_ioas *ioas = scn_ioas(s);

	/* user_va 0 has no lowest set bit: alignment from the length only */
	SCN_EQ(SCN_MAP_AUTO(ioas, NULL, 3 * SZ_1M, RW), SZ_2M);
	SCN_EQ(SCN_MAP_AUTO(ioas, NULL, 4 * PG, RW), 4 * PG);
	SCN_EQ(SCN_MAP_AUTO(ioas, NULL, SZ_2M, RW), 3 * SZ_2M);
	SCN_LOOKUP(ioas, SZ_2M, SZ_2M, 3 * SZ_1M, 0, RW);
}

SCENARIO(auto_iova, sub_page_offset_or_ed_in)
{
	struct iopt_ioas *a = scn_ioas(s), *b = scn_ioas(s), *c = scn_ioas(s);
	char *buf = scn_mem_aligned(s, 4 * PG, SZ_4M);

	/* offset 0x10: alignment 16, page_offset 0x10 */
	SCN_EQ(SCN_MAP_AUTO(a, buf + 0x10, 0x100, RW), PG | 0x10);
	SCN_LOOKUP(a, PG | 0x10, PG | 0x10, 0x100, buf + 0x10, RW);
	/* offset half a page, one page long: alignment half a page */
	SCN_EQ(SCN_MAP_AUTO(b, buf + PG / 2, PG, RW), PG + PG / 2);
	/* OR, not add: a gap that starts at 3/4 of a page with an offset of
	 * 1/4 page keeps the gap start (its bits already include the offset). */
	SCN_MAP_FIXED(c, buf, PG - PG / 4, PG, RW);
	SCN_EQ(SCN_MAP_AUTO(c, buf + PG / 4, PG / 4, RW), 2 * PG - PG / 4);
	/* Next one: gap starts at the second page boundary. */
	SCN_EQ(SCN_MAP_AUTO(c, buf + PG / 4, PG / 4, RW), 2 * PG + PG / 4);
}

SCENARIO(auto_iova, never_page_zero)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	const struct iopt_iova_range first2[] = { { 0, 2 * PG - 1 } };
	const struct iopt_iova_range first1[] = { { 0, PG - 1 } };
	uint64_t iova = 0;

	SCN_OK(iopt_ioas_allow_iovas(ioas, first2, 1));
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, PG, RW), PG);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, FAR, PG, &iova, RW), -ENOSPC);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, FAR, 1, &iova, RW), -ENOSPC);
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL));
	SCN_OK(iopt_ioas_allow_iovas(ioas, first1, 1));
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, FAR, 1, &iova, RW), -ENOSPC);
	SCN_EQ(iova, 0);
	/* A fixed map at 0 is still fine. */
	SCN_MAP_FIXED(ioas, FAR, PG, 0, RW);
}

SCENARIO(auto_iova, never_last_page)
{
	struct iopt_ioas *a = scn_ioas(s), *b = scn_ioas(s);
	const struct iopt_iova_range top[] = { { UINT64_MAX - 2 * PG + 1, UINT64_MAX } };
	uint64_t iova = 0;

	SCN_OK(iopt_ioas_allow_iovas(a, top, 1));
	SCN_EQ(SCN_MAP_AUTO(a, FAR, PG, RW), UINT64_MAX - 2 * PG + 1);
	SCN_ERR_UNCHANGED(a, iopt_ioas_map(a, FAR, 1, &iova, RW), -ENOSPC);

	/* Without an allowed list: fill everything from page 1 to the end
	 * of the third-to-last page with two fixed maps. */
	SCN_MAP_FIXED(b, (void *)(uintptr_t)0x1000, 1ull << 63, PG, RO);
	SCN_MAP_FIXED(b, (void *)(uintptr_t)0x1000, (1ull << 63) - 3 * PG, PG + (1ull << 63),
		      RO);
	SCN_EQ(SCN_MAP_AUTO(b, FAR, PG, RW), UINT64_MAX - 2 * PG + 1);
	SCN_ERR_UNCHANGED(b, iopt_ioas_map(b, FAR, 1, &iova, RW), -ENOSPC);
	/* Page 0 and the last page stay free for fixed maps. */
	SCN_MAP_FIXED(b, FAR, PG, 0, RW);
	SCN_MAP_FIXED(b, FAR, PG, UINT64_MAX - PG + 1, RW);
	SCN_EQ(scn_nareas(b), 5);
}

SCENARIO(auto_iova, hole_fitting_only_at_last_byte_skipped)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	char *buf = scn_mem_aligned(s, SZ_1M, SZ_1M);

	/* Areas [page 1, 0x10000) and [0x10002, 0x20000): a 2-byte hole. */
	SCN_MAP_FIXED(ioas, buf, 0x10000 - PG, PG, RW);
	SCN_MAP_FIXED(ioas, buf, 0x20000 - 0x10002, 0x10002, RW);
	/* 2 bytes fit the 2-byte hole (cand < last, last - cand >= len - 1). */
	SCN_EQ(SCN_MAP_AUTO(ioas, buf, 2, RW), 0x10000);
	SCN_OK(iopt_ioas_unmap(ioas, 0x10000, 2, NULL));
	/* 1 byte takes the first byte of the hole ... */
	SCN_EQ(SCN_MAP_AUTO(ioas, buf, 1, RW), 0x10000);
	/* ... and the remaining one-byte hole [0x10001, 0x10001] is skipped:
	 * its only fit is its last byte. */
	SCN_EQ(SCN_MAP_AUTO(ioas, buf, 1, RW), 0x20000);
	SCN_NO_LOOKUP(ioas, 0x10001);
	/* Also inside an allowed window that is exactly one byte of free space. */
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL));
	const struct iopt_iova_range w[] = { { 0x40000, 0x40001 }, { 0x50000, 0x5ffff } };
	SCN_OK(iopt_ioas_allow_iovas(ioas, w, 2));
	SCN_MAP_FIXED(ioas, buf, 1, 0x40000, RW);
	SCN_EQ(SCN_MAP_AUTO(ioas, buf, 1, RW), 0x50000);
}

SCENARIO(auto_iova, allowed_windows)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	/* Deliberately unsorted. */
	const struct iopt_iova_range w[] = { { 0x400000, 0x4fffff }, { 0x100000, 0x101fff } };
	uint64_t iova = 0;

	SCN_OK(iopt_ioas_allow_iovas(ioas, w, 2));
	/* Too big for the low window: the high one. */
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, 4 * PG, RW), 0x400000);
	/* Lowest window first. */
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, PG, RW), 0x100000);
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, PG, RW), 0x101000);
	/* Low window full. */
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, PG, RW), 0x400000 + 4 * PG);
	/* Larger than any window. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, FAR, 0x100001, &iova, RW), -ENOSPC);
	/* Alignment inside a window: 64 KiB aligned. */
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, 0x10000, RW), 0x410000);
	/* Clearing the list: the whole space again. */
	SCN_OK(iopt_ioas_allow_iovas(ioas, NULL, 0));
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, PG, RW), PG);
}

SCENARIO(auto_iova, enospc)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	const struct iopt_iova_range w[] = { { 0x100000, 0x100fff } };
	uint64_t iova = 0x5000;

	SCN_OK(iopt_ioas_allow_iovas(ioas, w, 1));
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, PG, RW), 0x100000);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, FAR, PG, &iova, RW), -ENOSPC);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, FAR, 1, &iova, RW), -ENOSPC);
	SCN_EQ(iova, 0x5000); /* written on success only */
	/* A window too small for the alignment-padded candidate. */
	const struct iopt_iova_range w2[] = { { 0x200001, 0x202000 } };
	SCN_OK(iopt_ioas_allow_iovas(ioas, w2, 1));
	/* 2 pages, aligned to 2 pages: 0x202000 is past the window. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, FAR, 2 * PG, &iova, RW), -ENOSPC);
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, PG, RW), 0x201000);
}

SCENARIO(auto_iova, alignment_below_ioas_alignment)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	char *buf = scn_mem_aligned(s, 4 * PG, SZ_4M);
	uint64_t iova = 0;

	/* Alignment 1: half-page user offset is fine. */
	SCN_EQ(SCN_MAP_AUTO(ioas, buf + PG / 2, PG, RW), PG + PG / 2);
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL));
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	/* min(1 page, lowest bit = half a page) < page size: EINVAL */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf + PG / 2, PG, &iova, RW), -EINVAL);
	/* length 1 (fails the length alignment already) */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 1, &iova, RW), -EINVAL);
	SCN_EQ(iova, 0);
	SCN_EQ(SCN_MAP_AUTO(ioas, buf, PG, RW), PG);
}

SCENARIO(auto_iova, huge_length_eoverflow)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *uva = (void *)(uintptr_t)0x10000;
	uint64_t iova = 0;

	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, uva, 1ull << 63, &iova, RW), -EOVERFLOW);
	/* length >= U64_MAX / 2 (= 2^63 - 1) */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, uva, (1ull << 63) - 1, &iova, RW),
			  -EOVERFLOW);
	SCN_EQ(iova, 0);
	/* Just below: fits, aligned to the user address's lowest bit. */
	SCN_EQ(SCN_MAP_AUTO(ioas, uva, (1ull << 63) - 2, RO), 0x10000);
	/* The same lengths at a fixed IOVA are fine. */
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL));
	SCN_MAP_FIXED(ioas, uva, 1ull << 63, 0, RO);
}

SCENARIO(auto_iova, avoids_reserved)
{
	struct iopt_ioas *ioas = scn_ioas(s);

	SCN_RESERVE(ioas, PG, SZ_1M - PG);
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, PG, RW), SZ_1M);
	SCN_RESERVE(ioas, SZ_1M + PG, SZ_1M);
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, 2 * PG, RW), 2 * SZ_1M + PG * 2);
	SCN_EQ(SCN_MAP_AUTO(ioas, FAR, 1, RW), 2 * SZ_1M + PG);
}
