#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Fetch Debian's linux-source-6.12 (suite trixie) through a private apt
# configuration, build a small bzImage with iommufd + its test mode + VFIO
# cdev + VT-d from tinyconfig and config.fragment, and cache it outside the
# checkout:
#
#   ${IOPT_KERNEL_CACHE:-~/.cache/libiopt/kernel}/<pkg-version>-<fragment-hash>/
#       bzImage         the kernel
#       config          its .config
#       headers/        `make headers` output of the same tree (sanitized uAPI)
#       iommufd_test.h  drivers/iommu/iommufd/iommufd_test.h of the same tree
#       version         package version, kernel release
#       complete        stamp written last
#
# Prints the entry directory on stdout. A warm cache needs no network and
# does not rebuild. Environment:
#   IOPT_KERNEL_VERSION=V   want this package version exactly ("latest": the
#                           archive's newest). Default: 6.12.107-1, the version
#                           the reference was checked on, or the newest when
#                           the archive no longer has it.
#   IOPT_KERNEL_REFRESH=1   ask the archive for a newer package even if warm
#   IOPT_KERNEL_KEEP_SRC=1  keep the extracted, built tree (else removed)
#   IOPT_KERNEL_JOBS=N      make -j (default 2)
#   --check-cache           only report a warm entry; exit 1 if none
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PKG=linux-source-6.12
JOBS=${IOPT_KERNEL_JOBS:-2}

if [[ ${1:-} == --check-cache ]]; then
	d=$(cached_entry); [[ -n $d ]] || exit 1; echo "$d"; exit 0
fi

if [[ ${IOPT_KERNEL_REFRESH:-0} != 1 ]]; then
	d=$(cached_entry)
	if [[ -n $d ]]; then
		log "warm cache: $d"
		echo "$d"; exit 0
	fi
fi

mkdir -p "$KCACHE"
exec 9>"$KCACHE/.lock"
if ! flock -n 9; then
	log "another build holds $KCACHE/.lock, waiting"
	flock 9
fi
# Someone else may have finished the build while we waited.
if [[ ${IOPT_KERNEL_REFRESH:-0} != 1 ]]; then
	d=$(cached_entry)
	if [[ -n $d ]]; then echo "$d"; exit 0; fi
fi

ensure_pkgs make:make gcc:gcc flex:flex bison:bison bc:bc perl:perl \
	xz:xz-utils cpio:cpio /usr/include/libelf.h:libelf-dev \
	/usr/include/openssl/ssl.h:libssl-dev \
	/usr/share/keyrings/debian-archive-keyring.gpg:debian-archive-keyring

# --- private apt configuration: trixie only, machine sources untouched ----
APTD=$KCACHE/apt
mkdir -p "$APTD/sources.d" "$APTD/lists/partial" "$APTD/cache/archives/partial" "$APTD/debs"
cat >"$APTD/sources.d/trixie.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: trixie-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
: >"$APTD/status"
APT_OPTS=(
	-o Dir::Etc::SourceList=/dev/null
	-o Dir::Etc::SourceParts="$APTD/sources.d"
	-o Dir::Etc::Preferences=/dev/null
	-o Dir::Etc::PreferencesParts="$APTD/empty-prefs"
	-o Dir::State::Lists="$APTD/lists"
	-o Dir::State::status="$APTD/status"
	-o Dir::Cache="$APTD/cache"
	-o APT::Sandbox::User=root
	-o Acquire::Languages=none
)
mkdir -p "$APTD/empty-prefs"
log "updating private package lists (trixie, trixie-security)"
apt-get -q "${APT_OPTS[@]}" update >&2
avail=$(apt-cache "${APT_OPTS[@]}" madison "$PKG" | awk -F'|' '{gsub(/ /, "", $2); print $2}' | sort -uV)
[[ -n $avail ]] || die "no $PKG in trixie"
case ${IOPT_KERNEL_VERSION:-} in
'') if grep -qx "$KVER_DEFAULT" <<<"$avail"; then VER=$KVER_DEFAULT
    else VER=$(tail -n1 <<<"$avail"); log "warning: $PKG=$KVER_DEFAULT is gone from the archive, using $VER"; fi ;;
latest) VER=$(tail -n1 <<<"$avail") ;;
*) VER=$IOPT_KERNEL_VERSION
   grep -qx "$VER" <<<"$avail" || die "$PKG=$VER not in the archive (have: $(echo $avail))" ;;
esac
HASH=$(frag_hash)
ENTRY=$KCACHE/${VER//:/_}-$HASH
if [[ -f $ENTRY/complete ]]; then
	log "up to date: $ENTRY"; echo "$ENTRY"; exit 0
fi
log "package $PKG=$VER, fragment $HASH"

DEB=$APTD/debs/${PKG}_${VER//:/%3a}_all.deb
if [[ ! -f $DEB ]]; then
	(cd "$APTD/debs" && apt-get -q "${APT_OPTS[@]}" download "$PKG=$VER" >&2)
fi
[[ -f $DEB ]] || die "download of $PKG=$VER failed"
# Keep only the package being built (150 MB each).
find "$APTD/debs" -name "${PKG}_*.deb" ! -name "${DEB##*/}" -delete

# --- extract -------------------------------------------------------------
SRCROOT=$KCACHE/src/${VER//:/_}
TREE=$SRCROOT/$PKG
if [[ ! -f $TREE/Makefile ]]; then
	log "extracting $DEB"
	rm -rf "$SRCROOT"; mkdir -p "$SRCROOT"
	dpkg-deb --fsys-tarfile "$DEB" |
		tar -x -C "$SRCROOT" --wildcards './usr/src/linux-source-*.tar.xz'
	tar -xJf "$SRCROOT"/usr/src/linux-source-*.tar.xz -C "$SRCROOT"
	rm -rf "${SRCROOT:?}/usr"
fi
[[ -f $TREE/Makefile ]] || die "no kernel tree at $TREE"

# --- configure -----------------------------------------------------------
cd "$TREE"
log "configuring (tinyconfig + $(basename "$KFRAGMENT"))"
make -s tinyconfig >&2
scripts/kconfig/merge_config.sh -m .config "$KFRAGMENT" >&2
make -s olddefconfig >&2
missing=()
while IFS= read -r line; do
	[[ $line =~ ^CONFIG_[A-Z0-9_]+=y$ ]] || continue
	grep -qx "$line" .config || missing+=("${line%=y}")
done <"$KFRAGMENT"
if ((${#missing[@]})); then
	die "options did not stick after olddefconfig: ${missing[*]}"
fi
log "all $(grep -c '^CONFIG_.*=y$' "$KFRAGMENT") fragment options set"

# --- build ---------------------------------------------------------------
log "building bzImage with -j$JOBS (5-8 minutes on 2 cores)"
start=$(date +%s)
make -j"$JOBS" bzImage >"$SRCROOT/build.log" 2>&1 || {
	tail -n 40 "$SRCROOT/build.log" >&2; die "kernel build failed (log: $SRCROOT/build.log)"; }
make -s -j"$JOBS" headers >>"$SRCROOT/build.log" 2>&1 || die "make headers failed"
log "built in $(( $(date +%s) - start )) s"

TMP=$ENTRY.tmp.$$
rm -rf "$TMP"; mkdir -p "$TMP"
cp arch/x86/boot/bzImage "$TMP/bzImage"
cp .config "$TMP/config"
cp -a usr/include "$TMP/headers"
cp drivers/iommu/iommufd/iommufd_test.h "$TMP/iommufd_test.h"
printf 'package %s %s\nrelease %s\nfragment %s\n' "$PKG" "$VER" \
	"$(make -s kernelrelease)" "$HASH" >"$TMP/version"
touch "$TMP/complete"
rm -rf "$ENTRY"; mv "$TMP" "$ENTRY"
cd /
if [[ ${IOPT_KERNEL_KEEP_SRC:-0} != 1 ]]; then rm -rf "$SRCROOT"; rmdir "$KCACHE/src" 2>/dev/null || true; fi
log "cached: $ENTRY"
echo "$ENTRY"
