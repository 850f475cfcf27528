# SPDX-License-Identifier: MIT
# smp: the hypervisor finds the CPUs in the ACPI MADT and brings every
# secondary one up (INIT-SIPI-SIPI, the real-mode trampoline, long mode on
# its own stack, GDT, TSS and local APIC); each says so and the count of
# online CPUs follows QEMU's -smp and maxcpus=.
scenario_smp() {
	boot --mem 128 --smp 2
	expect_status 0
	expect_line '^smp: CPU 1 \(APIC id 1\) online$'
	expect_line '^smp: 2 CPUs online$'
	expect_no_line 'did not start'

	boot --mem 128 --smp 4 --hv-cmdline 'maxcpus=3'
	expect_status 0
	expect_line '^smp: CPU 2 \(APIC id 2\) online$'
	expect_no_line '^smp: CPU 3 '
	expect_line '^smp: 3 CPUs online$'

	boot --mem 128
	expect_status 0
	expect_line '^smp: 1 CPU online$'
}
