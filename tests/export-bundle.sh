#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-bundle.sh - a carrier-ticket bundle read back: the pcap opens in
# tshark with as many frames as the summary lists; every SIP message the
# summary names at frame N is the one tshark finds at frame N of the
# exported pcap (frames are renumbered: unrelated packets are left out);
# the "For the carrier" evidence points at the 403; the JSON follows
# doc/report.schema.json; the password appears nowhere.
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-bundle
need tshark jq

PW='trunk-secret-42'
NONCE=8f2a61c0d1e9b7a34c5d6e7f
CNONCE=0a4f113b
RESP=$(digest_response 4930123456789 example.net "$PW" REGISTER sip:example.net $NONCE 00000001 $CNONCE auth)

scenario_pcap "$WORK/in.pcap" <<EOF2
title: 403 to a correct digest, among unrelated traffic
pbx = 192.168.1.10
carrier = 198.51.100.20
resolver = 192.168.1.1
a = 10.9.9.1
b = 10.9.9.2
start: 1795256100

=== 0.000 dns pbx:40000 > resolver:53 query example.net A id=7
=== 0.010 dns resolver:53 > pbx:40000 response example.net A id=7 rcode=NOERROR
example.net A 198.51.100.20 ttl=300

=== 0.020 udp a:5060 > b:5060
OPTIONS sip:b@10.9.9.2 SIP/2.0
Via: SIP/2.0/UDP 10.9.9.1:5060;branch=z9hG4bK-x1
From: <sip:a@10.9.9.1>;tag=x1
To: <sip:b@10.9.9.2>
Call-ID: unrelated-1@10.9.9.1
CSeq: 1 OPTIONS
Content-Length: 0

=== 0.050 udp pbx:5060 > carrier:5060
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-1;rport
From: <sip:4930123456789@example.net>;tag=a1
To: <sip:4930123456789@example.net>
Call-ID: reg-1@192.168.1.10
CSeq: 1 REGISTER
Contact: <sip:4930123456789@192.168.1.10:5060>
Expires: 3600
Content-Length: auto

=== 0.090 udp carrier:5060 > pbx:5060
SIP/2.0 401 Unauthorized
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-1;rport=5060;received=203.0.113.5
From: <sip:4930123456789@example.net>;tag=a1
To: <sip:4930123456789@example.net>;tag=b1
Call-ID: reg-1@192.168.1.10
CSeq: 1 REGISTER
WWW-Authenticate: Digest realm="example.net", nonce="$NONCE", algorithm=MD5, qop="auth"
Content-Length: 0

=== 0.095 udp b:5060 > a:5060
SIP/2.0 200 OK
Via: SIP/2.0/UDP 10.9.9.1:5060;branch=z9hG4bK-x1
From: <sip:a@10.9.9.1>;tag=x1
To: <sip:b@10.9.9.2>;tag=y1
Call-ID: unrelated-1@10.9.9.1
CSeq: 1 OPTIONS
Content-Length: 0

=== 0.150 udp pbx:5060 > carrier:5060
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-2;rport
From: <sip:4930123456789@example.net>;tag=a1
To: <sip:4930123456789@example.net>
Call-ID: reg-1@192.168.1.10
CSeq: 2 REGISTER
Contact: <sip:4930123456789@192.168.1.10:5060>
Authorization: Digest username="4930123456789", realm="example.net", nonce="$NONCE", uri="sip:example.net", response="$RESP", algorithm=MD5, qop=auth, nc=00000001, cnonce="$CNONCE"
Expires: 3600
Content-Length: auto

=== 0.200 udp carrier:5060 > pbx:5060
SIP/2.0 403 Forbidden
Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK-2;rport=5060;received=203.0.113.5
From: <sip:4930123456789@example.net>;tag=a1
To: <sip:4930123456789@example.net>;tag=b2
Call-ID: reg-1@192.168.1.10
CSeq: 2 REGISTER
Content-Length: 0

=== 0.300 tcp carrier:5060 > pbx:5060 seg=3
OPTIONS sip:4930123456789@192.168.1.10:5060 SIP/2.0
Via: SIP/2.0/TCP 198.51.100.20:5060;branch=z9hG4bK-o1
From: <sip:ping@example.net>;tag=o1
To: <sip:4930123456789@192.168.1.10>
Call-ID: options-tcp-1@198.51.100.20
CSeq: 7 OPTIONS
Max-Forwards: 70
User-Agent: a header long enough that three segments each carry part of this message
Content-Length: 0
EOF2

OUT=$WORK/out
TRUNKDOC_PASSWORD=$PW "$TRUNKDOC" -r "$WORK/in.pcap" --registrar example.net --user 4930123456789 \
	--public-ip 203.0.113.5 --report=json --export "$OUT" > "$WORK/report.json" 2> "$WORK/stderr"
rc=$?
[ $rc -le 1 ] || { cat "$WORK/stderr"; fail "trunkdoc exited $rc"; exit 1; }
grep -q "exported $OUT/trunkdoc-example.net-" "$WORK/stderr" || fail "no 'exported' line on stderr"
MD=$(ls "$OUT"/trunkdoc-*.md 2>/dev/null)
JSON=${MD%.md}.json
PCAP=${MD%.md}.pcap
[ -f "$MD" ] && [ -f "$JSON" ] && [ -f "$PCAP" ] || { ls -la "$OUT"; fail "the bundle is not three files"; exit 1; }
[ "$(ls -A "$OUT" | wc -l)" -eq 3 ] || fail "more than the three files in $OUT: $(ls -A "$OUT")"
case $(basename "$MD") in
trunkdoc-example.net-*-[0-9]*T[0-9]*Z.md) ok "name stem $(basename "${MD%.md}")" ;;
*) fail "unexpected name $(basename "$MD")" ;;
esac

# --- the pcap read back ---
frames=$(tshark -r "$PCAP" -T fields -e frame.number 2>/dev/null | wc -l)
said=$(sed -n 's/^The pcap holds \([0-9]*\) frames.*/\1/p' "$MD")
rows=$(md_frames "$MD" | wc -l)
jframes=$(jq '.export.pcap.frames' "$JSON")
[ "$frames" -eq 9 ] || fail "exported pcap has $frames frames, expected 9 (2 DNS, 4 REGISTER, 3 TCP segments)"
[ "$frames" = "$said" ] && [ "$frames" = "$rows" ] && [ "$frames" = "$jframes" ] \
	&& ok "$frames frames in pcap, summary text, summary table and JSON" \
	|| fail "frame counts differ: tshark $frames, summary says $said, table rows $rows, JSON $jframes"
tshark -r "$PCAP" -Y 'sip.Call-ID contains "unrelated"' 2>/dev/null | grep -q . \
	&& fail "unrelated SIP traffic was exported"

# every table row that names a SIP message is that message in tshark,
# and every SIP message tshark sees is in the table
compare_frames "$MD" "$PCAP" "$WORK"
grep -q '|DNS ' "$WORK/md.txt" || fail "the DNS packets about example.net are not listed"
for f in $(awk -F'|' '$2 ~ /^DNS / { print $1 }' "$WORK/md.txt"); do
	tshark -r "$PCAP" -Y "frame.number == $f && dns.qry.name == \"example.net\"" 2>/dev/null | grep -q . \
		|| fail "frame $f is listed as DNS, tshark does not see the example.net query there"
done

# --- the evidence points at the right messages ---
carrier=$(sed -n '/^## For the carrier/,/^## /p' "$MD")
echo "$carrier" | grep -q "provider's side" || fail "For the carrier does not put the fault on the provider"
echo "$carrier" | grep -q "Our digest response is correct" || fail "For the carrier does not say the digest is correct"
line=$(echo "$carrier" | grep '^- 403 Forbidden' | head -1)
[ -n "$line" ] || fail "no 403 line in For the carrier"
ef=$(echo "$line" | sed -n 's/.*(frame \([0-9]*\)[ )].*/\1/p')
ecid=$(echo "$line" | sed -n 's/.*Call-ID `\([^`]*\)`.*/\1/p')
ecseq=$(echo "$line" | sed -n 's/.*CSeq `\([^`]*\)`.*/\1/p')
t=$(tshark -r "$PCAP" -T fields -E separator='|' -e sip.Status-Code -e sip.Call-ID -e sip.CSeq -Y "frame.number == ${ef:-0}" 2>/dev/null)
[ "$t" = "403|$ecid|$ecseq" ] && ok "For the carrier: frame $ef is the 403 ($ecid, $ecseq)" \
	|| fail "For the carrier names frame $ef ($ecid / $ecseq); tshark has '$t' there"
echo "$line" | grep -q '203.0.113.5' || fail "For the carrier does not give the public address the provider saw"
echo "$line" | grep -q '2026-11-21 10:15:00.200 UTC' || fail "For the carrier does not give the time in UTC"
# the check's own evidence table, renumbered
for f in $(sed -n '/^#### `prov.final-response`/,/^#### /p' "$MD" | awk -F' \\| ' '/^\| [0-9]+ \|/ { sub(/^\| /, "", $1); print $1 }'); do
	st=$(tshark -r "$PCAP" -T fields -e sip.Status-Code -Y "frame.number == $f" 2>/dev/null)
	[ "$st" = 403 ] || fail "prov.final-response evidence frame $f is '$st' in the pcap, not the 403"
done

# --- the summary's sections ---
for s in '## Capture' '## For the carrier' '## Trunk profile' '## Registrations' '## Checklist' \
	'### Findings, evidence and advice' "## Operator's marks and notes" '## Packets in the exported pcap'; do
	grep -q "^$s" "$MD" || fail "section '$s' missing"
done
grep -q "| Host | \`$(hostname)\`" "$MD" || fail "the host name is missing"
grep -q "| File | \`$WORK/in.pcap\`" "$MD" || fail "the capture file is missing"
grep -q "| First packet | 2026-11-21 10:15:00.000 UTC, local " "$MD" || fail "the capture start (UTC and local) is missing"
version=$("$TRUNKDOC" --version | awk '{ print $2 }')
grep -q "trunkdoc $version" "$MD" || fail "trunkdoc's version $version is missing"
grep -q '| 2026-11-21 10:15:00.200 UTC | failed | 6 | 403 Forbidden | `2 REGISTER` | `reg-1@192.168.1.10` |' "$MD" \
	|| fail "the registration timeline does not end in the 403 at exported frame 6"
grep -q '^| 18 | Provider and portal | .*(`prov.final-response`) | \*\*fail\*\* |' "$MD" \
	|| grep -q '(`prov.final-response`) | \*\*fail\*\*' "$MD" || fail "the checklist does not show prov.final-response failing"
n_checks=$(grep -c '^| [0-9]* | .* | \(unknown\|pass\|\*\*warn\*\*\|\*\*fail\*\*\|skipped\)\( (marked by the operator)\)\? |$' "$MD")
[ "$n_checks" -ge 20 ] || fail "the checklist table has $n_checks rows"

# --- JSON ---
SCHEMA=${top_srcdir:-.}/doc/report.schema.json
CHECKER=${top_builddir:-.}/tests/unit/json_schema_check
if [ -x "$CHECKER" ]; then
	"$CHECKER" "$SCHEMA" "$JSON" && ok "JSON follows doc/report.schema.json" || fail "JSON does not follow the schema"
	# the checker can say no
	jq '.export.pcap.frames = "nine"' "$JSON" > "$WORK/bad.json"
	"$CHECKER" "$SCHEMA" "$WORK/bad.json" 2>/dev/null && fail "the schema checker accepted a broken export member"
else
	fail "tests/unit/json_schema_check is not built"
fi
[ "$(jq -r '.export.files.pcap' "$JSON")" = "$(basename "$PCAP")" ] || fail "export.files.pcap is not the pcap's name"
[ "$(jq '[.export.pcap.frame_map[] | select(.capture == 8)][0].pcap' "$JSON")" = 6 ] \
	|| fail "export.pcap.frame_map does not map capture frame 8 to pcap frame 6"

# --- the password is nowhere ---
for f in "$MD" "$JSON" "$PCAP"; do
	grep -a -q -- "$PW" "$f" && fail "the password is in $(basename "$f")"
done
no_sanitizer "$WORK/stderr"
[ "$FAILED" = 0 ] || exit 1
echo "PASS: export-bundle"
