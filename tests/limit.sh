#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# --limit N: a capture of 300 trunk registrations a second apart (each its
# own AOR and Call-ID; the last ten refused with 403) read with --limit 50.
# The store keeps about 50 dialogs (never more than half over), says
# how many it dropped, and what it kept is judged as without the limit:
# the same registration states and, for the trunk named (--user u300, the
# newest), the same root cause and exit code.
# Then: a trunk registered once an hour among a busy fleet keeps its
# registration (the newest answered flow of each registration is kept
# before any other), and calls that stay up (open for ever) are dropped
# too, oldest first, counted apart: N is a bound.
set -u
TRUNKDOC=${TRUNKDOC:-./trunkdoc}
SCN2PCAP=${SCN2PCAP:-${top_builddir:-.}/tests/tools/scn2pcap}
command -v jq >/dev/null 2>&1 || { echo "SKIP: jq is not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/trunkdoc-limit.XXXXXX") || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT INT TERM
fail=0
{
	echo "title: 300 registrations, the last ten refused"
	echo "pbx = 203.0.113.10"
	echo "carrier = 198.51.100.20"
	i=1
	while [ $i -le 300 ]; do
		status="200 OK"
		[ $i -gt 290 ] && status="403 Forbidden"
		cat <<BLOCK
=== $i.000 udp pbx:5060 > carrier:5060
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-$i;rport
From: <sip:u$i@example.net>;tag=f$i
To: <sip:u$i@example.net>
Call-ID: reg-$i@pbx
CSeq: 1 REGISTER
Contact: <sip:u$i@203.0.113.10:5060>
Expires: 3600
Content-Length: 0

=== $i.050 udp carrier:5060 > pbx:5060
SIP/2.0 $status
Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-$i;rport=5060
From: <sip:u$i@example.net>;tag=f$i
To: <sip:u$i@example.net>;tag=t$i
Call-ID: reg-$i@pbx
CSeq: 1 REGISTER
Contact: <sip:u$i@203.0.113.10:5060>;expires=3600
Content-Length: 0

BLOCK
		i=$((i + 1))
	done
	echo "expect exit == 1"
} > "$work/many.scn"
"$SCN2PCAP" "$work/many.scn" "$work/many.pcap" || exit 1
"$TRUNKDOC" -r "$work/many.pcap" --report=json --user u300 > "$work/full.json" 2>/dev/null
full_rc=$?
"$TRUNKDOC" -r "$work/many.pcap" --report=json --user u300 --limit 50 > "$work/lim.json" 2>/dev/null
lim_rc=$?
"$TRUNKDOC" -r "$work/many.pcap" --report --limit 50 > "$work/lim.txt" 2>/dev/null
check() {
	if jq -e "$2" "$work/lim.json" >/dev/null 2>&1; then echo "ok: $1"; else echo "FAIL: $1 ($2)"; fail=1; fi
}
jq -c '[.capture.sip_messages, .capture.limit_dropped, (.dialogs | length), (.registrations | length)]' "$work/lim.json"
check "at most half over the limit, and not under it" '(.dialogs | length) >= 50 and (.dialogs | length) <= 75'
check "dropped + kept = all" '.capture.limit_dropped + (.dialogs | length) == 300'
check "the newest are kept" '[.dialogs[].call_id] | index("reg-300@pbx") != null and index("reg-1@pbx") == null'
check "kept registrations judged as without the limit" \
	"[.registrations[] | [.aor, .state, .last_status, .granted_expires]] - $(jq -c '[.registrations[] | [.aor, .state, .last_status, .granted_expires]]' "$work/full.json") == []"
check "same root cause" ".root_cause.id == $(jq -c .root_cause.id "$work/full.json") and .root_cause.id == \"prov.final-response\""
[ "$full_rc" = "$lim_rc" ] && echo "ok: same exit code ($lim_rc)" || { echo "FAIL: exit $lim_rc, without the limit $full_rc"; fail=1; }
check "registration flows finished 5 s after their answer: none dropped open" '.capture.limit_dropped_open == 0'
grep -q "^Dropped: .* dialogs, 0 of them still open, the oldest first (--limit)" "$work/lim.txt" && echo "ok: the text report says what was dropped" ||
	{ echo "FAIL: no Dropped line"; fail=1; }
# the mirror (--hep-send) still sends every message across the rebuilds
P=$((40000 + $$ % 20000))
"$TRUNKDOC" --hep-listen udp:127.0.0.1:$P --duration 4 --report=json > "$work/mirror.json" 2>/dev/null &
lpid=$!
sleep 1
"$TRUNKDOC" -r "$work/many.pcap" --report=json --limit 50 --hep-send udp:127.0.0.1:$P > /dev/null 2>&1
wait $lpid
n=$(jq .capture.sip_messages "$work/mirror.json")
[ "$n" = 600 ] && echo "ok: all 600 messages mirrored across the rebuilds" || { echo "FAIL: $n of 600 mirrored"; fail=1; }
# the screen takes --limit too (tests/tui/fleet.sh drives it): without a
# terminal it asks for one, as it does without --limit, and names no option
"$TRUNKDOC" -r "$work/many.pcap" --limit 50 </dev/null >/dev/null 2>"$work/noterm.err"
grep -q "the screen needs a terminal" "$work/noterm.err" && ! grep -q -- "--limit" "$work/noterm.err" &&
	echo "ok: --limit is an option of the screen too" || { echo "FAIL: --limit refused for the screen: $(cat "$work/noterm.err")"; fail=1; }
# A trunk that registers once an hour ("early", at 1 s) and one whose
# refresh was only challenged ("chal": 200 at 2 s, 401 at 250 s, no
# retry), among three trunks re-registering every second with a new
# Call-ID each (300 flows), read with --limit 50: without the limit all
# five are registered; with it, the same, though the flows that say so
# are the oldest in the store.
reg() {   # reg TIME CALLID USER STATUS
	cat <<BLOCK
=== $1.000 udp pbx:5060 > carrier:5060
REGISTER sip:example.net SIP/2.0
Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-$2;rport
From: <sip:$3@example.net>;tag=f$2
To: <sip:$3@example.net>
Call-ID: $2@pbx
CSeq: 1 REGISTER
Contact: <sip:$3@203.0.113.10:5060>
Expires: 3600
Content-Length: 0

=== $1.050 udp carrier:5060 > pbx:5060
SIP/2.0 $4
Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-$2;rport=5060
From: <sip:$3@example.net>;tag=f$2
To: <sip:$3@example.net>;tag=t$2
Call-ID: $2@pbx
CSeq: 1 REGISTER
Contact: <sip:$3@203.0.113.10:5060>;expires=3600
Content-Length: 0

BLOCK
}
{
	echo "title: two quiet trunks among a busy fleet"
	echo "pbx = 203.0.113.10"
	echo "carrier = 198.51.100.20"
	reg 1 early-1 early "200 OK"
	reg 2 chal-1 chal "200 OK"
	i=3
	while [ $i -le 302 ]; do
		[ $i = 250 ] && reg 250 chal-2 chal "401 Unauthorized"
		reg $i fleet-$i "t$((i % 3))" "200 OK"
		i=$((i + 1))
	done
	echo "expect exit == 0"
} > "$work/quiet.scn"
"$SCN2PCAP" "$work/quiet.scn" "$work/quiet.pcap" || exit 1
regs='[.registrations[] | [.aor, .state, .last_status, .granted_expires]] | sort'
for u in early chal; do
	"$TRUNKDOC" -r "$work/quiet.pcap" --report=json --user $u > "$work/qfull.json" 2>/dev/null
	full_rc=$?
	"$TRUNKDOC" -r "$work/quiet.pcap" --report=json --user $u --limit 50 > "$work/lim.json" 2>/dev/null
	lim_rc=$?
	jq -c '[.capture.limit_dropped, .capture.limit_dropped_open, (.dialogs | length), ('"$regs"')]' "$work/lim.json"
	check "$u: dropped, and at most half over the limit" '.capture.limit_dropped > 0 and (.dialogs | length) <= 75'
	check "$u: every registration kept, in the same state as without the limit" "($regs) == $(jq -c "$regs" "$work/qfull.json")"
	check "$u: the trunk is registered" "[.registrations[] | select(.aor == \"sip:$u@example.net\") | .state] == [\"registered\"]"
	check "$u: same root cause" ".root_cause.id == $(jq -c .root_cause.id "$work/qfull.json")"
	[ "$full_rc" = "$lim_rc" ] && echo "ok: $u: same exit code ($lim_rc)" || { echo "FAIL: $u: exit $lim_rc, without the limit $full_rc"; fail=1; }
done

# 200 calls that stay up (INVITE, 200, ACK, no BYE), half a second apart,
# with --limit 50: open for ever, dropped all the same, oldest first.
{
	echo "title: calls up"
	echo "pbx = 203.0.113.10"
	echo "carrier = 198.51.100.20"
	i=1
	while [ $i -le 200 ]; do
		t=$((i / 2)).$((i % 2 * 5))
		cat <<BLOCK
=== ${t}00 udp pbx:5060 > carrier:5060
INVITE sip:+1555000$i@example.net SIP/2.0
Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-i$i;rport
From: <sip:trunk@example.net>;tag=f$i
To: <sip:+1555000$i@example.net>
Call-ID: call-$i@pbx
CSeq: 1 INVITE
Contact: <sip:trunk@203.0.113.10:5060>
Content-Length: 0

=== ${t}20 udp carrier:5060 > pbx:5060
SIP/2.0 200 OK
Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-i$i;rport=5060
From: <sip:trunk@example.net>;tag=f$i
To: <sip:+1555000$i@example.net>;tag=t$i
Call-ID: call-$i@pbx
CSeq: 1 INVITE
Contact: <sip:+1555000$i@198.51.100.20:5060>
Content-Length: 0

=== ${t}30 udp pbx:5060 > carrier:5060
ACK sip:+1555000$i@198.51.100.20:5060 SIP/2.0
Via: SIP/2.0/UDP 203.0.113.10:5060;branch=z9hG4bK-a$i;rport
From: <sip:trunk@example.net>;tag=f$i
To: <sip:+1555000$i@example.net>;tag=t$i
Call-ID: call-$i@pbx
CSeq: 1 ACK
Content-Length: 0

BLOCK
		i=$((i + 1))
	done
} > "$work/calls.scn"
"$SCN2PCAP" "$work/calls.scn" "$work/calls.pcap" || exit 1
"$TRUNKDOC" -r "$work/calls.pcap" --report=json --limit 50 > "$work/lim.json" 2>/dev/null
"$TRUNKDOC" -r "$work/calls.pcap" --report --limit 50 > "$work/lim.txt" 2>/dev/null
jq -c '[.capture.limit_dropped, .capture.limit_dropped_open, (.dialogs | length)]' "$work/lim.json"
check "calls up: at most half over the limit, and not under it" '(.dialogs | length) >= 50 and (.dialogs | length) <= 75'
check "calls up: every dropped one was open, counted apart" '.capture.limit_dropped > 0 and .capture.limit_dropped_open == .capture.limit_dropped and .capture.limit_dropped + (.dialogs | length) == 200'
check "calls up: the newest kept" '[.dialogs[].call_id] | index("call-200@pbx") != null and index("call-1@pbx") == null'
grep -q "^Dropped: .* dialogs, \([0-9]*\) of them still open" "$work/lim.txt" && ! grep -q ", 0 of them still open" "$work/lim.txt" &&
	echo "ok: calls up: the text report says how many were open" || { echo "FAIL: calls up: $(grep Dropped "$work/lim.txt")"; fail=1; }
exit $fail
