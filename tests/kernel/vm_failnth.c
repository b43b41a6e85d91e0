// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /init of the kernel VM for the fail-nth sweeps (tests/failnth) on the
 * kernel backend: every fault point of each operation, allocations and
 * ioctls, failed once against a real iommufd, the kernel asked after each.
 */
#include "guest.h"
#include "libiopt.h"

int scn_run_suite(int backend, const char *filter, unsigned counts[3]);

int main(void)
{
	unsigned c[3];

	iopt_guest_init();
	scn_run_suite(IOPT_BACKEND_KERNEL, NULL, c);
	iopt_guest_add_counts(c[0], c[1], c[2]);
	iopt_guest_finish();
}
