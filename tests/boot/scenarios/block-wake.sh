# SPDX-License-Identifier: MIT
# block-wake: a domain blocked in SCHEDOP_block is woken by an event from
# another domain (not before that domain, busy for 20 ms, sent it) and by
# a 15 ms timer; SCHEDOP_poll on its port times out at its 25 ms deadline
# with nothing pending, and returns early when the other domain sends;
# polls of too many ports or of a port past the limit are refused; the
# runstate counts the time spent blocked. The helper domain answers each
# request over the channel the module strings connect.
scenario_block-wake() {
	local k=build/guest/pvkern/pvkern.elf
	boot --mem 128 \
		"$k domain=checker -- tests=block_wake wake=5 delay_ms=20" \
		"$k domain=helper mem=16M evtchn=6:checker:5 -- quiet tests=wake_helper wake=6 delay_ms=20 requests=2"
	expect_status 0
	expect_line '^\(d0\) pvkern: block: woken by the helper.s event after [0-9]+ us$'
	expect_line '^\(d0\) pvkern: block: woken by a 15 ms timer after [0-9]+ us$'
	expect_line '^\(d0\) pvkern: poll: timed out after [0-9]+ us$'
	expect_line '^\(d0\) pvkern: poll: the helper.s event after [0-9]+ us$'
	expect_line '^\(d0\) pvkern: test block_wake: ok$'
	expect_line '^\(d1\) pvkern: test wake_helper: ok$'
	expect_line '^\(d1\) pvkern: 1 passed, 0 failed$'
	expect_line '^Xenolith: powering off \(status 0\)$'
	expect_no_line 'FAILED|Xenolith PANIC'
}
