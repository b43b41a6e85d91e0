/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The private table every backend fills in. The public entry points in
 * ioas.c and ctx.c check handles, then call through ctx->ops; a backend
 * owns everything from there on, including the IOAS lock and the mirror
 * of its mappings in ioas->pt (lookups read that mirror directly).
 */
#ifndef IOPT_BACKEND_H
#define IOPT_BACKEND_H

#include <stdint.h>

#include "libiopt.h"

struct iopt_backend_ops {
	const char *name;
	/* Keep sorted. */
	int (*add_reserved)(struct iopt_ioas *ioas, uint64_t start,
			    uint64_t length);
	int (*allow_iovas)(struct iopt_ioas *ioas,
			   const struct iopt_iova_range *ranges, uint32_t num);
	int (*copy)(struct iopt_ioas *dst, uint64_t *dst_iova,
		    struct iopt_ioas *src, uint64_t src_iova, uint64_t length,
		    uint32_t flags);
	void (*ctx_fini)(struct iopt_ctx *ctx);
	int (*ctx_init)(struct iopt_ctx *ctx, const struct iopt_ctx_opts *opts);
	int (*device_attach)(struct iopt_device *dev, struct iopt_ioas *ioas);
	int (*device_bind)(struct iopt_device *dev, int vfio_fd);
	int (*device_detach)(struct iopt_device *dev);
	int (*get_option)(struct iopt_ioas *ioas, uint32_t option,
			  uint64_t *value);
	int (*ioas_alloc)(struct iopt_ioas *ioas);
	/* Must not fail; the mirror's areas are dropped by the caller. */
	void (*ioas_destroy)(struct iopt_ioas *ioas);
	int (*iova_ranges)(struct iopt_ioas *ioas,
			   struct iopt_iova_range *ranges, uint32_t *num,
			   uint64_t *alignment);
	int (*map)(struct iopt_ioas *ioas, uintptr_t user_va, uint64_t length,
		   uint64_t *iova, uint32_t flags);
	int (*map_file)(struct iopt_ioas *ioas, int fd, uint64_t start,
			uint64_t length, uint64_t *iova, uint32_t flags);
	int (*set_option)(struct iopt_ioas *ioas, uint32_t option,
			  uint64_t value);
	int (*unmap)(struct iopt_ioas *ioas, uint64_t iova, uint64_t length,
		     uint64_t *unmapped);
};

extern const struct iopt_backend_ops iopt_kernel_ops;
extern const struct iopt_backend_ops iopt_mock_ops;

#endif
