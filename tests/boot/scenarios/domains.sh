# SPDX-License-Identifier: MIT
# domains: several domains at boot from the module strings. Domain 0 and an
# unprivileged domain 1 are built by the same builder and run side by side
# on one CPU; the domU prints through its console ring (the hypervisor's
# built-in backend), has no privilege, its xenstore port waits for domain 0
# and global VIRQs are refused to it; the event channel the module strings
# name connects port 9 of "guest" and port 7 of "ctl" before either starts
# and carries one event each way; ports run out at each domain's limit; a
# third description is malformed and reported; domain 0 hears VIRQ_DOM_EXC
# when the domU powers off, and VIRQ_CONSOLE when input arrives on the
# serial line (which it reads with CONSOLEIO_read); the machine ends with
# domain 0's status.
scenario_domains() {
	local k=build/guest/pvkern/pvkern.elf
	boot --mem 256 \
		"$k domain=ctl weight=512 -- quiet tests=rendezvous,dom_exc,evtchn_limit,console_input rendezvous=7,1,9 input=xenolith" \
		"$k domain=guest mem=16M evtchn=9:ctl:7 -- quiet tests=console,domu_start_info,rendezvous,evtchn_limit rendezvous=9,0,7" \
		"$k domain=broken bogus=1" <<<'----------xenolith'
	expect_status 0
	expect_line "^module 2: unknown option: 'bogus=1': no domain built$"
	expect_line '^domain 1 \(guest\): port 9 <-> domain 0 \(ctl\) port 7$'
	expect_line '^domain 0 \(ctl\): pvkern 0\.1, [0-9]+ MiB, 1 vCPU, '
	expect_line '^domain 1 \(guest\): pvkern 0\.1, 16 MiB, 1 vCPU, '
	expect_line '^Xenolith: starting domain 0$'
	expect_line '^Xenolith: starting domain 1$'
	expect_no_line '^Xenolith: starting domain 2'
	for t in console domu_start_info rendezvous evtchn_limit; do
		expect_line "^\(d1\) pvkern: test $t: ok$"
	done
	expect_line '^\(d1\) pvkern: 4 passed, 0 failed$'
	for t in rendezvous evtchn_limit console_input dom_exc; do
		expect_line "^\(d0\) pvkern: test $t: ok$"
	done
	expect_line '^\(d0\) pvkern: 4 passed, 0 failed$'
	expect_line '^Xenolith: domain 1 shut down: poweroff$'
	expect_line '^Xenolith: domain 1 destroyed$'
	expect_line '^Xenolith: domain 0 shut down: poweroff$'
	expect_line '^Xenolith: powering off \(status 0\)$'
	expect_no_line 'FAILED|Xenolith PANIC'
}
