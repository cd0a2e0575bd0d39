# tern — build, test and benchmark.
#   make          build build/tern-x86_64
#   make demo     build and run a demo program under tern
#   make check    run every test (ends with "N passed, N failed")
#   make bench    time the benchmark suite natively, under tern and under qemu-x86_64

CC ?= gcc
OPT ?= -O2
CFLAGS ?= $(OPT) -g
CFLAGS += -std=gnu11 -Wall -Wextra -Isrc -MMD -MP -fno-strict-aliasing -fPIE
LDFLAGS += -pie -pthread
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
