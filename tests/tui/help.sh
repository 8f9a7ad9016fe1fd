#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Help: F1 and ? show every key from the key table, scrollable; Esc returns.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 120 40
tui_run "-r $cap"
tui_wait "DONE"
tui_keys F1
tui_wait "Help: keys"
tui_wait "F1, ?, h           Show this help"
tui_wait "Space, x           Select or unselect it for a merged ladder"
tui_keys End
tui_wait "Verdict marks"
tui_wait "Ctrl-U             Erase the line"
tui_keys Escape
tui_wait "Registrations and dialogs"
tui_keys '?'
tui_wait "Help: keys"
tui_keys q
tui_wait "Registrations and dialogs"
tui_quit
pass
