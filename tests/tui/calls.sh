#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Calls on the screen (issue 16): the list shows each call's state and its
# worst group-5 verdict; the ladder draws the call's RTP streams as arrows
# among the SIP messages, each with a "media" line (addresses, codec and
# payload type, packets, sequence gaps, first-last time); the checklist's
# group 5 follows the call open in the ladder and goes back to all the
# trunk's calls when a registration is under the cursor, or with A.  At 80x24 (the
# ladder read against expected/calls-80x24.txt) and 170x45.
. "${top_srcdir:-.}/tests/tui/lib.sh"

# tui_wait_re REGEX: until a line of the screen matches (grep -E)
tui_wait_re() {
	i=0
	while ! tui_screen | grep -qE -- "$1"; do
		[ $i -lt 150 ] || fail "timed out waiting for /$1/"
		sleep 0.1
		i=$((i + 1))
	done
}

cap=$(make_capture calls)
tui_start 80 24
tui_run "-r $cap"
tui_wait "DONE"
# the verdict column: state and the call's own verdict
tui_wait "00:00:01 INVITE"
s=$(tui_screen)
printf '%s\n' "$s" | grep -q "00:00:01 INVITE .* ✔ answered *$" || fail "call 1 (RTP both ways) is not ✔ answered"
printf '%s\n' "$s" | grep -q "00:00:25 INVITE .* ✘ failed 403 *$" || fail "call 2 (403) is not ✘ failed 403"
printf '%s\n' "$s" | grep -q "00:00:30 INVITE .* ✘ answered *$" || fail "call 3 (one-way RTP) is not ✘ answered"
# on the trunk's registration: group 5 speaks of every call
tui_line 2 | grep -q "^─ Checklist" && fail "checklist on line 2?"
printf '%s\n' "$s" | grep -q "Call [0-9]/3 |" && fail "the checklist follows a call with the registration under the cursor"

# call 1: its streams in the ladder, the checklist follows it
tui_keys Down
tui_wait "Ladder: rtp-ok@pbx (6 messages, 2 RTP streams)"
tui_wait "─ Call 1/3 | Checklist"
tui_screen | sed -n 2,16p > "$WORK/calls.txt"
diff -u "$TUI_SRC/expected/calls-80x24.txt" "$WORK/calls.txt" >"$WORK/calls.diff" ||
	fail "80x24 screen differs from tests/tui/expected/calls-80x24.txt: $(cat "$WORK/calls.diff")"
# the stream back, below: the ladder scrolls to the BYE
tui_keys Tab End
tui_wait "00:00:21.030▸"
tui_keys Up Up
tui_wait_re "│◀─+ RTP PCMA 500 ─+│"
tui_wait "media 198.51.100.30:40000 -> 192.168.1.10:10000 PCMA/8000 (PT 8)"
tui_wait "500 packets, no sequence gap, 00:00:03.100-00:00:13.080"
# group 5 judged for call 1 alone
tui_keys Tab / "RTP flows" Enter
tui_wait "▸ ✔ pass RTP flows both ways"
tui_keys / "Provider accepts" Enter
tui_wait "▸ ✔ pass Provider accepts the trunk's calls"
# call 2 (403): refused, as the provider's ACL says
tui_keys BTab BTab Down
tui_wait "─ Call 2/3 | Checklist"
tui_wait "▸ ✘ fail Provider accepts the trunk's calls"
# call 3: accepted, but its audio flows one way
tui_keys Down
tui_wait "─ Call 3/3 | Checklist"
tui_wait "▸ ✔ pass Provider accepts the trunk's calls"
tui_wait_re "│─+ RTP PCMA 500 ─+▶│"
tui_wait "media 192.168.1.10:10002 -> 198.51.100.30:40002 PCMA/8000 (PT 8)"
tui_screen | grep -qF "RTP PCMA 0" && fail "a stream that does not exist is drawn"
# back on the registration: every call again, the 403 among them
tui_keys Home
tui_wait_gone "─ Call 3/3 | Checklist"
tui_wait "▸ ✘ fail Provider accepts the trunk's calls"
tui_quit
tui_keys clear Enter
tui_wait_gone "TD-EXIT"

# 170x45: the whole checklist beside; group 5's heading says which calls
tmx resize-window -t t -x 170 -y 45
tui_run "-r $cap"
tui_wait "DONE"
tui_wait "Calls on the trunk (all the trunk's calls; open one to judge it alone)"
tui_wait "✘ fail RTP flows both ways"
tui_keys Down
tui_wait "Calls on the trunk (call 1 of 3, Call-ID rtp-ok@pbx)"
tui_wait "✔ pass RTP flows both ways"
tui_wait "✔ pass Provider accepts the trunk's calls (ACL or digest)"
tui_wait_re "│─+ RTP PCMA 490 ─+▶│"
tui_wait "media 192.168.1.10:10000 -> 198.51.100.30:40000 PCMA/8000 (PT 8)"
tui_keys Down Down
tui_wait "Calls on the trunk (call 3 of 3, Call-ID rtp-oneway@pbx)"
tui_wait "✘ fail RTP flows both ways"
tui_wait "✔ pass Provider accepts the trunk's calls (ACL or digest)"
# A: every call again while the call stays open in the ladder; A again: the call
tui_keys A
tui_wait "Calls on the trunk (all the trunk's calls; A: the open call alone)"
tui_wait "✘ fail Provider accepts the trunk's calls (ACL or digest)"
tui_wait "Ladder: rtp-oneway@pbx"
tui_screen | grep -q "Call 3/3 |" && fail "the title still names call 3 after A"
tui_keys A
tui_wait "Calls on the trunk (call 3 of 3, Call-ID rtp-oneway@pbx)"
tui_wait "✔ pass Provider accepts the trunk's calls (ACL or digest)"
# A, then another call opened: group 5 follows that one
tui_keys A
tui_wait "Calls on the trunk (all the trunk's calls; A: the open call alone)"
tui_keys Up
tui_wait "Calls on the trunk (call 2 of 3, Call-ID acl-1@pbx)"
tui_keys Home
tui_wait "Calls on the trunk (all the trunk's calls; open one to judge it alone)"
tui_wait "✘ fail Provider accepts the trunk's calls (ACL or digest)"
s=$(tui_screen)
printf '%s\n' "$s" | while IFS= read -r l; do
	[ "$(printf '%s' "$l" | wc -m)" -le 170 ] || { echo "wider than 170: $l"; exit 1; }
done || fail "a line is wider than the terminal"
tui_quit
tui_keys clear Enter
tui_wait_gone "TD-EXIT"

# a lab on one address: each RTP end has its own column; where the
# columns do not all fit, the stream is said in words, never drawn to
# another port of the same host; a label too narrow for the codec keeps
# the packet count whole
lo=$(make_capture calls-lo)
tmx resize-window -t t -x 140 -y 30
tui_run "-r $lo"
tui_wait "DONE"
tui_wait "Ladder: rtp-ok@pbx (6 messages, 2 RTP streams)"
tui_wait_re "127\\.0\\.0\\.1:1000.* 127\\.0\\.0\\.1:4000"
tui_wait_re "│─+ RTP 490 ─+▶│"
tui_wait_re "│◀─+ RTP 500 ─+│"
tui_wait "media 127.0.0.1:10000 -> 127.0.0.1:40000 PCMA/8000 (PT 8)"
tmx resize-window -t t -x 100 -y 30
tui_wait "RTP PCMA 490 (between addresses not drawn"
tui_screen | grep -qE "RTP (PCMA )?4[0-9]?[^0-9]" && fail "a cut packet count is drawn"
tui_quit
pass
