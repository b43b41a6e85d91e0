/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A B+tree from unique u64 keys to pointers, built for one writer at a time
 * (the owner's lock) and any number of lock-free readers.
 *
 * Readers follow the seqlock protocol of the owner: they read with relaxed
 * atomic loads, and before following any pointer they check that the owner's
 * sequence count has not moved (iopt_seq_*), so they only ever dereference
 * pointers that were current. Nodes come from a pool that keeps its memory
 * until the tree is destroyed, so a reader that raced with a writer reads
 * stale bytes of a real node, never unmapped memory.
 *
 * Every key in a node is the exact smallest key of its subtree (leaves: the
 * key itself), so a descent by "last key <= x" always reaches the leaf that
 * holds the predecessor of x. Keys are below UINT64_MAX, which marks unused
 * key slots.
 */
#ifndef IOPT_BTREE_H
#define IOPT_BTREE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/pool.h"

#define IOPT_BT_FANOUT 64
#define IOPT_BT_GROUP 8
#define IOPT_BT_GROUPS (IOPT_BT_FANOUT / IOPT_BT_GROUP)
/* Nodes below this fill are merged with or refilled from a neighbour. */
#define IOPT_BT_MIN_FILL (IOPT_BT_FANOUT / 4)
#define IOPT_BT_MAX_HEIGHT 16

/*
 * Atomic access to anything a lock-free reader may look at: relaxed, with
 * the seqlock's fences ordering them. ThreadSanitizer does not model
 * standalone fences, so its builds use acquire/release accesses instead,
 * which order at least as strongly.
 */
#ifdef __SANITIZE_THREAD__
#define IOPT_RD(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define IOPT_WR(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define IOPT_FENCE(order) ((void)0)
#else
#define IOPT_RD(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define IOPT_WR(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define IOPT_FENCE(order) __atomic_thread_fence(order)
#endif

/*
 * An entry: the key, the value, and two words of the owner's that readers
 * need without following the value (for areas: last IOVA and user address),
 * so that a lookup touches nothing outside the tree. aux[0] is the last key
 * the entry covers (iopt_bt_first_gap). Inner entries' aux words are the
 * tree's own: their subtree's last key and largest uncovered run.
 */
struct iopt_bt_slot {
	uint64_t key;
	void *ptr;
	uint64_t aux[2];
};

/*
 * A group: its keys in one cache line, then each entry's other fields side
 * by side, so that a reader that picked an entry by its key fetches one
 * more line (two when the 24 bytes straddle a line), not three.
 */
struct iopt_bt_rec {
	void *ptr;
	uint64_t aux[2];
};

struct iopt_bt_group {
	uint64_t key[IOPT_BT_GROUP];
	struct iopt_bt_rec rec[IOPT_BT_GROUP];
} __attribute__((aligned(64)));

struct iopt_bt_node {
	/* The first cache line is all a reader needs to pick a group:
	 * sum[g] is the first key word of group g + 1, and the last one is
	 * always IOPT_BT_UNUSED so that the line compares as a whole. */
	uint64_t sum[IOPT_BT_GROUPS];
	uint16_t n;
	uint8_t leaf;
	struct iopt_bt_node *next; /* leaves: the right neighbour */
	struct iopt_bt_group grp[IOPT_BT_GROUPS];
} __attribute__((aligned(64)));

/*
 * Key words are stored with the top bit flipped, so that a signed compare
 * of stored words orders them as the unsigned keys: the vector search
 * (AVX2 has only signed 64-bit compares) then loads and compares, nothing
 * else. BT_KEYW is the stored word, BT_KEY the key; summaries hold stored
 * words.
 */
#define IOPT_BT_FLIP (1ull << 63)
#define IOPT_BT_UNUSED (UINT64_MAX ^ IOPT_BT_FLIP) /* an unused slot's stored word */
#define BT_KEYW(nd, i) ((nd)->grp[(i) / IOPT_BT_GROUP].key[(i) % IOPT_BT_GROUP])
#define BT_KEY(nd, i) (BT_KEYW(nd, i) ^ IOPT_BT_FLIP)
#define BT_REC(nd, i) ((nd)->grp[(i) / IOPT_BT_GROUP].rec[(i) % IOPT_BT_GROUP])
#define BT_PTR(nd, i) (BT_REC(nd, i).ptr)
#define BT_AUX(nd, a, i) (BT_REC(nd, i).aux[a])

struct iopt_btree {
	struct iopt_bt_node *root; /* NULL until the first insert */
	unsigned height;	   /* 0 before the first insert, 1: root is a leaf */
	uint64_t count;
	struct iopt_pool nodes;
};

/*
 * The nodes a descent went through (level 0: the leaf) and the rank it
 * found there. Writers keep it to change the tree at that spot without a
 * second descent; it is good until the tree next changes.
 */
struct iopt_bt_path {
	struct iopt_bt_node *node[IOPT_BT_MAX_HEIGHT];
	unsigned idx[IOPT_BT_MAX_HEIGHT]; /* slot taken in node[level] */
	unsigned rank;			  /* keys <= x in the leaf */
	bool valid;			  /* false: the tree was empty */
};

/* A position in the leaves, for writers walking in key order, and the
 * path of the seek that made it. */
struct iopt_bt_cursor {
	struct iopt_bt_node *leaf;
	unsigned idx;
	struct iopt_bt_path path;
};

void iopt_bt_init(struct iopt_btree *t);
void iopt_bt_destroy(struct iopt_btree *t);
/* Adds an entry whose key is not present yet. -ENOMEM leaves the tree
 * unchanged. */
int iopt_bt_insert(struct iopt_btree *t, const struct iopt_bt_slot *slot);
/* Makes sure the next n inserts cannot fail; -ENOMEM if not. An insert
 * splits at most one node per level and adds one root; n inserts may add
 * up to n levels. */
static inline int iopt_bt_reserve(struct iopt_btree *t, unsigned n)
{
	return iopt_pool_reserve(&t->nodes, (size_t)n * (t->height + n + 1));
}
/* Removes a key; with `removed`, copies out its entry. false if absent.
 * Never fails, never allocates. */
bool iopt_bt_remove(struct iopt_btree *t, uint64_t key, struct iopt_bt_slot *removed);
/* Adds an entry at the spot a seek for its key found (c from
 * iopt_bt_seek_le(slot->key), the tree unchanged since), without a second
 * descent. The cursor is used up. */
int iopt_bt_insert_at(struct iopt_btree *t, struct iopt_bt_cursor *c,
		      const struct iopt_bt_slot *slot);
/* Removes the entry under a cursor (the tree unchanged since its seek);
 * the cursor is used up. */
void iopt_bt_remove_at(struct iopt_btree *t, struct iopt_bt_cursor *c,
		       struct iopt_bt_slot *removed);
/* Removes every entry at once (inside a write section: readers may still
 * be looking at the nodes, which go back to the pool). */
void iopt_bt_clear(struct iopt_btree *t);

/*
 * Writer side. The first run of keys no entry covers (an entry covers
 * [key, aux[0]]; entries do not overlap) that ends at or after `from` and
 * holds at least `need` (>= 1) keys from max(its start, from) on:
 * [*start, *end], the whole run. false if there is none. O(log n) in
 * amortised time: inner entries keep their subtree's last key and largest
 * run, recomputed here after the changes that made them unknown.
 */
bool iopt_bt_first_gap(struct iopt_btree *t, uint64_t from, uint64_t need,
		       uint64_t *start, uint64_t *end);

/*
 * Writer side. Positions the cursor at the largest key <= x and returns
 * true; without one, at the smallest key (if any) and returns false.
 */
bool iopt_bt_seek_le(const struct iopt_btree *t, uint64_t x,
		     struct iopt_bt_cursor *c);
static inline bool iopt_bt_valid(const struct iopt_bt_cursor *c)
{
	return c->leaf && c->idx < c->leaf->n;
}
static inline uint64_t iopt_bt_key(const struct iopt_bt_cursor *c)
{
	return BT_KEY(c->leaf, c->idx);
}
static inline void *iopt_bt_val(const struct iopt_bt_cursor *c)
{
	return BT_PTR(c->leaf, c->idx);
}
static inline uint64_t iopt_bt_aux(const struct iopt_bt_cursor *c, unsigned a)
{
	return BT_AUX(c->leaf, a, c->idx);
}
static inline void iopt_bt_next(struct iopt_bt_cursor *c)
{
	if (++c->idx >= c->leaf->n) {
		c->leaf = c->leaf->next;
		c->idx = 0;
	}
}

/* Seqlock helpers shared by the owners of trees. */
static inline uint64_t iopt_seq_read_begin(const uint64_t *seq)
{
	return __atomic_load_n(seq, __ATOMIC_ACQUIRE);
}
static inline bool iopt_seq_read_valid(const uint64_t *seq, uint64_t s)
{
	IOPT_FENCE(__ATOMIC_ACQUIRE);
	return IOPT_RD(*seq) == s;
}
static inline void iopt_seq_write_begin(uint64_t *seq)
{
	IOPT_WR(*seq, IOPT_RD(*seq) + 1);
	IOPT_FENCE(__ATOMIC_RELEASE);
}
static inline void iopt_seq_write_end(uint64_t *seq)
{
	__atomic_store_n(seq, IOPT_RD(*seq) + 1, __ATOMIC_RELEASE);
}

/* Results of iopt_bt_read(). */
enum { IOPT_BT_RETRY = -1, IOPT_BT_NONE = 0, IOPT_BT_FOUND = 1 };

/*
 * Reader side, lock-free: finds the entry with the largest key <= x, or with
 * `after` the smallest key > x. `s` is the even sequence value the reader
 * started with; IOPT_BT_RETRY means a writer got in the way and the reader
 * must start again. On IOPT_BT_FOUND, *slot was validated against `s`.
 */
int iopt_bt_read(const struct iopt_btree *t, const uint64_t *seq, uint64_t s,
		 uint64_t x, bool after, struct iopt_bt_slot *slot);

#endif
