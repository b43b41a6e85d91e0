# shellcheck shell=bash
# Shared helpers for build-kernel.sh and run-vm.sh (sourced, not executed).
# SPDX-License-Identifier: LGPL-2.1-or-later

KDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KCACHE=${IOPT_KERNEL_CACHE:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/libiopt/kernel}
KFRAGMENT=$KDIR/config.fragment

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Cache key part that depends on the checkout: the fragment's hash.
frag_hash() { sha256sum "$KFRAGMENT" | cut -c1-12; }

# ensure_pkgs CMD_OR_FILE:PACKAGE ... — install the Debian packages whose
# marker (a command name, or an absolute path) is missing. Root only; waits
# for the dpkg lock when another apt-get is running.
ensure_pkgs() {
	local want=() spec marker pkg
	for spec in "$@"; do
		marker=${spec%%:*}; pkg=${spec#*:}
		if [[ $marker == /* ]]; then [[ -e $marker ]] && continue
		else command -v "$marker" >/dev/null 2>&1 && continue; fi
		want+=("$pkg")
	done
	((${#want[@]})) || return 0
	if [[ $(id -u) != 0 ]]; then
		die "missing packages: ${want[*]} (run as root or: apt-get install ${want[*]})"
	fi
	log "installing ${want[*]}"
	local try
	for try in 1 2 3 4 5 6; do
		if DEBIAN_FRONTEND=noninteractive apt-get -q -y \
			-o DPkg::Lock::Timeout=300 install --no-install-recommends \
			"${want[@]}" >&2; then
			return 0
		fi
		# Stale or missing package lists, or the lists lock held by a
		# concurrent `apt-get update`: refresh and retry.
		log "apt-get install failed (try $try), updating lists and retrying"
		sleep $((try * 5))
		DEBIAN_FRONTEND=noninteractive apt-get -q \
			-o DPkg::Lock::Timeout=300 update >&2 || true
	done
	die "could not install ${want[*]}"
}

# The package version the reference (shared/reference/iommufd-6.12-semantics.md)
# was written against and checked on; preferred while the archive has it.
KVER_DEFAULT=6.12.107-1

# Complete cache entry for this fragment; prints its directory or nothing.
# IOPT_KERNEL_VERSION=V wants exactly V; otherwise KVER_DEFAULT if cached,
# else the newest cached version. Never touches the network.
cached_entry() {
	local hash ver d best=
	hash=$(frag_hash)
	ver=${IOPT_KERNEL_VERSION:-}
	if [[ -n $ver && $ver != latest ]]; then
		d=$KCACHE/${ver//:/_}-$hash
		[[ -f $d/complete ]] && echo "$d"
		return 0
	fi
	if [[ -z $ver && -f $KCACHE/$KVER_DEFAULT-$hash/complete ]]; then
		echo "$KCACHE/$KVER_DEFAULT-$hash"
		return 0
	fi
	for d in "$KCACHE"/*-"$hash"; do
		[[ -f $d/complete ]] || continue
		best=$(printf '%s\n%s\n' "$best" "$d" | sed '/^$/d' | sort -V | tail -n1)
	done
	[[ -n $best ]] && echo "$best"
	return 0
}
