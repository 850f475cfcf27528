# SPDX-License-Identifier: MIT
#
# Xenolith's top-level Makefile. It reads the trees listed in ./Kbuild, includes
# each tree's rules.mk, and offers the README's contract:
#   make           build everything into build/ (installing Debian packages first)
#   make run       boot the demo in QEMU
#   make test      build and run every test; the last line is "N passed, N failed"
#   make bench     run the benchmarks (figures only, never pass/fail)
# V=1 shows the commands. T=name with test-boot runs one boot scenario.

BUILD := build
V ?= 0
ifeq ($(V),1)
Q :=
else
Q := @
endif
export V

# Host compiler for tools and unit tests; the hypervisor and guests have their
# own flags in their rules.mk.
CC ?= gcc
LD := ld
OBJCOPY := objcopy
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wstrict-prototypes -Wmissing-prototypes -Wshadow -Wundef -D_GNU_SOURCE

ALL_TARGETS :=
TEST_SUITES :=
BENCH_SUITES :=

.PHONY: all deps run test test-unit test-boot bench fuzz clean format check-format help
all: deps build-all

help:
	@sed -n 's/^#   //p' Makefile

# Every entry point checks the Debian packages first (scripts/deps.sh).
deps:
	$(Q)scripts/deps.sh

include scripts/kbuild.mk
subdir-y :=
include Kbuild
TREES := $(subdir-y)
$(foreach t,$(TREES),$(eval -include $(t)/rules.mk))

.PHONY: build-all
build-all: $(ALL_TARGETS)

# A suite is a command whose output ends with "N passed, N failed" (or a
# CUnit summary); scripts/run-suites runs them all and adds them up.
test: deps
	$(Q)$(MAKE) --no-print-directory build-all $(foreach s,$(TEST_SUITES),$(SUITE_DEPS_$(s)))
	$(Q)scripts/run-suites $(foreach s,$(TEST_SUITES),'$(s)' '$(SUITE_CMD_$(s))')

bench: deps
	$(Q)$(MAKE) --no-print-directory build-all $(foreach s,$(BENCH_SUITES),$(BENCH_DEPS_$(s)))
	$(Q)scripts/run-bench $(foreach s,$(BENCH_SUITES),'$(s)' '$(BENCH_CMD_$(s))')

clean:
	rm -rf $(BUILD)/xen $(BUILD)/host $(BUILD)/guest $(BUILD)/iso $(BUILD)/test-logs $(BUILD)/gen

format:
	git ls-files '*.c' '*.h' | xargs clang-format -i

check-format:
	$(Q)scripts/check-format

# The house style is a test suite too: make test fails on unformatted code.
TEST_SUITES += format
SUITE_CMD_format := scripts/check-format
SUITE_DEPS_format :=

# Dependency files only: not directories, not unpacked downloads in build/cache.
-include $(shell find $(BUILD) -path $(BUILD)/cache -prune -o -type f -name '*.d' -print 2>/dev/null)

# The demo: the hypervisor and whatever RUN_MODULES the trees add.
RUN_MODULES ?=
# Domain 0: the reference PV kernel, running its in-guest test suite.
RUN_MODULES += build/guest/pvkern/pvkern.elf
run: deps
	$(Q)$(MAKE) --no-print-directory build-all
	$(Q)scripts/qemu-boot --timeout 300 $(RUN_ARGS) $(RUN_MODULES)
