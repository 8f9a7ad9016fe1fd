#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# A pcap written by scn2pcap must be read by tshark as trunkdoc should read
# it: for each decode scenario, tshark's count of SIP messages (every
# Request-Line and Status-Line, several per frame allowed, ICMP quotes left
# out) must equal the scenario's own "expect .capture.sip_messages == N".
# This keeps the test helper honest: a scenario cannot pass on a pcap only
# trunkdoc and scn2pcap agree about.
set -u
name=scn2pcap-tshark
top_builddir=${top_builddir:-.}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
SCN2PCAP=${SCN2PCAP:-$top_builddir/tests/tools/scn2pcap}
for prog in tshark jq; do
	if ! command -v $prog >/dev/null 2>&1; then
		echo "SKIP: $name: $prog is not installed"
		exit 77
	fi
done
[ -x "$SCN2PCAP" ] || { echo "FAIL: $name: $SCN2PCAP is not built"; exit 1; }

# Scenarios where tshark is known to read differently, with why.
known_difference() {
	case $1 in
	decode-junk-before-request) echo "tshark does not look for a start line after junk bytes" ;;
	decode-crlf-keepalive) echo "tshark does not skip a CRLF CRLF keep-alive in front of a message in one TCP segment" ;;
	*) return 1 ;;
	esac
}

tshark_sip_count() {
	tshark -n -r "$1" -Y 'sip and not icmp' -T json -e sip.Request-Line -e sip.Status-Line 2>/dev/null |
		jq '[.[]._source.layers | ((."sip.Request-Line" // []) | length) + ((."sip.Status-Line" // []) | length)] | add // 0'
}

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
checked=0 failed=0
for scn in "$top_srcdir"/tests/scenarios/decode-*.scn; do
	[ -e "$scn" ] || continue
	base=$(basename "$scn" .scn)
	want=$(sed -n 's/^expect \.capture\.sip_messages == \([0-9][0-9]*\)[[:space:]]*$/\1/p' "$scn" | head -n 1)
	[ -n "$want" ] || continue
	if why=$(known_difference "$base"); then
		echo "skip $base: $why"
		continue
	fi
	if ! "$SCN2PCAP" "$scn" "$tmp/$base.pcap"; then
		echo "FAIL: $base: scn2pcap failed"
		failed=$((failed + 1))
		continue
	fi
	got=$(tshark_sip_count "$tmp/$base.pcap")
	checked=$((checked + 1))
	if [ "$got" = "$want" ]; then
		echo "ok $base: tshark counts $got SIP messages"
	else
		echo "FAIL: $base: the scenario expects $want SIP messages, tshark counts $got"
		failed=$((failed + 1))
	fi
done
if [ $checked -lt 5 ]; then
	echo "FAIL: $name: only $checked scenarios could be cross-checked (expected at least 5)"
	exit 1
fi
[ $failed -eq 0 ] || exit 1
echo "PASS: $name: $checked scenarios agree with tshark"
