#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# What sngrep users reach for: time deltas in the ladder beside the absolute
# time (t hides and shows them), the list sorted by a column (o, O; the
# cursor stays on its row), a display filter on the message text
# (payload:), h for help.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 80 24
tui_run "-r $cap"
tui_wait "DONE"
# deltas: since the previous message of the ladder
tui_wait "Time (UTC)    Delta"
tui_wait "00:00:00.540  +0.040000"
tui_wait "00:00:00.500  +0.500000"
tui_keys Tab t
tui_wait "ladder: absolute time only"
tui_wait_gone "+0.040000"
tui_keys t
tui_wait "00:00:00.540  +0.040000"
tui_keys BTab                      # back to the list
# sort: by time, type (INVITE first), ..., the cursor staying on REGISTER
tui_keys o
tui_wait "Registrations and dialogs (2, by time)"
tui_keys o
tui_wait "Registrations and dialogs (2, by type)"
tui_line 4 | grep -q "INVITE" || fail "by type: INVITE is not first"
tui_line 5 | grep -q "▸ 00:00:00 TRUNK" || fail "the cursor did not stay on the trunk's REGISTER"
tui_keys O
tui_wait "Registrations and dialogs (2, by type desc)"
tui_line 4 | grep -q "▸ 00:00:00 TRUNK" || fail "reversed: REGISTER is not first"
for i in 1 2 3 4 5; do tui_keys o; done    # round to arrival order
tui_wait "Registrations and dialogs (2)"
# payload filter: the text of any message (the REGISTER's Authorization,
# the INVITE's SDP)
tui_keys f C-u "payload:cnonce" Enter
tui_wait "Registrations and dialogs (1)"
tui_wait "filter: payload:cnonce"
tui_screen | grep -q "TRUNK     1000@example.net" || fail "payload:cnonce does not show the registration"
tui_keys f C-u "payload:m=audio" Enter
tui_wait "Registrations and dialogs (1)"
tui_wait "INVITE    1000 -> +31205550100"
tui_keys f C-u Enter
tui_wait "Registrations and dialogs (2)"
# h: help
tui_keys h
tui_wait "Help: keys"
tui_keys Escape
tui_quit
pass
