# ABI and packaging checks (included by the top-level Makefile).
#   make check-abi-symbols   header IOPT_API names == map global: names == .so exports
#   make check-abi-selftest  proves check-abi-symbols catches each kind of mismatch
#   make check-headers       include/libiopt.h compiles alone as C99/C11 and C++11/C++17
#   make check-consumer      install into a temp DESTDIR, build + run C/C++ consumers via pkg-config
#   make abi-check           abidiff of a -g build against the baseline abi/libiopt.abi
#   make abi-update          regenerate abi/libiopt.abi (commit it with the map change)
#   make check-abi           all the checks above (part of make check)
# abi/README.md explains the rules and how to read failures.

ABI_LIB := $(B)/abi/$(SOFILE)

.PHONY: check-abi check-abi-symbols check-abi-selftest check-headers check-consumer \
	abi-check abi-update abi-lib

check-abi: check-abi-symbols check-abi-selftest check-headers check-consumer abi-check

check-abi-symbols: $(B)/$(SOFILE)
	$(PYTHON) abi/check-symbols.py include/libiopt.h abi/libiopt.map $(B)/$(SOFILE)

check-abi-selftest: $(B)/$(SOFILE)
	PYTHON=$(PYTHON) abi/selftest.sh include/libiopt.h abi/libiopt.map $(B)/$(SOFILE)

check-headers:
	CC="$(CC)" CXX="$(CXX)" B="$(B)" tests/header/run.sh

check-consumer: lib
	CC="$(CC)" CXX="$(CXX)" B="$(B)" MAKE="$(MAKE)" SONAME="$(SONAME)" \
		SOFILE="$(SOFILE)" tests/consumer/run.sh

# The baseline is taken from a build with fixed flags (-O2 -g, nothing from
# the caller's CFLAGS), kept apart in $(B)/abi so that it does not depend on
# how the main build was configured.
abi-lib:
	@$(MAKE) --no-print-directory B=$(B)/abi OPT="-O2 -g" CFLAGS= LDFLAGS= $(ABI_LIB)

abi-check: abi-lib
	abi/abi.sh check $(ABI_LIB)

abi-update: abi-lib
	ABI_REVIEWED="$(ABI_REVIEWED)" abi/abi.sh update $(ABI_LIB)
