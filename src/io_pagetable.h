/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The io_pagetable model: areas, reserved and allowed ranges, alignment and
 * IOVA placement with iommufd 6.12's rules, check order and errnos. The
 * mock backend is this model; the kernel backend keeps one as the mirror of
 * what it mapped.
 *
 * Locking: pt->lock serialises everything that changes the model. Lookups
 * (iopt_pt_lookup, iopt_pt_next) take no lock: writers bracket each change
 * with pt->seq (odd while changing) and readers retry when it moved, so a
 * reader sees a whole call's change or none of it.
 */
#ifndef IOPT_IO_PAGETABLE_H
#define IOPT_IO_PAGETABLE_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "libiopt.h"
#include "core/btree.h"
#include "core/btree_search.h"
#include "core/lock.h"
#include "core/pool.h"
#include "pages.h"

/*
 * An area's IOVA range, user address and protection live in its tree entry
 * (where lock-free readers find them); the area object holds only what the
 * entry cannot: its reference on the page storage.
 */
struct iopt_area {
	struct iopt_pages *pages;
	uint64_t pages_offset; /* byte offset of the first IOVA's memory from pages->uptr */
};

/*
 * A tree entry per area: the key is its first IOVA, the value the area with
 * its info flags (protection, file or not) in the pointer's low bits, and
 * the aux words its last IOVA and user address (file offset), which is all
 * a lookup needs: readers never leave the tree.
 */
#define AUX_LAST 0
#define AUX_USER_VA 1
#define PROT_BITS ((uintptr_t)(IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE))
#define ENTRY_FLAG_BITS (PROT_BITS | (uintptr_t)IOPT_AREA_FILE)
_Static_assert(ENTRY_FLAG_BITS < 16 && _Alignof(struct iopt_area) <= 16 &&
		       sizeof(struct iopt_area) % 16 == 0,
	       "the flags fit below the 16-byte alignment the area pool gives");

struct iopt_reserved {
	uint64_t start;
	uint64_t last;
	const void *owner; /* NULL: added by the user, kept until the end */
};

/* A run of page storage that is to become one area. */
struct iopt_piece {
	struct iopt_pages *pages; /* a reference the piece holds */
	uint64_t offset;	  /* bytes from pages->uptr */
	uint64_t length;
};

struct iopt_pt {
	struct iopt_lock lock;
	uint64_t seq;
	struct iopt_btree areas; /* by first IOVA */
	struct iopt_pool area_pool;
	struct iopt_pages_cache pages_cache;
	struct iopt_reserved *reserved; /* sorted by start; may overlap */
	uint32_t nr_reserved;
	struct iopt_iova_range *allowed; /* sorted, disjoint */
	uint32_t nr_allowed;
	uint64_t iova_alignment;
	bool huge_pages_disabled;
};

void iopt_pt_init(struct iopt_pt *pt);
/* Drops every area; the caller is the last user. */
void iopt_pt_destroy(struct iopt_pt *pt);

/* Everything below needs pt->lock, except the lock-free readers at the end. */

/* Places pieces (MAP, COPY steps 6-9): on success the areas own the pieces'
 * references and *iova is set; on failure nothing changed. */
int iopt_pt_map_pieces(struct iopt_pt *pt, struct iopt_piece *pieces,
		       uint32_t nr, uint64_t length, uint64_t *iova,
		       uint32_t flags);
/* COPY step 5: the pieces behind [iova, iova + length - 1], referenced. */
int iopt_pt_collect(struct iopt_pt *pt, uint64_t iova, uint64_t length,
		    struct iopt_piece **pieces, uint32_t *nr);
void iopt_pt_pieces_free(struct iopt_piece *pieces, uint32_t nr);
int iopt_pt_unmap(struct iopt_pt *pt, uint64_t iova, uint64_t length,
		  uint64_t *unmapped);
/* What an unmap that passed its checks will remove. */
struct iopt_unmap_plan {
	bool all;		   /* every area: (0, UINT64_MAX) */
	uint64_t last;		   /* else: the range's last IOVA, */
	uint64_t nr;		   /* how many areas lie inside it, */
	struct iopt_bt_cursor at; /* and where the first one is */
};

/* UNMAP's argument checks and the all-or-nothing test; changes nothing. */
int iopt_pt_unmap_check(struct iopt_pt *pt, uint64_t iova, uint64_t length,
			struct iopt_unmap_plan *plan);
/* Carries out a plan from iopt_pt_unmap_check() made under the same lock. */
void iopt_pt_unmap_range(struct iopt_pt *pt, struct iopt_unmap_plan *plan,
			 uint64_t *unmapped);

/* Mirror updates of the kernel backend. iopt_pt_reserve() makes the next
 * nr iopt_pt_mirror_insert() pieces unable to fail; it alone may fail. */
int iopt_pt_reserve(struct iopt_pt *pt, uint32_t nr);
void iopt_pt_mirror_insert(struct iopt_pt *pt, struct iopt_piece *pieces,
			   uint32_t nr, uint64_t iova, uint32_t prot);
int iopt_pt_iova_ranges(struct iopt_pt *pt, struct iopt_iova_range *ranges,
			uint32_t *num, uint64_t *alignment);
int iopt_pt_set_allowed(struct iopt_pt *pt,
			const struct iopt_iova_range *ranges, uint32_t num);
int iopt_pt_add_reserved(struct iopt_pt *pt, uint64_t start, uint64_t last,
			 const void *owner);
int iopt_pt_set_huge_pages(struct iopt_pt *pt, uint64_t value);

static inline void iopt_pt_fill_info(const struct iopt_bt_slot *slot,
				     struct iopt_area_info *info)
{
	info->size = sizeof(*info);
	info->flags = (uintptr_t)slot->ptr & ENTRY_FLAG_BITS;
	info->iova = slot->key;
	info->length = slot->aux[AUX_LAST] - slot->key + 1;
	info->user_va = slot->aux[AUX_USER_VA];
}

/*
 * Lock-free, one attempt, for a caller that instantiates it per node
 * search: the area containing iova, -ENOENT if none, -EAGAIN when a writer
 * was in the way (iopt_pt_lookup() then waits it out).
 */
static inline __attribute__((always_inline)) int
iopt_pt_lookup_once(const struct iopt_pt *pt, uint64_t iova, struct iopt_area_info *info,
		    iopt_bt_search_fn search)
{
	uint64_t s = iopt_seq_read_begin(&pt->seq);
	struct iopt_bt_slot slot;

	if (__builtin_expect(s & 1, 0))
		return -EAGAIN;
	switch (iopt_bt_find_le(&pt->areas, &pt->seq, s, iova, &slot, search)) {
	case IOPT_BT_FOUND:
		if (iova > slot.aux[AUX_LAST])
			return -ENOENT;
		iopt_pt_fill_info(&slot, info);
		return 0;
	case IOPT_BT_NONE:
		return -ENOENT;
	default:
		return -EAGAIN;
	}
}

/* Lock-free: the area containing iova. -ENOENT if none. */
int iopt_pt_lookup(struct iopt_pt *pt, uint64_t iova,
		   struct iopt_area_info *info);
/* Lock-free: the first area that ends at or after x. -ENOENT if none. */
int iopt_pt_next(struct iopt_pt *pt, uint64_t x, struct iopt_area_info *info);

#endif
