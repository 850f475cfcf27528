# SPDX-License-Identifier: MIT
# guest-crash: a domain 0 that reads an unmapped address with no trap table
# is crashed alone: the hypervisor names the fault, prints the guest's
# registers (the values the guest loaded, CR2 = the address), frees the
# domain, and ends the machine with status 1 because it was domain 0.
scenario_guest-crash() {
	boot --mem 128 build/tests/boot/crash.elf
	expect_status 1
	expect_line '^\(d0\) crashguest: about to fault$'
	expect_line '^Xenolith: domain 0 crashed: unhandled page fault \(vector 14, error code 0\) at 0xffffffff8[0-9a-f]{7}$'
	expect_line '^d0v0 kernel mode, RIP e033:\[<ffffffff8[0-9a-f]{7}>\]'
	expect_line '^rax: 00000000dead0000 +rbx: 1111111111111111 '
	expect_line '^r12: 2222222222222222 '
	expect_line 'cr2: 00000000dead0000$'
	expect_line '^Xenolith: domain 0 shut down: crash$'
	expect_line '^Xenolith: domain 0 destroyed$'
	expect_line '^Xenolith: a domain crashed; stopping \(status 1\)$'
	expect_no_line 'Xenolith PANIC'
	expect_no_line 'fatal trap'
}
