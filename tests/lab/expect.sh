# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# expect.sh - asserts trunkdoc's JSON report against one line of an EXPECT
# file (format in tests/captures/real/EXPECT).  POSIX sh, sourced by
# tests/real-captures.tap (recorded captures) and tests/lab/live.sh (live
# runs).  The caller defines ok, notok and skip (each takes a description);
# the functions here only compare.  Needs jq.

# expect_line FILE NAME: print NAME's line (without the name), or nothing.
expect_line()
{
	grep -v '^[[:space:]]*#' "$1" | awk -v n="$2" '$1 == n { $1 = ""; print; exit }'
}

expect_check() # DESCRIPTION GOT WANT
{
	if [ "$2" = "$3" ]; then ok "$1: $2"; else notok "$1: got '$2', want '$3'"; fi
}

# expect_tshark_count PCAP: tshark's SIP message count, one CSeq per
# message, several messages in one frame counted each, ICMP errors quoting
# a SIP packet not counted.
expect_tshark_count()
{
	tshark -r "$1" -Y 'sip and not icmp' -T fields -e sip.CSeq \
		-E occurrence=a -E aggregator='|' 2>/dev/null |
		awk -F'|' '{ n += NF } END { print n + 0 }'
}

# expect_report NAME JSON EXIT_STATUS PCAP|- LINE: every assertion of LINE
# (transport state last-status exit check=verdict... root=ID).  With a PCAP
# and tshark, the SIP message count is compared with tshark's.
expect_report()
{
	_n=$1 _json=$2 _rc=$3 _pcap=$4
	shift 4
	set -- $*
	_state=$2 _last=$3 _exit=$4
	shift 4
	if [ "$(jq -r 'type' "$_json" 2>/dev/null)" != object ]; then
		# jq accepts an empty file; a report is one JSON object.
		notok "$_n: no JSON report (exit $_rc)"
		return
	fi
	[ "$_exit" = - ] || expect_check "$_n: exit code" "$_rc" "$_exit"
	if [ "$_pcap" != - ]; then
		if command -v tshark >/dev/null 2>&1; then
			expect_check "$_n: SIP messages (tshark)" \
				"$(jq -r '.capture.sip_messages' "$_json")" \
				"$(expect_tshark_count "$_pcap")"
		else
			skip "$_n: SIP message count: tshark is not installed"
		fi
	fi
	if [ "$_state" = none ]; then
		# No REGISTER was ever sent (e.g. DNS failed first).
		expect_check "$_n: registrations" "$(jq -r '.registrations | length' "$_json")" 0
		_last=-
	else
		expect_check "$_n: registrations" "$(jq -r '.registrations | length' "$_json")" 1
		expect_check "$_n: registration state" \
			"$(jq -r '.registrations[0].state // "none"' "$_json" | tr ' ' _)" "$_state"
	fi
	[ "$_last" = - ] || expect_check "$_n: last final status" \
		"$(jq -r '.registrations[0].last_status // 0' "$_json")" "$_last"
	for _want in "$@"; do
		case $_want in
		seen=*)
			_got=$(jq -r --arg s "${_want#seen=}" \
				'[.registrations[0].timeline[]?.state | gsub(" "; "_")] | index([$s]) != null' "$_json")
			expect_check "$_n: timeline passes through ${_want#seen=}" "$_got" true
			;;
		root=*)
			expect_check "$_n: root cause" \
				"$(jq -r '.root_cause.id // "none"' "$_json")" "${_want#root=}"
			;;
		*=*)
			_id=${_want%%=*} _v=${_want#*=}
			_got=$(jq -r --arg id "$_id" \
				'[.checks[]? | select(.id == $id) | .verdict][0] // "absent"' "$_json")
			if [ "$_v" = bad ]; then
				case $_got in
				warn|fail) ok "$_n: $_id: $_got" ;;
				*) notok "$_n: $_id: got '$_got', want warn or fail" ;;
				esac
			else
				expect_check "$_n: $_id" "$_got" "$_v"
			fi
			;;
		esac
	done
}
