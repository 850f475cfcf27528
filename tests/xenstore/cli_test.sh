#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The xenstore CLI against a running daemon ($XENSTORED_PATH): every
# xenstore-* tool through its link name and through "xenstore CMD", their
# output formats and exit codes. Usage: cli_test.sh BUILD_DIR
set -u
B=$1
pass=0 fail=0
check() { # description, then a command that must succeed
	local what=$1; shift
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what"; fi
}
out() { "$@" 2>&1; }

check "write" $B/xenstore-write /cli/a 1 /cli/b/c "two words"
check "read" test "$(out $B/xenstore-read /cli/a)" = 1
check "read -p" test "$(out $B/xenstore-read -p /cli/b/c)" = "/cli/b/c: two words"
check "read several" test "$(out $B/xenstore-read /cli/a /cli/b/c | tr '\n' ,)" = "1,two words,"
check "read missing fails" test "$(out $B/xenstore-read /cli/none; echo rc=$?)" = "xenstore-read: couldn't read path /cli/none
rc=1"
check "exists yes" $B/xenstore-exists /cli/a
check "exists no" test "$($B/xenstore-exists /cli/zz; echo $?)" = 1
check "list" test "$(out $B/xenstore-list /cli | tr '\n' ,)" = "a,b,"
check "list -p" test "$(out $B/xenstore-list -p /cli/b)" = "/cli/b/c"
check "ls" test "$(out $B/xenstore-ls /cli)" = 'a = "1"
b = ""
 c = "two words"'
check "ls -f" test "$(out $B/xenstore-ls -f /cli/b)" = '/cli/b/c = "two words"'
check "chmod" $B/xenstore-chmod /cli/b n0 r5
# -p pads with ". . ." to column 60, then the ACL (Xen's layout).
check "ls -p" grep -qxE 'c = "two words" ( \.)+  \(n0\)' <<<"$(out $B/xenstore-ls -p /cli/b)"
check "ls -p column" test "$(out $B/xenstore-ls -p /cli/b | cut -c61-)" = "  (n0)"
check "chmod -r" $B/xenstore-chmod -r /cli/b b3
check "ls -p after -r" test "$(out $B/xenstore-ls -p /cli | sed 's/ [. ]*  (/ (/')" = 'a = "1" (n0)
b = "" (b3)
 c = "two words" (b3)'
check "chmod bad perm" test "$($B/xenstore-chmod /cli/a q1 2>/dev/null; echo $?)" = 1
check "rm" $B/xenstore-rm /cli/b
check "rm gone" test "$($B/xenstore-exists /cli/b; echo $?)" = 1
check "rm -t" bash -c "$B/xenstore-write /cli/t/u/v x && $B/xenstore-rm -t /cli/t/u/v && ! $B/xenstore-exists /cli/t"
check "rm missing parent fails" test "$($B/xenstore-rm /cli/q/r 2>/dev/null; echo $?)" = 1
check "xenstore read (subcommand)" test "$(out $B/xenstore read /cli/a)" = 1
check "no args usage" test "$($B/xenstore 2>/dev/null; echo $?)" = 1
check "write odd args" test "$($B/xenstore-write /cli/a 2>/dev/null; echo $?)" = 1
check "write unescapes, read escapes" bash -c "$B/xenstore-write /cli/esc 'a\\tb\\001' && test \"\$($B/xenstore-read /cli/esc)\" = 'a\\tb\\001'"
check "long values cut at 80 columns" bash -c "$B/xenstore-write /cli/long \$(printf 'y%.0s' {1..200}) && $B/xenstore-ls /cli | grep -q '^long = \"y*\\\\...\"\$' && test \$($B/xenstore-ls /cli | grep '^long' | wc -c) -le 81"
check "ls -f shows whole values" bash -c "$B/xenstore-ls -f /cli | grep -q '^/cli/long = \"y\{200\}\"\$'"
check "multi-key write is one transaction" bash -c "! $B/xenstore-write /cli/m1 1 /cli//bad 2 2>/dev/null && ! $B/xenstore-exists /cli/m1"
check "escaped value" bash -c "$B/xenstore-write /cli/e 'a\"b' && test \"\$($B/xenstore-ls /cli | grep '^e =')\" = 'e = \"a\"b\"'"
# watch: initial event, then one change, then exit after -n 2.
$B/xenstore-watch -n 2 /cli/w >"$XENSTORED_PATH.watch" &
wpid=$!
sleep 0.3
$B/xenstore-write /cli/w/x 1
for _ in $(seq 50); do kill -0 $wpid 2>/dev/null || break; sleep 0.1; done
kill $wpid 2>/dev/null
check "watch" test "$(tr '\n' , <"$XENSTORED_PATH.watch")" = "/cli/w,/cli/w/x,"
rm -f "$XENSTORED_PATH.watch"
check "unreachable daemon" test "$(XENSTORED_PATH=/nonexistent/sock $B/xenstore-read /a 2>/dev/null; echo $?)" = 1
check "unreachable daemon message" grep -q "failed to connect to xenstore: No such file or directory" <<<"$(XENSTORED_PATH=/nonexistent/sock $B/xenstore-read /a 2>&1)"

# A directory too big for one reply: libxenstore falls back to DIRECTORY_PART.
args=()
for i in $(seq 250); do args+=("/cli/big/child-number-$i-abcdefgh" x); done
check "write 250 children" $B/xenstore-write "${args[@]}"
check "list past 4096 bytes" test "$($B/xenstore-list /cli/big | wc -l)" = 250
check "list past 4096 bytes, in order" test "$($B/xenstore-list /cli/big | sort | uniq | wc -l)" = 250
$B/xenstore-rm /cli/big

# The generated pkg-config file builds a client against libxenstore.
tmpc=$(mktemp -d /tmp/xenstore-pc.XXXXXX)
cat >"$tmpc/t.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <xenstore.h>
int main(void)
{
	struct xs_handle *h = xs_open(0);
	unsigned int len;
	char *v = h ? xs_read(h, XBT_NULL, "/cli/a", &len) : NULL;

	if (!v)
		return 1;
	printf("%s\n", v);
	free(v);
	xs_close(h);
	return 0;
}
C
check "pkg-config client builds" bash -c "cc -o '$tmpc/t' '$tmpc/t.c' \$(PKG_CONFIG_PATH='$B' pkg-config --cflags --libs xenstore) -Wl,-rpath,'$B'"
check "pkg-config client runs" test "$("$tmpc/t")" = 1
rm -rf "$tmpc"

echo "xenstore-cli: $pass passed, $fail failed"
[ $fail = 0 ]
