# Kernel VM: a real iommufd 6.12 (CONFIG_IOMMUFD_TEST, VFIO cdev, emulated
# VT-d) booted under qemu TCG, running static test binaries as /init.
#
#   make kernel-image        fetch + build the kernel once, cached in
#                            $IOPT_KERNEL_CACHE (default ~/.cache/libiopt/kernel)
#   make check-uapi          src/backend/uapi.h against that tree's uAPI headers
#   make check-kernel-probe  raw-ioctl probe, mock and device profiles
#
# For other suites: link a test statically with $(KVM_GUEST_SRCS) (guest.h
# line protocol), then in a recipe
#       $(call run-in-vm,mock,$(B)/path/to/test)        one profile
#       $(call run-in-vm-all,$(B)/path/to/test)         mock and device
# Extra guest argv: $(call run-in-vm,mock,BIN,ARG1 ARG2).

KVM_DIR := tests/kernel
KVM_B := $(B)/kernel
KVM_BUILD := $(KVM_DIR)/build-kernel.sh
KVM_RUN := $(KVM_DIR)/run-vm.sh
KVM_GUEST_SRCS := $(KVM_DIR)/guest.c $(KVM_DIR)/edu.c
KVM_GUEST_HDRS := $(KVM_DIR)/guest.h $(KVM_DIR)/edu.h src/backend/uapi.h
KVM_CFLAGS := -std=gnu11 $(WARN) -O2 -g -D_GNU_SOURCE -Isrc -Iinclude -I$(KVM_DIR) $(CFLAGS)
KVM_LDFLAGS := -static

run-in-vm = $(KVM_RUN) $(1) $(2) $(3)
run-in-vm-all = rc=0; for p in mock device; do $(KVM_RUN) $$p $(1) $(2) || rc=1; done; exit $$rc

.PHONY: kernel-image check-uapi check-kernel-probe

kernel-image:
	@$(KVM_BUILD) >/dev/null

$(KVM_B)/probe: $(KVM_DIR)/probe.c $(KVM_GUEST_SRCS) $(KVM_GUEST_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(KVM_CFLAGS) $(KVM_LDFLAGS) -o $@ $(KVM_DIR)/probe.c $(KVM_GUEST_SRCS)

check-kernel-probe: $(KVM_B)/probe kernel-image
	@$(call run-in-vm-all,$(KVM_B)/probe)

# Compiles our header and the kernel's into one file; needs the cached
# tree's `make headers` output and iommufd_test.h (kernel-image keeps them).
check-uapi: kernel-image
	@mkdir -p $(KVM_B)
	@entry=$$($(KVM_BUILD)) && \
	$(CC) -std=gnu11 $(WARN) -O0 -Isrc -I"$$entry/headers" -I"$$entry" \
		-o $(KVM_B)/uapi_check $(KVM_DIR)/uapi_check.c && \
	$(KVM_B)/uapi_check

# ---- libiopt's own suites on the kernel backend ----
# One static /init: the conformance scenarios (mock profile) and the edu DMA
# test (device profile), linked with the shipped archive.
VM_SCN_SRCS := $(CONF_SRCS)
VM_SCN_OBJS := $(patsubst tests/%.c,$(KVM_B)/obj/%.o,$(VM_SCN_SRCS))
VM_SRCS := $(KVM_DIR)/vm_main.c $(KVM_DIR)/device_dma.c $(KVM_GUEST_SRCS)

$(KVM_B)/obj/conformance/%.o: tests/conformance/%.c $(CONF_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CONF_CFLAGS) -DSCN_STANDALONE -c $< -o $@

$(KVM_B)/obj/conformance/runner.o: tests/conformance/standalone_main.c $(CONF_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CONF_CFLAGS) -DSCN_STANDALONE -DSCN_NO_MAIN -c $< -o $@

$(KVM_B)/vm_tests: $(VM_SRCS) $(KVM_GUEST_HDRS) $(KVM_DIR)/vm_tests.h $(VM_SCN_OBJS) \
		$(KVM_B)/obj/conformance/runner.o $(B)/libiopt.a
	@mkdir -p $(dir $@)
	$(CC) $(KVM_CFLAGS) $(KVM_LDFLAGS) -o $@ $(VM_SRCS) $(VM_SCN_OBJS) \
		$(KVM_B)/obj/conformance/runner.o $(B)/libiopt.a

# The fail-nth sweeps on the kernel backend: the test build of the library,
# each sweep a scenario of the conformance runner.
$(KVM_B)/vm_failnth: $(KVM_DIR)/vm_failnth.c $(FAILNTH_SRCS) tests/failnth/kernel_probe.h \
		tests/conformance/standalone_main.c $(CONF_HDRS) $(KVM_GUEST_SRCS) \
		$(KVM_GUEST_HDRS) $(B)/libiopt-test.a
	@mkdir -p $(dir $@)
	$(CC) $(INT_CFLAGS) -I$(KVM_DIR) -Itests/conformance -DSCN_STANDALONE -DSCN_NO_MAIN \
		$(KVM_LDFLAGS) -o $@ $(KVM_DIR)/vm_failnth.c $(FAILNTH_SRCS) \
		tests/conformance/standalone_main.c $(KVM_GUEST_SRCS) $(B)/libiopt-test.a

.PHONY: check-kernel
# The README's kernel test command: uAPI layouts, both VM profiles, then the
# fail-nth sweeps on the kernel.
check-kernel: kernel-image
	@st=0; \
	$(MAKE) --no-print-directory check-uapi || st=1; \
	$(MAKE) --no-print-directory $(KVM_B)/vm_tests $(KVM_B)/vm_failnth || exit 1; \
	for p in mock device; do $(KVM_RUN) $$p $(KVM_B)/vm_tests || st=1; done; \
	$(KVM_RUN) mock $(KVM_B)/vm_failnth || st=1; \
	if [ $$st = 0 ]; then echo "check-kernel: all passed"; else echo "check-kernel: FAILED"; fi; \
	exit $$st
