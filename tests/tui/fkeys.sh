#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Function keys as PuTTY, xterm, rxvt, screen/tmux and the Linux console
# send them, as raw bytes, under the TERM each is usually run with (PuTTY's
# default ESC [12~ for F2 under TERM=xterm, whose terminfo says ESC OQ);
# and the letter every F-key action also has (F2/S, F1/?/h, F3//, F4/T, F7/f).
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 80 24

# raw KEY...: each argument is a sequence in hex bytes, sent as is
raw() { tmx send-keys -t t -H "$@"; }
ESC=1b

# check_fkeys F1 F2 F3 F4 F7: the bytes (space-separated hex) of each key
check_fkeys() {
	# F1: help
	raw $1
	tui_wait "Help: keys"
	tui_keys Escape
	tui_wait_gone "Help: keys"
	# F2: the save dialog
	raw $2
	tui_wait "Save bundle"
	tui_keys Escape
	tui_wait_gone "Save bundle"
	# F3: search
	raw $3
	tui_wait "Search:"
	tui_keys Escape
	tui_wait_gone "Search:"
	# F4: the profile form
	raw $4
	tui_wait "Trunk profile and password"
	tui_keys Escape
	tui_wait_gone "Trunk profile and password"
	# F7: the filter
	raw $5
	tui_wait "Filter (addr:"
	tui_keys Escape
	tui_wait_gone "Filter (addr:"
}

for term in xterm xterm-256color screen linux rxvt vt100; do
	infocmp "$term" >/dev/null 2>&1 || continue
	TUI_TERM=$term
	tui_run "-r $cap"
	tui_wait "DONE"
	# PuTTY's default (and rxvt's): ESC [11~ .. ESC [14~, ESC [18~
	check_fkeys "$ESC 5b 31 31 7e" "$ESC 5b 31 32 7e" "$ESC 5b 31 33 7e" "$ESC 5b 31 34 7e" "$ESC 5b 31 38 7e"
	# xterm, screen, tmux, PuTTY's VT100+ mode: ESC OP .. ESC OS
	check_fkeys "$ESC 4f 50" "$ESC 4f 51" "$ESC 4f 52" "$ESC 4f 53" "$ESC 5b 31 38 7e"
	# the Linux console: ESC [[A .. ESC [[D
	check_fkeys "$ESC 5b 5b 41" "$ESC 5b 5b 42" "$ESC 5b 5b 43" "$ESC 5b 5b 44" "$ESC 5b 31 38 7e"
	# the letters: ? S / T f, and h for help
	check_fkeys "3f" "53" "2f" "54" "66"
	raw 68
	tui_wait "Help: keys"
	tui_keys Escape
	tui_wait_gone "Help: keys"
	# the bundle from a step's detail and from a message, where the
	# engineer reads the evidence: PuTTY's F2, then S
	tui_keys !
	tui_keys Enter
	tui_wait "What the traffic shows"
	raw $ESC 5b 31 32 7e
	tui_wait "Save bundle"
	tui_keys Escape
	tui_wait_gone "Save bundle"
	tui_keys Escape
	tui_wait_gone "What the traffic shows"
	tui_keys Tab Tab Enter
	tui_wait "Call-ID: "
	raw 53
	tui_wait "Save bundle"
	tui_keys Escape
	tui_wait_gone "Save bundle"
	tui_keys Escape
	tui_quit
	tmx send-keys -t t clear Enter
	tui_wait_gone "TD-EXIT="
done
pass
