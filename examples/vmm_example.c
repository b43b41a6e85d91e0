// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vmm_example: what a virtual machine monitor (VMM) does with libiopt.
 *
 * A VMM gives its guest some RAM (here: 64 MiB of anonymous memory) and
 * lets the guest's devices reach that RAM by DMA. A device does not see the
 * VMM's virtual addresses: it sees IO virtual addresses (IOVA), which for a
 * passthrough device are the guest-physical addresses (GPA). An IO address
 * space (IOAS) is the table that says "IOVA X is VMM memory at Y".
 *
 * This program plays the VMM: it builds the guest memory map, maps it into
 * an IOAS at the guest-physical addresses, gives a second device its own
 * copy of that address space, looks addresses up, and tears it all down,
 * printing what it does. Run it with `make run-example`.
 *
 *   vmm_example                      use the in-process mock backend
 *   vmm_example --kernel [DEVICE]    use the kernel backend (/dev/iommu)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <libiopt.h>

#define KiB (UINT64_C(1) << 10)
#define MiB (UINT64_C(1) << 20)
#define GiB (UINT64_C(1) << 30)

/* One piece of guest RAM: where the guest sees it, where the VMM keeps it. */
struct ram_region {
	const char *name;
	uint64_t gpa;		/* guest-physical address = IOVA */
	uint64_t size;
	uint64_t host_offset;	/* offset into the VMM's guest RAM buffer */
};

/*
 * A small PC-like memory map: RAM below 640 KiB, the legacy VGA/BIOS hole,
 * RAM from 1 MiB up, the PCI hole (device MMIO) up to 4 GiB, and the rest of
 * the RAM above 4 GiB.
 */
#define GUEST_RAM_SIZE (64 * MiB)
static const struct ram_region guest_map[] = {
	{ "low RAM",  0,          640 * KiB, 0 },
	{ "RAM",      1 * MiB,    31 * MiB,  1 * MiB },
	{ "high RAM", 4 * GiB,    32 * MiB,  32 * MiB },
};
#define NR_REGIONS (sizeof(guest_map) / sizeof(guest_map[0]))

/* x86's MSI doorbell window: a device write there is an interrupt, not DMA. */
#define MSI_START UINT64_C(0xfee00000)
#define MSI_SIZE  (1 * MiB)

/* Where the VMM wants its own (non-guest) DMA buffers placed. */
#define VMM_WINDOW_START (8 * GiB)
#define VMM_WINDOW_LAST  (16 * GiB - 1)

#define RW (IOPT_MAP_READABLE | IOPT_MAP_WRITEABLE)

static int step_no;

static void step(const char *what)
{
	printf("\n== Step %d: %s\n", ++step_no, what);
}

static const char *errno_name(int err)
{
	switch (err < 0 ? -err : err) {
	case EINVAL: return "EINVAL";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case EOVERFLOW: return "EOVERFLOW";
	case ENOSPC: return "ENOSPC";
	case EADDRINUSE: return "EADDRINUSE";
	case EBUSY: return "EBUSY";
	case EPERM: return "EPERM";
	case EFAULT: return "EFAULT";
	case ENOMEM: return "ENOMEM";
	case E2BIG: return "E2BIG";
	case EMSGSIZE: return "EMSGSIZE";
	case EACCES: return "EACCES";
	default: return "errno";
	}
}

/* Every libiopt call returns 0 or a negative errno; on failure the calling
 * thread's iopt_last_error() says more. */
static void die(const char *call, int rc)
{
	fprintf(stderr, "vmm_example: %s failed: -%s (%s): %s\n", call,
		errno_name(rc), iopt_strerror(rc), iopt_last_error());
	exit(1);
}

/* A call that must fail with a given errno: anything else is a bug. */
static void expect_error(const char *what, int rc, int want)
{
	if (rc == want) {
		printf("  %s: -%s, as expected: %s\n", what, errno_name(rc),
		       iopt_last_error());
		return;
	}
	fprintf(stderr, "vmm_example: %s: expected -%s, got %d (%s)\n", what,
		errno_name(want), rc, rc ? iopt_strerror(rc) : "success");
	exit(1);
}

#define CHECK(call)                              \
	do {                                     \
		int rc_ = (call);                \
		if (rc_ != 0)                    \
			die(#call, rc_);         \
	} while (0)

static void print_range(uint64_t first, uint64_t last)
{
	printf("[0x%012" PRIx64 " - 0x%012" PRIx64 "]", first, last);
}

static int print_area(const struct iopt_area_info *info, void *arg)
{
	unsigned *count = arg;

	printf("    area ");
	print_range(info->iova, info->iova + info->length - 1);
	printf(" %8" PRIu64 " KiB  %s%s  host 0x%" PRIx64 "\n",
	       info->length / KiB,
	       info->flags & IOPT_MAP_READABLE ? "r" : "-",
	       info->flags & IOPT_MAP_WRITEABLE ? "w" : "-", info->user_va);
	(*count)++;
	return 0;
}

static unsigned list_areas(const char *name, struct iopt_ioas *ioas)
{
	unsigned count = 0;

	printf("  %s:\n", name);
	/* (0, UINT64_MAX) means the whole IOVA space. */
	CHECK(iopt_ioas_area_foreach(ioas, 0, UINT64_MAX, print_area, &count));
	if (!count)
		printf("    (no areas)\n");
	return count;
}

static void show_iova_ranges(struct iopt_ioas *ioas)
{
	struct iopt_iova_range *ranges;
	uint64_t alignment = 0;
	uint32_t num = 0;
	int rc;

	/* Ask for the count first: with too small an array the call fails
	 * with -EMSGSIZE and reports how many ranges there are. */
	rc = iopt_ioas_iova_ranges(ioas, NULL, &num, &alignment);
	if (rc != 0 && rc != -EMSGSIZE)
		die("iopt_ioas_iova_ranges(count)", rc);
	ranges = calloc(num ? num : 1, sizeof(*ranges));
	if (!ranges) {
		perror("calloc");
		exit(1);
	}
	CHECK(iopt_ioas_iova_ranges(ioas, ranges, &num, &alignment));
	printf("  %" PRIu32 " usable IOVA range(s), alignment %" PRIu64 " byte(s):\n",
	       num, alignment);
	for (uint32_t i = 0; i < num; i++) {
		printf("    ");
		print_range(ranges[i].start, ranges[i].last);
		printf("\n");
	}
	free(ranges);
}

static void usage(const char *prog)
{
	printf("usage: %s [--kernel [IOMMUFD_DEVICE]]\n"
	       "  Plays a VMM: maps 64 MiB of guest RAM into IO address spaces.\n"
	       "  Default: the in-process mock backend (no privileges needed).\n"
	       "  --kernel: the kernel's iommufd (default device /dev/iommu).\n",
	       prog);
}

int main(int argc, char **argv)
{
	struct iopt_ctx_opts ctx_opts;
	struct iopt_ctx *ctx = NULL;
	struct iopt_ioas *ioas = NULL, *ioas2 = NULL;
	struct iopt_area_info info;
	uint64_t iova, unmapped;
	unsigned before, after;
	unsigned char *ram, *buf;
	const uint64_t buf_size = 64 * KiB;
	int rc;

	/* Line-buffered, so that output and errors interleave in a pipe too. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(&ctx_opts, 0, sizeof(ctx_opts));
	ctx_opts.size = sizeof(ctx_opts);
	ctx_opts.backend = IOPT_BACKEND_MOCK;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--kernel")) {
			ctx_opts.backend = IOPT_BACKEND_KERNEL;
			if (i + 1 < argc && argv[i + 1][0] != '-')
				ctx_opts.dev_path = argv[++i];
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(argv[0]);
			return 0;
		} else {
			usage(argv[0]);
			return 2;
		}
	}

	printf("libiopt %u.%u.%u (headers %d.%d.%d)\n", iopt_version() / 10000,
	       iopt_version() / 100 % 100, iopt_version() % 100,
	       IOPT_VERSION_MAJOR, IOPT_VERSION_MINOR, IOPT_VERSION_PATCH);

	step("open a context on a backend");
	rc = iopt_ctx_new(&ctx_opts, &ctx);
	if (rc && ctx_opts.backend == IOPT_BACKEND_KERNEL) {
		fprintf(stderr,
			"vmm_example: cannot use the kernel backend: %s\n"
			"It needs a kernel with CONFIG_IOMMUFD (the node /dev/iommu) and\n"
			"read/write access to that node (root, or a group that owns it).\n"
			"Run without --kernel to use the in-process mock backend.\n",
			iopt_last_error());
		return 1;
	}
	if (rc)
		die("iopt_ctx_new", rc);
	if (ctx_opts.backend == IOPT_BACKEND_KERNEL)
		printf("  kernel backend on %s\n",
		       ctx_opts.dev_path ? ctx_opts.dev_path : "/dev/iommu");
	else
		printf("  mock backend: the IO page tables live in this process\n");

	step("allocate 64 MiB of guest RAM");
	/* MAP_NORESERVE: like a VMM, reserve address space; pages appear
	 * when touched. Mapping into an IOAS does not touch them. */
	ram = mmap(NULL, GUEST_RAM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ram == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	printf("  host buffer at %p; the guest sees it as:\n", (void *)ram);
	for (unsigned i = 0; i < NR_REGIONS; i++) {
		printf("    GPA ");
		print_range(guest_map[i].gpa, guest_map[i].gpa + guest_map[i].size - 1);
		printf(" %-8s = host %p\n", guest_map[i].name,
		       (void *)(ram + guest_map[i].host_offset));
	}
	printf("    (0xa0000-0xfffff is the legacy VGA/BIOS hole, 32 MiB-4 GiB the PCI hole)\n");

	step("create the IOAS of device 1 and reserve the MSI window");
	CHECK(iopt_ioas_new(ctx, NULL, &ioas));
	/* On real hardware the kernel reserves this when a device is attached.
	 * The mock has no devices, so the VMM reserves it by hand. */
	rc = iopt_ioas_add_reserved(ioas, MSI_START, MSI_SIZE);
	if (rc == -EOPNOTSUPP)
		printf("  (this backend cannot add reserved ranges: %s)\n",
		       iopt_last_error());
	else if (rc)
		die("iopt_ioas_add_reserved", rc);
	else
		printf("  reserved 0x%" PRIx64 "+1 MiB: nothing can be mapped there\n",
		       MSI_START);
	/* The usable ranges are the holes between reserved ranges; areas and
	 * allowed ranges never change them. */
	show_iova_ranges(ioas);

	step("map guest RAM at fixed IOVAs (IOVA = guest-physical address)");
	for (unsigned i = 0; i < NR_REGIONS; i++) {
		iova = guest_map[i].gpa;
		CHECK(iopt_ioas_map(ioas, ram + guest_map[i].host_offset,
				    guest_map[i].size, &iova,
				    IOPT_MAP_FIXED_IOVA | RW));
		printf("  mapped %-8s at IOVA 0x%" PRIx64 " (%" PRIu64 " KiB)\n",
		       guest_map[i].name, iova, guest_map[i].size / KiB);
	}

	step("map a VMM buffer at an IOVA the library chooses");
	/* Allowed ranges steer automatic placement only: keep the VMM's own
	 * buffers out of guest-physical space. */
	{
		const struct iopt_iova_range window = { VMM_WINDOW_START, VMM_WINDOW_LAST };

		CHECK(iopt_ioas_allow_iovas(ioas, &window, 1));
		printf("  allowed range for automatic placement: ");
		print_range(window.start, window.last);
		printf("\n");
	}
	buf = mmap(NULL, buf_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	iova = 0;	/* read even without IOPT_MAP_FIXED_IOVA: initialise it */
	CHECK(iopt_ioas_map(ioas, buf, buf_size, &iova, IOPT_MAP_READABLE));
	printf("  %" PRIu64 " KiB read-only buffer %p placed at IOVA 0x%" PRIx64 "\n",
	       buf_size / KiB, (void *)buf, iova);

	step("give device 2 its own IOAS with the same guest RAM (copy)");
	/* A copy shares the pages behind the source range: nothing is pinned
	 * or charged twice. Each RAM region is copied on its own; a range
	 * with a gap (the legacy hole) would fail with -ENOENT. */
	CHECK(iopt_ioas_new(ctx, NULL, &ioas2));
	for (unsigned i = 0; i < NR_REGIONS; i++) {
		iova = guest_map[i].gpa;
		CHECK(iopt_ioas_copy(ioas2, &iova, ioas, guest_map[i].gpa,
				     guest_map[i].size, IOPT_MAP_FIXED_IOVA | RW));
		printf("  copied %-8s to device 2 at IOVA 0x%" PRIx64 "\n",
		       guest_map[i].name, iova);
	}
	iova = 0;
	expect_error("copying [0, 2 MiB), across the legacy hole",
		     iopt_ioas_copy(ioas2, &iova, ioas, 0, 2 * MiB,
				    IOPT_MAP_FIXED_IOVA | RW), -ENOENT);

	step("list the areas of both IO address spaces");
	list_areas("device 1", ioas);
	list_areas("device 2", ioas2);

	step("look up an IOVA, as a device's DMA would");
	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	iova = 4 * GiB + 0x1234;
	CHECK(iopt_ioas_area_lookup(ioas2, iova, &info));
	{
		unsigned char *host = (unsigned char *)(uintptr_t)
			(info.user_va + (iova - info.iova));
		unsigned char *expect = ram + 32 * MiB + 0x1234;

		*expect = 0x5a;	/* the guest writes its RAM... */
		printf("  device 2 IOVA 0x%" PRIx64 " is in area ", iova);
		print_range(info.iova, info.iova + info.length - 1);
		printf("\n  -> host %p, the guest's byte there: 0x%02x\n",
		       (void *)host, *host);
		if (host != expect) {
			fprintf(stderr, "vmm_example: lookup gave the wrong address\n");
			return 1;
		}
	}
	expect_error("looking up IOVA 0xc0000000, in the PCI hole",
		     iopt_ioas_area_lookup(ioas, 3 * GiB, &info), -ENOENT);

	step("try an unmap that would split an area: it fails and changes nothing");
	before = list_areas("device 1 before", ioas);
	/* Half of high RAM: the area would have to be split. */
	expect_error("unmap [4 GiB, 4 GiB + 16 MiB), the first half of high RAM",
		     iopt_ioas_unmap(ioas, 4 * GiB, 16 * MiB, &unmapped), -ENOENT);
	/* The kernel's IOAS_UNMAP would remove low RAM and RAM, which lie
	 * wholly inside this range, and only then fail on high RAM.
	 * libiopt checks the whole range first. */
	expect_error("unmap [0, 4 GiB + 16 MiB), whole areas and then half of high RAM",
		     iopt_ioas_unmap(ioas, 0, 4 * GiB + 16 * MiB, &unmapped), -ENOENT);
	after = list_areas("device 1 after", ioas);
	if (after != before) {
		fprintf(stderr, "vmm_example: a failed unmap changed the IOAS\n");
		return 1;
	}
	printf("  %u areas before, %u after: a failed call changes nothing\n",
	       before, after);

	step("unmap for real");
	CHECK(iopt_ioas_unmap(ioas, 1 * MiB, 31 * MiB, &unmapped));
	printf("  device 1: unmapped RAM, %" PRIu64 " KiB\n", unmapped / KiB);
	CHECK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, &unmapped));
	printf("  device 1: unmapped everything else, %" PRIu64 " KiB\n", unmapped / KiB);
	CHECK(iopt_ioas_unmap(ioas2, 0, UINT64_MAX, &unmapped));
	printf("  device 2: unmapped everything, %" PRIu64 " KiB (its copy did not depend on device 1)\n",
	       unmapped / KiB);
	list_areas("device 1", ioas);
	list_areas("device 2", ioas2);

	step("free everything");
	iopt_ioas_free(ioas2);
	iopt_ioas_free(ioas);
	iopt_ctx_free(ctx);
	munmap(buf, buf_size);
	munmap(ram, GUEST_RAM_SIZE);
	printf("  done\n");
	return 0;
}
