# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# calls.sh - the call lab (issue 16, group 5 "Calls on the trunk"), sourced
# after lab.sh by tests/lab/call-live.sh.
#
#   ns pbx            ns nat               ns prov
#   SIPp UAC  ------  masquerade  ------   Kamailio SBC 203.0.113.10:5060
#   (call-uac.xml)    (nft: one-way       |  record-routes to
#   rtp_stream PCMA    RTP drop)          SIPp UAS 203.0.113.20:5060 (call-uas.xml)
#   tcpdump                                  -rtp_echo on 203.0.113.20:6000
#
# callscn_NAME runs one call scenario: Kamailio with the kamailio.cfg
# define it needs, the far end, then the PBX placing its call(s); it
# returns when the PBX is done.  The caller captures on pbx0 around it.

FAR_IP=203.0.113.20
FAR_MEDIA_PORT=6000
CALL_TO=+442071234567          # a called number in E.164
CALL_FROM=+442079460000        # the trunk's own number

CALL_SCENARIOS="healthy wrong-password ip-acl number-national codecs
session-timer-retried session-timer-not-retried limit-503 private-sdp
one-way-audio no-ack ack-astray"

callscn_exists() { declare -F "callscn_${1//-/_}" >/dev/null; }

# call_far_end: the far end's address beside the SBC's, and SIPp answering
# there with an RTP echo on FAR_MEDIA_PORT.
call_far_end()
{
	nsx "$NS_PROV" ip addr add "$FAR_IP/24" dev prov0 || return 1
	lab_spawn "$NS_PROV" far sipp -sf "$LAB_SRC/sipp/call-uas.xml" -t u1 \
		-i "$FAR_IP" -p 5060 -mi "$FAR_IP" -mp "$FAR_MEDIA_PORT" -rtp_echo \
		-nostdin -default_behaviors none -max_retrans 12 \
		-max_invite_retrans 12 -T2 4000 -trace_err \
		-error_file "$LAB_DIR/far-errors.log" || return 1
	lab_wait_port "$NS_PROV" udp 5060 || return 1
	lab_wait_port "$NS_PROV" udp "$FAR_MEDIA_PORT"
}

# call_rtp_file: 2 s of PCMA (A-law silence, 0xD5) for SIPp's rtp_stream.
call_rtp_file()
{
	[ -f "$LAB_DIR/pcma.raw" ] ||
		head -c 16000 /dev/zero | tr '\0' '\325' >"$LAB_DIR/pcma.raw"
}

# call_sipp_file [KEY=VALUE]...: fill sipp/call-uac.xml's %KEY% into
# $LAB_DIR/call.xml (the password goes into that file, never onto argv).
call_sipp_file()
{
	local -A v=(
		[TO_NUM]=$CALL_TO [FROM_NUM]=$CALL_FROM [DOMAIN]=$LAB_DOMAIN
		[AUTH_USER]=$LAB_USER [PASSWORD]=$LAB_PASSWORD
		[VIA_HOST]=$NAT_PUB_IP [MEDIA_HOST]=$NAT_PUB_IP
		[CODECS]='8 0 101'
		[RTPMAP]='a=rtpmap:8 PCMA/8000\na=rtpmap:0 PCMU/8000\na=rtpmap:101 telephone-event/8000'
		[SE_HDR]='Accept: application/sdp' [SE_HDR2]='Accept: application/sdp'
		[ON_ANSWER]=answer [ON_422]=stop [HOLD_MS]=2500 [BYE_WAIT_MS]=45000
		[RTP_FILE]=$LAB_DIR/pcma.raw
	)
	local kv k val script=
	for kv in "$@"; do v[${kv%%=*}]=${kv#*=}; done
	for k in "${!v[@]}"; do
		val=${v[$k]//\\/\\\\}
		val=${val//&/\\&}
		val=${val//|/\\|}
		val=${val//\\\\n/\\n      }
		script+="s|%$k%|$val|g;"
	done
	sed -e "$script" "$LAB_SRC/sipp/call-uac.xml" >"$LAB_DIR/call.xml"
}

# call_pbx [KEY=VALUE]... [-- SIPP_ARGS]: the PBX places its call(s) from
# the PBX namespace and waits until SIPp is done; SIPp's status (0: every
# call ran its scenario to the end).
call_pbx()
{
	local kv=() extra=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do kv+=("$1"); shift; done
	[ "${1:-}" = -- ] && { shift; extra=("$@"); }
	call_rtp_file
	call_sipp_file "${kv[@]}"
	(cd "$LAB_DIR" && ip netns exec "$NS_PBX" timeout --foreground 90 sipp "$PROV_IP:5060" \
		-sf "$LAB_DIR/call.xml" -t u1 -i "$PBX_IP" -p 5060 -m 1 -l 1 \
		-auth_uri "$LAB_DOMAIN" -mi "$PBX_IP" -mp 16000 \
		-nostdin -default_behaviors none -max_retrans 10 -max_invite_retrans 7 \
		-T2 4000 "${extra[@]}" \
		-trace_err -error_file "$LAB_DIR/pbx-errors.log" \
		>"$LAB_DIR/pbx.log" 2>&1 </dev/null)
}

# Scenario functions: the provider's behaviour, then the PBX's call.

# Challenged (407), answered with the right password, PCMA, ACK to the
# Contact through the Record-Route, 2.5 s of RTP both ways, BYE.
callscn_healthy() { lab_kamailio && call_far_end && call_pbx; }

# The wrong password: 407, the digest, 407 again (the SBC keeps challenging).
callscn_wrong_password() { lab_kamailio && call_far_end && call_pbx PASSWORD=not-the-password; }

# The NAT's public address is not on the trunk's ACL: 403 to the INVITE
# without credentials, before any challenge.
callscn_ip_acl() { lab_kamailio WRONG_ALLOWLIST && call_far_end && call_pbx; }

# A national number (no +44): 484 Address Incomplete.
callscn_number_national() { lab_kamailio && call_far_end && call_pbx TO_NUM=02071234567; }

# G.729 only: 488 with Warning 305.
callscn_codecs()
{
	lab_kamailio && call_far_end && call_pbx CODECS=18 'RTPMAP=a=rtpmap:18 G729/8000\na=fmtp:18 annexb=no'
}

# Session-Expires 90 (RFC 4028's minimum) against the SBC's Min-SE 1800:
# 422, then the PBX retries at the Min-SE given and the call goes through.
callscn_session_timer_retried()
{
	lab_kamailio && call_far_end && call_pbx 'SE_HDR2=Session-Expires: 90;refresher=uac' ON_422=retry
}

# The same 422, and a PBX that gives up.
callscn_session_timer_not_retried()
{
	lab_kamailio && call_far_end && call_pbx 'SE_HDR2=Session-Expires: 90;refresher=uac' ON_422=stop
}

# One call allowed at a time: a second call 1 s after the first (which is
# up for 3 s) gets 503 with Retry-After and the limit in its reason phrase.
callscn_limit_503()
{
	lab_kamailio CALL_LIMIT && call_far_end && call_pbx HOLD_MS=3000 -- -m 2 -l 2 -r 1 -rp 1000
}

# The PBX does not know its public address for media: c= is private
# (signalling is fixed up by Via/Contact settings, SDP is not).  The far
# end latches onto the source (symmetric RTP), so audio flows anyway.
callscn_private_sdp() { lab_kamailio && call_far_end && call_pbx MEDIA_HOST="$PBX_IP"; }

# The NAT drops the far end's RTP toward the PBX: one-way audio.
callscn_one_way_audio()
{
	nsx "$NS_NAT" nft -f - <<-NFT || return 1
	table ip labrtp {
		chain forward {
			type filter hook forward priority filter; policy accept;
			ip saddr $FAR_IP udp sport $FAR_MEDIA_PORT drop
		}
	}
	NFT
	lab_kamailio && call_far_end && call_pbx
}

# The PBX never sends the ACK: the far end resends its 200 OK for 64*T1
# and hangs up with a BYE after 32 s (RFC 3261 13.3.1.4).
callscn_no_ack() { lab_kamailio && call_far_end && call_pbx ON_ANSWER=noack; }

# The PBX ACKs the 200 to the Request-URI of its INVITE (the provider's
# domain) with no Route, ignoring the Contact and Record-Route: the SBC
# cannot route it (no dialog state for a stateless ACK) and drops it, so
# the far end resends its 200 for 32 s and hangs up, as in no-ack.
callscn_ack_astray() { lab_kamailio && call_far_end && call_pbx ON_ANSWER=ackastray; }

# callverify_NAME JSON: what the scenario is about must also be in the
# words: the summary and evidence of the check that fails (or passes) name
# what the peers really sent.  call_says CHECK TEXT: TEXT in CHECK's
# summary or evidence.
call_says()
{
	local got
	got=$(jq -r --arg id "$1" --arg t "$2" \
		'[.checks[]? | select(.id == $id) | (.summary, (.evidence_detail[]?.text))] | any(contains($t))' "$json")
	if [ "$got" = true ]; then ok "$name: $1 says \"$2\""; else notok "$name: $1 does not say \"$2\""; fi
}
callverify_healthy() { call_says call.auth "digest right"; call_says call.rtp-both-ways "100 RTP packets to"; }
callverify_wrong_password() { call_says call.auth "407 loop"; call_says call.auth "another password"; }
callverify_ip_acl() { call_says call.auth "$NAT_PUB_IP (Via received)"; }
callverify_number_national() { call_says call.number-format "called 02071234567 (not E.164)"; }
callverify_codecs() { call_says call.codecs "G729"; call_says call.codecs "305"; }
callverify_session_timer_retried() { call_says call.session-timer "after a 422 and a retry at Min-SE"; }
callverify_session_timer_not_retried() { call_says call.session-timer "Min-SE 1800"; }
callverify_limit_503() { call_says call.limits "Retry-After 4 s"; call_says call.limits "1 call up"; }
callverify_private_sdp() { call_says call.media-address "c=$PBX_IP"; }
callverify_one_way_audio() { call_says call.rtp-both-ways "One-way audio"; call_says call.rtp-both-ways "0 RTP packets to $NAT_PUB_IP"; }
callverify_ack_astray() { call_says call.ack "not to the 2xx's Contact sip:far@$FAR_IP:5060"; call_says call.ack "after the ACK: the ACK did not reach its sender"; }
callverify_no_ack() { call_says call.ack "about 32 s after the answer"; call_says call.ack "no ACK reached its sender"; }
