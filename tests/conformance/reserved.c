// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iopt_ioas_add_reserved() (reference 7.4 ADD_RESERVED, section 2): length 0,
 * wrap, intersections with areas and allowed ranges, overlapping
 * reservations, maps into reserved ranges.
 */
#include "scenario.h"

#define PG (s->page_size)

SCENARIO(reserved, argument_checks)
{
	struct iopt_ioas *ioas = scn_ioas(s);

	SCN_RESERVE(ioas, 0x100000, PG);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_add_reserved(ioas, 0x200000, 0), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_add_reserved(ioas, UINT64_MAX, 2), -EOVERFLOW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_add_reserved(ioas, 2, UINT64_MAX), -EOVERFLOW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_add_reserved(ioas, UINT64_MAX - PG + 2, PG),
			  -EOVERFLOW);
	/* length 0 is checked first */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_add_reserved(ioas, UINT64_MAX, 0), -EINVAL);
	/* Exactly reaching the top is fine; so is one byte. */
	SCN_RESERVE(ioas, UINT64_MAX - PG + 1, PG);
	SCN_RESERVE(ioas, 0x300000, 1);
	SCN_RESERVE(ioas, UINT64_MAX, 1);
}

SCENARIO(reserved, overlapping_reservations_ok)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	struct iopt_iova_range r[4];
	uint64_t align;

	SCN_RESERVE(ioas, 0x100000, 0x10000);
	SCN_RESERVE(ioas, 0x100000, 0x10000); /* identical */
	SCN_RESERVE(ioas, 0x108000, 0x10000); /* overlapping */
	SCN_RESERVE(ioas, 0x104000, 0x1000);  /* inside */
	SCN_EQ(scn_ranges(ioas, r, &align), 2);
	SCN_EQ(r[0].last, 0xfffff);
	SCN_EQ(r[1].start, 0x118000);
}

SCENARIO(reserved, intersecting_area_is_eaddrinuse)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 4 * PG);

	SCN_MAP_FIXED(ioas, buf, 4 * PG, 0x100000, RW);
	SCN_RESERVE(ioas, 0x200000, PG);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_add_reserved(ioas, 0x100000, 4 * PG), -EADDRINUSE);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_add_reserved(ioas, 0x100000 + 4 * PG - 1, 1),
			  -EADDRINUSE);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_add_reserved(ioas, 0xff000, PG + 1), -EADDRINUSE);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_add_reserved(ioas, 0, UINT64_MAX), -EADDRINUSE);
	/* touching is fine */
	SCN_RESERVE(ioas, 0xff000, PG);
	SCN_RESERVE(ioas, 0x100000 + 4 * PG, PG);
	SCN_AREAS(ioas, { 0x100000, 4 * PG, buf, RW });
	/* once the area is gone the range can be reserved */
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL));
	SCN_RESERVE(ioas, 0x100000, 4 * PG);
}

SCENARIO(reserved, intersecting_allowed_is_eaddrinuse)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	const struct iopt_iova_range w[] = { { 0x100000, 0x1fffff }, { 0x400000, 0x4fffff } };

	SCN_RESERVE(ioas, 0x50000, PG);
	SCN_OK(iopt_ioas_allow_iovas(ioas, w, 2));
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_add_reserved(ioas, 0x1ff000, 0x2000), -EADDRINUSE);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_add_reserved(ioas, 0x4fffff, 1), -EADDRINUSE);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_add_reserved(ioas, 0, SZ_4M * 2), -EADDRINUSE);
	SCN_RESERVE(ioas, 0x200000, 0x200000);
	SCN_OK(iopt_ioas_allow_iovas(ioas, NULL, 0));
	SCN_RESERVE(ioas, 0x100000, PG);
}

SCENARIO(reserved, maps_into_reserved)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 4 * PG);
	uint64_t iova;

	SCN_RESERVE(ioas, 0x100000, 0x100000);
	SCN_RESERVE(ioas, 0, 1);
	iova = 0x100000;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, RW | FIXED), -EINVAL);
	iova = 0;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 1, &iova, RW | FIXED), -EINVAL);
	iova = 0x1fffff;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, 1, &iova, RW | FIXED), -EINVAL);
	/* the holes around it map */
	SCN_MAP_FIXED(ioas, buf, 1, 1, RW);
	SCN_MAP_FIXED(ioas, buf, PG, 0x200000, RW);
	SCN_MAP_FIXED(ioas, buf, 0x100000 - 0x1000, 0x1000, RW);
	/* automatic placement skips it */
	SCN_EQ(SCN_MAP_AUTO(ioas, buf, PG, RW), 0x200000 + PG);
}
