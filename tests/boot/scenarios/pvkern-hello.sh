# SPDX-License-Identifier: MIT
# pvkern-hello: our reference PV kernel boots as domain 0 on Xenolith, says
# hello through console_io (prefixed "(d0) "), runs two tests chosen on its
# command line and powers off; the hypervisor then ends the machine
# cleanly.
scenario_pvkern-hello() {
	boot --mem 256 'build/guest/pvkern/pvkern.elf tests=console,xen_version'
	expect_status 0
	expect_line '^Xenolith: starting domain 0$'
	expect_line '^\(d0\) pvkern: booting as dom0'
	expect_line '^\(d0\) pvkern: hypervisor 4\.17-xenolith, capabilities "xen-3\.0-x86_64 ?"$'
	expect_line '^\(d0\) pvkern: test console: ok$'
	expect_line '^\(d0\) pvkern: test xen_version: ok$'
	expect_line '^\(d0\) pvkern: 2 passed, 0 failed$'
	expect_line '^Xenolith: domain 0 shut down: poweroff$'
	expect_line '^Xenolith: powering off \(status 0\)$'
}
