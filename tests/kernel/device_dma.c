// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A real device, a real IOMMU, real DMA, through libiopt's API only: qemu's
 * edu device behind an emulated VT-d. The device copies bytes between RAM
 * and its own buffer by IOVA, so each check below is the IOMMU translating
 * (or refusing) through an IOAS that libiopt built.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "edu.h"
#include "guest.h"
#include "libiopt.h"
#include "vm_tests.h"

#define PAGE 4096u
/* edu's DMA mask is 28 bits: every IOVA stays below 256 MiB. */
#define SRC_IOVA 0x100000ull
#define DST_IOVA 0x200000ull
#define GONE_IOVA 0x300000ull
#define COPY_SRC_IOVA 0x500000ull
#define COPY_DST_IOVA 0x600000ull
#define MSI_START 0xfee00000ull
#define MSI_LAST 0xfeefffffull
#define LEN 1024u

static uint8_t *page_alloc(void)
{
	void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int map_at(struct iopt_ioas *ioas, void *va, uint64_t iova)
{
	return iopt_ioas_map(ioas, va, PAGE, &iova, IOPT_MAP_FIXED_IOVA |
			     IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE);
}

/* memory (src IOVA) -> device -> memory (dst IOVA); 1 when intact. */
static int roundtrip(struct edu *edu, const uint8_t *src, uint8_t *dst,
		     uint64_t src_iova, uint64_t dst_iova)
{
	memset(dst, 0x55, PAGE);
	if (edu_dma(edu, src_iova, EDU_BUF, LEN, 0) || edu_dma(edu, EDU_BUF, dst_iova, LEN, 1))
		return 0;
	return !memcmp(src, dst, LEN) && dst[LEN] == 0x55;
}

static int untouched(const uint8_t *p, uint8_t fill)
{
	for (unsigned i = 0; i < PAGE; i++)
		if (p[i] != fill)
			return 0;
	return 1;
}

void vm_device_dma(void)
{
	struct iopt_ctx_opts opts = { .size = sizeof(opts), .backend = IOPT_BACKEND_KERNEL };
	struct iopt_iova_range r[8];
	struct iopt_area_info info = { .size = sizeof(info) };
	struct iopt_ioas *ioas1, *ioas2;
	struct iopt_device *dev;
	struct iopt_ctx *ctx;
	struct edu edu;
	uint8_t *src, *dst, *gone;
	char path[256];
	uint64_t align, iova;
	uint32_t n;
	int fd, ret, msi_usable = 0;

	ret = iopt_guest_bind_vfio(IOPT_GUEST_EDU_VENDOR, IOPT_GUEST_EDU_DEVICE, path,
				   sizeof(path), NULL, 0);
	if (!iopt_guest_check(!ret, "device.edu_bound_to_vfio_pci", "%s", strerror(-ret)))
		return;
	fd = open(path, O_RDWR | O_CLOEXEC);
	src = page_alloc();
	dst = page_alloc();
	gone = page_alloc();
	if (!iopt_guest_check(fd >= 0 && src && dst && gone, "device.setup", "%s", strerror(errno)))
		return;
	for (unsigned i = 0; i < PAGE; i++)
		src[i] = (uint8_t)(i * 7 + 3);

	ret = iopt_ctx_new(&opts, &ctx);
	if (!iopt_guest_check(!ret, "device.ctx_kernel", "%s", iopt_last_error()))
		return;
	ret = iopt_ioas_new(ctx, NULL, &ioas1) || iopt_ioas_new(ctx, NULL, &ioas2);
	iopt_guest_check(!ret, "device.ioas_new", "%s", iopt_last_error());
	ret = iopt_device_bind(ctx, fd, &dev);
	if (!iopt_guest_check(!ret, "device.bind", "%s", iopt_last_error()))
		return;

	ret = iopt_device_attach(dev, ioas1);
	if (!iopt_guest_check(!ret, "device.attach", "%s", iopt_last_error()))
		return;
	/* The real IOMMU now shapes the IOAS: page alignment, the MSI window
	 * and the end of its address width are gone from the usable IOVA. */
	n = 8;
	ret = iopt_ioas_iova_ranges(ioas1, r, &n, &align);
	for (uint32_t i = 0; !ret && i < n; i++) {
		iopt_guest_info("usable IOVA [0x%" PRIx64 ", 0x%" PRIx64 "]", r[i].start, r[i].last);
		msi_usable |= r[i].start <= MSI_LAST && r[i].last >= MSI_START;
	}
	iopt_guest_check(!ret && n >= 2 && align == 4096 && !msi_usable &&
			 r[n - 1].last < UINT64_MAX,
			 "device.iova_ranges_from_the_iommu",
			 "ret %d, %u ranges, alignment %" PRIu64 ", MSI usable %d", ret, n, align,
			 msi_usable);
	iova = MSI_START;
	ret = iopt_ioas_map(ioas1, src, PAGE, &iova, IOPT_MAP_FIXED_IOVA | IOPT_MAP_READABLE);
	iopt_guest_check(ret == -EINVAL, "device.map_into_msi_window_einval", "ret %d", ret);
	iova = SRC_IOVA;
	ret = iopt_ioas_map(ioas1, src + 512, 512, &iova,
			    IOPT_MAP_FIXED_IOVA | IOPT_MAP_READABLE);
	iopt_guest_check(ret == -EINVAL, "device.sub_page_map_einval_at_4k_alignment", "ret %d", ret);

	ret = map_at(ioas1, src, SRC_IOVA) || map_at(ioas1, dst, DST_IOVA) ||
	      map_at(ioas1, gone, GONE_IOVA);
	if (!iopt_guest_check(!ret, "device.map", "%s", iopt_last_error()))
		return;
	ret = edu_open(&edu, fd);
	if (!iopt_guest_check(!ret && (edu_id(&edu) & 0xff) == 0xed, "device.edu_open",
			      "ret %d id 0x%x", ret, ret ? 0 : edu_id(&edu)))
		return;

	iopt_guest_check(roundtrip(&edu, src, dst, SRC_IOVA, DST_IOVA), "device.dma_roundtrip",
			 "data did not come back intact");

	/* Unmapped: the IOMMU must block the device's write. */
	ret = iopt_ioas_unmap(ioas1, GONE_IOVA, PAGE, NULL);
	memset(gone, 0xaa, PAGE);
	ret = ret ? ret : edu_dma(&edu, EDU_BUF, GONE_IOVA, LEN, 1);
	iopt_guest_check(!ret && untouched(gone, 0xaa), "device.dma_after_unmap_blocked",
			 "ret %d, memory changed %d", ret, !untouched(gone, 0xaa));

	/* All-or-nothing on the real kernel: an unmap that would split an
	 * area removes nothing, and the device keeps its mappings. */
	ret = iopt_ioas_unmap(ioas1, SRC_IOVA, DST_IOVA - SRC_IOVA + PAGE / 2, NULL);
	iopt_guest_check(ret == -ENOENT && !iopt_ioas_area_lookup(ioas1, SRC_IOVA, &info) &&
			 roundtrip(&edu, src, dst, SRC_IOVA, DST_IOVA),
			 "device.failed_unmap_removes_nothing", "ret %d", ret);

	/* Copy both mappings into a second IOAS at other IOVAs, move the
	 * device there, and DMA through the copies. */
	iova = COPY_SRC_IOVA;
	ret = iopt_ioas_copy(ioas2, &iova, ioas1, SRC_IOVA, PAGE,
			     IOPT_MAP_FIXED_IOVA | IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE);
	iova = COPY_DST_IOVA;
	ret = ret ? ret : iopt_ioas_copy(ioas2, &iova, ioas1, DST_IOVA, PAGE,
					 IOPT_MAP_FIXED_IOVA | IOPT_MAP_READABLE |
					 IOPT_MAP_WRITEABLE);
	iopt_guest_check(!ret && !iopt_ioas_area_lookup(ioas2, COPY_DST_IOVA + 5, &info) &&
			 info.user_va == (uintptr_t)dst, "device.copy_to_second_ioas",
			 "ret %d: %s", ret, iopt_last_error());
	ret = iopt_device_attach(dev, ioas2);
	iopt_guest_check(!ret, "device.move_to_second_ioas", "%s", iopt_last_error());
	iopt_guest_check(roundtrip(&edu, src, dst, COPY_SRC_IOVA, COPY_DST_IOVA),
			 "device.dma_through_the_copy", "data did not come back intact");
	memset(dst, 0x66, PAGE);
	ret = edu_dma(&edu, EDU_BUF, DST_IOVA, LEN, 1);
	iopt_guest_check(!ret && untouched(dst, 0x66), "device.old_ioas_no_longer_used",
			 "ret %d", ret);

	ret = iopt_device_detach(dev);
	memset(dst, 0x77, PAGE);
	ret = ret ? ret : edu_dma(&edu, EDU_BUF, COPY_DST_IOVA, LEN, 1);
	iopt_guest_check(!ret && untouched(dst, 0x77), "device.detached_dma_blocked", "ret %d", ret);

	edu_close(&edu);
	iopt_device_free(dev);
	iopt_ctx_free(ctx); /* frees both IOASes */
	close(fd);
}
