// SPDX-License-Identifier: LGPL-2.1-or-later
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/lock.h"

/* Critical sections are short (tree updates) except around ioctls, so a
 * brief spin usually wins before sleeping is worth a system call. */
#define SPINS 100

#if defined(__x86_64__) || defined(__i386__)
#define cpu_relax() __builtin_ia32_pause()
#else
#define cpu_relax() __asm__ volatile("" ::: "memory")
#endif

void iopt_lock_contended(struct iopt_lock *l)
{
	for (unsigned i = 0; i < SPINS; i++) {
		uint32_t free_state = 0;

		cpu_relax();
		if (__atomic_load_n(&l->state, __ATOMIC_RELAXED) == 0 &&
		    __atomic_compare_exchange_n(&l->state, &free_state, 1, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
	}
	/* Mark the lock as having sleepers; whoever releases it wakes one.
	 * A woken thread takes it as 2 again: it cannot know it was the
	 * last sleeper, and a spare wake-up is harmless. */
	while (__atomic_exchange_n(&l->state, 2, __ATOMIC_ACQUIRE) != 0)
		syscall(SYS_futex, &l->state, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
}

void iopt_unlock_contended(struct iopt_lock *l)
{
	syscall(SYS_futex, &l->state, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}
