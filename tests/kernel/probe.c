// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Kernel VM probe: proves the recipe the kernel backend relies on, with raw
 * ioctls and nothing but src/backend/uapi.h. Runs as /init (run-vm.sh).
 *
 *   mock profile:   /dev/iommu, IOAS alloc/map/ranges/unmap, the kernel's
 *                   own mock domain (IOMMU_TEST_CMD) and its IOVA rules;
 *   device profile: qemu's edu device behind an emulated VT-d, bound to
 *                   vfio-pci, used through the VFIO cdev + iommufd, with
 *                   real DMA memory -> device -> memory through an IOAS
 *                   mapping, and a DMA to an unmapped IOVA that must not land.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "backend/uapi.h"
#include "edu.h"
#include "guest.h"

#define PAGE 4096ul
#define U64_MAX UINT64_MAX

static int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

static int ioas_alloc(int fd, uint32_t *id)
{
	struct iopt_uapi_ioas_alloc a = { .size = sizeof(a) };
	int ret = xioctl(fd, IOPT_UAPI_IOMMU_IOAS_ALLOC, &a);

	*id = a.out_ioas_id;
	return ret;
}

static int ioas_map(int fd, uint32_t ioas, void *va, uint64_t len,
		    uint64_t *iova, uint32_t flags)
{
	struct iopt_uapi_ioas_map m = {
		.size = sizeof(m),
		.flags = flags,
		.ioas_id = ioas,
		.user_va = (uintptr_t)va,
		.length = len,
		.iova = *iova,
	};
	int ret = xioctl(fd, IOPT_UAPI_IOMMU_IOAS_MAP, &m);

	if (!ret)
		*iova = m.iova;
	return ret;
}

static int ioas_unmap(int fd, uint32_t ioas, uint64_t iova, uint64_t len,
		      uint64_t *unmapped)
{
	struct iopt_uapi_ioas_unmap u = {
		.size = sizeof(u), .ioas_id = ioas, .iova = iova, .length = len,
	};
	int ret = xioctl(fd, IOPT_UAPI_IOMMU_IOAS_UNMAP, &u);

	if (unmapped)
		*unmapped = ret ? 0 : u.length;
	return ret;
}

/* Fills up to *num ranges; *num becomes the kernel's total. */
static int iova_ranges(int fd, uint32_t ioas, struct iopt_uapi_iova_range *r,
		       uint32_t *num, uint64_t *align)
{
	struct iopt_uapi_ioas_iova_ranges q = {
		.size = sizeof(q),
		.ioas_id = ioas,
		.num_iovas = *num,
		.allowed_iovas = (uintptr_t)r,
	};
	int ret = xioctl(fd, IOPT_UAPI_IOMMU_IOAS_IOVA_RANGES, &q);

	*num = q.num_iovas;
	*align = q.out_iova_alignment;
	return ret;
}

static void show_ranges(const char *what, const struct iopt_uapi_iova_range *r,
			uint32_t n, uint64_t align)
{
	char buf[512];
	int off = 0;

	for (uint32_t i = 0; i < n && i < 8 && off < (int)sizeof(buf) - 48; i++)
		off += snprintf(buf + off, sizeof(buf) - off,
				" [0x%" PRIx64 ",0x%" PRIx64 "]", r[i].start, r[i].last);
	buf[off] = 0;
	iopt_guest_info("%s: %u range(s)%s, alignment %" PRIu64, what, n, buf, align);
}

static int test_cmd(int fd, struct iopt_uapi_test_cmd *c)
{
	c->size = sizeof(*c);
	return xioctl(fd, IOPT_UAPI_IOMMU_TEST_CMD, c);
}

static int destroy(int fd, uint32_t id)
{
	struct iopt_uapi_destroy d = { .size = sizeof(d), .id = id };

	return xioctl(fd, IOPT_UAPI_IOMMU_DESTROY, &d);
}

static void *alloc_pages(size_t n)
{
	void *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

#define RW (IOPT_UAPI_IOAS_MAP_READABLE | IOPT_UAPI_IOAS_MAP_WRITEABLE)

/* ------------------------------------------------------------------ */

static void probe_mock(void)
{
	struct iopt_uapi_iova_range r[8];
	uint32_t ioas, n;
	uint64_t align, iova, iova2, got;
	int fd, ret;
	uint8_t *buf = alloc_pages(16);

	fd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (!iopt_guest_check(fd >= 0, "mock.open_dev_iommu", "open: %s", strerror(errno)))
		return;
	ret = ioas_alloc(fd, &ioas);
	if (!iopt_guest_check(!ret && ioas, "mock.ioas_alloc", "ret %d id %u", ret, ioas))
		return;
	iopt_guest_info("ioas id %u", ioas);

	n = 8;
	ret = iova_ranges(fd, ioas, r, &n, &align);
	iopt_guest_check(!ret && n == 1 && r[0].start == 0 && r[0].last == U64_MAX && align == 1,
			 "mock.iova_ranges_fresh", "ret %d n %u [0x%" PRIx64 ",0x%" PRIx64 "] align %" PRIu64,
			 ret, n, r[0].start, r[0].last, align);

	iova = 0x100000;
	ret = ioas_map(fd, ioas, buf, 4 * PAGE, &iova, RW | IOPT_UAPI_IOAS_MAP_FIXED_IOVA);
	iopt_guest_check(!ret && iova == 0x100000, "mock.map_fixed",
			 "ret %d iova 0x%" PRIx64, ret, iova);

	/* Auto IOVA: lowest fit from PAGE_SIZE up, aligned to
	 * min(roundup_pow_of_two(length), lowest set bit of user_va, 2 MiB). */
	uint8_t *va2 = buf + 4 * PAGE;
	uint64_t a = 4 * PAGE, low = (uintptr_t)va2 & -(uintptr_t)va2;

	a = low < a ? low : a;
	iova2 = 0;
	ret = ioas_map(fd, ioas, va2, 4 * PAGE, &iova2, RW);
	iopt_guest_check(!ret && iova2 == ((PAGE + a - 1) & ~(a - 1)), "mock.map_auto",
			 "ret %d iova 0x%" PRIx64 " expected 0x%" PRIx64, ret, iova2,
			 (PAGE + a - 1) & ~(a - 1));
	iopt_guest_info("auto IOVA for 16 KiB at va %p: 0x%" PRIx64, (void *)va2, iova2);

	iova = 0x101000;
	ret = ioas_map(fd, ioas, buf, PAGE, &iova, RW | IOPT_UAPI_IOAS_MAP_FIXED_IOVA);
	iopt_guest_check(ret == -EEXIST, "mock.map_overlap_eexist", "ret %d", ret);

	ret = ioas_unmap(fd, ioas, 0x100000, 4 * PAGE, &got);
	iopt_guest_check(!ret && got == 4 * PAGE, "mock.unmap_fixed",
			 "ret %d unmapped %" PRIu64, ret, got);
	ret = ioas_unmap(fd, ioas, 0x100000, 4 * PAGE, NULL);
	iopt_guest_check(ret == -ENOENT, "mock.unmap_again_enoent", "ret %d", ret);
	ret = ioas_unmap(fd, ioas, 0, U64_MAX, &got);
	iopt_guest_check(!ret && got == 4 * PAGE, "mock.unmap_all",
			 "ret %d unmapped %" PRIu64, ret, got);

	/* The kernel's own mock domain on this IOAS. */
	struct iopt_uapi_test_cmd c = { .op = IOPT_UAPI_TEST_OP_MOCK_DOMAIN, .id = ioas };

	ret = test_cmd(fd, &c);
	if (!iopt_guest_check(!ret && c.mock_domain.out_hwpt_id, "mock.test_mock_domain",
			      "ret %d (%s)", ret, strerror(-ret)))
		goto out;
	uint32_t stdev = c.mock_domain.out_stdev_id, hwpt = c.mock_domain.out_hwpt_id;

	iopt_guest_info("mock domain: stdev %u hwpt %u idev %u", stdev,
			c.mock_domain.out_hwpt_id, c.mock_domain.out_idev_id);

	n = 8;
	ret = iova_ranges(fd, ioas, r, &n, &align);
	show_ranges("with mock domain", r, n, align);
	iopt_guest_check(!ret && n == 1 && r[0].start == IOPT_UAPI_MOCK_APERTURE_START &&
			 r[0].last == IOPT_UAPI_MOCK_APERTURE_LAST && align == 2048,
			 "mock.iova_ranges_mock_domain", "ret %d n %u align %" PRIu64, ret, n, align);

	/* A sub-page (2 KiB) mapping is legal now, and lands in the domain. */
	iova = IOPT_UAPI_MOCK_APERTURE_START + 2048;
	ret = ioas_map(fd, ioas, buf + 2048, 2 * PAGE, &iova, RW | IOPT_UAPI_IOAS_MAP_FIXED_IOVA);
	iopt_guest_check(!ret, "mock.map_subpage_2k", "ret %d", ret);
	memset(&c, 0, sizeof(c));
	c.op = IOPT_UAPI_TEST_OP_MD_CHECK_MAP;
	c.id = hwpt;
	c.check_map.iova = IOPT_UAPI_MOCK_APERTURE_START + 2048;
	c.check_map.length = 2 * PAGE;
	c.check_map.uptr = (uintptr_t)(buf + 2048);
	ret = test_cmd(fd, &c);
	iopt_guest_check(!ret, "mock.test_md_check_map", "ret %d", ret);

	/* Mapping outside the aperture hits a reservation: EINVAL. */
	iova = 0x100000;
	ret = ioas_map(fd, ioas, buf, PAGE, &iova, RW | IOPT_UAPI_IOAS_MAP_FIXED_IOVA);
	iopt_guest_check(ret == -EINVAL, "mock.map_reserved_einval", "ret %d", ret);

	/* ADD_RESERVED punches a hole in the ranges. */
	memset(&c, 0, sizeof(c));
	c.op = IOPT_UAPI_TEST_OP_ADD_RESERVED;
	c.id = ioas;
	c.add_reserved.start = 0x40000000;
	c.add_reserved.length = 0x100000;
	ret = test_cmd(fd, &c);
	iopt_guest_check(!ret, "mock.test_add_reserved", "ret %d", ret);
	n = 8;
	ret = iova_ranges(fd, ioas, r, &n, &align);
	show_ranges("after ADD_RESERVED", r, n, align);
	iopt_guest_check(!ret && n == 2 && r[0].start == 0x01000000 && r[0].last == 0x3fffffff &&
			 r[1].start == 0x40100000 && r[1].last == 0x7fffffff,
			 "mock.iova_ranges_reserved", "ret %d n %u", ret, n);

	/* Reserving over an existing area: EADDRINUSE. */
	memset(&c, 0, sizeof(c));
	c.op = IOPT_UAPI_TEST_OP_ADD_RESERVED;
	c.id = ioas;
	c.add_reserved.start = IOPT_UAPI_MOCK_APERTURE_START;
	c.add_reserved.length = PAGE;
	ret = test_cmd(fd, &c);
	iopt_guest_check(ret == -EADDRINUSE, "mock.add_reserved_over_area_eaddrinuse",
			 "ret %d", ret);

	ret = destroy(fd, ioas);
	iopt_guest_check(ret == -EBUSY, "mock.destroy_ioas_busy", "ret %d", ret);
	ret = destroy(fd, stdev);
	iopt_guest_check(!ret, "mock.destroy_stdev", "ret %d", ret);
out:
	ret = destroy(fd, ioas);
	iopt_guest_check(!ret, "mock.destroy_ioas", "ret %d", ret);

	/* 6.13's IOAS_MAP_FILE is not in 6.12: ENOTTY tells the backend. */
	struct iopt_uapi_ioas_map_file mf = { .size = sizeof(mf), .fd = -1 };

	ret = xioctl(fd, IOPT_UAPI_IOMMU_IOAS_MAP_FILE, &mf);
	iopt_guest_check(ret == -ENOTTY, "mock.map_file_enotty", "ret %d", ret);
	close(fd);
}

/* ------------------------------------------------------------------ */

static struct edu edu;

/* The probe keeps its raw-ioctl flow; only the edu engine is shared. */
static int edu_dma_probe(uint64_t src, uint64_t dst, uint64_t cnt, int to_ram)
{
	return edu_dma(&edu, src, dst, cnt, to_ram);
}

static int region_info(int dev, uint32_t index, struct iopt_uapi_vfio_region_info *ri)
{
	memset(ri, 0, sizeof(*ri));
	ri->argsz = sizeof(*ri);
	ri->index = index;
	return xioctl(dev, IOPT_UAPI_VFIO_DEVICE_GET_REGION_INFO, ri);
}

static void probe_device(void)
{
	char path[512], bdf[256];
	struct iopt_uapi_iova_range r[8];
	uint32_t ioas, n;
	uint64_t align, iova;
	int fd, dev, ret;

	ret = iopt_guest_bind_vfio(IOPT_GUEST_EDU_VENDOR, IOPT_GUEST_EDU_DEVICE, path,
				   sizeof(path), bdf, sizeof(bdf));
	if (!iopt_guest_check(!ret, "dev.bind_edu_vfio_pci", "%s", strerror(-ret)))
		return;
	iopt_guest_info("edu %s -> %s", bdf, path);

	fd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	dev = open(path, O_RDWR | O_CLOEXEC);
	if (!iopt_guest_check(fd >= 0 && dev >= 0, "dev.open", "iommufd %d cdev %d: %s",
			      fd, dev, strerror(errno)))
		return;

	/* Before BIND every other ioctl is EINVAL. */
	struct iopt_uapi_vfio_region_info ri;

	ret = region_info(dev, IOPT_UAPI_VFIO_PCI_CONFIG_REGION_INDEX, &ri);
	iopt_guest_check(ret == -EINVAL, "dev.unbound_ioctl_einval", "ret %d", ret);

	struct iopt_uapi_vfio_device_bind_iommufd b = { .argsz = sizeof(b), .iommufd = fd };

	ret = xioctl(dev, IOPT_UAPI_VFIO_DEVICE_BIND_IOMMUFD, &b);
	if (!iopt_guest_check(!ret, "dev.vfio_bind", "ret %d (%s)", ret, strerror(-ret)))
		return;
	iopt_guest_info("bound: dev_id %u", b.out_devid);

	struct iopt_uapi_hw_info hi = { .size = sizeof(hi), .dev_id = b.out_devid };
	struct iopt_uapi_hw_info_vtd vtd;

	hi.data_len = sizeof(vtd);
	hi.data_uptr = (uintptr_t)&vtd;
	ret = xioctl(fd, IOPT_UAPI_IOMMU_GET_HW_INFO, &hi);
	iopt_guest_check(!ret && hi.out_data_type == IOPT_UAPI_HW_INFO_TYPE_INTEL_VTD,
			 "dev.get_hw_info_vtd", "ret %d type %u", ret, hi.out_data_type);
	if (!ret)
		iopt_guest_info("hw_info: type %u len %u caps 0x%" PRIx64 " cap_reg 0x%" PRIx64
				" ecap_reg 0x%" PRIx64, hi.out_data_type, hi.data_len,
				hi.out_capabilities, vtd.cap_reg, vtd.ecap_reg);

	ret = ioas_alloc(fd, &ioas);
	if (!iopt_guest_check(!ret, "dev.ioas_alloc", "ret %d", ret))
		return;
	n = 8;
	ret = iova_ranges(fd, ioas, r, &n, &align);
	show_ranges("before attach", r, n, align);

	struct iopt_uapi_vfio_device_attach_iommufd_pt at = {
		.argsz = sizeof(at), .pt_id = ioas,
	};
	ret = xioctl(dev, IOPT_UAPI_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &at);
	if (!iopt_guest_check(!ret && at.pt_id != ioas, "dev.vfio_attach_ioas",
			      "ret %d (%s) pt_id %u", ret, strerror(-ret), at.pt_id))
		return;
	iopt_guest_info("attached: hwpt %u", at.pt_id);

	n = 8;
	ret = iova_ranges(fd, ioas, r, &n, &align);
	show_ranges("after attach", r, n, align);
	int msi_excluded = !ret && n >= 2;

	for (uint32_t i = 0; i < n && i < 8; i++)
		if (r[i].start <= 0xfee00000 && r[i].last >= 0xfeefffff)
			msi_excluded = 0;
	iopt_guest_check(msi_excluded && align == 4096, "dev.iova_ranges_after_attach",
			 "ret %d n %u align %" PRIu64, ret, n, align);

	/* Buffers: src page, dst page, a page that is mapped then unmapped. */
	uint8_t *src = alloc_pages(1), *dst = alloc_pages(1), *gone = alloc_pages(1);
	uint64_t src_iova = 0x100000, dst_iova = 0x200000, gone_iova = 0x300000;
	const uint64_t len = 1024;

	ret = ioas_map(fd, ioas, src, PAGE, &src_iova, RW | IOPT_UAPI_IOAS_MAP_FIXED_IOVA);
	ret = ret ? ret : ioas_map(fd, ioas, dst, PAGE, &dst_iova, RW | IOPT_UAPI_IOAS_MAP_FIXED_IOVA);
	ret = ret ? ret : ioas_map(fd, ioas, gone, PAGE, &gone_iova, RW | IOPT_UAPI_IOAS_MAP_FIXED_IOVA);
	if (!iopt_guest_check(!ret, "dev.map_buffers", "ret %d", ret))
		return;
	iova = 0xfee00000;
	ret = ioas_map(fd, ioas, src, PAGE, &iova, RW | IOPT_UAPI_IOAS_MAP_FIXED_IOVA);
	iopt_guest_check(ret == -EINVAL, "dev.map_msi_window_einval", "ret %d", ret);

	/* Bus mastering through the config region. */
	ret = region_info(dev, IOPT_UAPI_VFIO_PCI_CONFIG_REGION_INDEX, &ri);
	uint16_t cmd = 0, cmd2 = 0;

	if (!ret && pread(dev, &cmd, 2, ri.offset + IOPT_UAPI_PCI_COMMAND) == 2) {
		cmd |= IOPT_UAPI_PCI_COMMAND_MEMORY | IOPT_UAPI_PCI_COMMAND_MASTER;
		if (pwrite(dev, &cmd, 2, ri.offset + IOPT_UAPI_PCI_COMMAND) != 2 ||
		    pread(dev, &cmd2, 2, ri.offset + IOPT_UAPI_PCI_COMMAND) != 2)
			ret = -errno;
	} else if (!ret) {
		ret = -errno;
	}
	if (!iopt_guest_check(!ret && (cmd2 & 0x6) == 0x6, "dev.enable_bus_master",
			      "ret %d command 0x%x", ret, cmd2))
		return;

	/* BAR0. */
	ret = region_info(dev, IOPT_UAPI_VFIO_PCI_BAR0_REGION_INDEX, &ri);
	void *map = MAP_FAILED;

	if (!ret && (ri.flags & IOPT_UAPI_VFIO_REGION_INFO_FLAG_MMAP))
		map = mmap(NULL, ri.size, PROT_READ | PROT_WRITE, MAP_SHARED, dev, ri.offset);
	if (!iopt_guest_check(map != MAP_FAILED, "dev.mmap_bar0",
			      "ret %d flags 0x%x size 0x%" PRIx64 ": %s", ret, ri.flags,
			      ri.size, strerror(errno)))
		return;
	edu = (struct edu){ .fd = dev, .bar0 = map, .bar0_size = ri.size };
	uint32_t id = edu_id(&edu);

	iopt_guest_check((id & 0xff) == 0xed, "dev.edu_id", "id 0x%x", id);

	/* memory -> device -> memory. */
	for (uint64_t i = 0; i < len; i++)
		src[i] = (uint8_t)(i * 7 + 3);
	memset(dst, 0x55, PAGE);
	ret = edu_dma_probe(src_iova, EDU_BUF, len, 0);
	ret = ret ? ret : edu_dma_probe(EDU_BUF, dst_iova, len, 1);
	iopt_guest_check(!ret && !memcmp(src, dst, len) && dst[len] == 0x55,
			 "dev.dma_roundtrip_1k", "ret %d first bytes %02x %02x %02x", ret,
			 dst[0], dst[1], dst[2]);

	/* A device -> memory DMA into a range that was unmapped must not land. */
	uint64_t got;

	ret = ioas_unmap(fd, ioas, gone_iova, PAGE, &got);
	iopt_guest_check(!ret && got == PAGE, "dev.unmap", "ret %d", ret);
	memset(gone, 0xaa, PAGE);
	ret = edu_dma_probe(EDU_BUF, gone_iova, len, 1);
	int landed = 0;

	for (uint64_t i = 0; i < PAGE; i++)
		landed |= gone[i] != 0xaa;
	iopt_guest_check(!ret && !landed, "dev.dma_to_unmapped_blocked",
			 "ret %d landed %d", ret, landed);
	/* And to an IOVA that was never mapped. */
	memset(dst, 0x55, PAGE);
	ret = edu_dma_probe(EDU_BUF, 0x400000, len, 1);
	iopt_guest_check(!ret && dst[0] == 0x55, "dev.dma_to_never_mapped_blocked", "ret %d", ret);
	/* The IOMMU reported both as faults (kernel log, DMAR handler). */
	{
		static char klog[1 << 17];
		int seen = 0;

		for (int i = 0; i < 100 && !seen; i++) {
			int k = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, klog, sizeof(klog) - 1);

			klog[k > 0 ? k : 0] = 0;
			seen = strstr(klog, "fault addr 0x300000") && strstr(klog, "fault addr 0x400000");
			if (!seen) {
				struct timespec ts = { 0, 10 * 1000 * 1000 };

				nanosleep(&ts, NULL);
			}
		}
		iopt_guest_check(seen, "dev.vtd_fault_reported", "no DMAR fault for 0x300000/0x400000 in the kernel log");
	}
	/* The device still works afterwards. */
	ret = edu_dma_probe(EDU_BUF, dst_iova, len, 1);
	iopt_guest_check(!ret && !memcmp(src, dst, len), "dev.dma_after_fault", "ret %d", ret);

	munmap(map, ri.size);
	struct iopt_uapi_vfio_device_detach_iommufd_pt dt = { .argsz = sizeof(dt) };

	ret = xioctl(dev, IOPT_UAPI_VFIO_DEVICE_DETACH_IOMMUFD_PT, &dt);
	iopt_guest_check(!ret, "dev.vfio_detach", "ret %d", ret);
	n = 8;
	ret = iova_ranges(fd, ioas, r, &n, &align);
	show_ranges("after detach", r, n, align);
	close(dev);
	ret = destroy(fd, ioas);
	iopt_guest_check(!ret, "dev.destroy_ioas", "ret %d", ret);
	close(fd);
}

int main(void)
{
	iopt_guest_init();
	const char *p = iopt_guest_profile();

	if (!strcmp(p, "device"))
		probe_device();
	else if (!strcmp(p, "mock"))
		probe_mock();
	else
		iopt_guest_fail("probe.profile", "unknown profile '%s'", p);
	iopt_guest_finish();
}
