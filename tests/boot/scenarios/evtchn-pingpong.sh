# SPDX-License-Identifier: MIT
# evtchn-pingpong: two pvkern domains bounce a counter 100,000 times over
# four interdomain event channels the module strings connect (ports 10-13
# on both sides). Value v travels on port 10 + v % 4, so each side checks
# that every value it is due arrives on the right port, exactly once, in
# order, and that nothing arrives after the last one; a lost event would
# time out. Every bounce blocks one domain in SCHEDOP_poll and wakes the
# other on the same CPU.
scenario_evtchn-pingpong() {
	local k=build/guest/pvkern/pvkern.elf d
	local ch="evtchn=10:pong:10 evtchn=11:pong:11 evtchn=12:pong:12 evtchn=13:pong:13"
	BOOT_TIMEOUT=150 boot --mem 128 \
		"$k domain=ping $ch -- quiet tests=pingpong pp=10,4,100000 lead=1" \
		"$k domain=pong mem=16M -- quiet tests=pingpong pp=10,4,100000"
	expect_status 0
	for p in 10 11 12 13; do
		expect_line "^domain 0 \(ping\): port $p <-> domain 1 \(pong\) port $p$"
	done
	for d in 0 1; do
		expect_line "^\(d$d\) pvkern: pingpong: 100000 values, 50000 received in order, last 100000, [0-9]+ us per bounce$"
		expect_line "^\(d$d\) pvkern: test pingpong: ok$"
		expect_line "^\(d$d\) pvkern: 1 passed, 0 failed$"
	done
	expect_line '^Xenolith: powering off \(status 0\)$'
	expect_no_line 'FAILED|Xenolith PANIC'
}
