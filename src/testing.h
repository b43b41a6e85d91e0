/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Test-only hooks, compiled in with -DIOPT_TESTING (build/libiopt-test.a and
 * build/libiopt-san.a); the shipped library has none of them.
 *
 * A "fault point" is every internal heap allocation the library makes (and,
 * on the kernel backend, every ioctl). Arming fail-nth makes the Nth fault
 * point from now fail as if out of memory (or the ioctl failed), once.
 */
#ifndef IOPT_TESTING_H
#define IOPT_TESTING_H

#include <stdbool.h>

#ifdef IOPT_TESTING
/* Arm: the nth fault point from now (1-based) fails; 0 disarms. Resets the
 * counter read by iopt_test_fault_points(). Process-wide. */
void iopt_test_fail_nth(unsigned long n);
/* Fault points passed since the last iopt_test_fail_nth() call. */
unsigned long iopt_test_fault_points(void);
/* Whether the armed failure has fired since the last iopt_test_fail_nth(). */
bool iopt_test_fail_fired(void);
/* Heap blocks the library holds that are in use: allocated, not freed, and
 * not sitting idle in an object cache. Equal before and after a failed call
 * means the call leaked nothing. */
long iopt_test_live_allocs(void);
/* Lock-free readers use the CPU's vector search when it has one; false
 * forces the portable search so that tests cover both. Returns whether
 * the vector search is available at all. */
bool iopt_test_use_simd(bool on);
#endif

#endif
