#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Runs a test program against a private xenstored: a fresh temporary
# directory holds the socket, the pid file, the ring files and the log; the
# daemon is always stopped at the end, even when the test fails or is
# interrupted. The daemon's log must be free of sanitizer reports (for the
# ASan+UBSan build). "@DIR@" in daemon args is that directory (for example
# --ring-dir @DIR@ to attach test rings).
# Usage: run-with-daemon.sh DAEMON [daemon args --] TEST [args]
set -u
daemon=$1; shift
dargs=()
if printf '%s\n' "$@" | grep -qx -- --; then
	while [ "$1" != -- ]; do dargs+=("$1"); shift; done
	shift
fi
dir=$(mktemp -d /tmp/xenstore-test.XXXXXX)
for i in "${!dargs[@]}"; do dargs[$i]=${dargs[$i]//@DIR@/$dir}; done
pid=
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export XENSTORED_PATH=$dir/socket
export XS_RING_DIR=$dir
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
"$daemon" --socket "$dir/socket" --pid-file "$dir/pid" --log-level warn \
	${dargs[@]+"${dargs[@]}"} 2>"$dir/log" &
pid=$!
for _ in $(seq 100); do [ -S "$dir/socket" ] && break; sleep 0.05; done
"$@"
rc=$?
if ! kill -0 "$pid" 2>/dev/null; then
	echo "run-with-daemon: xenstored died during the test"
	cat "$dir/log"
	rc=1
fi
kill -TERM "$pid" 2>/dev/null
wait "$pid"
drc=$?
pid=
if [ "$drc" != 0 ]; then
	echo "run-with-daemon: xenstored exited with status $drc"
	cat "$dir/log"
	rc=1
fi
if grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' "$dir/log"; then
	echo "run-with-daemon: sanitizer report from xenstored:"
	cat "$dir/log"
	rc=1
fi
exit $rc
