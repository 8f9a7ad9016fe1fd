#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Files as tcpdump -r reads them: a BPF filter after -r applies (frames keep
# the file's numbers), an invalid one is an error naming it; -c N stops
# after N packets; on the screen and in --report alike.  The text report
# starts with the root cause and one line per group, and its lines fit 80
# columns (but the dialogs' ladder rows).
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
out=$WORK/report.txt

# --report: the answer first
"$TRUNKDOC" -r "$cap" --report > "$out"
[ "$(sed -n 1p "$out")" = "Root cause: Registration ends in 2xx (prov.final-response)" ] ||
	fail "the report does not start with the root cause: $(sed -n 1p "$out")"
sed -n 2p "$out" | grep -q "^  403 Forbidden after the digest" || fail "no root cause summary on line 2"
sed -n 1,10p "$out" | grep -q '^\[FAIL\] Provider and portal  *Registration ends in 2xx$' ||
	fail "no one-line verdict of the provider group"
sed -n 1,10p "$out" | grep -q '^\[WARN\] Internet and reachability  *Responses arrive without' ||
	fail "no one-line verdict of the internet group"
[ "$(grep -n '^Checklist$' "$out" | cut -d: -f1)" -le 12 ] || fail "the checklist does not follow at once"
sed '/^Dialogs$/,$d' "$out" | awk 'length > 80 { print; bad = 1 } END { exit bad }' ||
	fail "lines wider than 80 columns"

# a filter after -r: 4 of 9 packets, frame numbers of the file
"$TRUNKDOC" -r "$cap" --report src host 198.51.100.20 > "$out"
grep -q "^Packets:       4$" "$out" || fail "the filter did not apply to the file"
grep -q "^Filter:        src host 198.51.100.20 (5 packets did not match)$" "$out" ||
	fail "the report does not name the filter"
grep -q "403 Forbidden  (frame 5)$" "$out" || fail "frames renumbered by the filter"
# an invalid filter is an error naming it
"$TRUNKDOC" -r "$cap" --report udp andd > "$out" 2> "$WORK/err" && fail "an invalid filter was accepted"
grep -q "capture filter 'udp andd'" "$WORK/err" || fail "the error does not name the filter: $(cat "$WORK/err")"
# -c N on a file
"$TRUNKDOC" -r "$cap" -c 3 --report > "$out"
grep -q "^Packets:       3$" "$out" || fail "-c 3 did not stop after 3 packets"

# the same on the screen
tui_start 100 30
tui_run "-r $cap -c 3"
tui_wait "3 pkts  3 SIP  DONE"
tui_wait "Ladder: sip:1000@example.net (3 messages)"
tui_quit
tui_keys clear Enter
tui_wait_gone "TD-EXIT"
tui_run "-r $cap udp and src host 198.51.100.20"
tui_wait "4 pkts  4 SIP  DONE"
tui_quit
tui_keys clear Enter
tui_wait_gone "TD-EXIT"
tui_run "-r $cap udp andd"
tui_wait "TD-EXIT=2"
grep -q "capture filter 'udp andd'" "$WORK/stderr" || fail "the screen did not refuse the invalid filter"
pass
