#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Calls on an ASCII screen (--ascii, and a locale that is not UTF-8): the
# RTP arrows, the media lines, the calls' verdicts and the followed call
# draw with ASCII only, at 80x24 and 132x43, and nothing passes the edge.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture calls)
check_calls_ascii() {   # $1: what is being run, $2: columns
	tui_wait "DONE"
	tui_wait "00:00:30 INVITE"
	tui_keys Down
	tui_wait "Ladder: rtp-ok@pbx (6 messages, 2 RTP streams)"
	tui_wait "Call 1/3 | Checklist"
	tui_keys Tab End Up Up
	tui_wait "media 198.51.100.30:40000 -> 192.168.1.10:10000 PCMA/8000 (PT 8)"
	s=$(tui_screen)
	if printf '%s\n' "$s" | LC_ALL=C grep -q '[^ -~]'; then
		fail "non-ASCII bytes on the screen ($1)"
	fi
	printf '%s\n' "$s" | grep -qE -- "\|-+ RTP PCMA 490 -+>\|" || fail "no ASCII RTP arrow out ($1)"
	printf '%s\n' "$s" | grep -qE -- "\|<-+ RTP PCMA 500 -+\|" || fail "no ASCII RTP arrow back ($1)"
	printf '%s\n' "$s" | grep -qF -- "media 192.168.1.10:10000 -> 198.51.100.30:40000 PCMA/8000 (PT 8)" ||
		fail "no media line ($1)"
	printf '%s\n' "$s" | grep -qF -- "490 packets, 9 lost in sequence gaps, 00:00:03.100-00:00:13.060" ||
		fail "no packet count, gaps and times ($1)"
	printf '%s\n' "$s" | grep -qE "00:00:01 INVITE .* \+ answered *(\||$)" || fail "no ASCII pass verdict for call 1 ($1)"
	printf '%s\n' "$s" | grep -qE "00:00:25 INVITE .* X failed 403 *(\||$)" || fail "no ASCII fail verdict for call 2 ($1)"
	printf '%s\n' "$s" | while IFS= read -r l; do
		[ ${#l} -le "$2" ] || { echo "$l"; exit 1; }
	done || fail "a line is wider than $2 columns ($1)"
	tui_quit
	tui_keys clear Enter
	tui_wait_gone "TD-EXIT"
}
tui_start 80 24
tui_run "-r $cap --ascii"
check_calls_ascii "--ascii" 80
TUI_LANG=C
tmx resize-window -t t -x 132 -y 43
tui_run "-r $cap"
check_calls_ascii "LC_ALL=C, 132x43" 132
pass
