# SPDX-License-Identifier: MIT
# smp: the hypervisor finds the CPUs in the ACPI MADT and brings every
# secondary one up (INIT-SIPI-SIPI, the real-mode trampoline, long mode on
# its own stack, GDT, TSS and local APIC); each says so and the count of
# online CPUs follows QEMU's -smp and maxcpus=. With selftest=1 the CPUs
# cross-call each other (one at a time and all at once), a timer armed for
# another CPU fires there, and TLB shootdowns reach the other CPU. A panic
# with several CPUs running, on the boot CPU or a fatal fault on another,
# still ends the machine with status 2. Domain 0
# gets a vCPU per CPU (within dom0_max_vcpus=): a 2-vCPU pvkern brings up
# its second vCPU, exchanges IPIs between them, shoots down the other's
# TLB and runs both at once.
scenario_smp() {
	local t
	# A 2-vCPU pvkern as domain 0 on two CPUs: it brings up its second
	# vCPU, they exchange IPIs and run side by side.
	boot --mem 256 --smp 2 \
		'build/guest/pvkern/pvkern.elf tests=vcpu_is_up,vcpu_context_checks,secondary_vcpu,smp_ipi,smp_tlb,smp_concurrent'
	expect_status 0
	expect_line '^smp: CPU 1 \(APIC id 1\) online$'
	expect_line '^smp: 2 CPUs online$'
	expect_line '^domain 0 \(dom0\): pvkern .*, 2 vCPUs, '
	expect_line '^\(d0\) pvkern: 2 vCPU\(s\), vCPU 0 up$'
	for t in vcpu_context_checks secondary_vcpu smp_ipi smp_tlb \
		smp_concurrent; do
		expect_line "^\(d0\) pvkern: test $t: ok$"
	done
	expect_line '^\(d0\) pvkern: 6 passed, 0 failed$'
	expect_no_line 'not exercised'
	expect_line '^Xenolith: domain 0 shut down: poweroff$'

	# Taking down the last vCPU that is up powers the domain off, as Xen.
	boot --mem 256 --smp 2 \
		'build/guest/pvkern/pvkern.elf tests=secondary_vcpu,vcpu_down_last'
	expect_status 0
	expect_line '^\(d0\) pvkern: test secondary_vcpu: ok$'
	expect_line '^\(d0\) pvkern: taking down the last vCPU$'
	expect_line '^Xenolith: domain 0 shut down: poweroff$'
	expect_no_line 'FAILED'

	# dom0_max_vcpus=: the same guest keeps to one vCPU.
	boot --mem 256 --smp 2 --hv-cmdline 'dom0_max_vcpus=1' \
		'build/guest/pvkern/pvkern.elf tests=secondary_vcpu,smp_ipi'
	expect_status 0
	expect_line '^domain 0 \(dom0\): pvkern .*, 1 vCPU, '
	expect_line '^\(d0\) pvkern: one vCPU, secondary bring-up not exercised$'
	expect_line '^\(d0\) pvkern: 2 passed, 0 failed$'

	boot --mem 128 --smp 2 --hv-cmdline 'selftest=1'
	expect_status 0
	expect_line '^smp: CPU 1 \(APIC id 1\) online$'
	expect_line '^smp: 2 CPUs online$'
	expect_no_line 'did not start'
	for t in 'a cross-call with wait runs once on every CPU' \
		'a cross-call without wait runs once on every CPU' \
		'all CPUs cross-call all CPUs at once' \
		'a timer set for another CPU fires there, on time' \
		'flush_tlb_one_mask reaches the other CPU' \
		'flush_tlb_mask reaches the other CPU'; do
		expect_line "^selftest: smp: $t: ok$"
	done
	expect_line '^selftest: [0-9]+ passed, 0 failed$'

	boot --mem 128 --smp 4 --hv-cmdline 'maxcpus=3 selftest=1'
	expect_status 0
	expect_line '^smp: CPU 2 \(APIC id 2\) online$'
	expect_no_line '^smp: CPU 3 '
	expect_line '^smp: 3 CPUs online$'
	expect_line '^selftest: smp: all CPUs cross-call all CPUs at once: ok$'
	expect_line '^selftest: [0-9]+ passed, 0 failed$'

	boot --mem 128
	expect_status 0
	expect_line '^smp: 1 CPU online$'

	boot --mem 128 --smp 2 --hv-cmdline 'test-fault=panic'
	expect_status 2
	expect_line '^Xenolith PANIC: test-fault=panic$'

	# A fatal fault on a secondary CPU: its report, then the end.
	boot --mem 128 --smp 2 --hv-cmdline 'test-fault=ap-pf'
	expect_status 2
	expect_line '^CPU: +1$'
	expect_line '^RIP: +e008:\[<ffff82d04[0-9a-f]{7}>\] fault_here\+'
	expect_line '^Xenolith PANIC: Fatal trap 14 \(page fault\)'
}
