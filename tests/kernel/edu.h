/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Driving qemu's "edu" PCI device through its VFIO cdev: bus mastering on,
 * BAR0 mapped, and its DMA engine moving bytes between RAM (by IOVA) and
 * the device's own buffer. Used by the guest-side device tests.
 */
#ifndef IOPT_KERNEL_EDU_H
#define IOPT_KERNEL_EDU_H

#include <stddef.h>
#include <stdint.h>

/* The device's buffer, as a DMA address on the device side. */
#define EDU_BUF 0x40000
/* qemu 7.2's edu refuses a full 4096-byte transfer: stay at or below. */
#define EDU_MAX_DMA 2048

struct edu {
	int fd; /* the VFIO cdev, bound to an iommufd by the caller */
	volatile uint8_t *bar0;
	size_t bar0_size;
};

/* Enables bus mastering and maps BAR0 of a bound cdev. 0 or -errno. */
int edu_open(struct edu *edu, int vfio_fd);
void edu_close(struct edu *edu);
/* The identification register (low byte 0xed on a real edu). */
uint32_t edu_id(const struct edu *edu);
/* Runs one DMA: RAM IOVA src to the device buffer, or with to_ram the
 * device buffer to RAM IOVA dst. Returns 0 once the engine is idle again
 * (also when the IOMMU blocked the transfer), -ETIMEDOUT otherwise. */
int edu_dma(struct edu *edu, uint64_t src, uint64_t dst, uint64_t count, int to_ram);

#endif
