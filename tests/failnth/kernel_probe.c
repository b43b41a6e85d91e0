// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <sys/ioctl.h>

#include "backend/uapi.h"
#include "internal.h"
#include "kernel_probe.h"

/* A copy of the range into a scratch IOAS succeeds only if all of it is
 * mapped; destroying the scratch IOAS drops the copy again. */
int kernel_maps(struct iopt_ioas *ioas, uint64_t iova, uint64_t length)
{
	int fd = ioas->ctx->iommufd, rc = 0;
	struct iopt_uapi_ioas_alloc alloc = { .size = sizeof(alloc) };
	struct iopt_uapi_ioas_copy copy = {
		.size = sizeof(copy),
		.flags = IOPT_UAPI_IOAS_MAP_READABLE,
		.src_ioas_id = ioas->backend_id,
		.length = length,
		.src_iova = iova,
	};
	struct iopt_uapi_destroy destroy = { .size = sizeof(destroy) };

	if (ioctl(fd, IOPT_UAPI_IOMMU_IOAS_ALLOC, &alloc))
		return -errno;
	copy.dst_ioas_id = alloc.out_ioas_id;
	if (ioctl(fd, IOPT_UAPI_IOMMU_IOAS_COPY, &copy))
		rc = -errno;
	destroy.id = alloc.out_ioas_id;
	if (ioctl(fd, IOPT_UAPI_IOMMU_DESTROY, &destroy) && !rc)
		rc = -errno;
	return rc;
}
