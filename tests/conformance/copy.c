// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iopt_ioas_copy() (reference 3.6 and 12.4): sub-ranges, ranges spanning
 * adjacent areas (one destination area per source piece), gaps, same IOAS,
 * source alignment ignored, EPERM, automatic placement from the source user
 * address, independence from the source, argument checks and their order.
 */
#include "scenario.h"

#define PG (s->page_size)

SCENARIO(copy, sub_range_inside_area)
{
	struct iopt_ioas *src = scn_ioas(s), *dst = scn_ioas(s);
	char *buf = scn_mem(s, 16 * PG);
	uint64_t iova = 0x200000;

	SCN_MAP_FIXED(src, buf, 16 * PG, 0x100000, RW);
	SCN_OK(iopt_ioas_copy(dst, &iova, src, 0x100000 + 4 * PG, 4 * PG, RO | FIXED));
	SCN_EQ(iova, 0x200000);
	SCN_AREAS(dst, { 0x200000, 4 * PG, buf + 4 * PG, RO });
	SCN_AREAS(src, { 0x100000, 16 * PG, buf, RW });
	/* Byte granular, and the whole area. */
	iova = 0x300000;
	SCN_OK(iopt_ioas_copy(dst, &iova, src, 0x100000 + 5, 3, RW | FIXED));
	iova = 0x400000;
	SCN_OK(iopt_ioas_copy(dst, &iova, src, 0x100000, 16 * PG, RW | FIXED));
	SCN_AREAS(dst, { 0x200000, 4 * PG, buf + 4 * PG, RO }, { 0x300000, 3, buf + 5, RW },
		  { 0x400000, 16 * PG, buf, RW });
}

SCENARIO(copy, spanning_adjacent_areas_one_dst_area_per_piece)
{
	struct iopt_ioas *src = scn_ioas(s), *dst = scn_ioas(s);
	char *b1 = scn_mem_aligned(s, 4 * PG, SZ_4M), *b2 = scn_mem(s, 4 * PG);
	char *b3 = scn_mem(s, 4 * PG);
	uint64_t iova = 0x40000, unmapped;

	SCN_MAP_FIXED(src, b1, 2 * PG, 0x10000, RW);
	SCN_MAP_FIXED(src, b2, 3 * PG, 0x10000 + 2 * PG, RO);
	SCN_MAP_FIXED(src, b3, 2 * PG, 0x10000 + 5 * PG, RW);
	/* From the middle of the first to the middle of the third. */
	SCN_OK(iopt_ioas_copy(dst, &iova, src, 0x10000 + PG, 5 * PG, RO | FIXED));
	SCN_EQ(iova, 0x40000);
	SCN_AREAS(dst, { 0x40000, PG, b1 + PG, RO }, { 0x40000 + PG, 3 * PG, b2, RO },
		  { 0x40000 + 4 * PG, PG, b3, RO });
	/* The copy can be unmapped along the source boundaries. */
	SCN_OK(iopt_ioas_unmap(dst, 0x40000 + PG, 3 * PG, &unmapped));
	SCN_EQ(unmapped, 3 * PG);
	SCN_AREAS(dst, { 0x40000, PG, b1 + PG, RO }, { 0x40000 + 4 * PG, PG, b3, RO });
	/* Automatic placement of a spanning copy: aligned from the first
	 * piece's user address (b1 + 1 page: one page). */
	iova = 0;
	SCN_OK(iopt_ioas_copy(dst, &iova, src, 0x10000 + PG, 2 * PG, RO));
	SCN_EQ(iova, PG);
	SCN_AREAS(dst, { PG, PG, b1 + PG, RO }, { 2 * PG, PG, b2, RO },
		  { 0x40000, PG, b1 + PG, RO }, { 0x40000 + 4 * PG, PG, b3, RO });
}

SCENARIO(copy, gap_is_enoent)
{
	struct iopt_ioas *src = scn_ioas(s), *dst = scn_ioas(s);
	char *buf = scn_mem(s, 4 * PG);
	uint64_t iova = 0x80000;

	SCN_MAP_FIXED(src, buf, 2 * PG, 0x10000, RW);
	SCN_MAP_FIXED(src, buf, 2 * PG, 0x10000 + 3 * PG, RW);
	/* across the one-page gap */
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, 5 * PG, RW | FIXED),
			  -ENOENT);
	/* from a hole */
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000 + 2 * PG, PG, RW | FIXED),
			  -ENOENT);
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0, PG, RW), -ENOENT);
	/* running one byte past the end of an area */
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, 2 * PG + 1, RW | FIXED),
			  -ENOENT);
	/* starting one byte before an area */
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000 - 1, 2, RW), -ENOENT);
	/* from an empty IOAS */
	SCN_ERR_UNCHANGED(src, iopt_ioas_copy(src, &iova, dst, 0x10000, PG, RW), -ENOENT);
	SCN_EQ(iova, 0x80000);
	SCN_EQ(scn_nareas(src), 2);
}

SCENARIO(copy, same_ioas)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	char *buf = scn_mem_aligned(s, 4 * PG, SZ_4M);
	uint64_t iova = 0x50000;

	SCN_MAP_FIXED(ioas, buf, 4 * PG, PG, RW);
	SCN_OK(iopt_ioas_copy(ioas, &iova, ioas, PG, 4 * PG, RW | FIXED));
	/* automatic: lowest fit after the source (4-page aligned: 8 pages) */
	iova = 0;
	SCN_OK(iopt_ioas_copy(ioas, &iova, ioas, PG, 4 * PG, RO));
	SCN_EQ(iova, 8 * PG);
	SCN_AREAS(ioas, { PG, 4 * PG, buf, RW }, { 8 * PG, 4 * PG, buf, RO },
		  { 0x50000, 4 * PG, buf, RW });
	/* onto itself: EEXIST */
	iova = PG;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_copy(ioas, &iova, ioas, PG, 4 * PG, RW | FIXED),
			  -EEXIST);
	/* a copy of a copy */
	iova = 0x90000;
	SCN_OK(iopt_ioas_copy(ioas, &iova, ioas, 0x50000 + PG, PG, RW | FIXED));
	SCN_LOOKUP(ioas, 0x90000, 0x90000, PG, buf + PG, RW);
}

SCENARIO(copy, source_alignment_ignored)
{
	struct iopt_ioas *src = scn_ioas(s), *dst = scn_ioas(s), *dst2 = scn_ioas(s);
	char *buf = scn_mem(s, 4 * PG);
	uint64_t iova;

	SCN_MAP_FIXED(src, buf, 4 * PG, 0x10000, RW);
	SCN_OK(iopt_ioas_set_option(src, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	SCN_EQ(scn_alignment(src), PG);
	/* Unaligned source IOVA and length: fine (dst alignment is 1). */
	iova = 0x5010;
	SCN_OK(iopt_ioas_copy(dst, &iova, src, 0x10000 + 0x10, PG, RW | FIXED));
	iova = 0x9000;
	SCN_OK(iopt_ioas_copy(dst, &iova, src, 0x10000 + 3, 5, RW | FIXED));
	SCN_AREAS(dst, { 0x5010, PG, buf + 0x10, RW }, { 0x9000, 5, buf + 3, RW });
	/* The destination's alignment is enforced. */
	SCN_OK(iopt_ioas_set_option(dst2, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	iova = 0x5000;
	SCN_ERR_UNCHANGED(dst2, iopt_ioas_copy(dst2, &iova, src, 0x10000, PG + 1, RW | FIXED),
			  -EINVAL);
	iova = 0x5010;
	SCN_ERR_UNCHANGED(dst2, iopt_ioas_copy(dst2, &iova, src, 0x10000, PG, RW | FIXED),
			  -EINVAL);
	iova = 0x5000;
	SCN_ERR_UNCHANGED(dst2, iopt_ioas_copy(dst2, &iova, src, 0x10000 + 0x10, PG, RW | FIXED),
			  -EINVAL);
	SCN_OK(iopt_ioas_copy(dst2, &iova, src, 0x10000 + PG, PG, RW | FIXED));
	SCN_AREAS(dst2, { 0x5000, PG, buf + PG, RW });
}

SCENARIO(copy, writeable_over_read_only_is_eperm)
{
	struct iopt_ioas *src = scn_ioas(s), *dst = scn_ioas(s);
	char *buf = scn_mem(s, 4 * PG);
	uint64_t iova = 0x80000;

	SCN_MAP_FIXED(src, buf, 2 * PG, 0x10000, RO);
	SCN_MAP_FIXED(src, buf, 2 * PG, 0x10000 + 2 * PG, RW);
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, PG, RW | FIXED), -EPERM);
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, PG,
					      IOPT_MAP_WRITEABLE | FIXED), -EPERM);
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, PG, RW), -EPERM);
	/* a spanning copy where only the first piece is read-only */
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000 + PG, 2 * PG, RW | FIXED),
			  -EPERM);
	/* ... and where only the second is */
	SCN_MAP_FIXED(src, buf, PG, 0x10000 + 4 * PG, RO);
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000 + 3 * PG, 2 * PG,
					      RW | FIXED), -EPERM);
	SCN_EQ(iova, 0x80000);
	/* Read-only copies are fine; writeable from the writeable area too. */
	SCN_OK(iopt_ioas_copy(dst, &iova, src, 0x10000, 3 * PG, RO | FIXED));
	iova = 0x90000;
	SCN_OK(iopt_ioas_copy(dst, &iova, src, 0x10000 + 2 * PG, 2 * PG,
			      IOPT_MAP_WRITEABLE | FIXED));
	SCN_AREAS(dst, { 0x80000, 2 * PG, buf, RO }, { 0x80000 + 2 * PG, PG, buf, RO },
		  { 0x90000, 2 * PG, buf, IOPT_MAP_WRITEABLE });
	/* Placement errors come before EPERM. */
	iova = 0x80000;
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, PG, RW | FIXED), -EEXIST);
	iova = UINT64_MAX - 1;
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, PG, RW | FIXED),
			  -EOVERFLOW);
}

SCENARIO(copy, auto_placement_uses_source_user_va)
{
	struct iopt_ioas *src = scn_ioas(s), *a = scn_ioas(s), *b = scn_ioas(s);
	char *buf = scn_mem_aligned(s, SZ_4M, SZ_4M);
	uint64_t iova = 0;

	/* Source IOVA 1 MiB aligned, user address only 2 pages aligned. */
	SCN_MAP_FIXED(src, buf + 2 * PG, 16 * PG, SZ_1M, RW);
	SCN_OK(iopt_ioas_copy(a, &iova, src, SZ_1M, 16 * PG, RW));
	SCN_EQ(iova, 2 * PG);
	SCN_AREAS(a, { 2 * PG, 16 * PG, buf + 2 * PG, RW });
	/* The user address behind src_iova, with its sub-page offset. */
	iova = 0;
	SCN_OK(iopt_ioas_copy(b, &iova, src, SZ_1M + 0x10, 0x100, RW));
	SCN_EQ(iova, PG | 0x10);
	SCN_AREAS(b, { PG | 0x10, 0x100, buf + 2 * PG + 0x10, RW });
}

SCENARIO(copy, unmapping_source_keeps_copy)
{
	struct iopt_ioas *src = scn_ioas(s), *dst = scn_ioas(s);
	char *buf = scn_mem(s, 8 * PG);
	uint64_t iova = 0x70000, unmapped;

	SCN_MAP_FIXED(src, buf, 8 * PG, 0x10000, RW);
	SCN_OK(iopt_ioas_copy(dst, &iova, src, 0x10000 + 2 * PG, 4 * PG, RW | FIXED));
	SCN_OK(iopt_ioas_unmap(src, 0, UINT64_MAX, &unmapped));
	SCN_EQ(unmapped, 8 * PG);
	SCN_AREAS(dst, { 0x70000, 4 * PG, buf + 2 * PG, RW });
	iopt_ioas_free(src);
	SCN_LOOKUP(dst, 0x70000 + 4 * PG - 1, 0x70000, 4 * PG, buf + 2 * PG, RW);
	/* and the copy still copies */
	iova = 0x90000;
	SCN_OK(iopt_ioas_copy(dst, &iova, dst, 0x70000, PG, RO | FIXED));
	SCN_LOOKUP(dst, 0x90000, 0x90000, PG, buf + 2 * PG, RO);
	/* unmapping the copy leaves the other alone */
	SCN_OK(iopt_ioas_unmap(dst, 0x70000, 4 * PG, NULL));
	SCN_AREAS(dst, { 0x90000, PG, buf + 2 * PG, RO });
}

SCENARIO(copy, argument_checks_and_order)
{
	struct iopt_ioas *src = scn_ioas(s), *dst = scn_ioas(s);
	char *buf = scn_mem(s, 4 * PG);
	uint64_t iova = 0x80000;

	SCN_MAP_FIXED(src, buf, 4 * PG, 0x10000, RW);
	SCN_MAP_FIXED(src, buf, PG, UINT64_MAX - PG + 1, RW);
	SCN_MAP_FIXED(dst, buf, PG, 0x80000, RW);
	/* 1. unknown flags first */
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, PG, RW | (1u << 3)),
			  -EOPNOTSUPP);
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, UINT64_MAX, 1u << 31),
			  -EOPNOTSUPP);
	/* 2. UINT64_MAX length, src_iova or *dst_iova */
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, UINT64_MAX, RW),
			  -EOVERFLOW);
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, UINT64_MAX, 1, RW | FIXED),
			  -EOVERFLOW);
	iova = UINT64_MAX;
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, PG, RW | FIXED),
			  -EOVERFLOW);
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, PG, RW), -EOVERFLOW);
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, 0, 0), -EOVERFLOW);
	SCN_EQ(iova, UINT64_MAX);
	iova = 0x80000;
	/* 3. no READABLE/WRITEABLE, before length 0 and gaps */
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, PG, FIXED), -EINVAL);
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x50000, PG, 0), -EINVAL);
	/* 4. length 0, before gaps */
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, 0, RW), -EINVAL);
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x50000, 0, RW), -EINVAL);
	/* 5. src_iova + length - 1 wraps (even though the top page is mapped) */
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, UINT64_MAX - PG + 1, PG + 1, RW),
			  -EOVERFLOW);
	/* ... exactly reaching the top is fine */
	iova = 0x100000;
	SCN_OK(iopt_ioas_copy(dst, &iova, src, UINT64_MAX - PG + 1, PG, RW | FIXED));
	/* 6. a gap comes before the destination checks (EEXIST here) */
	iova = 0x80000;
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x50000, PG, RW | FIXED),
			  -ENOENT);
	/* 7. destination placement: overlap, wrap */
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, PG, RW | FIXED),
			  -EEXIST);
	iova = UINT64_MAX - PG + 2;
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, PG, RW | FIXED),
			  -EOVERFLOW);
	SCN_EQ(iova, UINT64_MAX - PG + 2);
}

SCENARIO(copy, dst_reserved_is_einval_and_enospc)
{
	struct iopt_ioas *src = scn_ioas(s), *dst = scn_ioas(s);
	char *buf = scn_mem(s, 4 * PG);
	const struct iopt_iova_range w[] = { { 0x200000, 0x200000 + 2 * PG - 1 } };
	uint64_t iova = 0x100000;

	SCN_MAP_FIXED(src, buf, 4 * PG, 0x10000, RW);
	SCN_RESERVE(dst, 0x100000, SZ_1M);
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, PG, RW | FIXED), -EINVAL);
	iova = 0x100000 - PG;
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, 2 * PG, RW | FIXED),
			  -EINVAL);
	SCN_OK(iopt_ioas_allow_iovas(dst, w, 1));
	iova = 0;
	SCN_ERR_UNCHANGED(dst, iopt_ioas_copy(dst, &iova, src, 0x10000, 4 * PG, RW), -ENOSPC);
	SCN_OK(iopt_ioas_copy(dst, &iova, src, 0x10000, 2 * PG, RW));
	SCN_EQ(iova, 0x200000);
}

SCENARIO(copy, eperm_follows_the_memory_not_the_area)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	char *buf = scn_mem(s, 2 * PG);
	uint64_t iova = 0x20000;

	/* A read-only copy of writeable memory can be copied writeable again:
	 * EPERM is about how the memory was first mapped. */
	SCN_MAP_FIXED(ioas, buf, 2 * PG, 0x10000, RW);
	SCN_OK(iopt_ioas_copy(ioas, &iova, ioas, 0x10000, 2 * PG, RO | FIXED));
	iova = 0x30000;
	SCN_OK(iopt_ioas_copy(ioas, &iova, ioas, 0x20000, PG, RW | FIXED));
	SCN_LOOKUP(ioas, 0x30000, 0x30000, PG, buf, RW);
	/* and a read-only map stays read-only through copies */
	SCN_MAP_FIXED(ioas, buf, PG, 0x40000, RO);
	iova = 0x50000;
	SCN_OK(iopt_ioas_copy(ioas, &iova, ioas, 0x40000, PG, RO | FIXED));
	iova = 0x60000;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_copy(ioas, &iova, ioas, 0x50000, PG, RW | FIXED), -EPERM);
}
