# SPDX-License-Identifier: MIT
# guest-int-n: `int $n` from a guest kernel is delivered through a
# trap-table entry that permits it and refused with #GP((n << 3) | 2)
# through one that does not — the vector decoded from the instruction,
# not from QEMU TCG's wrong error code (TARGETS.md).
scenario_guest-int-n() {
	boot --mem 128 build/tests/boot/intn.elf
	expect_status 0
	expect_line '^\(d0\) intn: int \$0x30 delivered, int \$0x31 refused with #GP\(0x18a\): ok$'
	expect_no_line 'FAILED'
	expect_line '^Xenolith: powering off \(status 0\)$'
}
