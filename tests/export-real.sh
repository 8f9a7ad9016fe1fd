#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-real.sh - the export of captures recorded from real peers
# (tests/captures/real, Kamailio and SIPp in the lab): for the disabled
# account the summary tells the carrier, in their terms, that a correct
# digest from our public address got 403, naming a frame tshark finds to be
# that 403; for the closed port the exported pcap holds the ICMP errors the
# check used, at the frame numbers the summary gives; with a second file of
# another link type (Linux cooked) the pcap holds raw IP packets of both.
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-real
need tshark
REAL=${top_srcdir:-.}/tests/captures/real
PROFILE="--registrar sip.provider.example --user trunk1 --transport udp"

run() {
	[ -f "$REAL/$1.pcap" ] || skip "no recorded capture $1.pcap"
	TRUNKDOC_PASSWORD=lab-secret-1 "$TRUNKDOC" -r "$REAL/$1.pcap" $PROFILE --report \
		--export "$WORK/$1" > /dev/null 2> "$WORK/$1.err"
	MD=$(ls "$WORK/$1"/*.md 2>/dev/null); PCAP=${MD%.md}.pcap
	[ -f "$MD" ] || { cat "$WORK/$1.err"; fail "$1: no export"; return 1; }
	no_sanitizer "$WORK/$1.err"
	compare_frames "$MD" "$PCAP" "$WORK"
	sed -n '/^## For the carrier/,/^## Trunk profile/p' "$MD" > "$WORK/$1.carrier"
}

# --- account disabled: 403 after a correct digest ---
if run account-disabled; then
	C=$WORK/account-disabled.carrier
	grep -q "provider's side: 403 Forbidden - account disabled" "$C" || fail "account-disabled: fault not put on the provider: $(cat "$C")"
	grep -q 'Our digest response is correct' "$C" || fail "account-disabled: no word that the digest is correct"
	line=$(grep '^- 403 Forbidden' "$C")
	echo "$line" | grep -q 'which the provider saw as `203.0.113.1`' || fail "account-disabled: our public address is missing"
	echo "$line" | grep -q 'with digest credentials (user `trunk1`' || fail "account-disabled: the credentials are not named"
	f=$(echo "$line" | sed -n 's/.*(frame \([0-9]*\)[ )].*/\1/p')
	cid=$(echo "$line" | sed -n 's/.*Call-ID `\([^`]*\)`.*/\1/p')
	t=$(tshark -r "$PCAP" -T fields -E separator='|' -e sip.Status-Code -e sip.Call-ID -e sip.auth.username \
		-Y "frame.number == ${f:-0}" 2>/dev/null)
	[ "$t" = "403|$cid|" ] && ok "account-disabled: frame $f of the export is the 403 ($cid)" \
		|| fail "account-disabled: the summary names frame $f ($cid), tshark has '$t'"
	# the REGISTER with the digest it answered is exported too
	tshark -r "$PCAP" -Y "sip.Call-ID == \"$cid\" && sip.auth.username contains \"trunk1\"" 2>/dev/null | grep -q . \
		|| fail "account-disabled: the REGISTER with credentials is not in the pcap"
fi

# --- port closed: ICMP errors as evidence ---
if run port-closed; then
	grep -q 'may lie on the path to the provider or with the provider' "$WORK/port-closed.carrier" \
		|| fail "port-closed: the carrier section does not offer the evidence"
	icmp_rows=$(md_frames "$MD" | awk -F'|' '$2 ~ /^ICMP/ { print $1 }')
	[ -n "$icmp_rows" ] || fail "port-closed: no ICMP rows in the summary"
	for f in $icmp_rows; do
		tshark -r "$PCAP" -Y "frame.number == $f && icmp.type == 3 && icmp.code == 3" 2>/dev/null | grep -q . \
			|| fail "port-closed: frame $f is listed as ICMP, tshark has no port unreachable there"
	done
	n_in=$(tshark -r "$REAL/port-closed.pcap" -Y 'icmp.type == 3' 2>/dev/null | wc -l)
	n_out=$(tshark -r "$PCAP" -Y 'icmp.type == 3' 2>/dev/null | wc -l)
	[ "$n_out" = "$n_in" ] && ok "port-closed: all $n_in ICMP errors exported" || fail "port-closed: $n_out of $n_in ICMP errors exported"
	tshark -r "$PCAP" -Y arp 2>/dev/null | grep -q . && fail "port-closed: ARP was exported"
fi
# --- two files of different link types: one pcap of raw IP packets ---
if [ -f "$REAL/healthy.pcap" ] && command -v jq >/dev/null; then
	scenario_pcap "$WORK/sll.pcap" <<'EOF2'
link: sll
registrar = 203.0.113.10
nat = 203.0.113.1
start: 1900000000

=== 0.000 udp registrar:5060 > nat:5060
OPTIONS sip:trunk1@203.0.113.1:5060 SIP/2.0
Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-sll
From: <sip:ping@sip.provider.example>;tag=p1
To: <sip:trunk1@203.0.113.1>
Call-ID: sll-options-1@203.0.113.10
CSeq: 1 OPTIONS
Content-Length: 0
EOF2
	"$TRUNKDOC" -r "$REAL/healthy.pcap" -r "$WORK/sll.pcap" $PROFILE --report=json \
		--export "$WORK/mixed" > /dev/null 2> "$WORK/mixed.err"
	no_sanitizer "$WORK/mixed.err"
	MD=$(ls "$WORK/mixed"/*.md 2>/dev/null); PCAP=${MD%.md}.pcap
	if [ -f "$MD" ]; then
		[ "$(jq -r .export.pcap.link_type "${MD%.md}.json")" = RAW ] || fail "mixed link types: not written as RAW"
		grep -q 'different link types' "$MD" || fail "mixed link types: the summary does not say so"
		tshark -r "$PCAP" -Y 'sip.Call-ID == "sll-options-1@203.0.113.10"' 2>/dev/null | grep -q . \
			|| fail "mixed link types: the second file's OPTIONS is missing"
		compare_frames "$MD" "$PCAP" "$WORK"
	else
		fail "mixed link types: no export: $(cat "$WORK/mixed.err")"
	fi
fi
[ "$FAILED" = 0 ] || exit 1
echo "PASS: export-real"
