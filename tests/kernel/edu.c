// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "backend/uapi.h"
#include "edu.h"

#define EDU_ID 0x00
#define EDU_DMA_SRC 0x80
#define EDU_DMA_DST 0x88
#define EDU_DMA_CNT 0x90
#define EDU_DMA_CMD 0x98
#define EDU_DMA_START 0x1
#define EDU_DMA_TO_RAM 0x2

static int region_info(int fd, uint32_t index, struct iopt_uapi_vfio_region_info *ri)
{
	memset(ri, 0, sizeof(*ri));
	ri->argsz = sizeof(*ri);
	ri->index = index;
	return ioctl(fd, IOPT_UAPI_VFIO_DEVICE_GET_REGION_INFO, ri) ? -errno : 0;
}

int edu_open(struct edu *edu, int vfio_fd)
{
	struct iopt_uapi_vfio_region_info ri;
	uint16_t cmd;
	void *map;
	int ret;

	memset(edu, 0, sizeof(*edu));
	edu->fd = vfio_fd;
	ret = region_info(vfio_fd, IOPT_UAPI_VFIO_PCI_CONFIG_REGION_INDEX, &ri);
	if (ret)
		return ret;
	if (pread(vfio_fd, &cmd, 2, ri.offset + IOPT_UAPI_PCI_COMMAND) != 2)
		return -errno;
	cmd |= IOPT_UAPI_PCI_COMMAND_MEMORY | IOPT_UAPI_PCI_COMMAND_MASTER;
	if (pwrite(vfio_fd, &cmd, 2, ri.offset + IOPT_UAPI_PCI_COMMAND) != 2)
		return -errno;
	ret = region_info(vfio_fd, IOPT_UAPI_VFIO_PCI_BAR0_REGION_INDEX, &ri);
	if (ret)
		return ret;
	if (!(ri.flags & IOPT_UAPI_VFIO_REGION_INFO_FLAG_MMAP))
		return -ENOTSUP;
	map = mmap(NULL, ri.size, PROT_READ | PROT_WRITE, MAP_SHARED, vfio_fd, ri.offset);
	if (map == MAP_FAILED)
		return -errno;
	edu->bar0 = map;
	edu->bar0_size = ri.size;
	return 0;
}

void edu_close(struct edu *edu)
{
	if (edu->bar0)
		munmap((void *)edu->bar0, edu->bar0_size);
	edu->bar0 = NULL;
}

uint32_t edu_id(const struct edu *edu)
{
	return *(volatile uint32_t *)(edu->bar0 + EDU_ID);
}

static void wr64(struct edu *edu, unsigned off, uint64_t v)
{
	*(volatile uint64_t *)(edu->bar0 + off) = v;
}

static uint64_t rd64(struct edu *edu, unsigned off)
{
	return *(volatile uint64_t *)(edu->bar0 + off);
}

int edu_dma(struct edu *edu, uint64_t src, uint64_t dst, uint64_t count, int to_ram)
{
	wr64(edu, EDU_DMA_SRC, src);
	wr64(edu, EDU_DMA_DST, dst);
	wr64(edu, EDU_DMA_CNT, count);
	wr64(edu, EDU_DMA_CMD, EDU_DMA_START | (to_ram ? EDU_DMA_TO_RAM : 0));
	for (int i = 0; i < 5000; i++) {
		struct timespec ts = { 0, 1000 * 1000 };

		if (!(rd64(edu, EDU_DMA_CMD) & EDU_DMA_START))
			return 0;
		nanosleep(&ts, NULL);
	}
	return -ETIMEDOUT;
}
