// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iopt_ioas_area_lookup(), the hot path of device emulation: no lock, no
 * thread-local access and no call on success. The common case is one
 * function per instruction set, each the whole lookup inlined; everything
 * else (bad arguments, an older caller's shorter struct, a writer in the
 * way) goes to the out-of-line path, which records its own message.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "error.h"
#include "internal.h"

/* The first version of struct iopt_area_info ends with user_va. */
#define AREA_INFO_MIN_SIZE (offsetof(struct iopt_area_info, user_va) + sizeof(uint64_t))

static __attribute__((noinline, cold)) int lookup_miss(uint64_t iova)
{
	return iopt_err(-ENOENT, "iopt_ioas_area_lookup: no area contains IOVA 0x%llx",
			(unsigned long long)iova);
}

static __attribute__((noinline)) int lookup_slow(struct iopt_ioas *ioas, uint64_t iova,
						 struct iopt_area_info *info)
{
	const char *fn = "iopt_ioas_area_lookup";
	struct iopt_area_info found;
	uint32_t size;

	if (!ioas || !info)
		return iopt_err(-EINVAL, "%s: %s is NULL", fn, ioas ? "info" : "ioas");
	size = info->size;
	if (size < AREA_INFO_MIN_SIZE)
		return iopt_err(-EINVAL, "%s: info->size %u is below %zu", fn, size,
				AREA_INFO_MIN_SIZE);
	if (size >= sizeof(found))
		return iopt_pt_lookup(&ioas->pt, iova, info) ? lookup_miss(iova) : 0;
	/* A caller built with an older, shorter struct. */
	if (iopt_pt_lookup(&ioas->pt, iova, &found))
		return lookup_miss(iova);
	found.size = size;
	memcpy(info, &found, size);
	return 0;
}

static inline __attribute__((always_inline)) int
lookup_fast(struct iopt_ioas *ioas, uint64_t iova, struct iopt_area_info *info,
	    iopt_bt_search_fn search)
{
	int rc;

	/* The last IOVA too: the inlined search then needs no clamp. */
	if (__builtin_expect(!ioas || !info || info->size < sizeof(*info) || iova == UINT64_MAX,
			     0))
		return lookup_slow(ioas, iova, info);
	rc = iopt_pt_lookup_once(&ioas->pt, iova, info, search);
	if (__builtin_expect(rc == 0, 1))
		return 0;
	return rc == -ENOENT ? lookup_miss(iova) : lookup_slow(ioas, iova, info);
}

static int lookup_portable(struct iopt_ioas *ioas, uint64_t iova, struct iopt_area_info *info)
{
	return lookup_fast(ioas, iova, info, iopt_bt_search_scalar);
}

#ifdef IOPT_BT_HAVE_AVX2
static IOPT_BT_AVX2 __attribute__((noinline)) int
lookup_avx2(struct iopt_ioas *ioas, uint64_t iova, struct iopt_area_info *info)
{
	return lookup_fast(ioas, iova, info, iopt_bt_search_avx2);
}
#endif

#if defined(IOPT_BT_HAVE_AVX2) && !defined(IOPT_TESTING)
/* Picked once, when the library is loaded: callers jump straight to the
 * instance for this CPU. The resolver runs while the library is still
 * being relocated, so it asks the CPU itself rather than call btree.c. */
typedef int lookup_fn(struct iopt_ioas *ioas, uint64_t iova, struct iopt_area_info *info);

static lookup_fn *resolve_lookup(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") ?
		lookup_avx2 : lookup_portable;
}

IOPT_API int iopt_ioas_area_lookup(struct iopt_ioas *ioas, uint64_t iova,
				   struct iopt_area_info *info) __attribute__((ifunc("resolve_lookup")));
#else
/* Test builds switch searches at run time (iopt_test_use_simd()). */
IOPT_API int iopt_ioas_area_lookup(struct iopt_ioas *ioas, uint64_t iova,
				   struct iopt_area_info *info)
{
#ifdef IOPT_BT_HAVE_AVX2
	if (iopt_bt_use_avx2)
		return lookup_avx2(ioas, iova, info);
#endif
	return lookup_portable(ioas, iova, info);
}
#endif
