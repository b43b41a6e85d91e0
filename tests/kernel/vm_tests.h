/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Suites the VM's /init runs against the kernel backend. */
#ifndef IOPT_KERNEL_VM_TESTS_H
#define IOPT_KERNEL_VM_TESTS_H

/* Device profile: edu behind VT-d, driven through libiopt. */
void vm_device_dma(void);

#endif
