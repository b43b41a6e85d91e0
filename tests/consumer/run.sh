#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# check-consumer: install into a temporary DESTDIR with PREFIX=/usr, then
# build tiny C and C++ programs the way a user would (pkg-config only) and
# run them against the installed library.
set -euo pipefail

cd "$(dirname "$0")/../.."
CC=${CC:-cc}
CXX=${CXX:-c++}
MAKE=${MAKE:-make}
B=${B:-build}
SONAME=${SONAME:-libiopt.so.1}
tmp=$(mktemp -d)
# The generated .pc holds PREFIX: never leave the /usr one in the build tree
# for a later plain 'make install'.
trap 'rm -rf "$tmp"; rm -f "$B/libiopt.pc"' EXIT
pass=0 fail=0

ok() { echo "PASS: $*"; pass=$((pass + 1)); }
ko() { echo "FAIL: $*"; fail=$((fail + 1)); }

rm -f "$B/libiopt.pc"
"$MAKE" --no-print-directory -s install DESTDIR="$tmp/root" PREFIX=/usr B="$B" >/dev/null
root=$tmp/root
libdir=$root/usr/lib
echo "installed into $root:"
(cd "$root" && find . -type f -o -type l | sort | sed 's/^\./    /')

# Only the temporary tree is searched, so an installed system copy of libiopt
# cannot satisfy the test; system include/lib dirs are not filtered out, as
# they are under the sysroot.
export PKG_CONFIG_LIBDIR=$libdir/pkgconfig PKG_CONFIG_PATH=
export PKG_CONFIG_SYSROOT_DIR=$root
export PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1

if version=$(pkg-config --modversion libiopt); then
	ok "pkg-config finds libiopt $version"
else
	ko "pkg-config --modversion libiopt"
fi
cflags=$(pkg-config --cflags libiopt)
libs=$(pkg-config --libs libiopt)
static_libs=$(pkg-config --static --libs libiopt)
echo "pkg-config --cflags --libs libiopt: $cflags $libs"

soname=$(readelf -d "$libdir/$SONAME" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [ "$soname" = "$SONAME" ]; then
	ok "installed library has SONAME $soname"
else
	ko "installed library has SONAME '$soname', want $SONAME"
fi
for link in libiopt.so "$SONAME"; do
	if [ -L "$libdir/$link" ] && [ -e "$libdir/$link" ]; then
		ok "$link -> $(readlink "$libdir/$link")"
	else
		ko "$libdir/$link is not a working symlink"
	fi
done

# build NAME COMPILER SOURCE FLAGS...: compile and run one consumer.
build_run() {
	local name=$1 compiler=$2 src=$3
	shift 3
	# shellcheck disable=SC2086
	if ! $compiler -Wall -Wextra -Werror -o "$tmp/$name" "$src" "$@"; then
		ko "$name: build failed"
		return
	fi
	local needed
	needed=$(readelf -d "$tmp/$name" | sed -n 's/.*(NEEDED).*\[\(libiopt[^]]*\)\]/\1/p')
	if [ "$name" != static ] && [ "$needed" != "$SONAME" ]; then
		ko "$name: NEEDED '$needed', want $SONAME"
		return
	fi
	if LD_LIBRARY_PATH=$libdir "$tmp/$name"; then
		ok "$name consumer builds and runs${needed:+ (NEEDED $needed)}"
	else
		ko "$name consumer failed to run"
	fi
}

# shellcheck disable=SC2086
build_run c "$CC" tests/consumer/consumer.c -std=c99 -pedantic $cflags $libs
# shellcheck disable=SC2086
build_run c++ "$CXX" tests/consumer/consumer.cc -std=c++11 -pedantic $cflags $libs
# Static: the archive plus Libs.private (word splitting wanted).
# shellcheck disable=SC2086,SC2046
build_run static "$CC" tests/consumer/consumer.c -std=c99 $cflags \
	$(sed 's/-liopt/-Wl,-Bstatic -liopt -Wl,-Bdynamic/' <<<"$static_libs")

# The run used the installed copy, not the build tree's.
if grep -q "$libdir/$SONAME" <<<"$(LD_LIBRARY_PATH=$libdir ldd "$tmp/c")"; then
	ok "consumer resolves $SONAME inside the install tree"
else
	ko "consumer does not resolve $SONAME from $libdir: $(LD_LIBRARY_PATH=$libdir ldd "$tmp/c" | grep iopt)"
fi

echo "check-consumer: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
