/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reader-side node searches and the lock-free predecessor lookup, as
 * always-inline templates: a hot caller instantiates them once per
 * instruction set (iopt_bt_use_avx2, or a load-time resolver, picks one)
 * and becomes one function with no call inside. The protocol is the one
 * btree.h describes.
 */
#ifndef IOPT_BTREE_SEARCH_H
#define IOPT_BTREE_SEARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/btree.h"

#define IOPT_INLINE static inline __attribute__((always_inline))

/*
 * Where a node search for x ended: the group, and the index in it of the
 * last key <= x, or -1 when the node has no key <= x (only the first group
 * can say so: every other one starts with a summary key <= x).
 */
struct iopt_bt_pos {
	const struct iopt_bt_group *grp;
	int idx;
};

typedef struct iopt_bt_pos (*iopt_bt_search_fn)(const struct iopt_bt_node *nd, uint64_t x);

/*
 * Portable: a summary step picks the group, a group step the key; no
 * data-dependent branch. x below UINT64_MAX, as for the vector search.
 */
IOPT_INLINE struct iopt_bt_pos iopt_bt_search_scalar(const struct iopt_bt_node *nd, uint64_t x)
{
	int64_t xw = (int64_t)(x ^ IOPT_BT_FLIP);
	unsigned g = 0, c = 0;
	const uint64_t *k;

	/* Small nodes (a fresh IOAS, the root of a small tree) have a single
	 * group; larger ones pick theirs with the summary line. */
	if (IOPT_RD(nd->n) > IOPT_BT_GROUP) {
#pragma GCC unroll 8
		for (unsigned j = 0; j < IOPT_BT_GROUPS - 1; j++)
			g += (int64_t)IOPT_RD(nd->sum[j]) <= xw;
	}
	k = nd->grp[g].key;
#pragma GCC unroll 8
	for (unsigned j = 0; j < IOPT_BT_GROUP; j++)
		c += (int64_t)IOPT_RD(k[j]) <= xw;
	return (struct iopt_bt_pos){ &nd->grp[g], (int)c - 1 };
}

#if defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
#include <immintrin.h>

#define IOPT_BT_HAVE_AVX2 1
#define IOPT_BT_AVX2 __attribute__((target("avx2,popcnt")))
_Static_assert(IOPT_BT_GROUPS == 8 && IOPT_BT_GROUP == 8,
	       "the vector search compares 8 summaries, then 8 keys");

/* Set at load time when the CPU has AVX2; tests clear it to reach the
 * portable search. */
extern bool iopt_bt_use_avx2;

/* Lanes of all ones where the stored word at p is at most x; xw1 is the
 * stored word of x + 1 (x + 1 > key is key <= x, and this operand order
 * lets the compare take the words straight from memory). The loads are not
 * C11 atomics: a torn value can only come from a writer inside its
 * section, and the reader's sequence check discards it. */
IOPT_INLINE IOPT_BT_AVX2 __m256i iopt_bt_le4(const uint64_t *p, __m256i xw1)
{
	return _mm256_cmpgt_epi64(xw1, _mm256_loadu_si256((const __m256i *)p));
}

/* How many of the 8 stored words at p are at most x. Packing the two
 * compares leaves one 32-bit lane per word, so one mask holds all 8. */
IOPT_INLINE IOPT_BT_AVX2 int iopt_bt_le8(const uint64_t *p, __m256i xw1)
{
	__m256i m = _mm256_packs_epi32(iopt_bt_le4(p, xw1), iopt_bt_le4(p + 4, xw1));

	return __builtin_popcount((unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(m)));
}

/*
 * x below UINT64_MAX, so that the unused slots and the summary sentinel are
 * always above it. A node of up to two groups (the root of a small tree)
 * is searched in one step over both groups' keys; larger ones take a
 * summary step, then a group step.
 */
IOPT_INLINE IOPT_BT_AVX2 struct iopt_bt_pos iopt_bt_search_avx2(const struct iopt_bt_node *nd,
								 uint64_t x)
{
	__m256i xw1 = _mm256_set1_epi64x((long long)((x + 1) ^ IOPT_BT_FLIP));
	const struct iopt_bt_group *g;
	int i;

	if (IOPT_RD(nd->n) <= 2 * IOPT_BT_GROUP) {
		__m256i lo = _mm256_packs_epi32(iopt_bt_le4(nd->grp[0].key, xw1),
						iopt_bt_le4(nd->grp[0].key + 4, xw1));
		__m256i hi = _mm256_packs_epi32(iopt_bt_le4(nd->grp[1].key, xw1),
						iopt_bt_le4(nd->grp[1].key + 4, xw1));
		/* Two mask bits per key after the second pack. */
		i = __builtin_popcount((unsigned)_mm256_movemask_epi8(_mm256_packs_epi16(lo, hi))) / 2 - 1;
		if (i < 0)
			return (struct iopt_bt_pos){ nd->grp, -1 };
		return (struct iopt_bt_pos){ &nd->grp[i / IOPT_BT_GROUP], i % IOPT_BT_GROUP };
	}
	/* The sentinel keeps the count below 8; the mask keeps a reader
	 * inside the node whatever it read. */
	g = &nd->grp[iopt_bt_le8(nd->sum, xw1) & (IOPT_BT_GROUPS - 1)];
	return (struct iopt_bt_pos){ g, iopt_bt_le8(g->key, xw1) - 1 };
}
#endif

/*
 * Lock-free: the entry with the largest key <= x, for a reader that began
 * with the even sequence value s. IOPT_BT_FOUND with *slot, IOPT_BT_NONE,
 * or IOPT_BT_RETRY when a writer got in the way; each answer validated
 * against s.
 */
IOPT_INLINE int iopt_bt_find_le(const struct iopt_btree *t, const uint64_t *seq, uint64_t s,
				uint64_t x, struct iopt_bt_slot *slot, iopt_bt_search_fn search)
{
	const struct iopt_bt_node *nd = IOPT_RD(t->root);
	unsigned height = IOPT_RD(t->height);
	const struct iopt_bt_rec *rec;
	struct iopt_bt_pos p;

	/* No key is UINT64_MAX: the same answer, and the searches' bound. */
	if (x == UINT64_MAX)
		x--;
	if (!nd)
		goto none;
	/* Root and height may disagree only while a writer is in its section,
	 * which the check before each step down catches. */
	for (; height > 1; height--) {
		p = search(nd, x);
		if (p.idx < 0) /* x is below every key */
			goto none;
		nd = IOPT_RD(p.grp->rec[p.idx].ptr);
		/* Follow the pointer only if everything read so far is current. */
		if (!iopt_seq_read_valid(seq, s))
			return IOPT_BT_RETRY;
	}
	p = search(nd, x);
	if (p.idx < 0)
		goto none;
	rec = &p.grp->rec[p.idx];
	slot->key = IOPT_RD(p.grp->key[p.idx]) ^ IOPT_BT_FLIP;
	slot->ptr = IOPT_RD(rec->ptr);
	slot->aux[0] = IOPT_RD(rec->aux[0]);
	slot->aux[1] = IOPT_RD(rec->aux[1]);
	return iopt_seq_read_valid(seq, s) ? IOPT_BT_FOUND : IOPT_BT_RETRY;
none:
	return iopt_seq_read_valid(seq, s) ? IOPT_BT_NONE : IOPT_BT_RETRY;
}

#endif
