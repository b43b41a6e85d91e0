/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The objects behind the public handles. */
#ifndef IOPT_INTERNAL_H
#define IOPT_INTERNAL_H

#include <pthread.h>

#include "libiopt.h"
#include "backend/backend.h"
#include "io_pagetable.h"

struct iopt_ctx {
	const struct iopt_backend_ops *ops;
	pthread_mutex_t lock; /* protects the IOAS and device lists */
	struct iopt_ioas *ioas_list;
	struct iopt_device *device_list;
	int iommufd; /* kernel backend */
	uint64_t locked_limit;
	void *backend_data;
};

struct iopt_ioas {
	struct iopt_ctx *ctx;
	struct iopt_ioas *prev, *next; /* in ctx->ioas_list */
	struct iopt_pt pt;	       /* the model, or the kernel's mirror */
	uint32_t backend_id;
};

struct iopt_device {
	struct iopt_ctx *ctx;
	struct iopt_device *prev, *next; /* in ctx->device_list */
	struct iopt_ioas *ioas;		 /* attached to, or NULL */
	int fd;				 /* the caller's VFIO cdev */
	uint32_t dev_id;		 /* kernel DEVICE object */
	uint32_t hwpt_id;		 /* kernel HWPT while attached */
};

/* Reads a size-first options struct into a zeroed copy of known_size bytes:
 * -EINVAL below min_size, -E2BIG for non-zero bytes past known_size. */
int iopt_opts_copy(void *dst, size_t known_size, const void *src,
		   size_t min_size, const char *what);

/* Detaches every device attached to the IOAS (before it is destroyed). */
void iopt_devices_detach_ioas(struct iopt_ioas *ioas);

#endif
