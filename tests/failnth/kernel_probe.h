/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel's own view of a kernel-backend IOAS, asked with raw ioctls on
 * the library's iommufd, so that a sweep can tell a mirror that agrees with
 * the kernel from one that merely agrees with itself.
 */
#ifndef FAILNTH_KERNEL_PROBE_H
#define FAILNTH_KERNEL_PROBE_H

#include <stdint.h>

#include "libiopt.h"

/* 0 when the kernel maps every IOVA of [iova, iova + length - 1] in the
 * IOAS, else the negative errno of the raw IOAS_COPY that asked (-ENOENT:
 * not all of it is mapped). */
int kernel_maps(struct iopt_ioas *ioas, uint64_t iova, uint64_t length);

#endif
