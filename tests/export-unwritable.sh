#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-unwritable.sh - exporting into a directory that cannot be written
# gives one clear error line naming it and leaves nothing behind.  As root
# (permissions do not stop root) the directory is a read-only tmpfs in a
# private mount namespace; otherwise a mode 0555 directory.
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-unwritable

register_scenario | scenario_pcap "$WORK/in.pcap"

DIR=$WORK/ro
mkdir "$DIR"
if [ "$(id -u)" = 0 ]; then
	need unshare mount
	unshare -m --propagation private sh -c '
		mount -t tmpfs -o ro,size=64k tmpfs "$1" || exit 99
		"$2" -r "$3" --report --export "$1" > /dev/null 2> "$4"
		echo $? > "$4.rc"
		ls -A "$1" > "$4.ls"' sh "$DIR" "$TRUNKDOC" "$WORK/in.pcap" "$WORK/err" || skip "cannot mount a tmpfs here"
	[ -f "$WORK/err.rc" ] || skip "cannot mount a tmpfs here"
	rc=$(cat "$WORK/err.rc")
	left=$(cat "$WORK/err.ls")
else
	chmod 0555 "$DIR"
	"$TRUNKDOC" -r "$WORK/in.pcap" --report --export "$DIR" > /dev/null 2> "$WORK/err"
	rc=$?
	left=$(ls -A "$DIR")
	chmod 0755 "$DIR"
fi
[ "$rc" = 2 ] || fail "exit status $rc, expected 2"
lines=$(grep -c -e 'trunkdoc: cannot' -e 'trunkdoc: exported' "$WORK/err")
grep 'trunkdoc: cannot write into export directory' "$WORK/err" | grep -q -F "$DIR" \
	&& ok "error: $(grep 'trunkdoc: cannot' "$WORK/err")" || fail "no clear error line: $(cat "$WORK/err")"
[ "$lines" = 1 ] || fail "$lines export lines on stderr, expected one error"
[ -z "$left" ] || fail "files left behind: $left"

# a plain file where the directory should be
touch "$WORK/file"
"$TRUNKDOC" -r "$WORK/in.pcap" --report --export "$WORK/file" > /dev/null 2> "$WORK/err2"
grep -q "not a directory" "$WORK/err2" || fail "exporting into a file: $(cat "$WORK/err2")"
no_sanitizer "$WORK/err" "$WORK/err2"
[ "$FAILED" = 0 ] || exit 1
echo "PASS: export-unwritable"
