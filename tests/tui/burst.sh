#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# Live at load: the screen keeps every packet of a burst.  Thousands of
# REGISTERs are sent on lo as fast as the kernel takes them while the
# screen captures (with -O) and redraws; when the burst is over, the status
# bar counts every one of them, no drop is reported, and the -O file holds
# them all.  A correctness test, not a timed one: it waits for the count,
# it does not measure how fast it came (bench/live-load.sh measures).
# Every packet goes from 127.0.0.1 to 127.0.0.1.
. "${top_srcdir:-.}/tests/tui/lib.sh"

UDP_BURST=${top_builddir:-.}/tests/tui/udp_burst
[ -x "$UDP_BURST" ] || fail "tests/tui/udp_burst is not built"
[ "$(id -u)" = 0 ] || fail "live capture on lo needs root"
command -v jq >/dev/null 2>&1 || fail "jq is not installed"
src_port=$((20000 + $$ % 20000))
dst_port=$((src_port + 1))
count=${BURST_COUNT:-30000}

tui_start 120 40
tui_run "-i lo -O $WORK/out.pcap udp port $src_port or udp port $dst_port"
tui_wait "LIVE"
grep -qi "permission\|cannot\|denied" "$WORK/stderr" 2>/dev/null && fail "cannot capture on lo: $(cat "$WORK/stderr")"
tui_wait "(waiting for SIP traffic)"
sent=$("$UDP_BURST" $src_port $dst_port "$count") || fail "udp_burst sent $sent of $count"
[ "$sent" = "$count" ] || fail "udp_burst sent $sent of $count"
# the queue may take a while to decode under a sanitizer: wait for the
# count, whatever the time (bounded only against a hang)
tui_wait " $count pkts  $count SIP " 120
tui_screen | grep -q "dropped" && fail "the screen reports dropped packets"
tui_quit
got=$("$TRUNKDOC" -r "$WORK/out.pcap" --report=json 2>/dev/null | jq '.capture.sip_messages')
[ "$got" = "$count" ] || fail "the -O file holds $got of $count messages"
pass "$count of $count messages"
