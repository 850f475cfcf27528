# SPDX-License-Identifier: MIT
# pvkern-mmu: pvkern's MMU suite (test_mmu.c) as domain 0 with 512 MiB:
# address spaces built, switched and destroyed, a copy-on-write fork of a
# 64 MiB address space, stores into live L1 tables, ballooning out and in,
# reservation limits, address bits and partial progress, exchange, every
# TLB flush flavour, user-mode #PFs bounced back. On Xenolith every frame
# given back must come back zeroed (Xen scrubs only dying domains); the same
# image then runs the suite on Debian's Xen 4.17, where it must pass too.
MMU_TESTS="mmu_address_spaces mmu_fork_64m mmu_pt_stores mmu_balloon \
mmu_reservation_rules mmu_exchange mmu_flushes mmu_user_faults"

scenario_pvkern-mmu() {
	local t list pfx='^(\((XEN|d0)\) )?'

	list=$(tr ' ' ',' <<<"$MMU_TESTS")
	boot --mem 512 "build/guest/pvkern/pvkern.elf tests=$list"
	expect_status 0
	for t in $MMU_TESTS; do
		expect_line "^\(d0\) pvkern: test $t: ok$"
	done
	expect_line '^\(d0\) pvkern: 8 passed, 0 failed$'
	expect_line '^\(d0\) pvkern: ballooned 1024 pages out and in \(reservation [0-9]+\), 0 came back with old data$'
	expect_line '^\(d0\) pvkern: exchanged 8 pages for mfn 0x[0-9a-f]+, 0 with old data$'
	expect_no_line 'Xenolith PANIC'
	expect_line '^Xenolith: domain 0 shut down: poweroff$'

	boot --hypervisor xen-4.17 --mem 512 \
		"build/guest/pvkern/pvkern.elf quiet tests=$list"
	expect_status 0
	for t in $MMU_TESTS; do
		expect_line "${pfx}pvkern: test $t: ok$"
	done
	expect_line "${pfx}pvkern: 8 passed, 0 failed$"
}
