#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Opening a message from the ladder: Enter shows the whole message with
# its frame, addresses and headers; it scrolls; Esc goes back.
. "${top_srcdir:-.}/tests/tui/lib.sh"

cap=$(make_capture trunk)
tui_start 100 30
tui_run "-r $cap"
tui_wait "DONE"
tui_keys Enter              # list -> ladder of the registration
tui_keys Down Down          # the 401
tui_keys Enter
tui_wait "Frame 3  00:00:00.540  198.51.100.20:5060 -> 192.168.1.10:5060  UDP"
tui_wait "SIP/2.0 401 Unauthorized"
tui_wait 'WWW-Authenticate: Digest realm="example.net", nonce="abc123"'
tui_keys Escape
tui_wait "Ladder: sip:1000@example.net"
# q goes back from a view too
tui_keys Enter
tui_wait "Frame 3"
tui_keys q
tui_wait "Ladder: sip:1000@example.net"
# A message longer than the screen scrolls: the INVITE with its SDP at 100x12
tmx resize-window -t t -x 100 -y 12
tui_keys Escape j            # back to the list, down to the INVITE
tui_wait "Ladder: call-1@192.168.1.10"
tui_keys Enter Enter         # its ladder, then the INVITE itself
tui_wait "Frame 6"
tui_wait "INVITE sip:+31205550100@example.net SIP/2.0"
tui_keys Down
tui_wait_gone "INVITE sip:+31205550100@example.net SIP/2.0"
tui_keys End
tui_wait "a=rtpmap:0 PCMU/8000"
tui_keys Home
tui_wait "INVITE sip:+31205550100@example.net SIP/2.0"
# search inside the message
tui_wait_gone "m=audio 10000 RTP/AVP 0"
tui_keys / "m=audio" Enter
tui_wait "m=audio 10000 RTP/AVP 0"
tui_wait_gone "INVITE sip:+31205550100@example.net SIP/2.0"
tui_keys Escape
tui_wait "Ladder: call-1@192.168.1.10"
tui_quit
pass
