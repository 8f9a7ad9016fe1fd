#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# -O FILE writes every packet of a live capture to a pcap while the screen
# watches (as sngrep -O); q then has nothing to ask about.  On a file it
# writes what the file's BPF filter keeps, as tshark -r IN -w OUT and
# tcpdump -r IN -w OUT FILTER do; it never overwrites the file being read,
# and several files are refused (merge them first).
. "${top_srcdir:-.}/tests/tui/lib.sh"

command -v tshark >/dev/null 2>&1 || fail "tshark is needed to read the -O file"
frames() { tshark -r "$1" -T fields -e frame.time_epoch -e frame.len -e ip.src 2>/dev/null; }
cap=$(make_capture trunk)
"$TRUNKDOC" -r "$cap" -O "$WORK/all.pcap" --report > /dev/null 2> "$WORK/err"
[ $? -le 3 ] || fail "-r with -O failed: $(cat "$WORK/err")"
[ "$(frames "$WORK/all.pcap")" = "$(frames "$cap")" ] ||
	fail "-O on a file does not hold every packet: $(frames "$WORK/all.pcap" | wc -l) of $(frames "$cap" | wc -l)"
"$TRUNKDOC" -r "$cap" -O "$WORK/pbx.pcap" --report src host 192.168.1.10 > /dev/null 2> "$WORK/err"
[ "$(frames "$WORK/pbx.pcap")" = "$(frames "$cap" | grep '192\.168\.1\.10$')" ] &&
	[ "$(frames "$WORK/pbx.pcap" | wc -l)" -eq 5 ] ||
	fail "-O with a filter on a file: $(frames "$WORK/pbx.pcap")"
cp "$cap" "$WORK/keep.pcap"
"$TRUNKDOC" -r "$WORK/keep.pcap" -O "$WORK/keep.pcap" --report > /dev/null 2> "$WORK/err" &&
	fail "-O onto the file being read was accepted"
grep -q "is the capture being read" "$WORK/err" || fail "-O onto the file read: $(cat "$WORK/err")"
cmp -s "$cap" "$WORK/keep.pcap" || fail "-O onto the file read changed it"
"$TRUNKDOC" -r "$cap" -r "$WORK/keep.pcap" -O "$WORK/two.pcap" --report > /dev/null 2> "$WORK/err" &&
	fail "-O with two files was accepted"
grep -q "merge them first" "$WORK/err" || fail "-O with two files: $(cat "$WORK/err")"

# the screen on a file with -O: every packet written by the time it quits
tui_start 80 24
tui_run "-r $cap -O $WORK/screen.pcap"
tui_wait "DONE"
tui_quit
[ "$(frames "$WORK/screen.pcap")" = "$(frames "$cap")" ] || fail "the screen's -O file lacks packets"

live_setup write
live_run "-O $WORK/out.pcap udp port $pbx_port or udp port $reg_port"
"$UDP_SEND" $pbx_port $reg_port "$WORK/register" || fail "udp_send REGISTER"
tui_wait "Registrations and dialogs (1)"
tui_quit                                  # -O holds the packets: no question
"$TRUNKDOC" -r "$WORK/out.pcap" --report 2>/dev/null | grep -q "write-1@127.0.0.1" ||
	fail "the -O file does not hold the REGISTER"
pass
