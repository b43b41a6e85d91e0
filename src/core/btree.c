// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stddef.h>

#include "core/btree.h"
#include "core/btree_search.h"
#include "testing.h"

#ifdef IOPT_BT_HAVE_AVX2
bool iopt_bt_use_avx2;

static bool cpu_has_avx2(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
}

static __attribute__((constructor)) void pick_search(void)
{
	iopt_bt_use_avx2 = cpu_has_avx2();
}
#endif

#ifdef IOPT_TESTING
bool iopt_test_use_simd(bool on)
{
#ifdef IOPT_BT_HAVE_AVX2
	iopt_bt_use_avx2 = on && cpu_has_avx2();
	return cpu_has_avx2();
#else
	(void)on;
	return false;
#endif
}
#endif

/* Number of keys <= x in the node, from where a search ended: a search for
 * UINT64_MAX counts the unused slots too, hence the clamp. */
static inline __attribute__((always_inline)) unsigned
pos_rank(const struct iopt_bt_node *nd, struct iopt_bt_pos p)
{
	unsigned r = (unsigned)(p.grp - nd->grp) * IOPT_BT_GROUP + (unsigned)(p.idx + 1);
	unsigned n = IOPT_RD(nd->n);

	return r < n ? r : n;
}

/*
 * Writers: the scalar search is plenty. A node of one group or less (the
 * whole tree of an IOAS holding a few areas, as a VMM's usually does) is
 * walked key by key, which looks at only the keys it has.
 */
static inline unsigned rank(const struct iopt_bt_node *nd, uint64_t x)
{
	unsigned r = 0, n = nd->n;

	if (n > IOPT_BT_GROUP)
		return pos_rank(nd, iopt_bt_search_scalar(nd, x));
	while (r < n && BT_KEY(nd, r) <= x)
		r++;
	return r;
}

/*
 * Gap summaries (iopt_bt_first_gap): an inner entry's aux words describe
 * its child's subtree, aux[0] the last key it covers and aux[1] its
 * largest gap, or IOPT_BT_STALE when a change below made them unknown.
 * Writers only mark what they touch; a gap search recomputes what it needs.
 */
#define IOPT_BT_STALE UINT64_MAX

/* The inner entries above the leaf of p (and with `siblings`, their
 * neighbours, which rebalancing may change too) no longer know their
 * subtrees. */
static void stale_path(const struct iopt_bt_path *p, unsigned height, bool siblings)
{
	for (unsigned l = 1; l < height; l++) {
		struct iopt_bt_node *nd = p->node[l];
		unsigned i = p->idx[l];

		IOPT_WR(BT_AUX(nd, 1, i), IOPT_BT_STALE);
		if (siblings && i > 0)
			IOPT_WR(BT_AUX(nd, 1, i - 1), IOPT_BT_STALE);
		if (siblings && i + 1 < nd->n)
			IOPT_WR(BT_AUX(nd, 1, i + 1), IOPT_BT_STALE);
	}
}

static void fix_sums(struct iopt_bt_node *nd)
{
	for (unsigned g = 1; g < IOPT_BT_GROUPS; g++)
		IOPT_WR(nd->sum[g - 1], BT_KEYW(nd, g * IOPT_BT_GROUP));
	IOPT_WR(nd->sum[IOPT_BT_GROUPS - 1], IOPT_BT_UNUSED);
}

/* Slots from `from` up to `end` (exclusive) moved: only the summaries of
 * the groups starting in that stretch can have changed. */
static inline void fix_sums_range(struct iopt_bt_node *nd, unsigned from, unsigned end)
{
	unsigned g = from ? (from + IOPT_BT_GROUP - 1) / IOPT_BT_GROUP : 1;

	for (; g < IOPT_BT_GROUPS && g * IOPT_BT_GROUP < end; g++)
		IOPT_WR(nd->sum[g - 1], BT_KEYW(nd, g * IOPT_BT_GROUP));
}

/* Changes one key in place, keeping its group's summary right. */
static void set_key(struct iopt_bt_node *nd, unsigned i, uint64_t key)
{
	IOPT_WR(BT_KEYW(nd, i), key ^ IOPT_BT_FLIP);
	if (i && i % IOPT_BT_GROUP == 0)
		IOPT_WR(nd->sum[i / IOPT_BT_GROUP - 1], key ^ IOPT_BT_FLIP);
}

static const struct iopt_bt_slot empty_slot = { .key = UINT64_MAX };

static inline __attribute__((always_inline)) void
set_slot(struct iopt_bt_node *nd, unsigned i, const struct iopt_bt_slot *slot)
{
	IOPT_WR(BT_KEYW(nd, i), slot->key ^ IOPT_BT_FLIP);
	IOPT_WR(BT_PTR(nd, i), slot->ptr);
	IOPT_WR(BT_AUX(nd, 0, i), slot->aux[0]);
	IOPT_WR(BT_AUX(nd, 1, i), slot->aux[1]);
}

/* Writers only: readers go through iopt_bt_read(). */
static inline __attribute__((always_inline)) struct iopt_bt_slot
get_slot(const struct iopt_bt_node *nd, unsigned i)
{
	return (struct iopt_bt_slot){ BT_KEY(nd, i), BT_PTR(nd, i),
				      { BT_AUX(nd, 0, i), BT_AUX(nd, 1, i) } };
}

static inline __attribute__((always_inline)) void
move_slot(struct iopt_bt_node *dst, unsigned di, const struct iopt_bt_node *src, unsigned si)
{
	struct iopt_bt_slot slot = get_slot(src, si);

	set_slot(dst, di, &slot);
}

static struct iopt_bt_node *node_new(struct iopt_btree *t, bool leaf)
{
	/* Reserved by the caller: cannot fail. Readers look at no slot past
	 * n but the keys, so only those and the header need setting. */
	struct iopt_bt_node *nd = iopt_pool_get(&t->nodes);

	for (unsigned i = 0; i < IOPT_BT_FANOUT; i++)
		IOPT_WR(BT_KEYW(nd, i), IOPT_BT_UNUSED);
	fix_sums(nd);
	IOPT_WR(nd->n, 0);
	IOPT_WR(nd->leaf, leaf);
	IOPT_WR(nd->next, NULL);
	return nd;
}

/* Slots [from, to) one place right / left: out of line, so that adding or
 * removing at the end (the common case in small trees) stays cheap. */
static __attribute__((noinline)) void shift_right(struct iopt_bt_node *nd, unsigned from,
						  unsigned to)
{
	for (unsigned i = to; i > from; i--)
		move_slot(nd, i, nd, i - 1);
}

static __attribute__((noinline)) void shift_left(struct iopt_bt_node *nd, unsigned from,
						 unsigned to)
{
	for (unsigned i = from; i + 1 < to; i++)
		move_slot(nd, i, nd, i + 1);
}

static void insert_at(struct iopt_bt_node *nd, unsigned pos,
		      const struct iopt_bt_slot *slot)
{
	unsigned n = nd->n;

	if (pos < n)
		shift_right(nd, pos, n);
	set_slot(nd, pos, slot);
	IOPT_WR(nd->n, n + 1);
	fix_sums_range(nd, pos, n + 1);
}

static void remove_at(struct iopt_bt_node *nd, unsigned pos)
{
	unsigned n = nd->n;

	if (pos + 1 < n)
		shift_left(nd, pos, n);
	set_slot(nd, n - 1, &empty_slot);
	IOPT_WR(nd->n, n - 1);
	fix_sums_range(nd, pos, n);
}

/* Moves the cnt entries of src starting at spos to the end of dst. */
static void append_from(struct iopt_bt_node *dst, struct iopt_bt_node *src,
			unsigned spos, unsigned cnt)
{
	for (unsigned i = 0; i < cnt; i++)
		move_slot(dst, dst->n + i, src, spos + i);
	IOPT_WR(dst->n, dst->n + cnt);
	for (unsigned i = spos; i < spos + cnt; i++)
		set_slot(src, i, &empty_slot);
	IOPT_WR(src->n, src->n - cnt);
	fix_sums(dst);
	fix_sums(src);
}

_Static_assert(_Alignof(struct iopt_bt_node) <= 64, "the node pool aligns to 64 bytes");
_Static_assert(sizeof(struct iopt_bt_node) % 64 == 0, "nodes stay line-aligned in a chunk");

void iopt_bt_init(struct iopt_btree *t)
{
	t->root = NULL;
	t->height = 0;
	t->count = 0;
	iopt_pool_init(&t->nodes, sizeof(struct iopt_bt_node));
}

void iopt_bt_destroy(struct iopt_btree *t)
{
	iopt_pool_destroy(&t->nodes);
	t->root = NULL;
	t->height = 0;
	t->count = 0;
}

/*
 * Prefetches for descents through a tree too big for the inner caches
 * (three levels or more), where each node below the top is a cache miss,
 * and three dependent ones if left alone: header and summaries, then the
 * group they pick, then its records. An inner node needs only its keys
 * early; a leaf is about to be read and shifted, so all of it is asked for
 * at once. Smaller trees stay cached and skip them.
 */
static inline void prefetch_keys(const struct iopt_bt_node *nd)
{
	__builtin_prefetch(nd->sum);
	__builtin_prefetch(&nd->n);
	for (unsigned g = 0; g < IOPT_BT_GROUPS; g++)
		__builtin_prefetch(nd->grp[g].key);
}

static inline void prefetch_node(const struct iopt_bt_node *nd)
{
	for (size_t o = 0; o < sizeof(*nd); o += 64)
		__builtin_prefetch((const char *)nd + o);
}

/* Descends towards x in a tree with a root; level 0 is the leaf. Returns
 * the rank in the leaf. */
static unsigned descend(const struct iopt_btree *t, uint64_t x, struct iopt_bt_path *p)
{
	struct iopt_bt_node *nd = t->root;
	bool big = t->height > 2;

	for (unsigned l = t->height - 1; l > 0; l--) {
		unsigned r = rank(nd, x);

		p->node[l] = nd;
		p->idx[l] = r ? r - 1 : 0;
		nd = BT_PTR(nd, p->idx[l]);
		if (big) {
			if (l > 1)
				prefetch_keys(nd);
			else
				prefetch_node(nd);
		}
	}
	p->node[0] = nd;
	p->rank = rank(nd, x);
	p->valid = true;
	return p->rank;
}

static int insert_path(struct iopt_btree *t, struct iopt_bt_path *pp, const struct iopt_bt_slot *slot);

int iopt_bt_insert(struct iopt_btree *t, const struct iopt_bt_slot *slot)
{
	struct iopt_bt_path p;

	p.valid = false; /* not a zeroing initializer: the arrays are large */
	return insert_path(t, &p, slot);
}

int iopt_bt_insert_at(struct iopt_btree *t, struct iopt_bt_cursor *c,
		      const struct iopt_bt_slot *slot)
{
	return insert_path(t, &c->path, slot);
}

/* Inserts at the spot p found for slot->key; an invalid p descends. p is
 * used up. */
static int insert_path(struct iopt_btree *t, struct iopt_bt_path *p, const struct iopt_bt_slot *slot)
{
	struct iopt_bt_slot carry = *slot;
	uint64_t key = slot->key;
	unsigned need = 0, level, pos;
	struct iopt_bt_node *nd, *right = NULL;

	if (!t->root) {
		if (iopt_pool_reserve(&t->nodes, 1))
			return -ENOMEM;
		IOPT_WR(t->root, node_new(t, true));
		IOPT_WR(t->height, 1);
		p->valid = false;
	}
	pos = p->valid ? p->rank : descend(t, key, p);
	p->idx[0] = pos;
	/* Every full node from the leaf up splits; a full root adds a level. */
	for (level = 0; level < t->height; level++) {
		if (p->node[level]->n < IOPT_BT_FANOUT)
			break;
		need++;
	}
	if (level == t->height)
		need++;
	if (need && (t->height + 1 > IOPT_BT_MAX_HEIGHT ||
		     iopt_pool_reserve(&t->nodes, need)))
		return -ENOMEM;

	stale_path(p, t->height, false);
	/* A new smallest key becomes the minimum of the whole left spine. */
	for (level = 1; level < t->height; level++) {
		if (p->idx[level] == 0 && key < BT_KEY(p->node[level], 0))
			set_key(p->node[level], 0, key);
	}

	for (level = 0; level < t->height; level++) {
		nd = p->node[level];
		pos = level ? p->idx[level] + 1 : p->idx[0];
		if (nd->n < IOPT_BT_FANOUT) {
			insert_at(nd, pos, &carry);
			return t->count++, 0;
		}
		right = node_new(t, nd->leaf);
		if (pos == IOPT_BT_FANOUT && nd->leaf) {
			/* Appending to a leaf: keep it full (ascending fills).
			 * Inner nodes always split evenly, so that every inner
			 * node below the root keeps a sibling for its children. */
			insert_at(right, 0, &carry);
		} else {
			unsigned mid = IOPT_BT_FANOUT / 2;

			append_from(right, nd, mid, IOPT_BT_FANOUT - mid);
			if (pos <= mid)
				insert_at(nd, pos, &carry);
			else
				insert_at(right, pos - mid, &carry);
		}
		if (nd->leaf) {
			IOPT_WR(right->next, nd->next);
			IOPT_WR(nd->next, right);
		}
		carry = (struct iopt_bt_slot){ .key = BT_KEY(right, 0), .ptr = right,
					       .aux = { 0, IOPT_BT_STALE } };
	}
	/* The root split: a new root over the two halves. */
	nd = node_new(t, false);
	insert_at(nd, 0, &(struct iopt_bt_slot){ .key = BT_KEY(t->root, 0), .ptr = t->root,
						  .aux = { 0, IOPT_BT_STALE } });
	insert_at(nd, 1, &carry);
	IOPT_WR(t->root, nd);
	IOPT_WR(t->height, t->height + 1);
	t->count++;
	return 0;
}

/* The smallest key of p->node[level] changed: fix the keys above it. */
static void climb_min(struct iopt_btree *t, struct iopt_bt_path *p, unsigned level)
{
	for (unsigned l = level + 1; l < t->height; l++) {
		set_key(p->node[l], p->idx[l], BT_KEY(p->node[l - 1], 0));
		if (p->idx[l] != 0)
			break;
	}
}

static void rebalance(struct iopt_btree *t, struct iopt_bt_path *p, unsigned level)
{
	for (; level + 1 < t->height; level++) {
		struct iopt_bt_node *nd = p->node[level];
		struct iopt_bt_node *parent = p->node[level + 1];
		unsigned i = p->idx[level + 1];
		struct iopt_bt_node *left, *right;

		if (nd->n >= IOPT_BT_MIN_FILL)
			return;
		/* Pair the node with its left neighbour, or its right one. */
		if (i > 0) {
			left = BT_PTR(parent, i - 1);
			right = nd;
		} else {
			left = nd;
			right = BT_PTR(parent, 1);
			i = 1;
		}
		if (left->n + right->n > IOPT_BT_FANOUT) {
			/* Refill the thin one with one entry of the other. */
			struct iopt_bt_slot moved;

			if (right == nd) {
				moved = get_slot(left, left->n - 1);
				insert_at(right, 0, &moved);
				remove_at(left, left->n - 1);
			} else {
				moved = get_slot(right, 0);
				insert_at(left, left->n, &moved);
				remove_at(right, 0);
			}
			set_key(parent, i, BT_KEY(right, 0));
			/* An emptied left edge got a new smallest key. */
			if (left == nd)
				climb_min(t, p, level);
			return;
		}
		append_from(left, right, 0, right->n);
		if (left->leaf)
			IOPT_WR(left->next, right->next);
		remove_at(parent, i);
		iopt_pool_put(&t->nodes, right);
		if (left == nd)
			climb_min(t, p, level);
	}
	/* At the root: drop levels that have a single child left. */
	while (t->height > 1 && t->root->n == 1) {
		struct iopt_bt_node *old = t->root;

		IOPT_WR(t->root, (struct iopt_bt_node *)BT_PTR(old, 0));
		IOPT_WR(t->height, t->height - 1);
		iopt_pool_put(&t->nodes, old);
	}
	/* An empty tree keeps its root leaf: the next insert needs it. */
}

/* Removes the entry at pos of the leaf p->node[0]. */
static void remove_path(struct iopt_btree *t, struct iopt_bt_path *p, unsigned pos,
			struct iopt_bt_slot *removed)
{
	if (removed)
		*removed = get_slot(p->node[0], pos);
	p->idx[0] = pos;
	stale_path(p, t->height, true);
	remove_at(p->node[0], pos);
	t->count--;
	if (pos == 0 && p->node[0]->n)
		climb_min(t, p, 0);
	rebalance(t, p, 0);
}

bool iopt_bt_remove(struct iopt_btree *t, uint64_t key, struct iopt_bt_slot *removed)
{
	struct iopt_bt_path p;
	unsigned pos;

	if (!t->root)
		return false;
	pos = descend(t, key, &p);
	if (!pos || BT_KEY(p.node[0], pos - 1) != key)
		return false;
	remove_path(t, &p, pos - 1, removed);
	return true;
}

void iopt_bt_remove_at(struct iopt_btree *t, struct iopt_bt_cursor *c,
		       struct iopt_bt_slot *removed)
{
	/* A cursor that stepped into another leaf has no path to it. */
	if (!c->path.valid || c->path.node[0] != c->leaf)
		iopt_bt_remove(t, BT_KEY(c->leaf, c->idx), removed);
	else
		remove_path(t, &c->path, c->idx, removed);
}

static void put_subtree(struct iopt_btree *t, struct iopt_bt_node *nd)
{
	if (!nd->leaf)
		for (unsigned i = 0; i < nd->n; i++)
			put_subtree(t, BT_PTR(nd, i));
	iopt_pool_put(&t->nodes, nd);
}

void iopt_bt_clear(struct iopt_btree *t)
{
	if (t->root)
		put_subtree(t, t->root);
	IOPT_WR(t->root, NULL);
	IOPT_WR(t->height, 0);
	t->count = 0;
}

bool iopt_bt_seek_le(const struct iopt_btree *t, uint64_t x,
		     struct iopt_bt_cursor *c)
{
	unsigned r;

	c->leaf = NULL;
	c->idx = 0;
	c->path.valid = false;
	if (!t->root)
		return false;
	r = descend(t, x, &c->path);
	c->leaf = c->path.node[0];
	c->idx = r ? r - 1 : 0;
	return r != 0;
}

/* The generic reader: the predecessor search, or the entry after it. */
static inline __attribute__((always_inline)) int
bt_read(const struct iopt_btree *t, const uint64_t *seq, uint64_t s, uint64_t x,
	bool after, struct iopt_bt_slot *slot, iopt_bt_search_fn search)
{
	const struct iopt_bt_node *nd;
	unsigned r;

	if (!after)
		return iopt_bt_find_le(t, seq, s, x, slot, search);
	nd = IOPT_RD(t->root);
	if (!nd || x == UINT64_MAX)
		return iopt_seq_read_valid(seq, s) ? IOPT_BT_NONE : IOPT_BT_RETRY;
	while (!IOPT_RD(nd->leaf)) {
		const struct iopt_bt_node *child;

		r = pos_rank(nd, search(nd, x));
		child = IOPT_RD(BT_PTR(nd, r ? r - 1 : 0));
		/* Follow the pointer only if everything read so far is current. */
		if (!iopt_seq_read_valid(seq, s))
			return IOPT_BT_RETRY;
		nd = child;
	}
	r = pos_rank(nd, search(nd, x));
	if (r >= IOPT_RD(nd->n)) {
		nd = IOPT_RD(nd->next);
		if (!iopt_seq_read_valid(seq, s))
			return IOPT_BT_RETRY;
		if (!nd)
			return IOPT_BT_NONE;
		r = 0;
	}
	slot->key = IOPT_RD(BT_KEYW(nd, r)) ^ IOPT_BT_FLIP;
	slot->ptr = IOPT_RD(BT_PTR(nd, r));
	slot->aux[0] = IOPT_RD(BT_AUX(nd, 0, r));
	slot->aux[1] = IOPT_RD(BT_AUX(nd, 1, r));
	if (!iopt_seq_read_valid(seq, s))
		return IOPT_BT_RETRY;
	return IOPT_BT_FOUND;
}

#ifdef IOPT_BT_HAVE_AVX2
static IOPT_BT_AVX2 __attribute__((noinline)) int
bt_read_avx2(const struct iopt_btree *t, const uint64_t *seq, uint64_t s, uint64_t x,
	     bool after, struct iopt_bt_slot *slot)
{
	return bt_read(t, seq, s, x, after, slot, iopt_bt_search_avx2);
}
#endif

int iopt_bt_read(const struct iopt_btree *t, const uint64_t *seq, uint64_t s,
		 uint64_t x, bool after, struct iopt_bt_slot *slot)
{
#ifdef IOPT_BT_HAVE_AVX2
	if (iopt_bt_use_avx2)
		return bt_read_avx2(t, seq, s, x, after, slot);
#endif
	return bt_read(t, seq, s, x, after, slot, iopt_bt_search_scalar);
}

/* ---- gap search ---- */

static void summarize(struct iopt_bt_node *nd, uint64_t *last, uint64_t *gap);

/* Brings inner entry i's summary of its child up to date. The words are
 * stored atomically like every other one: the node may have been a leaf
 * that a lock-free reader is still looking at. */
static void refresh_entry(struct iopt_bt_node *nd, unsigned i)
{
	uint64_t last, gap;

	if (BT_AUX(nd, 1, i) != IOPT_BT_STALE)
		return;
	summarize(BT_PTR(nd, i), &last, &gap);
	IOPT_WR(BT_AUX(nd, 0, i), last);
	IOPT_WR(BT_AUX(nd, 1, i), gap);
}

/* The last key nd's subtree covers, and its largest gap; inner entries on
 * the way are brought up to date. */
static void summarize(struct iopt_bt_node *nd, uint64_t *last, uint64_t *gap)
{
	uint64_t widest = 0;

	for (unsigned i = 0; i < nd->n; i++) {
		if (!nd->leaf) {
			refresh_entry(nd, i);
			if (BT_AUX(nd, 1, i) > widest)
				widest = BT_AUX(nd, 1, i);
		}
		if (i + 1 < nd->n && BT_KEY(nd, i + 1) - BT_AUX(nd, 0, i) - 1 > widest)
			widest = BT_KEY(nd, i + 1) - BT_AUX(nd, 0, i) - 1;
	}
	*last = nd->n ? BT_AUX(nd, 0, nd->n - 1) : 0;
	*gap = widest;
}

/* Whether the free keys [s, l] (s <= l) have `need` of them from `from` on. */
static bool gap_fits(uint64_t s, uint64_t l, uint64_t from, uint64_t need)
{
	uint64_t cs = s > from ? s : from;

	return l >= cs && l - cs >= need - 1;
}

/* The first gap strictly inside nd's subtree that fits (gap_fits). */
static bool gap_below(struct iopt_bt_node *nd, uint64_t from, uint64_t need,
		      uint64_t *start, uint64_t *end)
{
	unsigned i = rank(nd, from);

	/* Entries and gaps wholly below `from` are skipped. */
	for (i = i ? i - 1 : 0; i < nd->n; i++) {
		if (!nd->leaf) {
			refresh_entry(nd, i);
			if (BT_AUX(nd, 1, i) >= need && BT_AUX(nd, 0, i) > from &&
			    gap_below(BT_PTR(nd, i), from, need, start, end))
				return true;
		}
		if (i + 1 < nd->n && BT_KEY(nd, i + 1) - 1 > BT_AUX(nd, 0, i) &&
		    gap_fits(BT_AUX(nd, 0, i) + 1, BT_KEY(nd, i + 1) - 1, from, need)) {
			*start = BT_AUX(nd, 0, i) + 1;
			*end = BT_KEY(nd, i + 1) - 1;
			return true;
		}
	}
	return false;
}

bool iopt_bt_first_gap(struct iopt_btree *t, uint64_t from, uint64_t need,
		       uint64_t *start, uint64_t *end)
{
	uint64_t first, last, widest;

	if (!t->root || !t->root->n) {
		*start = 0;
		*end = UINT64_MAX;
		return gap_fits(0, UINT64_MAX, from, need);
	}
	first = BT_KEY(t->root, 0);
	if (first > 0 && gap_fits(0, first - 1, from, need)) {
		*start = 0;
		*end = first - 1;
		return true;
	}
	summarize(t->root, &last, &widest);
	if (widest >= need && last > from && gap_below(t->root, from, need, start, end))
		return true;
	if (last < UINT64_MAX && gap_fits(last + 1, UINT64_MAX, from, need)) {
		*start = last + 1;
		*end = UINT64_MAX;
		return true;
	}
	return false;
}
