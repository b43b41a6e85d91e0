// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iopt_ioas_area_lookup() and iopt_ioas_area_foreach(): info fields, the
 * size rules of struct iopt_area_info, ENOENT in holes, range filtering,
 * order, early stop, and callbacks that map/unmap during the walk.
 */
#include "scenario.h"

#define PG (s->page_size)

SCENARIO(lookup, info_fields_and_holes)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	char *buf = scn_mem(s, 4 * PG);

	SCN_MAP_FIXED(ioas, buf + 8, 0x100, 0x1008, RO);
	SCN_MAP_FIXED(ioas, buf, 2 * PG, 0x10000, RW);
	SCN_MAP_FIXED(ioas, buf, 2, UINT64_MAX - 1, IOPT_MAP_WRITEABLE);
	SCN_LOOKUP(ioas, 0x1008, 0x1008, 0x100, buf + 8, RO);
	SCN_LOOKUP(ioas, 0x1107, 0x1008, 0x100, buf + 8, RO);
	SCN_LOOKUP(ioas, 0x10000 + 2 * PG - 1, 0x10000, 2 * PG, buf, RW);
	SCN_LOOKUP(ioas, UINT64_MAX, UINT64_MAX - 1, 2, buf, IOPT_MAP_WRITEABLE);
	SCN_NO_LOOKUP(ioas, 0);
	SCN_NO_LOOKUP(ioas, 0x1007);
	SCN_NO_LOOKUP(ioas, 0x1108);
	SCN_NO_LOOKUP(ioas, 0xffff);
	SCN_NO_LOOKUP(ioas, 0x10000 + 2 * PG);
	SCN_NO_LOOKUP(ioas, UINT64_MAX - 2);
}

SCENARIO(lookup, info_size_rules)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	char *buf = scn_mem(s, PG);
	struct {
		struct iopt_area_info i;
		uint64_t tail[2];
	} big;
	struct iopt_area_info info;

	SCN_MAP_FIXED(ioas, buf, PG, 0x10000, RW);
	/* too small */
	memset(&info, 0x5a, sizeof(info));
	info.size = 0;
	SCN_ERR(iopt_ioas_area_lookup(ioas, 0x10000, &info), -EINVAL);
	info.size = 4;
	SCN_ERR(iopt_ioas_area_lookup(ioas, 0x10000, &info), -EINVAL);
	info.size = 24; /* offsetof(user_va): still below the first version (32) */
	SCN_ERR(iopt_ioas_area_lookup(ioas, 0x10000, &info), -EINVAL);
	info.size = sizeof(info) - 1;
	SCN_ERR(iopt_ioas_area_lookup(ioas, 0x10000, &info), -EINVAL);
	SCN_EQ(info.iova, 0x5a5a5a5a5a5a5a5aull); /* nothing written */
	/* too small wins over "no area here" */
	SCN_ERR(iopt_ioas_area_lookup(ioas, 0x50000, &info), -EINVAL);
	/* larger than known: the tail is not written, size says what was */
	memset(&big, 0x5a, sizeof(big));
	big.i.size = sizeof(big);
	SCN_OK(iopt_ioas_area_lookup(ioas, 0x10000, &big.i));
	SCN_EQ(big.i.size, sizeof(struct iopt_area_info));
	SCN_EQ(big.i.iova, 0x10000);
	SCN_EQ(big.i.user_va, (uintptr_t)buf);
	SCN_EQ(big.tail[0], 0x5a5a5a5a5a5a5a5aull);
	SCN_EQ(big.tail[1], 0x5a5a5a5a5a5a5a5aull);
}

struct walk {
	struct scn *s;
	struct iopt_ioas *ioas;
	int n;
	uint64_t iova[64];
	uint64_t length[64];
	int stop_at;   /* return 42 at this call (1-based), 0 = never */
	int action;    /* what the callback does on its first call */
	const void *buf;
	int rc;
};

static int walk_fn(const struct iopt_area_info *info, void *arg)
{
	struct walk *w = arg;
	uint64_t PGSZ = w->s->page_size, iova;

	if (w->n < 64) {
		w->iova[w->n] = info->iova;
		w->length[w->n] = info->length;
	}
	w->n++;
	if (w->n == 1) {
		switch (w->action) {
		case 1: /* unmap the area being reported */
			w->rc = iopt_ioas_unmap(w->ioas, info->iova, info->length, NULL);
			break;
		case 2: /* unmap a later area: not seen */
			w->rc = iopt_ioas_unmap(w->ioas, 0x30000, PGSZ, NULL);
			break;
		case 3: /* map behind the walk point: seen; in front: not seen */
			iova = 0x28000;
			w->rc = iopt_ioas_map(w->ioas, (void *)w->buf, PGSZ, &iova, RW | FIXED);
			iova = 0x1000;
			w->rc |= iopt_ioas_map(w->ioas, (void *)w->buf, PGSZ, &iova, RW | FIXED);
			break;
		case 4: { /* lookups do not deadlock in a callback */
			struct iopt_area_info i = { .size = sizeof(i) };

			w->rc = iopt_ioas_area_lookup(w->ioas, info->iova, &i);
			break;
		}
		}
	}
	return w->n == w->stop_at ? 42 : 0;
}

static void setup_three(struct scn *s, struct iopt_ioas *ioas, void *buf)
{
	SCN_MAP_FIXED(ioas, buf, PG, 0x10000, RW);
	SCN_MAP_FIXED(ioas, buf, 2 * PG, 0x20000, RW);
	SCN_MAP_FIXED(ioas, buf, PG, 0x30000, RW);
}

SCENARIO(foreach, order_and_range_filter)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 2 * PG);
	struct walk w = { .s = s, .ioas = ioas };

	SCN_OK(iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, walk_fn, &w));
	SCN_EQ(w.n, 0);
	/* mapped out of order */
	SCN_MAP_FIXED(ioas, buf, PG, 0x30000, RW);
	SCN_MAP_FIXED(ioas, buf, PG, 0x10000, RW);
	SCN_MAP_FIXED(ioas, buf, 2 * PG, 0x20000, RW);
	SCN_OK(iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, walk_fn, &w));
	SCN_EQ(w.n, 3);
	SCN_EQ(w.iova[0], 0x10000);
	SCN_EQ(w.iova[1], 0x20000);
	SCN_EQ(w.iova[2], 0x30000);
	SCN_EQ(w.length[1], 2 * PG);
	/* areas that only intersect the range are reported */
	w.n = 0;
	SCN_OK(iopt_ioas_area_foreach(ioas, 0x10000 + PG - 1, 0x20000 - 0x10000 - PG + 2, walk_fn,
				      &w));
	SCN_EQ(w.n, 2);
	SCN_EQ(w.iova[0], 0x10000);
	SCN_EQ(w.iova[1], 0x20000);
	w.n = 0;
	SCN_OK(iopt_ioas_area_foreach(ioas, 0x20000 + PG, 1, walk_fn, &w));
	SCN_EQ(w.n, 1);
	SCN_EQ(w.iova[0], 0x20000);
	/* a hole */
	w.n = 0;
	SCN_OK(iopt_ioas_area_foreach(ioas, 0x10000 + PG, 0x1000, walk_fn, &w));
	SCN_EQ(w.n, 0);
	/* the range reaching UINT64_MAX exactly */
	w.n = 0;
	SCN_OK(iopt_ioas_area_foreach(ioas, 0x30000, UINT64_MAX - 0x30000 + 1, walk_fn, &w));
	SCN_EQ(w.n, 1);
}

SCENARIO(foreach, argument_checks)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	struct walk w = { .s = s, .ioas = ioas };

	SCN_ERR(iopt_ioas_area_foreach(ioas, 0x1000, 0, walk_fn, &w), -EINVAL);
	SCN_ERR(iopt_ioas_area_foreach(ioas, 0x1000, UINT64_MAX, walk_fn, &w), -EOVERFLOW);
	SCN_ERR(iopt_ioas_area_foreach(ioas, UINT64_MAX, 2, walk_fn, &w), -EOVERFLOW);
	SCN_OK(iopt_ioas_area_foreach(ioas, UINT64_MAX, 1, walk_fn, &w));
	SCN_EQ(w.n, 0);
}

SCENARIO(foreach, nonzero_return_stops)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 2 * PG);
	struct walk w = { .s = s, .ioas = ioas, .stop_at = 2 };

	setup_three(s, ioas, buf);
	SCN_EQ(iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, walk_fn, &w), 42);
	SCN_EQ(w.n, 2);
	w.n = 0;
	w.stop_at = 1;
	SCN_EQ(iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, walk_fn, &w), 42);
	SCN_EQ(w.n, 1);
	SCN_EQ(scn_nareas(ioas), 3);
}

SCENARIO(foreach, callback_unmaps_current_area)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 2 * PG);
	struct walk w = { .s = s, .ioas = ioas, .action = 1 };

	setup_three(s, ioas, buf);
	SCN_OK(iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, walk_fn, &w));
	SCN_EQ(w.rc, 0);
	SCN_EQ(w.n, 3);
	SCN_EQ(w.iova[1], 0x20000);
	SCN_EQ(w.iova[2], 0x30000);
	SCN_AREAS(ioas, { 0x20000, 2 * PG, buf, RW }, { 0x30000, PG, buf, RW });
}

SCENARIO(foreach, callback_unmaps_later_area)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 2 * PG);
	struct walk w = { .s = s, .ioas = ioas, .action = 2 };

	setup_three(s, ioas, buf);
	SCN_OK(iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, walk_fn, &w));
	SCN_EQ(w.rc, 0);
	SCN_EQ(w.n, 2);
	SCN_EQ(w.iova[1], 0x20000);
}

SCENARIO(foreach, callback_maps_during_walk)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 2 * PG);
	struct walk w = { .s = s, .ioas = ioas, .action = 3, .buf = buf };

	setup_three(s, ioas, buf);
	SCN_OK(iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, walk_fn, &w));
	SCN_EQ(w.rc, 0);
	SCN_EQ(w.n, 4);
	SCN_EQ(w.iova[0], 0x10000);
	SCN_EQ(w.iova[1], 0x20000);
	SCN_EQ(w.iova[2], 0x28000);
	SCN_EQ(w.iova[3], 0x30000);
	SCN_EQ(scn_nareas(ioas), 5);
}

SCENARIO(foreach, callback_may_lookup)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	void *buf = scn_mem(s, 2 * PG);
	struct walk w = { .s = s, .ioas = ioas, .action = 4 };

	setup_three(s, ioas, buf);
	SCN_OK(iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, walk_fn, &w));
	SCN_EQ(w.rc, 0);
	SCN_EQ(w.n, 3);
}
