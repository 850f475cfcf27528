# SPDX-License-Identifier: MIT
# QEMU boot scenarios (tests/boot/scenarios/*.sh), run by tests/boot/run,
# and the tiny guests some of them boot (tests/boot/guests/*.S, one file
# each, linked with guests/guest.lds into build/tests/boot/NAME.elf).
BOOT_GUEST_DIR := $(BUILD)/tests/boot
BOOT_GUESTS := $(addprefix $(BOOT_GUEST_DIR)/,crash.elf tfsyscall.elf iretfault.elf intn.elf)

$(BOOT_GUEST_DIR)/%.o: tests/boot/guests/%.S tests/boot/rules.mk | $(HYPERCALLS_GEN)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  AS      $<")
	$(Q)$(CC) -D__ASSEMBLY__ -nostdinc $(HYPERCALLS_INCLUDE) -MMD -MP -c $< -o $@

$(BOOT_GUEST_DIR)/%.elf: $(BOOT_GUEST_DIR)/%.o tests/boot/guests/guest.lds
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(LD) -m elf_x86_64 -nostdlib -static -no-pie -z max-page-size=0x1000 \
		-z noexecstack --no-warn-rwx-segments \
		-T tests/boot/guests/guest.lds -o $@ $<

ALL_TARGETS += $(BOOT_GUESTS)
TEST_SUITES += boot
SUITE_CMD_boot := tests/boot/run
SUITE_DEPS_boot := $(XEN_ELF) $(BOOT_GUESTS)

.PHONY: test-boot
test-boot: deps
	$(Q)$(MAKE) --no-print-directory $(XEN_ELF) $(BOOT_GUESTS)
	$(Q)tests/boot/run $(T)
