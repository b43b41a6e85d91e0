// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /init of the kernel VM for libiopt's own suites. In the mock profile it
 * runs the conformance scenarios on the kernel backend (the same ones the
 * mock passes on the host); in the device profile the edu DMA test.
 * argv[1], if given, filters scenarios by name.
 */
#include <string.h>

#include "guest.h"
#include "libiopt.h"
#include "vm_tests.h"

int scn_run_suite(int backend, const char *filter, unsigned counts[3]);

int main(int argc, char **argv)
{
	const char *profile;

	iopt_guest_init();
	profile = iopt_guest_profile();
	if (!strcmp(profile, "device")) {
		vm_device_dma();
	} else {
		unsigned c[3];

		scn_run_suite(IOPT_BACKEND_KERNEL, argc > 1 ? argv[1] : NULL, c);
		iopt_guest_add_counts(c[0], c[1], c[2]);
	}
	iopt_guest_finish();
}
