# SPDX-License-Identifier: MIT
# pvkern-hostile: pvkern as domain 0 attacks the hypervisor (its hostile_*
# tests, run only on request): hypervisor, unmapped and non-canonical
# pointers, huge counts, bad sub-ops and foreign frames passed to every
# implemented hypercall; privileged instructions, system-call MSRs, port
# I/O, the hypervisor's memory and selectors, hostile descriptors (an LDT
# at address 0 with a call gate into the hypervisor among them), trap
# tables, callbacks and segment bases aimed at the hypervisor, iret frames
# the CPU refuses, a #PF handler faulting 16 levels deep. Each attack
# prints one line; every attack listed below must be "refused" (the errno
# or trap Xen 4.17 gives, and a check that nothing changed), none ALLOWED
# or UNEXPECTED, the guest keeps running to a clean poweroff and the
# hypervisor never panics. A second
# boot recurses on faults until the guest's stack runs out: the domain,
# and only the domain, is crashed with its registers printed.
# pvkern-on-xen runs the same suite on Xen 4.17 (hostile_expect_refused).

HOSTILE_TESTS=hostile_hypercalls,hostile_events,hostile_memory,hostile_cpu
HOSTILE_TESTS+=,hostile_descriptors,hostile_traps,hostile_recursion

HOSTILE_ATTACKS=(
	# hostile_hypercalls
	hypercall_unused_11 hypercall_64 hypercall_huge
	xen_version_bad_cmd xen_version_into_m2p xen_version_into_hypervisor
	xen_version_noncanonical xen_version_unmapped
	xen_version_into_page_table xen_version_from_hypervisor
	console_write_from_hypervisor console_write_noncanonical
	console_write_huge_count console_bad_cmd console_read_huge_count
	sched_op_bad_cmd sched_op_compat_bad_cmd sched_shutdown_from_hypervisor
	sched_shutdown_code_noncanonical sched_remote_shutdown_missing_domain
	vm_assist_bad_cmd vm_assist_bad_type vm_assist_type_64
	vm_assist_type_huge vm_assist_bad_cmd_and_type
	multicall_from_hypervisor multicall_noncanonical multicall_nested
	multicall_bad_entries multicall_huge_count
	memory_op_bad_cmd memory_op_from_hypervisor memory_op_missing_domain
	machphys_mapping_into_m2p machine_memory_map_into_hypervisor
	machine_memory_map_huge_count memory_map_from_hypervisor
	physdev_bad_cmd physdev_iopl_from_hypervisor physdev_iopl_4
	debugreg_hypervisor_address debugreg_m2p_address debugreg_noncanonical
	debugreg_dr7_general_detect debugreg_dr7_io_breakpoint
	debugreg_dr6_high_bits debugreg_set_dr8 debugreg_set_negative
	debugreg_get_dr8
	# hostile_events
	vcpu_op_missing_vcpu vcpu_op_vcpu_4096 vcpu_op_bad_cmd
	vcpu_runstate_into_m2p vcpu_runstate_area_in_hypervisor
	vcpu_info_from_hypervisor vcpu_info_foreign_frame
	vcpu_info_in_page_table vcpu_info_across_page
	vcpu_initialise_from_hypervisor vcpu_initialise_running_vcpu
	vcpu_initialise_missing_vcpu
	timer_period_zero timer_period_1ns
	evtchn_bad_cmd evtchn_arg_in_hypervisor evtchn_status_into_m2p
	evtchn_send_port_huge evtchn_send_port_4096 evtchn_unmask_port_4096
	evtchn_close_port_huge evtchn_close_port_0 evtchn_bind_virq_huge
	evtchn_bind_virq_missing_vcpu evtchn_bind_ipi_missing_vcpu
	evtchn_bind_vcpu_missing_vcpu evtchn_bind_interdomain_missing_domain
	evtchn_bind_interdomain_port_huge evtchn_alloc_unbound_missing_domain
	evtchn_status_port_huge evtchn_reset_missing_domain
	timer_negative_deadline timer_far_deadline
	# hostile_memory
	mmu_update_from_hypervisor mmu_update_noncanonical
	mmu_update_huge_count mmu_update_done_into_m2p
	mmu_update_map_foreign_frame mmu_update_write_foreign_frame
	mmu_update_map_l4_writable mmu_update_hypervisor_l4_slot
	mmu_update_l4_self_map_writable mmu_update_l2_superpage
	mmu_update_l3_superpage mmu_update_m2p_of_foreign_frame
	mmu_update_missing_domain mmu_update_missing_pt_owner
	mmuext_from_hypervisor mmuext_bad_cmd mmuext_huge_count
	mmuext_missing_domain mmuext_pin_foreign_frame
	mmuext_pin_l1_mapping_foreign mmuext_new_baseptr_foreign
	mmuext_new_user_baseptr_foreign mmuext_unpin_foreign
	mmuext_unpin_not_pinned mmuext_clear_page_table
	mmuext_copy_into_page_table mmuext_clear_foreign_frame
	mmuext_copy_from_foreign_frame mmuext_flush_mask_in_hypervisor
	mmuext_invlpg_mask_noncanonical mmuext_ldt_in_hypervisor
	mmuext_ldt_too_long
	uvm_hypervisor_va uvm_noncanonical_va uvm_va_without_l1
	uvm_map_foreign_frame uvm_map_l1_writable
	uvm_flush_bitmap_in_hypervisor uvm_otherdomain_missing_domain
	uvm_otherdomain_foreign_frame
	ptwr_map_foreign_frame ptwr_map_l4_writable ptwr_write_l2_entry
	ptwr_straddling_store
	# hostile_cpu
	hlt cli sti mov_cr3_foreign_frame mov_cr3_data_page mov_cr0_clear_wp
	lgdt lidt ltr lldt swapgs sysret invlpg mov_dr7_general_detect
	fpu_taskswitch_garbage
	wrmsr_lstar wrmsr_star wrmsr_cstar wrmsr_sfmask wrmsr_sysenter_cs
	wrmsr_sysenter_esp wrmsr_sysenter_eip sysenter_after_msr_writes
	rdmsr_lstar rdmsr_sysenter_eip
	in_port_0x80 out_pic_mask out_debug_exit in_pci_config rep_outsb_serial
	watchpoint_on_hypercall_buffer mov_ss_syscall
	int_timer_vector int_double_fault int_machine_check
	int_0x80_unregistered
	read_hypervisor_text write_hypervisor_text exec_hypervisor_text
	read_hypervisor_directmap write_hypervisor_directmap read_gdt_window
	write_m2p exec_m2p read_noncanonical
	# hostile_descriptors
	gdt_dpl0_code gdt_dpl0_data gdt_call_gate_dpl3 call_gate_use
	update_descriptor_gate_to_hypervisor update_descriptor_tss
	update_descriptor_ldt update_descriptor_interrupt_gate
	update_descriptor_trap_gate update_descriptor_dpl0_code
	update_descriptor_unaligned update_descriptor_foreign_frame
	update_descriptor_into_page_table update_descriptor_beyond_ram
	set_gdt_from_hypervisor set_gdt_too_many_entries set_gdt_foreign_frame
	set_gdt_page_table set_gdt_gate_to_hypervisor
	far_jump_hypervisor_cs far_call_hypervisor_cs
	load_hypervisor_data_selector ldt_at_address_zero
	ldt_call_gate_to_hypervisor
	# hostile_traps
	set_trap_table_from_hypervisor set_trap_table_noncanonical
	set_trap_table_unterminated trap_handler_in_hypervisor
	callback_op_bad_cmd callback_op_from_hypervisor callback_noncanonical
	callback_bad_type callback_unregister_event
	nmi_op_bad_cmd nmi_op_from_hypervisor nmi_op_noncanonical
	event_callback_in_hypervisor set_callbacks_noncanonical
	stack_switch_hypervisor_ss
	segment_base_bad_which segment_base_noncanonical
	fs_base_in_hypervisor gs_base_in_hypervisor
	iret_hypervisor_cs iret_null_cs iret_ldt_cs iret_hypervisor_ss
	iret_noncanonical_rip iret_iopl3 iret_ldt_dpl0_code
	multicall_iret_hypervisor_cs
	# hostile_recursion
	fault_recursion
)

# hostile_expect_refused PREFIX: the checks on OUT that both hypervisors
# share; PREFIX matches what precedes "pvkern:" on the console line.
hostile_expect_refused() {
	local pfx=$1 a n t
	for t in ${HOSTILE_TESTS//,/ }; do
		expect_line "${pfx}pvkern: test $t: ok$"
	done
	for a in "${HOSTILE_ATTACKS[@]}"; do
		expect_line "${pfx}pvkern: attack $a: refused \(.+\)$"
	done
	expect_no_line 'pvkern: attack [a-z0-9_]+: (ALLOWED|UNEXPECTED)'
	# Every attack made is listed above, so none goes unchecked.
	n=$(grep -Ec 'pvkern: attack [a-z0-9_]+: ' <<<"$OUT")
	[ "$n" = "${#HOSTILE_ATTACKS[@]}" ] ||
		fail "$n attack lines, ${#HOSTILE_ATTACKS[@]} listed (log: $LAST_LOG)"
}

scenario_pvkern-hostile() {
	boot --mem 256 "build/guest/pvkern/pvkern.elf quiet tests=$HOSTILE_TESTS"
	expect_status 0
	hostile_expect_refused '^\(d0\) '
	expect_line "^\(d0\) pvkern: [0-9]+ passed, 0 failed$"
	expect_no_line 'pvkern: PANIC'
	expect_no_line 'Xenolith PANIC'
	expect_line '^Xenolith: powering off \(status 0\)$'

	# A #PF handler that faults again forever, on a 16 KiB stack with an
	# unmapped page below: when the stack runs out the bounce frame
	# cannot be written, and only the domain may die, with its registers.
	boot --mem 256 \
		'build/guest/pvkern/pvkern.elf quiet tests=hostile_recursion_unbounded'
	expect_status 1
	expect_line '^\(d0\) pvkern: attack fault_recursion_unbounded: recursing '
	expect_line '^Xenolith: domain 0 crashed: cannot write a bounce frame at 0xffffffffbff3[0-9a-f]{4} \(vector 14\)$'
	expect_line '^d0v0 kernel mode, RIP e033:\[<ffffffff8[0-9a-f]{7}>\]'
	expect_line '^rbp: [0-9a-f]{16} +rsp: ffffffffbff3[0-9a-f]{4} '
	expect_line '^Xenolith: domain 0 shut down: crash$'
	expect_line '^Xenolith: a domain crashed; stopping \(status 1\)$'
	expect_no_line 'pvkern: test hostile_recursion_unbounded'
	expect_no_line 'Xenolith PANIC'
	expect_no_line 'fatal trap'
}
