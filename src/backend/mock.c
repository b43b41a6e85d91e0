// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The mock backend: the io_pagetable model is the whole truth. Each call
 * runs iommufd 6.12's checks in the kernel's order (reference section 3),
 * then changes the model under the IOAS lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>

#include "alloc.h"
#include "error.h"
#include "internal.h"

#define MAP_FLAGS (IOPT_MAP_FIXED_IOVA | IOPT_MAP_WRITEABLE | IOPT_MAP_READABLE)

/* MAP/COPY steps 1-3. */
static int check_map_args(uint32_t flags, uint64_t iova, uint64_t length)
{
	if (flags & ~MAP_FLAGS)
		return iopt_err(-EOPNOTSUPP, "unknown map flags 0x%x", flags & ~MAP_FLAGS);
	if (iova == UINT64_MAX || length == UINT64_MAX)
		return iopt_err(-EOVERFLOW, "IOVA or length is UINT64_MAX");
	if (!(flags & (IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE)))
		return iopt_err(-EINVAL, "neither READABLE nor WRITEABLE");
	return 0;
}

/* MAP step 5's first half (page storage setup), for user memory and files. */
static int check_map_length(uint64_t length)
{
	if (length == 0 || length > SIZE_MAX - iopt_page_size())
		return iopt_err(-EINVAL, "length 0x%" PRIx64 " is 0 or too large", length);
	return 0;
}

static int mock_map(struct iopt_ioas *ioas, uintptr_t user_va, uint64_t length,
		    uint64_t *iova, uint32_t flags)
{
	struct iopt_piece piece;
	uintptr_t end;
	int rc;

	rc = check_map_args(flags, *iova, length);
	if (!rc)
		rc = check_map_length(length);
	if (rc)
		return rc;
	if (__builtin_add_overflow(user_va, length, &end))
		return iopt_err(-EOVERFLOW, "user address + length wraps");
	iopt_lock(&ioas->pt.lock);
	piece.pages = iopt_pages_new_cached(&ioas->pt.pages_cache, user_va, length,
					    flags & IOPT_MAP_WRITEABLE);
	if (!piece.pages) {
		iopt_unlock(&ioas->pt.lock);
		return -ENOMEM;
	}
	piece.offset = user_va - piece.pages->uptr;
	piece.length = length;
	rc = iopt_pt_map_pieces(&ioas->pt, &piece, 1, length, iova, flags);
	if (rc)
		iopt_pages_put_cached(&ioas->pt.pages_cache, piece.pages);
	iopt_unlock(&ioas->pt.lock);
	return rc;
}

/* IOAS_MAP_FILE (Linux 6.13): MAP's checks with a file offset for the user
 * address, and the descriptor checked right after the flags. */
static int mock_map_file(struct iopt_ioas *ioas, int fd, uint64_t start, uint64_t length,
			 uint64_t *iova, uint32_t flags)
{
	struct iopt_piece piece;
	uint64_t last;
	int rc;

	rc = check_map_args(flags, *iova, length);
	if (rc)
		return rc;
	if (fd < 0 || fcntl(fd, F_GETFD) < 0)
		return iopt_err(-EBADF, "fd %d is not an open file descriptor", fd);
	rc = check_map_length(length);
	if (rc)
		return rc;
	if (__builtin_add_overflow(start, length - 1, &last))
		return iopt_err(-EOVERFLOW, "file offset + length wraps");
	rc = iopt_pages_new_file(fd, start, length, flags & IOPT_MAP_WRITEABLE, &piece.pages);
	if (rc)
		return iopt_err(rc, "could not keep the file open: %s", iopt_strerror(-rc));
	piece.offset = start - piece.pages->uptr;
	piece.length = length;
	iopt_lock(&ioas->pt.lock);
	rc = iopt_pt_map_pieces(&ioas->pt, &piece, 1, length, iova, flags);
	iopt_unlock(&ioas->pt.lock);
	if (rc)
		iopt_pages_put(piece.pages);
	return rc;
}

static int mock_copy(struct iopt_ioas *dst, uint64_t *dst_iova,
		     struct iopt_ioas *src, uint64_t src_iova, uint64_t length,
		     uint32_t flags)
{
	struct iopt_piece *pieces = NULL;
	uint32_t nr = 0;
	int rc;

	rc = check_map_args(flags, *dst_iova, length);
	if (rc)
		return rc;
	if (src_iova == UINT64_MAX)
		return iopt_err(-EOVERFLOW, "source IOVA is UINT64_MAX");

	/* Like the kernel, hold one IOAS at a time: src, then dst. */
	iopt_lock(&src->pt.lock);
	rc = iopt_pt_collect(&src->pt, src_iova, length, &pieces, &nr);
	iopt_unlock(&src->pt.lock);
	if (rc)
		return rc;

	iopt_lock(&dst->pt.lock);
	rc = iopt_pt_map_pieces(&dst->pt, pieces, nr, length, dst_iova, flags);
	iopt_unlock(&dst->pt.lock);
	if (rc)
		iopt_pt_pieces_free(pieces, nr);
	else
		iopt_free(pieces); /* the new areas own the references */
	return rc;
}

static int mock_unmap(struct iopt_ioas *ioas, uint64_t iova, uint64_t length,
		      uint64_t *unmapped)
{
	int rc;

	iopt_lock(&ioas->pt.lock);
	rc = iopt_pt_unmap(&ioas->pt, iova, length, unmapped);
	iopt_unlock(&ioas->pt.lock);
	return rc;
}

static int mock_iova_ranges(struct iopt_ioas *ioas,
			    struct iopt_iova_range *ranges, uint32_t *num,
			    uint64_t *alignment)
{
	int rc;

	iopt_lock(&ioas->pt.lock);
	rc = iopt_pt_iova_ranges(&ioas->pt, ranges, num, alignment);
	iopt_unlock(&ioas->pt.lock);
	return rc;
}

static int mock_allow_iovas(struct iopt_ioas *ioas,
			    const struct iopt_iova_range *ranges, uint32_t num)
{
	int rc;

	iopt_lock(&ioas->pt.lock);
	rc = iopt_pt_set_allowed(&ioas->pt, ranges, num);
	iopt_unlock(&ioas->pt.lock);
	return rc;
}

static int mock_add_reserved(struct iopt_ioas *ioas, uint64_t start,
			     uint64_t length)
{
	uint64_t last;
	int rc;

	if (length == 0)
		return iopt_err(-EINVAL, "length is 0");
	if (__builtin_add_overflow(start, length - 1, &last))
		return iopt_err(-EOVERFLOW, "start + length wraps");
	iopt_lock(&ioas->pt.lock);
	rc = iopt_pt_add_reserved(&ioas->pt, start, last, NULL);
	iopt_unlock(&ioas->pt.lock);
	return rc;
}

static int mock_set_option(struct iopt_ioas *ioas, uint32_t option,
			   uint64_t value)
{
	int rc;

	if (option != IOPT_IOAS_OPTION_HUGE_PAGES)
		return iopt_err(-EOPNOTSUPP, "unknown IOAS option %u", option);
	iopt_lock(&ioas->pt.lock);
	rc = iopt_pt_set_huge_pages(&ioas->pt, value);
	iopt_unlock(&ioas->pt.lock);
	return rc;
}

static int mock_get_option(struct iopt_ioas *ioas, uint32_t option,
			   uint64_t *value)
{
	if (option != IOPT_IOAS_OPTION_HUGE_PAGES)
		return iopt_err(-EOPNOTSUPP, "unknown IOAS option %u", option);
	iopt_lock(&ioas->pt.lock);
	*value = !ioas->pt.huge_pages_disabled;
	iopt_unlock(&ioas->pt.lock);
	return 0;
}

const struct iopt_backend_ops iopt_mock_ops = {
	.name = "mock",
	.add_reserved = mock_add_reserved,
	.allow_iovas = mock_allow_iovas,
	.copy = mock_copy,
	.get_option = mock_get_option,
	.iova_ranges = mock_iova_ranges,
	.map = mock_map,
	.map_file = mock_map_file,
	.set_option = mock_set_option,
	.unmap = mock_unmap,
};
