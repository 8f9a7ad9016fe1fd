#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The password sources end to end: --password-file is refused while group or
# others can read it (exit 2, no password on any output), accepted at mode
# 600 where it proves a digest mismatch; TRUNKDOC_PASSWORD proves a match.
set -u
name=checks-password
B=${top_builddir:?} S=${top_srcdir:?}
[ -x "$B/tests/tools/scn2pcap" ] || { echo "SKIP: $name: tests/tools/scn2pcap not built"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: $name: jq missing"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
verdict() { jq -r --arg id "$2" '.checks[] | select(.id == $id) | .verdict' "$1"; }

"$B/tests/tools/scn2pcap" "$S/tests/scenarios/check-401-wrong-password.scn" "$tmp/wrong.pcap" || exit 1
"$B/tests/tools/scn2pcap" "$S/tests/scenarios/check-401-right-password.scn" "$tmp/right.pcap" || exit 1
args="--registrar example.net --user 1000 --report=json"

printf 's3cret\n' > "$tmp/pw"
chmod 644 "$tmp/pw"
"$TRUNKDOC" -r "$tmp/wrong.pcap" $args --password-file "$tmp/pw" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "mode 644: exit $rc, expected 2"
grep -q "readable by others" "$tmp/err" || fail "mode 644: no reason on stderr: $(cat "$tmp/err")"
if grep -q s3cret "$tmp/out" "$tmp/err"; then fail "the password reached an output"; fi

chmod 600 "$tmp/pw"
"$TRUNKDOC" -r "$tmp/wrong.pcap" $args --password-file "$tmp/pw" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "mode 600: exit $rc, expected 1 (a check fails)"
[ "$(verdict "$tmp/out" pbx.digest-valid)" = fail ] || fail "mode 600: pbx.digest-valid is not fail"
if grep -q s3cret "$tmp/out" "$tmp/err"; then fail "the password reached an output"; fi

TRUNKDOC_PASSWORD=s3cret "$TRUNKDOC" -r "$tmp/right.pcap" $args > "$tmp/out" 2> "$tmp/err"
[ "$(verdict "$tmp/out" pbx.digest-valid)" = pass ] || fail "TRUNKDOC_PASSWORD: pbx.digest-valid is not pass"
if grep -q s3cret "$tmp/out" "$tmp/err"; then fail "the password reached an output"; fi

"$TRUNKDOC" -r "$tmp/right.pcap" $args > "$tmp/out" 2> "$tmp/err"
[ "$(verdict "$tmp/out" pbx.digest-valid)" = unknown ] || fail "no password: pbx.digest-valid is not unknown"

# While trunkdoc runs, TRUNKDOC_PASSWORD is not readable in
# /proc/PID/environ: it reads the capture from a FIFO that we hold back.
mkfifo "$tmp/fifo"
TRUNKDOC_PASSWORD=s3cret "$TRUNKDOC" -r - $args < "$tmp/fifo" > "$tmp/out" 2> "$tmp/err" &
pid=$!
exec 3> "$tmp/fifo"
# the password is read before the capture: once the process blocks on the
# FIFO for the pcap header, the environment has been wiped
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	[ "$(cat /proc/$pid/wchan 2>/dev/null)" = pipe_read ] && break
	sleep 0.1
done
if tr '\0' '\n' < /proc/$pid/environ 2>/dev/null | grep -q s3cret; then
	fail "TRUNKDOC_PASSWORD is still readable in /proc/$pid/environ"
fi
cat "$tmp/right.pcap" >&3
exec 3>&-
wait $pid
[ "$(verdict "$tmp/out" pbx.digest-valid)" = pass ] || fail "TRUNKDOC_PASSWORD from a FIFO run: pbx.digest-valid is not pass"

[ $fails -eq 0 ] || exit 1
echo "PASS: $name"
