#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Live capture with the probes run from the screen (P): trunkdoc's own
# OPTIONS, TCP and TLS attempts are captured too, shown as trunkdoc's own,
# and never judged as the PBX's traffic (issue 15).  A UDP trunk registers
# (REGISTER, 200 OK); the probes then find nothing listening on the
# registrar's TCP port and no TLS: the trunk's REGISTER checks must stay as
# they were and net.tls-handshake skipped.  Needs root (or capture rights)
# for -i lo; every packet goes from 127.0.0.1 to 127.0.0.1.
. "${top_srcdir:-.}/tests/tui/lib.sh"

UDP_SEND=${top_builddir:-.}/tests/tui/udp_send
[ -x "$UDP_SEND" ] || skip "tests/tui/udp_send is not built"
[ "$(id -u)" = 0 ] || skip "live capture on lo needs root"
pbx_port=$((20000 + $$ % 20000))
reg_port=$((pbx_port + 1))
dns_port=$((pbx_port + 2))

cat > "$WORK/register" <<MSG
REGISTER sip:127.0.0.1:$reg_port SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:$pbx_port;branch=z9hG4bK-lp1;rport
Max-Forwards: 70
From: <sip:1000@127.0.0.1>;tag=lp1
To: <sip:1000@127.0.0.1>
Call-ID: live-probe-1@127.0.0.1
CSeq: 1 REGISTER
Contact: <sip:1000@127.0.0.1:$pbx_port>
Expires: 3600
User-Agent: Asterisk PBX 18.20.0
Content-Length: auto
MSG
cat > "$WORK/ok" <<MSG
SIP/2.0 200 OK
Via: SIP/2.0/UDP 127.0.0.1:$pbx_port;branch=z9hG4bK-lp1;rport=$pbx_port
From: <sip:1000@127.0.0.1>;tag=lp1
To: <sip:1000@127.0.0.1>;tag=lp2
Call-ID: live-probe-1@127.0.0.1
CSeq: 1 REGISTER
Contact: <sip:1000@127.0.0.1:$pbx_port>;expires=3600
Content-Length: 0
MSG

tui_start 200 50
tui_run "-i lo --registrar 127.0.0.1:$reg_port --user 1000 --transport udp --dns-server 127.0.0.1:$dns_port port $pbx_port or port $reg_port or port 5061"
tui_wait "LIVE"
if grep -qi "permission\|cannot\|denied" "$WORK/stderr" 2>/dev/null; then
	skip "cannot capture on lo here: $(cat "$WORK/stderr")"
fi
"$UDP_SEND" $pbx_port $reg_port "$WORK/register" || fail "udp_send REGISTER"
"$UDP_SEND" $reg_port $pbx_port "$WORK/ok" || fail "udp_send 200"
tui_wait "registered"
tui_wait "✔ pass Registrar answers every REGISTER"
tui_wait "– skip TLS handshake completes"
# the probes: OPTIONS over UDP (no answer), TCP refused, no TLS
tui_keys P
tui_wait "✘ fail Registrar answers SIP OPTIONS" 40
sleep 2                                # the probes' packets are read and the checks re-run
tui_screen | grep -q "TRUNKDOC\|\[trunkdoc\]" || fail "trunkdoc's own probe traffic is not marked as its own"
tui_screen | grep -qF "✔ pass Registrar answers every REGISTER" ||
	fail "the probes' packets changed net.registrar-answers"
tui_screen | grep -qF "– skip TLS handshake completes" ||
	fail "the probes made net.tls-handshake judge a UDP trunk"
tui_screen | grep -q "Checklist.*Registrar answers every REGISTER \[!\]" &&
	fail "the root cause comes from the probes' packets"
tui_keys q
tui_wait "Quit?"
tui_keys y
tui_wait 'TD-EXIT=0'
pass
