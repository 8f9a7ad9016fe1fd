#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# The fleet view's filter on a live HEP feed (doc/tui.md), at 80x24 and
# 132x43: trunkdoc --hep-listen on 127.0.0.1, PBXs mirroring their trunk
# registrations to it (tests/tui/hep_send.py, capture ids 2001-2004).  The
# view is filtered to a node that has not sent anything yet; when it
# arrives failing, it shows without a key, Enter opens it and Esc comes
# back to the view still filtered.  Rows re-sorted by a live update keep
# the cursor on its node and trunk while the filter lets it through.
# Every packet goes to 127.0.0.1.
. "${top_srcdir:-.}/tests/tui/lib.sh"

command -v python3 >/dev/null 2>&1 || fail "python3 is needed to send HEP"
SEND="python3 $TUI_SRC/hep_send.py"

tui_start 80 24
port=$((20000 + $$ % 20000))
for size in 80x24 132x43; do
	tui_size "$size"
	port=$((port + 1))
	hep_listen_run $port
	$SEND $port 2001 ok || fail "hep_send 2001"
	tui_wait "Registrations and dialogs (1)"
	$SEND $port 2002 403 || fail "hep_send 2002"
	tui_wait "Fleet: 2 nodes, 2 rows, 1 failing"

	# filtered to a PBX not heard from yet: nothing shows
	fleet_filter "2003"
	tui_wait "Fleet: 2 nodes, 0 of 2 rows, 1 failing, filter: 2003"
	tui_wait "(no row matches the filter"
	# it arrives, failing: its row alone, without a key
	$SEND $port 2003 401loop || fail "hep_send 2003"
	tui_wait "Fleet: 3 nodes, 1 of 3 rows, 2 failing, filter: 2003"
	tui_line 4 | grep -q "^FAIL 2003 127.0.0.1 " || fail "$size: the new failing node is not the row shown"
	tui_line 5 | grep -qF "pbx.realm-match" || fail "$size: no root cause under the new row"
	tui_keys Enter
	tui_wait "fleet: node:3 aor:3003@sip.carrier.example"
	tui_wait "Registrations and dialogs (1)"
	tui_keys Escape
	tui_wait "Fleet: 3 nodes, 1 of 3 rows, 2 failing, filter: 2003"

	# every row through the filter, the cursor on the healthy node (last);
	# a new failing node goes above it, the cursor stays on 2001
	fleet_filter "carrier"
	tui_wait "Fleet: 3 nodes, 3 of 3 rows, 2 failing, filter: carrier"
	tui_keys G
	$SEND $port 2004 403 || fail "hep_send 2004"
	tui_wait "Fleet: 4 nodes, 4 of 4 rows, 3 failing, filter: carrier"
	tui_line 8 | grep -q "^FAIL 2004 " || fail "$size: the new failing node is not third"
	tui_line 10 | grep -q "^ok   2001 " || fail "$size: the healthy node is not last"
	tui_keys Enter
	tui_wait "fleet: node:1 aor:3001@sip.carrier.example"
	tui_keys Escape
	tui_wait "filter: carrier"
	tui_keys Escape
	tui_wait "Fleet: 4 nodes, 4 rows, 3 failing"
	tui_fits "${size%x*}"
	tui_keys Escape
	tui_wait "Registrations and dialogs ("
	tui_quit
done
pass
