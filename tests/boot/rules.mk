# SPDX-License-Identifier: MIT
# QEMU boot scenarios (tests/boot/scenarios/*.sh), run by tests/boot/run.
TEST_SUITES += boot
SUITE_CMD_boot := tests/boot/run
SUITE_DEPS_boot := $(XEN_ELF)

.PHONY: test-boot
test-boot: deps
	$(Q)$(MAKE) --no-print-directory $(XEN_ELF)
	$(Q)tests/boot/run $(T)
