#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Live: the list's cursor stays on its dialog when a registration is
# inserted above it; the ladder follows new messages while its cursor is on
# the last one (and stays put when it is not); a registration whose refresh
# fails shows "registered, refresh failing", not a plain "registered".
# Every packet goes from 127.0.0.1 to 127.0.0.1.
. "${top_srcdir:-.}/tests/tui/lib.sh"

UDP_SEND=${top_builddir:-.}/tests/tui/udp_send
[ -x "$UDP_SEND" ] || skip "tests/tui/udp_send is not built"
[ "$(id -u)" = 0 ] || skip "live capture on lo needs root"
pbx=$((20000 + $$ % 20000))
reg=$((pbx + 1))

msg() {   # msg NAME: a file from the here-document on stdin
	cat > "$WORK/$1"
}
msg invite <<MSG
INVITE sip:+31205550100@example.net SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:$pbx;branch=z9hG4bK-f-i1;rport
Max-Forwards: 70
From: <sip:1000@example.net>;tag=fi1
To: <sip:+31205550100@example.net>
Call-ID: follow-call@127.0.0.1
CSeq: 1 INVITE
Contact: <sip:1000@127.0.0.1:$pbx>
Content-Length: auto
MSG
msg trying <<MSG
SIP/2.0 100 Trying
Via: SIP/2.0/UDP 127.0.0.1:$pbx;branch=z9hG4bK-f-i1;rport=$pbx
From: <sip:1000@example.net>;tag=fi1
To: <sip:+31205550100@example.net>
Call-ID: follow-call@127.0.0.1
CSeq: 1 INVITE
Content-Length: 0
MSG
msg ringing <<MSG
SIP/2.0 180 Ringing
Via: SIP/2.0/UDP 127.0.0.1:$pbx;branch=z9hG4bK-f-i1;rport=$pbx
From: <sip:1000@example.net>;tag=fi1
To: <sip:+31205550100@example.net>;tag=fi2
Call-ID: follow-call@127.0.0.1
CSeq: 1 INVITE
Content-Length: 0
MSG
msg busy <<MSG
SIP/2.0 486 Busy Here
Via: SIP/2.0/UDP 127.0.0.1:$pbx;branch=z9hG4bK-f-i1;rport=$pbx
From: <sip:1000@example.net>;tag=fi1
To: <sip:+31205550100@example.net>;tag=fi2
Call-ID: follow-call@127.0.0.1
CSeq: 1 INVITE
Content-Length: 0
MSG
reg_req() {   # reg_req NAME CSEQ BRANCH
	msg "$1" <<MSG
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:$pbx;branch=z9hG4bK-$3;rport
Max-Forwards: 70
From: <sip:1000@example.net>;tag=fr1
To: <sip:1000@example.net>
Call-ID: follow-reg@127.0.0.1
CSeq: $2 REGISTER
Contact: <sip:1000@127.0.0.1:$pbx>
Expires: 3600
Content-Length: auto
MSG
}
reg_resp() {   # reg_resp NAME CSEQ BRANCH STATUS
	msg "$1" <<MSG
SIP/2.0 $4
Via: SIP/2.0/UDP 127.0.0.1:$pbx;branch=z9hG4bK-$3;rport=$pbx
From: <sip:1000@example.net>;tag=fr1
To: <sip:1000@example.net>;tag=fr2
Call-ID: follow-reg@127.0.0.1
CSeq: $2 REGISTER
Contact: <sip:1000@127.0.0.1:$pbx>;expires=3600
WWW-Authenticate: Digest realm="example.net", nonce="n2"
Content-Length: 0
MSG
}
reg_req reg1 1 r1
reg_resp ok1 1 r1 "200 OK"
reg_req reg2 2 r2
reg_resp chal2 2 r2 "401 Unauthorized"
send() { "$UDP_SEND" "$@" || fail "udp_send $*"; }

tui_start 200 30             # room for the verdict column beside the checklist
tui_run "-i lo udp port $pbx or udp port $reg" XDG_STATE_HOME="$WORK/state"
tui_wait "LIVE"
grep -qi "permission\|cannot\|denied" "$WORK/stderr" 2>/dev/null && skip "cannot capture on lo here"
send $pbx $reg "$WORK/invite"
send $reg $pbx "$WORK/trying"
tui_wait "Registrations and dialogs (1)"
tui_wait "Ladder: follow-call@127.0.0.1 (2 messages)"
# the ladder, cursor on its last message: it follows the 180
tui_keys Enter End
send $reg $pbx "$WORK/ringing"
tui_wait "Ladder: follow-call@127.0.0.1 (3 messages)"
tui_wait "180 Ringing"
tui_screen | grep "▸" | grep -q "180 Ringing" || tui_screen | grep -q "▸.*│◀─* 180 Ringing" ||
	fail "the ladder cursor did not follow the new last message"
# not on the last one: it stays
tui_keys Home
send $reg $pbx "$WORK/busy"
tui_wait "Ladder: follow-call@127.0.0.1 (4 messages)"
tui_screen | grep "▸" | grep -q "INVITE" || fail "the ladder cursor moved off the INVITE"
# a registration arrives: inserted above the dialog, the cursor stays on it
tui_keys Escape                      # back to the list, cursor on the INVITE
send $pbx $reg "$WORK/reg1"
send $reg $pbx "$WORK/ok1"
tui_wait "Registrations and dialogs (2)"
tui_screen | grep -q "▸ [0-9:]* INVITE" || fail "the list cursor left the INVITE"
tui_wait "registered"
# the refresh is challenged and never answered: still inside the grant,
# but failing
send $pbx $reg "$WORK/reg2"
send $reg $pbx "$WORK/chal2"
tui_wait "registered, refresh failing"
tui_keys q
tui_wait "Quit?"
tui_keys y
tui_wait "TD-EXIT=0"
tui_check_stderr
pass
