// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * IOAS options (reference 3.8): HUGE_PAGES get/set, the alignment it
 * implies, EADDRINUSE with the setting reverted, bad values, unknown
 * options.
 */
#include "scenario.h"

#define PG (s->page_size)

static uint64_t huge(struct scn *s, struct iopt_ioas *ioas)
{
	uint64_t v = 42;

	(void)s;
	SCN_OK(iopt_ioas_get_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, &v));
	return v;
}

SCENARIO(option, huge_pages_get_set)
{
	struct iopt_ioas *ioas = scn_ioas(s);

	SCN_EQ(huge(s, ioas), 1);
	SCN_EQ(scn_alignment(ioas), 1);
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	SCN_EQ(huge(s, ioas), 0);
	SCN_EQ(scn_alignment(ioas), PG);
	/* setting 0 again is a no-op */
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	SCN_EQ(huge(s, ioas), 0);
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 1));
	SCN_EQ(huge(s, ioas), 1);
	SCN_EQ(scn_alignment(ioas), 1);
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 1));
}

SCENARIO(option, huge_pages_bad_values)
{
	struct iopt_ioas *ioas = scn_ioas(s);

	SCN_ERR_UNCHANGED(ioas, iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 2),
			  -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES,
						     UINT64_MAX), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES,
						     1ull << 32), -EINVAL);
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 3),
			  -EINVAL);
	SCN_EQ(huge(s, ioas), 0);
}

SCENARIO(option, unknown_option_eopnotsupp)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	uint64_t v = 0x77;

	/* 0 is iommufd's global RLIMIT_MODE, not an IOAS option */
	const uint32_t bad[] = { 0, 2, 3, 99, 0x10001, UINT32_MAX };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		SCN_ERR_UNCHANGED(ioas, iopt_ioas_set_option(ioas, bad[i], 0), -EOPNOTSUPP);
		SCN_ERR_UNCHANGED(ioas, iopt_ioas_set_option(ioas, bad[i], 1), -EOPNOTSUPP);
		SCN_ERR(iopt_ioas_get_option(ioas, bad[i], &v), -EOPNOTSUPP);
		SCN_EQ(v, 0x77);
	}
}

SCENARIO(option, huge_pages_off_eaddrinuse_reverts)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	char *buf = scn_mem(s, 4 * PG);

	/* IOVA not page aligned */
	SCN_MAP_FIXED(ioas, buf, PG, 0x10000 + 0x10, RW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0),
			  -EADDRINUSE);
	SCN_EQ(huge(s, ioas), 1);
	SCN_EQ(scn_alignment(ioas), 1);
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL));
	/* length not a page multiple */
	SCN_MAP_FIXED(ioas, buf, PG + 1, 0x10000, RW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0),
			  -EADDRINUSE);
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL));
	/* user address with a sub-page offset */
	SCN_MAP_FIXED(ioas, buf + 0x100, PG, 0x10000, RW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0),
			  -EADDRINUSE);
	/* ... also when only one area of many is bad */
	SCN_MAP_FIXED(ioas, buf, PG, 0x20000, RW);
	SCN_MAP_FIXED(ioas, buf, PG, 0x30000, RW);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0),
			  -EADDRINUSE);
	SCN_OK(iopt_ioas_unmap(ioas, 0x10000, PG, NULL));
	/* all aligned: fine, and the areas stay */
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	SCN_EQ(scn_alignment(ioas), PG);
	SCN_AREAS(ioas, { 0x20000, PG, buf, RW }, { 0x30000, PG, buf, RW });
	/* and back: sub-page maps work again */
	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 1));
	SCN_MAP_FIXED(ioas, buf + 1, 3, 0x40001, RW);
}

SCENARIO(option, huge_pages_off_alignment_rules)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	char *buf = scn_mem(s, 4 * PG);
	uint64_t iova = 0x10000;

	SCN_OK(iopt_ioas_set_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, 0));
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG - 1, &iova, RW | FIXED), -EINVAL);
	iova = 0x10100;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf, PG, &iova, RW | FIXED), -EINVAL);
	iova = 0x10000;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map(ioas, buf + 0x100, PG, &iova, RW | FIXED), -EINVAL);
	SCN_MAP_FIXED(ioas, buf + PG, 2 * PG, 0x10000, RW);
	/* automatic: aligned to at least a page */
	iova = SCN_MAP_AUTO(ioas, buf, PG, RW);
	SCN_EQ(iova % PG, 0);
}
