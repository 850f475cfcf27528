#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# A bounded libFuzzer run of the xenstored message parser (fuzz_proto.c)
# from the committed seeds; a crash, sanitizer report or broken tree
# invariant fails it. Usage: fuzz-run.sh FUZZER SECONDS
set -u
fuzzer=$1 secs=$2
seeds=$(dirname "$0")/fuzz-seeds
corpus=$(mktemp -d /tmp/xenstore-fuzz.XXXXXX)
trap 'rm -rf "$corpus"' EXIT
cp "$seeds"/* "$corpus"/
# Nodes are freed after an RCU grace period, on another thread, so
# libFuzzer's per-input leak check would only see noise.
if "$fuzzer" -max_total_time="$secs" -max_len=8192 -print_final_stats=1 -detect_leaks=0 \
	"$corpus" >"$corpus.log" 2>&1; then
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$corpus.log" | grep -o '[0-9]*$')
	echo "fuzzed ${runs:-?} inputs in ${secs}s without a crash"
	rm -f "$corpus.log"
	echo "xenstore-fuzz: 1 passed, 0 failed"
else
	tail -n 60 "$corpus.log"
	rm -f "$corpus.log"
	echo "xenstore-fuzz: 0 passed, 1 failed"
	exit 1
fi
