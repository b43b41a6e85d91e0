# libiopt: one entry point for building, testing, benchmarking and docs.
#   make            library (shared + static) and the example
#   make check      every test that runs on this machine (see tests/tests.mk)
#   make bench      benchmarks with in-run baselines (bench/bench.mk)
#   make docs       Doxygen HTML (docs/docs.mk)
#   make install    PREFIX/DESTDIR install with pkg-config file
# Each area keeps its rules in its own fragment, included below.

# make's built-in CC/AR defaults are not what we want; still let users override.
ifeq ($(origin CC),default)
CC      := gcc
endif
ifeq ($(origin AR),default)
AR      := gcc-ar
endif
CXX     ?= g++
PYTHON  ?= /usr/bin/python3
PREFIX  ?= /usr/local
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
B       ?= build

VERSION_MAJOR := $(shell sed -n 's/^\#define IOPT_VERSION_MAJOR \([0-9]*\)/\1/p' include/libiopt.h)
VERSION_MINOR := $(shell sed -n 's/^\#define IOPT_VERSION_MINOR \([0-9]*\)/\1/p' include/libiopt.h)
VERSION_PATCH := $(shell sed -n 's/^\#define IOPT_VERSION_PATCH \([0-9]*\)/\1/p' include/libiopt.h)
VERSION := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)
SONAME  := libiopt.so.$(VERSION_MAJOR)
SOFILE  := libiopt.so.$(VERSION)

# The newest node of the version script must be the headers' major.minor.
MAP_NODE := $(shell sed -n 's/^\(LIBIOPT_[0-9]*\.[0-9]*\) *{.*/\1/p' abi/libiopt.map | tail -n 1)
ifneq ($(MAP_NODE),LIBIOPT_$(VERSION_MAJOR).$(VERSION_MINOR))
$(error abi/libiopt.map ends with $(MAP_NODE), headers say $(VERSION_MAJOR).$(VERSION_MINOR))
endif

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE_CFLAGS := -std=gnu11 $(WARN) -Iinclude -Isrc -pthread -D_GNU_SOURCE
OPT     ?= -O2 -g
# LTO lets the lock-free lookup path inline across files; fat objects keep
# libiopt.a usable by consumers that link without GCC's LTO plugin.
LIB_CFLAGS := $(BASE_CFLAGS) $(OPT) -flto=auto -ffat-lto-objects -fPIC -fvisibility=hidden $(CFLAGS)
# Test builds: fault injection compiled in, internals reachable.
TEST_CFLAGS := $(BASE_CFLAGS) -O1 -g -DIOPT_TESTING $(CFLAGS)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRCS := $(sort $(wildcard src/*.c src/core/*.c src/backend/*.c))
LIB_HDRS := include/libiopt.h $(wildcard src/*.h src/core/*.h src/backend/*.h)
LIB_OBJS := $(patsubst src/%.c,$(B)/lib/%.o,$(LIB_SRCS))
TEST_OBJS := $(patsubst src/%.c,$(B)/test/%.o,$(LIB_SRCS))
SAN_OBJS := $(patsubst src/%.c,$(B)/san/%.o,$(LIB_SRCS))
TSAN_OBJS := $(patsubst src/%.c,$(B)/tsan/%.o,$(LIB_SRCS))

.PHONY: all lib clean check install uninstall FORCE
all: lib

lib: $(B)/$(SOFILE) $(B)/libiopt.a $(B)/libiopt.so

$(B)/lib/%.o: src/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(LIB_CFLAGS) -c $< -o $@

$(B)/test/%.o: src/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -c $< -o $@

$(B)/san/%.o: src/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(B)/tsan/%.o: src/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -fsanitize=thread -c $< -o $@

$(B)/$(SOFILE): $(LIB_OBJS) abi/libiopt.map
	$(CC) $(LIB_CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=abi/libiopt.map \
		-Wl,-z,defs -Wl,-z,relro -Wl,-z,now -o $@ $(LIB_OBJS) $(LDFLAGS)

$(B)/libiopt.so: $(B)/$(SOFILE)
	ln -sf $(SOFILE) $(B)/$(SONAME)
	ln -sf $(SONAME) $@

$(B)/libiopt.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

# Static archives for tests: with fault injection, and with sanitizers too.
$(B)/libiopt-test.a: $(TEST_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/libiopt-san.a: $(SAN_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/libiopt-tsan.a: $(TSAN_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

# Rebuilt every time: PREFIX may differ from the last run.
$(B)/libiopt.pc: libiopt.pc.in FORCE
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCDIR@|$(INCDIR)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

install: lib $(B)/libiopt.pc
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR)
	install -m 0755 $(B)/$(SOFILE) $(DESTDIR)$(LIBDIR)/
	ln -sf $(SOFILE) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libiopt.so
	install -m 0644 $(B)/libiopt.a $(DESTDIR)$(LIBDIR)/
	install -m 0644 include/libiopt.h $(DESTDIR)$(INCDIR)/
	install -m 0644 $(B)/libiopt.pc $(DESTDIR)$(LIBDIR)/pkgconfig/

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(SOFILE) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/libiopt.so $(DESTDIR)$(LIBDIR)/libiopt.a \
	      $(DESTDIR)$(INCDIR)/libiopt.h $(DESTDIR)$(LIBDIR)/pkgconfig/libiopt.pc

clean:
	rm -rf $(B)

-include abi/abi.mk
-include tests/tests.mk
-include tests/kernel/kernel.mk
-include bench/bench.mk
-include examples/examples.mk
-include docs/docs.mk
