/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The IOAS lock: a mutex whose uncontended lock and unlock are one atomic
 * instruction each, inline. Every map and unmap takes it, and glibc's
 * out-of-line mutex cost more than the rest of a small update (about 200
 * ns a lock+unlock pair in the benchmark VM). Contended waiters spin
 * briefly, then sleep on a futex.
 *
 * The word is 0 when free, 1 when held, 2 when held and someone may be
 * asleep on it: only then does unlock make a system call.
 */
#ifndef IOPT_LOCK_H
#define IOPT_LOCK_H

#include <stdbool.h>
#include <stdint.h>

struct iopt_lock {
	uint32_t state;
};

#define IOPT_LOCK_INIT { 0 }

void iopt_lock_contended(struct iopt_lock *l);
void iopt_unlock_contended(struct iopt_lock *l);

static inline void iopt_lock(struct iopt_lock *l)
{
	uint32_t free_state = 0;

	if (!__atomic_compare_exchange_n(&l->state, &free_state, 1, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		iopt_lock_contended(l);
}

static inline void iopt_unlock(struct iopt_lock *l)
{
	if (__atomic_exchange_n(&l->state, 0, __ATOMIC_RELEASE) == 2)
		iopt_unlock_contended(l);
}

#endif
