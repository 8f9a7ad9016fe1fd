#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The trunk profile form: T opens it, fields are typed and applied, the
# title names the trunk, and the password typed is never on the screen
# (not even as stars) while typing, after applying, or in the form again.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 120 40
tui_run "-r $cap"
tui_wait "DONE"
tui_keys T
tui_wait "Trunk profile and password"
tui_wait "(not set)"
tui_keys "acme-trunk" Enter            # Trunk name
tui_keys "example.net" Enter           # Registrar
tui_keys "1000" Enter                  # User
tui_wait "[ Apply ]"
tui_keys Down Down Down Down Down Down # Auth user .. Password
secret='Zq7-Sup3rS3cret'
tui_keys "$secret"
tui_wait "(new password typed, hidden)"
tui_screen | grep -qF "$secret" && fail "the password is on the screen"
tui_screen | grep -qF "***" && fail "the password is echoed as stars"
# a typo: backspace, Ctrl-U, typed again; still hidden
tui_keys BSpace C-u
tui_wait "(not set)"
tui_keys "$secret"
tui_wait "(new password typed, hidden)"
tui_keys F2
tui_wait "profile and password applied"
tui_wait "trunkdoc  trunk acme-trunk"
tui_screen | grep -qF "$secret" && fail "the password is on the main screen"
# the form again: values kept, password only said to be set
tui_keys T
tui_wait "acme-trunk"
tui_wait "example.net"
tui_wait "(set; type to replace)"
tui_screen | grep -qF "$secret" && fail "the password is shown in the form"
# Esc leaves without changes
tui_keys BSpace BSpace BSpace BSpace
tui_keys Escape
tui_wait "profile unchanged"
tui_wait "trunkdoc  trunk acme-trunk"
tui_quit
grep -qF "$secret" "$WORK/stderr" && fail "the password reached stderr"
pass
