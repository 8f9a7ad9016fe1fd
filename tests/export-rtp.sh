#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-rtp.sh - --export-rtp read back with tshark: the bundle's pcap holds
# the RTP and RTCP of the trunk's calls, at most N packets per stream and
# TOTAL in all, and the summary and the JSON say where the caps cut; RTP of
# no trunk call (two phones talking on the LAN) stays out; without the
# option the pcap holds no RTP beyond the packets a check cites.
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-rtp
need tshark jq python3

# An RTCP receiver report (RFC 3550 §6.4.2, no report block) as a bare
# IPv4/UDP packet in hex, for a `frame` block of a raw-link scenario.
rtcp_rr() {
	python3 - "$@" <<'PY'
import struct, sys
src, dst, sp, dp, ssrc = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5], 16)
rt = struct.pack('!BBHI', 0x80, 201, 1, ssrc)
udp = struct.pack('!HHHH', sp, dp, 8 + len(rt), 0) + rt
ip = bytearray(struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                           bytes(map(int, src.split('.'))), bytes(map(int, dst.split('.')))))
s = sum(struct.unpack('!10H', bytes(ip)))
while s >> 16:
    s = (s & 0xffff) + (s >> 16)
ip[10:12] = struct.pack('!H', ~s & 0xffff)
print((bytes(ip) + udp).hex())
PY
}

# call N T0 PORT MEDIAPORT: INVITE/200/ACK with SDP from the PBX to the carrier
call() {
	cat <<EOS
=== $2.000 udp pbx:5060 > carrier:5060
INVITE sip:+441234567890@example.net SIP/2.0
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-c$1-1;rport
Max-Forwards: 70
From: <sip:+441110000001@example.net>;tag=pbx-$1
To: <sip:+441234567890@example.net>
Call-ID: rtp-export-$1@pbx
CSeq: 1 INVITE
Contact: <sip:+441110000001@192.168.1.10:5060>
Content-Type: application/sdp
Content-Length: auto

v=0
o=- 1 1 IN IP4 192.168.1.10
s=-
c=IN IP4 192.168.1.10
t=0 0
m=audio $3 RTP/AVP 8
a=sendrecv

=== $2.500 udp carrier:5060 > pbx:5060
SIP/2.0 200 OK
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-c$1-1;rport=5060;received=203.0.113.5
From: <sip:+441110000001@example.net>;tag=pbx-$1
To: <sip:+441234567890@example.net>;tag=sbc-$1
Call-ID: rtp-export-$1@pbx
CSeq: 1 INVITE
Contact: <sip:+441234567890@198.51.100.20:5060>
Content-Type: application/sdp
Content-Length: auto

v=0
o=- 2 1 IN IP4 198.51.100.30
s=-
c=IN IP4 198.51.100.30
t=0 0
m=audio $4 RTP/AVP 8
a=sendrecv

=== $2.510 udp pbx:5060 > carrier:5060
ACK sip:+441234567890@198.51.100.20:5060 SIP/2.0
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-c$1-2;rport
From: <sip:+441110000001@example.net>;tag=pbx-$1
To: <sip:+441234567890@example.net>;tag=sbc-$1
Call-ID: rtp-export-$1@pbx
CSeq: 1 ACK
Content-Length: 0

EOS
}

{
	cat <<'EOS'
title: two trunk calls with RTP and RTCP, and two phones talking on the LAN
link: raw
pbx = 192.168.1.10
carrier = 198.51.100.20
media = 198.51.100.30
phone1 = 192.168.1.21
phone2 = 192.168.1.22

EOS
	call 1 0 10000 40000
	echo "=== 0.600 rtp pbx:10000 > media:40000 count=400 back=400 ssrc=aa000001"
	echo
	for t in 3 5 7; do
		echo "=== $t.001 frame"
		rtcp_rr 192.168.1.10 198.51.100.30 10001 40001 aa000001
		echo
		echo "=== $t.002 frame"
		rtcp_rr 198.51.100.30 192.168.1.10 40001 10001 aa000002
		echo
	done
	call 2 1 10002 40002
	echo "=== 1.600 rtp pbx:10002 > media:40002 count=50 back=50 ssrc=bb000001"
	echo
	echo "=== 0.700 rtp phone1:20000 > phone2:20002 count=100 back=100 ssrc=cc000001"
	echo
} > "$WORK/in.scn"
"$SCN2PCAP" "$WORK/in.scn" "$WORK/in.pcap" >/dev/null || { echo "FAIL: scn2pcap failed"; exit 99; }

# RTP and RTCP in a pcap, one line per packet: ssrc|kind (tshark decodes
# RTP only when told: the heuristic is off by default)
media_of() {
	tshark -r "$1" --enable-heuristic rtp_udp --enable-heuristic rtcp_udp -T fields -E separator='|' \
		-e rtp.ssrc -e rtcp.senderssrc -Y 'rtp || rtcp' 2>/dev/null
}
count_ssrc() { grep -c -i "$2" "$1" || true; }

# The input holds what the test expects the caps to cut
media_of "$WORK/in.pcap" > "$WORK/in.txt"
[ "$(count_ssrc "$WORK/in.txt" '^0xaa000001|')" = 400 ] && [ "$(count_ssrc "$WORK/in.txt" '^0xcc000001|')" = 100 ] \
	&& [ "$(count_ssrc "$WORK/in.txt" '|0xaa000002$')" = 3 ] \
	|| { echo "FAIL: tshark does not read the input as the test expects"; cat "$WORK/in.txt" | sort | uniq -c; exit 99; }

run_export() {   # DIR OPTIONS...
	d=$1; shift
	"$TRUNKDOC" -r "$WORK/in.pcap" --export "$WORK/$d" "$@" > "$WORK/$d.out" 2> "$WORK/$d.err"
	rc=$?
	[ $rc -le 1 ] || fail "$d: exit $rc: $(cat "$WORK/$d.err")"
	no_sanitizer "$WORK/$d.err"
	media_of "$WORK/$d"/*.pcap > "$WORK/$d.txt"
}

# 1. per-stream cap 300: the long call's two streams are cut, the rest whole
run_export cap300 --export-rtp=300,10000
t="$WORK/cap300.txt"
for want in '^0xaa000001|:300' '^0xaa000002|:300' '^0xbb000001|:50' '^0xbb000002|:50' \
            '|0xaa000001$:3' '|0xaa000002$:3' '^0xcc00000:0' '|0xcc00000:0'; do
	re=${want%:*}; n=${want##*:}
	got=$(count_ssrc "$t" "$re")
	[ "$got" = "$n" ] && ok "cap 300: $re $got packets" || fail "cap 300: $re has $got packets, want $n"
done
j=$(ls "$WORK"/cap300/*.json)
[ "$(jq '.export.pcap.rtp | [.streams, .packets, .streams_cut, .total_cut, .per_stream_cap] | map(tostring) | join(" ")' -r "$j")" = "6 706 2 false 300" ] \
	&& ok "JSON export.pcap.rtp: 6 streams (4 RTP, 2 RTCP), 706 packets, 2 cut" || fail "JSON export.pcap.rtp is $(jq -c .export.pcap.rtp "$j")"
CHECKER=${top_builddir:-.}/tests/unit/json_schema_check
[ -x "$CHECKER" ] || fail "tests/unit/json_schema_check is not built"
"$CHECKER" "${top_srcdir:-.}/doc/report.schema.json" "$j" && ok "the JSON with export.pcap.rtp follows doc/report.schema.json" \
	|| fail "the JSON with export.pcap.rtp does not follow the schema"
[ "$(wc -l < "$t")" = 706 ] && ok "tshark counts the 706 packets the JSON says" || fail "tshark counts $(wc -l < "$t") RTP/RTCP packets, the JSON 706"
m=$(ls "$WORK"/cap300/*.md)
grep -q '^| RTP in the pcap | 706 packets of 6 RTP/RTCP streams of the trunk.s calls; at most 300 per stream and 10000 in all; 2 streams cut at 300 packets' "$m" \
	&& ok "the summary says two streams were cut at 300" || fail "the summary's RTP row: $(grep 'RTP in the pcap' "$m")"
# a capped stream keeps its first packets: the call's start is where one-way audio shows
first=$(tshark -r "$WORK"/cap300/*.pcap --enable-heuristic rtp_udp -T fields -e rtp.seq -Y 'rtp.ssrc == 0xaa000001' 2>/dev/null | head -1)
last=$(tshark -r "$WORK"/cap300/*.pcap --enable-heuristic rtp_udp -T fields -e rtp.seq -Y 'rtp.ssrc == 0xaa000001' 2>/dev/null | tail -1)
[ "$first" = 1000 ] && [ "$last" = 1299 ] && ok "the cut stream keeps sequence 1000-1299" || fail "the cut stream holds $first-$last"
# the SIP is still all there, numbered as the summary says
compare_frames "$m" "$WORK"/cap300/*.pcap "$WORK"

# 2. total cap 500: no more in all than the cap and the packets a check
# cites (always in the bundle: the second call's first packet comes after
# the cap is spent), and the summary says so
run_export plain
cited=$(wc -l < "$WORK/plain.txt")
run_export total500 --export-rtp=300,500
n=$(wc -l < "$WORK/total500.txt")
j=$(ls "$WORK"/total500/*.json)
[ "$n" -ge 500 ] && [ "$n" -le $((500 + cited)) ] && [ "$n" = "$(jq .export.pcap.rtp.packets "$j")" ] \
	&& ok "total cap: $n RTP/RTCP packets (500 and what the checks cite)" || fail "total cap 500: tshark counts $n ($cited cited)"
[ "$(jq '.export.pcap.rtp.total_cut' "$j")" = true ] && ok "JSON total_cut" || fail "JSON total_cut is $(jq .export.pcap.rtp.total_cut "$j")"
grep -q 'the total cap of 500 was reached' "$WORK"/total500/*.md && ok "the summary says the total cap cut" \
	|| fail "the summary does not say the total cap cut"

# 3. the defaults (3000 a stream, 30000 in all) take every packet of these calls
run_export defaults --export-rtp
n=$(wc -l < "$WORK/defaults.txt")
[ "$n" = 906 ] && ok "default caps: all 906 packets of the trunk's calls" || fail "default caps: $n packets, want 906"
grep -q 'at most 3000 per stream and 30000 in all; nothing cut' "$WORK"/defaults/*.md && ok "the summary names the default caps" \
	|| fail "the summary's RTP row: $(grep 'RTP in the pcap' "$WORK"/defaults/*.md)"

# 4. without the option: no stream, only what a check cites (the first packet of a call's media)
n=$cited
[ "$n" -le 4 ] && ok "without --export-rtp: $n RTP packets (cited evidence)" || fail "without --export-rtp the pcap holds $n RTP packets"
grep -q '^| RTP in the pcap | not included' "$WORK"/plain/*.md && ok "the summary says RTP is not included" \
	|| fail "the summary does not say RTP is left out"
jq -e '.export.pcap | has("rtp") | not' "$WORK"/plain/*.json >/dev/null && ok "no export.pcap.rtp without the option" \
	|| fail "export.pcap.rtp present without the option"

# 5. from standard input the capture cannot be re-read: the SIP is rebuilt,
# the RTP (counted, never kept) is not there, and the bundle says so
"$TRUNKDOC" -r - --export "$WORK/stdin" --export-rtp < "$WORK/in.pcap" > /dev/null 2> "$WORK/stdin.err"
no_sanitizer "$WORK/stdin.err"
[ "$(jq -c '.export.pcap.rtp | [.missing, .packets]' "$WORK"/stdin/*.json)" = '[true,0]' ] \
	&& grep -q '^| RTP in the pcap | not included: the capture could not be re-read' "$WORK"/stdin/*.md \
	&& ok "standard input: no RTP, and the bundle says why" || fail "standard input: $(jq -c .export.pcap.rtp "$WORK"/stdin/*.json)"

# 6. bad values are usage errors
for bad in 0 x 5,0 ,7 1,2,3; do
	"$TRUNKDOC" -r "$WORK/in.pcap" --export "$WORK/bad" --export-rtp="$bad" >/dev/null 2>"$WORK/bad.err"
	rc=$?
	[ $rc = 2 ] && grep -q -- '--export-rtp wants' "$WORK/bad.err" && ok "--export-rtp=$bad refused" \
		|| fail "--export-rtp=$bad: exit $rc: $(cat "$WORK/bad.err")"
done
"$TRUNKDOC" -r "$WORK/in.pcap" --report --export-rtp >/dev/null 2>"$WORK/noexp.err"
[ $? = 2 ] && ok "--export-rtp without --export refused" || fail "--export-rtp without --export accepted"

exit $FAILED
