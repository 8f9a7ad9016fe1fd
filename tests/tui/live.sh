#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Live capture on the loopback interface: traffic appears while the screen
# runs (LIVE), the checks re-run on their own, and a verdict that flips is
# announced and marked.  Needs root (or capture rights) for -i lo; every
# packet goes from 127.0.0.1 to 127.0.0.1.
. "${top_srcdir:-.}/tests/tui/lib.sh"

live_setup live
cat > "$WORK/forbidden" <<MSG
SIP/2.0 403 Forbidden
Via: SIP/2.0/UDP 127.0.0.1:$pbx_port;branch=z9hG4bK-live1;rport=$pbx_port
From: <sip:1000@example.net>;tag=live1
To: <sip:1000@example.net>;tag=l2
Call-ID: live-1@127.0.0.1
CSeq: 1 REGISTER
Content-Length: 0
MSG

tui_start 120 40
live_run "udp port $pbx_port or udp port $reg_port"
tui_wait "Registrations and dialogs (0)"
tui_wait "(waiting for SIP traffic)"
"$UDP_SEND" $pbx_port $reg_port "$WORK/register" || fail "udp_send REGISTER"
tui_wait "Registrations and dialogs (1)"
tui_wait "1000@example.net"
tui_wait "trying"
tui_screen | grep -qF "· ?    Registration ends in 2xx" || fail "final response not open before the answer"
"$UDP_SEND" $reg_port $pbx_port "$WORK/forbidden" || fail "udp_send 403"
tui_wait "403 Forbidden"
tui_wait "failed"
# the checks re-ran without a key press, and the flip is visible
tui_wait "prov.final-response: unknown -> fail"
tui_wait "★ ✘ fail Registration ends in 2xx"
# p pauses reading
tui_keys p
tui_wait "PAUSED"
tui_keys p
tui_wait "LIVE"
# q asks before the captured packets are thrown away (tests/tui/keep.sh
# covers the answers); y quits
tui_keys q
tui_wait "Quit? 2 captured packets not saved"
tui_keys y
tui_wait 'TD-EXIT=0'
tui_check_stderr
ls "$WORK"/.local/state/trunkdoc/sessions/live-lo-*.pcap >/dev/null 2>&1 &&
	fail "y kept the live capture"
pass
