# SPDX-License-Identifier: MIT
# selftest: selftest=1 allocates and frees all memory in several patterns
# (the free count must return exactly), checks scrubbing and xmalloc, takes
# and recovers from a deliberate breakpoint and #UD, and runs the timers.
scenario_selftest() {
	boot --mem 128 --hv-cmdline 'selftest=1'
	expect_status 0
	expect_line '^selftest: breakpoint taken and resumed: ok$'
	expect_line '^selftest: heap: all single frames: ok$'
	expect_line '^selftest: heap: largest blocks first: ok$'
	expect_line '^selftest: heap: random orders, random frees: ok$'
	expect_line '^selftest: heap: freed frames are scrubbed: ok$'
	expect_line '^selftest: timers fire in deadline order, not early: ok$'
	expect_line '^selftest: [0-9]+ passed, 0 failed$'
	expect_no_line 'FAILED'
	local n
	n=$(field '^selftest: ([0-9]+) passed, 0 failed$' 1)
	expect_range "selftests passed" "$n" 7 100
}
