# SPDX-License-Identifier: MIT
# panic: a deliberate fault in the hypervisor (test-fault=) ends the machine
# with status 2 after the full register dump (functions named); a plain
# panic does too.
scenario_panic() {
	boot --mem 64 --hv-cmdline 'test-fault=pf'
	expect_status 2
	expect_line 'Xenolith fatal trap: vector 14 \(page fault\), error code 0002'
	expect_line '^Page fault at ffff8000deadb000: not present, write, supervisor$'
	# The faulting RIP and the callers are named (the linked-in table).
	expect_line '^RIP: +e008:\[<ffff82d04[0-9a-f]{7}>\] run_test_fault\+0x[0-9a-f]+/0x[0-9a-f]+$'
	expect_line '^rax: [0-9a-f]{16} +rbx: [0-9a-f]{16} +rcx: [0-9a-f]{16}$'
	expect_line '^r15: [0-9a-f]{16} '
	expect_line '^cr3: [0-9a-f]{16} +cr2: ffff8000deadb000$'
	expect_line '^Hypervisor stack trace'
	expect_line '^ +\[<ffff82d04[0-9a-f]{7}>\] __start_xen\+0x[0-9a-f]+/0x[0-9a-f]+$'
	expect_line '^Xenolith PANIC: Fatal trap 14 \(page fault\)'

	boot --mem 64 --hv-cmdline 'test-fault=gp'
	expect_status 2
	expect_line 'vector 13 \(general protection fault\)'

	boot --mem 64 --hv-cmdline 'test-fault=panic'
	expect_status 2
	expect_line '^Xenolith PANIC: test-fault=panic$'
}
