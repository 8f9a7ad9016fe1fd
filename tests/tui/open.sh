#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Opening a capture: both panes (list + ladder, checklist) are on the
# screen, side by side at 120x40, with the registration, its ladder and the
# preview of the selected message; on a wide screen the list's AOR and
# registrar columns fit what they show.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 120 40
tui_run "-r $cap"
tui_wait "DONE"
s=$(tui_screen)
for want in "Registrations and dialogs (2)" "Ladder: sip:1000@example.net (5 messages)" \
	"Checklist" "REGISTER" "1000@example.net" "INVITE" "failed" "486" \
	"192.168.1.10:5060" "198.51.100.20:5060" "401 Unauthorized" "403 Forbidden" \
	"Registration ends in 2xx" "Internet and reachability" "Firewall and NAT" \
	"trunk.pcap" "9 pkts" "Call-ID: reg-1@192.168.1.10"; do
	printf '%s\n' "$s" | grep -qF -- "$want" || fail "missing on screen: $want"
done
# side by side: the list title and the checklist title share the second line
tui_line 2 | grep -q "Registrations and dialogs.*Checklist" || fail "panes are not side by side at 120x40"
# the retransmitted REGISTER is marked
printf '%s\n' "$s" | grep -qF -- "↻ REGISTER" || fail "retransmission not marked"
# the ladder shows the dialog under the cursor: move to the INVITE row
tui_keys j
tui_wait "Ladder: call-1@192.168.1.10 (4 messages)"
tui_wait "486 Busy Here"
tui_quit
# The AOR and registrar columns take the width their rows need: at 170x45
# (a list pane of 89 columns) a trunk's long AOR and registrar are both
# whole, where a fixed third for the registrar cut it.
tui_keys clear Enter
tui_wait_gone "TD-EXIT"
tmx resize-window -t t -x 170 -y 45
tui_run "-r $top_srcdir/tests/captures/real/nat-no-fixup.pcap"
tui_wait "DONE"
tui_screen | grep -qF "TRUNK     trunk1@sip.provider.example sip.provider.example UDP" ||
	fail "AOR or registrar cut at 170x45: $(tui_screen | grep -F TRUNK | head -n 1)"
tui_quit
pass
