#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Frame numbers agree: the screen shows the capture's numbers, the bundle
# renumbers to its own pcap and gives both where the carrier reads
# ("frame 5 (6 in mixed.pcap)"), and its packets table maps every exported
# frame back to the capture's.  The carrier's section names the account.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture mixed)
mkdir "$WORK/out"
tui_start 100 30
tui_run "-r $cap"
tui_wait "DONE"
tui_keys '!' Enter
tui_wait "frame 6  00:00:00.650  403 Forbidden"       # the capture's number
tui_keys Escape S C-u "$WORK/out" Enter
tui_wait "saved trunkdoc-"
tui_quit
md=$(ls "$WORK"/out/*.md)
# which number the bundle gave the 403
e=$(awk -F' \\| ' '/^\| Frame \| Time/ { on = 1; next } on && /^\| [0-9]+ \|/ && /403 Forbidden/ {
	f = $1; sub(/^\| /, "", f); print f; exit }' "$md")
[ -n "$e" ] || fail "no 403 in the packets table"
[ "$e" != 6 ] || fail "the bundle did not renumber (the test needs it to)"
grep -q "(frame $e (6 in mixed.pcap))" "$md" || fail "the carrier's line does not give both numbers: $(grep -m1 '403 Forbidden at' "$md")"
awk -F' \\| ' -v e="$e" '/^\| Frame \| Time/ { on = 1; next } on && $1 == "| " e { last = $NF } END { exit !(last ~ /^6 \|$/) }' "$md" ||
	fail "the packets table does not map frame $e back to 6"
# the carrier's section opens with whose account it is
sed -n '/^## For the carrier/,/^## /p' "$md" | grep -qF 'Account `sip:1000@example.net` on trunk `1000@example.net`, registering at `example.net`.' ||
	fail "the carrier's section does not name the account"
pass
