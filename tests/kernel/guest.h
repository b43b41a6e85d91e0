/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Guest side of the kernel VM tests: a static test binary runs as /init of
 * the VM (tests/kernel/run-vm.sh) and uses these helpers to set the machine
 * up, report results in the runner's line protocol and power off.
 *
 *   IOPT-TEST: PASS <name>
 *   IOPT-TEST: FAIL <name>: <why>
 *   IOPT-TEST: SKIP <name>: <why>
 *   IOPT-DONE: <passed> passed, <failed> failed, <skipped> skipped
 *   IOPT-INFO: <free text>          (forwarded, not counted)
 *
 * The runner passes the profile ("mock" or "device") in the environment
 * variable IOPT_PROFILE and extra arguments in argv.
 */
#ifndef IOPT_KERNEL_GUEST_H
#define IOPT_KERNEL_GUEST_H

#include <stddef.h>
#include <stdint.h>

/* PCI ids of qemu's "edu" teaching device. */
#define IOPT_GUEST_EDU_VENDOR 0x1234
#define IOPT_GUEST_EDU_DEVICE 0x11e8

/* Mount devtmpfs on /dev, sysfs on /sys, proc on /proc; make stdout
 * unbuffered. Safe to call when not running as /init (mount errors such as
 * EBUSY are ignored). */
void iopt_guest_init(void);

/* "mock", "device" or "" when not started by run-vm.sh. */
const char *iopt_guest_profile(void);

void iopt_guest_pass(const char *name);
void iopt_guest_fail(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void iopt_guest_skip(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void iopt_guest_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Check helper: PASS when cond holds, else FAIL with the message. Returns
 * cond so callers can stop a dependent sequence. */
int iopt_guest_check(int cond, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Counters so far. */
unsigned int iopt_guest_failed(void);
/* Adds results another runner already printed as IOPT-TEST lines. */
void iopt_guest_add_counts(unsigned int passed, unsigned int failed,
			   unsigned int skipped);

/* Print IOPT-DONE, flush, and power the VM off with reboot(RB_AUTOBOOT)
 * (qemu runs with -no-reboot, so it exits). When not PID 1, exit instead
 * with status 1 if anything failed. */
__attribute__((noreturn)) void iopt_guest_finish(void);

/* Find the first PCI device with this vendor/device id, bind it to
 * vfio-pci (driver_override + drivers_probe) and write its VFIO cdev path
 * (/dev/vfio/devices/vfioN) into path. Optionally returns the PCI address
 * ("0000:00:03.0") in bdf. Returns 0 or a negative errno (-ENODEV: no such
 * device, -ENOENT: bound but no cdev appeared). */
int iopt_guest_bind_vfio(uint16_t vendor, uint16_t device, char *path,
			 size_t path_len, char *bdf, size_t bdf_len);

#endif
