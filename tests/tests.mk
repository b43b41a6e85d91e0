# Tests: `make check` runs everything that runs on this machine.
#
#   make check              deps, then all of the below, then the ABI/doc checks
#   make check-tests        only the test suites (no ABI/doc checks)
#   make check-unit         Criterion unit tests (tests/unit/*.c, internals)
#   make check-conformance  scenario suite, Criterion, both backends
#                           (the kernel variant skips here: no /dev/iommu)
#   make check-stress       concurrency stress test
#   make check-failnth      fail-nth sweep (allocation failures at every point)
#   make check-standalone   scenario suite, standalone runner, mock backend
#   make check-san          unit + conformance + stress + fail-nth again with
#                           -fsanitize=address,undefined (build/libiopt-san.a)
#   make check-tsan         lock-free readers vs writers, -fsanitize=thread
#   make conformance-static statically linked standalone runner for the VM
#                           ($(B)/tests/conformance-static [mock|kernel])
#
# Criterion binaries take the usual options, e.g.
#   build/tests/conformance --filter 'copy/*' --verbose
# The standalone runner: build/tests/conformance-standalone mock [filter]

T := $(B)/tests

TESTS_WARN := -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers
# Conformance scenarios see the public header only.
CONF_CFLAGS := -std=gnu11 $(TESTS_WARN) -Iinclude -pthread -D_GNU_SOURCE -O1 -g $(CFLAGS)
# Unit, stress and fail-nth tests may use internals and the test hooks.
INT_CFLAGS := -std=gnu11 $(TESTS_WARN) -Iinclude -Isrc -pthread -D_GNU_SOURCE -DIOPT_TESTING \
	-O1 -g $(CFLAGS)
TESTS_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CRITERION_LIBS := -lcriterion
CRITERION_JOBS ?= 2
CRITERION_ARGS ?= --jobs $(CRITERION_JOBS)

export ASAN_OPTIONS ?= detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1

CONF_SRCS := $(sort $(filter-out tests/conformance/standalone_main.c,$(wildcard tests/conformance/*.c)))
CONF_HDRS := $(wildcard tests/conformance/*.h) include/libiopt.h
UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
UNIT_HDRS := $(wildcard tests/unit/*.h)
STRESS_SRCS := $(sort $(wildcard tests/stress/*.c))
FAILNTH_SRCS := $(sort $(wildcard tests/failnth/*.c))

CONF_OBJS := $(patsubst tests/%.c,$(T)/obj/%.o,$(CONF_SRCS))
CONF_SAN_OBJS := $(patsubst tests/%.c,$(T)/obj-san/%.o,$(CONF_SRCS))
CONF_SA_OBJS := $(patsubst tests/%.c,$(T)/obj-sa/%.o,$(CONF_SRCS) tests/conformance/standalone_main.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(T)/unit/%,$(UNIT_SRCS))
UNIT_SAN_BINS := $(patsubst tests/unit/%.c,$(T)/san/unit/%,$(UNIT_SRCS))

.PHONY: check check-tests check-unit check-conformance check-stress check-failnth \
	check-standalone check-san check-tsan conformance-static tests-build

# ---- objects ----

$(T)/obj/conformance/%.o: tests/conformance/%.c $(CONF_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CONF_CFLAGS) -c $< -o $@

$(T)/obj-san/conformance/%.o: tests/conformance/%.c $(CONF_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CONF_CFLAGS) $(TESTS_SAN) -c $< -o $@

$(T)/obj-sa/conformance/%.o: tests/conformance/%.c $(CONF_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CONF_CFLAGS) -DSCN_STANDALONE -c $< -o $@

# ---- binaries ----

# The conformance suite links the shipped archive (public API only).
$(T)/conformance: $(CONF_OBJS) $(B)/libiopt.a
	$(CC) $(CONF_CFLAGS) -o $@ $(CONF_OBJS) $(B)/libiopt.a $(CRITERION_LIBS)

$(T)/san/conformance: $(CONF_SAN_OBJS) $(B)/libiopt-san.a
	@mkdir -p $(dir $@)
	$(CC) $(CONF_CFLAGS) $(TESTS_SAN) -o $@ $(CONF_SAN_OBJS) $(B)/libiopt-san.a $(CRITERION_LIBS)

$(T)/conformance-standalone: $(CONF_SA_OBJS) $(B)/libiopt.a
	$(CC) $(CONF_CFLAGS) -o $@ $(CONF_SA_OBJS) $(B)/libiopt.a

# For the VM: no shared libraries at all.
$(T)/conformance-static: $(CONF_SA_OBJS) $(B)/libiopt.a
	$(CC) $(CONF_CFLAGS) -static -o $@ $(CONF_SA_OBJS) $(B)/libiopt.a

$(T)/unit/%: tests/unit/%.c $(UNIT_HDRS) $(B)/libiopt-test.a
	@mkdir -p $(dir $@)
	$(CC) $(INT_CFLAGS) -o $@ $< $(B)/libiopt-test.a $(CRITERION_LIBS)

$(T)/san/unit/%: tests/unit/%.c $(UNIT_HDRS) $(B)/libiopt-san.a
	@mkdir -p $(dir $@)
	$(CC) $(INT_CFLAGS) $(TESTS_SAN) -o $@ $< $(B)/libiopt-san.a $(CRITERION_LIBS)

$(T)/stress: $(STRESS_SRCS) $(CONF_HDRS) $(B)/libiopt-test.a
	@mkdir -p $(dir $@)
	$(CC) $(INT_CFLAGS) -Itests/conformance -o $@ $(STRESS_SRCS) $(B)/libiopt-test.a $(CRITERION_LIBS)

$(T)/san/stress: $(STRESS_SRCS) $(CONF_HDRS) $(B)/libiopt-san.a
	@mkdir -p $(dir $@)
	$(CC) $(INT_CFLAGS) $(TESTS_SAN) -Itests/conformance -o $@ $(STRESS_SRCS) $(B)/libiopt-san.a $(CRITERION_LIBS)

$(T)/tsan/%: tests/tsan/%.c include/libiopt.h $(B)/libiopt-tsan.a
	@mkdir -p $(dir $@)
	$(CC) $(CONF_CFLAGS) -fsanitize=thread -o $@ $< $(B)/libiopt-tsan.a

$(T)/failnth: $(FAILNTH_SRCS) $(wildcard tests/failnth/*.h) $(CONF_HDRS) $(B)/libiopt-test.a
	@mkdir -p $(dir $@)
	$(CC) $(INT_CFLAGS) -Itests/conformance -o $@ $(FAILNTH_SRCS) $(B)/libiopt-test.a $(CRITERION_LIBS)

$(T)/san/failnth: $(FAILNTH_SRCS) $(wildcard tests/failnth/*.h) $(CONF_HDRS) $(B)/libiopt-san.a
	@mkdir -p $(dir $@)
	$(CC) $(INT_CFLAGS) $(TESTS_SAN) -Itests/conformance -o $@ $(FAILNTH_SRCS) $(B)/libiopt-san.a $(CRITERION_LIBS)

tests-build: $(UNIT_BINS) $(T)/conformance $(T)/stress $(T)/failnth $(T)/conformance-standalone \
	$(T)/conformance-static $(UNIT_SAN_BINS) $(T)/san/conformance $(T)/san/stress $(T)/san/failnth

conformance-static: $(T)/conformance-static

# ---- runs ----

check-unit: $(UNIT_BINS)
	@st=0; for t in $(UNIT_BINS); do echo "== $$t"; $$t $(CRITERION_ARGS) || st=1; done; exit $$st

check-conformance: $(T)/conformance
	@echo "== $<"
	$< $(CRITERION_ARGS)

check-stress: $(T)/stress
	@echo "== $<"
	$< $(CRITERION_ARGS)

check-failnth: $(T)/failnth
	@echo "== $<"
	$< $(CRITERION_ARGS)

# Proves the standalone mode (the protocol the VM runner reads) on the mock.
check-standalone: $(T)/conformance-standalone $(T)/conformance-static
	@echo "== $(T)/conformance-standalone mock"
	@$(T)/conformance-standalone mock > $(T)/standalone-mock.log 2>&1; st=$$?; \
	grep -E '^IOPT-(TEST: FAIL|DONE)' $(T)/standalone-mock.log; \
	grep -qE '^IOPT-DONE: [0-9]+ passed, 0 failed' $(T)/standalone-mock.log && [ $$st = 0 ] \
	  || { echo "standalone run failed (log: $(T)/standalone-mock.log)"; exit 1; }
	@echo "== $(T)/conformance-static kernel (expect SKIPs here: no /dev/iommu)"
	@$(T)/conformance-static kernel version > $(T)/standalone-kernel.log 2>&1; \
	grep -E '^IOPT-(TEST|DONE)' $(T)/standalone-kernel.log; \
	grep -qE '^IOPT-DONE: [0-9]+ passed, 0 failed' $(T)/standalone-kernel.log \
	  || { echo "static standalone run failed (log: $(T)/standalone-kernel.log)"; exit 1; }

check-san: $(UNIT_SAN_BINS) $(T)/san/conformance $(T)/san/stress $(T)/san/failnth
	@st=0; for t in $(UNIT_SAN_BINS) $(T)/san/conformance $(T)/san/stress $(T)/san/failnth; do \
	  echo "== $$t (ASan+UBSan)"; $$t $(CRITERION_ARGS) || st=1; done; exit $$st

# Plain pthreads: Criterion's fork arena cannot start under TSan.
# halt_on_error turns any TSan report into a failure.
TSAN_TESTS := $(T)/tsan/race $(T)/tsan/reuse
check-tsan: $(TSAN_TESTS)
	@for t in $(TSAN_TESTS); do \
		echo "== $$t (TSan)"; \
		TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 $$t || exit 1; \
	done

CHECK_STEPS := check-unit check-conformance check-stress check-failnth check-standalone check-san check-tsan

# Every step runs even when an earlier one fails; the result is the AND.
check-tests:
	@st=0; failed=""; for t in $(CHECK_STEPS); do \
	  $(MAKE) --no-print-directory $$t || { st=1; failed="$$failed $$t"; }; done; \
	if [ $$st = 0 ]; then echo "check-tests: all passed"; \
	else echo "check-tests: FAILED:$$failed"; fi; exit $$st

check:
	@bash tests/deps.sh
	@st=0; failed=""; for t in check-tests check-abi-symbols abi-check check-headers check-consumer check-docs; do \
	  $(MAKE) --no-print-directory $$t || { st=1; failed="$$failed $$t"; }; done; \
	if [ $$st = 0 ]; then echo "check: all passed"; else echo "check: FAILED:$$failed"; fi; exit $$st
