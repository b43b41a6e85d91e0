/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libiopt's own description of the kernel interfaces the kernel backend
 * speaks: iommufd as of Linux 6.12 (plus IOAS_MAP_FILE from 6.13, probed at
 * run time), the iommufd test command of CONFIG_IOMMUFD_TEST kernels, the
 * VFIO device-cdev calls and the handful of VFIO/PCI bits the VM tests need.
 *
 * Written from the layouts in shared/reference/iommufd-6.12-semantics.md;
 * no kernel header is included or copied. Every name carries the
 * iopt_uapi_ / IOPT_UAPI_ prefix so this file can sit in one translation
 * unit with the kernel's own headers: tests/kernel/uapi_check.c does exactly
 * that and checks every number, size and offset below against them.
 *
 * Conventions, all from the kernel's ABI:
 *  - every ioctl is a bare _IO(type, nr): no size or direction bits;
 *  - 64-bit fields are 8-byte aligned on every architecture (the kernel's
 *    __aligned_u64), hence iopt_uapi_u64;
 *  - user pointers travel as u64;
 *  - "reserved" fields must be written as zero.
 */
#ifndef IOPT_BACKEND_UAPI_H
#define IOPT_BACKEND_UAPI_H

#include <stdint.h>

typedef uint64_t iopt_uapi_u64 __attribute__((aligned(8)));

/* _IO(type, nr) of <linux/ioctl.h> on every architecture Linux has: the
 * direction and size fields are zero, so the number is type << 8 | nr. */
#define IOPT_UAPI_IO(type, nr) ((unsigned long)((((type) & 0xffu) << 8) | ((nr) & 0xffu)))

/* ------------------------------------------------------------------ */
/* iommufd (/dev/iommu)                                                */
/* ------------------------------------------------------------------ */

#define IOPT_UAPI_IOMMUFD_TYPE 0x3b /* ';' */
#define IOPT_UAPI_IOMMUFD_CMD_BASE 0x80

#define IOPT_UAPI_IOMMU_DESTROY			IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x80)
#define IOPT_UAPI_IOMMU_IOAS_ALLOC		IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x81)
#define IOPT_UAPI_IOMMU_IOAS_ALLOW_IOVAS		IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x82)
#define IOPT_UAPI_IOMMU_IOAS_COPY		IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x83)
#define IOPT_UAPI_IOMMU_IOAS_IOVA_RANGES		IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x84)
#define IOPT_UAPI_IOMMU_IOAS_MAP		IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x85)
#define IOPT_UAPI_IOMMU_IOAS_UNMAP		IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x86)
#define IOPT_UAPI_IOMMU_OPTION			IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x87)
#define IOPT_UAPI_IOMMU_VFIO_IOAS		IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x88)
#define IOPT_UAPI_IOMMU_HWPT_ALLOC		IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x89)
#define IOPT_UAPI_IOMMU_GET_HW_INFO		IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x8a)
#define IOPT_UAPI_IOMMU_HWPT_SET_DIRTY_TRACKING	IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x8b)
#define IOPT_UAPI_IOMMU_HWPT_GET_DIRTY_BITMAP	IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x8c)
#define IOPT_UAPI_IOMMU_HWPT_INVALIDATE		IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x8d)
#define IOPT_UAPI_IOMMU_FAULT_QUEUE_ALLOC	IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x8e)
/* 6.13+: a 6.12 kernel answers ENOTTY (EFAULT for a bad pointer). */
#define IOPT_UAPI_IOMMU_IOAS_MAP_FILE		IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0x8f)
/* CONFIG_IOMMUFD_TEST kernels only (command base + 32). */
#define IOPT_UAPI_IOMMU_TEST_CMD		IOPT_UAPI_IO(IOPT_UAPI_IOMMUFD_TYPE, 0xa0)

/* IOMMU_DESTROY */
struct iopt_uapi_destroy {
	uint32_t size;
	uint32_t id;
};

/* IOMMU_IOAS_ALLOC */
struct iopt_uapi_ioas_alloc {
	uint32_t size;
	uint32_t flags; /* must be 0 */
	uint32_t out_ioas_id;
};

/* One inclusive IOVA range; element of IOVA_RANGES / ALLOW_IOVAS arrays. */
struct iopt_uapi_iova_range {
	iopt_uapi_u64 start;
	iopt_uapi_u64 last;
};

/* IOMMU_IOAS_IOVA_RANGES */
struct iopt_uapi_ioas_iova_ranges {
	uint32_t size;
	uint32_t ioas_id;
	uint32_t num_iovas; /* in: array capacity; out: total ranges */
	uint32_t reserved;
	iopt_uapi_u64 allowed_iovas; /* struct iopt_uapi_iova_range[] */
	iopt_uapi_u64 out_iova_alignment;
};

/* IOMMU_IOAS_ALLOW_IOVAS */
struct iopt_uapi_ioas_allow_iovas {
	uint32_t size;
	uint32_t ioas_id;
	uint32_t num_iovas;
	uint32_t reserved;
	iopt_uapi_u64 allowed_iovas; /* struct iopt_uapi_iova_range[] */
};

/* Flags of IOAS_MAP, IOAS_MAP_FILE and IOAS_COPY. */
#define IOPT_UAPI_IOAS_MAP_FIXED_IOVA (1u << 0)
#define IOPT_UAPI_IOAS_MAP_WRITEABLE (1u << 1)
#define IOPT_UAPI_IOAS_MAP_READABLE (1u << 2)

/* IOMMU_IOAS_MAP */
struct iopt_uapi_ioas_map {
	uint32_t size;
	uint32_t flags;
	uint32_t ioas_id;
	uint32_t reserved;
	iopt_uapi_u64 user_va;
	iopt_uapi_u64 length;
	iopt_uapi_u64 iova; /* in with FIXED_IOVA, else out */
};

/* IOMMU_IOAS_MAP_FILE (6.13+): map [start, start+length) of a memfd. */
struct iopt_uapi_ioas_map_file {
	uint32_t size;
	uint32_t flags;
	uint32_t ioas_id;
	int32_t fd;
	iopt_uapi_u64 start;
	iopt_uapi_u64 length;
	iopt_uapi_u64 iova;
};

/* IOMMU_IOAS_COPY */
struct iopt_uapi_ioas_copy {
	uint32_t size;
	uint32_t flags;
	uint32_t dst_ioas_id;
	uint32_t src_ioas_id;
	iopt_uapi_u64 length;
	iopt_uapi_u64 dst_iova;
	iopt_uapi_u64 src_iova;
};

/* IOMMU_IOAS_UNMAP */
struct iopt_uapi_ioas_unmap {
	uint32_t size;
	uint32_t ioas_id;
	iopt_uapi_u64 iova;
	iopt_uapi_u64 length; /* in: bytes; out: bytes unmapped */
};

/* IOMMU_OPTION */
#define IOPT_UAPI_OPTION_RLIMIT_MODE 0u
#define IOPT_UAPI_OPTION_HUGE_PAGES 1u
#define IOPT_UAPI_OPTION_OP_SET 0u
#define IOPT_UAPI_OPTION_OP_GET 1u

struct iopt_uapi_option {
	uint32_t size;
	uint32_t option_id;
	uint16_t op;
	uint16_t reserved;
	uint32_t object_id;
	iopt_uapi_u64 val64;
};

/* IOMMU_VFIO_IOAS */
#define IOPT_UAPI_VFIO_IOAS_GET 0u
#define IOPT_UAPI_VFIO_IOAS_SET 1u
#define IOPT_UAPI_VFIO_IOAS_CLEAR 2u

struct iopt_uapi_vfio_ioas {
	uint32_t size;
	uint32_t ioas_id;
	uint16_t op;
	uint16_t reserved;
};

/* IOMMU_HWPT_ALLOC */
#define IOPT_UAPI_HWPT_ALLOC_NEST_PARENT (1u << 0)
#define IOPT_UAPI_HWPT_ALLOC_DIRTY_TRACKING (1u << 1)
#define IOPT_UAPI_HWPT_FAULT_ID_VALID (1u << 2)

#define IOPT_UAPI_HWPT_DATA_NONE 0u
#define IOPT_UAPI_HWPT_DATA_VTD_S1 1u

struct iopt_uapi_hwpt_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t dev_id;
	uint32_t pt_id;
	uint32_t out_hwpt_id;
	uint32_t reserved;
	uint32_t data_type;
	uint32_t data_len;
	iopt_uapi_u64 data_uptr;
	uint32_t fault_id;
	uint32_t reserved2;
};
/* Bytes up to and including the first reserved field: the smallest size
 * the kernel accepts for HWPT_ALLOC. */
#define IOPT_UAPI_HWPT_ALLOC_MIN_SIZE 24u

/* Driver data for IOPT_UAPI_HWPT_DATA_VTD_S1. */
#define IOPT_UAPI_VTD_S1_SRE (1ull << 0)
#define IOPT_UAPI_VTD_S1_EAFE (1ull << 1)
#define IOPT_UAPI_VTD_S1_WPE (1ull << 2)

struct iopt_uapi_hwpt_vtd_s1 {
	iopt_uapi_u64 flags;
	iopt_uapi_u64 pgtbl_addr;
	uint32_t addr_width;
	uint32_t reserved;
};

/* IOMMU_GET_HW_INFO */
#define IOPT_UAPI_HW_INFO_TYPE_NONE 0u
#define IOPT_UAPI_HW_INFO_TYPE_INTEL_VTD 1u

#define IOPT_UAPI_HW_CAP_DIRTY_TRACKING (1ull << 0)
#define IOPT_UAPI_HW_CAP_PCI_PASID_EXEC (1ull << 1)
#define IOPT_UAPI_HW_CAP_PCI_PASID_PRIV (1ull << 2)

struct iopt_uapi_hw_info {
	uint32_t size;
	uint32_t flags; /* must be 0 in 6.12 */
	uint32_t dev_id;
	uint32_t data_len; /* in: buffer size; out: kernel's data size */
	iopt_uapi_u64 data_uptr;
	uint32_t out_data_type;
	uint8_t out_max_pasid_log2; /* 6.12.32+; a reserved byte before */
	uint8_t reserved[3];
	iopt_uapi_u64 out_capabilities;
};
/* Smallest accepted size: through the reserved bytes. */
#define IOPT_UAPI_HW_INFO_MIN_SIZE 32u

#define IOPT_UAPI_HW_INFO_VTD_ERRATA_772415_SPR17 (1u << 0)

struct iopt_uapi_hw_info_vtd {
	uint32_t flags;
	uint32_t reserved;
	iopt_uapi_u64 cap_reg;
	iopt_uapi_u64 ecap_reg;
};

/* IOMMU_HWPT_SET_DIRTY_TRACKING */
#define IOPT_UAPI_HWPT_DIRTY_TRACKING_ENABLE (1u << 0)

struct iopt_uapi_hwpt_set_dirty_tracking {
	uint32_t size;
	uint32_t flags;
	uint32_t hwpt_id;
	uint32_t reserved;
};

/* IOMMU_HWPT_GET_DIRTY_BITMAP */
#define IOPT_UAPI_HWPT_GET_DIRTY_BITMAP_NO_CLEAR (1u << 0)

struct iopt_uapi_hwpt_get_dirty_bitmap {
	uint32_t size;
	uint32_t hwpt_id;
	uint32_t flags;
	uint32_t reserved;
	iopt_uapi_u64 iova;
	iopt_uapi_u64 length;
	iopt_uapi_u64 page_size;
	iopt_uapi_u64 data; /* user pointer to the bitmap (u64 words) */
};

/* IOMMU_HWPT_INVALIDATE */
#define IOPT_UAPI_HWPT_INVALIDATE_DATA_VTD_S1 0u

struct iopt_uapi_hwpt_invalidate {
	uint32_t size;
	uint32_t hwpt_id;
	iopt_uapi_u64 data_uptr;
	uint32_t data_type;
	uint32_t entry_len;
	uint32_t entry_num; /* in: count; out: entries handled */
	uint32_t reserved;
};

#define IOPT_UAPI_VTD_INV_FLAGS_LEAF (1u << 0)

struct iopt_uapi_hwpt_vtd_s1_invalidate {
	iopt_uapi_u64 addr;
	iopt_uapi_u64 npages;
	uint32_t flags;
	uint32_t reserved;
};

/* IOMMU_FAULT_QUEUE_ALLOC */
struct iopt_uapi_fault_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t out_fault_id;
	uint32_t out_fault_fd;
};

/* Records read from a fault fd. */
#define IOPT_UAPI_PGFAULT_FLAGS_PASID_VALID (1u << 0)
#define IOPT_UAPI_PGFAULT_FLAGS_LAST_PAGE (1u << 1)

#define IOPT_UAPI_PGFAULT_PERM_READ (1u << 0)
#define IOPT_UAPI_PGFAULT_PERM_WRITE (1u << 1)
#define IOPT_UAPI_PGFAULT_PERM_EXEC (1u << 2)
#define IOPT_UAPI_PGFAULT_PERM_PRIV (1u << 3)

struct iopt_uapi_hwpt_pgfault {
	uint32_t flags;
	uint32_t dev_id;
	uint32_t pasid;
	uint32_t grpid;
	uint32_t perm;
	uint32_t reserved;
	iopt_uapi_u64 addr;
	uint32_t length;
	uint32_t cookie;
};

/* Records written to a fault fd. */
#define IOPT_UAPI_PAGE_RESP_SUCCESS 0u
#define IOPT_UAPI_PAGE_RESP_INVALID 1u

struct iopt_uapi_hwpt_page_response {
	uint32_t cookie;
	uint32_t code;
};

/* ------------------------------------------------------------------ */
/* IOMMU_TEST_CMD (CONFIG_IOMMUFD_TEST)                                */
/* ------------------------------------------------------------------ */

#define IOPT_UAPI_TEST_OP_ADD_RESERVED 1u
#define IOPT_UAPI_TEST_OP_MOCK_DOMAIN 2u
#define IOPT_UAPI_TEST_OP_MD_CHECK_MAP 3u
#define IOPT_UAPI_TEST_OP_MD_CHECK_REFS 4u
#define IOPT_UAPI_TEST_OP_CREATE_ACCESS 5u
#define IOPT_UAPI_TEST_OP_DESTROY_ACCESS_PAGES 6u
#define IOPT_UAPI_TEST_OP_ACCESS_PAGES 7u
#define IOPT_UAPI_TEST_OP_ACCESS_RW 8u
#define IOPT_UAPI_TEST_OP_SET_TEMP_MEMORY_LIMIT 9u
#define IOPT_UAPI_TEST_OP_MOCK_DOMAIN_REPLACE 10u
#define IOPT_UAPI_TEST_OP_ACCESS_REPLACE_IOAS 11u
#define IOPT_UAPI_TEST_OP_MOCK_DOMAIN_FLAGS 12u
#define IOPT_UAPI_TEST_OP_DIRTY 13u
#define IOPT_UAPI_TEST_OP_MD_CHECK_IOTLB 14u
#define IOPT_UAPI_TEST_OP_TRIGGER_IOPF 15u

/* The kernel's mock IOMMU domain: aperture and IO page size (x86, 4 KiB
 * CPU pages: half a page). */
#define IOPT_UAPI_MOCK_APERTURE_START (1ull << 24)
#define IOPT_UAPI_MOCK_APERTURE_LAST ((1ull << 31) - 1)
#define IOPT_UAPI_MOCK_IO_PAGE_SIZE 2048u

#define IOPT_UAPI_MOCK_FLAGS_ACCESS_WRITE (1u << 0)
#define IOPT_UAPI_MOCK_FLAGS_ACCESS_SYZ (1u << 16)
#define IOPT_UAPI_MOCK_ACCESS_RW_WRITE (1u << 0)
#define IOPT_UAPI_MOCK_ACCESS_RW_SLOW_PATH (1u << 2)
#define IOPT_UAPI_MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES (1u << 0)
#define IOPT_UAPI_MOCK_FLAGS_DEVICE_NO_DIRTY (1u << 0)
#define IOPT_UAPI_MOCK_FLAGS_DEVICE_HUGE_IOVA (1u << 1)
#define IOPT_UAPI_MOCK_NESTED_DOMAIN_IOTLB_ID_MAX 3u
#define IOPT_UAPI_MOCK_NESTED_DOMAIN_IOTLB_NUM 4u

#define IOPT_UAPI_HW_INFO_TYPE_SELFTEST 0xfeedbeefu
#define IOPT_UAPI_HW_INFO_SELFTEST_REGVAL 0xdeadbeefu
#define IOPT_UAPI_HWPT_DATA_SELFTEST 0xdeadu
#define IOPT_UAPI_TEST_IOTLB_DEFAULT 0xbadbeefu
#define IOPT_UAPI_HWPT_INVALIDATE_DATA_SELFTEST 0xdeadbeefu
#define IOPT_UAPI_HWPT_INVALIDATE_DATA_SELFTEST_INVALID 0xdadbeefu
#define IOPT_UAPI_TEST_INVALIDATE_FLAG_ALL (1u << 0)

/* GET_HW_INFO data of a mock device. */
struct iopt_uapi_test_hw_info {
	uint32_t flags;
	uint32_t test_reg;
};

/* HWPT_ALLOC data for a nested mock domain. */
struct iopt_uapi_hwpt_selftest {
	uint32_t iotlb;
};

/* HWPT_INVALIDATE entry for a nested mock domain. */
struct iopt_uapi_hwpt_invalidate_selftest {
	uint32_t flags;
	uint32_t iotlb_id;
};

struct iopt_uapi_test_cmd {
	uint32_t size;
	uint32_t op;
	uint32_t id; /* meaning depends on op */
	uint32_t reserved;
	union {
		struct {
			iopt_uapi_u64 start;
			iopt_uapi_u64 length;
		} add_reserved;
		struct {
			uint32_t out_stdev_id;
			uint32_t out_hwpt_id;
			uint32_t out_idev_id; /* a DEVICE id, as VFIO BIND's out_devid */
		} mock_domain;
		struct {
			uint32_t out_stdev_id;
			uint32_t out_hwpt_id;
			uint32_t out_idev_id;
			uint32_t dev_flags;
		} mock_domain_flags;
		struct {
			uint32_t pt_id;
		} mock_domain_replace;
		struct {
			iopt_uapi_u64 iova;
			iopt_uapi_u64 length;
			iopt_uapi_u64 uptr;
		} check_map;
		struct {
			iopt_uapi_u64 length;
			iopt_uapi_u64 uptr;
			uint32_t refs;
		} check_refs;
		struct {
			uint32_t out_access_fd;
			uint32_t flags;
		} create_access;
		struct {
			uint32_t access_pages_id;
		} destroy_access_pages;
		struct {
			uint32_t flags;
			uint32_t out_access_pages_id;
			iopt_uapi_u64 iova;
			iopt_uapi_u64 length;
			iopt_uapi_u64 uptr;
		} access_pages;
		struct {
			iopt_uapi_u64 iova;
			iopt_uapi_u64 length;
			iopt_uapi_u64 uptr;
			uint32_t flags;
		} access_rw;
		struct {
			uint32_t limit;
		} memory_limit;
		struct {
			uint32_t ioas_id;
		} access_replace_ioas;
		struct {
			uint32_t flags;
			iopt_uapi_u64 iova;
			iopt_uapi_u64 length;
			iopt_uapi_u64 page_size;
			iopt_uapi_u64 uptr;
			iopt_uapi_u64 out_nr_dirty;
		} dirty;
		struct {
			uint32_t id;
			uint32_t iotlb;
		} check_iotlb;
		struct {
			uint32_t dev_id;
			uint32_t pasid;
			uint32_t grpid;
			uint32_t perm;
			iopt_uapi_u64 addr;
		} trigger_iopf;
	};
	uint32_t last; /* end marker: the kernel's min_size is its end */
};
#define IOPT_UAPI_TEST_CMD_MIN_SIZE 68u

/* ------------------------------------------------------------------ */
/* VFIO (device cdev /dev/vfio/devices/vfioN, type1 compat on iommufd)  */
/* ------------------------------------------------------------------ */

#define IOPT_UAPI_VFIO_TYPE 0x3b /* ';', shared with iommufd */
#define IOPT_UAPI_VFIO_BASE 100

#define IOPT_UAPI_VFIO_GET_API_VERSION		IOPT_UAPI_IO(IOPT_UAPI_VFIO_TYPE, IOPT_UAPI_VFIO_BASE + 0)
#define IOPT_UAPI_VFIO_CHECK_EXTENSION		IOPT_UAPI_IO(IOPT_UAPI_VFIO_TYPE, IOPT_UAPI_VFIO_BASE + 1)
#define IOPT_UAPI_VFIO_SET_IOMMU		IOPT_UAPI_IO(IOPT_UAPI_VFIO_TYPE, IOPT_UAPI_VFIO_BASE + 2)
#define IOPT_UAPI_VFIO_DEVICE_GET_INFO		IOPT_UAPI_IO(IOPT_UAPI_VFIO_TYPE, IOPT_UAPI_VFIO_BASE + 7)
#define IOPT_UAPI_VFIO_DEVICE_GET_REGION_INFO	IOPT_UAPI_IO(IOPT_UAPI_VFIO_TYPE, IOPT_UAPI_VFIO_BASE + 8)
#define IOPT_UAPI_VFIO_DEVICE_RESET		IOPT_UAPI_IO(IOPT_UAPI_VFIO_TYPE, IOPT_UAPI_VFIO_BASE + 11)
#define IOPT_UAPI_VFIO_IOMMU_GET_INFO		IOPT_UAPI_IO(IOPT_UAPI_VFIO_TYPE, IOPT_UAPI_VFIO_BASE + 12)
#define IOPT_UAPI_VFIO_IOMMU_MAP_DMA		IOPT_UAPI_IO(IOPT_UAPI_VFIO_TYPE, IOPT_UAPI_VFIO_BASE + 13)
#define IOPT_UAPI_VFIO_IOMMU_UNMAP_DMA		IOPT_UAPI_IO(IOPT_UAPI_VFIO_TYPE, IOPT_UAPI_VFIO_BASE + 14)
#define IOPT_UAPI_VFIO_DEVICE_BIND_IOMMUFD	IOPT_UAPI_IO(IOPT_UAPI_VFIO_TYPE, IOPT_UAPI_VFIO_BASE + 18)
#define IOPT_UAPI_VFIO_DEVICE_ATTACH_IOMMUFD_PT	IOPT_UAPI_IO(IOPT_UAPI_VFIO_TYPE, IOPT_UAPI_VFIO_BASE + 19)
#define IOPT_UAPI_VFIO_DEVICE_DETACH_IOMMUFD_PT	IOPT_UAPI_IO(IOPT_UAPI_VFIO_TYPE, IOPT_UAPI_VFIO_BASE + 20)

#define IOPT_UAPI_VFIO_API_VERSION 0
#define IOPT_UAPI_VFIO_TYPE1_IOMMU 1u
#define IOPT_UAPI_VFIO_TYPE1v2_IOMMU 3u
#define IOPT_UAPI_VFIO_DMA_CC_IOMMU 4u
#define IOPT_UAPI_VFIO_UNMAP_ALL 9u

/* VFIO_DEVICE_BIND_IOMMUFD */
struct iopt_uapi_vfio_device_bind_iommufd {
	uint32_t argsz;
	uint32_t flags; /* must be 0 */
	int32_t iommufd;
	uint32_t out_devid;
};

/* VFIO_DEVICE_ATTACH_IOMMUFD_PT */
struct iopt_uapi_vfio_device_attach_iommufd_pt {
	uint32_t argsz;
	uint32_t flags; /* must be 0 */
	uint32_t pt_id; /* in: IOAS or HWPT; out: HWPT */
};

/* VFIO_DEVICE_DETACH_IOMMUFD_PT */
struct iopt_uapi_vfio_device_detach_iommufd_pt {
	uint32_t argsz;
	uint32_t flags; /* must be 0 */
};

/* VFIO_DEVICE_GET_INFO */
#define IOPT_UAPI_VFIO_DEVICE_FLAGS_RESET (1u << 0)
#define IOPT_UAPI_VFIO_DEVICE_FLAGS_PCI (1u << 1)

struct iopt_uapi_vfio_device_info {
	uint32_t argsz;
	uint32_t flags;
	uint32_t num_regions;
	uint32_t num_irqs;
	uint32_t cap_offset;
	uint32_t pad;
};

/* VFIO_DEVICE_GET_REGION_INFO: in argsz and index; out the rest. Region
 * contents are read/written with pread/pwrite on the device fd at
 * `offset`, or mmap'ed there when MMAP is set. */
#define IOPT_UAPI_VFIO_REGION_INFO_FLAG_READ (1u << 0)
#define IOPT_UAPI_VFIO_REGION_INFO_FLAG_WRITE (1u << 1)
#define IOPT_UAPI_VFIO_REGION_INFO_FLAG_MMAP (1u << 2)
#define IOPT_UAPI_VFIO_REGION_INFO_FLAG_CAPS (1u << 3)

struct iopt_uapi_vfio_region_info {
	uint32_t argsz;
	uint32_t flags;
	uint32_t index;
	uint32_t cap_offset;
	iopt_uapi_u64 size;
	iopt_uapi_u64 offset;
};

/* Region indexes of a vfio-pci device. */
#define IOPT_UAPI_VFIO_PCI_BAR0_REGION_INDEX 0u
#define IOPT_UAPI_VFIO_PCI_BAR5_REGION_INDEX 5u
#define IOPT_UAPI_VFIO_PCI_ROM_REGION_INDEX 6u
#define IOPT_UAPI_VFIO_PCI_CONFIG_REGION_INDEX 7u
#define IOPT_UAPI_VFIO_PCI_VGA_REGION_INDEX 8u
#define IOPT_UAPI_VFIO_PCI_NUM_REGIONS 9u

/* Type1 compatibility on /dev/iommu (section 3.16 of the reference). */
#define IOPT_UAPI_VFIO_DMA_MAP_FLAG_READ (1u << 0)
#define IOPT_UAPI_VFIO_DMA_MAP_FLAG_WRITE (1u << 1)
#define IOPT_UAPI_VFIO_DMA_UNMAP_FLAG_ALL (1u << 1)

struct iopt_uapi_vfio_iommu_type1_info {
	uint32_t argsz;
	uint32_t flags;
	iopt_uapi_u64 iova_pgsizes;
	uint32_t cap_offset;
	uint32_t pad;
};

struct iopt_uapi_vfio_iommu_type1_dma_map {
	uint32_t argsz;
	uint32_t flags;
	iopt_uapi_u64 vaddr;
	iopt_uapi_u64 iova;
	iopt_uapi_u64 size;
};

struct iopt_uapi_vfio_iommu_type1_dma_unmap {
	uint32_t argsz;
	uint32_t flags;
	iopt_uapi_u64 iova;
	iopt_uapi_u64 size;
};

/* ------------------------------------------------------------------ */
/* PCI configuration space (the few offsets the VM tests touch)         */
/* ------------------------------------------------------------------ */

#define IOPT_UAPI_PCI_VENDOR_ID 0x00
#define IOPT_UAPI_PCI_DEVICE_ID 0x02
#define IOPT_UAPI_PCI_COMMAND 0x04
#define IOPT_UAPI_PCI_COMMAND_IO 0x1
#define IOPT_UAPI_PCI_COMMAND_MEMORY 0x2
#define IOPT_UAPI_PCI_COMMAND_MASTER 0x4

/* ------------------------------------------------------------------ */
/* Layout checks: sizes are part of the ABI.                           */
/* ------------------------------------------------------------------ */

#define IOPT_UAPI_SIZE(type, n) \
	_Static_assert(sizeof(struct type) == (n), #type " must be " #n " bytes")

IOPT_UAPI_SIZE(iopt_uapi_destroy, 8);
IOPT_UAPI_SIZE(iopt_uapi_ioas_alloc, 12);
IOPT_UAPI_SIZE(iopt_uapi_iova_range, 16);
IOPT_UAPI_SIZE(iopt_uapi_ioas_iova_ranges, 32);
IOPT_UAPI_SIZE(iopt_uapi_ioas_allow_iovas, 24);
IOPT_UAPI_SIZE(iopt_uapi_ioas_map, 40);
IOPT_UAPI_SIZE(iopt_uapi_ioas_map_file, 40);
IOPT_UAPI_SIZE(iopt_uapi_ioas_copy, 40);
IOPT_UAPI_SIZE(iopt_uapi_ioas_unmap, 24);
IOPT_UAPI_SIZE(iopt_uapi_option, 24);
IOPT_UAPI_SIZE(iopt_uapi_vfio_ioas, 12);
IOPT_UAPI_SIZE(iopt_uapi_hwpt_alloc, 48);
IOPT_UAPI_SIZE(iopt_uapi_hwpt_vtd_s1, 24);
IOPT_UAPI_SIZE(iopt_uapi_hw_info, 40);
IOPT_UAPI_SIZE(iopt_uapi_hw_info_vtd, 24);
IOPT_UAPI_SIZE(iopt_uapi_hwpt_set_dirty_tracking, 16);
IOPT_UAPI_SIZE(iopt_uapi_hwpt_get_dirty_bitmap, 48);
IOPT_UAPI_SIZE(iopt_uapi_hwpt_invalidate, 32);
IOPT_UAPI_SIZE(iopt_uapi_hwpt_vtd_s1_invalidate, 24);
IOPT_UAPI_SIZE(iopt_uapi_fault_alloc, 16);
IOPT_UAPI_SIZE(iopt_uapi_hwpt_pgfault, 40);
IOPT_UAPI_SIZE(iopt_uapi_hwpt_page_response, 8);
IOPT_UAPI_SIZE(iopt_uapi_test_hw_info, 8);
IOPT_UAPI_SIZE(iopt_uapi_hwpt_selftest, 4);
IOPT_UAPI_SIZE(iopt_uapi_hwpt_invalidate_selftest, 8);
IOPT_UAPI_SIZE(iopt_uapi_test_cmd, 72);
IOPT_UAPI_SIZE(iopt_uapi_vfio_device_bind_iommufd, 16);
IOPT_UAPI_SIZE(iopt_uapi_vfio_device_attach_iommufd_pt, 12);
IOPT_UAPI_SIZE(iopt_uapi_vfio_device_detach_iommufd_pt, 8);
IOPT_UAPI_SIZE(iopt_uapi_vfio_device_info, 24);
IOPT_UAPI_SIZE(iopt_uapi_vfio_region_info, 32);
IOPT_UAPI_SIZE(iopt_uapi_vfio_iommu_type1_info, 24);
IOPT_UAPI_SIZE(iopt_uapi_vfio_iommu_type1_dma_map, 32);
IOPT_UAPI_SIZE(iopt_uapi_vfio_iommu_type1_dma_unmap, 24);

_Static_assert(__builtin_offsetof(struct iopt_uapi_test_cmd, last) ==
		       IOPT_UAPI_TEST_CMD_MIN_SIZE - 4,
	       "test_cmd.last ends at the kernel's min_size");
_Static_assert(__builtin_offsetof(struct iopt_uapi_test_cmd, dirty.out_nr_dirty) == 56,
	       "test_cmd payload is 48 bytes from offset 16");
_Static_assert(__builtin_offsetof(struct iopt_uapi_hwpt_pgfault, addr) == 24,
	       "hwpt_pgfault.addr at 24");

#undef IOPT_UAPI_SIZE

#endif /* IOPT_BACKEND_UAPI_H */
