#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# call-live.sh SCENARIO - one call scenario of the lab (tests/lab/calls.sh):
# real peers in namespaces; trunkdoc -i and tcpdump on the PBX's interface;
# the live report and trunkdoc -r's report on tcpdump's capture are each
# asserted against the scenario's line in tests/lab/EXPECT.calls.  Prints
# one ok/not ok line per assertion; exits 0 when all hold, 1 otherwise, 77
# (with "SKIP: ...") without root, 99 when the lab cannot be built or a
# program is missing (a call test that cannot run fails).
set -u
name=${1:?usage: call-live.sh SCENARIO}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lab.sh"
. "$here/calls.sh"
. "$here/expect.sh"

test=lab-call-$name
callscn_exists "$name" || { echo "no such call scenario: $name" >&2; exit 99; }
line=$(grep -v '^[[:space:]]*#' "$here/EXPECT.calls" | awk -v n="$name" '$1 == n { $1 = ""; print; exit }')
[ -n "$line" ] || { echo "no EXPECT.calls line for $name" >&2; exit 99; }
lab_need_root "$test"
for p in kamailio sipp nft tcpdump tshark jq; do
	command -v "$p" >/dev/null 2>&1 || { echo "Bail out! $test: $p is not installed"; exit 99; }
done
if [ ! -x "${TRUNKDOC:-}" ]; then
	echo "Bail out! $test: \$TRUNKDOC is not an executable (run through make check)"
	exit 99
fi

failed=0
ok()    { echo "ok - $*"; }
notok() { echo "not ok - $*"; failed=1; }
check() # DESCRIPTION GOT WANT
{
	if [ "$2" = "$3" ]; then ok "$name: $1: $2"; else notok "$name: $1: got '$2', want '$3'"; fi
}

lab_up keep || exit 99
pcap=$LAB_DIR/call.pcap
lab_capture_start "$pcap" || exit 99
# trunkdoc watches live beside tcpdump, as the registration lab does; the
# password reaches it through its environment, never argv.
export TRUNKDOC_PASSWORD=$LAB_PASSWORD
# trunkdoc -i with its default filter, as a helpdesk runs it: the filter
# keeps the RTP (the lab proves that it does, call.rtp-both-ways).
lab_spawn "$NS_PBX" trunkdoc "$TRUNKDOC" -i "$PBX_IF" --report=json --duration 150 \
	--registrar "$LAB_DOMAIN" --user "$LAB_USER" || exit 99
unset TRUNKDOC_PASSWORD
# Start the peers only once trunkdoc's packet socket is open.
for i in $(seq 100); do
	nsx "$NS_PBX" ss -H -0 -p 2>/dev/null | grep -q trunkdoc && break
	lab_alive trunkdoc || break
	sleep 0.05
done
t0=$(date +%s)
"callscn_${name//-/_}"
sipp_rc=$?
lab_capture_stop
# SIGINT ends a live capture like --duration: the report is written.
kill -INT "$(cat "$LAB_DIR/trunkdoc.pid")" 2>/dev/null
lab_wait trunkdoc
live_rc=$?
lab_stop far
lab_log "$name: peers done in $(( $(date +%s) - t0 )) s"
# LAB_SAVE_PCAP=FILE keeps the capture (to read it with tshark or trunkdoc).
[ -n "${LAB_SAVE_PCAP:-}" ] && cp "$pcap" "$LAB_SAVE_PCAP"

# SIPp's own verdict: every call ran its scenario to the end (no unexpected
# message, no timeout): the lab did what the scenario says.
if [ "$sipp_rc" = 0 ]; then
	ok "$name: lab: the PBX (SIPp) ran its calls to the end"
else
	notok "$name: lab: the PBX (SIPp) ended with status $sipp_rc"
	sed 's/^/# pbx: /' "$LAB_DIR/pbx-errors.log" 2>/dev/null | head -20
	tail -20 "$LAB_DIR/kamailio.log" | sed 's/^/# kamailio: /'
fi
sed 's/^/# trunkdoc live: /' "$LAB_DIR/trunkdoc.log" | head -10

export TRUNKDOC_PASSWORD=$LAB_PASSWORD
"$TRUNKDOC" -r "$pcap" --report=json --registrar "$LAB_DOMAIN" --user "$LAB_USER" \
	>"$LAB_DIR/report.json" 2>"$LAB_DIR/read.log"
read_rc=$?
unset TRUNKDOC_PASSWORD
sed 's/^/# trunkdoc -r: /' "$LAB_DIR/read.log" | head -10

# assert_report HOW JSON EXIT_STATUS: the EXPECT.calls line on one report.
# The line: exit=N calls=N state=S states=A,B status=N invites=N
# ok_copies>=N CHECK-ID=verdict ... root=ID
assert_report()
{
	local how=$1 json=$2 rc=$3 want got id
	local name="$name ($how)"
	if [ "$(jq -r 'type' "$json" 2>/dev/null)" != object ]; then
		notok "$name: no JSON report (exit $rc)"
		return
	fi
	for want in $line; do
		case $want in
		exit=*) check "exit code" "$rc" "${want#exit=}" ;;
		calls=*) check "calls" "$(jq -r '.calls | length' "$json")" "${want#calls=}" ;;
		state=*) check "first call's state" "$(jq -r '.calls[0].state' "$json")" "${want#state=}" ;;
		states=*) check "calls' states" "$(jq -r '[.calls[].state] | join(",")' "$json")" "${want#states=}" ;;
		status=*) check "first call's final status" "$(jq -r '.calls[0].status' "$json")" "${want#status=}" ;;
		invites=*) check "first call's INVITE transactions" "$(jq -r '.calls[0].invites' "$json")" "${want#invites=}" ;;
		ok_copies\>=*)
			got=$(jq -r '.calls[0].ok_copies' "$json")
			if [ "$got" -ge "${want#ok_copies>=}" ] 2>/dev/null; then
				ok "$name: the 2xx was seen $got times"
			else
				notok "$name: the 2xx was seen $got times, want at least ${want#ok_copies>=}"
			fi ;;
		root=*) check "root cause" "$(jq -r '.root_cause.id // "none"' "$json")" "${want#root=}" ;;
		*=*)
			id=${want%%=*}
			check "$id" "$(jq -r --arg id "$id" '[.checks[]? | select(.id == $id) | .verdict][0] // "absent"' "$json")" "${want#*=}"
			;;
		esac
	done
	# callverify_NAME (calls.sh) sees this json and name.
	local fn="callverify_${scn//-/_}"
	if declare -F "$fn" >/dev/null; then
		"$fn"
	fi
	if [ "$failed" != 0 ]; then
		jq -r '.checks[]? | select(.id | startswith("call.")) | "# \(.id): \(.verdict): \(.summary)"' "$json"
		jq -c '.calls[]? | {state, status, invites, ok_copies, streams: [.streams[]? | {src, dst, packets}]}' "$json" | sed 's/^/# /'
	fi
}
scn=$name
assert_report live "$LAB_DIR/trunkdoc.out" "$live_rc"
assert_report pcap "$LAB_DIR/report.json" "$read_rc"
# The capture trunkdoc read holds what tshark sees.
check "SIP messages in the capture (tshark)" \
	"$(jq -r '.capture.sip_messages' "$LAB_DIR/report.json")" "$(expect_tshark_count "$pcap")"
exit "$failed"
