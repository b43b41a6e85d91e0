// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The public IOAS calls: check handles and option structs, hand the call
 * to the backend, make sure a failure leaves a message. Walks read the
 * model (or mirror) directly, without a lock; single lookups are in
 * lookup.c.
 */
#include <errno.h>

#include "alloc.h"
#include "error.h"
#include "internal.h"

#define BACKEND_CALL(ctx, op, ...) \
	((ctx)->ops->op ? (ctx)->ops->op(__VA_ARGS__) : \
	 iopt_err(-EOPNOTSUPP, "%s: not supported by the %s backend", __func__, \
		  (ctx)->ops->name))

#define NULL_CHECK(cond, what) \
	do { \
		if (cond) \
			return iopt_call_end(__func__, iopt_err(-EINVAL, "%s is NULL", what)); \
	} while (0)

IOPT_API int iopt_ioas_new(struct iopt_ctx *ctx,
			   const struct iopt_ioas_opts *opts,
			   struct iopt_ioas **out)
{
	struct iopt_ioas_opts o;
	struct iopt_ioas *ioas;
	int rc;

	iopt_call_begin();
	NULL_CHECK(!ctx, "ctx");
	NULL_CHECK(!out, "out");
	rc = iopt_opts_copy(&o, sizeof(o), opts, sizeof(o), "iopt_ioas_opts");
	if (rc)
		return iopt_call_end(__func__, rc);
	if (o.flags)
		return iopt_call_end(__func__, iopt_err(-EOPNOTSUPP, "unknown IOAS flags 0x%x",
							 o.flags));
	ioas = iopt_calloc(1, sizeof(*ioas));
	if (!ioas)
		return iopt_call_end(__func__, -ENOMEM);
	ioas->ctx = ctx;
	iopt_pt_init(&ioas->pt);
	if (ctx->ops->ioas_alloc) {
		rc = ctx->ops->ioas_alloc(ioas);
		if (rc) {
			iopt_pt_destroy(&ioas->pt);
			iopt_free(ioas);
			return iopt_call_end(__func__, rc);
		}
	}
	pthread_mutex_lock(&ctx->lock);
	ioas->next = ctx->ioas_list;
	if (ctx->ioas_list)
		ctx->ioas_list->prev = ioas;
	ctx->ioas_list = ioas;
	pthread_mutex_unlock(&ctx->lock);
	*out = ioas;
	return 0;
}

IOPT_API void iopt_ioas_free(struct iopt_ioas *ioas)
{
	struct iopt_ctx *ctx;

	if (!ioas)
		return;
	ctx = ioas->ctx;
	pthread_mutex_lock(&ctx->lock);
	if (ioas->prev)
		ioas->prev->next = ioas->next;
	else
		ctx->ioas_list = ioas->next;
	if (ioas->next)
		ioas->next->prev = ioas->prev;
	pthread_mutex_unlock(&ctx->lock);
	iopt_devices_detach_ioas(ioas);
	if (ctx->ops->ioas_destroy)
		ctx->ops->ioas_destroy(ioas);
	iopt_pt_destroy(&ioas->pt);
	iopt_free(ioas);
}

IOPT_API int iopt_ioas_map(struct iopt_ioas *ioas, void *user_va,
			   uint64_t length, uint64_t *iova, uint32_t flags)
{
	iopt_call_begin();
	NULL_CHECK(!ioas, "ioas");
	NULL_CHECK(!iova, "iova");
	return iopt_call_end(__func__, BACKEND_CALL(ioas->ctx, map, ioas,
				(uintptr_t)user_va, length, iova, flags));
}

IOPT_API int iopt_ioas_map_file(struct iopt_ioas *ioas, int fd, uint64_t start,
				uint64_t length, uint64_t *iova, uint32_t flags)
{
	iopt_call_begin();
	NULL_CHECK(!ioas, "ioas");
	NULL_CHECK(!iova, "iova");
	return iopt_call_end(__func__, BACKEND_CALL(ioas->ctx, map_file, ioas, fd, start,
						    length, iova, flags));
}

IOPT_API int iopt_ioas_unmap(struct iopt_ioas *ioas, uint64_t iova,
			     uint64_t length, uint64_t *unmapped)
{
	iopt_call_begin();
	NULL_CHECK(!ioas, "ioas");
	return iopt_call_end(__func__, BACKEND_CALL(ioas->ctx, unmap, ioas, iova,
						    length, unmapped));
}

IOPT_API int iopt_ioas_copy(struct iopt_ioas *dst, uint64_t *dst_iova,
			    struct iopt_ioas *src, uint64_t src_iova,
			    uint64_t length, uint32_t flags)
{
	iopt_call_begin();
	NULL_CHECK(!dst, "dst");
	NULL_CHECK(!src, "src");
	NULL_CHECK(!dst_iova, "dst_iova");
	if (dst->ctx != src->ctx)
		return iopt_call_end(__func__, iopt_err(-EINVAL,
				     "source and destination IOAS are in different contexts"));
	return iopt_call_end(__func__, BACKEND_CALL(dst->ctx, copy, dst, dst_iova,
						    src, src_iova, length, flags));
}

IOPT_API int iopt_ioas_iova_ranges(struct iopt_ioas *ioas,
				   struct iopt_iova_range *ranges,
				   uint32_t *num, uint64_t *alignment)
{
	iopt_call_begin();
	NULL_CHECK(!ioas, "ioas");
	NULL_CHECK(!num, "num");
	if (!ranges && *num)
		return iopt_call_end(__func__, iopt_err(-EFAULT,
				     "ranges is NULL with a capacity of %u", *num));
	return iopt_call_end(__func__, BACKEND_CALL(ioas->ctx, iova_ranges, ioas,
						    ranges, num, alignment));
}

IOPT_API int iopt_ioas_allow_iovas(struct iopt_ioas *ioas,
				   const struct iopt_iova_range *ranges,
				   uint32_t num)
{
	iopt_call_begin();
	NULL_CHECK(!ioas, "ioas");
	if (!ranges && num)
		return iopt_call_end(__func__, iopt_err(-EFAULT,
				     "ranges is NULL with %u entries", num));
	return iopt_call_end(__func__, BACKEND_CALL(ioas->ctx, allow_iovas, ioas,
						    ranges, num));
}

IOPT_API int iopt_ioas_add_reserved(struct iopt_ioas *ioas, uint64_t start,
				    uint64_t length)
{
	iopt_call_begin();
	NULL_CHECK(!ioas, "ioas");
	return iopt_call_end(__func__, BACKEND_CALL(ioas->ctx, add_reserved, ioas,
						    start, length));
}

IOPT_API int iopt_ioas_set_option(struct iopt_ioas *ioas, uint32_t option,
				  uint64_t value)
{
	iopt_call_begin();
	NULL_CHECK(!ioas, "ioas");
	return iopt_call_end(__func__, BACKEND_CALL(ioas->ctx, set_option, ioas,
						    option, value));
}

IOPT_API int iopt_ioas_get_option(struct iopt_ioas *ioas, uint32_t option,
				  uint64_t *value)
{
	iopt_call_begin();
	NULL_CHECK(!ioas, "ioas");
	NULL_CHECK(!value, "value");
	return iopt_call_end(__func__, BACKEND_CALL(ioas->ctx, get_option, ioas,
						    option, value));
}

IOPT_API int iopt_ioas_area_foreach(struct iopt_ioas *ioas, uint64_t iova,
				    uint64_t length, iopt_area_fn fn,
				    void *arg)
{
	struct iopt_area_info info;
	uint64_t last, pos = iova;
	int rc;

	iopt_call_begin();
	NULL_CHECK(!ioas, "ioas");
	NULL_CHECK(!fn, "fn");
	if (length == 0)
		return iopt_call_end(__func__, iopt_err(-EINVAL, "length is 0"));
	if (iova == 0 && length == UINT64_MAX)
		last = UINT64_MAX;
	else if (__builtin_add_overflow(iova, length - 1, &last))
		return iopt_call_end(__func__, iopt_err(-EOVERFLOW, "IOVA + length wraps"));
	/* One lock-free step per area: no lock is held while fn runs. */
	while (iopt_pt_next(&ioas->pt, pos, &info) == 0 && info.iova <= last) {
		rc = fn(&info, arg);
		if (rc)
			return rc;
		if (info.iova + info.length - 1 >= last)
			break;
		pos = info.iova + info.length;
	}
	return 0;
}
