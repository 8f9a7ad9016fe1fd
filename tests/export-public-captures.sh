#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-public-captures.sh - the export over real captures from other
# people's equipment (../shared/captures: pcapng, Linux cooked, IP-in-IP,
# GRE, GTP, IPv6 fragments, TCP) and the lab's recordings
# (tests/captures/real): each bundle is complete, its JSON follows the
# schema, its pcap opens in
# tshark with the frame count the summary states, and the SIP messages the
# summary lists are the ones tshark finds at those frame numbers.  Run with
# --redact, so the rewriting is exercised on every link type too.
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-public-captures
need tshark
[ -d "$SHARED_CAPTURES" ] || skip "no shared captures at $SHARED_CAPTURES"

SCHEMA=${top_srcdir:-.}/doc/report.schema.json
CHECKER=${top_builddir:-.}/tests/unit/json_schema_check
[ -x "$CHECKER" ] || { fail "tests/unit/json_schema_check is not built"; exit 1; }
n=0
for cap in "$SHARED_CAPTURES"/* "${top_srcdir:-.}"/tests/captures/real/*.pcap; do
	[ -f "$cap" ] || continue
	case $cap in *.md) continue ;; esac
	name=$(basename "$cap")
	out=$WORK/$n
	"$TRUNKDOC" -r "$cap" --report=json --export "$out" --redact > /dev/null 2> "$WORK/$n.err"
	rc=$?
	no_sanitizer "$WORK/$n.err"
	# exit 3 (nothing to judge: no REGISTER) still exports the bundle
	if [ $rc -eq 2 ]; then
		# a file trunkdoc refuses to read (not pcap) exports nothing: fine,
		# as long as it said why and left nothing
		grep -q 'trunkdoc: ' "$WORK/$n.err" || fail "$name: exit $rc without a message"
		[ ! -e "$out" ] || [ -z "$(ls -A "$out")" ] || fail "$name: files left after a failure"
		echo "# $name: not read ($(head -1 "$WORK/$n.err"))"
		n=$((n + 1))
		continue
	fi
	MD=$(ls "$out"/*.md 2>/dev/null); PCAP=${MD%.md}.pcap
	[ -f "$MD" ] && [ -f "$PCAP" ] && [ -f "${MD%.md}.json" ] || { fail "$name: incomplete bundle"; continue; }
	"$CHECKER" "$SCHEMA" "${MD%.md}.json" || fail "$name: the JSON does not follow doc/report.schema.json"
	frames=$(tshark -r "$PCAP" 2>/dev/null | wc -l)
	said=$(sed -n 's/^The pcap holds \([0-9]*\) frames.*/\1/p' "$MD")
	[ "$frames" = "$said" ] && [ "$frames" = "$(md_frames "$MD" | wc -l)" ] \
		|| fail "$name: tshark reads $frames frames, the summary says $said"
	before=$FAILED; FAILED=0
	compare_frames "$MD" "$PCAP" "$WORK" > "$WORK/$n.cmp"
	if [ "$FAILED" = 0 ]; then
		FAILED=$before
		ok "$name: $frames frames, $(grep -c '^ok: frame' "$WORK/$n.cmp") SIP rows agree with tshark"
	else
		grep FAIL "$WORK/$n.cmp"
		FAILED=1
	fi
	n=$((n + 1))
done
[ "$n" -gt 0 ] || skip "no captures in $SHARED_CAPTURES"
[ "$FAILED" = 0 ] || exit 1
echo "PASS: export-public-captures"
