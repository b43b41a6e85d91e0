// SPDX-License-Identifier: LGPL-2.1-or-later
// include/libiopt.h must compile on its own as C++, with C linkage for its
// declarations. Compiled, never linked: see tests/header/run.sh.
#include <libiopt.h>
#include <libiopt.h>

#include <type_traits>

static_assert(IOPT_VERSION_NUMBER ==
	      IOPT_VERSION_MAJOR * 10000 + IOPT_VERSION_MINOR * 100 + IOPT_VERSION_PATCH,
	      "IOPT_VERSION_NUMBER does not match its parts");
static_assert(std::is_standard_layout<iopt_ctx_opts>::value, "C layout");
static_assert(std::is_standard_layout<iopt_area_info>::value, "C layout");
static_assert(sizeof(iopt_iova_range) == 16, "inclusive range pair");
static_assert(std::is_same<decltype(&iopt_ioas_map),
	      int (*)(iopt_ioas *, void *, uint64_t, uint64_t *, uint32_t)>::value,
	      "iopt_ioas_map prototype");

int header_test_use(iopt_ctx *ctx);
int header_test_use(iopt_ctx *ctx)
{
	iopt_ioas_opts opts = { sizeof(opts), 0 };
	iopt_ioas *ioas = nullptr;
	iopt_area_fn fn = [](const iopt_area_info *, void *) -> int { return 0; };
	(void)fn;
	return iopt_ioas_new(ctx, &opts, &ioas);
}
