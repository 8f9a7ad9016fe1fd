#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Work kept on quit, without --session: marks and notes go to a session
# file per capture in the XDG state directory and come back when the same
# capture is opened again; the password typed is never in it.  With nowhere
# to keep them, q asks first (a quit with unsaved marks).  A live capture
# ended by SIGHUP (an SSH drop) restores the terminal, keeps the marks and
# keeps the packets as a pcap beside the session file, said on the next
# start; q on a live capture asks before its packets are thrown away.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
state="$WORK/state"
tui_start 170 40

# 1. marks and notes kept per capture, restored on the next open
tui_run "-r $cap" XDG_STATE_HOME="$state"
tui_wait "DONE"
tui_keys n '!'                       # the checklist, on the root cause
tui_keys X
tui_wait "[marked]"
tui_keys a "carrier ticket 4711" Enter
tui_wait "note kept"
tui_keys T Down Down Down Down Down Down Down Down Down "NotInTheFile-42" F2
tui_wait "profile and password applied"
tui_quit                              # no question: the work is kept
sess=$(ls "$state"/trunkdoc/sessions/trunk.pcap-*.session 2>/dev/null | head -1)
[ -n "$sess" ] && [ -s "$sess" ] || fail "no session file in $state/trunkdoc/sessions"
grep -q "carrier ticket 4711" "$sess" || fail "the note is not in the kept session"
grep -qF "NotInTheFile-42" "$sess" && fail "the password is in the kept session"
tui_keys clear Enter
tui_wait_gone "TD-EXIT"
tui_run "-r $cap" XDG_STATE_HOME="$state"
tui_wait "your marks and notes on this capture are back"
tui_wait "Registration ends in 2xx [marked]"
tui_quit
tui_keys clear Enter
tui_wait_gone "TD-EXIT"

# 2. nowhere to keep them: q asks; Esc stays; y quits
tui_run "-r $cap" XDG_STATE_HOME=/proc/no-such-dir HOME=/proc/no-such-dir
tui_wait "DONE"
tui_keys n o
tui_wait "[marked]"
tui_keys q
tui_wait "Quit? Marks and notes cannot be kept: y quit, Esc stay"
tui_keys Escape
tui_wait_gone "Quit?"
tui_screen | grep -q "TD-EXIT" && fail "quit without asking"
tui_keys q
tui_wait "Quit?"
tui_keys y
tui_wait "TD-EXIT=0"
tui_check_stderr
tui_keys clear Enter
tui_wait_gone "TD-EXIT"

# 3. live: SIGHUP keeps the packets; q asks before discarding them
UDP_SEND=${top_builddir:-.}/tests/tui/udp_send
[ -x "$UDP_SEND" ] || pass "files only (tests/tui/udp_send is not built)"
[ "$(id -u)" = 0 ] || pass "files only (live capture on lo needs root)"
pbx_port=$((20000 + $$ % 20000))
reg_port=$((pbx_port + 1))
cat > "$WORK/register" <<MSG
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:$pbx_port;branch=z9hG4bK-keep1;rport
Max-Forwards: 70
From: <sip:1000@example.net>;tag=k1
To: <sip:1000@example.net>
Call-ID: keep-1@127.0.0.1
CSeq: 1 REGISTER
Contact: <sip:1000@127.0.0.1:$pbx_port>
Expires: 3600
Content-Length: auto
MSG
tui_run "-i lo udp port $pbx_port or udp port $reg_port" XDG_STATE_HOME="$state"
tui_wait "LIVE"
grep -qi "permission\|cannot\|denied" "$WORK/stderr" 2>/dev/null && pass "files only (cannot capture on lo)"
"$UDP_SEND" $pbx_port $reg_port "$WORK/register" || fail "udp_send REGISTER"
tui_wait "Registrations and dialogs (1)"
tui_keys n o
tui_wait "[marked]"
kill -HUP "$(cat "$WORK/td.pid")"
tui_wait "TD-EXIT=129"
tui_check_stderr
# the terminal is restored: the shell answers
tui_keys clear Enter
tui_wait 'tdsh$'
live=$(ls "$state"/trunkdoc/sessions/live-lo-*.pcap 2>/dev/null | head -1)
[ -n "$live" ] && [ -s "$live" ] || fail "the live capture's packets were not kept"
[ -s "${live%.pcap}.session" ] || fail "the live capture's marks were not kept"
"$TRUNKDOC" -r "$live" --report 2>/dev/null | grep -q "1000@example.net" ||
	fail "the kept pcap does not hold the REGISTER"
# the next start says where they are
tui_run "-r $cap" XDG_STATE_HOME="$state"
tui_wait "was kept: trunkdoc -r"
tui_quit
grep -qF "was kept: trunkdoc -r $live" "$WORK/stderr" || fail "stderr does not name the kept pcap"
tui_keys clear Enter
tui_wait_gone "TD-EXIT"
# q on a live capture with packets asks; k keeps them
tui_run "-i lo udp port $pbx_port or udp port $reg_port" XDG_STATE_HOME="$state"
tui_wait "LIVE"
"$UDP_SEND" $pbx_port $reg_port "$WORK/register" || fail "udp_send REGISTER"
tui_wait "Registrations and dialogs (1)"
tui_keys q
tui_wait "captured packets not saved: y quit, k keep them, Esc stay"
tui_keys k
tui_wait "TD-EXIT=0"
grep -q "the live capture is kept: trunkdoc -r" "$WORK/stderr" || fail "k did not say where the capture is"
pass
