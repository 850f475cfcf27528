# SPDX-License-Identifier: MIT
# pvkern-selftest: the reference PV kernel runs its whole in-guest suite as
# domain 0 on Xenolith (traps and bounces, iret and callbacks, GDT, page
# tables and their protection, writable page tables, user mode, emulation,
# events and timers) and every test must pass; a second boot with a quiet
# subset checks the command line reaches the guest. The hypervisor must
# never panic and must end the machine cleanly when domain 0 powers off.
scenario_pvkern-selftest() {
	local n t
	boot --mem 256 build/guest/pvkern/pvkern.elf
	expect_status 0
	expect_line '^\(d0\) pvkern: booting as dom0'
	expect_line '^\(d0\) pvkern: [0-9]+ passed, 0 failed$'
	expect_no_line 'pvkern: test [a-z0-9_]+: FAILED'
	expect_no_line 'pvkern: PANIC'
	expect_no_line 'Xenolith PANIC'
	for t in console xen_version platform_parameters start_info m2p_p2m \
		hypercall_page hypercall_paths trap_table callbacks int3 \
		kernel_page_fault gdt debug_traps msr pagetable pt_protection \
		pt_pin_switch update_va_mapping mmu_batches writable_pagetables \
		machphys_update mmu_continuation ldt user_syscall \
		user_page_fault user_divide_error \
		user_isolation multicall sched_yield vcpu_is_up \
		memory_reservation segment_base fpu_nm cpuid register_vcpu_info \
		evtchn_timer singleshot_timer runstate evtchn_ipi \
		evtchn_loopback; do
		expect_line "^\(d0\) pvkern: test $t: ok$"
	done
	# Xenolith continues long batches after a fixed amount of work.
	expect_line '^\(d0\) pvkern: mmu_update batch of 3000: count register came back 0x8[0-9a-f]{7} \(continued\)$'
	n=$(field '^\(d0\) pvkern: ([0-9]+) passed, 0 failed$' 1)
	expect_range "pvkern tests passed" "$n" 39 1000
	expect_line '^Xenolith: domain 0 shut down: poweroff$'
	expect_line '^Xenolith: powering off \(status 0\)$'

	boot --mem 256 \
		'build/guest/pvkern/pvkern.elf quiet tests=cpuid,user_syscall,writable_pagetables'
	expect_status 0
	expect_line '^\(d0\) pvkern: 3 passed, 0 failed$'
	expect_no_line 'pvkern: test multicall'
}
