/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * An IOAS state snapshot taken through the public API only: every area with
 * every field, the IOVA ranges and alignment, the option values, and a probe
 * of automatic placement (which is how the allowed list, otherwise
 * invisible, shows). Two snapshots are equal iff the IOAS is unchanged as
 * far as a user can tell. Used by the conformance suite ("a failing call
 * leaves the IOAS unchanged") and by the fail-nth sweep.
 *
 * Header-only; every function is static.
 */
#ifndef SCN_SNAPSHOT_H
#define SCN_SNAPSHOT_H

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libiopt.h"

#define SNAP_MAX_RANGES 64
#define SNAP_NPROBES 3

struct snap {
	size_t nareas;
	struct iopt_area_info *areas;
	int foreach_rc;
	int ranges_rc;
	uint32_t nranges;
	struct iopt_iova_range ranges[SNAP_MAX_RANGES];
	uint64_t alignment;
	int huge_rc;
	uint64_t huge;
	/* Automatic placement probes: rc and IOVA of a map + unmap. */
	int probe_rc[SNAP_NPROBES];
	uint64_t probe_iova[SNAP_NPROBES];
	int probe_unmap_rc[SNAP_NPROBES];
};

struct snap_collect {
	size_t n, cap;
	struct iopt_area_info *a;
};

static __attribute__((unused)) int snap_collect_fn(const struct iopt_area_info *info,
						   void *arg)
{
	struct snap_collect *c = arg;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct iopt_area_info *a = realloc(c->a, cap * sizeof(*a));

		if (!a)
			return -ENOMEM;
		c->a = a;
		c->cap = cap;
	}
	c->a[c->n++] = *info;
	return 0;
}

/* A user address that is never touched: no domain means nothing is pinned.
 * Its lowest set bit is high, so the probe alignment comes from the length. */
#define SNAP_PROBE_UVA ((void *)(uintptr_t)0x400000000ull)

static __attribute__((unused)) void snap_take(struct iopt_ioas *ioas, struct snap *s,
					      bool probe)
{
	static const uint64_t probe_len[SNAP_NPROBES] = { 4096, 2u << 20, 3 * 4096 };
	struct snap_collect c = { 0 };

	memset(s, 0, sizeof(*s));
	s->foreach_rc = iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, snap_collect_fn, &c);
	s->nareas = c.n;
	s->areas = c.a;
	s->nranges = SNAP_MAX_RANGES;
	s->ranges_rc = iopt_ioas_iova_ranges(ioas, s->ranges, &s->nranges, &s->alignment);
	s->huge_rc = iopt_ioas_get_option(ioas, IOPT_IOAS_OPTION_HUGE_PAGES, &s->huge);
	for (int i = 0; probe && i < SNAP_NPROBES; i++) {
		uint64_t iova = 0;

		s->probe_rc[i] = iopt_ioas_map(ioas, SNAP_PROBE_UVA, probe_len[i], &iova,
					       IOPT_MAP_READABLE);
		if (s->probe_rc[i] == 0) {
			s->probe_iova[i] = iova;
			s->probe_unmap_rc[i] = iopt_ioas_unmap(ioas, iova, probe_len[i], NULL);
		}
	}
}

static __attribute__((unused)) void snap_free(struct snap *s)
{
	free(s->areas);
	s->areas = NULL;
}

static __attribute__((unused)) void snap_fmt_area(char *buf, size_t len,
						  const struct iopt_area_info *a)
{
	snprintf(buf, len, "{iova 0x%" PRIx64 " len 0x%" PRIx64 " uva 0x%" PRIx64
		 " flags 0x%x size %u}", a->iova, a->length, a->user_va, a->flags, a->size);
}

/* Returns true when equal; otherwise describes the first difference. */
static __attribute__((unused)) bool snap_equal(const struct snap *a, const struct snap *b,
					       char *why, size_t len)
{
	char x[160], y[160];

	if (a->foreach_rc != b->foreach_rc || a->ranges_rc != b->ranges_rc ||
	    a->huge_rc != b->huge_rc) {
		snprintf(why, len, "query rc changed: foreach %d->%d ranges %d->%d option %d->%d",
			 a->foreach_rc, b->foreach_rc, a->ranges_rc, b->ranges_rc,
			 a->huge_rc, b->huge_rc);
		return false;
	}
	if (a->nareas != b->nareas) {
		snprintf(why, len, "area count changed: %zu -> %zu", a->nareas, b->nareas);
		return false;
	}
	for (size_t i = 0; i < a->nareas; i++) {
		if (memcmp(&a->areas[i], &b->areas[i], sizeof(a->areas[i]))) {
			snap_fmt_area(x, sizeof(x), &a->areas[i]);
			snap_fmt_area(y, sizeof(y), &b->areas[i]);
			snprintf(why, len, "area %zu changed: %s -> %s", i, x, y);
			return false;
		}
	}
	if (a->nranges != b->nranges) {
		snprintf(why, len, "iova range count changed: %u -> %u", a->nranges, b->nranges);
		return false;
	}
	for (uint32_t i = 0; i < a->nranges && i < SNAP_MAX_RANGES; i++) {
		if (a->ranges[i].start != b->ranges[i].start ||
		    a->ranges[i].last != b->ranges[i].last) {
			snprintf(why, len, "iova range %u changed: [0x%" PRIx64 ", 0x%" PRIx64
				 "] -> [0x%" PRIx64 ", 0x%" PRIx64 "]", i, a->ranges[i].start,
				 a->ranges[i].last, b->ranges[i].start, b->ranges[i].last);
			return false;
		}
	}
	if (a->alignment != b->alignment) {
		snprintf(why, len, "alignment changed: 0x%" PRIx64 " -> 0x%" PRIx64,
			 a->alignment, b->alignment);
		return false;
	}
	if (a->huge != b->huge) {
		snprintf(why, len, "HUGE_PAGES changed: %" PRIu64 " -> %" PRIu64, a->huge, b->huge);
		return false;
	}
	for (int i = 0; i < SNAP_NPROBES; i++) {
		if (a->probe_rc[i] != b->probe_rc[i] || a->probe_iova[i] != b->probe_iova[i] ||
		    a->probe_unmap_rc[i] != b->probe_unmap_rc[i]) {
			snprintf(why, len, "auto-IOVA probe %d changed: rc %d iova 0x%" PRIx64
				 " unmap %d -> rc %d iova 0x%" PRIx64 " unmap %d", i,
				 a->probe_rc[i], a->probe_iova[i], a->probe_unmap_rc[i],
				 b->probe_rc[i], b->probe_iova[i], b->probe_unmap_rc[i]);
			return false;
		}
	}
	return true;
}

#endif
