// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iopt_ioas_allow_iovas() (reference 3.4): [x,x] and start > last rejected,
 * overlaps rejected, EADDRINUSE against reserved ranges with the old list
 * kept, clearing with 0, fixed maps ignore the list, automatic maps are
 * confined to it, existing areas are not checked.
 */
#include "scenario.h"

#define PG (s->page_size)
#define FAR ((char *)(uintptr_t)0x100000000000ull)

/* The first automatic IOVA for one page (the list's only visible effect). */
static uint64_t probe(struct scn *s, struct iopt_ioas *ioas)
{
	uint64_t iova = SCN_MAP_AUTO(ioas, FAR, s->page_size, RW);

	SCN_OK(iopt_ioas_unmap(ioas, iova, s->page_size, NULL));
	return iova;
}

SCENARIO(allow_iovas, bad_ranges_are_einval)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	const struct iopt_iova_range good[] = { { 0x100000, 0x1fffff } };
	const struct iopt_iova_range one_byte[] = { { 0x5000, 0x5000 } };
	const struct iopt_iova_range backwards[] = { { 0x6000, 0x5000 } };
	const struct iopt_iova_range second_bad[] = { { 0x1000, 0x1fff }, { 9, 9 } };
	const struct iopt_iova_range overlap[] = { { 0x5000, 0x6fff }, { 0x1000, 0x5000 } };
	const struct iopt_iova_range dup[] = { { 0x1000, 0x1fff }, { 0x1000, 0x1fff } };
	const struct iopt_iova_range inside[] = { { 0x1000, 0x8fff }, { 0x3000, 0x3fff } };
	const struct iopt_iova_range two_bytes[] = { { 0x5000, 0x5001 } };
	const struct iopt_iova_range touching[] = { { 0x2000, 0x2fff }, { 0x1000, 0x1fff } };
	const struct iopt_iova_range all[] = { { 0, UINT64_MAX } };

	SCN_OK(iopt_ioas_allow_iovas(ioas, good, 1));
	SCN_EQ(probe(s, ioas), 0x100000);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_allow_iovas(ioas, one_byte, 1), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_allow_iovas(ioas, backwards, 1), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_allow_iovas(ioas, second_bad, 2), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_allow_iovas(ioas, overlap, 2), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_allow_iovas(ioas, dup, 2), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_allow_iovas(ioas, inside, 2), -EINVAL);
	/* The old list is still in force. */
	SCN_EQ(probe(s, ioas), 0x100000);
	/* Two bytes and touching ranges are fine; so is the whole space. */
	SCN_OK(iopt_ioas_allow_iovas(ioas, two_bytes, 1));
	SCN_OK(iopt_ioas_allow_iovas(ioas, touching, 2));
	SCN_EQ(probe(s, ioas), 0x1000);
	SCN_OK(iopt_ioas_allow_iovas(ioas, all, 1));
	SCN_EQ(probe(s, ioas), PG);
}

SCENARIO(allow_iovas, replaces_and_clears)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	const struct iopt_iova_range a[] = { { 0x100000, 0x1fffff } };
	const struct iopt_iova_range b[] = { { 0x400000, 0x4fffff } };

	SCN_OK(iopt_ioas_allow_iovas(ioas, a, 1));
	SCN_OK(iopt_ioas_allow_iovas(ioas, b, 1));
	SCN_EQ(probe(s, ioas), 0x400000); /* replaced, not added */
	SCN_OK(iopt_ioas_allow_iovas(ioas, NULL, 0));
	SCN_EQ(probe(s, ioas), PG);
	SCN_OK(iopt_ioas_allow_iovas(ioas, b, 1));
	SCN_OK(iopt_ioas_allow_iovas(ioas, b, 0)); /* num 0 clears whatever ranges says */
	SCN_EQ(probe(s, ioas), PG);
	SCN_OK(iopt_ioas_allow_iovas(ioas, NULL, 0)); /* clearing an empty list */
}

SCENARIO(allow_iovas, reserved_conflict_keeps_old_list)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	const struct iopt_iova_range old[] = { { 0x100000, 0x1fffff } };
	const struct iopt_iova_range bad[] = { { 0x400000, 0x4fffff }, { 0x800000, 0x800fff } };
	const struct iopt_iova_range bad1[] = { { 0x7ff000, 0x800000 } };
	const struct iopt_iova_range bad_and_invalid[] = { { 0x800000, 0x8fffff }, { 7, 7 } };
	const struct iopt_iova_range next[] = { { 0x801000, 0x8fffff }, { 0x700000, 0x7fffff } };

	SCN_RESERVE(ioas, 0x800000, 0x1000);
	SCN_OK(iopt_ioas_allow_iovas(ioas, old, 1));
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_allow_iovas(ioas, bad, 2), -EADDRINUSE);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_allow_iovas(ioas, bad1, 1), -EADDRINUSE);
	/* A malformed range is EINVAL, checked before the reserved ranges. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_allow_iovas(ioas, bad_and_invalid, 2), -EINVAL);
	/* The old list still steers automatic maps and blocks reservations. */
	SCN_EQ(probe(s, ioas), 0x100000);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_add_reserved(ioas, 0x1ff000, 0x2000), -EADDRINUSE);
	/* The new list did not stick either: 0x400000 can be reserved. */
	SCN_RESERVE(ioas, 0x400000, 0x1000);
	/* Right around the reservation is fine. */
	SCN_OK(iopt_ioas_allow_iovas(ioas, next, 2));
	SCN_EQ(probe(s, ioas), 0x700000);
}

SCENARIO(allow_iovas, fixed_maps_ignore_it)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	const struct iopt_iova_range w[] = { { 0x100000, 0x1fffff } };
	void *buf = scn_mem(s, 4 * PG);

	SCN_OK(iopt_ioas_allow_iovas(ioas, w, 1));
	SCN_MAP_FIXED(ioas, buf, PG, 0, RW);
	SCN_MAP_FIXED(ioas, buf, 4 * PG, 0x1ff000, RW); /* straddles its end */
	SCN_MAP_FIXED(ioas, buf, PG, UINT64_MAX - PG + 1, RW);
	SCN_EQ(scn_nareas(ioas), 3);
}

SCENARIO(allow_iovas, auto_maps_confined)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	const struct iopt_iova_range w[] = { { 0x100000, 0x100000 + 4 * PG - 1 } };
	uint64_t iova = 0;

	SCN_OK(iopt_ioas_allow_iovas(ioas, w, 1));
	for (int i = 0; i < 4; i++)
		SCN_EQ(SCN_MAP_AUTO(ioas, FAR, PG, RW), 0x100000 + i * PG);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, FAR, 1, &iova, RW), -ENOSPC);
	/* A fixed map beyond the window is still possible. */
	SCN_MAP_FIXED(ioas, FAR, PG, 0x100000 + 4 * PG, RW);
	SCN_EQ(scn_nareas(ioas), 5);
}

SCENARIO(allow_iovas, existing_areas_not_checked)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	const struct iopt_iova_range w[] = { { 0x100000, 0x1fffff } };
	void *buf = scn_mem(s, PG);

	SCN_MAP_FIXED(ioas, buf, PG, 0x5000, RW);
	SCN_MAP_FIXED(ioas, buf, PG, 0x1ff800, RW);
	SCN_OK(iopt_ioas_allow_iovas(ioas, w, 1));
	SCN_AREAS(ioas, { 0x5000, PG, buf, RW }, { 0x1ff800, PG, buf, RW });
	SCN_EQ(probe(s, ioas), 0x100000);
}
