#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Roles on the screen at 80x24 (doc/tui.md): a PBX host with two trunks
# (one refused) and three phones.  The list shows each registration's role
# and its own verdict; the checklist follows the trunk under the cursor and
# its title names it; a phone under the cursor shows its own verdict there;
# the ladder's title says how the role was decided.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$WORK/roles.pcap
"$SCN2PCAP" "$top_srcdir/tests/scenarios/roles-two-trunks-one-failing.scn" "$cap" >"$WORK/scn2pcap.log" 2>&1 ||
	fail "scn2pcap: $(cat "$WORK/scn2pcap.log")"
tui_start 80 24
tui_run "-r $cap"
tui_wait "DONE"
s=$(tui_screen)
for want in "PHONE     381@192.168.1.10" "TRUNK     441234567890@sip.provider-" \
	"TRUNK     8005550100@voip.provider-b" "State / ve"; do
	printf '%s\n' "$s" | grep -qF -- "$want" || fail "missing on screen: $want"
done
# The cursor starts on phone 381: its own verdict heads the checklist, which
# is the first (failing) trunk's.
tui_wait "phone 381: ✔ registered (3600 s) | Trunk 8005550100@voip.provider-b.example"
tui_wait "| extension: 192.168.1.101 register"
# The healthy trunk: its own checklist, nothing failing.
tui_keys j
tui_wait "Trunk 441234567890@sip.provider-a.example: Checklist (17 open, 0 failing)"
tui_wait "(4 messages) | trunk: the PBX"
# The refused trunk: its checklist, and the root cause in the title.
tui_keys j
tui_wait "Trunk 8005550100@voip.provider-b.example: Checklist (21 open, 2 failing) ✘"
tui_quit
