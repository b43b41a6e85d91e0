// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "io_pagetable.h"

/* The largest alignment automatic placement asks for (x86 THP size). */
#define HPAGE_SIZE (2ull << 20)
/* A reader that keeps losing to writers takes the lock after this. */
#define OPTIMISTIC_TRIES 64

void iopt_pt_init(struct iopt_pt *pt)
{
	memset(pt, 0, sizeof(*pt));
	iopt_bt_init(&pt->areas);
	iopt_pool_init(&pt->area_pool, sizeof(struct iopt_area));
	pt->iova_alignment = 1;
}

static struct iopt_area *entry_area(void *val)
{
	return (struct iopt_area *)((uintptr_t)val & ~ENTRY_FLAG_BITS);
}

static struct iopt_area *cursor_area(const struct iopt_bt_cursor *c)
{
	return entry_area(iopt_bt_val(c));
}

static uint64_t cursor_last(const struct iopt_bt_cursor *c)
{
	return iopt_bt_aux(c, AUX_LAST);
}

static void area_free(struct iopt_pt *pt, struct iopt_area *area)
{
	iopt_pages_put_cached(&pt->pages_cache, area->pages);
	iopt_pool_put(&pt->area_pool, area);
}

/* Inside a write section: frees every area, then drops the whole tree. */
static void remove_all(struct iopt_pt *pt, uint64_t *bytes)
{
	struct iopt_bt_cursor c;
	uint64_t sum = 0;

	iopt_bt_seek_le(&pt->areas, 0, &c);
	for (; iopt_bt_valid(&c); iopt_bt_next(&c)) {
		sum += cursor_last(&c) - iopt_bt_key(&c) + 1;
		area_free(pt, cursor_area(&c));
	}
	iopt_bt_clear(&pt->areas);
	if (bytes)
		*bytes = sum;
}

void iopt_pt_destroy(struct iopt_pt *pt)
{
	remove_all(pt, NULL);
	iopt_bt_destroy(&pt->areas);
	iopt_pool_destroy(&pt->area_pool);
	iopt_pages_cache_drain(&pt->pages_cache);
	iopt_free(pt->reserved);
	iopt_free(pt->allowed);
}

/* Positions c at the first area intersecting [first, last]; false if none. */
static bool first_area_in(struct iopt_pt *pt, uint64_t first, uint64_t last,
			  struct iopt_bt_cursor *c)
{
	if (iopt_bt_seek_le(&pt->areas, first, c)) {
		if (cursor_last(c) >= first)
			return true;
		iopt_bt_next(c);
	}
	return iopt_bt_valid(c) && iopt_bt_key(c) <= last;
}

static bool reserved_intersects(const struct iopt_pt *pt, uint64_t first,
				uint64_t last)
{
	for (uint32_t i = 0; i < pt->nr_reserved && pt->reserved[i].start <= last; i++)
		if (pt->reserved[i].last >= first)
			return true;
	return false;
}

static bool allowed_intersects(const struct iopt_pt *pt, uint64_t first,
			       uint64_t last)
{
	for (uint32_t i = 0; i < pt->nr_allowed && pt->allowed[i].start <= last; i++)
		if (pt->allowed[i].last >= first)
			return true;
	return false;
}

/* MAP step 7, fixed IOVA. On success c holds the spot to insert at. */
static int check_iova(struct iopt_pt *pt, uint64_t iova, uint64_t length,
		      struct iopt_bt_cursor *c)
{
	uint64_t last;

	if (iova & (pt->iova_alignment - 1))
		return iopt_err(-EINVAL, "IOVA 0x%" PRIx64 " is not aligned to 0x%" PRIx64,
				iova, pt->iova_alignment);
	if (__builtin_add_overflow(iova, length - 1, &last))
		return iopt_err(-EOVERFLOW, "IOVA 0x%" PRIx64 " + length 0x%" PRIx64 " wraps",
				iova, length);
	if (reserved_intersects(pt, iova, last))
		return iopt_err(-EINVAL, "[0x%" PRIx64 ", 0x%" PRIx64 "] intersects a reserved range",
				iova, last);
	if (first_area_in(pt, iova, last, c))
		return iopt_err(-EEXIST, "[0x%" PRIx64 ", 0x%" PRIx64 "] overlaps a mapped area",
				iova, last);
	return 0;
}

/* Automatic placement's test of one hole [start, last] (kernel rule). */
static bool hole_fits(uint64_t start, uint64_t last, uint64_t length,
		      uint64_t align, uint64_t page_offset, uint64_t *iova)
{
	uint64_t cand;

	if (__builtin_add_overflow(start, align - 1, &cand))
		return false;
	cand = (cand & ~(align - 1)) | page_offset;
	if (cand >= last || last - cand < length - 1)
		return false;
	*iova = cand;
	return true;
}

/* The first piece of the free run [s, e] outside the reserved ranges that
 * passes the kernel's test. */
static bool fit_between_reserved(const struct iopt_pt *pt, uint64_t s, uint64_t e,
				 uint64_t length, uint64_t align, uint64_t page_offset,
				 uint64_t *iova)
{
	uint64_t cur = s;

	/* Sorted by start; they may overlap each other. */
	for (uint32_t i = 0; i < pt->nr_reserved && pt->reserved[i].start <= e; i++) {
		const struct iopt_reserved *r = &pt->reserved[i];

		if (r->last < cur)
			continue;
		if (r->start > cur && hole_fits(cur, r->start - 1, length, align, page_offset, iova))
			return true;
		if (r->last >= e)
			return false;
		cur = r->last + 1;
	}
	return hole_fits(cur, e, length, align, page_offset, iova);
}

/*
 * First fit in [lo, hi]: the runs between areas that hold `length` IOVAs,
 * lowest first (each found in O(log n): the tree skips the shorter ones),
 * each tested piece by piece between the reserved ranges.
 */
static bool find_in_window(struct iopt_pt *pt, uint64_t lo, uint64_t hi,
			   uint64_t length, uint64_t align,
			   uint64_t page_offset, uint64_t *iova)
{
	uint64_t pos = lo, start, end;

	if (!hole_fits(lo, hi, length, align, page_offset, iova))
		return false;
	while (iopt_bt_first_gap(&pt->areas, pos, length, &start, &end) && start <= hi) {
		if (fit_between_reserved(pt, start > pos ? start : pos, end < hi ? end : hi,
					 length, align, page_offset, iova))
			return true;
		if (end >= hi)
			return false;
		pos = end + 1;
	}
	return false;
}

/* MAP step 7, automatic IOVA (reference 3.5.1). */
static int alloc_iova(struct iopt_pt *pt, uint64_t uptr, uint64_t length,
		      uint64_t *iova)
{
	uint64_t page_size = iopt_page_size();
	uint64_t lo = page_size, hi = UINT64_MAX - page_size;
	uint64_t align, page_offset = uptr % page_size;

	if (length == 0 || length >= UINT64_MAX / 2)
		return iopt_err(-EOVERFLOW, "length 0x%" PRIx64 " is too large to place",
				length);
	align = length == 1 ? 1 : 1ull << (64 - __builtin_clzll(length - 1));
	if (uptr && (uptr & -uptr) < align)
		align = uptr & -uptr;
	if (align > HPAGE_SIZE)
		align = HPAGE_SIZE;
	if (align < pt->iova_alignment)
		return iopt_err(-EINVAL, "automatic placement alignment 0x%" PRIx64
				" is below the IOAS alignment 0x%" PRIx64,
				align, pt->iova_alignment);

	if (!pt->nr_allowed) {
		if (find_in_window(pt, lo, hi, length, align, page_offset, iova))
			return 0;
		return iopt_err(-ENOSPC, "no free IOVA range fits 0x%" PRIx64 " bytes", length);
	}
	for (uint32_t i = 0; i < pt->nr_allowed;) {
		/* Adjacent allowed ranges make one window. */
		uint64_t ws = pt->allowed[i].start, wl = pt->allowed[i].last;

		for (i++; i < pt->nr_allowed && wl != UINT64_MAX &&
			  pt->allowed[i].start == wl + 1; i++)
			wl = pt->allowed[i].last;
		if (wl < lo || ws > hi)
			continue;
		if (ws < lo)
			ws = lo;
		if (wl > hi)
			wl = hi;
		if (find_in_window(pt, ws, wl, length, align, page_offset, iova))
			return 0;
	}
	return iopt_err(-ENOSPC, "no allowed IOVA range fits 0x%" PRIx64 " bytes", length);
}

/* Areas for the pieces from iova on; the area pool holds nr objects.
 * Inside a write section; -ENOMEM (tree nodes) leaves nothing behind.
 * With `at` (a seek for start), the first one goes in without a descent. */
static int insert_pieces(struct iopt_pt *pt, struct iopt_piece *pieces,
			 uint32_t nr, uint64_t start, uint32_t prot,
			 struct iopt_bt_cursor *at)
{
	uint64_t cur = start;
	uint32_t done;

	for (done = 0; done < nr; done++) {
		struct iopt_area *area = iopt_pool_get(&pt->area_pool);
		struct iopt_piece *pc = &pieces[done];
		struct iopt_bt_slot slot;

		area->pages = pc->pages;
		area->pages_offset = pc->offset;
		slot = (struct iopt_bt_slot){
			.key = cur,
			.ptr = (void *)((uintptr_t)area | prot |
					(pc->pages->fd >= 0 ? IOPT_AREA_FILE : 0)),
			.aux = { [AUX_LAST] = cur + pc->length - 1,
				 [AUX_USER_VA] = pc->pages->uptr + pc->offset },
		};
		if (done == 0 && at ? iopt_bt_insert_at(&pt->areas, at, &slot) :
				      iopt_bt_insert(&pt->areas, &slot)) {
			iopt_pool_put(&pt->area_pool, area);
			break;
		}
		cur += pc->length;
	}
	if (done == nr)
		return 0;
	/* Out of memory for the tree: take back what went in. */
	cur = start;
	for (uint32_t i = 0; i < done; i++) {
		struct iopt_bt_slot removed;

		iopt_bt_remove(&pt->areas, cur, &removed);
		iopt_pool_put(&pt->area_pool, entry_area(removed.ptr));
		cur += pieces[i].length;
	}
	return -ENOMEM;
}

int iopt_pt_map_pieces(struct iopt_pt *pt, struct iopt_piece *pieces,
		       uint32_t nr, uint64_t length, uint64_t *iova,
		       uint32_t flags)
{
	uint32_t prot = flags & (IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE);
	uint64_t page_size = iopt_page_size();
	struct iopt_bt_cursor at, *hint = NULL;
	uint64_t start = *iova;
	int rc;

	if (length & (pt->iova_alignment - 1))
		return iopt_err(-EINVAL, "length 0x%" PRIx64 " is not aligned to 0x%" PRIx64,
				length, pt->iova_alignment);
	if (flags & IOPT_MAP_FIXED_IOVA) {
		rc = check_iova(pt, start, length, &at);
		hint = &at;
	} else
		rc = alloc_iova(pt, pieces[0].pages->uptr + pieces[0].offset,
				length, &start);
	if (rc)
		return rc;
	for (uint32_t i = 0; i < nr; i++) {
		if ((prot & IOPT_MAP_WRITEABLE) && !pieces[i].pages->writable)
			return iopt_err(-EPERM, "writeable copy of memory mapped read-only");
		if (((pieces[i].pages->uptr + pieces[i].offset) % page_size) &
		    (pt->iova_alignment - 1))
			return iopt_err(-EINVAL, "user address offset in its page is not aligned to 0x%" PRIx64,
					pt->iova_alignment);
	}
	if (iopt_pool_reserve(&pt->area_pool, nr))
		return -ENOMEM;
	iopt_seq_write_begin(&pt->seq);
	rc = insert_pieces(pt, pieces, nr, start, prot, hint);
	iopt_seq_write_end(&pt->seq);
	if (!rc)
		*iova = start;
	return rc;
}

void iopt_pt_mirror_insert(struct iopt_pt *pt, struct iopt_piece *pieces,
			   uint32_t nr, uint64_t iova, uint32_t prot)
{
	/* iopt_pt_reserve() made this unable to fail. */
	iopt_seq_write_begin(&pt->seq);
	insert_pieces(pt, pieces, nr, iova, prot, NULL);
	iopt_seq_write_end(&pt->seq);
}

int iopt_pt_collect(struct iopt_pt *pt, uint64_t iova, uint64_t length,
		    struct iopt_piece **out, uint32_t *nr_out)
{
	struct iopt_piece *pieces = NULL;
	struct iopt_bt_cursor c;
	uint32_t nr = 0, cap = 0;
	uint64_t last, pos = iova;
	bool valid;

	if (length == 0)
		return iopt_err(-EINVAL, "length is 0");
	if (__builtin_add_overflow(iova, length - 1, &last))
		return iopt_err(-EOVERFLOW, "IOVA 0x%" PRIx64 " + length 0x%" PRIx64 " wraps",
				iova, length);
	valid = first_area_in(pt, iova, last, &c);
	for (;;) {
		uint64_t piece_last;
		struct iopt_area *area;

		if (!valid || iopt_bt_key(&c) > pos) {
			iopt_pt_pieces_free(pieces, nr);
			return iopt_err(-ENOENT, "source IOVA 0x%" PRIx64 " is not mapped", pos);
		}
		if (nr == cap) {
			struct iopt_piece *grown;

			cap = cap ? 2 * cap : 4;
			grown = iopt_realloc_array(pieces, cap, sizeof(*pieces));
			if (!grown) {
				iopt_pt_pieces_free(pieces, nr);
				return -ENOMEM;
			}
			pieces = grown;
		}
		area = cursor_area(&c);
		piece_last = cursor_last(&c) < last ? cursor_last(&c) : last;
		pieces[nr].pages = area->pages;
		pieces[nr].offset = area->pages_offset + (pos - iopt_bt_key(&c));
		pieces[nr].length = piece_last - pos + 1;
		iopt_pages_get(area->pages);
		nr++;
		if (piece_last == last)
			break;
		pos = piece_last + 1;
		iopt_bt_next(&c);
		valid = iopt_bt_valid(&c);
	}
	*out = pieces;
	*nr_out = nr;
	return 0;
}

void iopt_pt_pieces_free(struct iopt_piece *pieces, uint32_t nr)
{
	for (uint32_t i = 0; i < nr; i++)
		iopt_pages_put(pieces[i].pages);
	iopt_free(pieces);
}

int iopt_pt_unmap_check(struct iopt_pt *pt, uint64_t iova, uint64_t length,
			struct iopt_unmap_plan *plan)
{
	struct iopt_bt_cursor c;
	uint64_t last;

	plan->all = iova == 0 && length == UINT64_MAX;
	plan->nr = 0;
	if (plan->all)
		return 0;
	if (iova == UINT64_MAX || length == UINT64_MAX)
		return iopt_err(-EOVERFLOW, "IOVA or length is UINT64_MAX");
	if (length == 0)
		return iopt_err(-EINVAL, "length is 0");
	if (__builtin_add_overflow(iova, length - 1, &last))
		return iopt_err(-EOVERFLOW, "IOVA 0x%" PRIx64 " + length 0x%" PRIx64 " wraps",
				iova, length);
	/* Check everything first: a failing unmap removes nothing. The
	 * first area's cursor is kept: its removal needs no descent. */
	if (first_area_in(pt, iova, last, &plan->at)) {
		c.leaf = plan->at.leaf;
		c.idx = plan->at.idx;
	} else {
		c.leaf = NULL;
	}
	for (bool in = c.leaf != NULL; in && iopt_bt_key(&c) <= last;
	     iopt_bt_next(&c), in = iopt_bt_valid(&c)) {
		if (iopt_bt_key(&c) < iova || cursor_last(&c) > last)
			return iopt_err(-ENOENT, "area [0x%" PRIx64 ", 0x%" PRIx64
					"] would have to be split", iopt_bt_key(&c), cursor_last(&c));
		plan->nr++;
	}
	if (!plan->nr)
		return iopt_err(-ENOENT, "no area in [0x%" PRIx64 ", 0x%" PRIx64 "]", iova, last);
	plan->last = last;
	return 0;
}

void iopt_pt_unmap_range(struct iopt_pt *pt, struct iopt_unmap_plan *plan,
			 uint64_t *unmapped)
{
	struct iopt_bt_cursor next, *c = &plan->at;
	uint64_t bytes = 0;

	iopt_seq_write_begin(&pt->seq);
	if (plan->all) {
		remove_all(pt, &bytes);
	} else {
		/* The areas are consecutive entries: each removal names the next. */
		for (uint64_t i = 0; i < plan->nr; i++) {
			struct iopt_bt_slot removed;

			iopt_bt_remove_at(&pt->areas, c, &removed);
			bytes += removed.aux[AUX_LAST] - removed.key + 1;
			area_free(pt, entry_area(removed.ptr));
			if (i + 1 < plan->nr) {
				first_area_in(pt, removed.aux[AUX_LAST] + 1, plan->last, &next);
				c = &next;
			}
		}
	}
	iopt_seq_write_end(&pt->seq);
	if (unmapped)
		*unmapped = bytes;
}

int iopt_pt_unmap(struct iopt_pt *pt, uint64_t iova, uint64_t length,
		  uint64_t *unmapped)
{
	struct iopt_unmap_plan plan;
	int rc;

	rc = iopt_pt_unmap_check(pt, iova, length, &plan);
	if (!rc)
		iopt_pt_unmap_range(pt, &plan, unmapped);
	return rc;
}

int iopt_pt_reserve(struct iopt_pt *pt, uint32_t nr)
{
	if (iopt_pool_reserve(&pt->area_pool, nr) ||
	    iopt_bt_reserve(&pt->areas, nr))
		return -ENOMEM;
	return 0;
}

int iopt_pt_iova_ranges(struct iopt_pt *pt, struct iopt_iova_range *ranges,
			uint32_t *num, uint64_t *alignment)
{
	uint32_t cap = *num, total = 0;
	uint64_t pos = 0;
	bool end = false;

	/* The holes between the (possibly overlapping) reserved ranges. */
	for (uint32_t i = 0; i < pt->nr_reserved && !end; i++) {
		const struct iopt_reserved *r = &pt->reserved[i];

		if (r->start > pos) {
			if (total < cap) {
				ranges[total].start = pos;
				ranges[total].last = r->start - 1;
			}
			total++;
		}
		if (r->last >= pos) {
			if (r->last == UINT64_MAX)
				end = true;
			else
				pos = r->last + 1;
		}
	}
	if (!end) {
		if (total < cap) {
			ranges[total].start = pos;
			ranges[total].last = UINT64_MAX;
		}
		total++;
	}
	*num = total;
	if (alignment)
		*alignment = pt->iova_alignment;
	if (total > cap)
		return iopt_err(-EMSGSIZE, "%u IOVA ranges do not fit in %u entries",
				total, cap);
	return 0;
}

static int cmp_range(const void *a, const void *b)
{
	const struct iopt_iova_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

int iopt_pt_set_allowed(struct iopt_pt *pt,
			const struct iopt_iova_range *ranges, uint32_t num)
{
	struct iopt_iova_range *sorted = NULL;
	int rc;

	for (uint32_t i = 0; i < num; i++)
		if (ranges[i].start >= ranges[i].last)
			return iopt_err(-EINVAL, "allowed range %u [0x%" PRIx64 ", 0x%" PRIx64
					"] does not have start < last",
					i, ranges[i].start, ranges[i].last);
	if (num) {
		sorted = iopt_realloc_array(NULL, num, sizeof(*sorted));
		if (!sorted)
			return -ENOMEM;
		memcpy(sorted, ranges, num * sizeof(*sorted));
		qsort(sorted, num, sizeof(*sorted), cmp_range);
	}
	for (uint32_t i = 1; i < num; i++) {
		if (sorted[i].start <= sorted[i - 1].last) {
			rc = iopt_err(-EINVAL, "allowed ranges overlap at 0x%" PRIx64,
				      sorted[i].start);
			goto fail;
		}
	}
	for (uint32_t i = 0; i < num; i++) {
		if (reserved_intersects(pt, sorted[i].start, sorted[i].last)) {
			rc = iopt_err(-EADDRINUSE, "allowed range [0x%" PRIx64 ", 0x%" PRIx64
				      "] intersects a reserved range",
				      sorted[i].start, sorted[i].last);
			goto fail;
		}
	}
	iopt_free(pt->allowed);
	pt->allowed = sorted;
	pt->nr_allowed = num;
	return 0;
fail:
	iopt_free(sorted);
	return rc;
}

int iopt_pt_add_reserved(struct iopt_pt *pt, uint64_t start, uint64_t last,
			 const void *owner)
{
	struct iopt_reserved *grown;
	struct iopt_bt_cursor c;
	uint32_t pos;

	if (first_area_in(pt, start, last, &c))
		return iopt_err(-EADDRINUSE, "reserved range [0x%" PRIx64 ", 0x%" PRIx64
				"] intersects a mapped area", start, last);
	if (allowed_intersects(pt, start, last))
		return iopt_err(-EADDRINUSE, "reserved range [0x%" PRIx64 ", 0x%" PRIx64
				"] intersects an allowed range", start, last);
	grown = iopt_realloc_array(pt->reserved, pt->nr_reserved + 1,
				   sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	pt->reserved = grown;
	for (pos = pt->nr_reserved; pos > 0 && grown[pos - 1].start > start; pos--)
		grown[pos] = grown[pos - 1];
	grown[pos] = (struct iopt_reserved){ start, last, owner };
	pt->nr_reserved++;
	return 0;
}

int iopt_pt_set_huge_pages(struct iopt_pt *pt, uint64_t value)
{
	uint64_t page_size = iopt_page_size();
	uint64_t mask = page_size - 1;
	struct iopt_bt_cursor c;

	if (value > 1)
		return iopt_err(-EINVAL, "HUGE_PAGES takes 0 or 1, not %" PRIu64, value);
	if (value == 1) {
		pt->huge_pages_disabled = false;
		pt->iova_alignment = 1;
		return 0;
	}
	if (pt->huge_pages_disabled)
		return 0;
	if (pt->iova_alignment < page_size) {
		/* Every area must already satisfy the larger alignment. */
		for (iopt_bt_seek_le(&pt->areas, 0, &c); iopt_bt_valid(&c);
		     iopt_bt_next(&c)) {
			if ((iopt_bt_key(&c) & mask) || ((cursor_last(&c) + 1) & mask) ||
			    (iopt_bt_aux(&c, AUX_USER_VA) & mask))
				return iopt_err(-EADDRINUSE, "area [0x%" PRIx64 ", 0x%" PRIx64
						"] is not page aligned",
						iopt_bt_key(&c), cursor_last(&c));
		}
		pt->iova_alignment = page_size;
	}
	pt->huge_pages_disabled = true;
	return 0;
}

/*
 * Lock-free readers: one tree entry, copied under the sequence count. A
 * reader that keeps losing to writers waits for them on the lock instead.
 */
static int read_entry(struct iopt_pt *pt, uint64_t x, bool after,
		      struct iopt_bt_slot *slot)
{
	int rc;

	for (unsigned tries = 0; tries < OPTIMISTIC_TRIES; tries++) {
		uint64_t s = iopt_seq_read_begin(&pt->seq);

		if (__builtin_expect(s & 1, 0)) {
			sched_yield();
			continue;
		}
		rc = iopt_bt_read(&pt->areas, &pt->seq, s, x, after, slot);
		if (__builtin_expect(rc != IOPT_BT_RETRY, 1))
			return rc;
	}
	iopt_lock(&pt->lock);
	rc = iopt_bt_read(&pt->areas, &pt->seq, iopt_seq_read_begin(&pt->seq), x, after, slot);
	iopt_unlock(&pt->lock);
	return rc;
}

int iopt_pt_lookup(struct iopt_pt *pt, uint64_t iova,
		   struct iopt_area_info *info)
{
	struct iopt_bt_slot slot;

	if (read_entry(pt, iova, false, &slot) != IOPT_BT_FOUND ||
	    iova > slot.aux[AUX_LAST])
		return -ENOENT;
	iopt_pt_fill_info(&slot, info);
	return 0;
}

int iopt_pt_next(struct iopt_pt *pt, uint64_t x, struct iopt_area_info *info)
{
	struct iopt_bt_slot slot;

	/* Each read is a snapshot of its own; a walk tolerates a change
	 * between the two, as it does between steps. */
	if ((read_entry(pt, x, false, &slot) == IOPT_BT_FOUND && x <= slot.aux[AUX_LAST]) ||
	    read_entry(pt, x, true, &slot) == IOPT_BT_FOUND) {
		iopt_pt_fill_info(&slot, info);
		return 0;
	}
	return -ENOENT;
}
