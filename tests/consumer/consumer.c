/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A program built like any user's: only <libiopt.h> and pkg-config. */
#include <libiopt.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	static char buf[1 << 16];
	struct iopt_ctx *ctx = NULL;
	struct iopt_ioas *ioas = NULL;
	uint64_t iova = 0, unmapped = 0;
	int rc;

	if (iopt_version() != IOPT_VERSION_NUMBER) {
		fprintf(stderr, "consumer: library %u != headers %u\n",
			(unsigned)iopt_version(), (unsigned)IOPT_VERSION_NUMBER);
		return 1;
	}
	rc = iopt_ctx_new(NULL, &ctx);
	if (!rc)
		rc = iopt_ioas_new(ctx, NULL, &ioas);
	if (!rc)
		rc = iopt_ioas_map(ioas, buf, sizeof(buf), &iova,
				   IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE);
	if (!rc)
		rc = iopt_ioas_unmap(ioas, iova, sizeof(buf), &unmapped);
	if (!rc && unmapped != sizeof(buf))
		rc = -1;
	if (rc) {
		fprintf(stderr, "consumer (C): %s (%s)\n", iopt_strerror(rc),
			iopt_last_error());
		return 1;
	}
	iopt_ioas_free(ioas);
	iopt_ctx_free(ctx);
	printf("consumer (C): libiopt %u, mapped and unmapped %zu bytes at IOVA 0x%llx\n",
	       (unsigned)iopt_version(), sizeof(buf), (unsigned long long)iova);
	return 0;
}
