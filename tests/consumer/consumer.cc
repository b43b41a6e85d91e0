// SPDX-License-Identifier: LGPL-2.1-or-later
// The same as consumer.c, from C++.
#include <libiopt.h>

#include <cstdio>
#include <memory>
#include <vector>

struct ctx_deleter { void operator()(iopt_ctx *c) const { iopt_ctx_free(c); } };
struct ioas_deleter { void operator()(iopt_ioas *i) const { iopt_ioas_free(i); } };

int main()
{
	if (iopt_version() != IOPT_VERSION_NUMBER) {
		std::fprintf(stderr, "consumer (C++): library/headers version mismatch\n");
		return 1;
	}
	iopt_ctx *c = nullptr;
	iopt_ioas *i = nullptr;
	int rc = iopt_ctx_new(nullptr, &c);
	std::unique_ptr<iopt_ctx, ctx_deleter> ctx(c);
	if (!rc)
		rc = iopt_ioas_new(ctx.get(), nullptr, &i);
	std::unique_ptr<iopt_ioas, ioas_deleter> ioas(i);
	std::vector<unsigned char> buf(1 << 16);
	uint64_t iova = 0, unmapped = 0;
	if (!rc)
		rc = iopt_ioas_map(ioas.get(), buf.data(), buf.size(), &iova,
				   IOPT_MAP_READABLE);
	if (!rc)
		rc = iopt_ioas_unmap(ioas.get(), iova, buf.size(), &unmapped);
	if (rc || unmapped != buf.size()) {
		std::fprintf(stderr, "consumer (C++): %s (%s)\n", iopt_strerror(rc),
			     iopt_last_error());
		return 1;
	}
	std::printf("consumer (C++): mapped and unmapped %zu bytes at IOVA 0x%llx\n",
		    buf.size(), static_cast<unsigned long long>(iova));
	return 0;
}
