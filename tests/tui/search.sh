#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# / searches the focused pane: in the ladder it finds a message by its
# status, its method, an address or its text (never moving the list); a
# "no match" is cleared by the next search that matches.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 100 30
tui_run "-r $cap"
tui_wait "DONE"
tui_keys Enter                       # the registration's ladder, focused
tui_wait "Ladder: sip:1000@example.net (5 messages)"
# by status
tui_keys / 403 Enter
tui_wait "00:00:00.650▸"
# by the text of the message: the nonce in the 401's WWW-Authenticate
tui_keys / 'algorithm=MD5, qop="auth"' Enter
tui_wait "00:00:00.540▸"
# no match: said, naming the pane; the list did not move
tui_keys / INVITE Enter
tui_wait 'no match for "INVITE" in the ladder'
tui_screen | grep -q "▸ 00:00:00 TRUNK" || fail "the list cursor moved"
# the next search that matches clears the stale message
tui_keys / REGISTER Enter
tui_wait_gone 'no match for "INVITE"' 3
tui_wait "00:00:00.600▸"
# by address
tui_keys Home / 198.51.100.20 Enter
tui_wait "00:00:00.500▸"
# the list searches the list (Esc: back to it)
tui_keys Escape / INVITE Enter
tui_wait "Ladder: call-1@192.168.1.10"
# the checklist searches the steps
tui_keys n / "ALG rewriting" Enter
tui_wait "▸ ✔ pass No SIP ALG rewriting headers"
tui_quit
pass
