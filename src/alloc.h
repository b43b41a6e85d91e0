/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Every heap allocation of the library goes through here, so that test
 * builds can fail any one of them (src/testing.h) and count what is live.
 */
#ifndef IOPT_ALLOC_H
#define IOPT_ALLOC_H

#include <stdbool.h>
#include <stddef.h>

void *iopt_malloc(size_t size);
void *iopt_calloc(size_t nmemb, size_t size);
void *iopt_malloc_aligned(size_t align, size_t size);
/* Like realloc, but on failure the old block is untouched and NULL returned. */
void *iopt_realloc_array(void *ptr, size_t nmemb, size_t size);
void iopt_free(void *ptr);

#ifdef IOPT_TESTING
/* A fault point that is not an allocation (a backend call): true = fail. */
bool iopt_should_fail(void);
/* Object caches tell the live count about blocks they keep idle. */
void iopt_test_note_idle(long delta);
#define IOPT_NOTE_IDLE(d) iopt_test_note_idle(d)
#else
static inline bool iopt_should_fail(void)
{
	return false;
}
#define IOPT_NOTE_IDLE(d) ((void)0)
#endif

#endif
