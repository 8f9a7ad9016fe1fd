#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-stdin.sh - a capture read from standard input cannot be re-read,
# so the export rebuilds the SIP messages from the bytes the store kept (as
# raw IP packets; a TCP message as TCP): the pcap still opens, holds every
# SIP message of the trunk with valid checksums, the summary's frame table
# matches tshark, and both the summary and the JSON say the pcap was rebuilt.
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-stdin
need tshark jq

scenario_pcap "$WORK/in.pcap" <<'EOF2'
pbx = 192.168.1.10
carrier = 198.51.100.20
other = 10.9.9.9

=== 0.000 udp pbx:5060 > carrier:5060
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-1
From: <sip:1000@example.net>;tag=a1
To: <sip:1000@example.net>
Call-ID: reg-stdin@192.168.1.10
CSeq: 1 REGISTER
Content-Length: 0

=== 0.010 udp other:5060 > pbx:5060
OPTIONS sip:pbx SIP/2.0
Via: SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bK-s
From: <sip:scan@10.9.9.9>;tag=s
To: <sip:pbx@192.168.1.10>
Call-ID: unrelated-stdin
CSeq: 1 OPTIONS
Content-Length: 0

=== 0.040 udp carrier:5060 > pbx:5060
SIP/2.0 404 Not Found
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-1
From: <sip:1000@example.net>;tag=a1
To: <sip:1000@example.net>;tag=b1
Call-ID: reg-stdin@192.168.1.10
CSeq: 1 REGISTER
Content-Length: 0

=== 0.100 tcp carrier:5060 > pbx:5060 seg=2
OPTIONS sip:1000@192.168.1.10:5060 SIP/2.0
Via: SIP/2.0/TCP 198.51.100.20:5060;branch=z9hG4bK-o1
From: <sip:ping@example.net>;tag=o1
To: <sip:1000@192.168.1.10>
Call-ID: options-stdin@198.51.100.20
CSeq: 3 OPTIONS
Content-Length: 0
EOF2

"$TRUNKDOC" -r - --report=json --export "$WORK/out" < "$WORK/in.pcap" > /dev/null 2> "$WORK/err"
[ $? -le 1 ] || { cat "$WORK/err"; fail "trunkdoc failed"; exit 1; }
MD=$(ls "$WORK"/out/*.md); JSON=${MD%.md}.json; PCAP=${MD%.md}.pcap
[ "$(jq '.export.pcap.rebuilt' "$JSON")" = true ] || fail "the JSON does not say the pcap was rebuilt"
grep -q 'Note on the pcap | SIP messages rebuilt from the stored bytes' "$MD" || fail "the summary does not say the pcap was rebuilt"
n=$(tshark -r "$PCAP" -Y sip 2>/dev/null | wc -l)
[ "$n" = 3 ] || fail "tshark sees $n SIP messages in the rebuilt pcap, expected 3 (the trunk's)"
tshark -r "$PCAP" -Y 'sip.Call-ID == "options-stdin@198.51.100.20" && tcp' 2>/dev/null | grep -q . \
	|| fail "the TCP message was not rebuilt as TCP"
bad=$(tshark -r "$PCAP" -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE \
	-Y 'ip.checksum.status == "Bad" || udp.checksum.status == "Bad" || tcp.checksum.status == "Bad"' 2>/dev/null | wc -l)
[ "$bad" = 0 ] || fail "$bad rebuilt packets with bad checksums"
said=$(sed -n 's/^The pcap holds \([0-9]*\) frames.*/\1/p' "$MD")
[ "$said" = "$(tshark -r "$PCAP" 2>/dev/null | wc -l)" ] || fail "the summary says $said frames"
compare_frames "$MD" "$PCAP" "$WORK"
no_sanitizer "$WORK/err"
[ "$FAILED" = 0 ] || exit 1
echo "PASS: export-stdin"
