// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdint.h>
#include <stdlib.h>

#include "alloc.h"
#include "testing.h"

#ifdef IOPT_TESTING
static unsigned long fail_nth;
static unsigned long fault_points;
static bool fail_fired;
static long live_allocs;
static long idle_allocs;

void iopt_test_fail_nth(unsigned long n)
{
	__atomic_store_n(&fault_points, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&fail_fired, false, __ATOMIC_SEQ_CST);
	__atomic_store_n(&fail_nth, n, __ATOMIC_SEQ_CST);
}

unsigned long iopt_test_fault_points(void)
{
	return __atomic_load_n(&fault_points, __ATOMIC_SEQ_CST);
}

bool iopt_test_fail_fired(void)
{
	return __atomic_load_n(&fail_fired, __ATOMIC_SEQ_CST);
}

long iopt_test_live_allocs(void)
{
	return __atomic_load_n(&live_allocs, __ATOMIC_SEQ_CST) -
	       __atomic_load_n(&idle_allocs, __ATOMIC_SEQ_CST);
}

void iopt_test_note_idle(long delta)
{
	__atomic_add_fetch(&idle_allocs, delta, __ATOMIC_SEQ_CST);
}

bool iopt_should_fail(void)
{
	unsigned long n = __atomic_load_n(&fail_nth, __ATOMIC_SEQ_CST);
	unsigned long point = __atomic_add_fetch(&fault_points, 1,
						 __ATOMIC_SEQ_CST);

	if (n && point == n) {
		__atomic_store_n(&fail_fired, true, __ATOMIC_SEQ_CST);
		return true;
	}
	return false;
}

static void note_alloc(void *p)
{
	if (p)
		__atomic_add_fetch(&live_allocs, 1, __ATOMIC_SEQ_CST);
}
#else
static void note_alloc(void *p)
{
	(void)p;
}
#endif

void *iopt_malloc(size_t size)
{
	void *p;

	if (iopt_should_fail())
		return NULL;
	p = malloc(size);
	note_alloc(p);
	return p;
}

void *iopt_malloc_aligned(size_t align, size_t size)
{
	void *p;

	if (iopt_should_fail() || posix_memalign(&p, align, size))
		return NULL;
	note_alloc(p);
	return p;
}

void *iopt_calloc(size_t nmemb, size_t size)
{
	void *p;

	if (iopt_should_fail())
		return NULL;
	p = calloc(nmemb, size);
	note_alloc(p);
	return p;
}

void *iopt_realloc_array(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (size && nmemb > SIZE_MAX / size)
		return NULL;
	if (iopt_should_fail())
		return NULL;
	p = realloc(ptr, nmemb * size != 0 ? nmemb * size : 1);
	if (!ptr)
		note_alloc(p);
	return p;
}

void iopt_free(void *ptr)
{
#ifdef IOPT_TESTING
	if (ptr)
		__atomic_sub_fetch(&live_allocs, 1, __ATOMIC_SEQ_CST);
#endif
	free(ptr);
}
