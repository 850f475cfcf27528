# SPDX-License-Identifier: MIT
# scrub: no data crosses domains through freed memory. Domain 0 (the
# taker) gives back 8192 of its pages to make room; domain 1 (the giver)
# fills all its free memory with a pattern, gives 4096 of those pages back
# and lists the frames; the taker takes 4096 pages (populate_physmap) and
# lists and inspects them; the giver powers off, its destruction frees the
# rest of its pattern-filled memory, and the taker takes 4096 more. The
# frames taken must include frames given (else the check proves nothing),
# and not one qword of the pattern, nor any other data, may be seen.
# Before that, while both run, the control domain maps a frame of the
# other (foreigndom, update_va_mapping_otherdomain) and the unprivileged
# one is refused the same (mmu_foreign).

# The frames in "scrub: WHAT MFN+N" lines of $OUT, one per line.
scrub_frames() {
	grep -E "^\(d[01]\) pvkern: scrub: $1 0x[0-9a-f]+\+[0-9]+$" <<<"$OUT" |
		sed -E 's/.* (0x[0-9a-f]+)\+([0-9]+)$/\1 \2/' |
		while read -r start len; do
			seq $((start)) $((start + len - 1))
		done
}

scenario_scrub() {
	local k=build/guest/pvkern/pvkern.elf given taken both
	boot --mem 256 --hv-cmdline 'dom0_mem=96M' \
		"$k domain=taker -- quiet tests=mmu_foreign,scrub_take scrub=7" \
		"$k domain=giver mem=32M evtchn=9:taker:7 -- quiet tests=mmu_foreign,scrub_give scrub=9"
	expect_status 0
	expect_line '^\(d1\) pvkern: test scrub_give: ok$'
	expect_line '^\(d0\) pvkern: test scrub_take: ok$'
	expect_line '^\(d0\) pvkern: test mmu_foreign: ok$'
	expect_line '^\(d1\) pvkern: test mmu_foreign: ok$'
	expect_line '^\(d0\) pvkern: scrub: took 4096 frames: 0 with data, 0 qwords of the pattern$'
	expect_line '^\(d0\) pvkern: scrub: took after destruction 4096 frames: 0 with data, 0 qwords of the pattern$'
	expect_line '^Xenolith: domain 1 destroyed$'
	expect_no_line 'Xenolith PANIC'
	# Most of what was given back must have been taken again, and after
	# the giver's destruction, more of its pattern-filled memory.
	given=$(scrub_frames gave | sort -u)
	taken=$(scrub_frames took | sort -u)
	both=$(comm -12 <(echo "$given") <(echo "$taken") | grep -c .)
	expect_range "frames given back, then taken" "$both" 1024 4096
	given=$(comm -23 <(scrub_frames filled | sort -u) <(echo "$given"))
	taken=$(scrub_frames 'took after destruction' | sort -u)
	both=$(comm -12 <(echo "$given") <(echo "$taken") | grep -c .)
	expect_range "frames freed with the giver, then taken" "$both" 512 4096
}
