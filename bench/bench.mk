# Benchmarks: not tests. Each prints its figures next to an in-run baseline.
BENCH_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Iinclude

$(B)/bench/bench_ioas: bench/bench_ioas.c include/libiopt.h $(B)/libiopt.so
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) $< -o $@ -L$(B) -Wl,-rpath,'$$ORIGIN/..' -liopt

.PHONY: bench
bench: $(B)/bench/bench_ioas
	$(B)/bench/bench_ioas $(BENCH_ROUNDS)
