#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-401-loop.sh - the "For the carrier" section of a 401 loop (issue
# 15): without the password the loop cannot tell the PBX's password from
# the provider's account, so the section blames neither side; with the
# password the digest proof decides: a match puts the fault on the
# provider's side, a mismatch on ours.  The traffic is the scenario
# tests/scenarios/check-pair-wrong-password-new-callids.scn (the PBX sends
# "Tr0nk-2025").
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-401-loop

scenario_pcap "$WORK/in.pcap" < "${top_srcdir:-.}/tests/scenarios/check-pair-wrong-password-new-callids.scn"

# carrier_section OUTDIR [PASSWORD]: the section of the bundle written there
carrier_section() {
	out=$1
	if [ -n "${2:-}" ]; then
		TRUNKDOC_PASSWORD=$2 "$TRUNKDOC" -r "$WORK/in.pcap" --registrar sip.carrier.example \
			--user 441234567890 --report --export "$out" > "$out.txt" 2>&1
	else
		env -u TRUNKDOC_PASSWORD "$TRUNKDOC" -r "$WORK/in.pcap" --registrar sip.carrier.example \
			--user 441234567890 --report --export "$out" > "$out.txt" 2>&1
	fi
	rc=$?
	[ $rc -le 1 ] || { cat "$out.txt"; fail "trunkdoc exited $rc"; return; }
	sed -n '/^## For the carrier/,/^## Checklist/p' "$out"/trunkdoc-*.md
}

s=$(carrier_section "$WORK/nopw")
echo "$s" | grep -q "provider's side" && fail "without the password the bundle blames the provider: $s"
echo "$s" | grep -q "on our side" && fail "without the password the bundle blames our side: $s"
echo "$s" | grep -q "cannot yet tell our side from the provider's" \
	&& ok "without the password: neither side is blamed" || fail "no undecided wording: $s"
grep -q "give the password to tell which" "$WORK/nopw.txt" \
	&& ok "the text report asks for the password" || fail "the text report does not ask for the password"

s=$(carrier_section "$WORK/match" Tr0nk-2025)
echo "$s" | grep -q "provider's side" && ok "digest matches: the provider's side" \
	|| fail "the PBX sends the password given, yet the bundle does not name the provider: $s"

s=$(carrier_section "$WORK/mismatch" Tr0nk-2026)
echo "$s" | grep -q "on our side" && ok "digest differs: our side" \
	|| fail "the PBX sends another password, yet the bundle does not name our side: $s"

[ "$FAILED" -eq 0 ] || exit 1
