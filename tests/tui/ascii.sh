#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# ASCII mode: with --ascii, and automatically when the locale is not UTF-8,
# the screen draws with ASCII only (the PuTTY line-drawing problem).
# Also runs with TERM=vt100 and monochrome (--no-color).
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 120 40
check_ascii() {
	tui_wait "DONE"
	tui_wait "Registrations and dialogs (2)"
	tui_wait "Checklist"
	s=$(tui_screen)
	if printf '%s\n' "$s" | LC_ALL=C grep -q '[^ -~]'; then
		fail "non-ASCII bytes on the screen ($1)"
	fi
	printf '%s\n' "$s" | grep -qF -- "-- R REGISTER --" || fail "no ASCII retransmission arrow ($1)"
	printf '%s\n' "$s" | grep -qF -- "|<----" || fail "no ASCII ladder arrow ($1)"
	printf '%s\n' "$s" | grep -qF -- "X fail Registration ends in 2xx" || fail "no ASCII verdict mark ($1)"
	printf '%s\n' "$s" | grep -qF -- "F1 help [ASCII]" || fail "no ASCII marker in the title ($1)"
	tui_quit
}
tui_run "-r $cap --ascii"
check_ascii "--ascii"
tui_keys clear Enter
TUI_LANG=C
tui_run "-r $cap"
TUI_LANG=C.UTF-8
check_ascii "LC_ALL=C"
tui_keys clear Enter
TUI_TERM=vt100
tui_run "-r $cap --ascii --no-color"
check_ascii "vt100, --no-color"
pass
