# SPDX-License-Identifier: MIT
# pvkern-on-xen: our reference PV kernel boots as dom0 on Debian's Xen 4.17
# and runs its in-guest PV-core suite; every test must pass and the domain
# must power off. A second boot checks the command line (tests=, quiet)
# reaches the guest through start_info; a third runs the two tests that
# fail on purpose and checks a failure reaches the summary and the exit
# status (the domain crashes) and that a kernel fault ends only its test; a
# fourth and fifth run the hostile suite and its unbounded fault recursion
# (pvkern-hostile.sh), which must crash only the domain. The dom0 console
# has no prefix on Xen 4.17; "(XEN) " / "(d0) " are accepted in case that
# changes.
scenario_pvkern-on-xen() {
	local pfx='^(\((XEN|d0)\) )?' n
	# Two CPUs, so dom0 has two vCPUs: secondary_vcpu brings one up,
	# smp_ipi, smp_tlb and smp_concurrent run them side by side.
	boot --hypervisor xen-4.17 --mem 256 --smp 2 build/guest/pvkern/pvkern.elf
	expect_status 0
	expect_line "${pfx}pvkern: 2 vCPU\(s\), vCPU 0 up$"
	expect_no_line 'secondary bring-up not exercised'
	expect_line "${pfx}pvkern: booting as dom0"
	expect_line "${pfx}pvkern: [0-9]+ passed, 0 failed$"
	expect_line "${pfx}pvkern: [0-9]+ tests, 0 of them need Xenolith extensions$"
	expect_no_line 'pvkern: test [a-z0-9_]+: FAILED'
	expect_no_line 'pvkern: PANIC'
	for t in console xen_version platform_parameters start_info m2p_p2m \
		hypercall_page hypercall_paths trap_table callbacks int3 gdt \
		pagetable pt_pin_switch writable_pagetables mmu_continuation \
		ldt user_syscall \
		user_page_fault user_divide_error user_isolation multicall \
		sched_yield vcpu_is_up memory_reservation segment_base fpu_nm \
		cpuid debug_traps msr register_vcpu_info evtchn_timer runstate \
		evtchn_ipi evtchn_loopback vcpu_context_checks secondary_vcpu \
		smp_ipi smp_tlb smp_concurrent; do
		expect_line "${pfx}pvkern: test $t: ok$"
	done
	n=$(field "${pfx}pvkern: ([0-9]+) passed, 0 failed$" 3)
	expect_range "pvkern tests passed" "$n" 39 1000

	boot --hypervisor xen-4.17 --mem 256 \
		'build/guest/pvkern/pvkern.elf quiet tests=cpuid,user_syscall,console'
	expect_status 0
	expect_line "${pfx}pvkern: 3 passed, 0 failed$"
	expect_line "${pfx}pvkern: test user_syscall: ok$"
	expect_no_line 'pvkern: test multicall'
	expect_no_line 'pvkern: booting as'

	boot --hypervisor xen-4.17 --mem 256 \
		'build/guest/pvkern/pvkern.elf quiet tests=fail_on_purpose,fault_on_purpose,console'
	expect_status 1
	expect_line "${pfx}pvkern: test fail_on_purpose: FAILED: as requested$"
	expect_line "${pfx}pvkern: test fault_on_purpose: FAILED: unexpected page fault at "
	expect_line "${pfx}pvkern: test console: ok$"
	expect_line "${pfx}pvkern: 1 passed, 2 failed$"

	# The hostile suite (pvkern-hostile.sh): Xen refuses every attack
	# the way the suite expects, which is what makes it the reference.
	boot --hypervisor xen-4.17 --mem 256 \
		"build/guest/pvkern/pvkern.elf quiet tests=$HOSTILE_TESTS"
	expect_status 0
	hostile_expect_refused "$pfx"
	boot --hypervisor xen-4.17 --mem 256 \
		'build/guest/pvkern/pvkern.elf quiet tests=hostile_recursion_unbounded'
	expect_status 1
	expect_line "${pfx}pvkern: attack fault_recursion_unbounded: recursing "
	expect_line '^\(XEN\) Domain 0 \(vcpu#0\) crashed on cpu#0:$'
	expect_line '^\(XEN\) Hardware Dom0 crashed'
	expect_no_line 'Panic on CPU'
}
