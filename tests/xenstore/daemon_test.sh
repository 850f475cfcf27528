#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# xenstored as a program: --help, option errors, $XENSTORED_PATH, the pid
# file, clean shutdown on SIGTERM and SIGINT (socket and pid file removed),
# the JSON dump on SIGUSR1 (nodes, ACLs, watches, a transaction in flight,
# connections) and --restore from it. Every daemon started here is killed
# on exit. Usage: daemon_test.sh BUILD_DIR
set -u
B=$1
D=$B/xenstored
dir=$(mktemp -d /tmp/xenstore-daemon.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
pass=0 fail=0
check() {
	local what=$1; shift
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
wait_for() { for _ in $(seq 100); do [ -e "$1" ] && return 0; sleep 0.05; done; return 1; }
gone() { for _ in $(seq 100); do [ -e "$1" ] || return 0; sleep 0.05; done; return 1; }
dead() { for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.05; done; return 1; }

help=$($D --help)
check "--help exits 0" test $? = 0
for o in --socket --dump --restore --log-level --pid-file --ring-dir --entry-nb --quota; do
	check "--help lists $o" grep -q -- "$o" <<<"$help"
done
$D --bogus >/dev/null 2>&1
check "unknown option exits 2" test $? = 2
$D --log-level loud >/dev/null 2>&1
check "bad log level exits 2" test $? = 2

# Socket from the environment, pid file, SIGTERM.
export XENSTORED_PATH=$dir/env.sock
$D --pid-file "$dir/pid" 2>"$dir/log1" &
pid=$!; pids+=($pid)
check "XENSTORED_PATH socket" wait_for "$dir/env.sock"
check "pid file" wait_for "$dir/pid"
check "pid file holds the pid" test "$(cat "$dir/pid" 2>/dev/null)" = "$pid"
check "client uses XENSTORED_PATH" $B/xenstore-write /env/ok 1
kill -TERM $pid
check "SIGTERM stops" dead $pid
wait $pid
check "exit status 0" test $? = 0
check "socket removed" gone "$dir/env.sock"
check "pid file removed" gone "$dir/pid"

# --socket beats the environment; SIGINT; debug logging.
$D --socket "$dir/opt.sock" --log-level debug 2>"$dir/log2" &
pid=$!; pids+=($pid)
check "--socket path" wait_for "$dir/opt.sock"
XENSTORED_PATH=$dir/opt.sock $B/xenstore-read /tool/xenstored >/dev/null
check "debug log lines" grep -q "debug: conn" "$dir/log2"
kill -INT $pid
check "SIGINT stops" dead $pid
check "socket removed after SIGINT" gone "$dir/opt.sock"

# Dump on SIGUSR1 with live watch and transaction, then restore.
export XENSTORED_PATH=$dir/s.sock
$D --dump "$dir/dump.json" 2>"$dir/log3" &
pid=$!; pids+=($pid)
wait_for "$dir/s.sock"
$B/xenstore-write /d/a "value a" /d/b/c "x"
$B/xenstore-chmod /d/b n0 r5 w6
$B/xenstore-watch /d >/dev/null &
wpid=$!; pids+=($wpid)
python3 - "$dir/s.sock" "$dir/tx-ready" <<'PY' &
import socket, struct, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(struct.pack('<IIII', 6, 1, 0, 1) + b'\0')
h = s.recv(16); s.recv(struct.unpack('<IIII', h)[3])
open(sys.argv[2], 'w').close()
time.sleep(3)
PY
txpid=$!; pids+=($txpid)
wait_for "$dir/tx-ready"
sleep 0.2
kill -USR1 $pid
check "dump written on SIGUSR1" wait_for "$dir/dump.json"
check "dump is JSON with nodes, watches, transactions" python3 - "$dir/dump.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
nodes = {n["path"]: n for n in d["nodes"]}
assert nodes["/d/a"]["value"] == "value a"
assert nodes["/d/b"]["perms"] == ["n0", "r5", "w6"]
assert "/tool/xenstored" in nodes
conns = d["connections"]
assert any(w["path"] == "/d" for c in conns for w in c["watches"])
assert any(c["transactions"] for c in conns)
assert "@introduceDomain" in d["special"]
PY
kill $wpid $txpid 2>/dev/null
kill -TERM $pid; dead $pid
unset XENSTORED_PATH
export XENSTORED_PATH=$dir/r.sock
$D --restore "$dir/dump.json" 2>"$dir/log4" &
pid=$!; pids+=($pid)
check "restored daemon up" wait_for "$dir/r.sock"
check "restored value" test "$($B/xenstore-read /d/a)" = "value a"
check "restored ACL" grep -qE '^b = "" [. ]+\(n0,r5,w6\)$' <<<"$($B/xenstore-ls -p /d)"
kill -TERM $pid; dead $pid
# Quota options reach the daemon (path length here, checked over the wire).
export XENSTORED_PATH=$dir/q.sock
$D --path-max 100 --entry-nb 7 -Q outstanding=5 -Q memory=100000 2>"$dir/log5" &
pid=$!; pids+=($pid)
wait_for "$dir/q.sock"
check "-M allows 100" $B/xenstore-write "/$(printf 'p%.0s' {1..99})" x
check "-M refuses 101" bash -c "! $B/xenstore-write /$(printf 'p%.0s' {1..100}) x 2>/dev/null"
check "-Q memory shown by control quota" python3 - "$dir/q.sock" <<'PY'
import socket, struct, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(struct.pack('<IIII', 0, 1, 0, 6) + b'quota\0')
h = struct.unpack('<IIII', s.recv(16)); body = s.recv(h[3]).decode()
assert 'memory 100000' in body and 'nodes 7' in body and 'outstanding 5' in body, body
PY
kill -TERM $pid; dead $pid
$D --path-max 5000 >/dev/null 2>&1
check "-M beyond 2048 refused" test $? = 2
$D --restore "$dir/nonexistent.json" --socket "$dir/x.sock" 2>/dev/null
check "bad restore file fails" test $? != 0

echo "xenstore-daemon: $pass passed, $fail failed"
[ $fail = 0 ]
