#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Resize: 120x40 side by side, then 80x24 stacked (list, ladder, checklist
# one under the other), then back; SIGWINCH redraws at once.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 120 40
tui_run "-r $cap"
tui_wait "DONE"
tui_line 2 | grep -q "Registrations and dialogs.*Checklist" || fail "not side by side at 120x40"
tmx resize-window -t t -x 80 -y 24
tui_wait "Ladder: sip:1000@example.net"
i=0
while tui_line 2 | grep -q "Checklist"; do
	[ $i -lt 50 ] || fail "still side by side at 80x24"
	sleep 0.1; i=$((i + 1))
done
s=$(tui_screen)
[ "$(printf '%s\n' "$s" | wc -l)" -le 24 ] || fail "more than 24 lines"
list=$(printf '%s\n' "$s" | grep -n "Registrations and dialogs" | cut -d: -f1)
ladder=$(printf '%s\n' "$s" | grep -n "Ladder: " | cut -d: -f1)
check=$(printf '%s\n' "$s" | grep -n "Checklist" | cut -d: -f1)
[ -n "$list" ] && [ -n "$ladder" ] && [ -n "$check" ] || fail "a pane is missing at 80x24"
[ "$list" -lt "$ladder" ] && [ "$ladder" -lt "$check" ] || fail "panes not stacked: $list $ladder $check"
printf '%s\n' "$s" | grep -qF "403 Forbidden" || fail "ladder rows missing at 80x24"
printf '%s\n' "$s" | grep -qF "Internet link is up" || fail "checklist rows missing at 80x24"
printf '%s\n' "$s" | tail -1 | grep -qF "trunk.pcap" || fail "status bar not on the last line"
# the list and ladder read exactly as the expected screen beside this test
printf '%s\n' "$s" | sed -n 2,16p > "$WORK/stacked.txt"
diff -u "$TUI_SRC/expected/stacked-80x24.txt" "$WORK/stacked.txt" >"$WORK/stacked.diff" ||
	fail "80x24 screen differs from tests/tui/expected/stacked-80x24.txt: $(cat "$WORK/stacked.diff")"
# nothing wider than the terminal
printf '%s\n' "$s" | while IFS= read -r l; do
	[ "$(printf '%s' "$l" | LC_ALL=C.UTF-8 wc -m)" -le 80 ] || exit 1
done || fail "a line is wider than 80 columns"
tmx resize-window -t t -x 120 -y 40
i=0
until tui_line 2 | grep -q "Registrations and dialogs.*Checklist"; do
	[ $i -lt 50 ] || fail "not side by side again at 120x40"
	sleep 0.1; i=$((i + 1))
done
tui_quit
pass
