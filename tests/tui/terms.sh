#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The terminals helpdesk staff use: TERM=xterm-256color, screen, vt100 and
# linux all open the screen, draw both panes and quit cleanly; NO_COLOR
# turns every colour off (only bold/reverse/underline remain).  A TERM the
# host has no terminfo for (PuTTY's own) falls back to xterm.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 100 30
ESC=$(printf '\033')
tried=0
for term in xterm-256color screen vt100 linux; do
	if ! infocmp "$term" >/dev/null 2>&1; then
		echo "# no terminfo entry for $term here; not tried"
		continue
	fi
	TUI_TERM=$term
	tui_run "-r $cap" NO_COLOR=1
	tui_wait "DONE"
	tui_wait "Registrations and dialogs (2)"
	tui_wait "Ladder: sip:1000@example.net (5 messages)"
	tui_wait "Checklist"
	tui_wait "403 Forbidden"
	if tmx capture-pane -p -e -t t | grep -qE "$ESC\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38|48)(;[0-9;]*)?m"; then
		fail "colour drawn with NO_COLOR set (TERM=$term)"
	fi
	tui_keys Tab Enter
	tui_wait "Frame 1"
	tui_keys Escape
	tui_quit
	tui_keys clear Enter
	tui_wait_gone "TD-EXIT"
	echo "# TERM=$term ok"
	tried=$((tried + 1))
done
[ $tried -gt 0 ] || skip "no terminfo entry for any of the terminals (infocmp missing?)"

# A TERM this host does not know (PuTTY's "putty" without ncurses-term):
# the screen opens all the same, drawn as xterm, and says so.
unknown=putty-256color
infocmp "$unknown" >/dev/null 2>&1 && unknown=trunkdoc-no-such-term-256color
TUI_TERM=$unknown
# ncurses leaks the SCREEN of the newterm() that failed (libtinfo's
# new_prescr), not trunkdoc: suppressed for a sanitizer build, nothing else
tui_run "-r $cap" "LSAN_OPTIONS=suppressions=$(cd "${top_srcdir:-.}" && pwd)/tests/tui/ncurses-lsan.supp"
tui_wait "is not known on this host: drawing as xterm"
tui_wait "Registrations and dialogs (2)"
tui_keys Tab Enter
tui_wait "Frame 1"
tui_keys Escape
tui_quit
tui_keys clear Enter
tui_wait_gone "TD-EXIT"
echo "# unknown TERM=$unknown drawn as xterm"
pass "$tried terminals"
