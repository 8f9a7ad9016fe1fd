#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The raw message at 80x24: the Authorization header (the evidence) wraps
# with a marker and reads whole; w cuts the lines instead, and Left/Right
# scroll sideways with a marker at the edge.  The expected screen is kept
# beside the test (expected/wrap-80x24.txt).
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 80 24
tui_run "-r $cap"
tui_wait "DONE"
tui_keys Enter Down Down Down Enter     # the REGISTER with credentials (frame 4)
tui_wait "Frame 4 00:00:00.600"
tui_wait "Authorization: Digest"
# every parameter of the header is on screen, the continuation marked
screen=$(tui_screen)
for want in 'username="1000"' 'nonce="abc123"' 'response="0123456789abcdef0123456789abcdef"' \
	'cnonce="c1"' 'nc=00000001'; do
	printf '%s\n' "$screen" | tr -d '\n' | grep -qF "$want" || fail "$want is not on screen"
done
printf '%s\n' "$screen" | grep -q '^↪ ' || fail "no wrap marker"
expected=${top_srcdir:-.}/tests/tui/expected/wrap-80x24.txt
# (the status line, which may still carry a message, is not compared)
printf '%s\n' "$screen" | sed -n 1,23p | sed 's/[[:space:]]*$//' > "$WORK/got.txt"
diff -u "$expected" "$WORK/got.txt" || fail "the 80x24 screen differs from expected/wrap-80x24.txt"
# w: not wrapped, cut at the edge with a marker; Right scrolls sideways
tui_keys w
tui_wait "Not wrapped (w) Frame 4"
tui_wait_gone '↪ '
tui_screen | grep -q 'Authorization: Digest username="1000".*»$' || fail "no marker at the right edge"
tui_screen | grep -qF 'cnonce="c1"' && fail "the line is not cut"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do tui_keys Right; done
tui_wait 'cnonce="c1"'
tui_screen | grep -q '^«' || fail "no marker at the left edge"
tui_keys Home
tui_wait 'Authorization: Digest username='
# w again: wrapped
tui_keys w
tui_wait '↪ '
tui_keys Escape
tui_wait "Ladder: sip:1000@example.net"
tui_quit
pass
