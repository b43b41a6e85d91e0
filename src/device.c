// SPDX-License-Identifier: LGPL-2.1-or-later
/* The public device calls: handle checks, the context's device list, and
 * the backend behind them. */
#include <errno.h>

#include "alloc.h"
#include "error.h"
#include "internal.h"

IOPT_API int iopt_device_bind(struct iopt_ctx *ctx, int vfio_fd,
			      struct iopt_device **out)
{
	struct iopt_device *dev;
	int rc;

	iopt_call_begin();
	if (!ctx || !out)
		return iopt_call_end(__func__, iopt_err(-EINVAL, "%s is NULL",
							 ctx ? "out" : "ctx"));
	if (!ctx->ops->device_bind)
		return iopt_call_end(__func__, iopt_err(-EOPNOTSUPP,
				     "the %s backend has no VFIO devices", ctx->ops->name));
	dev = iopt_calloc(1, sizeof(*dev));
	if (!dev)
		return iopt_call_end(__func__, -ENOMEM);
	dev->ctx = ctx;
	dev->fd = vfio_fd;
	rc = ctx->ops->device_bind(dev, vfio_fd);
	if (rc) {
		iopt_free(dev);
		return iopt_call_end(__func__, rc);
	}
	pthread_mutex_lock(&ctx->lock);
	dev->next = ctx->device_list;
	if (ctx->device_list)
		ctx->device_list->prev = dev;
	ctx->device_list = dev;
	pthread_mutex_unlock(&ctx->lock);
	*out = dev;
	return 0;
}

IOPT_API int iopt_device_attach(struct iopt_device *dev,
				struct iopt_ioas *ioas)
{
	int rc;

	iopt_call_begin();
	if (!dev || !ioas)
		return iopt_call_end(__func__, iopt_err(-EINVAL, "%s is NULL",
							 dev ? "ioas" : "dev"));
	if (dev->ctx != ioas->ctx)
		return iopt_call_end(__func__, iopt_err(-EINVAL,
				     "the device and the IOAS are in different contexts"));
	pthread_mutex_lock(&dev->ctx->lock);
	rc = dev->ioas == ioas ? 0 : dev->ctx->ops->device_attach(dev, ioas);
	if (!rc)
		dev->ioas = ioas;
	pthread_mutex_unlock(&dev->ctx->lock);
	return iopt_call_end(__func__, rc);
}

/* Called with ctx->lock held. */
static int detach_locked(struct iopt_device *dev)
{
	int rc = 0;

	if (dev->ioas) {
		rc = dev->ctx->ops->device_detach(dev);
		if (!rc)
			dev->ioas = NULL;
	}
	return rc;
}

IOPT_API int iopt_device_detach(struct iopt_device *dev)
{
	int rc;

	iopt_call_begin();
	if (!dev)
		return iopt_call_end(__func__, iopt_err(-EINVAL, "dev is NULL"));
	pthread_mutex_lock(&dev->ctx->lock);
	rc = detach_locked(dev);
	pthread_mutex_unlock(&dev->ctx->lock);
	return iopt_call_end(__func__, rc);
}

IOPT_API void iopt_device_free(struct iopt_device *dev)
{
	struct iopt_ctx *ctx;

	if (!dev)
		return;
	ctx = dev->ctx;
	pthread_mutex_lock(&ctx->lock);
	/* A detach cannot fail for a bound device; nothing is left to undo. */
	detach_locked(dev);
	if (dev->prev)
		dev->prev->next = dev->next;
	else
		ctx->device_list = dev->next;
	if (dev->next)
		dev->next->prev = dev->prev;
	pthread_mutex_unlock(&ctx->lock);
	iopt_free(dev);
}

void iopt_devices_detach_ioas(struct iopt_ioas *ioas)
{
	struct iopt_ctx *ctx = ioas->ctx;

	pthread_mutex_lock(&ctx->lock);
	for (struct iopt_device *dev = ctx->device_list; dev; dev = dev->next)
		if (dev->ioas == ioas)
			detach_locked(dev);
	pthread_mutex_unlock(&ctx->lock);
}
