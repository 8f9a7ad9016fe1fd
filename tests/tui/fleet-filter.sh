#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The fleet view's filter (doc/tui.md), at 80x24 and 132x43: f (or F7)
# prompts as the list's filter does; every blank-separated term must match,
# case-insensitively, something the row shows: the capture id, agent or
# node name, the trunk or its registrar, the state word and text, the root
# cause.  The title says "N of M rows" and the filter.  Enter opens the
# one row left, Esc from the main screen comes back to the filtered view,
# Esc there clears the filter, an empty filter clears it too; the cursor
# stays on its node and trunk when the filter still lets its row through.
# The help screen lists the keys.
# The live part is tests/tui/fleet-filter-live.sh.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$WORK/fleet.pcap
"$SCN2PCAP" "$top_srcdir/tests/scenarios/hep-fleet-three-pbx.scn" "$cap" >"$WORK/scn2pcap.log" 2>&1 ||
	fail "scn2pcap: $(cat "$WORK/scn2pcap.log")"


tui_start 80 24
for size in 80x24 132x43; do
	tui_size "$size"
	tui_run "-r $cap"
	tui_wait "Fleet: 3 nodes, 3 rows, 2 failing"
	# one node's failing trunk: its capture id and the state word (lower case)
	fleet_filter "2003 fail"
	tui_wait "Fleet: 3 nodes, 1 of 3 rows, 2 failing, filter: 2003 fail"
	tui_wait "fleet filter: 1 of 3 rows"
	tui_line 4 | grep -q "^FAIL 2003 10.3.0.10 " || fail "$size: the 401-loop row is not the one shown"
	tui_screen | grep -qE "^(FAIL|ok) +200[12] " && fail "$size: a row the filter rejects is shown"
	# Enter opens it; Esc comes back to the view, still filtered
	tui_keys Enter
	tui_wait "fleet: node:3 aor:5530@sip.carrier.example"
	tui_wait "Registrations and dialogs (1)"
	tui_keys Escape
	tui_wait "Fleet: 3 nodes, 1 of 3 rows, 2 failing, filter: 2003 fail"
	tui_line 4 | grep -q "^FAIL 2003 " || fail "$size: the filtered row went after coming back"
	# Esc on the filtered view clears the filter; the next Esc leaves
	tui_keys Escape
	tui_wait "Fleet: 3 nodes, 3 rows, 2 failing"
	tui_wait "fleet filter cleared: 3 rows"
	# what else a row is matched by: the node's name, a state's words,
	# the root cause's check id, the registrar's host
	fleet_filter "EAST"
	tui_wait "1 of 3 rows, 2 failing, filter: EAST"
	tui_line 4 | grep -q "^ok   2001 " || fail "$size: the name pbx-east did not find node 2001"
	fleet_filter "Forbidden"
	tui_wait "1 of 3 rows, 2 failing, filter: Forbidden"
	tui_line 4 | grep -q "^FAIL 2002 " || fail "$size: 403 Forbidden did not find node 2002"
	fleet_filter "pbx.realm-match"
	tui_wait "1 of 3 rows, 2 failing, filter: pbx.realm-match"
	tui_line 4 | grep -q "^FAIL 2003 " || fail "$size: the root cause's id did not find node 2003"
	fleet_filter "nobody.example"
	tui_wait "0 of 3 rows, 2 failing, filter: nobody.example"
	tui_wait "(no row matches the filter"
	# the prompt shows the filter in force; Esc there keeps it
	tui_keys f
	tui_wait "Fleet filter (node, trunk, state, cause): nobody.example"
	tui_keys Escape
	tui_wait "0 of 3 rows, 2 failing, filter: nobody.example"
	# an empty filter clears it
	fleet_filter ""
	tui_wait "Fleet: 3 nodes, 3 rows, 2 failing"
	# the cursor on the second row (2003) stays on it through a filter
	# that keeps it (the registrar's host matches every row) ...
	tui_keys j
	fleet_filter "sip.carrier.example"
	tui_wait "3 of 3 rows, 2 failing, filter: sip.carrier.example"
	tui_keys Enter
	tui_wait "fleet: node:3 aor:5530@sip.carrier.example"
	tui_keys Escape
	tui_wait "3 of 3 rows"
	# ... and goes to the worst row left when the filter drops its row
	fleet_filter "4420"
	tui_wait "1 of 3 rows, 2 failing, filter: 4420"
	tui_keys Enter
	tui_wait "fleet: node:2 aor:4420@sip.carrier.example"
	tui_keys Escape
	tui_wait "filter: 4420"
	tui_keys Escape
	tui_wait "Fleet: 3 nodes, 3 rows, 2 failing"
	# the list's own filter is not the fleet's
	tui_line 1 | grep -qF "filter:" && fail "$size: the fleet filter reached the list's filter"
	tui_fits "${size%x*}"
	# the help screen lists the view's keys (from the one key table)
	tui_keys '?' G
	tui_wait "Clear the filter; without one, show the main screen"
	tui_keys Escape
	tui_wait "Fleet: 3 nodes, 3 rows, 2 failing"
	tui_keys Escape
	tui_wait "Registrations and dialogs (10)"
	tui_quit
done
pass
