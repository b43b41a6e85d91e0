#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# run-vm.sh PROFILE STATIC_BINARY [ARGS...]
#
# Boot the cached iommufd test kernel under qemu (TCG, never KVM) with
# STATIC_BINARY as /init of a gzip cpio initramfs, and report its results.
#
#   PROFILE mock    q35, no IOMMU: the kernel's own mock domains
#                   (IOMMU_TEST_CMD), dirty tracking, accesses
#   PROFILE device  q35 + emulated VT-d (intel-iommu) + qemu's edu device:
#                   VFIO cdev, real (emulated) DMA
#
# The guest gets IOPT_PROFILE=<profile> in its environment and ARGS in its
# argv, prints the line protocol of tests/kernel/guest.h on the serial
# console and powers off. Lines starting with IOPT- are forwarded here.
# Exit status 0 only if IOPT-DONE was seen with 0 failed and the kernel
# neither panicked nor hung.
#
# Environment:
#   IOPT_KERNEL_IMAGE   bzImage to boot (default: build-kernel.sh's cache)
#   IOPT_VM_TIMEOUT     seconds before the boot counts as hung (default 300)
#   IOPT_VM_LOG         also keep the whole serial console in this file
#   IOPT_VM_VERBOSE=1   print the whole console, not just IOPT- lines
#   IOPT_VM_MEM         guest memory (default 512)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

usage() { echo "usage: $0 mock|device STATIC_BINARY [ARGS...]" >&2; exit 2; }
(($# >= 2)) || usage
PROFILE=$1 BIN=$2; shift 2
case $PROFILE in mock|device) ;; *) usage ;; esac
[[ -f $BIN && -x $BIN ]] || die "$BIN: not an executable file"
if readelf -l "$BIN" 2>/dev/null | grep -q 'Requesting program interpreter'; then
	die "$BIN is dynamically linked; link it with -static"
fi
for a in "$@"; do
	[[ $a =~ ^[A-Za-z0-9_.,:/+=-]+$ ]] || die "argument '$a': only [A-Za-z0-9_.,:/+=-] survive the kernel command line"
done

ensure_pkgs qemu-system-x86_64:qemu-system-x86 cpio:cpio gzip:gzip timeout:coreutils

KERNEL=${IOPT_KERNEL_IMAGE:-}
if [[ -z $KERNEL ]]; then
	entry=$("$KDIR/build-kernel.sh") || die "no kernel image (build-kernel.sh failed)"
	KERNEL=$entry/bzImage
fi
[[ -f $KERNEL ]] || die "no kernel image at $KERNEL"

TMO=${IOPT_VM_TIMEOUT:-300}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/iopt-vm.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

mkdir "$WORK/root"
cp "$BIN" "$WORK/root/init"
chmod 0755 "$WORK/root/init"
# The kernel's built-in initramfs already provides /dev/console; ours only
# adds /init.
(cd "$WORK/root" && echo init | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$WORK/initramfs.gz" ||
	die "could not pack the initramfs"

# -nic none: nothing to network, and no iPXE option ROM to run at boot.
APPEND="console=ttyS0 panic=-1 quiet IOPT_PROFILE=$PROFILE"
QEMU=(qemu-system-x86_64 -machine q35 -cpu max -m "${IOPT_VM_MEM:-512}" -smp 1
	-nographic -no-reboot -nic none -kernel "$KERNEL" -initrd "$WORK/initramfs.gz")
if [[ $PROFILE == device ]]; then
	# The IOMMU must be created before the devices behind it.
	QEMU+=(-device intel-iommu -device edu)
	APPEND+=" intel_iommu=on iommufd.allow_unsafe_interrupts=1"
fi
(($#)) && APPEND+=" -- $*"
QEMU+=(-append "$APPEND")

LOG=$WORK/console.log
start=$(date +%s%N)
if [[ ${IOPT_VM_VERBOSE:-0} == 1 ]]; then
	filter() { tr -d '\r'; }
else
	filter() { tr -d '\r' | sed -un 's/^.*\(IOPT-[A-Z]*:\)/\1/p'; }
fi
timeout -k 10 "$TMO" "${QEMU[@]}" </dev/null 2>"$WORK/qemu.err" | tee "$LOG" | filter
qrc=${PIPESTATUS[0]}
ms=$((($(date +%s%N) - start) / 1000000))
elapsed=$((ms / 1000)).$(((ms % 1000) / 100))
[[ -n ${IOPT_VM_LOG:-} ]] && cp "$LOG" "$IOPT_VM_LOG"

tr -d '\r' <"$LOG" >"$WORK/console.txt"
fail=()
if ((qrc == 124 || qrc == 137)); then
	fail+=("VM hung: no power-off within ${TMO}s")
elif ((qrc != 0)); then
	fail+=("qemu exited with status $qrc: $(head -c 400 "$WORK/qemu.err")")
fi
if grep -q 'Kernel panic' "$WORK/console.txt"; then
	fail+=("kernel panic: $(grep -m1 'Kernel panic' "$WORK/console.txt")")
fi
done_line=$(sed -n 's/^.*IOPT-DONE: //p' "$WORK/console.txt" | tail -n1)
nfail_lines=$(grep -c 'IOPT-TEST: FAIL' "$WORK/console.txt")
if [[ -z $done_line ]]; then
	fail+=("no IOPT-DONE line: the test did not finish")
elif [[ $done_line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped ]]; then
	((BASH_REMATCH[2] == 0)) || fail+=("${BASH_REMATCH[2]} test(s) failed")
	((nfail_lines == BASH_REMATCH[2])) ||
		fail+=("IOPT-DONE says ${BASH_REMATCH[2]} failed but $nfail_lines FAIL line(s) seen")
else
	fail+=("malformed IOPT-DONE line: $done_line")
fi

name="${BIN##*/} [$PROFILE]"
if ((${#fail[@]})); then
	if [[ ${IOPT_VM_VERBOSE:-0} != 1 ]]; then
		echo "---- last console lines ($name) ----" >&2
		tail -n 40 "$WORK/console.txt" >&2
		echo "----" >&2
	fi
	for f in "${fail[@]}"; do log "FAIL $name: $f"; done
	log "FAIL $name (${elapsed}s)"
	exit 1
fi
log "ok $name: $done_line (${elapsed}s)"
