/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * include/libiopt.h must compile on its own (it is included first and
 * nothing else is), twice (include guard), in strict ISO C. Compiled, never
 * linked: see tests/header/run.sh.
 */
#include <libiopt.h>
#include <libiopt.h>

/* The version is usable in #if. */
#if IOPT_VERSION_NUMBER != IOPT_VERSION_MAJOR * 10000 + IOPT_VERSION_MINOR * 100 + IOPT_VERSION_PATCH
#error "IOPT_VERSION_NUMBER does not match its parts"
#endif

/* Every public type is complete where it must be, and the opaque handles are
 * usable as pointers. C99 has no static_assert: a negative array size fails. */
typedef char check_range_size[sizeof(struct iopt_iova_range) == 16 ? 1 : -1];

int header_test_use(struct iopt_ctx *ctx);
int header_test_use(struct iopt_ctx *ctx)
{
	struct iopt_ctx_opts copts = { sizeof(copts), 0, IOPT_BACKEND_MOCK, -1, 0, 0 };
	struct iopt_ioas_opts iopts = { sizeof(iopts), 0 };
	struct iopt_area_info info = { sizeof(info), 0, 0, 0, 0 };
	struct iopt_ioas *ioas = 0;
	iopt_area_fn fn = 0;
	uint32_t flags = IOPT_MAP_FIXED_IOVA | IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE |
			 IOPT_CTX_USE_FD;
	enum iopt_ioas_option opt = IOPT_IOAS_OPTION_HUGE_PAGES;

	(void)copts; (void)iopts; (void)info; (void)fn; (void)opt; (void)flags;
	(void)sizeof(check_range_size);
	return iopt_ioas_new(ctx, &iopts, &ioas);
}
