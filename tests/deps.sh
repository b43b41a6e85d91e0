#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The one list of Debian packages that building and testing libiopt needs.
#
#   tests/deps.sh            install what 'make check' needs (when root), or
#                            print the apt-get line and fail (when not root)
#   tests/deps.sh --vm       the same, plus what the kernel VM tests need
#                            (qemu, kernel build tools)
#   tests/deps.sh --check    only report: exit 1 if something is missing
#   tests/deps.sh --list     print the package names and exit
# Options combine (e.g. --vm --list). Nothing is done, fast, when every
# package is already installed.
set -euo pipefail

# make check: build, unit/conformance tests, sanitizers, ABI, docs.
BASE_PACKAGES=(
	build-essential  # gcc (ASan, UBSan, TSan), g++, make, libc headers
	binutils         # nm, readelf (ABI and consumer checks)
	pkg-config       # installed-tree consumer test
	libcriterion-dev # unit and conformance tests
	abigail-tools    # abidw/abidiff: make abi-check
	doxygen          # make docs / check-docs
	python3          # abi/check-symbols.py; Debian's /usr/bin/python3
)
# make check-kernel: a kernel built from linux-source, booted under qemu.
VM_PACKAGES=(
	qemu-system-x86  # qemu-system-x86_64 (TCG)
	cpio             # initramfs
	gzip
	xz-utils         # linux-source tarball
	bc bison flex    # kernel build
	libelf-dev       # kernel build (objtool)
)

vm=0 mode=install
for arg in "$@"; do
	case "$arg" in
	--vm) vm=1 ;;
	--check) mode=check ;;
	--list) mode=list ;;
	-h|--help) sed -n '3,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "deps.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
	esac
done

packages=("${BASE_PACKAGES[@]}")
[ "$vm" = 1 ] && packages+=("${VM_PACKAGES[@]}")

if [ "$mode" = list ]; then
	printf '%s\n' "${packages[@]}"
	exit 0
fi

# One dpkg-query for all: a package counts when its status is "installed".
missing=()
status=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${packages[@]}" 2>/dev/null || true)
for p in "${packages[@]}"; do
	grep -qx "$p installed" <<<"$status" || missing+=("$p")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$mode" = check ] || [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing Debian packages: ${missing[*]}" >&2
	echo "Install them with:" >&2
	echo "    sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Another apt/dpkg may hold the lock (unattended upgrades, a parallel job):
# wait for it rather than fail.
APT=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)

echo "deps.sh: installing ${missing[*]}"
# Refresh the package lists first when something cannot be found in them,
# and once more if the install fails on stale lists.
updated=0
if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
	"${APT[@]}" update -q
	updated=1
fi
if ! "${APT[@]}" install -y -q "${missing[@]}" < /dev/null; then
	[ "$updated" = 1 ] && exit 1
	"${APT[@]}" update -q
	"${APT[@]}" install -y -q "${missing[@]}" < /dev/null
fi
