#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# check-headers: include/libiopt.h compiles alone as strict C and C++.
# Each test compiles a file that includes only <libiopt.h> (twice, for the
# include guard) and uses its types; the C++ test also checks C linkage.
set -euo pipefail

cd "$(dirname "$0")/../.."
CC=${CC:-cc}
CXX=${CXX:-c++}
out=${B:-build}/header
mkdir -p "$out"
pass=0 fail=0

try() {
	local name=$1
	shift
	if "$@"; then
		echo "PASS: $name"
		pass=$((pass + 1))
	else
		echo "FAIL: $name: $*"
		fail=$((fail + 1))
	fi
}

C_WARN="-Wall -Wextra -pedantic -Werror -Wstrict-prototypes -Wmissing-prototypes -Wshadow -Wundef"
CXX_WARN="-Wall -Wextra -pedantic -Werror -Wshadow -Wundef -Wold-style-cast"
for std in c99 c11; do
	# shellcheck disable=SC2086
	try "C $std" $CC -std=$std $C_WARN -Iinclude -c tests/header/header.c -o "$out/header-$std.o"
done
for std in c++11 c++17; do
	# shellcheck disable=SC2086
	try "C++ $std" $CXX -std=$std $CXX_WARN -Iinclude -c tests/header/header.cc -o "$out/header-$std.o"
done

# C linkage: the C++ object must reference the plain C name.
if grep -qw 'U iopt_ioas_new' <<<"$(nm "$out/header-c++11.o" 2>/dev/null)"; then
	echo "PASS: C++ references iopt_ioas_new with C linkage"
	pass=$((pass + 1))
else
	echo "FAIL: C++ object does not reference the unmangled iopt_ioas_new"
	fail=$((fail + 1))
fi

# The design rule for binders (ctypes, bindgen): no static inline functions.
if grep -nE '\bstatic\b.*\binline\b|\binline\b.*\bstatic\b' include/libiopt.h; then
	echo "FAIL: include/libiopt.h has static inline functions (see above)"
	fail=$((fail + 1))
else
	echo "PASS: no static inline functions"
	pass=$((pass + 1))
fi

echo "check-headers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
