# Examples (included by the top-level Makefile).
#   make example        build $(B)/examples/vmm_example against libiopt.so
#   make run-example    build it and run it on the mock backend
# The binary finds the library through its rpath ($ORIGIN/..), so it runs
# from the build tree without LD_LIBRARY_PATH.

EXAMPLES := $(B)/examples/vmm_example

.PHONY: example examples run-example
all: example
example examples: $(EXAMPLES)

$(B)/examples/%: examples/%.c include/libiopt.h $(B)/libiopt.so
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -g -Iinclude $(CFLAGS) -o $@ $< \
		-L$(B) -liopt -Wl,-rpath,'$$ORIGIN/..' $(LDFLAGS)

run-example: $(B)/examples/vmm_example
	$(B)/examples/vmm_example
