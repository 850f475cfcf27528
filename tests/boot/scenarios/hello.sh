# SPDX-License-Identifier: MIT
# hello: the hypervisor boots, prints its banner and the memory line, and
# powers off cleanly; the memory it reports follows QEMU's -m.
scenario_hello() {
	local mem total free
	for mem in 256 1024; do
		boot --mem "$mem"
		expect_status 0
		expect_line '^Xenolith [0-9]+\.[0-9]+\.[0-9]+ '
		expect_line '^memory: [0-9]+ MiB total, [0-9]+ MiB free$'
		expect_line '^Xenolith: powering off \(status 0\)$'
		total=$(field '^memory: ([0-9]+) MiB total, ([0-9]+) MiB free$' 1)
		free=$(field '^memory: ([0-9]+) MiB total, ([0-9]+) MiB free$' 2)
		# QEMU keeps a little below 1 MiB and at the top of low RAM.
		expect_range "total at --mem $mem" "$total" $((mem - 8)) "$mem"
		expect_range "free at --mem $mem" "$free" $((mem - 24)) "$total"
	done
	# mem= caps what the hypervisor uses.
	boot --mem 256 --hv-cmdline 'mem=128M'
	expect_status 0
	total=$(field '^memory: ([0-9]+) MiB total' 1)
	expect_range "total with mem=128M" "$total" 120 128
}
