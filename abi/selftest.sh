#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Self-test of abi/check-symbols.py: it must accept the real header, map and
# library, and reject each kind of disagreement, made on temporary copies.
#
#   abi/selftest.sh HEADER MAP SHARED_OBJECT
set -euo pipefail

header=$1 map=$2 so=$3
PYTHON=${PYTHON:-/usr/bin/python3}
check=$(dirname "$0")/check-symbols.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# expect OUTCOME NAME HEADER MAP [SO] [PATTERN]: run the checker, compare.
expect() {
	local want=$1 name=$2 h=$3 m=$4 s=${5:-} pattern=${6:-}
	local rc=0 out
	out=$("$PYTHON" "$check" "$h" "$m" ${s:+"$s"} 2>&1) || rc=$?
	if { [ "$want" = ok ] && [ $rc -eq 0 ]; } ||
	   { [ "$want" = fail ] && [ $rc -eq 1 ] &&
	     { [ -z "$pattern" ] || grep -qF -- "$pattern" <<<"$out"; }; }; then
		echo "PASS: $name"
		pass=$((pass + 1))
	else
		echo "FAIL: $name (exit $rc, wanted $want${pattern:+ with '$pattern'})"
		sed 's/^/    | /' <<<"$out"
		fail=$((fail + 1))
	fi
}

# A name present everywhere, to remove from one list at a time.
victim=$(sed -n 's/^[[:space:]]*\(iopt_[a-z_]*\);.*/\1/p' "$map" | head -n 1)
[ -n "$victim" ] || { echo "selftest: no symbol found in $map" >&2; exit 2; }

expect ok   "header, map and library agree" "$header" "$map" "$so"

grep -v "^[[:space:]]*$victim;" "$map" > "$tmp/missing.map"
expect fail "map lacks $victim" "$header" "$tmp/missing.map" "" "-$victim"

sed '/local:/,/\*;/d' "$map" > "$tmp/nolocal.map"
expect fail "map lacks 'local: *;'" "$header" "$tmp/nolocal.map" "" "local: *;"

sed "s/^\([[:space:]]*\)$victim;/&\n\1$victim;/" "$map" > "$tmp/dup.map"
expect fail "map lists $victim twice" "$header" "$tmp/dup.map" "" "listed twice"

sed "s/^\([[:space:]]*\)$victim;/&\n\1iopt_*;/" "$map" > "$tmp/wild.map"
expect fail "wildcard in global:" "$header" "$tmp/wild.map" "" "wildcard"

# A map with a second node: the new name is in no header and no library.
sed 's/^};$/};\n\nLIBIOPT_9.9 {\n\tglobal:\n\t\tiopt_not_in_header;\n} LIBIOPT_1.0;/' \
	"$map" > "$tmp/extra.map"
expect fail "second map node names a symbol the header lacks" \
	"$header" "$tmp/extra.map" "" "+iopt_not_in_header"

# A declaration split over several lines, with a comment inside.
cp "$header" "$tmp/extra.h"
sed -i 's|^#endif /\* LIBIOPT_H \*/|IOPT_API int\n/* spans lines */ iopt_extra_call(\n\tint a,\n\tint b);\n&|' \
	"$tmp/extra.h"
grep -q iopt_extra_call "$tmp/extra.h" || { echo "selftest: cannot edit header copy" >&2; exit 2; }
expect fail "header declares a name the map lacks (multi-line)" \
	"$tmp/extra.h" "$map" "" "-iopt_extra_call"

# Header loses an IOPT_API (the declaration stays, unexported).
sed "0,/IOPT_API \([a-z].*\) \**$victim(/s//\1 $victim(/" "$header" > "$tmp/noapi.h"
expect fail "header declares $victim without IOPT_API" "$tmp/noapi.h" "$map" "" "+$victim"

# Library exports a symbol the map and the header do not know: checked with a
# small shared object linked with the map, plus one symbol more.
if command -v "${CC:-cc}" >/dev/null; then
	names=$(sed -n 's/^[[:space:]]*\(iopt_[a-z_]*\);.*/\1/p' "$map")
	{
		for n in $names; do echo "void $n(void) {}"; done
		echo "void iopt_stray(void) {}"
	} > "$tmp/fake.c"
	sed "s/^\([[:space:]]*\)$victim;/&\n\1iopt_stray;/" "$map" > "$tmp/stray.map"
	"${CC:-cc}" -shared -fPIC -o "$tmp/libfake.so" "$tmp/fake.c" \
		-Wl,--version-script="$tmp/stray.map"
	expect fail "library exports a symbol the map/header lack" \
		"$header" "$map" "$tmp/libfake.so" "+iopt_stray"
	"${CC:-cc}" -shared -fPIC -o "$tmp/libfake2.so" "$tmp/fake.c" \
		-Wl,--version-script="$map"
	expect ok "fake library linked with the real map" "$header" "$map" "$tmp/libfake2.so"
fi

echo "check-abi-selftest: $pass passed, $fail failed"
[ $fail -eq 0 ]
