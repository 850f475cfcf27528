# SPDX-License-Identifier: MIT
# timer: a domain sleeps on single-shot timers (set_timer_op and
# VCPUOP_set_singleshot_timer, 1-50 ms) and on a 10 ms periodic timer and
# checks, with its pvclock, that none fires early or very late, that a
# stopped timer stays quiet, and that its runstate shows it blocked. Its
# wallclock (read from the RTC at boot) must agree with the host's clock,
# and wall time must move with system time. Bounds are tolerant: TCG is
# not real time, this asserts correctness, not speed. The same tests run on
# Xen 4.17, to keep them honest about the ABI (e.g. a periodic tick never
# wakes a waiting vCPU there: it runs only while its vCPU does).
scenario_timer() {
	local before after wall t
	before=$(date +%s)
	boot --mem 128 'build/guest/pvkern/pvkern.elf tests=wallclock,evtchn_timer,singleshot_timer,runstate,timer_oneshot,timer_periodic'
	after=$(date +%s)
	expect_status 0
	expect_line '^time: RTC [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC, Unix time [0-9]+$'
	for t in wallclock evtchn_timer singleshot_timer runstate \
		timer_oneshot timer_periodic; do
		expect_line "^\(d0\) pvkern: test $t: ok$"
	done
	expect_line '^\(d0\) pvkern: set_timer_op 20 ms: woke after [0-9]+ us$'
	expect_line '^\(d0\) pvkern: singleshot 50 ms: woke after [0-9]+ us$'
	expect_line '^\(d0\) pvkern: 20 periodic ticks of 10 ms in [0-9]+ us$'
	expect_line '^\(d0\) pvkern: 6 passed, 0 failed$'
	wall=$(field '^\(d0\) pvkern: wallclock [0-9.]+, wall time now ([0-9]+) s$' 1)
	expect_range "guest wall time vs the host's" "$wall" $((before - 5)) $((after + 5))

	local pfx='^(\((XEN|d0)\) )?'
	boot --hypervisor xen-4.17 --mem 256 'build/guest/pvkern/pvkern.elf quiet tests=wallclock,timer_oneshot,timer_periodic'
	expect_status 0
	for t in wallclock timer_oneshot timer_periodic; do
		expect_line "${pfx}pvkern: test $t: ok$"
	done
}
