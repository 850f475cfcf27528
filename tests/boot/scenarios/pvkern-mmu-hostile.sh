# SPDX-License-Identifier: MIT
# pvkern-mmu-hostile: pvkern as domain 0 runs its MMU attack suite
# (test_mmu_hostile.c): writable mappings of page-table frames (direct,
# through a second alias, through the writable_pagetables assist), type
# confusion, tables unpinned or given back while in use, other domains' and
# the hypervisor's frames, hypervisor L4 slots, superpages, linear tables
# beyond one level, huge counts, done pointers into hypervisor memory. Every
# attack must be refused - Xen's answer and nothing changed - and afterwards
# the guest goes on and powers off cleanly. The same image then runs the
# suite on Debian's Xen 4.17, which must refuse them all the same way.
MMU_ATTACKS="pt_writable_direct pt_writable_alias pt_writable_ptwr \
pt_l2_as_l1 pt_l4_as_l3 pt_l3_as_own_l2 pt_self_map_writable \
pt_linear_two_levels pt_linear_to_linear_holder pt_hypervisor_l4_slot_256 \
pt_hypervisor_l4_slot_262 pt_hypervisor_l4_slot_268 pt_superpage_l2 \
pt_superpage_l3 pt_map_foreign_frame pt_map_m2p_frame \
pt_map_m2p_frame_readonly pt_mmu_update_huge_count pt_mmuext_huge_count \
pt_done_into_m2p pt_mmuext_done_into_m2p pt_done_into_hypervisor_text \
pt_done_noncanonical pt_decrease_pinned pt_unpin_in_use pt_free_in_use \
pt_free_in_use_release"

mmu_hostile_checks() {
	local pfx=$1 a n
	for a in $MMU_ATTACKS; do
		expect_line "${pfx}pvkern: attack $a: refused \(.+\)$"
	done
	expect_no_line 'pvkern: attack [a-z0-9_]+: (ALLOWED|UNEXPECTED)'
	n=$(grep -cE "${pfx}pvkern: attack pt_[a-z0-9_]+: " <<<"$OUT")
	expect_range "attack lines" "$n" "$(wc -w <<<"$MMU_ATTACKS")" \
		"$(wc -w <<<"$MMU_ATTACKS")"
	expect_line "${pfx}pvkern: test mmu_hostile: ok$"
	expect_line "${pfx}pvkern: 1 passed, 0 failed$"
}

scenario_pvkern-mmu-hostile() {
	boot --mem 256 'build/guest/pvkern/pvkern.elf tests=mmu_hostile'
	expect_status 0
	mmu_hostile_checks '^\(d0\) '
	expect_no_line 'Xenolith PANIC'
	expect_line '^Xenolith: domain 0 shut down: poweroff$'

	boot --hypervisor xen-4.17 --mem 256 \
		'build/guest/pvkern/pvkern.elf tests=mmu_hostile'
	expect_status 0
	mmu_hostile_checks '^(\((XEN|d0)\) )?'
}
