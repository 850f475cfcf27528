# SPDX-License-Identifier: MIT
# sched-weight: CPU-bound domains share one CPU by weight. Two pvkern
# domains, weights 512 and 256, meet on a channel, spin for 2 s and report
# the share of the CPU their runstate says they had: the ratio must be
# 2:1 +-20%. Then a third domain with a large weight but a 25% cap joins
# them: it never gets more than its cap (over the window, and over each
# 500 ms quarter, allowing one accounting period's worth of banked credit,
# 7.5 ms), and the other two still share the rest 2:1 +-20%.
sched_shares() {
	local i
	for i in "$@"; do
		field "^\(d$i\) pvkern: sched: share ([0-9]+) permille" 1
	done
}

expect_ratio() {
	local name=$1 a=$2 b=$3
	if ! [[ $a =~ ^[0-9]+$ && $b =~ ^[0-9]+$ ]] || [ "$b" -eq 0 ]; then
		fail "$name: shares '$a' and '$b' (log: $LAST_LOG)"
		return
	fi
	expect_range "$name (x100)" $((a * 100 / b)) 160 240
}

scenario_sched-weight() {
	local k=build/guest/pvkern/pvkern.elf s q
	local spin="quiet tests=sched_spin spin_ms=2000"
	boot --mem 128 \
		"$k domain=heavy weight=512 -- $spin sync=10 lead=1" \
		"$k domain=light weight=256 mem=16M evtchn=10:heavy:10 -- $spin sync=10"
	expect_status 0
	expect_line '^\(d0\) pvkern: test sched_spin: ok$'
	expect_line '^\(d1\) pvkern: test sched_spin: ok$'
	mapfile -t s < <(sched_shares 0 1)
	expect_ratio "heavy:light, two domains" "${s[0]}" "${s[1]}"
	# Together they had the CPU (their windows start a few us apart).
	expect_range "heavy+light permille" $((${s[0]:-0} + ${s[1]:-0})) 900 1040

	boot --mem 128 \
		"$k domain=heavy weight=512 -- $spin sync=10,11 lead=1" \
		"$k domain=light weight=256 mem=16M evtchn=10:heavy:10 -- $spin sync=10" \
		"$k domain=capped weight=1024 cap=25 mem=16M evtchn=11:heavy:11 -- $spin sync=11"
	expect_status 0
	expect_line '^\(d2\) pvkern: test sched_spin: ok$'
	mapfile -t s < <(sched_shares 0 1 2)
	expect_ratio "heavy:light, beside a capped domain" "${s[0]}" "${s[1]}"
	expect_range "capped domain's share (permille)" "${s[2]}" 150 265
	q=$(field '^\(d2\) pvkern: sched: share [0-9]+ permille of [0-9]+ ms, quarters ([0-9 ]+) permille' 1)
	for s in $q; do
		expect_range "capped domain's share of a quarter (permille)" "$s" 0 285
	done
}
