#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# export-carrier-audit.sh - the carrier's section of the bundle, for every
# scenario with a root cause (tests/scenarios/*.scn, run with their own
# args and env): it names the account (AOR) and the trunk; it states the
# fault in one paragraph with a UTC time, an address and the bundle's
# frame; when the root cause's evidence holds a SIP message, with its
# Call-ID, CSeq and the response (or that none came); every other failing
# call check gets its paragraph; and none of the helpdesk's own text is
# there: not the root cause's advice, not trunkdoc's options or keys, not
# router steps.  At the end it lists which check ids led a root cause.
. "${top_srcdir:-.}/tests/export-lib.sh"
export_setup export-carrier-audit
need jq

scndir=${top_srcdir:-.}/tests/scenarios
n=0
: > "$WORK/roots"
for scn in "$scndir"/*.scn; do
	name=$(basename "$scn" .scn)
	header=$(sed -n '/^===/q; /^#/d; p' "$scn")
	args=$(printf '%s\n' "$header" | sed -n 's/^args:[[:space:]]*//p' | tr '\n' ' ' | sed "s|{scndir}|$scndir|g")
	envs=$(printf '%s\n' "$header" | sed -n 's/^env:[[:space:]]*//p' | tr '\n' ' ')
	"$SCN2PCAP" "$scn" "$WORK/$name.pcap" >/dev/null 2>&1 || { fail "$name: scn2pcap failed"; continue; }
	out=$WORK/$name
	set -f
	# shellcheck disable=SC2086
	env $envs "$TRUNKDOC" -r "$WORK/$name.pcap" --export "$out" --report=json $args \
		> "$out.json" 2> "$out.err" < /dev/null
	rc=$?
	set +f
	no_sanitizer "$out.err"
	[ $rc = 1 ] || continue          # no failing check: nothing for the carrier
	md=$(ls "$out"/*.md 2>/dev/null)
	[ -f "$md" ] || { fail "$name: no bundle ($(cat "$out.err"))"; continue; }
	root=$(jq -r '.root_cause.id // empty' "$out.json")
	[ -n "$root" ] || continue
	n=$((n + 1))
	echo "$root $name" >> "$WORK/roots"
	sed -n '/^## For the carrier/,/^## Trunk profile/p' "$md" | sed '$d' > "$out.carrier"
	c=$out.carrier

	# the account and the trunk
	# (a capture with no SIP to read and no profile cannot name the account:
	# then the section must say so, not leave it out)
	nothing=$(jq -r '(.registrations | length) == 0 and (.calls | length) == 0 and .profile.user == ""' "$out.json")
	if [ "$nothing" = true ]; then
		grep -Eq '^Account not known \(.*\) on trunk (`[^`]*`|unnamed)' "$c" \
			|| fail "$name ($root): no account line saying it is not known: $(sed -n 3p "$c")"
	else
		grep -q '^Account `[^`]*`.* on trunk `[^`]*`' "$c" || fail "$name ($root): no account and trunk line: $(sed -n 3p "$c")"
	fi
	# the fault: one paragraph (one line) with a time, an address and a frame
	fault=$(grep '^\*\*The fault\*\*: ' "$c")
	if [ "$(printf '%s\n' "$fault" | grep -c .)" != 1 ]; then
		fail "$name ($root): not one fault paragraph"
		continue
	fi
	printf '%s' "$fault" | grep -q ' UTC' || fail "$name ($root): the fault has no UTC time: $fault"
	printf '%s' "$fault" | grep -Eq '`([0-9]{1,3}\.){3}[0-9]{1,3}(:[0-9]+)?`|`\[[0-9a-fA-F:]+\](:[0-9]+)?`|[0-9]{1,3}(\.[0-9]{1,3}){3}' \
		|| fail "$name ($root): the fault has no address: $fault"
	printf '%s' "$fault" | grep -Eq 'frames? [0-9]' || fail "$name ($root): the fault names no frame: $fault"
	# a SIP message among the root cause's evidence: Call-ID, CSeq, the response
	sipframes=$(jq -r '[.dialogs[].messages[].frame] | map(tostring) | join(" ")' "$out.json")
	evframes=$(jq -r --arg id "$root" '.checks[] | select(.id == $id) | [.evidence_detail[].frame] | map(tostring) | join(" ")' "$out.json")
	sip=
	for e in $evframes; do
		case " $sipframes " in *" $e "*) sip=1 ;; esac
	done
	if [ -n "$sip" ]; then
		printf '%s' "$fault" | grep -q 'Call-ID `[^`]' || fail "$name ($root): no Call-ID in the fault: $fault"
		printf '%s' "$fault" | grep -q 'CSeq `[0-9]* [A-Z]*`' || fail "$name ($root): no CSeq in the fault: $fault"
		printf '%s' "$fault" | grep -Eq '(^|[ ;:(])[1-6][0-9][0-9] [A-Z][A-Za-z]|no (final )?response' \
			|| fail "$name ($root): the fault names no response (nor that none came): $fault"
	fi
	# a call fault in the carrier's terms (issue 16): what each check must say
	case $root in
	call.auth) want='not on the trunk.s ACL|carried digest credentials \(user `' ;;
	call.number-format) want='called number `[^`]*` \((not )?E\.164\), caller ID \(From\) `' ;;
	call.codecs) want='codecs offered `[^`]*`' ;;
	call.session-timer) want='Session-Expires `[^`]*`, the provider.s 422 wants Min-SE `' ;;
	call.ack) want='no ACK reached its sender|the ACK went to `' ;;
	call.media-address) want='private media address `' ;;
	call.rtp-both-ways) want='RTP seen: [0-9]+ packets from|no RTP of this call' ;;
	call.limits) want='(Retry-After [0-9]+ s|no Retry-After); [0-9]+ other calls? (was|were) up' ;;
	*) want= ;;
	esac
	if [ -n "$want" ]; then
		printf '%s' "$fault" | grep -Eq "$want" && ok "$name: $root in the carrier's terms" \
			|| fail "$name ($root): not in the carrier's terms ($want): $fault"
	fi
	# each other failing call check, in its own paragraph
	for id in $(jq -r --arg r "$root" '.checks[] | select(.verdict == "fail" and (.id | startswith("call.")) and .id != $r) | .id' "$out.json"); do
		grep -q "^- .*(check \`$id\`): .* UTC .*Call-ID" "$c" || fail "$name: the failing $id has no paragraph for the carrier"
	done
	# nothing of the helpdesk's own text
	advice=$(jq -r --arg id "$root" '.checks[] | select(.id == $id) | .advice' "$out.json" | cut -c1-40)
	if [ -n "$advice" ] && grep -qF -- "$advice" "$c"; then
		fail "$name ($root): the helpdesk's advice is in the carrier's section: $advice"
	fi
	if grep -Eqi -- '--[a-z][a-z-]+|turn off|router|SIP helper|Ctrl-|press |\bF2\b|the screen|Then mark|Advice' "$c"; then
		fail "$name ($root): helpdesk text in the carrier's section: $(grep -Eio -- '--[a-z][a-z-]+|turn off|router|SIP helper|Ctrl-|press |\bF2\b|the screen|Then mark|Advice' "$c" | head -1)"
	fi
done

[ "$n" -ge 40 ] && ok "$n failing scenarios audited" || fail "only $n failing scenarios: did the runs fail?"
echo "# check ids that led a root cause (scenarios):"
cut -d' ' -f1 "$WORK/roots" | sort | uniq -c | sed 's/^/# /'
# every group-5 check leads in some scenario
for id in call.auth call.number-format call.codecs call.session-timer call.ack call.media-address \
          call.rtp-both-ways call.limits; do
	grep -q "^$id " "$WORK/roots" && ok "$id leads a root cause in a scenario" || fail "$id never leads: no scenario audits its carrier wording"
done
exit $FAILED
