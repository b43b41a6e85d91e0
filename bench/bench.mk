# Benchmarks: not tests. Each prints its figures next to an in-run baseline.
BENCH_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Iinclude

$(B)/bench/bench_ioas: bench/bench_ioas.c bench/bench.h include/libiopt.h $(B)/libiopt.so
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $< -o $@ -L$(B) -Wl,-rpath,'$$ORIGIN/..' -liopt

.PHONY: bench
bench: $(B)/bench/bench_ioas
	$(B)/bench/bench_ioas $(BENCH_ROUNDS)

# Inside the kernel VM (tests/kernel): libiopt's kernel backend against the
# same raw ioctls in the same boot.
$(B)/bench/bench_kernel: bench/bench_kernel.c bench/bench.h $(KVM_GUEST_SRCS) $(KVM_GUEST_HDRS) $(B)/libiopt.a
	@mkdir -p $(dir $@)
	$(CC) $(KVM_CFLAGS) -Ibench -static -o $@ bench/bench_kernel.c $(KVM_GUEST_SRCS) $(B)/libiopt.a

.PHONY: bench-kernel
bench-kernel: $(B)/bench/bench_kernel kernel-image
	IOPT_VM_VERBOSE=0 $(KVM_RUN) mock $(B)/bench/bench_kernel
