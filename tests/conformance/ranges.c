// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iopt_ioas_iova_ranges() (reference 3.3): holes of the reserved ranges,
 * EMSGSIZE with partial fill and the total count, alignment reported,
 * areas and allowed ranges invisible.
 */
#include "scenario.h"

#define PG (s->page_size)

SCENARIO(iova_ranges, fresh_and_emsgsize)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	struct iopt_iova_range r[3];
	uint32_t num = 0;
	uint64_t align = 0;

	/* Capacity 0: EMSGSIZE, total 1, alignment written all the same. */
	SCN_ERR(iopt_ioas_iova_ranges(ioas, NULL, &num, &align), -EMSGSIZE);
	SCN_EQ(num, 1);
	SCN_EQ(align, 1);
	num = 0;
	SCN_ERR(iopt_ioas_iova_ranges(ioas, r, &num, NULL), -EMSGSIZE);
	SCN_EQ(num, 1);
	/* Capacity larger than needed. */
	memset(r, 0x5a, sizeof(r));
	num = 3;
	align = 0;
	SCN_OK(iopt_ioas_iova_ranges(ioas, r, &num, &align));
	SCN_EQ(num, 1);
	SCN_EQ(r[0].start, 0);
	SCN_EQ(r[0].last, UINT64_MAX);
	SCN_EQ(r[1].start, 0x5a5a5a5a5a5a5a5aull);
	SCN_EQ(align, 1);
}

SCENARIO(iova_ranges, holes_of_reserved)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	struct iopt_iova_range r[8];
	uint64_t align;
	uint32_t n;

	SCN_RESERVE(ioas, 0x10000, 0x10000);
	SCN_RESERVE(ioas, 0x1000, 0x1000);
	n = scn_ranges(ioas, r, &align);
	SCN_EQ(n, 3);
	SCN_EQ(r[0].start, 0);
	SCN_EQ(r[0].last, 0xfff);
	SCN_EQ(r[1].start, 0x2000);
	SCN_EQ(r[1].last, 0xffff);
	SCN_EQ(r[2].start, 0x20000);
	SCN_EQ(r[2].last, UINT64_MAX);
	/* Overlapping and adjacent reservations merge into one hole border. */
	SCN_RESERVE(ioas, 0x18000, 0x10000);
	SCN_RESERVE(ioas, 0x28000, 0x8000);
	SCN_RESERVE(ioas, 0x11000, 0x1000);
	n = scn_ranges(ioas, r, &align);
	SCN_EQ(n, 3);
	SCN_EQ(r[2].start, 0x30000);
	SCN_EQ(r[2].last, UINT64_MAX);
	/* At both ends of the space. */
	SCN_RESERVE(ioas, 0, 1);
	SCN_RESERVE(ioas, UINT64_MAX - PG + 1, PG);
	n = scn_ranges(ioas, r, &align);
	SCN_EQ(n, 3);
	SCN_EQ(r[0].start, 1);
	SCN_EQ(r[0].last, 0xfff);
	SCN_EQ(r[2].start, 0x30000);
	SCN_EQ(r[2].last, UINT64_MAX - PG);
	SCN_EQ(align, 1);
}

SCENARIO(iova_ranges, emsgsize_partial_fill)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	struct iopt_iova_range r[4];
	uint32_t num = 2;
	uint64_t align = 0;

	SCN_RESERVE(ioas, 0x1000, 0x1000);
	SCN_RESERVE(ioas, 0x3000, 0x1000);
	SCN_RESERVE(ioas, 0x5000, 0x1000);
	memset(r, 0x5a, sizeof(r));
	SCN_ERR(iopt_ioas_iova_ranges(ioas, r, &num, &align), -EMSGSIZE);
	SCN_EQ(num, 4);
	SCN_EQ(align, 1);
	SCN_EQ(r[0].start, 0);
	SCN_EQ(r[0].last, 0xfff);
	SCN_EQ(r[1].start, 0x2000);
	SCN_EQ(r[1].last, 0x2fff);
	SCN_EQ(r[2].start, 0x5a5a5a5a5a5a5a5aull); /* past the capacity: untouched */
	num = 4;
	SCN_OK(iopt_ioas_iova_ranges(ioas, r, &num, &align));
	SCN_EQ(num, 4);
	SCN_EQ(r[3].start, 0x6000);
	SCN_EQ(r[3].last, UINT64_MAX);
}

SCENARIO(iova_ranges, whole_space_reserved)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	struct iopt_iova_range r[2] = { { 7, 7 } };
	uint32_t num = 2;
	uint64_t align = 0;

	SCN_RESERVE(ioas, 0, 1ull << 63);
	SCN_RESERVE(ioas, 1ull << 63, 1ull << 63);
	SCN_OK(iopt_ioas_iova_ranges(ioas, r, &num, &align));
	SCN_EQ(num, 0);
	SCN_EQ(r[0].start, 7);
	num = 0;
	SCN_OK(iopt_ioas_iova_ranges(ioas, NULL, &num, &align));
	SCN_EQ(num, 0);
}

SCENARIO(iova_ranges, areas_and_allowed_invisible_alignment_shown)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	const struct iopt_iova_range w[] = { { 0x100000, 0x1fffff } };
	struct iopt_iova_range r[4];
	void *buf = scn_mem(s, PG);
	uint64_t align = 0;

	SCN_MAP_FIXED(ioas, buf, PG, 0x5000, RW);
	SCN_OK(iopt_ioas_allow_iovas(ioas, w, 1));
	SCN_EQ(scn_ranges(ioas, r, &align), 1);
	SCN_EQ(r[0].start, 0);
	SCN_EQ(r[0].last, UINT64_MAX);
	SCN_EQ(align, 1);
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	SCN_EQ(scn_ranges(ioas, r, &align), 1);
	SCN_EQ(align, PG);
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 1));
	SCN_EQ(scn_alignment(ioas), 1);
}
