# SPDX-License-Identifier: MIT
#
# Host unit tests (CUnit). The hypervisor's own xen/common sources are
# compiled unmodified for the host, with tests/unit/harness ahead of
# xen/include so its asm/ headers stand in for the arch ones. Functions whose
# names clash with libc are renamed xen_* in the host build of those sources
# only, so the tests can compare them against libc, and so the code under
# test uses the hypervisor's string functions, as it does in the hypervisor.

UNIT_OUT := $(BUILD)/host/tests/unit
UNIT_BIN := $(UNIT_OUT)/xenolith-unit

# The hypervisor sources under test.
UNIT_XEN_SRCS := xen/common/string.c xen/common/strtol.c \
	xen/common/vsprintf.c xen/common/cmdline.c xen/common/multiboot2.c \
	xen/common/memmap.c xen/common/page_alloc.c xen/common/xmalloc.c \
	xen/common/timer.c xen/arch/x86/pv/emul-decode.c \
	xen/arch/x86/pv/cpuid-policy.c xen/arch/x86/pv/descriptor-check.c \
	xen/common/symbols.c xen/arch/x86/acpi_madt.c \
	xen/arch/x86/mm/pv-mm.c xen/common/domheap.c \
	xen/common/reservation.c \
	xen/common/sched/share.c xen/common/bootdomain.c

UNIT_TEST_OBJS := $(addprefix $(BUILD)/host/,$(call kbuild_objs,tests/unit))
UNIT_XEN_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(UNIT_XEN_SRCS))

UNIT_CFLAGS := $(HOST_CFLAGS) -MMD -MP -Itests/unit/harness -Ixen/include \
	$(HYPERCALLS_INCLUDE)
UNIT_LIBC_NAMES := vsnprintf snprintf vscnprintf scnprintf strlcpy memcpy \
	memmove memset memcmp strlen strnlen strcmp strncmp strchr strrchr strstr
UNIT_RENAME := $(foreach f,$(UNIT_LIBC_NAMES),-D$(f)=xen_$(f))

$(UNIT_TEST_OBJS): $(BUILD)/host/%.o: %.c tests/unit/rules.mk
	$(if $(Q),@echo "  CC      $<")
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_XEN_OBJS): $(BUILD)/host/%.o: %.c tests/unit/rules.mk | $(HYPERCALLS_GEN)
	$(if $(Q),@echo "  CC      $<")
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(UNIT_CFLAGS) $(UNIT_RENAME) -c -o $@ $<

$(UNIT_BIN): $(UNIT_TEST_OBJS) $(UNIT_XEN_OBJS)
	$(if $(Q),@echo "  LD      $@")
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -o $@ $^ -lcunit

ALL_TARGETS += $(UNIT_BIN)
TEST_SUITES += unit
SUITE_CMD_unit := $(UNIT_BIN)
SUITE_DEPS_unit := $(UNIT_BIN)

test-unit: deps
	$(Q)$(MAKE) --no-print-directory $(UNIT_BIN)
	$(Q)$(UNIT_BIN)
