# tern — build, test and benchmark.
#   make          build build/tern-x86_64
#   make demo     build and run a demo program under tern
#   make check    run every test (ends with "N passed, N failed")
#   make bench    time the benchmark suite natively, under tern and under qemu-x86_64

CC ?= gcc
OPT ?= -O2
CFLAGS ?= $(OPT) -g
CFLAGS += -std=gnu11 -Wall -Wextra -Isrc -MMD -MP -fno-strict-aliasing -fPIE
# -z now: tern's own library calls are bound at start-up, not on first use:
# a forked child would otherwise redo the binding (and copy the pages it
# writes) for every function its parent never called (busybox sh spawning
# children: 12% fewer page faults).
LDFLAGS += -pie -pthread -Wl,-z,now
LIBS := -lm

ifneq ($(wildcard /usr/include/Zydis/Zydis.h),)
CFLAGS += -DHAVE_ZYDIS
LIBS += -lZydis
endif

BUILD := build
CORE_SRCS := $(filter-out src/user/main.c,$(wildcard src/tcg/*.c src/exec/*.c src/target/x86/*.c src/util/*.c src/accel/*.c src/user/*.c))
CORE_OBJS := $(CORE_SRCS:%.c=$(BUILD)/%.o)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

all: $(BUILD)/tern-x86_64

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libtern.a: $(CORE_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/tern-x86_64: $(BUILD)/src/user/main.o $(BUILD)/libtern.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtern.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libtern.a $(LIBS)

unit: $(UNIT_BINS)

check: all unit
	@tests/run-tests.sh

demo: all
	@tests/demo.sh

bench: all
	@bench/run-bench.sh

clean:
	rm -rf $(BUILD)

.PHONY: all unit check demo bench clean
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- instruction-level correctness (tests/difftest, tests/fuzz) ----
#   make difftest            the random instruction tester, fixed seed (part of make check)
#   make fuzz SECONDS=N      the random tester with a fresh seed, then the decoder check
DIFFTEST_SRCS := $(wildcard tests/difftest/*.c)
DIFFTEST_CFLAGS := $(filter-out -MMD -MP,$(CFLAGS))

$(BUILD)/tests/difftest: $(DIFFTEST_SRCS) $(wildcard tests/difftest/*.h) $(BUILD)/libtern.a
	@mkdir -p $(dir $@)
	$(CC) $(DIFFTEST_CFLAGS) $(LDFLAGS) -o $@ $(DIFFTEST_SRCS) $(BUILD)/libtern.a $(LIBS)

check: $(BUILD)/tests/difftest

difftest: $(BUILD)/tests/difftest
	$(BUILD)/tests/difftest --seed 1 --count 5000

.PHONY: difftest

# ---- threads (tests/threads/): flush storms, and the threaded programs
# under a ThreadSanitizer build of tern in build-tsan/.  check builds the
# TSan variant; tests/run-tests.sh runs both suites and counts their cases
# (about 2 minutes together on the 2-core machine). ----
TSAN_BUILD := build-tsan

threads-check: all
	@tests/threads/run-threads.sh

tsan-build:
	@CFLAGS='-O1 -g -fsanitize=thread -Wno-tsan' LDFLAGS='-fsanitize=thread' \
		$(MAKE) --no-print-directory BUILD=$(TSAN_BUILD) $(TSAN_BUILD)/tern-x86_64

tsan-check: tsan-build
	@tests/threads/tsan-check.sh

check: tsan-build

.PHONY: threads-check tsan-build tsan-check

DECODE_FUZZ_SRCS := tests/fuzz/decode_zydis.c $(filter-out tests/difftest/difftest.c tests/difftest/native.c,$(DIFFTEST_SRCS))
$(BUILD)/tests/decode_zydis: $(DECODE_FUZZ_SRCS) $(wildcard tests/difftest/*.h) $(BUILD)/libtern.a
	@mkdir -p $(dir $@)
	$(CC) $(DIFFTEST_CFLAGS) $(LDFLAGS) -o $@ $(DECODE_FUZZ_SRCS) $(BUILD)/libtern.a $(LIBS) -lZydis

# The robustness fuzzers: libFuzzer harnesses built with clang and the
# address/undefined sanitizers into build-fuzz/ (clang's libFuzzer runtime:
# Debian's libclang-rt-14-dev, see tests/install-deps.sh --fuzz).
#   make fuzz-loader SECONDS=N      ELF files through the loader
#   make fuzz-translate SECONDS=N   bytes through decode + translate + code generation
SECONDS ?= 60
FUZZ_SEED ?= $(shell date +%s)
FUZZ_CC ?= clang
FUZZ_BUILD := build-fuzz
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Isrc -fno-strict-aliasing -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_OBJS := $(CORE_SRCS:%.c=$(FUZZ_BUILD)/%.o)

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

fuzz-deps:
	@tests/install-deps.sh --fuzz
$(FUZZ_OBJS): | fuzz-deps

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) -lm -pthread

# libFuzzer writes new inputs into the first corpus directory: a scratch
# copy under build-fuzz/, the seeds in tests/fuzz/corpus/ stay untouched.
fuzz-loader fuzz-translate: fuzz-%: $(FUZZ_BUILD)/fuzz_%
	@mkdir -p $(FUZZ_BUILD)/corpus-$*
	$(FUZZ_BUILD)/fuzz_$* -max_total_time=$(SECONDS) -timeout=10 -rss_limit_mb=4096 \
		-artifact_prefix=$(FUZZ_BUILD)/crash-$*- $(FUZZ_BUILD)/corpus-$* tests/fuzz/corpus/$*

# The random instruction tester with a fresh seed for SECONDS, then the
# decoder check against Zydis for a quarter of that.
fuzz: $(BUILD)/tests/difftest $(BUILD)/tests/decode_zydis
	$(BUILD)/tests/difftest --seed $(FUZZ_SEED) --seconds $(SECONDS)
	$(BUILD)/tests/decode_zydis --seed $(FUZZ_SEED) --seconds $$(( ($(SECONDS) + 3) / 4 ))

.PHONY: fuzz fuzz-deps fuzz-loader fuzz-translate
check: $(BUILD)/tests/decode_zydis
