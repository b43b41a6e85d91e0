// SPDX-License-Identifier: LGPL-2.1-or-later
/* The B+tree against a sorted-array model, through splits, merges and
 * refills, checking the structural invariants after every step. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/btree.h"
#include "testing.h"

#define MAX_KEYS 20000

static uint64_t model[MAX_KEYS];
static unsigned model_n;

static unsigned model_rank(uint64_t x)
{
	unsigned lo = 0, hi = model_n;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (model[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void model_insert(uint64_t k)
{
	unsigned r = model_rank(k);

	memmove(&model[r + 1], &model[r], (model_n - r) * sizeof(model[0]));
	model[r] = k;
	model_n++;
}

static void model_remove(uint64_t k)
{
	unsigned r = model_rank(k) - 1;

	memmove(&model[r], &model[r + 1], (model_n - r - 1) * sizeof(model[0]));
	model_n--;
}

static bool model_has(uint64_t k)
{
	unsigned r = model_rank(k);

	return r && model[r - 1] == k;
}

/* Returns the subtree minimum, and in *last and *gap the last key the
 * subtree covers and its largest uncovered run; checks keys, sums, fill,
 * depth, and every inner entry's gap summary that is not marked stale. */
static uint64_t check_node(const struct iopt_btree *t, struct iopt_bt_node *nd,
			   unsigned depth, bool is_root, uint64_t *count, uint64_t *last,
			   uint64_t *gap)
{
	uint64_t widest = 0;

	cr_assert(nd->n > 0 || is_root);
	cr_assert(nd->n <= IOPT_BT_FANOUT);
	for (unsigned i = nd->n; i < IOPT_BT_FANOUT; i++)
		cr_assert_eq(BT_KEY(nd, i), UINT64_MAX, "unused slot %u holds a key", i);
	for (unsigned g = 1; g < IOPT_BT_GROUPS; g++)
		cr_assert_eq(nd->sum[g - 1], BT_KEYW(nd, g * IOPT_BT_GROUP));
	cr_assert_eq(nd->sum[IOPT_BT_GROUPS - 1], IOPT_BT_UNUSED, "the summary sentinel");
	for (unsigned i = 1; i < nd->n; i++)
		cr_assert_lt(BT_KEY(nd, i - 1), BT_KEY(nd, i));
	if (nd->leaf) {
		cr_assert_eq(depth, t->height - 1, "leaves at different depths");
		*count += nd->n;
		for (unsigned i = 0; i + 1 < nd->n; i++)
			if (BT_KEY(nd, i + 1) - BT_AUX(nd, 0, i) - 1 > widest)
				widest = BT_KEY(nd, i + 1) - BT_AUX(nd, 0, i) - 1;
		*last = nd->n ? BT_AUX(nd, 0, nd->n - 1) : 0;
		*gap = widest;
		return BT_KEY(nd, 0);
	}
	cr_assert(is_root || nd->n >= 2, "an inner node below the root has %u child", nd->n);
	for (unsigned i = 0; i < nd->n; i++) {
		uint64_t l, g, min = check_node(t, BT_PTR(nd, i), depth + 1, false, count, &l, &g);

		cr_assert_eq(BT_KEY(nd, i), min, "key %u is not its subtree's minimum", i);
		if (BT_AUX(nd, 1, i) != UINT64_MAX) {
			cr_assert_eq(BT_AUX(nd, 0, i), l, "entry %u: stale last key not marked", i);
			cr_assert_eq(BT_AUX(nd, 1, i), g, "entry %u: stale largest gap not marked", i);
		}
		if (g > widest)
			widest = g;
		if (i + 1 < nd->n && BT_KEY(nd, i + 1) - l - 1 > widest)
			widest = BT_KEY(nd, i + 1) - l - 1;
		*last = l;
	}
	*gap = widest;
	return BT_KEY(nd, 0);
}

static void check_tree(const struct iopt_btree *t)
{
	uint64_t count = 0, last, gap;
	struct iopt_bt_cursor c;
	unsigned i = 0;

	cr_assert_eq(t->count, model_n);
	if (!t->root) {
		cr_assert_eq(model_n, 0);
		return;
	}
	if (!model_n) {
		/* Emptied: one root leaf is kept for the next insert. */
		cr_assert_eq(t->height, 1);
		cr_assert_eq(t->root->n, 0);
		cr_assert(t->root->leaf);
		return;
	}
	check_node(t, t->root, 0, true, &count, &last, &gap);
	cr_assert_eq(count, model_n);
	/* The leaf chain lists every key in order. */
	iopt_bt_seek_le(t, 0, &c);
	for (; iopt_bt_valid(&c); iopt_bt_next(&c), i++) {
		cr_assert_eq(iopt_bt_key(&c), model[i]);
		cr_assert_eq(iopt_bt_aux(&c, 1), model[i] ^ 0x5a5a5a5a);
	}
	cr_assert_eq(i, model_n);
}

/* The last key an entry covers (aux[0], for the gap search): keys are
 * 4096 apart, so entries of 1000 to 3000 keys never overlap. */
static uint64_t last_of(uint64_t k)
{
	return k + 1000 * (1 + (k >> 12) % 3) - 1;
}

/* Every entry's value and aux words are derived from its key. */
static struct iopt_bt_slot slot_of(uint64_t k)
{
	return (struct iopt_bt_slot){ .key = k, .ptr = (void *)(uintptr_t)(k * 2 + 1),
				      .aux = { last_of(k), k ^ 0x5a5a5a5a } };
}

/* The gap search against the model: the first uncovered run that ends at
 * or after `from` with `need` keys from max(start, from). */
static void check_gap(struct iopt_btree *t, uint64_t from, uint64_t need)
{
	uint64_t s = 0, e, got_s = 0, got_e = 0, want_s = 0, want_e = 0, cs;
	bool want = false, got = iopt_bt_first_gap(t, from, need, &got_s, &got_e);

	for (unsigned i = 0; i <= model_n && !want; i++) {
		if (i < model_n && model[i] == 0) {
			s = last_of(model[i]) + 1;
			continue;
		}
		e = i < model_n ? model[i] - 1 : UINT64_MAX;
		cs = s > from ? s : from;
		if (s <= e && e >= cs && e - cs >= need - 1) {
			want = true;
			want_s = s;
			want_e = e;
		}
		if (i < model_n) {
			if (last_of(model[i]) == UINT64_MAX)
				break;
			s = last_of(model[i]) + 1;
		}
	}
	cr_assert_eq(got, want, "gap from 0x%llx need 0x%llx: found %d, model %d",
		     (unsigned long long)from, (unsigned long long)need, got, want);
	if (want) {
		cr_assert_eq(got_s, want_s, "gap from 0x%llx need 0x%llx: start 0x%llx, model 0x%llx",
			     (unsigned long long)from, (unsigned long long)need,
			     (unsigned long long)got_s, (unsigned long long)want_s);
		cr_assert_eq(got_e, want_e);
	}
}

static void check_gaps(struct iopt_btree *t, uint64_t x)
{
	static const uint64_t needs[] = { 1, 3000, 5000, 9000, 40000 };

	for (unsigned i = 0; i < sizeof(needs) / sizeof(needs[0]); i++) {
		check_gap(t, x, needs[i]);
		check_gap(t, x ? x - 1 : 0, needs[i]);
	}
	check_gap(t, 0, 3000);
}

static int insert(struct iopt_btree *t, uint64_t k)
{
	struct iopt_bt_slot slot = slot_of(k);

	return iopt_bt_insert(t, &slot);
}

/* Writers may insert where a seek for the key left its cursor. */
static int insert_after_seek(struct iopt_btree *t, uint64_t k)
{
	struct iopt_bt_slot slot = slot_of(k);
	struct iopt_bt_cursor c;

	iopt_bt_seek_le(t, k, &c);
	return iopt_bt_insert_at(t, &c, &slot);
}

/* Removes k under a cursor: seeked to k itself, or to the key before it
 * and stepped on (possibly into the next leaf, where the seek's path no
 * longer leads). */
static void remove_under_cursor(struct iopt_btree *t, uint64_t k, bool step,
				struct iopt_bt_slot *removed)
{
	struct iopt_bt_cursor c;

	if (step && k > 0 && iopt_bt_seek_le(t, k - 1, &c))
		iopt_bt_next(&c);
	else
		cr_assert(iopt_bt_seek_le(t, k, &c));
	cr_assert(iopt_bt_valid(&c));
	cr_assert_eq(iopt_bt_key(&c), k);
	iopt_bt_remove_at(t, &c, removed);
}

static void check_lookups_once(const struct iopt_btree *t, uint64_t x);

/* Readers have a vector and a portable search: check both. */
static void check_lookups(const struct iopt_btree *t, uint64_t x)
{
	if (iopt_test_use_simd(true))
		check_lookups_once(t, x);
	iopt_test_use_simd(false);
	check_lookups_once(t, x);
	iopt_test_use_simd(true);
}

static void check_lookups_once(const struct iopt_btree *t, uint64_t x)
{
	uint64_t seq = 0;
	unsigned r = model_rank(x);
	struct iopt_bt_cursor c;
	struct iopt_bt_slot slot;
	int rc;

	rc = iopt_bt_read(t, &seq, 0, x, false, &slot);
	if (r) {
		cr_assert_eq(rc, IOPT_BT_FOUND);
		cr_assert_eq(slot.key, model[r - 1]);
		cr_assert_eq((uintptr_t)slot.ptr, model[r - 1] * 2 + 1);
		cr_assert_eq(slot.aux[0], last_of(model[r - 1]));
		cr_assert_eq(slot.aux[1], model[r - 1] ^ 0x5a5a5a5a);
		cr_assert(iopt_bt_seek_le(t, x, &c));
		cr_assert_eq(iopt_bt_key(&c), model[r - 1]);
	} else {
		cr_assert_eq(rc, IOPT_BT_NONE);
	}
	rc = iopt_bt_read(t, &seq, 0, x, true, &slot);
	if (r < model_n) {
		cr_assert_eq(rc, IOPT_BT_FOUND);
		cr_assert_eq(slot.key, model[r]);
		cr_assert_eq(slot.aux[0], last_of(model[r]));
	} else {
		cr_assert_eq(rc, IOPT_BT_NONE);
	}
}

static void run_pattern_at(uint64_t base, unsigned seed, unsigned keyspace, unsigned ops,
			   unsigned insert_percent)
{
	struct iopt_btree t;

	srand(seed);
	model_n = 0;
	iopt_bt_init(&t);
	for (unsigned op = 0; op < ops; op++) {
		uint64_t k = base + (uint64_t)(rand() % keyspace) * 4096;

		if ((unsigned)(rand() % 100) < insert_percent) {
			if (model_has(k) || model_n == MAX_KEYS)
				continue;
			cr_assert_eq(op % 2 ? insert(&t, k) : insert_after_seek(&t, k), 0);
			model_insert(k);
		} else if (model_n) {
			struct iopt_bt_slot removed;

			k = model[rand() % model_n];
			if (op % 3 == 0)
				cr_assert(iopt_bt_remove(&t, k, &removed));
			else
				remove_under_cursor(&t, k, op % 3 == 2, &removed);
			cr_assert_eq(removed.key, k);
			cr_assert_eq(removed.aux[0], last_of(k), "the removed entry is the one asked for");
			model_remove(k);
			cr_assert_not(iopt_bt_remove(&t, k, NULL), "a key removed twice");
		}
		if (op % 97 == 0) {
			check_tree(&t);
			check_lookups(&t, k);
			check_lookups(&t, k + 1);
			check_lookups(&t, k ? k - 1 : 0);
			check_gaps(&t, k);
		}
	}
	check_tree(&t);
	/* Drain in random order: merges all the way back to an empty tree. */
	while (model_n) {
		uint64_t k = model[rand() % model_n];

		iopt_bt_remove(&t, k, NULL);
		model_remove(k);
		if (model_n % 211 == 0)
			check_tree(&t);
	}
	check_tree(&t);
	cr_assert_eq(t.height, 1, "the emptied tree collapsed to its root leaf");
	iopt_bt_destroy(&t);
}

static void run_pattern(unsigned seed, unsigned keyspace, unsigned ops, unsigned insert_percent)
{
	run_pattern_at(0, seed, keyspace, ops, insert_percent);
}

Test(btree, random_mixed) { run_pattern(1, 30000, 60000, 60); }
/* Keys on both sides of 2^63 (stored words change sign there) and up to
 * the top of the key space. */
Test(btree, keys_across_the_top_bit) { run_pattern_at((1ull << 63) - 2500 * 4096ull, 4, 5000, 20000, 60); }
Test(btree, keys_at_the_top) { run_pattern_at(UINT64_MAX - 3000 * 4096ull + 1, 5, 3000, 20000, 60); }
Test(btree, random_shrinking) { run_pattern(2, 5000, 40000, 45); }
Test(btree, small_keyspace_churn) { run_pattern(3, 300, 30000, 50); }

Test(btree, ascending_fills_leaves)
{
	struct iopt_btree t;

	model_n = 0;
	iopt_bt_init(&t);
	for (uint64_t i = 1; i <= 10000; i++) {
		cr_assert_eq(insert(&t, i * 4096), 0);
		model_insert(i * 4096);
	}
	check_tree(&t);
	/* Appending keeps every leaf but the last full: 157 leaves, 3 levels. */
	cr_assert_eq(t.height, 3);
	for (uint64_t x = 0; x < 10002 * 4096; x += 1777)
		check_lookups(&t, x);
	check_lookups(&t, UINT64_MAX);
	/* Descending removal exercises the left-edge minimum updates. */
	for (uint64_t i = 10000; i >= 1; i--) {
		iopt_bt_remove(&t, i * 4096, NULL);
		model_remove(i * 4096);
		if (i % 500 == 0)
			check_tree(&t);
	}
	check_tree(&t);
	iopt_bt_destroy(&t);
}

/* Appending one key past a full level of leaves used to give the new right
 * inner node a single child; emptying that child then looked for a sibling
 * that was not there. */
Test(btree, append_past_a_full_level_then_remove)
{
	const uint64_t n = IOPT_BT_FANOUT * IOPT_BT_FANOUT + 1;
	struct iopt_btree t;

	model_n = 0;
	iopt_bt_init(&t);
	for (uint64_t i = 1; i <= n; i++) {
		cr_assert_eq(insert(&t, i * 4096), 0);
		model_insert(i * 4096);
	}
	check_tree(&t);
	for (uint64_t i = n; i > n - 3 * IOPT_BT_FANOUT; i--) {
		iopt_bt_remove(&t, i * 4096, NULL);
		model_remove(i * 4096);
		check_tree(&t);
	}
	iopt_bt_destroy(&t);
}

Test(btree, clear_empties_and_the_tree_is_reusable)
{
	struct iopt_btree t;

	model_n = 0;
	iopt_bt_init(&t);
	for (uint64_t i = 1; i <= 5000; i++)
		cr_assert_eq(insert(&t, i * 4096), 0);
	iopt_bt_clear(&t);
	check_tree(&t);
	check_lookups(&t, 4096);
	for (uint64_t i = 1; i <= 300; i++) {
		cr_assert_eq(insert(&t, i * 7), 0);
		model_insert(i * 7);
	}
	check_tree(&t);
	check_lookups(&t, 700);
	iopt_bt_destroy(&t);
}

Test(btree, descending_inserts_update_minimums)
{
	struct iopt_btree t;

	model_n = 0;
	iopt_bt_init(&t);
	for (uint64_t i = 5000; i >= 1; i--) {
		cr_assert_eq(insert(&t, i), 0);
		model_insert(i);
	}
	check_tree(&t);
	for (uint64_t x = 0; x < 5003; x += 7)
		check_lookups(&t, x);
	iopt_bt_destroy(&t);
}

Test(btree, failed_insert_changes_nothing)
{
	struct iopt_btree t;
	unsigned failures = 0;

	model_n = 0;
	iopt_bt_init(&t);
	for (uint64_t i = 1; i <= 3000; i++) {
		uint64_t k = (i * 7919) % 100003;

		for (unsigned long n = 1;; n++) {
			int rc;

			iopt_test_fail_nth(n);
			rc = insert(&t, k);
			iopt_test_fail_nth(0);
			if (rc == 0)
				break;
			cr_assert_eq(rc, -ENOMEM);
			failures++;
			check_tree(&t);
		}
		model_insert(k);
	}
	check_tree(&t);
	cr_assert_gt(failures, 0, "no allocation was ever failed");
	iopt_bt_destroy(&t);
}
