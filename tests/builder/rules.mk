# SPDX-License-Identifier: MIT
#
# The PV domain builder's host tests. The builder's sources are compiled
# hosted here (the hypervisor compiles the same files freestanding with its
# own flags); a second, freestanding compile with the hypervisor's warning
# set proves they need nothing beyond <public/...>, the compiler's own
# headers and memcpy/memset/memcmp/strlen/strncmp/strcmp.

BUILDER_OUT := $(BUILD)/host/tests/builder
BUILDER_BIN := $(BUILDER_OUT)/xenolith-builder
BUILDER_SRCS := $(patsubst %.o,%.c,$(call kbuild_objs,hypercalls/builder))

BUILDER_TEST_OBJS := $(addprefix $(BUILD)/host/,$(call kbuild_objs,tests/builder))
BUILDER_LIB_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(BUILDER_SRCS))
BUILDER_FREE_OBJS := $(patsubst %.c,$(BUILD)/host/freestanding/%.o,$(BUILDER_SRCS))

BUILDER_CFLAGS := $(HOST_CFLAGS) -MMD -MP -Ihypercalls/include -Ihypercalls/builder
BUILDER_FREE_CFLAGS := -std=gnu11 -O2 -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) -mno-red-zone \
	-mgeneral-regs-only -fpie -fvisibility=hidden -fno-stack-protector \
	-Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes \
	-Wmissing-declarations -Wshadow -Wundef -Wpointer-arith \
	-Wredundant-decls -Wnested-externs -Wvla -MMD -MP -Ihypercalls/include

$(BUILDER_TEST_OBJS) $(BUILDER_LIB_OBJS): $(BUILD)/host/%.o: %.c tests/builder/rules.mk
	$(if $(Q),@echo "  CC      $<")
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(BUILDER_CFLAGS) -c -o $@ $<

$(BUILDER_FREE_OBJS): $(BUILD)/host/freestanding/%.o: %.c tests/builder/rules.mk
	$(if $(Q),@echo "  CC      $< (freestanding)")
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(BUILDER_FREE_CFLAGS) -c -o $@ $<

# The freestanding objects are built alongside the test binary so a libc
# dependency or a warning under the hypervisor's flags breaks the build.
$(BUILDER_BIN): $(BUILDER_TEST_OBJS) $(BUILDER_LIB_OBJS) | $(BUILDER_FREE_OBJS)
	$(if $(Q),@echo "  LD      $@")
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -o $@ $(BUILDER_TEST_OBJS) $(BUILDER_LIB_OBJS) -lcunit

# The same tests under AddressSanitizer and UBSan: the parser's claim to
# read nothing outside a hostile image is checked, not assumed (the
# truncation tests parse exact-size heap copies).
BUILDER_ASAN_BIN := $(BUILDER_OUT)/xenolith-builder-asan
BUILDER_ASAN_SRCS := $(BUILDER_SRCS) $(patsubst %.o,%.c,$(call kbuild_objs,tests/builder))
$(BUILDER_ASAN_BIN): $(BUILDER_ASAN_SRCS) $(wildcard hypercalls/builder/*.h tests/builder/*.h) tests/builder/rules.mk
	$(if $(Q),@echo "  CC+LD   $@")
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(HOST_CFLAGS) -O1 -fsanitize=address,undefined \
		-fno-sanitize-recover=all -fno-omit-frame-pointer \
		-Ihypercalls/include -Ihypercalls/builder -o $@ \
		$(BUILDER_ASAN_SRCS) -lcunit

ALL_TARGETS += $(BUILDER_BIN) $(BUILDER_ASAN_BIN)
TEST_SUITES += builder builder-asan
SUITE_CMD_builder := $(BUILDER_BIN)
SUITE_DEPS_builder := $(BUILDER_BIN)
SUITE_CMD_builder-asan := $(BUILDER_ASAN_BIN)
SUITE_DEPS_builder-asan := $(BUILDER_ASAN_BIN)

.PHONY: test-builder
test-builder: deps
	$(Q)$(MAKE) --no-print-directory $(BUILDER_BIN)
	$(Q)$(BUILDER_BIN)
