#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# --session: marks, notes and the filter made on the screen are saved when
# it closes, and the next screen opened with the same file shows them.
# The password typed in the form is not in the file.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
sess="$WORK/trunk.session"
tui_start 120 40
tui_run "-r $cap --session $sess"
tui_wait "DONE"
tui_keys Tab Tab              # the checklist
tui_keys o
tui_wait "✔ pass Internet link is up [marked]"
tui_keys a "LEDs ok" Enter
tui_wait "net.link-up: note kept"
tui_keys F7 C-u "method:INVITE" Enter
tui_wait "Registrations and dialogs (1)"
tui_keys T Down Down Down Down Down Down Down Down Down "NotInTheFile-42" F2
tui_wait "profile and password applied"
tui_quit
[ -s "$sess" ] || fail "no session file written"
grep -q "net.link-up" "$sess" || fail "the mark is not in the session file"
grep -q "LEDs ok" "$sess" || fail "the note is not in the session file"
grep -qF "NotInTheFile-42" "$sess" && fail "the password is in the session file"
tui_keys clear Enter
tui_wait_gone "TD-EXIT"
tui_run "-r $cap --session $sess"
tui_wait "DONE"
tui_wait "✔ pass Internet link is up [marked]"
tui_wait "Registrations and dialogs (1)"
tui_wait "filter: method:INVITE"
tui_quit
pass
