#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# -O FILE writes every packet of a live capture to a pcap while the screen
# watches (as sngrep -O); q then has nothing to ask about.  With -r it is
# refused: a file is already a pcap.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
"$TRUNKDOC" -r "$cap" -O "$WORK/x.pcap" --report > /dev/null 2> "$WORK/err" && fail "-O with -r was accepted"
grep -q "a file is already a pcap" "$WORK/err" || fail "-O with -r: $(cat "$WORK/err")"

UDP_SEND=${top_builddir:-.}/tests/tui/udp_send
[ -x "$UDP_SEND" ] || skip "tests/tui/udp_send is not built"
[ "$(id -u)" = 0 ] || skip "live capture on lo needs root"
pbx_port=$((20000 + $$ % 20000))
reg_port=$((pbx_port + 1))
cat > "$WORK/register" <<MSG
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:$pbx_port;branch=z9hG4bK-w1;rport
Max-Forwards: 70
From: <sip:1000@example.net>;tag=w1
To: <sip:1000@example.net>
Call-ID: write-1@127.0.0.1
CSeq: 1 REGISTER
Contact: <sip:1000@127.0.0.1:$pbx_port>
Expires: 3600
Content-Length: auto
MSG
tui_start 100 30
tui_run "-i lo -O $WORK/out.pcap udp port $pbx_port or udp port $reg_port"
tui_wait "LIVE"
grep -qi "permission\|cannot\|denied" "$WORK/stderr" 2>/dev/null && skip "cannot capture on lo here"
"$UDP_SEND" $pbx_port $reg_port "$WORK/register" || fail "udp_send REGISTER"
tui_wait "Registrations and dialogs (1)"
tui_quit                                  # -O holds the packets: no question
"$TRUNKDOC" -r "$WORK/out.pcap" --report 2>/dev/null | grep -q "write-1@127.0.0.1" ||
	fail "the -O file does not hold the REGISTER"
pass
