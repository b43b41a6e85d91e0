// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "alloc.h"
#include "error.h"
#include "internal.h"

int iopt_opts_copy(void *dst, size_t known_size, const void *src,
		   size_t min_size, const char *what)
{
	uint32_t size;

	memset(dst, 0, known_size);
	if (!src)
		return 0;
	memcpy(&size, src, sizeof(size));
	if (size < min_size)
		return iopt_err(-EINVAL, "%s: size %u is below %zu", what, size, min_size);
	for (size_t i = known_size; i < size; i++)
		if (((const unsigned char *)src)[i])
			return iopt_err(-E2BIG, "%s: unknown non-zero byte at offset %zu",
					what, i);
	memcpy(dst, src, size < known_size ? size : known_size);
	return 0;
}

static uint64_t default_locked_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_MEMLOCK, &rl) || rl.rlim_cur == RLIM_INFINITY)
		return UINT64_MAX;
	return rl.rlim_cur;
}

IOPT_API int iopt_ctx_new(const struct iopt_ctx_opts *opts,
			  struct iopt_ctx **out)
{
	const struct iopt_backend_ops *ops;
	struct iopt_ctx_opts o;
	struct iopt_ctx *ctx;
	int rc;

	iopt_call_begin();
	if (!out)
		return iopt_call_end(__func__, iopt_err(-EINVAL, "out is NULL"));
	rc = iopt_opts_copy(&o, sizeof(o), opts, sizeof(o), "iopt_ctx_opts");
	if (rc)
		return iopt_call_end(__func__, rc);
	if (o.flags & ~IOPT_CTX_USE_FD)
		return iopt_call_end(__func__, iopt_err(-EOPNOTSUPP, "unknown context flags 0x%x",
							 o.flags & ~IOPT_CTX_USE_FD));
	switch (o.backend) {
	case IOPT_BACKEND_MOCK:
		if (o.flags & IOPT_CTX_USE_FD)
			return iopt_call_end(__func__, iopt_err(-EINVAL,
					     "IOPT_CTX_USE_FD needs the kernel backend"));
		ops = &iopt_mock_ops;
		break;
	case IOPT_BACKEND_KERNEL:
		ops = &iopt_kernel_ops;
		break;
	default:
		return iopt_call_end(__func__, iopt_err(-EINVAL, "unknown backend %u", o.backend));
	}

	ctx = iopt_calloc(1, sizeof(*ctx));
	if (!ctx)
		return iopt_call_end(__func__, -ENOMEM);
	if (pthread_mutex_init(&ctx->lock, NULL)) {
		iopt_free(ctx);
		return iopt_call_end(__func__, -ENOMEM);
	}
	ctx->ops = ops;
	ctx->iommufd = -1;
	ctx->locked_limit = o.locked_limit ? o.locked_limit : default_locked_limit();
	if (ctx->ops->ctx_init) {
		rc = ctx->ops->ctx_init(ctx, &o);
		if (rc) {
			pthread_mutex_destroy(&ctx->lock);
			iopt_free(ctx);
			return iopt_call_end(__func__, rc);
		}
	}
	*out = ctx;
	return 0;
}

IOPT_API void iopt_ctx_free(struct iopt_ctx *ctx)
{
	if (!ctx)
		return;
	while (ctx->device_list)
		iopt_device_free(ctx->device_list);
	while (ctx->ioas_list)
		iopt_ioas_free(ctx->ioas_list);
	if (ctx->ops->ctx_fini)
		ctx->ops->ctx_fini(ctx);
	pthread_mutex_destroy(&ctx->lock);
	iopt_free(ctx);
}
