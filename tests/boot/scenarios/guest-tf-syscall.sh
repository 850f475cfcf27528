# SPDX-License-Identifier: MIT
# guest-tf-syscall: a guest single-steps into hypercalls (TF set, and a
# mov %ss right before the syscall) with its stack pointer on unmapped
# memory. The debug trap must never be taken on the guest's stack in ring
# 0: #DB has its own IST stack. The guest's own #DB handler sees the steps
# and the domain powers off cleanly.
scenario_guest-tf-syscall() {
	boot --mem 128 build/tests/boot/tfsyscall.elf
	expect_status 0
	expect_line '^\(d0\) tfsyscall: stepping into a hypercall$'
	expect_line '^\(d0\) tfsyscall: ok$'
	expect_no_line 'FAILED'
	expect_no_line 'Xenolith PANIC'
	expect_line '^Xenolith: powering off \(status 0\)$'
}
