#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-redact-ipv6.sh - --redact-ip with IPv6 addresses masks each into
# the documentation prefix 2001:db8::/32 (RFC 3849), as long as the real
# one, and the same everywhere: the IP headers tshark reads, the SIP text
# of the pcap, the summary and the JSON; the pcap still opens with valid
# UDP checksums and the same frame lengths, and the carrier's section says
# the addresses were masked (issue 18, item 13).
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-redact-ipv6
need tshark jq

PBX=2a02:8071:b8c0:1::10
CARRIER=2600:1f18:63c:a001::50
scenario_pcap "$WORK/in.pcap" <<EOF2
pbx = $PBX
carrier = $CARRIER
start: 1795256100

=== 0.000 udp pbx:5060 > carrier:5060
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/UDP [$PBX]:5060;branch=z9hG4bK-1;rport
From: <sip:1000@example.net>;tag=a1
To: <sip:1000@example.net>
Call-ID: reg-v6@[$PBX]
CSeq: 1 REGISTER
Contact: <sip:1000@[$PBX]:5060>
Expires: 3600
Content-Length: auto

=== 0.040 udp carrier:5060 > pbx:5060
SIP/2.0 403 Forbidden
Via: SIP/2.0/UDP [$PBX]:5060;branch=z9hG4bK-1;rport=5060;received=$PBX
From: <sip:1000@example.net>;tag=a1
To: <sip:1000@example.net>;tag=b1
Call-ID: reg-v6@[$PBX]
CSeq: 1 REGISTER
Server: carrier-sbc [$CARRIER]
Content-Length: 0
EOF2
for s in "$PBX" "$CARRIER"; do
	grep -a -q -F -- "$s" "$WORK/in.pcap" || { echo "FAIL: the input lacks $s"; exit 99; }
done

OUT=$WORK/out
"$TRUNKDOC" -r "$WORK/in.pcap" --export "$OUT" --redact-ip "$PBX" --redact-ip "$CARRIER" \
	> /dev/null 2> "$WORK/stderr"
[ $? -le 3 ] || { cat "$WORK/stderr"; fail "trunkdoc failed"; exit 1; }
no_sanitizer "$WORK/stderr"
MD=$(ls "$OUT"/*.md); JSON=${MD%.md}.json; PCAP=${MD%.md}.pcap
[ -s "$MD" ] && [ -s "$JSON" ] && [ -s "$PCAP" ] || { fail "the bundle is incomplete"; exit 1; }

# the masks as tshark reads them from the IP headers
src=$(tshark -r "$PCAP" -T fields -e ipv6.src -Y 'frame.number == 1' 2>/dev/null)
dst=$(tshark -r "$PCAP" -T fields -e ipv6.dst -Y 'frame.number == 1' 2>/dev/null)
for pair in "$PBX=$src" "$CARRIER=$dst"; do
	real=${pair%%=*} mask=${pair#*=}
	case $mask in
	2001:db8:*) ;;
	*) fail "$real is masked as '$mask', not in 2001:db8::/32"; continue ;;
	esac
	[ ${#mask} -eq ${#real} ] || fail "the mask $mask is not as long as $real"
	for f in "$MD" "$JSON" "$PCAP"; do
		grep -a -q -F -- "$real" "$f" && fail "$(basename "$f") still holds $real"
	done
	grep -a -q -F -- "[$mask]" "$PCAP" || fail "the SIP text of the pcap does not read [$mask]"
	grep -q -F -- "$mask" "$MD" && grep -q -F -- "$mask" "$JSON" \
		&& ok "$real reads $mask in the IP header, the SIP text, the summary and the JSON" \
		|| fail "the summary or the JSON does not use the mask $mask of $real"
done
[ "$src" != "$dst" ] || fail "two addresses got one mask ($src)"
# the real addresses as IP-header bytes are gone too
hex() { python3 -c 'import ipaddress,sys; print("".join("\\x%02x" % b for b in ipaddress.ip_address(sys.argv[1]).packed))' "$1"; }
if command -v python3 >/dev/null 2>&1; then
	LC_ALL=C grep -a -q -P "$(hex "$PBX")|$(hex "$CARRIER")" "$PCAP" && fail "the pcap still holds a real address in binary"
fi

# the carrier's section says so
sed -n '/^## For the carrier/,/^## /p' "$MD" > "$WORK/carrier.md"
grep -q "addresses in this ticket are masked" "$WORK/carrier.md" && grep -q -F "$src" "$WORK/carrier.md" &&
	grep -q "2001:db8::/32" "$WORK/carrier.md" && ok "the carrier's section says the addresses were masked" ||
	fail "the carrier's section does not say the addresses were masked: $(cat "$WORK/carrier.md")"

# the pcap opens, with the same frames and valid checksums
CK="-o udp.check_checksum:TRUE"
bad=$(tshark -r "$PCAP" $CK -Y 'udp.checksum.status == "Bad"' 2>/dev/null | wc -l)
good=$(tshark -r "$PCAP" $CK -Y 'udp.checksum.status == "Good"' 2>/dev/null | wc -l)
[ "$bad" -eq 0 ] && [ "$good" -eq 2 ] && ok "UDP checksums valid after masking" \
	|| fail "$bad frames with bad UDP checksums, $good good of 2"
len_in=$(tshark -r "$WORK/in.pcap" -T fields -e frame.len 2>/dev/null | tr '\n' ' ')
len_out=$(tshark -r "$PCAP" -T fields -e frame.len 2>/dev/null | tr '\n' ' ')
[ "$len_in" = "$len_out" ] || fail "frame lengths changed: $len_in -> $len_out"
n_out=$(tshark -r "$PCAP" -Y sip 2>/dev/null | wc -l)
[ "$n_out" -eq 2 ] || fail "tshark reads $n_out SIP messages in the redacted pcap, not 2"
[ "$FAILED" = 0 ] || exit 1
echo "PASS: export-redact-ipv6"
