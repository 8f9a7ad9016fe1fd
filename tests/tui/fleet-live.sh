#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The fleet view follows a live HEP feed (doc/tui.md): trunkdoc
# --hep-listen on 127.0.0.1 at 80x24, and three PBXs mirroring their trunk
# registrations to it one after another (tests/tui/hep_send.py: HEPv3 over
# UDP, capture ids 2001-2003, all from 127.0.0.1).  One node: the main
# screen.  A second node opens the fleet view by itself with the 403 on
# top; the third (a 401 loop) is added live, failing rows first.  Enter and
# Esc work on the live view.  With --limit 2, old keepalives (answered two
# minutes ago, closed) are dropped live as they come (how many depends on
# how the datagrams are read together: at least four of the six) and the
# status bar says so; the registration stays.  No capture privilege is needed; every packet
# goes to 127.0.0.1.
. "${top_srcdir:-.}/tests/tui/lib.sh"

command -v python3 >/dev/null 2>&1 || fail "python3 is needed to send HEP"
SEND="python3 $TUI_SRC/hep_send.py"
port=$((20000 + $$ % 20000))

tui_start 80 24
hep_listen_run $port "--limit 2"

$SEND $port 2001 ok || fail "hep_send 2001"
tui_wait "Registrations and dialogs (1)"
tui_wait "✔ register"
tui_screen | grep -qF "Fleet:" && fail "the fleet view opened with one node"
$SEND $port 2001 keepalives || fail "hep_send 2001 keepalives"
wait_re() {   # wait_re REGEX WHY: until the screen matches (bounded)
	i=0
	until tui_screen | grep -qE -- "$1"; do
		[ $i -lt 150 ] || fail "$2"
		sleep 0.1; i=$((i + 1))
	done
}
wait_re "limit: [4-6] dropped" "no keepalives dropped by --limit 2"
tui_screen | grep -qF "TRUNK     3001@sip.carrier.example" || fail "the registration went with the keepalives"
[ "$(tui_screen | grep -c "OPTIONS   keepalive")" -le 2 ] || fail "more than two keepalives kept"

$SEND $port 2002 403 || fail "hep_send 2002"
tui_wait "Fleet: 2 nodes, 2 rows, 1 failing"
tui_line 4 | grep -q "^FAIL 2002 127.0.0.1 " || fail "the 403 node is not the first row"
tui_line 5 | grep -qF "prov.final-response: 403 Forbidden" || fail "no root cause under the 403 row"
tui_line 6 | grep -q "^ok   2001 127.0.0.1 " || fail "the healthy node is not under it"

# the third PBX while the view is open: it updates without a key
$SEND $port 2003 401loop || fail "hep_send 2003"
tui_wait "Fleet: 3 nodes, 3 rows, 2 failing"
tui_line 4 | grep -q "^FAIL 2002 " || fail "403 row moved"
tui_line 6 | grep -q "^FAIL 2003 " || fail "the 401 loop is not the second row"
tui_line 7 | grep -qF "pbx.realm-match" || fail "no realm root cause under the 401 loop row"
tui_line 8 | grep -q "^ok   2001 " || fail "the healthy node is not last"

tui_keys j Enter
tui_wait "fleet: node:3 aor:3003@sip.carrier.example"
tui_wait "Registrations and dialogs (1)"
tui_keys Escape
tui_wait "Fleet: 3 nodes, 3 rows, 2 failing"
tui_keys Escape
tui_wait "Registrations and dialogs ("
# (a verdict-change message may hold the status line for a few seconds)
wait_re "limit: [4-6] dropped" "the dropped count went away"
tui_quit
pass
