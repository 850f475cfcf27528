# SPDX-License-Identifier: MIT
# guest-iret-fault: the iret hypercall with a CS the CPU refuses makes the
# hypervisor's own iretq fault; as on Xen that must become the guest's own
# #GP (the selector as error code, the bad RIP and CS in its frame), never
# a hypervisor crash, and the guest then powers off.
scenario_guest-iret-fault() {
	boot --mem 128 build/tests/boot/iretfault.elf
	expect_status 0
	expect_line '^\(d0\) iretfault: #GP\(selector\) at the bad frame: ok$'
	expect_no_line 'FAILED'
	expect_no_line 'Xenolith PANIC'
	expect_line '^Xenolith: powering off \(status 0\)$'
}
