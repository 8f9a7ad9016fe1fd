#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-diskfull.sh - exporting onto a full filesystem (a small tmpfs this
# test mounts in a private mount namespace, so root only) gives one error
# line that says the disk is full and leaves no half-written file.
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-diskfull
[ "$(id -u)" = 0 ] || skip "mounting a small tmpfs needs root"
need unshare mount dd

{ register_scenario; echo; cat <<'EOF2'; } | scenario_pcap "$WORK/in.pcap"
=== 0.040 udp carrier:5060 > pbx:5060
SIP/2.0 403 Forbidden
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-1
From: <sip:1000@example.net>;tag=a1
To: <sip:1000@example.net>;tag=b1
Call-ID: reg-1@192.168.1.10
CSeq: 1 REGISTER
Content-Length: 0
EOF2

DIR=$WORK/full
mkdir "$DIR"
# fill all but a few kilobytes: the summary alone is larger than what is left
unshare -m --propagation private sh -c '
	mount -t tmpfs -o size=256k tmpfs "$1" || exit 99
	dd if=/dev/zero of="$1/filler" bs=1k count=10000 2>/dev/null
	truncate -s -8k "$1/filler" 2>/dev/null || exit 98
	"$2" -r "$3" --report --export "$1" > /dev/null 2> "$4"
	echo $? > "$4.rc"
	ls -A "$1" > "$4.ls"
	"$2" -r "$3" --report --export "$1/sub" > /dev/null 2>> "$4.sub"
	ls -A "$1" > "$4.ls2"' sh "$DIR" "$TRUNKDOC" "$WORK/in.pcap" "$WORK/err"
[ -f "$WORK/err.rc" ] || skip "cannot mount a tmpfs here"
rc=$(cat "$WORK/err.rc")
[ "$rc" = 2 ] || fail "exit status $rc, expected 2 (stderr: $(cat "$WORK/err"))"
grep 'trunkdoc: cannot' "$WORK/err" | grep -q 'No space left on device (the disk is full' \
	&& ok "error: $(grep 'trunkdoc: cannot' "$WORK/err")" || fail "no 'disk is full' error: $(cat "$WORK/err")"
[ "$(grep -c -e 'trunkdoc: cannot' -e 'trunkdoc: exported' "$WORK/err")" = 1 ] || fail "more than one error line: $(cat "$WORK/err")"
left=$(grep -v -x -e filler "$WORK/err.ls")
[ -z "$left" ] || fail "files left behind: $left"
# a directory the export had to create is removed again
left2=$(grep -v -x -e filler "$WORK/err.ls2")
[ -z "$left2" ] || fail "left behind after a failed export into a new directory: $left2"
no_sanitizer "$WORK/err"
[ "$FAILED" = 0 ] || exit 1
echo "PASS: export-diskfull"
