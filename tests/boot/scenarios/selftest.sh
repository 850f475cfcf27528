# SPDX-License-Identifier: MIT
# selftest: selftest=1 allocates and frees all memory in several patterns
# (the free count must return exactly), checks scrubbing and xmalloc, takes
# and recovers from a deliberate breakpoint and #UD, and runs the timers.
scenario_selftest() {
	# A 3 MiB module: the heap must never hand out its frames.
	local mod=build/test-logs/boot/selftest-module.bin
	head -c $((3 * 1024 * 1024)) /dev/urandom >"$mod"
	boot --mem 128 --hv-cmdline 'selftest=1' "$mod selftest module"
	expect_line "^module 0: \[0x[0-9a-f]+, 0x[0-9a-f]+\) 3072 KiB 'selftest module'$"
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
