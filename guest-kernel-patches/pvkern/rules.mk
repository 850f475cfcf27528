# SPDX-License-Identifier: MIT
#
# pvkern: freestanding C and a little assembly, linked at VIRT_BASE
# (0xffffffff80000000, -mcmodel=kernel) with its own linker script into
# build/guest/pvkern/pvkern.elf. It includes only the public ABI headers
# and the generated hypercall stubs. The user program under user/ is a
# separate small ELF at 0x400000, flattened to user.bin and .incbin'd.
#
#   PVKERN_HYPERCALL_PAGE=1  call hypercalls through the hypercall page
#                            (Mini-OS style) instead of `syscall` (default,
#                            like Linux 6.1.158+)

PVKERN_DIR := guest-kernel-patches/pvkern
PVKERN_OUT := $(BUILD)/guest/pvkern
PVKERN_ELF := $(PVKERN_OUT)/pvkern.elf
PVKERN_OBJS := $(patsubst $(PVKERN_DIR)/%,$(PVKERN_OUT)/%,$(call kbuild_objs,$(PVKERN_DIR)))
PVKERN_USER_BIN := $(PVKERN_OUT)/user.bin
PVKERN_HYPERCALL_PAGE ?= 0

PVKERN_FREESTANDING := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) -mno-red-zone \
	-mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-omit-frame-pointer -fno-common -fno-strict-aliasing \
	-fcf-protection=none -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wstrict-prototypes -Wmissing-prototypes -Wshadow -Wundef -MMD -MP
PVKERN_DEFS := -DPVKERN_USER_BIN='"$(PVKERN_USER_BIN)"' \
	$(if $(filter 1,$(PVKERN_HYPERCALL_PAGE)),-DXEN_HYPERCALL_VIA_PAGE)
PVKERN_CFLAGS := $(PVKERN_FREESTANDING) -mcmodel=kernel -fno-pic \
	-I$(PVKERN_DIR) $(HYPERCALLS_INCLUDE) $(PVKERN_DEFS)
PVKERN_AFLAGS := -D__ASSEMBLY__ -nostdinc -I$(PVKERN_DIR) \
	$(HYPERCALLS_INCLUDE) $(PVKERN_DEFS) -MMD -MP
PVKERN_LDFLAGS := -m elf_x86_64 -nostdlib -static -no-pie \
	-z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments

# The user program runs at 0x400000: small code model, no kernel flags.
PVKERN_USER_CFLAGS := $(PVKERN_FREESTANDING) -mcmodel=small -fno-pic \
	-I$(PVKERN_DIR)/user
PVKERN_USER_OBJS := $(PVKERN_OUT)/user/usertests.o

# Rebuild everything when the flags change (PVKERN_HYPERCALL_PAGE).
PVKERN_STAMP := $(PVKERN_OUT)/flags.stamp
$(PVKERN_STAMP): pvkern-force
	@mkdir -p $(dir $@)
	@echo '$(PVKERN_CFLAGS)' > $@.tmp; cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(PVKERN_OBJS) $(PVKERN_USER_OBJS): $(PVKERN_STAMP) | $(HYPERCALLS_GEN)

$(PVKERN_OUT)/%.o: $(PVKERN_DIR)/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(PVKERN_CFLAGS) -c $< -o $@

$(PVKERN_OUT)/%.o: $(PVKERN_DIR)/%.S
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  AS      $<")
	$(Q)$(CC) $(PVKERN_AFLAGS) -c $< -o $@

$(PVKERN_OUT)/user/%.o: $(PVKERN_DIR)/user/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(PVKERN_USER_CFLAGS) -c $< -o $@

$(PVKERN_OUT)/user.elf: $(PVKERN_USER_OBJS) $(PVKERN_DIR)/user/user.lds
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(LD) $(PVKERN_LDFLAGS) -T $(PVKERN_DIR)/user/user.lds -o $@ $(PVKERN_USER_OBJS)

$(PVKERN_USER_BIN): $(PVKERN_OUT)/user.elf
	$(if $(Q),@echo "  OBJCOPY $@")
	$(Q)$(OBJCOPY) -O binary $< $@

$(PVKERN_OUT)/user_blob.o: $(PVKERN_USER_BIN)

$(PVKERN_ELF): $(PVKERN_OBJS) $(PVKERN_DIR)/pvkern.lds
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(LD) $(PVKERN_LDFLAGS) -T $(PVKERN_DIR)/pvkern.lds -o $@ $(PVKERN_OBJS)

ALL_TARGETS += $(PVKERN_ELF)
.PHONY: pvkern-force
pvkern-force:
.PHONY: pvkern
pvkern: $(PVKERN_ELF)

# The boot scenario tests/boot/scenarios/pvkern-on-xen.sh boots this image.
test-boot: $(PVKERN_ELF)

# make bench: the memory-management figures (test_mmu.c, bench_mmu) from
# inside pvkern, on Xenolith and on Xen 4.17 side by side.
BENCH_SUITES += pvkern-mmu
BENCH_CMD_pvkern-mmu := scripts/bench-guest --mem 512 --timeout 120 "$(PVKERN_ELF) quiet tests=bench_mmu"
BENCH_DEPS_pvkern-mmu := $(PVKERN_ELF) $(XEN_ELF)

# IPI round trips between two vCPUs of domain 0 on two CPUs (test_smp.c,
# bench_smp_ipi): blocked and spinning, median and 99th percentile.
BENCH_SUITES += pvkern-smp
BENCH_CMD_pvkern-smp := scripts/bench-guest --smp 2 --mem 256 --timeout 120 "$(PVKERN_ELF) quiet tests=bench_smp_ipi"
BENCH_DEPS_pvkern-smp := $(PVKERN_ELF) $(XEN_ELF)

# The scheduler's and PV core's fast paths (test_bench.c, test_pingpong.c):
# null hypercall and user system-call bounce on both hypervisors; with two
# domains built at boot (Xenolith only: Xen builds a second domain only
# through its toolstack) the interdomain event round trip on one and on two
# CPUs, and a switch between two domains on one CPU.
PVKERN_COMMA := ,
BENCH_PAIR = "$(PVKERN_ELF) domain=a evtchn=10:b:10 evtchn=11:b:11 -- quiet tests=$(1) pp=10,1,2000 sync=11 lead=1 $(2)" \
	"$(PVKERN_ELF) domain=b mem=16M -- quiet tests=$(1) pp=10,1,2000 sync=11 $(2)"
BENCH_SUITES += pvkern-core
BENCH_CMD_pvkern-core := scripts/bench-guest --mem 256 --timeout 120 "$(PVKERN_ELF) quiet tests=bench_core"
BENCH_DEPS_pvkern-core := $(PVKERN_ELF) $(XEN_ELF)
BENCH_SUITES += pvkern-domains
BENCH_CMD_pvkern-domains := scripts/bench-guest --no-xen --mem 256 --timeout 120 $(call BENCH_PAIR,bench_evtchn_rtt$(PVKERN_COMMA)bench_domain_switch)
BENCH_DEPS_pvkern-domains := $(PVKERN_ELF) $(XEN_ELF)
BENCH_SUITES += pvkern-domains-2cpu
BENCH_CMD_pvkern-domains-2cpu := scripts/bench-guest --no-xen --smp 2 --mem 256 --timeout 120 $(call BENCH_PAIR,bench_evtchn_rtt,bench_tag=_2cpu)
BENCH_DEPS_pvkern-domains-2cpu := $(PVKERN_ELF) $(XEN_ELF)
