// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iopt_ioas_map_file(): IOAS_MAP_FILE of Linux 6.13, memory named by a
 * memfd and an offset. The mock always has it; the kernel backend on an
 * older kernel must answer EOPNOTSUPP and change nothing, which each
 * scenario checks before it skips the rest there.
 */
#include <fcntl.h>
#include <sys/syscall.h>

#include "scenario.h"

#define PG (s->page_size)
#define FILE_RW (RW | IOPT_AREA_FILE)

/* A memfd of `pages` pages (the scenario's process ends: never closed). */
static int scn_memfd(struct scn *s, uint64_t pages)
{
	/* The raw call: the static guest binary's libc may lack the wrapper. */
	int fd = (int)syscall(SYS_memfd_create, "libiopt-scn", 1u /* MFD_CLOEXEC */);

	if (fd < 0 || ftruncate(fd, (off_t)(pages * PG)))
		SCN_FAIL("memfd of %" PRIu64 " pages: %s", pages, strerror(errno));
	return fd;
}

/* Whether this backend maps files; where it does not (a kernel before
 * 6.13) the refusal must be EOPNOTSUPP and leave the IOAS as it was. */
static bool scn_has_map_file(struct scn *s, struct iopt_ioas *ioas, int fd)
{
	uint64_t iova = 0x100000;

	if (s->backend != IOPT_BACKEND_KERNEL)
		return true;
	SCN_OK(iopt_ioas_map(ioas, scn_mem(s, PG), PG, &iova, RW | FIXED));
	iova = 0x200000;
	if (iopt_ioas_map_file(ioas, fd, 0, PG, &iova, RW | FIXED) == 0) {
		SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL));
		return true;
	}
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map_file(ioas, fd, 0, PG, &iova, RW | FIXED),
			  -EOPNOTSUPP);
	SCN_EQ(iova, 0x200000);
	SCN_OK(iopt_ioas_unmap(ioas, 0, UINT64_MAX, NULL));
	return false;
}

#define SCN_NEED_MAP_FILE(ioas, fd)                                              \
	do {                                                                     \
		if (!scn_has_map_file(s, (ioas), (fd)))                          \
			SCN_SKIP("iopt_ioas_map_file: EOPNOTSUPP on this kernel, as " \
				 "documented (IOAS_MAP_FILE needs Linux 6.13); " \
				 "the IOAS was left unchanged");                 \
	} while (0)

/* The lowest free descriptor number: the one the library's dup takes. */
static int scn_next_fd(void)
{
	int fd = dup(0);

	if (fd >= 0)
		close(fd);
	return fd;
}

SCENARIO(map_file, fixed_lookup_copy_and_close)
{
	struct iopt_ioas *a = scn_ioas(s), *b = scn_ioas(s);
	int fd = scn_memfd(s, 8), held;
	uint64_t iova = 0x100000, to = 0x400000;

	SCN_NEED_MAP_FILE(a, fd);
	held = scn_next_fd();
	SCN_TRUE(held >= 0);
	SCN_OK(iopt_ioas_map_file(a, fd, 2 * PG, 3 * PG, &iova, RW | FIXED));
	SCN_EQ(iova, 0x100000);
	/* The area holds the file itself: the caller's descriptor may go. */
	SCN_OK(close(fd));
	SCN_TRUE(fcntl(held, F_GETFD) >= 0);
	SCN_LOOKUP(a, 0x100000 + PG, 0x100000, 3 * PG, 2 * PG, FILE_RW);
	/* A copy shares the file, from the offset behind its first IOVA. */
	SCN_OK(iopt_ioas_copy(b, &to, a, 0x100000 + PG, 2 * PG, RO | FIXED));
	SCN_LOOKUP(b, 0x400000, 0x400000, 2 * PG, 3 * PG, RO | IOPT_AREA_FILE);
	SCN_OK(iopt_ioas_unmap(a, 0, UINT64_MAX, NULL));
	SCN_NO_AREAS(a);
	SCN_AREAS(b, { 0x400000, 2 * PG, (void *)(uintptr_t)(3 * PG), RO | IOPT_AREA_FILE });
	/* User memory next to it stays user memory. */
	SCN_MAP_FIXED(b, scn_mem(s, PG), PG, 0x600000, RW);
	/* The copy still holds the file; its last area takes the descriptor along. */
	SCN_TRUE(fcntl(held, F_GETFD) >= 0);
	SCN_OK(iopt_ioas_unmap(b, 0x400000, 2 * PG, NULL));
	SCN_EQ(scn_nareas(b), 1);
	SCN_TRUE(fcntl(held, F_GETFD) < 0 && errno == EBADF);
}

SCENARIO(map_file, check_order)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	int fd = scn_memfd(s, 4);
	uint64_t iova;

	SCN_NEED_MAP_FILE(ioas, fd);
	SCN_MAP_FIXED(ioas, scn_mem(s, PG), PG, 0x100000, RW);
	/* 1-3 come before the descriptor: a bad one does not change them. */
	iova = 0x200000;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map_file(ioas, -1, 0, PG, &iova, RW | FIXED | (1u << 7)),
			  -EOPNOTSUPP);
	iova = UINT64_MAX;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map_file(ioas, -1, 0, PG, &iova, RW | FIXED),
			  -EOVERFLOW);
	iova = 0x200000;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map_file(ioas, -1, 0, PG, &iova, FIXED), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map_file(ioas, -1, 0, PG, &iova, RW | FIXED), -EBADF);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map_file(ioas, 1000000, 0, PG, &iova, RW | FIXED),
			  -EBADF);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map_file(ioas, -1, 0, 0, &iova, RW | FIXED), -EBADF);
	/* Then the length and the file range. */
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map_file(ioas, fd, 0, 0, &iova, RW | FIXED), -EINVAL);
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map_file(ioas, fd, UINT64_MAX - PG + 2, PG, &iova,
						   RW | FIXED),
			  -EOVERFLOW);
	/* Then placement, as for user memory. */
	iova = 0x100000;
	SCN_ERR_UNCHANGED(ioas, iopt_ioas_map_file(ioas, fd, 0, PG, &iova, RW | FIXED), -EEXIST);
	SCN_EQ(iova, 0x100000);
	SCN_EQ(scn_nareas(ioas), 1);
}

SCENARIO(map_file, automatic_placement_follows_the_offset)
{
	struct iopt_ioas *ioas = scn_ioas(s);
	int fd = scn_memfd(s, 2 * SZ_2M / PG);
	uint64_t iova, got;

	SCN_NEED_MAP_FILE(ioas, fd);
	/* Offset 0: aligned to the length (up to 2 MiB), never IOVA 0. */
	iova = 0;
	SCN_OK(iopt_ioas_map_file(ioas, fd, 0, SZ_2M, &iova, RW));
	SCN_EQ(iova % SZ_2M, 0);
	SCN_NE(iova, 0);
	/* A sub-page offset in the file is kept in the IOVA. */
	got = 0;
	SCN_OK(iopt_ioas_map_file(ioas, fd, PG + 0x10, PG, &got, RW));
	SCN_EQ(got % PG, 0x10);
	SCN_LOOKUP(ioas, got, got, PG, PG + 0x10, FILE_RW);
	SCN_EQ(scn_nareas(ioas), 2);
}
