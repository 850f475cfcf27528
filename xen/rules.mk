# SPDX-License-Identifier: MIT
#
# How the hypervisor is built: freestanding C, no red zone, no SSE, linked
# at XEN_VIRT_START inside the Xen-reserved range. That range is not within
# the top 2 GiB, so the kernel code model cannot be used; like Xen we compile
# position-independent with hidden visibility (RIP-relative addressing) and
# link a fixed-address image.

XEN_VERSION := 0.1.0
XEN_ELF := $(BUILD)/xen/xen.elf
# The shared PV builder (hypercalls/builder) is linked in, built with the
# hypervisor's flags.
XEN_BUILDER_OBJS := $(addprefix $(BUILD)/xen/,$(call kbuild_objs,hypercalls/builder))
XEN_OBJS := $(addprefix $(BUILD)/,$(call kbuild_objs,xen)) $(XEN_BUILDER_OBJS)
XEN_GEN := $(BUILD)/gen/xen

XEN_WARN := -Wall -Wextra -Werror -Wno-unused-parameter -Wstrict-prototypes \
	-Wmissing-prototypes -Wmissing-declarations -Wshadow -Wundef \
	-Wpointer-arith -Wredundant-decls -Wnested-externs -Wvla
XEN_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-fpie -fvisibility=hidden -mno-red-zone -mgeneral-regs-only \
	-fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-omit-frame-pointer -fno-common -fno-strict-aliasing \
	-fcf-protection=none -fno-exceptions $(XEN_WARN) \
	-Ixen/include -I$(XEN_GEN) $(HYPERCALLS_INCLUDE) -MMD -MP
XEN_AFLAGS := -D__ASSEMBLY__ -fpie -nostdinc -Ixen/include -I$(XEN_GEN) \
	$(HYPERCALLS_INCLUDE) -MMD -MP
XEN_LDFLAGS := -m elf_x86_64 -nostdlib -static -no-pie -z max-page-size=0x1000 \
	-z noexecstack --no-warn-rwx-segments

# Version information, rewritten only when it changes so builds stay quiet.
XEN_COMPILE_H := $(XEN_GEN)/compile.h
$(XEN_COMPILE_H): FORCE
	@mkdir -p $(dir $@)
	@{ echo '#define XENOLITH_VERSION "$(XEN_VERSION)"'; \
	   echo '#define XENOLITH_CHANGESET "$(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)"'; \
	   echo '#define XENOLITH_COMPILER "$(shell $(CC) --version | head -n 1)"'; \
	} > $@.tmp; cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
.PHONY: FORCE
FORCE:

$(XEN_OBJS): | $(XEN_COMPILE_H) $(HYPERCALLS_GEN)
$(BUILD)/xen/common/version.o: $(XEN_COMPILE_H)

# The dom0 builder's caller sees the shared builder's interface.
$(BUILD)/xen/arch/x86/pv/domain_build.o: XEN_CFLAGS += -Ihypercalls/builder

$(BUILD)/xen/%.o: xen/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(XEN_CFLAGS) -c $< -o $@

$(BUILD)/xen/hypercalls/builder/%.o: hypercalls/builder/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(XEN_CFLAGS) -c $< -o $@

$(BUILD)/xen/%.o: xen/%.S
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  AS      $<")
	$(Q)$(CC) $(XEN_AFLAGS) -c $< -o $@

$(BUILD)/xen/xen.lds: xen/arch/x86/xen.lds.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) -E -P -x c -D__ASSEMBLY__ -Ixen/include -MMD -MP -MT $@ -MF $@.d $< -o $@

# Two links: the first, with an empty function-name table, gives the
# addresses the table lists; the second links the table in after .data.
# The functions must not move, or the names would lie.
XEN_SYMS0 := $(BUILD)/xen/xen-syms0.elf
$(BUILD)/xen/symbols-empty.c: scripts/gen-symbols
	@mkdir -p $(dir $@)
	$(Q)scripts/gen-symbols '' $@
$(BUILD)/xen/symbols.c: $(XEN_SYMS0) scripts/gen-symbols
	$(Q)scripts/gen-symbols $< $@
$(BUILD)/xen/symbols-empty.o: $(BUILD)/xen/symbols-empty.c $(HYPERCALLS_GEN)
	$(Q)$(CC) $(XEN_CFLAGS) -c $< -o $@
$(BUILD)/xen/symbols.o: $(BUILD)/xen/symbols.c $(HYPERCALLS_GEN)
	$(Q)$(CC) $(XEN_CFLAGS) -c $< -o $@

$(XEN_SYMS0): $(XEN_OBJS) $(BUILD)/xen/symbols-empty.o $(BUILD)/xen/xen.lds
	$(Q)$(LD) $(XEN_LDFLAGS) -T $(BUILD)/xen/xen.lds -o $@ $(XEN_OBJS) \
		$(BUILD)/xen/symbols-empty.o

$(XEN_ELF): $(XEN_OBJS) $(BUILD)/xen/symbols.o $(BUILD)/xen/xen.lds
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(LD) $(XEN_LDFLAGS) -T $(BUILD)/xen/xen.lds -o $@ $(XEN_OBJS) \
		$(BUILD)/xen/symbols.o
	$(Q)nm -n $(XEN_SYMS0) | grep -i ' t ' >$@.syms0; \
		nm -n $@ | grep -i ' t ' | cmp -s - $@.syms0 || \
		{ echo "xen.elf: functions moved between the two links" >&2; \
		  rm -f $@; exit 1; }; rm -f $@.syms0

ALL_TARGETS += $(XEN_ELF)
.PHONY: xen
xen: $(XEN_ELF)
