// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel backend: every call is the iommufd ioctl, so the kernel
 * decides placement and errors. The IOAS's model is kept as a mirror of the
 * kernel's areas: lookups read it without a syscall, and unmap checks it
 * first so that a failing unmap removes nothing. The mirror changes only
 * after the kernel said yes, and is prepared (memory reserved) before the
 * ioctl, so it cannot fail to follow.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "alloc.h"
#include "backend/uapi.h"
#include "error.h"
#include "internal.h"

_Static_assert(sizeof(struct iopt_iova_range) == sizeof(struct iopt_uapi_iova_range) &&
	       offsetof(struct iopt_iova_range, last) ==
	       offsetof(struct iopt_uapi_iova_range, last),
	       "public IOVA ranges are passed to the kernel as they are");
_Static_assert(IOPT_MAP_FIXED_IOVA == IOPT_UAPI_IOAS_MAP_FIXED_IOVA &&
	       IOPT_MAP_WRITEABLE == IOPT_UAPI_IOAS_MAP_WRITEABLE &&
	       IOPT_MAP_READABLE == IOPT_UAPI_IOAS_MAP_READABLE,
	       "map flags are the kernel's");

/* One ioctl; a fault point for fail-nth. Returns 0 or -errno. */
static int kioctl(int fd, unsigned long request, void *arg, const char *what)
{
	if (iopt_should_fail())
		return iopt_err(-ENOMEM, "%s: injected failure", what);
	if (ioctl(fd, request, arg) == 0)
		return 0;
	return iopt_err(-errno, "%s: %s", what, iopt_strerror(errno));
}

static int k_ctx_init(struct iopt_ctx *ctx, const struct iopt_ctx_opts *opts)
{
	struct iopt_uapi_destroy probe = { .size = sizeof(probe), .id = 0 };
	const char *path = opts->dev_path ? opts->dev_path : "/dev/iommu";
	int fd, rc;

	if (opts->flags & IOPT_CTX_USE_FD) {
		fd = fcntl(opts->iommufd, F_DUPFD_CLOEXEC, 3);
		if (fd < 0)
			return iopt_err(-errno, "iommufd %d: %s", opts->iommufd,
					iopt_strerror(errno));
	} else {
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			return iopt_err(-errno, "%s: %s", path, iopt_strerror(errno));
	}
	/* Destroying object 0 is ENOENT on an iommufd and ENOTTY elsewhere. */
	if (ioctl(fd, IOPT_UAPI_IOMMU_DESTROY, &probe) == 0 || errno != ENOENT) {
		rc = errno == ENOTTY || errno == EINVAL ? -ENOTTY : -errno;
		close(fd);
		return iopt_err(rc, "%s is not an iommufd",
				opts->flags & IOPT_CTX_USE_FD ? "the fd" : path);
	}
	ctx->iommufd = fd;
	return 0;
}

static void k_ctx_fini(struct iopt_ctx *ctx)
{
	close(ctx->iommufd);
}

static int k_ioas_alloc(struct iopt_ioas *ioas)
{
	struct iopt_uapi_ioas_alloc cmd = { .size = sizeof(cmd) };
	int rc;

	rc = kioctl(ioas->ctx->iommufd, IOPT_UAPI_IOMMU_IOAS_ALLOC, &cmd, "IOAS_ALLOC");
	if (!rc)
		ioas->backend_id = cmd.out_ioas_id;
	return rc;
}

static void k_ioas_destroy(struct iopt_ioas *ioas)
{
	struct iopt_uapi_destroy cmd = { .size = sizeof(cmd), .id = ioas->backend_id };

	/* Devices were detached first, so nothing holds the IOAS any more;
	 * its areas go with it. Not a fault point: destroy cannot fail. */
	ioctl(ioas->ctx->iommufd, IOPT_UAPI_IOMMU_DESTROY, &cmd);
}

/* The kernel mapped what the mirror cannot follow: take it back, so the
 * two never disagree, and fail the call. */
static int undo_kernel_map(struct iopt_ioas *ioas, uint64_t iova, uint64_t length,
			   const char *why)
{
	struct iopt_uapi_ioas_unmap undo = {
		.size = sizeof(undo), .ioas_id = ioas->backend_id,
		.iova = iova, .length = length,
	};

	ioctl(ioas->ctx->iommufd, IOPT_UAPI_IOMMU_IOAS_UNMAP, &undo);
	return iopt_err(-EIO, "%s", why);
}

/*
 * MAP and MAP_FILE once the page storage is made (none for what the mirror
 * could not hold): the ioctl, then the mirror, under the IOAS lock.
 * cmd_iova is the command's iova field, read after the ioctl.
 */
static int map_and_mirror(struct iopt_ioas *ioas, unsigned long request, void *cmd,
			  const uint64_t *cmd_iova, const char *what,
			  struct iopt_piece *piece, uint64_t *iova, uint32_t flags)
{
	int rc = iopt_pt_reserve(&ioas->pt, 1);

	if (!rc)
		rc = kioctl(ioas->ctx->iommufd, request, cmd, what);
	if (!rc && !piece->pages)
		rc = undo_kernel_map(ioas, *cmd_iova, piece->length,
				     "the kernel accepted a length the mirror cannot hold");
	if (!rc) {
		iopt_pt_mirror_insert(&ioas->pt, piece, 1, *cmd_iova,
				      flags & (IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE));
		*iova = *cmd_iova;
	}
	return rc;
}

static int k_map(struct iopt_ioas *ioas, uintptr_t user_va, uint64_t length,
		 uint64_t *iova, uint32_t flags)
{
	struct iopt_uapi_ioas_map cmd = {
		.size = sizeof(cmd),
		.flags = flags,
		.ioas_id = ioas->backend_id,
		.user_va = user_va,
		.length = length,
		.iova = *iova,
	};
	struct iopt_piece piece = { .length = length };
	int rc;

	iopt_lock(&ioas->pt.lock);
	/* Bad lengths must get the kernel's errno: make the page storage
	 * only for what the kernel may accept, with a size it can hold. */
	if (length && length < UINT64_MAX && user_va + length > user_va) {
		piece.pages = iopt_pages_new_cached(&ioas->pt.pages_cache, user_va, length,
						    flags & IOPT_MAP_WRITEABLE);
		if (!piece.pages) {
			iopt_unlock(&ioas->pt.lock);
			return -ENOMEM;
		}
		piece.offset = user_va - piece.pages->uptr;
	}
	rc = map_and_mirror(ioas, IOPT_UAPI_IOMMU_IOAS_MAP, &cmd, &cmd.iova, "IOAS_MAP",
			    &piece, iova, flags);
	if (rc)
		iopt_pages_put_cached(&ioas->pt.pages_cache, piece.pages);
	iopt_unlock(&ioas->pt.lock);
	return rc;
}

/* IOAS_MAP_FILE exists from Linux 6.13; older kernels answer ENOTTY. */
static int k_map_file(struct iopt_ioas *ioas, int fd, uint64_t start, uint64_t length,
		      uint64_t *iova, uint32_t flags)
{
	struct iopt_uapi_ioas_map_file cmd = {
		.size = sizeof(cmd),
		.flags = flags,
		.ioas_id = ioas->backend_id,
		.fd = fd,
		.start = start,
		.length = length,
		.iova = *iova,
	};
	struct iopt_piece piece = { .length = length };
	uint64_t last;
	int rc;

	/* As in k_map: the storage (with its dup of fd) only for what the
	 * kernel may accept; a bad fd or length gets the kernel's errno. */
	if (length && length < UINT64_MAX && !__builtin_add_overflow(start, length - 1, &last)) {
		rc = iopt_pages_new_file(fd, start, length, flags & IOPT_MAP_WRITEABLE,
					 &piece.pages);
		if (rc && rc != -EBADF)
			return iopt_err(rc, "could not keep the file open: %s", iopt_strerror(-rc));
		if (!rc)
			piece.offset = start - piece.pages->uptr;
	}
	iopt_lock(&ioas->pt.lock);
	rc = map_and_mirror(ioas, IOPT_UAPI_IOMMU_IOAS_MAP_FILE, &cmd, &cmd.iova,
			    "IOAS_MAP_FILE", &piece, iova, flags);
	iopt_unlock(&ioas->pt.lock);
	if (rc == -ENOTTY)
		rc = iopt_err(-EOPNOTSUPP, "IOAS_MAP_FILE needs Linux 6.13 or later");
	if (rc)
		iopt_pages_put(piece.pages);
	return rc;
}

static void lock_pair(struct iopt_ioas *a, struct iopt_ioas *b)
{
	if (a == b) {
		iopt_lock(&a->pt.lock);
		return;
	}
	/* A fixed order between IOASes: copies in both directions at once
	 * cannot deadlock. */
	if ((uintptr_t)a > (uintptr_t)b) {
		struct iopt_ioas *t = a;

		a = b;
		b = t;
	}
	iopt_lock(&a->pt.lock);
	iopt_lock(&b->pt.lock);
}

static void unlock_pair(struct iopt_ioas *a, struct iopt_ioas *b)
{
	iopt_unlock(&a->pt.lock);
	if (a != b)
		iopt_unlock(&b->pt.lock);
}

static int k_copy(struct iopt_ioas *dst, uint64_t *dst_iova,
		  struct iopt_ioas *src, uint64_t src_iova, uint64_t length,
		  uint32_t flags)
{
	struct iopt_uapi_ioas_copy cmd = {
		.size = sizeof(cmd),
		.flags = flags,
		.dst_ioas_id = dst->backend_id,
		.src_ioas_id = src->backend_id,
		.length = length,
		.dst_iova = *dst_iova,
		.src_iova = src_iova,
	};
	struct iopt_piece *pieces = NULL;
	uint32_t nr = 0;
	int rc;

	lock_pair(dst, src);
	/* The mirror's view of the source; when it has none, the kernel is
	 * expected to refuse too, and says why. */
	rc = iopt_pt_collect(&src->pt, src_iova, length, &pieces, &nr);
	if (rc == -ENOMEM)
		goto out;
	rc = nr ? iopt_pt_reserve(&dst->pt, nr) : 0;
	if (!rc)
		rc = kioctl(dst->ctx->iommufd, IOPT_UAPI_IOMMU_IOAS_COPY, &cmd, "IOAS_COPY");
	if (!rc && !nr)
		rc = undo_kernel_map(dst, cmd.dst_iova, length,
				     "IOAS_COPY copied a range the mirror does not have");
	if (!rc) {
		iopt_pt_mirror_insert(&dst->pt, pieces, nr, cmd.dst_iova,
				      flags & (IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE));
		*dst_iova = cmd.dst_iova;
		iopt_free(pieces); /* the new areas own the references */
		pieces = NULL;
		nr = 0;
	}
out:
	unlock_pair(dst, src);
	iopt_pt_pieces_free(pieces, nr);
	return rc;
}

static int k_unmap(struct iopt_ioas *ioas, uint64_t iova, uint64_t length,
		   uint64_t *unmapped)
{
	struct iopt_uapi_ioas_unmap cmd = {
		.size = sizeof(cmd),
		.ioas_id = ioas->backend_id,
		.iova = iova,
		.length = length,
	};
	struct iopt_unmap_plan plan;
	int rc;

	iopt_lock(&ioas->pt.lock);
	/* The mirror holds exactly the kernel's areas: what it refuses the
	 * kernel would refuse too, possibly after removing some areas. */
	rc = iopt_pt_unmap_check(&ioas->pt, iova, length, &plan);
	if (!rc)
		rc = kioctl(ioas->ctx->iommufd, IOPT_UAPI_IOMMU_IOAS_UNMAP, &cmd, "IOAS_UNMAP");
	if (!rc) {
		iopt_pt_unmap_range(&ioas->pt, &plan, NULL);
		if (unmapped)
			*unmapped = cmd.length;
	}
	iopt_unlock(&ioas->pt.lock);
	return rc;
}

static int k_iova_ranges(struct iopt_ioas *ioas, struct iopt_iova_range *ranges,
			 uint32_t *num, uint64_t *alignment)
{
	struct iopt_uapi_ioas_iova_ranges cmd = {
		.size = sizeof(cmd),
		.ioas_id = ioas->backend_id,
		.num_iovas = *num,
		.allowed_iovas = (uintptr_t)ranges,
	};
	int rc;

	rc = kioctl(ioas->ctx->iommufd, IOPT_UAPI_IOMMU_IOAS_IOVA_RANGES, &cmd,
		    "IOAS_IOVA_RANGES");
	/* On EMSGSIZE the kernel still reports the count and the alignment. */
	if (!rc || rc == -EMSGSIZE) {
		*num = cmd.num_iovas;
		if (alignment)
			*alignment = cmd.out_iova_alignment;
	}
	return rc;
}

static int k_allow_iovas(struct iopt_ioas *ioas,
			 const struct iopt_iova_range *ranges, uint32_t num)
{
	struct iopt_uapi_ioas_allow_iovas cmd = {
		.size = sizeof(cmd),
		.ioas_id = ioas->backend_id,
		.num_iovas = num,
		.allowed_iovas = (uintptr_t)ranges,
	};

	return kioctl(ioas->ctx->iommufd, IOPT_UAPI_IOMMU_IOAS_ALLOW_IOVAS, &cmd,
		      "IOAS_ALLOW_IOVAS");
}

static int k_add_reserved(struct iopt_ioas *ioas, uint64_t start,
			  uint64_t length)
{
	struct iopt_uapi_test_cmd cmd = {
		.size = sizeof(cmd),
		.op = IOPT_UAPI_TEST_OP_ADD_RESERVED,
		.id = ioas->backend_id,
		.add_reserved = { .start = start, .length = length },
	};
	int rc;

	rc = kioctl(ioas->ctx->iommufd, IOPT_UAPI_IOMMU_TEST_CMD, &cmd, "TEST_CMD ADD_RESERVED");
	if (rc == -ENOTTY)
		rc = iopt_err(-EOPNOTSUPP, "reserving ranges needs a kernel with CONFIG_IOMMUFD_TEST");
	return rc;
}

static int k_option(struct iopt_ioas *ioas, uint32_t option, uint16_t op,
		    uint64_t *value)
{
	struct iopt_uapi_option cmd = {
		.size = sizeof(cmd),
		.option_id = option,
		.op = op,
		.object_id = ioas->backend_id,
		.val64 = *value,
	};
	int rc;

	rc = kioctl(ioas->ctx->iommufd, IOPT_UAPI_IOMMU_OPTION, &cmd, "OPTION");
	if (!rc)
		*value = cmd.val64;
	return rc;
}

/* RLIMIT_MODE (option 0) is not an IOAS option: with an IOAS as its object
 * the kernel refuses it with EOPNOTSUPP, as the mock does. */
static int k_set_option(struct iopt_ioas *ioas, uint32_t option, uint64_t value)
{
	return k_option(ioas, option, IOPT_UAPI_OPTION_OP_SET, &value);
}

static int k_get_option(struct iopt_ioas *ioas, uint32_t option, uint64_t *value)
{
	uint64_t v = 0;
	int rc;

	rc = k_option(ioas, option, IOPT_UAPI_OPTION_OP_GET, &v);
	if (!rc)
		*value = v;
	return rc;
}

static int k_device_bind(struct iopt_device *dev, int vfio_fd)
{
	struct iopt_uapi_vfio_device_bind_iommufd cmd = {
		.argsz = sizeof(cmd),
		.iommufd = dev->ctx->iommufd,
	};
	int rc;

	rc = kioctl(vfio_fd, IOPT_UAPI_VFIO_DEVICE_BIND_IOMMUFD, &cmd, "VFIO_DEVICE_BIND_IOMMUFD");
	if (!rc)
		dev->dev_id = cmd.out_devid;
	return rc;
}

static int k_device_attach(struct iopt_device *dev, struct iopt_ioas *ioas)
{
	struct iopt_uapi_vfio_device_attach_iommufd_pt cmd = {
		.argsz = sizeof(cmd),
		.pt_id = ioas->backend_id,
	};
	int rc;

	/* Attached already: the same call replaces the attachment atomically. */
	rc = kioctl(dev->fd, IOPT_UAPI_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &cmd,
		    "VFIO_DEVICE_ATTACH_IOMMUFD_PT");
	if (!rc)
		dev->hwpt_id = cmd.pt_id;
	return rc;
}

static int k_device_detach(struct iopt_device *dev)
{
	struct iopt_uapi_vfio_device_detach_iommufd_pt cmd = { .argsz = sizeof(cmd) };

	/* Not a fault point: callers on destroy paths rely on it. */
	if (ioctl(dev->fd, IOPT_UAPI_VFIO_DEVICE_DETACH_IOMMUFD_PT, &cmd))
		return iopt_err(-errno, "VFIO_DEVICE_DETACH_IOMMUFD_PT: %s",
				iopt_strerror(errno));
	dev->hwpt_id = 0;
	return 0;
}

const struct iopt_backend_ops iopt_kernel_ops = {
	.name = "kernel",
	.add_reserved = k_add_reserved,
	.allow_iovas = k_allow_iovas,
	.copy = k_copy,
	.ctx_fini = k_ctx_fini,
	.ctx_init = k_ctx_init,
	.device_attach = k_device_attach,
	.device_bind = k_device_bind,
	.device_detach = k_device_detach,
	.get_option = k_get_option,
	.ioas_alloc = k_ioas_alloc,
	.ioas_destroy = k_ioas_destroy,
	.iova_ranges = k_iova_ranges,
	.map = k_map,
	.map_file = k_map_file,
	.set_option = k_set_option,
	.unmap = k_unmap,
};
