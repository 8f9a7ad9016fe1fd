#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-redact-tunnels.sh - a redacted export inside every link layer and
# tunnel the decoder reads (VLAN, QinQ, PPPoE, MPLS, SLL, SLL2, IPv6,
# IP-in-IP 4/4, 6/4 and 4/6, GRE, GRE-TEB, PPTP's GRE, VXLAN over IPv4 and
# IPv6, GTP-U, and VXLAN in GRE-TEB): one scenario each,
# tests/scenarios/decode-in-*.scn.  For each, --redact and --redact-ip of
# the PBX's inner address must mask the nonce, the digest response, the
# number and the address at every layer, and tshark's checksum validation
# must then find every IPv4 header, UDP, TCP and GRE checksum good: the
# inner ones, and the outer ones that cover them (GRE, VXLAN, GTP-U).
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-redact-tunnels
need tshark jq

SCNDIR=${top_srcdir:-.}/tests/scenarios
NONCE=5a7d03c9e1f24b6880aa12cd
RESP=0f3c1e2d4b5a69788796a5b4c3d2e1f0
CNONCE=77be1f0c9d
NUMBER=4930123456789
# One tshark pass over a pcap, checksums validated.  Prints
#   frames SIP-messages frames-with-a-bad-checksum frames-with-good-UDP/TCP lengths
# and writes every address tshark shows, at every layer, into $2, and the
# nonces of the Authorization and WWW-Authenticate headers into $3.
# (tshark prints a checksum status as a number: 0 bad, 1 good.)
look() {
	tshark -r "$1" -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE \
		-T fields -E separator='|' -e frame.len -e ip.checksum.status -e udp.checksum.status \
		-e tcp.checksum.status -e gre.checksum.status -e icmp.checksum.status \
		-e icmpv6.checksum.status -e sip.CSeq -e ip.addr -e ipv6.addr -e sip.auth.nonce \
		2>/dev/null | awk -F'|' -v addrs="$2" -v nonces="$3" '
		function has(field, v,   n, a, i) { n = split(field, a, ","); for (i = 1; i <= n; i++) if (a[i] == v) return 1; return 0 }
		{
			frames++; lens = lens " " $1
			bad += has($2, 0) || has($3, 0) || has($4, 0) || has($5, 0) || has($6, 0) || has($7, 0)
			good += has($3, 1) || has($4, 1)
			if ($8 != "") sip += split($8, x, ",")
			n = split($9 "," $10, a, ","); for (i = 1; i <= n; i++) if (a[i] != "") print a[i] > addrs
			if ($11 != "") print $11 > nonces
		}
		END { print frames + 0, sip + 0, bad + 0, good + 0, lens }'
}

n=0
for scn in "$SCNDIR"/decode-in-*.scn; do
	name=$(basename "$scn" .scn)
	n=$((n + 1))
	in=$WORK/$name.pcap
	"$SCN2PCAP" "$scn" "$in" > /dev/null || { fail "$name: scn2pcap failed"; continue; }
	pbx=$(sed -n 's/^pbx *= *//p' "$scn")
	# the secrets and the address really are in the input, where tshark sees them
	for s in "$NONCE" "$RESP" "$CNONCE" "$NUMBER"; do
		grep -a -q -F -- "$s" "$in" || fail "$name: the input lacks $s"
	done
	set -- $(look "$in" "$WORK/$name.in-addr" "$WORK/$name.in-nonce")
	frames=$1 sip_in=$2 good_in=$4
	shift 4
	len_in=$*
	grep -q -x -F "$pbx" "$WORK/$name.in-addr" || fail "$name: tshark does not see $pbx in the input"
	[ "$sip_in" -eq 6 ] && [ "$good_in" -eq "$frames" ] ||
		fail "$name: tshark reads $sip_in SIP messages and $good_in of $frames good checksums in the input"

	out=$WORK/$name.out
	"$TRUNKDOC" -r "$in" --report=json --export "$out" --redact --redact-ip "$pbx" \
		> /dev/null 2> "$WORK/$name.stderr"
	[ $? -le 1 ] || { cat "$WORK/$name.stderr"; fail "$name: trunkdoc failed"; continue; }
	no_sanitizer "$WORK/$name.stderr"
	pcap=$(ls "$out"/*.pcap 2>/dev/null)
	[ -s "$pcap" ] || { fail "$name: no pcap in the bundle"; continue; }
	[ "$(jq '.export.redacted' "${pcap%.pcap}.json")" = true ] || fail "$name: export.redacted is not true"

	# masked, at every layer
	for s in "$NONCE" "$RESP" "$CNONCE" "$NUMBER" "$pbx"; do
		grep -a -q -F -- "$s" "$pcap" && fail "$name: the redacted pcap still holds $s"
	done
	set -- $(look "$pcap" "$WORK/$name.out-addr" "$WORK/$name.out-nonce")
	frames_out=$1 sip_out=$2 bad=$3 good=$4
	shift 4
	len_out=$*
	grep -q -x -F "$pbx" "$WORK/$name.out-addr" && fail "$name: an IP header of the redacted pcap still holds $pbx"
	[ "$(grep -c '^"XXXX' "$WORK/$name.out-nonce")" -eq 2 ] ||
		fail "$name: the two nonces in the pcap are not the same-length filler"

	# the same frames, as long as before, every checksum good
	[ "$len_in" = "$len_out" ] || fail "$name: frame lengths changed: $len_in -> $len_out"
	if [ "$bad" -eq 0 ] && [ "$good" -eq "$frames" ] && [ "$frames_out" -eq "$frames" ] && [ "$sip_out" -eq 6 ]; then
		ok "$name: masked, $frames frames, every checksum good"
	else
		fail "$name: $bad frames with a bad checksum, $good of $frames with good UDP/TCP checksums, $sip_out of 6 SIP messages"
	fi
done
[ "$n" -ge 17 ] || fail "only $n scenarios tests/scenarios/decode-in-*.scn"
[ "$FAILED" = 0 ] || exit 1
echo "PASS: export-redact-tunnels ($n encapsulations)"
