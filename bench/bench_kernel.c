// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Runs as /init of the kernel VM (make bench-kernel): the cost of a 4 KiB
 * map + unmap pair through libiopt's kernel backend, next to the same two
 * ioctls issued directly on the same iommufd in the same boot. TCG timing
 * drifts a lot, so short batches alternate and each libiopt batch is
 * compared with the raw batch just before it; the median ratio is printed.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "backend/uapi.h"
#include "guest.h"
#include "bench.h"
#include "libiopt.h"

#define PAIRS 200
#define ROUNDS 101
#define PAGE 4096u
#define IOVA 0x100000ull

static double raw_round(int fd, uint32_t ioas_id, void *buf)
{
	struct iopt_uapi_ioas_map map = {
		.size = sizeof(map), .ioas_id = ioas_id, .user_va = (uintptr_t)buf,
		.length = PAGE, .flags = IOPT_UAPI_IOAS_MAP_FIXED_IOVA |
		IOPT_UAPI_IOAS_MAP_READABLE | IOPT_UAPI_IOAS_MAP_WRITEABLE,
	};
	struct iopt_uapi_ioas_unmap unmap = { .size = sizeof(unmap), .ioas_id = ioas_id };
	double t0 = now_ns();

	for (int i = 0; i < PAIRS; i++) {
		map.iova = IOVA;
		unmap.iova = IOVA;
		unmap.length = PAGE;
		if (ioctl(fd, IOPT_UAPI_IOMMU_IOAS_MAP, &map) ||
		    ioctl(fd, IOPT_UAPI_IOMMU_IOAS_UNMAP, &unmap))
			return -1;
	}
	return (now_ns() - t0) / PAIRS;
}

static double lib_round(struct iopt_ioas *ioas, void *buf)
{
	double t0 = now_ns();

	for (int i = 0; i < PAIRS; i++) {
		uint64_t iova = IOVA;

		if (iopt_ioas_map(ioas, buf, PAGE, &iova, IOPT_MAP_FIXED_IOVA |
				  IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE) ||
		    iopt_ioas_unmap(ioas, IOVA, PAGE, NULL))
			return -1;
	}
	return (now_ns() - t0) / PAIRS;
}

int main(void)
{
	struct iopt_ctx_opts opts = { .size = sizeof(opts), .backend = IOPT_BACKEND_KERNEL };
	struct iopt_uapi_ioas_alloc alloc = { .size = sizeof(alloc) };
	double raw[ROUNDS], lib[ROUNDS], ratio[ROUNDS], mock[ROUNDS];
	struct iopt_ioas *ioas, *mock_ioas;
	struct iopt_ctx *ctx, *mock_ctx;
	void *buf;
	int fd;

	iopt_guest_init();
	buf = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fd = open("/dev/iommu", O_RDWR);
	if (buf == MAP_FAILED || fd < 0 || ioctl(fd, IOPT_UAPI_IOMMU_IOAS_ALLOC, &alloc) ||
	    iopt_ctx_new(&opts, &ctx) || iopt_ioas_new(ctx, NULL, &ioas) ||
	    iopt_ctx_new(NULL, &mock_ctx) || iopt_ioas_new(mock_ctx, NULL, &mock_ioas)) {
		iopt_guest_fail("bench.setup", "%s", iopt_last_error());
		iopt_guest_finish();
	}
	/* Warm both paths up once. */
	raw_round(fd, alloc.out_ioas_id, buf);
	lib_round(ioas, buf);
	for (int r = 0; r < ROUNDS; r++) {
		raw[r] = raw_round(fd, alloc.out_ioas_id, buf);
		lib[r] = lib_round(ioas, buf);
		if (raw[r] < 0 || lib[r] < 0) {
			iopt_guest_fail("bench.run", "a map or unmap failed");
			iopt_guest_finish();
		}
		ratio[r] = lib[r] / raw[r];
		/* libiopt's own bookkeeping, without the kernel: the mock. */
		mock[r] = lib_round(mock_ioas, buf);
	}
	median(ratio, ROUNDS); /* sorted: quartiles too */
	median(raw, ROUNDS);
	median(lib, ROUNDS);
	median(mock, ROUNDS);
	iopt_guest_info("4 KiB map+unmap pair, %d alternating batches of %d pairs (TCG guest):",
			ROUNDS, PAIRS);
	iopt_guest_info("  median raw ioctls %.0f ns, median libiopt %.0f ns", raw[ROUNDS / 2],
			lib[ROUNDS / 2]);
	iopt_guest_info("  libiopt / raw, median of batch pairs: %.3fx (quartiles %.3fx - %.3fx)",
			ratio[ROUNDS / 2], ratio[ROUNDS / 4], ratio[3 * ROUNDS / 4]);
	iopt_guest_info("  for scale: the same pair on the mock backend (no kernel) %.0f ns",
			mock[ROUNDS / 2]);
	iopt_guest_pass("bench.ran");
	iopt_guest_finish();
}
