#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ABI baseline check and update with libabigail (abigail-tools 2.2).
#
#   abi/abi.sh check  LIB    compare LIB against abi/libiopt.abi
#   abi/abi.sh update LIB    regenerate abi/libiopt.abi from LIB
#
# LIB must be built with -g (abi/abi.mk builds a dedicated copy). Run from the
# top of the tree. See abi/README.md for how to read the results.
set -euo pipefail

mode=${1:-}
lib=${2:-}
baseline=${ABI_BASELINE:-abi/libiopt.abi}
suppr=${ABI_SUPPR:-abi/libiopt.suppr}
headers=${ABI_HEADERS:-include}
ABIDW=${ABIDW:-abidw}
ABIDIFF=${ABIDIFF:-abidiff}

die() { echo "abi: $*" >&2; exit 1; }

[ -n "$lib" ] && [ -f "$lib" ] || die "usage: $0 check|update LIB (no such file: '$lib')"
command -v "$ABIDW" >/dev/null && command -v "$ABIDIFF" >/dev/null ||
	die "abidw/abidiff not found: install abigail-tools (tests/deps.sh)"
if ! grep -q '\.debug_info' <<<"$(readelf -S "$lib")"; then
	die "$lib has no debug info; build it with -g"
fi

# The baseline holds the public interface only: the exported functions and
# the types they use; types not defined in
# include/ are dropped (the opaque handles stay declaration-only), and
# nothing depends on paths, line numbers or the build machine.
dump() {
	"$ABIDW" --no-show-locs --no-corpus-path --no-comp-dir-path \
		--drop-private-types --drop-undefined-syms --exported-interfaces-only \
		--type-id-style hash \
		--headers-dir "$headers" --out-file "$1" "$lib"
}

# Both sides are compared as ABI XML written the same way: abidiff's own
# --headers-dir2 cannot be used against a baseline without locations (it
# then filters out every change).
# abidiff's exit status is a bit mask (libabigail abidiff manual):
#   1 error, 2 usage error, 4 ABI change, 8 incompatible ABI change.
compare() {
	local status=0
	"$ABIDIFF" --no-show-locs --suppressions "$suppr" "$1" "$2" || status=$?
	return $status
}

# After a status with bit 4 only: did existing interfaces change, or were
# interfaces only added? abidiff 2.2 sets bit 8 for removals only; a changed
# parameter or struct type is bit 4, and such a change breaks callers.
changed_existing() {
	grep -Eq '(Functions|Variables) changes summary: ([1-9][0-9]* Removed|[0-9]+ Removed, [1-9][0-9]* Changed)' "$1"
}

case "$mode" in
check)
	[ -f "$baseline" ] || die "no baseline $baseline: run 'make abi-update' and commit it"
	tmp=$(mktemp)
	report=$(mktemp)
	trap 'rm -f "$tmp" "$report"' EXIT
	dump "$tmp"
	status=0
	compare "$baseline" "$tmp" > "$report" || status=$?
	cat "$report"
	if (( status & 3 )); then
		die "abidiff failed (exit $status): tool or usage error"
	elif (( status & 8 )); then
		echo "abi-check: FAILED: INCOMPATIBLE ABI change against $baseline (see above)."
		echo "  Removing an exported interface needs a SONAME bump; restore it instead."
		exit 1
	elif (( status & 4 )) && changed_existing "$report"; then
		echo "abi-check: FAILED: existing interfaces CHANGED against $baseline (see above)."
		echo "  Changing a released function or struct breaks programs built against it:"
		echo "  restore it. The one compatible case is a member appended at the end of a"
		echo "  size-first struct (iopt_*_opts, iopt_area_info): after reviewing the report,"
		echo "  record it with 'make abi-update ABI_REVIEWED=1' and commit abi/libiopt.abi."
		exit 1
	elif (( status & 4 )); then
		echo "abi-check: FAILED: interfaces were ADDED (see above) but $baseline was not updated."
		echo "  New symbols go into a new node of abi/libiopt.map (with IOPT_VERSION_MINOR);"
		echo "  then run 'make abi-update' and commit abi/libiopt.abi in the same commit."
		exit 1
	fi
	echo "abi-check: OK ($lib matches $baseline)"
	;;
update)
	tmp=$(mktemp)
	report=$(mktemp)
	trap 'rm -f "$tmp" "$report"' EXIT
	dump "$tmp"
	if [ -f "$baseline" ]; then
		status=0
		compare "$baseline" "$tmp" > "$report" || status=$?
		if (( status & 3 )); then
			cat "$report"
			die "abidiff failed (exit $status): tool or usage error"
		fi
		if { (( status & 8 )) || { (( status & 4 )) && changed_existing "$report"; }; } &&
		   [ "${ABI_REVIEWED:-0}" != 1 ]; then
			cat "$report"
			die "refusing to record a change of existing interfaces (see above) without ABI_REVIEWED=1: allowed only for members appended to a size-first struct, or with a SONAME bump (abi/README.md)"
		fi
	fi
	cp "$tmp" "$baseline"
	chmod 0644 "$baseline"
	echo "abi-update: wrote $baseline ($("$ABIDW" --version | head -n 1))"
	;;
*)
	die "usage: $0 check|update LIB"
	;;
esac
