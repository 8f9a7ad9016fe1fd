#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Hostile headers: ANSI/OSC escapes and control bytes inside SIP headers
# and the reason phrase never reach the terminal.  The screen shows them as
# visible text (\e[31m, \x07), tmux sees no colour the program did not set
# (monochrome run: no colour at all), the window title is unchanged.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture escapes)
tui_start 120 40
tmx select-pane -t t -T "td-title-before"
tui_run "-r $cap --no-color"
tui_wait "DONE"
tui_wait '403 Forbidden\e[5mBLINK'          # the ladder label
tui_keys Tab Enter                           # ladder, open the REGISTER
tui_wait "Frame 1"
tui_wait 'Call-ID: evil-\e[31mRED@192.168.1.10'
tui_wait 'User-Agent: Evil\e]0;PWNED-TITLE\x07Agent \e[2J\e[H\e[41mBG\x08\x08\x9b31m C1'
tui_wait 'X-Bell: ring\x07\x07 and \e[?1049h alt screen'
esc=$(tmx capture-pane -p -e -t t)
# With --no-color the program sets no colour: any colour SGR is foreign.
ESC=$(printf '\033')
if printf '%s\n' "$esc" | grep -qE "$ESC\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38|48)(;[0-9;]*)?m"; then
	fail "a colour escape reached the terminal"
fi
title=$(tmx display-message -p -t t '#{pane_title}')
[ "$title" = "td-title-before" ] || fail "the window title changed to '$title'"
tui_keys Escape
# the list row carries the Call-ID in the ladder title
tui_wait "Ladder: sip:1000@example.net"
tui_keys Tab Tab
tui_wait "Registrations and dialogs (1)"
# the status line still sits at the bottom (no cursor movement escaped)
tui_screen | tail -1 | grep -qF "escapes.pcap" || fail "status line moved"
tui_quit
# The same in a C locale: bytes above 0x7f are escaped too, nothing but
# ASCII reaches the terminal.
tui_keys clear Enter
tui_wait_gone "TD-EXIT"
TUI_LANG=C
tui_run "-r $cap"
tui_wait "DONE"
tui_keys Tab Enter
tui_wait 'User-Agent: Evil\e]0;PWNED-TITLE\x07Agent \e[2J\e[H\e[41mBG\x08\x08\x9b31m C1'
if tui_screen | LC_ALL=C grep -q '[^ -~]'; then
	fail "non-ASCII bytes on the screen in the C locale"
fi
title=$(tmx display-message -p -t t '#{pane_title}')
[ "$title" = "td-title-before" ] || fail "the window title changed to '$title'"
tui_keys Escape
tui_quit
pass
