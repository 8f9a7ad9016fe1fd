#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The fleet view at 80x24 (doc/tui.md): a HEP capture of three PBXs
# (healthy, 403 after the digest, 401 realm loop) opens on the fleet view
# by itself, one row per node and trunk, failing first, each failing row
# starting with FAIL and its root cause under it.  Enter opens the node's
# trunk (the list scoped to it, its ladder and its own checklist); Esc
# comes back and the scope goes; F opens the view again from the main
# screen.  The operator's own filter stays beside the scope, and is what
# the session keeps.  Then in ASCII with --limit 4: the old keepalives are dropped in
# the screen too, the status bar says how many, the verdicts stay.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$WORK/fleet.pcap
"$SCN2PCAP" "$top_srcdir/tests/scenarios/hep-fleet-three-pbx.scn" "$cap" >"$WORK/scn2pcap.log" 2>&1 ||
	fail "scn2pcap: $(cat "$WORK/scn2pcap.log")"
tui_start 80 24
tui_run "-r $cap"
tui_wait "Fleet: 3 nodes, 3 rows, 2 failing"
# the rows, in order, as the expected screen beside this test
tui_screen | sed -n 2,9p > "$WORK/fleet.txt"
diff -u "$TUI_SRC/expected/fleet-80x24.txt" "$WORK/fleet.txt" >"$WORK/fleet.diff" ||
	fail "fleet view differs from tests/tui/expected/fleet-80x24.txt: $(cat "$WORK/fleet.diff")"
tui_screen | while IFS= read -r l; do
	[ "$(printf '%s' "$l" | LC_ALL=C.UTF-8 wc -m)" -le 80 ] || exit 1
done || fail "a line is wider than 80 columns"

# Enter on the first failing row: that node's trunk alone, its ladder,
# and its own checklist with its root cause
tui_keys Enter
tui_wait "fleet: node:2 aor:4420@sip.carrier.example"
tui_wait "Registrations and dialogs (1)"
tui_wait "TRUNK     4420@sip.carrier.example"
tui_wait "◀──── 403 Forbidden ──────"
tui_wait "Checklist (20 open, 1 failing) ✘ Registration ends in 2xx [!]"
tui_screen | grep -qF "201@10.2.0.10" && fail "the PBX's phone is listed under its trunk"
# the checklist is the node's: ! goes to its root cause
tui_keys '!'
tui_wait "▸ ✘ fail Registration ends in 2xx"
# Esc (from the checklist: first back to the list pane, then the fleet)
tui_keys Escape
tui_wait "Fleet: 3 nodes, 3 rows, 2 failing"
tui_line 1 | grep -qF "fleet:" && fail "the fleet row's scope stayed after Esc"
# the second failing row: the 401 loop's own root cause
tui_keys j Enter
tui_wait "fleet: node:3 aor:5530@sip.carrier.example"
tui_wait "✘ Digest realm matches the challenge [!]"
tui_keys Escape
tui_wait "Fleet: 3 nodes"
# Esc on the fleet view: the main screen with every row; F brings it back
tui_keys Escape
tui_wait "Registrations and dialogs (10)"
tui_keys F
tui_wait "Fleet: 3 nodes, 3 rows, 2 failing"
tui_keys Escape
tui_wait "Registrations and dialogs (10)"
# the operator's filter (method:REGISTER) and a fleet row's scope together
tui_keys f C-u
tui_keys -l "method:REGISTER"
tui_keys Enter
tui_wait "Registrations and dialogs (4)"
tui_keys F
tui_wait "Fleet: 3 nodes"
tui_keys Enter
tui_wait "fleet: node:2 aor:4420@sip.carrier.example  filter: method:"
tui_wait "Registrations and dialogs (1)"
tui_keys Escape
tui_wait "Fleet: 3 nodes"
tui_keys Escape
tui_wait "Registrations and dialogs (4)"
tui_line 1 | grep -qF "filter: method:REGISTER" || fail "the operator's filter was lost"
tui_quit
grep -rqs "node:2" "$WORK/.local/state/trunkdoc/sessions/" && fail "the fleet row's scope went into the session"
grep -rqs "method:REGISTER" "$WORK/.local/state/trunkdoc/sessions/" || fail "the operator's filter was not kept in the session"

# ASCII, --limit 4: the six keepalives (closed a minute before the end)
# are dropped on reading, as the report path drops them
tui_keys clear Enter
tui_run "-r $cap --ascii --limit 4"
tui_wait "Fleet: 3 nodes, 3 rows, 2 failing"
s=$(tui_screen)
printf '%s\n' "$s" | LC_ALL=C grep -q '[^ -~]' && fail "non-ASCII bytes on the fleet view"
printf '%s\n' "$s" | sed -n 4p | grep -q "^FAIL 2002 " || fail "403 node not first in ASCII"
printf '%s\n' "$s" | sed -n 6p | grep -q "^FAIL 2003 " || fail "401-loop node not second in ASCII"
printf '%s\n' "$s" | sed -n 8p | grep -q "^ok   2001 " || fail "healthy node not last in ASCII"
tui_keys Escape
tui_wait "Registrations and dialogs (4)"
tui_wait "limit: 6 dropped"
tui_screen | grep -qF "keepalive" && fail "a dropped keepalive is still listed"
tui_keys Enter
tui_wait "Ladder: sip:3310@sip.carrier.example (2 messages)"
tui_quit
pass
