// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * uAPI check: our own src/backend/uapi.h against the kernel's headers of the
 * tree the VM kernel is built from (build-kernel.sh caches them). Both are
 * compiled into this one file; every ioctl number, constant, struct size and
 * field offset/size of ours is compared with the kernel's and each mismatch
 * is printed. Exit status 1 if anything differs.
 *
 * Build: cc -I<cache>/headers -I<cache> -Isrc tests/kernel/uapi_check.c
 * (the cache's headers/ is the tree's `make headers` output; <cache> holds
 * iommufd_test.h).
 */
#include <stddef.h>
#include <stdio.h>

#include <linux/iommufd.h>
#include <linux/pci_regs.h>
#include <linux/version.h>
#include <linux/vfio.h>

#include "iommufd_test.h"

#include "backend/uapi.h"

static unsigned int checks, failures;

static void check_num(const char *what, unsigned long long ours,
		      unsigned long long theirs)
{
	checks++;
	if (ours == theirs)
		return;
	failures++;
	printf("MISMATCH %s: ours 0x%llx, kernel 0x%llx\n", what, ours, theirs);
}

#define NUM(ours, theirs) \
	check_num(#ours " == " #theirs, (unsigned long long)(ours), \
		  (unsigned long long)(theirs))

#define SIZE(ours, theirs) \
	check_num("sizeof(struct " #ours ")", sizeof(struct ours), \
		  sizeof(struct theirs))

/* Field offset and width, ours against the kernel's. */
#define FIELD2(ours, ofield, theirs, tfield)                                  \
	do {                                                                  \
		check_num("offsetof(" #ours "." #ofield ")",                  \
			  offsetof(struct ours, ofield),                      \
			  offsetof(struct theirs, tfield));                   \
		check_num("sizeof(" #ours "." #ofield ")",                    \
			  sizeof(((struct ours *)0)->ofield),                 \
			  sizeof(((struct theirs *)0)->tfield));              \
	} while (0)
#define FIELD(ours, theirs, f) FIELD2(ours, f, theirs, f)
/* The kernel spells reserved fields with two leading underscores. */
#define RSVD(ours, theirs) FIELD2(ours, reserved, theirs, __reserved)

static void check_iommufd(void)
{
	NUM(IOPT_UAPI_IOMMUFD_TYPE, IOMMUFD_TYPE);
	NUM(IOPT_UAPI_IOMMUFD_CMD_BASE, IOMMUFD_CMD_BASE);
	NUM(IOPT_UAPI_IOMMU_DESTROY, IOMMU_DESTROY);
	NUM(IOPT_UAPI_IOMMU_IOAS_ALLOC, IOMMU_IOAS_ALLOC);
	NUM(IOPT_UAPI_IOMMU_IOAS_ALLOW_IOVAS, IOMMU_IOAS_ALLOW_IOVAS);
	NUM(IOPT_UAPI_IOMMU_IOAS_COPY, IOMMU_IOAS_COPY);
	NUM(IOPT_UAPI_IOMMU_IOAS_IOVA_RANGES, IOMMU_IOAS_IOVA_RANGES);
	NUM(IOPT_UAPI_IOMMU_IOAS_MAP, IOMMU_IOAS_MAP);
	NUM(IOPT_UAPI_IOMMU_IOAS_UNMAP, IOMMU_IOAS_UNMAP);
	NUM(IOPT_UAPI_IOMMU_OPTION, IOMMU_OPTION);
	NUM(IOPT_UAPI_IOMMU_VFIO_IOAS, IOMMU_VFIO_IOAS);
	NUM(IOPT_UAPI_IOMMU_HWPT_ALLOC, IOMMU_HWPT_ALLOC);
	NUM(IOPT_UAPI_IOMMU_GET_HW_INFO, IOMMU_GET_HW_INFO);
	NUM(IOPT_UAPI_IOMMU_HWPT_SET_DIRTY_TRACKING, IOMMU_HWPT_SET_DIRTY_TRACKING);
	NUM(IOPT_UAPI_IOMMU_HWPT_GET_DIRTY_BITMAP, IOMMU_HWPT_GET_DIRTY_BITMAP);
	NUM(IOPT_UAPI_IOMMU_HWPT_INVALIDATE, IOMMU_HWPT_INVALIDATE);
	NUM(IOPT_UAPI_IOMMU_FAULT_QUEUE_ALLOC, IOMMU_FAULT_QUEUE_ALLOC);
	NUM(IOPT_UAPI_IOMMU_TEST_CMD, IOMMU_TEST_CMD);
	/* _IO really has no size or direction bits. */
	NUM(IOPT_UAPI_IO(0x3b, 0x80), _IO(';', 0x80));

#ifdef IOMMU_IOAS_MAP_FILE
	NUM(IOPT_UAPI_IOMMU_IOAS_MAP_FILE, IOMMU_IOAS_MAP_FILE);
	SIZE(iopt_uapi_ioas_map_file, iommu_ioas_map_file);
	FIELD(iopt_uapi_ioas_map_file, iommu_ioas_map_file, size);
	FIELD(iopt_uapi_ioas_map_file, iommu_ioas_map_file, flags);
	FIELD(iopt_uapi_ioas_map_file, iommu_ioas_map_file, ioas_id);
	FIELD(iopt_uapi_ioas_map_file, iommu_ioas_map_file, fd);
	FIELD(iopt_uapi_ioas_map_file, iommu_ioas_map_file, start);
	FIELD(iopt_uapi_ioas_map_file, iommu_ioas_map_file, length);
	FIELD(iopt_uapi_ioas_map_file, iommu_ioas_map_file, iova);
#else
	/* A 6.12 tree: MAP_FILE must take the first free number. */
	NUM(IOPT_UAPI_IOMMU_IOAS_MAP_FILE,
	    _IO(IOMMUFD_TYPE, IOMMUFD_CMD_FAULT_QUEUE_ALLOC + 1));
	printf("note: IOMMU_IOAS_MAP_FILE not in this tree (6.13+); number checked as next free\n");
#endif

	SIZE(iopt_uapi_destroy, iommu_destroy);
	FIELD(iopt_uapi_destroy, iommu_destroy, size);
	FIELD(iopt_uapi_destroy, iommu_destroy, id);

	SIZE(iopt_uapi_ioas_alloc, iommu_ioas_alloc);
	FIELD(iopt_uapi_ioas_alloc, iommu_ioas_alloc, size);
	FIELD(iopt_uapi_ioas_alloc, iommu_ioas_alloc, flags);
	FIELD(iopt_uapi_ioas_alloc, iommu_ioas_alloc, out_ioas_id);

	SIZE(iopt_uapi_iova_range, iommu_iova_range);
	FIELD(iopt_uapi_iova_range, iommu_iova_range, start);
	FIELD(iopt_uapi_iova_range, iommu_iova_range, last);

	SIZE(iopt_uapi_ioas_iova_ranges, iommu_ioas_iova_ranges);
	FIELD(iopt_uapi_ioas_iova_ranges, iommu_ioas_iova_ranges, size);
	FIELD(iopt_uapi_ioas_iova_ranges, iommu_ioas_iova_ranges, ioas_id);
	FIELD(iopt_uapi_ioas_iova_ranges, iommu_ioas_iova_ranges, num_iovas);
	RSVD(iopt_uapi_ioas_iova_ranges, iommu_ioas_iova_ranges);
	FIELD(iopt_uapi_ioas_iova_ranges, iommu_ioas_iova_ranges, allowed_iovas);
	FIELD(iopt_uapi_ioas_iova_ranges, iommu_ioas_iova_ranges, out_iova_alignment);

	SIZE(iopt_uapi_ioas_allow_iovas, iommu_ioas_allow_iovas);
	FIELD(iopt_uapi_ioas_allow_iovas, iommu_ioas_allow_iovas, size);
	FIELD(iopt_uapi_ioas_allow_iovas, iommu_ioas_allow_iovas, ioas_id);
	FIELD(iopt_uapi_ioas_allow_iovas, iommu_ioas_allow_iovas, num_iovas);
	RSVD(iopt_uapi_ioas_allow_iovas, iommu_ioas_allow_iovas);
	FIELD(iopt_uapi_ioas_allow_iovas, iommu_ioas_allow_iovas, allowed_iovas);

	NUM(IOPT_UAPI_IOAS_MAP_FIXED_IOVA, IOMMU_IOAS_MAP_FIXED_IOVA);
	NUM(IOPT_UAPI_IOAS_MAP_WRITEABLE, IOMMU_IOAS_MAP_WRITEABLE);
	NUM(IOPT_UAPI_IOAS_MAP_READABLE, IOMMU_IOAS_MAP_READABLE);

	SIZE(iopt_uapi_ioas_map, iommu_ioas_map);
	FIELD(iopt_uapi_ioas_map, iommu_ioas_map, size);
	FIELD(iopt_uapi_ioas_map, iommu_ioas_map, flags);
	FIELD(iopt_uapi_ioas_map, iommu_ioas_map, ioas_id);
	RSVD(iopt_uapi_ioas_map, iommu_ioas_map);
	FIELD(iopt_uapi_ioas_map, iommu_ioas_map, user_va);
	FIELD(iopt_uapi_ioas_map, iommu_ioas_map, length);
	FIELD(iopt_uapi_ioas_map, iommu_ioas_map, iova);

	SIZE(iopt_uapi_ioas_copy, iommu_ioas_copy);
	FIELD(iopt_uapi_ioas_copy, iommu_ioas_copy, size);
	FIELD(iopt_uapi_ioas_copy, iommu_ioas_copy, flags);
	FIELD(iopt_uapi_ioas_copy, iommu_ioas_copy, dst_ioas_id);
	FIELD(iopt_uapi_ioas_copy, iommu_ioas_copy, src_ioas_id);
	FIELD(iopt_uapi_ioas_copy, iommu_ioas_copy, length);
	FIELD(iopt_uapi_ioas_copy, iommu_ioas_copy, dst_iova);
	FIELD(iopt_uapi_ioas_copy, iommu_ioas_copy, src_iova);

	SIZE(iopt_uapi_ioas_unmap, iommu_ioas_unmap);
	FIELD(iopt_uapi_ioas_unmap, iommu_ioas_unmap, size);
	FIELD(iopt_uapi_ioas_unmap, iommu_ioas_unmap, ioas_id);
	FIELD(iopt_uapi_ioas_unmap, iommu_ioas_unmap, iova);
	FIELD(iopt_uapi_ioas_unmap, iommu_ioas_unmap, length);

	NUM(IOPT_UAPI_OPTION_RLIMIT_MODE, IOMMU_OPTION_RLIMIT_MODE);
	NUM(IOPT_UAPI_OPTION_HUGE_PAGES, IOMMU_OPTION_HUGE_PAGES);
	NUM(IOPT_UAPI_OPTION_OP_SET, IOMMU_OPTION_OP_SET);
	NUM(IOPT_UAPI_OPTION_OP_GET, IOMMU_OPTION_OP_GET);
	SIZE(iopt_uapi_option, iommu_option);
	FIELD(iopt_uapi_option, iommu_option, size);
	FIELD(iopt_uapi_option, iommu_option, option_id);
	FIELD(iopt_uapi_option, iommu_option, op);
	RSVD(iopt_uapi_option, iommu_option);
	FIELD(iopt_uapi_option, iommu_option, object_id);
	FIELD(iopt_uapi_option, iommu_option, val64);

	NUM(IOPT_UAPI_VFIO_IOAS_GET, IOMMU_VFIO_IOAS_GET);
	NUM(IOPT_UAPI_VFIO_IOAS_SET, IOMMU_VFIO_IOAS_SET);
	NUM(IOPT_UAPI_VFIO_IOAS_CLEAR, IOMMU_VFIO_IOAS_CLEAR);
	SIZE(iopt_uapi_vfio_ioas, iommu_vfio_ioas);
	FIELD(iopt_uapi_vfio_ioas, iommu_vfio_ioas, size);
	FIELD(iopt_uapi_vfio_ioas, iommu_vfio_ioas, ioas_id);
	FIELD(iopt_uapi_vfio_ioas, iommu_vfio_ioas, op);
	RSVD(iopt_uapi_vfio_ioas, iommu_vfio_ioas);

	NUM(IOPT_UAPI_HWPT_ALLOC_NEST_PARENT, IOMMU_HWPT_ALLOC_NEST_PARENT);
	NUM(IOPT_UAPI_HWPT_ALLOC_DIRTY_TRACKING, IOMMU_HWPT_ALLOC_DIRTY_TRACKING);
	NUM(IOPT_UAPI_HWPT_FAULT_ID_VALID, IOMMU_HWPT_FAULT_ID_VALID);
	NUM(IOPT_UAPI_HWPT_DATA_NONE, IOMMU_HWPT_DATA_NONE);
	NUM(IOPT_UAPI_HWPT_DATA_VTD_S1, IOMMU_HWPT_DATA_VTD_S1);
	SIZE(iopt_uapi_hwpt_alloc, iommu_hwpt_alloc);
	FIELD(iopt_uapi_hwpt_alloc, iommu_hwpt_alloc, size);
	FIELD(iopt_uapi_hwpt_alloc, iommu_hwpt_alloc, flags);
	FIELD(iopt_uapi_hwpt_alloc, iommu_hwpt_alloc, dev_id);
	FIELD(iopt_uapi_hwpt_alloc, iommu_hwpt_alloc, pt_id);
	FIELD(iopt_uapi_hwpt_alloc, iommu_hwpt_alloc, out_hwpt_id);
	RSVD(iopt_uapi_hwpt_alloc, iommu_hwpt_alloc);
	FIELD(iopt_uapi_hwpt_alloc, iommu_hwpt_alloc, data_type);
	FIELD(iopt_uapi_hwpt_alloc, iommu_hwpt_alloc, data_len);
	FIELD(iopt_uapi_hwpt_alloc, iommu_hwpt_alloc, data_uptr);
	FIELD(iopt_uapi_hwpt_alloc, iommu_hwpt_alloc, fault_id);
	FIELD2(iopt_uapi_hwpt_alloc, reserved2, iommu_hwpt_alloc, __reserved2);
	NUM(IOPT_UAPI_HWPT_ALLOC_MIN_SIZE,
	    offsetof(struct iommu_hwpt_alloc, __reserved) + 4);

	NUM(IOPT_UAPI_VTD_S1_SRE, IOMMU_VTD_S1_SRE);
	NUM(IOPT_UAPI_VTD_S1_EAFE, IOMMU_VTD_S1_EAFE);
	NUM(IOPT_UAPI_VTD_S1_WPE, IOMMU_VTD_S1_WPE);
	SIZE(iopt_uapi_hwpt_vtd_s1, iommu_hwpt_vtd_s1);
	FIELD(iopt_uapi_hwpt_vtd_s1, iommu_hwpt_vtd_s1, flags);
	FIELD(iopt_uapi_hwpt_vtd_s1, iommu_hwpt_vtd_s1, pgtbl_addr);
	FIELD(iopt_uapi_hwpt_vtd_s1, iommu_hwpt_vtd_s1, addr_width);
	RSVD(iopt_uapi_hwpt_vtd_s1, iommu_hwpt_vtd_s1);

	NUM(IOPT_UAPI_HW_INFO_TYPE_NONE, IOMMU_HW_INFO_TYPE_NONE);
	NUM(IOPT_UAPI_HW_INFO_TYPE_INTEL_VTD, IOMMU_HW_INFO_TYPE_INTEL_VTD);
	NUM(IOPT_UAPI_HW_CAP_DIRTY_TRACKING, IOMMU_HW_CAP_DIRTY_TRACKING);
	NUM(IOPT_UAPI_HW_CAP_PCI_PASID_EXEC, IOMMU_HW_CAP_PCI_PASID_EXEC);
	NUM(IOPT_UAPI_HW_CAP_PCI_PASID_PRIV, IOMMU_HW_CAP_PCI_PASID_PRIV);
	SIZE(iopt_uapi_hw_info, iommu_hw_info);
	FIELD(iopt_uapi_hw_info, iommu_hw_info, size);
	FIELD(iopt_uapi_hw_info, iommu_hw_info, flags);
	FIELD(iopt_uapi_hw_info, iommu_hw_info, dev_id);
	FIELD(iopt_uapi_hw_info, iommu_hw_info, data_len);
	FIELD(iopt_uapi_hw_info, iommu_hw_info, data_uptr);
	FIELD(iopt_uapi_hw_info, iommu_hw_info, out_data_type);
	FIELD(iopt_uapi_hw_info, iommu_hw_info, out_max_pasid_log2);
	RSVD(iopt_uapi_hw_info, iommu_hw_info);
	FIELD(iopt_uapi_hw_info, iommu_hw_info, out_capabilities);
	NUM(IOPT_UAPI_HW_INFO_MIN_SIZE,
	    offsetof(struct iommu_hw_info, __reserved) +
		    sizeof(((struct iommu_hw_info *)0)->__reserved));

	NUM(IOPT_UAPI_HW_INFO_VTD_ERRATA_772415_SPR17,
	    IOMMU_HW_INFO_VTD_ERRATA_772415_SPR17);
	SIZE(iopt_uapi_hw_info_vtd, iommu_hw_info_vtd);
	FIELD(iopt_uapi_hw_info_vtd, iommu_hw_info_vtd, flags);
	RSVD(iopt_uapi_hw_info_vtd, iommu_hw_info_vtd);
	FIELD(iopt_uapi_hw_info_vtd, iommu_hw_info_vtd, cap_reg);
	FIELD(iopt_uapi_hw_info_vtd, iommu_hw_info_vtd, ecap_reg);

	NUM(IOPT_UAPI_HWPT_DIRTY_TRACKING_ENABLE, IOMMU_HWPT_DIRTY_TRACKING_ENABLE);
	SIZE(iopt_uapi_hwpt_set_dirty_tracking, iommu_hwpt_set_dirty_tracking);
	FIELD(iopt_uapi_hwpt_set_dirty_tracking, iommu_hwpt_set_dirty_tracking, size);
	FIELD(iopt_uapi_hwpt_set_dirty_tracking, iommu_hwpt_set_dirty_tracking, flags);
	FIELD(iopt_uapi_hwpt_set_dirty_tracking, iommu_hwpt_set_dirty_tracking, hwpt_id);
	RSVD(iopt_uapi_hwpt_set_dirty_tracking, iommu_hwpt_set_dirty_tracking);

	NUM(IOPT_UAPI_HWPT_GET_DIRTY_BITMAP_NO_CLEAR, IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR);
	SIZE(iopt_uapi_hwpt_get_dirty_bitmap, iommu_hwpt_get_dirty_bitmap);
	FIELD(iopt_uapi_hwpt_get_dirty_bitmap, iommu_hwpt_get_dirty_bitmap, size);
	FIELD(iopt_uapi_hwpt_get_dirty_bitmap, iommu_hwpt_get_dirty_bitmap, hwpt_id);
	FIELD(iopt_uapi_hwpt_get_dirty_bitmap, iommu_hwpt_get_dirty_bitmap, flags);
	RSVD(iopt_uapi_hwpt_get_dirty_bitmap, iommu_hwpt_get_dirty_bitmap);
	FIELD(iopt_uapi_hwpt_get_dirty_bitmap, iommu_hwpt_get_dirty_bitmap, iova);
	FIELD(iopt_uapi_hwpt_get_dirty_bitmap, iommu_hwpt_get_dirty_bitmap, length);
	FIELD(iopt_uapi_hwpt_get_dirty_bitmap, iommu_hwpt_get_dirty_bitmap, page_size);
	FIELD(iopt_uapi_hwpt_get_dirty_bitmap, iommu_hwpt_get_dirty_bitmap, data);

	NUM(IOPT_UAPI_HWPT_INVALIDATE_DATA_VTD_S1, IOMMU_HWPT_INVALIDATE_DATA_VTD_S1);
	SIZE(iopt_uapi_hwpt_invalidate, iommu_hwpt_invalidate);
	FIELD(iopt_uapi_hwpt_invalidate, iommu_hwpt_invalidate, size);
	FIELD(iopt_uapi_hwpt_invalidate, iommu_hwpt_invalidate, hwpt_id);
	FIELD(iopt_uapi_hwpt_invalidate, iommu_hwpt_invalidate, data_uptr);
	FIELD(iopt_uapi_hwpt_invalidate, iommu_hwpt_invalidate, data_type);
	FIELD(iopt_uapi_hwpt_invalidate, iommu_hwpt_invalidate, entry_len);
	FIELD(iopt_uapi_hwpt_invalidate, iommu_hwpt_invalidate, entry_num);
	RSVD(iopt_uapi_hwpt_invalidate, iommu_hwpt_invalidate);

	NUM(IOPT_UAPI_VTD_INV_FLAGS_LEAF, IOMMU_VTD_INV_FLAGS_LEAF);
	SIZE(iopt_uapi_hwpt_vtd_s1_invalidate, iommu_hwpt_vtd_s1_invalidate);
	FIELD(iopt_uapi_hwpt_vtd_s1_invalidate, iommu_hwpt_vtd_s1_invalidate, addr);
	FIELD(iopt_uapi_hwpt_vtd_s1_invalidate, iommu_hwpt_vtd_s1_invalidate, npages);
	FIELD(iopt_uapi_hwpt_vtd_s1_invalidate, iommu_hwpt_vtd_s1_invalidate, flags);
	RSVD(iopt_uapi_hwpt_vtd_s1_invalidate, iommu_hwpt_vtd_s1_invalidate);

	SIZE(iopt_uapi_fault_alloc, iommu_fault_alloc);
	FIELD(iopt_uapi_fault_alloc, iommu_fault_alloc, size);
	FIELD(iopt_uapi_fault_alloc, iommu_fault_alloc, flags);
	FIELD(iopt_uapi_fault_alloc, iommu_fault_alloc, out_fault_id);
	FIELD(iopt_uapi_fault_alloc, iommu_fault_alloc, out_fault_fd);

	NUM(IOPT_UAPI_PGFAULT_FLAGS_PASID_VALID, IOMMU_PGFAULT_FLAGS_PASID_VALID);
	NUM(IOPT_UAPI_PGFAULT_FLAGS_LAST_PAGE, IOMMU_PGFAULT_FLAGS_LAST_PAGE);
	NUM(IOPT_UAPI_PGFAULT_PERM_READ, IOMMU_PGFAULT_PERM_READ);
	NUM(IOPT_UAPI_PGFAULT_PERM_WRITE, IOMMU_PGFAULT_PERM_WRITE);
	NUM(IOPT_UAPI_PGFAULT_PERM_EXEC, IOMMU_PGFAULT_PERM_EXEC);
	NUM(IOPT_UAPI_PGFAULT_PERM_PRIV, IOMMU_PGFAULT_PERM_PRIV);
	SIZE(iopt_uapi_hwpt_pgfault, iommu_hwpt_pgfault);
	FIELD(iopt_uapi_hwpt_pgfault, iommu_hwpt_pgfault, flags);
	FIELD(iopt_uapi_hwpt_pgfault, iommu_hwpt_pgfault, dev_id);
	FIELD(iopt_uapi_hwpt_pgfault, iommu_hwpt_pgfault, pasid);
	FIELD(iopt_uapi_hwpt_pgfault, iommu_hwpt_pgfault, grpid);
	FIELD(iopt_uapi_hwpt_pgfault, iommu_hwpt_pgfault, perm);
	RSVD(iopt_uapi_hwpt_pgfault, iommu_hwpt_pgfault);
	FIELD(iopt_uapi_hwpt_pgfault, iommu_hwpt_pgfault, addr);
	FIELD(iopt_uapi_hwpt_pgfault, iommu_hwpt_pgfault, length);
	FIELD(iopt_uapi_hwpt_pgfault, iommu_hwpt_pgfault, cookie);

	NUM(IOPT_UAPI_PAGE_RESP_SUCCESS, IOMMUFD_PAGE_RESP_SUCCESS);
	NUM(IOPT_UAPI_PAGE_RESP_INVALID, IOMMUFD_PAGE_RESP_INVALID);
	SIZE(iopt_uapi_hwpt_page_response, iommu_hwpt_page_response);
	FIELD(iopt_uapi_hwpt_page_response, iommu_hwpt_page_response, cookie);
	FIELD(iopt_uapi_hwpt_page_response, iommu_hwpt_page_response, code);
}

#define TFIELD(f) FIELD(iopt_uapi_test_cmd, iommu_test_cmd, f)

static void check_test_cmd(void)
{
	NUM(IOPT_UAPI_TEST_OP_ADD_RESERVED, IOMMU_TEST_OP_ADD_RESERVED);
	NUM(IOPT_UAPI_TEST_OP_MOCK_DOMAIN, IOMMU_TEST_OP_MOCK_DOMAIN);
	NUM(IOPT_UAPI_TEST_OP_MD_CHECK_MAP, IOMMU_TEST_OP_MD_CHECK_MAP);
	NUM(IOPT_UAPI_TEST_OP_MD_CHECK_REFS, IOMMU_TEST_OP_MD_CHECK_REFS);
	NUM(IOPT_UAPI_TEST_OP_CREATE_ACCESS, IOMMU_TEST_OP_CREATE_ACCESS);
	NUM(IOPT_UAPI_TEST_OP_DESTROY_ACCESS_PAGES, IOMMU_TEST_OP_DESTROY_ACCESS_PAGES);
	NUM(IOPT_UAPI_TEST_OP_ACCESS_PAGES, IOMMU_TEST_OP_ACCESS_PAGES);
	NUM(IOPT_UAPI_TEST_OP_ACCESS_RW, IOMMU_TEST_OP_ACCESS_RW);
	NUM(IOPT_UAPI_TEST_OP_SET_TEMP_MEMORY_LIMIT, IOMMU_TEST_OP_SET_TEMP_MEMORY_LIMIT);
	NUM(IOPT_UAPI_TEST_OP_MOCK_DOMAIN_REPLACE, IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE);
	NUM(IOPT_UAPI_TEST_OP_ACCESS_REPLACE_IOAS, IOMMU_TEST_OP_ACCESS_REPLACE_IOAS);
	NUM(IOPT_UAPI_TEST_OP_MOCK_DOMAIN_FLAGS, IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS);
	NUM(IOPT_UAPI_TEST_OP_DIRTY, IOMMU_TEST_OP_DIRTY);
	NUM(IOPT_UAPI_TEST_OP_MD_CHECK_IOTLB, IOMMU_TEST_OP_MD_CHECK_IOTLB);
	NUM(IOPT_UAPI_TEST_OP_TRIGGER_IOPF, IOMMU_TEST_OP_TRIGGER_IOPF);

	NUM(IOPT_UAPI_MOCK_APERTURE_START, MOCK_APERTURE_START);
	NUM(IOPT_UAPI_MOCK_APERTURE_LAST, MOCK_APERTURE_LAST);
	NUM(IOPT_UAPI_MOCK_FLAGS_ACCESS_WRITE, MOCK_FLAGS_ACCESS_WRITE);
	NUM(IOPT_UAPI_MOCK_FLAGS_ACCESS_SYZ, MOCK_FLAGS_ACCESS_SYZ);
	NUM(IOPT_UAPI_MOCK_ACCESS_RW_WRITE, MOCK_ACCESS_RW_WRITE);
	NUM(IOPT_UAPI_MOCK_ACCESS_RW_SLOW_PATH, MOCK_ACCESS_RW_SLOW_PATH);
	NUM(IOPT_UAPI_MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES,
	    MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES);
	NUM(IOPT_UAPI_MOCK_FLAGS_DEVICE_NO_DIRTY, MOCK_FLAGS_DEVICE_NO_DIRTY);
	NUM(IOPT_UAPI_MOCK_FLAGS_DEVICE_HUGE_IOVA, MOCK_FLAGS_DEVICE_HUGE_IOVA);
	NUM(IOPT_UAPI_MOCK_NESTED_DOMAIN_IOTLB_ID_MAX, MOCK_NESTED_DOMAIN_IOTLB_ID_MAX);
	NUM(IOPT_UAPI_MOCK_NESTED_DOMAIN_IOTLB_NUM, MOCK_NESTED_DOMAIN_IOTLB_NUM);
	NUM(IOPT_UAPI_HW_INFO_TYPE_SELFTEST, IOMMU_HW_INFO_TYPE_SELFTEST);
	NUM(IOPT_UAPI_HW_INFO_SELFTEST_REGVAL, IOMMU_HW_INFO_SELFTEST_REGVAL);
	NUM(IOPT_UAPI_HWPT_DATA_SELFTEST, IOMMU_HWPT_DATA_SELFTEST);
	NUM(IOPT_UAPI_TEST_IOTLB_DEFAULT, IOMMU_TEST_IOTLB_DEFAULT);
	NUM(IOPT_UAPI_HWPT_INVALIDATE_DATA_SELFTEST, IOMMU_HWPT_INVALIDATE_DATA_SELFTEST);
	NUM(IOPT_UAPI_HWPT_INVALIDATE_DATA_SELFTEST_INVALID,
	    IOMMU_HWPT_INVALIDATE_DATA_SELFTEST_INVALID);
	NUM(IOPT_UAPI_TEST_INVALIDATE_FLAG_ALL, IOMMU_TEST_INVALIDATE_FLAG_ALL);

	SIZE(iopt_uapi_test_hw_info, iommu_test_hw_info);
	FIELD(iopt_uapi_test_hw_info, iommu_test_hw_info, flags);
	FIELD(iopt_uapi_test_hw_info, iommu_test_hw_info, test_reg);
	SIZE(iopt_uapi_hwpt_selftest, iommu_hwpt_selftest);
	FIELD(iopt_uapi_hwpt_selftest, iommu_hwpt_selftest, iotlb);
	SIZE(iopt_uapi_hwpt_invalidate_selftest, iommu_hwpt_invalidate_selftest);
	FIELD(iopt_uapi_hwpt_invalidate_selftest, iommu_hwpt_invalidate_selftest, flags);
	FIELD(iopt_uapi_hwpt_invalidate_selftest, iommu_hwpt_invalidate_selftest, iotlb_id);

	SIZE(iopt_uapi_test_cmd, iommu_test_cmd);
	TFIELD(size);
	TFIELD(op);
	TFIELD(id);
	RSVD(iopt_uapi_test_cmd, iommu_test_cmd);
	TFIELD(add_reserved.start);
	TFIELD(add_reserved.length);
	TFIELD(mock_domain.out_stdev_id);
	TFIELD(mock_domain.out_hwpt_id);
	TFIELD(mock_domain.out_idev_id);
	TFIELD(mock_domain_flags.out_stdev_id);
	TFIELD(mock_domain_flags.out_hwpt_id);
	TFIELD(mock_domain_flags.out_idev_id);
	TFIELD(mock_domain_flags.dev_flags);
	TFIELD(mock_domain_replace.pt_id);
	TFIELD(check_map.iova);
	TFIELD(check_map.length);
	TFIELD(check_map.uptr);
	TFIELD(check_refs.length);
	TFIELD(check_refs.uptr);
	TFIELD(check_refs.refs);
	TFIELD(create_access.out_access_fd);
	TFIELD(create_access.flags);
	TFIELD(destroy_access_pages.access_pages_id);
	TFIELD(access_pages.flags);
	TFIELD(access_pages.out_access_pages_id);
	TFIELD(access_pages.iova);
	TFIELD(access_pages.length);
	TFIELD(access_pages.uptr);
	TFIELD(access_rw.iova);
	TFIELD(access_rw.length);
	TFIELD(access_rw.uptr);
	TFIELD(access_rw.flags);
	TFIELD(memory_limit.limit);
	TFIELD(access_replace_ioas.ioas_id);
	TFIELD(dirty.flags);
	TFIELD(dirty.iova);
	TFIELD(dirty.length);
	TFIELD(dirty.page_size);
	TFIELD(dirty.uptr);
	TFIELD(dirty.out_nr_dirty);
	TFIELD(check_iotlb.id);
	TFIELD(check_iotlb.iotlb);
	TFIELD(trigger_iopf.dev_id);
	TFIELD(trigger_iopf.pasid);
	TFIELD(trigger_iopf.grpid);
	TFIELD(trigger_iopf.perm);
	TFIELD(trigger_iopf.addr);
	TFIELD(last);
	NUM(IOPT_UAPI_TEST_CMD_MIN_SIZE, offsetof(struct iommu_test_cmd, last) + 4);
}

static void check_vfio(void)
{
	NUM(IOPT_UAPI_VFIO_TYPE, VFIO_TYPE);
	NUM(IOPT_UAPI_VFIO_BASE, VFIO_BASE);
	NUM(IOPT_UAPI_VFIO_GET_API_VERSION, VFIO_GET_API_VERSION);
	NUM(IOPT_UAPI_VFIO_CHECK_EXTENSION, VFIO_CHECK_EXTENSION);
	NUM(IOPT_UAPI_VFIO_SET_IOMMU, VFIO_SET_IOMMU);
	NUM(IOPT_UAPI_VFIO_DEVICE_GET_INFO, VFIO_DEVICE_GET_INFO);
	NUM(IOPT_UAPI_VFIO_DEVICE_GET_REGION_INFO, VFIO_DEVICE_GET_REGION_INFO);
	NUM(IOPT_UAPI_VFIO_DEVICE_RESET, VFIO_DEVICE_RESET);
	NUM(IOPT_UAPI_VFIO_IOMMU_GET_INFO, VFIO_IOMMU_GET_INFO);
	NUM(IOPT_UAPI_VFIO_IOMMU_MAP_DMA, VFIO_IOMMU_MAP_DMA);
	NUM(IOPT_UAPI_VFIO_IOMMU_UNMAP_DMA, VFIO_IOMMU_UNMAP_DMA);
	NUM(IOPT_UAPI_VFIO_DEVICE_BIND_IOMMUFD, VFIO_DEVICE_BIND_IOMMUFD);
	NUM(IOPT_UAPI_VFIO_DEVICE_ATTACH_IOMMUFD_PT, VFIO_DEVICE_ATTACH_IOMMUFD_PT);
	NUM(IOPT_UAPI_VFIO_DEVICE_DETACH_IOMMUFD_PT, VFIO_DEVICE_DETACH_IOMMUFD_PT);
	NUM(IOPT_UAPI_VFIO_API_VERSION, VFIO_API_VERSION);
	NUM(IOPT_UAPI_VFIO_TYPE1_IOMMU, VFIO_TYPE1_IOMMU);
	NUM(IOPT_UAPI_VFIO_TYPE1v2_IOMMU, VFIO_TYPE1v2_IOMMU);
	NUM(IOPT_UAPI_VFIO_DMA_CC_IOMMU, VFIO_DMA_CC_IOMMU);
	NUM(IOPT_UAPI_VFIO_UNMAP_ALL, VFIO_UNMAP_ALL);

	SIZE(iopt_uapi_vfio_device_bind_iommufd, vfio_device_bind_iommufd);
	FIELD(iopt_uapi_vfio_device_bind_iommufd, vfio_device_bind_iommufd, argsz);
	FIELD(iopt_uapi_vfio_device_bind_iommufd, vfio_device_bind_iommufd, flags);
	FIELD(iopt_uapi_vfio_device_bind_iommufd, vfio_device_bind_iommufd, iommufd);
	FIELD(iopt_uapi_vfio_device_bind_iommufd, vfio_device_bind_iommufd, out_devid);
	SIZE(iopt_uapi_vfio_device_attach_iommufd_pt, vfio_device_attach_iommufd_pt);
	FIELD(iopt_uapi_vfio_device_attach_iommufd_pt, vfio_device_attach_iommufd_pt, argsz);
	FIELD(iopt_uapi_vfio_device_attach_iommufd_pt, vfio_device_attach_iommufd_pt, flags);
	FIELD(iopt_uapi_vfio_device_attach_iommufd_pt, vfio_device_attach_iommufd_pt, pt_id);
	SIZE(iopt_uapi_vfio_device_detach_iommufd_pt, vfio_device_detach_iommufd_pt);
	FIELD(iopt_uapi_vfio_device_detach_iommufd_pt, vfio_device_detach_iommufd_pt, argsz);
	FIELD(iopt_uapi_vfio_device_detach_iommufd_pt, vfio_device_detach_iommufd_pt, flags);

	NUM(IOPT_UAPI_VFIO_DEVICE_FLAGS_RESET, VFIO_DEVICE_FLAGS_RESET);
	NUM(IOPT_UAPI_VFIO_DEVICE_FLAGS_PCI, VFIO_DEVICE_FLAGS_PCI);
	SIZE(iopt_uapi_vfio_device_info, vfio_device_info);
	FIELD(iopt_uapi_vfio_device_info, vfio_device_info, argsz);
	FIELD(iopt_uapi_vfio_device_info, vfio_device_info, flags);
	FIELD(iopt_uapi_vfio_device_info, vfio_device_info, num_regions);
	FIELD(iopt_uapi_vfio_device_info, vfio_device_info, num_irqs);
	FIELD(iopt_uapi_vfio_device_info, vfio_device_info, cap_offset);
	FIELD(iopt_uapi_vfio_device_info, vfio_device_info, pad);

	NUM(IOPT_UAPI_VFIO_REGION_INFO_FLAG_READ, VFIO_REGION_INFO_FLAG_READ);
	NUM(IOPT_UAPI_VFIO_REGION_INFO_FLAG_WRITE, VFIO_REGION_INFO_FLAG_WRITE);
	NUM(IOPT_UAPI_VFIO_REGION_INFO_FLAG_MMAP, VFIO_REGION_INFO_FLAG_MMAP);
	NUM(IOPT_UAPI_VFIO_REGION_INFO_FLAG_CAPS, VFIO_REGION_INFO_FLAG_CAPS);
	SIZE(iopt_uapi_vfio_region_info, vfio_region_info);
	FIELD(iopt_uapi_vfio_region_info, vfio_region_info, argsz);
	FIELD(iopt_uapi_vfio_region_info, vfio_region_info, flags);
	FIELD(iopt_uapi_vfio_region_info, vfio_region_info, index);
	FIELD(iopt_uapi_vfio_region_info, vfio_region_info, cap_offset);
	FIELD(iopt_uapi_vfio_region_info, vfio_region_info, size);
	FIELD(iopt_uapi_vfio_region_info, vfio_region_info, offset);

	NUM(IOPT_UAPI_VFIO_PCI_BAR0_REGION_INDEX, VFIO_PCI_BAR0_REGION_INDEX);
	NUM(IOPT_UAPI_VFIO_PCI_BAR5_REGION_INDEX, VFIO_PCI_BAR5_REGION_INDEX);
	NUM(IOPT_UAPI_VFIO_PCI_ROM_REGION_INDEX, VFIO_PCI_ROM_REGION_INDEX);
	NUM(IOPT_UAPI_VFIO_PCI_CONFIG_REGION_INDEX, VFIO_PCI_CONFIG_REGION_INDEX);
	NUM(IOPT_UAPI_VFIO_PCI_VGA_REGION_INDEX, VFIO_PCI_VGA_REGION_INDEX);
	NUM(IOPT_UAPI_VFIO_PCI_NUM_REGIONS, VFIO_PCI_NUM_REGIONS);

	NUM(IOPT_UAPI_VFIO_DMA_MAP_FLAG_READ, VFIO_DMA_MAP_FLAG_READ);
	NUM(IOPT_UAPI_VFIO_DMA_MAP_FLAG_WRITE, VFIO_DMA_MAP_FLAG_WRITE);
	NUM(IOPT_UAPI_VFIO_DMA_UNMAP_FLAG_ALL, VFIO_DMA_UNMAP_FLAG_ALL);
	SIZE(iopt_uapi_vfio_iommu_type1_info, vfio_iommu_type1_info);
	FIELD(iopt_uapi_vfio_iommu_type1_info, vfio_iommu_type1_info, argsz);
	FIELD(iopt_uapi_vfio_iommu_type1_info, vfio_iommu_type1_info, flags);
	FIELD(iopt_uapi_vfio_iommu_type1_info, vfio_iommu_type1_info, iova_pgsizes);
	FIELD(iopt_uapi_vfio_iommu_type1_info, vfio_iommu_type1_info, cap_offset);
	FIELD(iopt_uapi_vfio_iommu_type1_info, vfio_iommu_type1_info, pad);
	SIZE(iopt_uapi_vfio_iommu_type1_dma_map, vfio_iommu_type1_dma_map);
	FIELD(iopt_uapi_vfio_iommu_type1_dma_map, vfio_iommu_type1_dma_map, argsz);
	FIELD(iopt_uapi_vfio_iommu_type1_dma_map, vfio_iommu_type1_dma_map, flags);
	FIELD(iopt_uapi_vfio_iommu_type1_dma_map, vfio_iommu_type1_dma_map, vaddr);
	FIELD(iopt_uapi_vfio_iommu_type1_dma_map, vfio_iommu_type1_dma_map, iova);
	FIELD(iopt_uapi_vfio_iommu_type1_dma_map, vfio_iommu_type1_dma_map, size);
	SIZE(iopt_uapi_vfio_iommu_type1_dma_unmap, vfio_iommu_type1_dma_unmap);
	FIELD(iopt_uapi_vfio_iommu_type1_dma_unmap, vfio_iommu_type1_dma_unmap, argsz);
	FIELD(iopt_uapi_vfio_iommu_type1_dma_unmap, vfio_iommu_type1_dma_unmap, flags);
	FIELD(iopt_uapi_vfio_iommu_type1_dma_unmap, vfio_iommu_type1_dma_unmap, iova);
	FIELD(iopt_uapi_vfio_iommu_type1_dma_unmap, vfio_iommu_type1_dma_unmap, size);

	NUM(IOPT_UAPI_PCI_VENDOR_ID, PCI_VENDOR_ID);
	NUM(IOPT_UAPI_PCI_DEVICE_ID, PCI_DEVICE_ID);
	NUM(IOPT_UAPI_PCI_COMMAND, PCI_COMMAND);
	NUM(IOPT_UAPI_PCI_COMMAND_IO, PCI_COMMAND_IO);
	NUM(IOPT_UAPI_PCI_COMMAND_MEMORY, PCI_COMMAND_MEMORY);
	NUM(IOPT_UAPI_PCI_COMMAND_MASTER, PCI_COMMAND_MASTER);
}

int main(void)
{
	check_iommufd();
	check_test_cmd();
	check_vfio();
	printf("uapi-check: kernel headers %d.%d.%d: %u checks, %u mismatches\n",
	       LINUX_VERSION_CODE >> 16, (LINUX_VERSION_CODE >> 8) & 0xff,
	       LINUX_VERSION_CODE & 0xff, checks, failures);
	return failures ? 1 : 0;
}
