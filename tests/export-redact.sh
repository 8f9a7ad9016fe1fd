#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-redact.sh - after --redact, no digest nonce, response or cnonce
# (not even the two halves of a nonce cut by a TCP segment boundary), no
# full phone number and no --redact-ip address (as text or as the 4 bytes
# of an IP header) is left in any of the three files; masks keep lengths,
# so the pcap still opens, with as many frames and valid IP/UDP checksums,
# and the same masked address reads the same in all three files.
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-redact
need tshark jq

NONCE=5a7d03c9e1f24b6880aa12cd
CNONCE=77be1f0c9d
RESP=$(digest_response 4930123456789 example.net wrong-password REGISTER sip:example.net $NONCE 00000001 $CNONCE auth)
scenario_pcap "$WORK/in.pcap" <<EOF2
pbx = 192.168.1.10
carrier = 198.51.100.20
start: 1795256100

=== 0.000 udp pbx:5060 > carrier:5060
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-1;rport
From: "+49 30 123456789" <sip:+4930123456789@example.net>;tag=a1
To: <sip:+4930123456789@example.net>
Call-ID: reg-9@192.168.1.10
CSeq: 1 REGISTER
Contact: <sip:+4930123456789@192.168.1.10:5060>
Content-Length: auto

=== 0.040 udp carrier:5060 > pbx:5060
SIP/2.0 401 Unauthorized
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-1;rport=5060;received=203.0.113.5
From: "+49 30 123456789" <sip:+4930123456789@example.net>;tag=a1
To: <sip:+4930123456789@example.net>;tag=b1
Call-ID: reg-9@192.168.1.10
CSeq: 1 REGISTER
WWW-Authenticate: Digest realm="example.net", nonce="$NONCE", algorithm=MD5, qop="auth"
Content-Length: 0

=== 0.100 udp pbx:5060 > carrier:5060
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-2;rport
From: "+49 30 123456789" <sip:+4930123456789@example.net>;tag=a1
To: <sip:+4930123456789@example.net>
Call-ID: reg-9@192.168.1.10
CSeq: 2 REGISTER
Contact: <sip:+4930123456789@192.168.1.10:5060>
Authorization: Digest username="+4930123456789", realm="example.net", nonce="$NONCE", uri="sip:example.net", response="$RESP", algorithm=MD5, qop=auth, nc=00000001, cnonce="$CNONCE"
Content-Length: auto

=== 0.150 udp carrier:5060 > pbx:5060
SIP/2.0 403 Forbidden
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-2;rport=5060;received=203.0.113.5
From: "+49 30 123456789" <sip:+4930123456789@example.net>;tag=a1
To: <sip:+4930123456789@example.net>;tag=b2
Call-ID: reg-9@192.168.1.10
CSeq: 2 REGISTER
Content-Length: 0

# the same over TCP, cut by the segment boundary in the middle of the nonce
=== 0.300 tcp pbx:5061 > carrier:5060 exact
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/TCP 192.168.1.10:5061;branch=z9hG4bK-3
From: <sip:+4930123456789@example.net>;tag=a3
To: <sip:+4930123456789@example.net>
Call-ID: reg-tcp@192.168.1.10
CSeq: 3 REGISTER
Authorization: Digest username="+4930123456789", realm="example.net", nonce="${NONCE%????????????}
=== 0.301 tcp pbx:5061 > carrier:5060 exact
${NONCE#????????????}", uri="sip:example.net", response="$RESP", algorithm=MD5, qop=auth, nc=00000002, cnonce="$CNONCE"
Content-Length: 0\x0d\x0a\x0d\x0a
EOF2

NONCE_HEAD=${NONCE%????????????}
NONCE_TAIL=${NONCE#????????????}
# the secrets really are in the input (else the test proves nothing)
for s in "$NONCE" "$RESP" "$CNONCE" 4930123456789 203.0.113.5 "$NONCE_TAIL\","; do
	grep -a -q -- "$s" "$WORK/in.pcap" || { echo "FAIL: the input lacks $s"; exit 99; }
done

OUT=$WORK/out
"$TRUNKDOC" -r "$WORK/in.pcap" --report=json --export "$OUT" --redact \
	--redact-ip 203.0.113.5 --redact-ip 192.168.1.10 > /dev/null 2> "$WORK/stderr"
[ $? -le 1 ] || { cat "$WORK/stderr"; fail "trunkdoc failed"; exit 1; }
MD=$(ls "$OUT"/*.md); JSON=${MD%.md}.json; PCAP=${MD%.md}.pcap
[ -s "$MD" ] && [ -s "$JSON" ] && [ -s "$PCAP" ] || { fail "the bundle is incomplete"; exit 1; }

for f in "$MD" "$JSON" "$PCAP"; do
	for s in "$NONCE" "$RESP" "$CNONCE" 4930123456789 123456789 203.0.113.5 192.168.1.10 \
		"$NONCE_HEAD" "$NONCE_TAIL"; do
		grep -a -q -F -- "$s" "$f" && fail "$(basename "$f") still holds '$s'"
	done
	# the addresses as IP-header bytes (203.0.113.5 and 192.168.1.10)
	LC_ALL=C grep -a -q -P '\xcb\x00\x71\x05|\xc0\xa8\x01\x0a' "$f" && fail "$(basename "$f") still holds a masked address in binary"
done
ok "no nonce, response, cnonce, phone number or masked address in the three files"

# masks keep the last digits of numbers, and one address reads the same everywhere
grep -q 'xxxxxxxxxx789' "$MD" || fail "the summary does not show the number with its last digits kept"
grep -a -q 'xxxxxxxxxx789' "$PCAP" || fail "the pcap does not show the number with its last digits kept"
masked=$(tshark -r "$PCAP" -T fields -e ip.src -Y 'frame.number == 1' 2>/dev/null)
[ -n "$masked" ] && [ "$masked" != 192.168.1.10 ] || fail "the IP header source was not rewritten ($masked)"
[ ${#masked} -eq 12 ] || fail "the mask $masked is not as long as 192.168.1.10"
grep -q -F "$masked" "$MD" && grep -q -F "$masked" "$JSON" && ok "192.168.1.10 reads $masked in all three files" \
	|| fail "the mask $masked of 192.168.1.10 is not used in the summary and the JSON"
[ "$(jq '.export.redacted' "$JSON")" = true ] || fail "export.redacted is not true"

# the pcap still opens, holds the same messages, and its checksums hold
n_in=$(tshark -r "$WORK/in.pcap" -Y sip 2>/dev/null | wc -l)
n_out=$(tshark -r "$PCAP" -Y sip 2>/dev/null | wc -l)
[ "$n_out" -eq "$n_in" ] && [ "$n_out" -eq 5 ] || fail "the redacted pcap shows $n_out SIP messages, the capture $n_in"
CK="-o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE"
bad=$(tshark -r "$PCAP" $CK -Y 'ip.checksum.status == "Bad" || udp.checksum.status == "Bad" || tcp.checksum.status == "Bad"' 2>/dev/null | wc -l)
good=$(tshark -r "$PCAP" $CK -Y 'udp.checksum.status == "Good" || tcp.checksum.status == "Good"' 2>/dev/null | wc -l)
[ "$bad" -eq 0 ] && [ "$good" -eq 6 ] && ok "IP, UDP and TCP checksums valid after rewriting" \
	|| fail "$bad frames with bad checksums, $good good UDP/TCP checksums of 6"
len_in=$(tshark -r "$WORK/in.pcap" -T fields -e frame.len 2>/dev/null | tr '\n' ' ')
len_out=$(tshark -r "$PCAP" -T fields -e frame.len 2>/dev/null | tr '\n' ' ')
[ "$len_in" = "$len_out" ] || fail "frame lengths changed: $len_in -> $len_out"
tshark -r "$PCAP" -T fields -e sip.auth.nonce -Y 'frame.number == 2' 2>/dev/null | grep -q '"XXXX' \
	|| fail "the nonce in the pcap is not the same-length filler"

# the file names are masked like the content (here the trunk is named by
# a masked address), and the summary and the JSON name the real files
"$TRUNKDOC" -r "$WORK/in.pcap" --registrar 203.0.113.5 --export "$WORK/named" --redact \
	--redact-ip 203.0.113.5 > /dev/null 2> "$WORK/stderr-named"
NPCAP=$(ls "$WORK"/named/*.pcap 2>/dev/null)
[ -n "$NPCAP" ] || fail "no pcap in the second bundle"
case $NPCAP in *203.0.113.5*) fail "the file name holds the masked address: $NPCAP" ;; esac
NAME=$(basename "$NPCAP")
[ "$(jq -r '.export.files.pcap' "${NPCAP%.pcap}.json")" = "$NAME" ] || fail "the JSON does not name the pcap $NAME"
grep -q -F "\`$NAME\`" "${NPCAP%.pcap}.md" || fail "the summary does not name the pcap $NAME"
no_sanitizer "$WORK/stderr-named"

# without --redact nothing is masked (the test above is not vacuous)
"$TRUNKDOC" -r "$WORK/in.pcap" --report=json --export "$WORK/plain" > /dev/null 2>&1
grep -a -q -F "$NONCE" "$WORK"/plain/*.pcap || fail "without --redact the nonce is gone from the pcap"
no_sanitizer "$WORK/stderr"
[ "$FAILED" = 0 ] || exit 1
echo "PASS: export-redact"
