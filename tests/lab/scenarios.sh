# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The trunkdoc authors
# scenarios.sh - one function per lab scenario, sourced after lab.sh.
#
# scn_NAME runs both peers for one behaviour: the provider (Kamailio with
# the kamailio.cfg define for it) and the PBX (SIPp with register.xml).  The
# caller has already built the namespaces (lab_up $(scn_natmode NAME)) and
# started whatever watches the PBX side (tcpdump, trunkdoc).  A scenario
# returns when the PBX is done; SCN_MIN_SECONDS tells the caller how long the
# observation must last (timer F for the no-answer cases).
#
# Names use '-' on the command line and in file names, '_' in functions.

LAB_SCENARIOS="healthy wrong-password wrong-username no-credentials
realm-mismatch ip-not-allowed account-disabled not-found min-expires
outage-503 registrar-unreachable port-closed nat-no-fixup tcp"
# Scenarios only run live (tests/lab/EXPECT.live), not recorded.
LAB_LIVE_SCENARIOS="nat-udp-timeout dns-healthy dns-nxdomain dns-refused
dns-servfail dns-no-answer tls"

# The NAT keeps source ports unless a scenario needs it to remap them.
scn_natmode()
{
	case $1 in
	nat-udp-timeout) echo random ;;
	*) echo keep ;;
	esac
}

# How long a live observation may last at most (trunkdoc --duration), and
# whether trunkdoc may stop by itself once the registration is decided.
scn_seconds()
{
	case $1 in
	registrar-unreachable|port-closed) echo 40 ;;   # timer F is 32 s
	outage-503) echo 10 ;;
	nat-udp-timeout) echo 12 ;;
	# a lookup counts as unanswered once it is 5 s old: room for a
	# loaded machine's slow start of baresip before its first query
	dns-no-answer) echo 15 ;;
	dns-*|tls) echo 6 ;;
	*) echo 5 ;;
	esac
}
scn_until_verdict()
{
	case $1 in
	# 423 and 503 are final responses, so --until-verdict may stop there,
	# before the PBX's retry (at Min-Expires, after Retry-After) that these
	# scenarios are about.
	min-expires|outage-503) return 1 ;;
	# Registered at once; what matters comes after.
	nat-udp-timeout) return 1 ;;
	esac
	return 0
}

# Programs a scenario needs beyond the common ones.
scn_programs()
{
	case $1 in
	dns-servfail) echo dnsmasq baresip python3 ;;
	dns-*) echo dnsmasq baresip ;;
	tls) echo baresip openssl ;;
	esac
}

scn_exists() { declare -F "scn_${1//-/_}" >/dev/null; }

# scn_run NAME: run the scenario, record how long it needs to be watched.
scn_run()
{
	SCN_MIN_SECONDS=0
	"scn_${1//-/_}"
}

# A PBX configured right: Via and Contact carry the NAT's public address
# (the PBX's "external signalling address"), Via asks for rport.
scn_healthy() { lab_kamailio && lab_pbx_sipp u1; }

scn_wrong_password() { lab_kamailio && lab_pbx_sipp u1 PASSWORD=not-the-password; }

# The account name itself is wrong (AOR and auth user): the provider
# challenges, then rejects the digest like any unknown user.
scn_wrong_username() { lab_kamailio && lab_pbx_sipp u1 USER=trunk7 AUTH_USER=trunk7; }

# No secret configured: the PBX re-sends REGISTER without Authorization.
scn_no_credentials() { lab_kamailio && lab_pbx_sipp u1 AUTH_LINE=; }

# The PBX answers the challenge with the realm it was configured with, not
# the one offered.  SIPp computes digests only over the challenge's realm,
# so this Authorization is written out, nonce taken from the challenge; its
# response value is therefore not a real digest (pbx.digest-valid means
# nothing here).
scn_realm_mismatch()
{
	lab_kamailio && lab_pbx_sipp u1 \
		'AUTH_LINE=Authorization: Digest username="trunk1", realm="voip.oldprovider.example", nonce="[$nonce]", uri="sip:sip.provider.example", response="6629fae49393a05397450978507c4ef1", algorithm=MD5' \
		'NONCE_EREG=<action><ereg regexp="nonce=\"([^\"]*)\"" search_in="hdr" header="WWW-Authenticate:" assign_to="nonce_hdr,nonce"/><log message="challenge [$nonce_hdr]"/></action>'
}

scn_ip_not_allowed() { lab_kamailio WRONG_ALLOWLIST && lab_pbx_sipp u1; }

scn_account_disabled() { lab_kamailio ACCOUNT_DISABLED && lab_pbx_sipp u1; }

scn_not_found() { lab_kamailio UNKNOWN_USER_404 && lab_pbx_sipp u1 USER=trunk9 AUTH_USER=trunk9; }

# Expires 20 is below the provider's 60: 423 with Min-Expires: 60, and the
# PBX retries with 60 (RFC 3261 10.2.8).
scn_min_expires() { lab_kamailio && lab_pbx_sipp u1 EXPIRES=20; }

# 503 with Retry-After: 4; the PBX waits 5 s and tries once more.
scn_outage_503() { lab_kamailio OUTAGE && lab_pbx_sipp u1 RETRY_MS=5000; }

# A PBX facing no answer: 11 transmissions over 31.5 s (T1 500 ms doubling
# to T2 4 s, within timer F), SIPp gives up 4 s later; then, as PBXs do, a
# new attempt, watched for 2 s.  So a recording outlasts timer F.
scn_no_answer_pbx()
{
	lab_pbx_sipp u1
	lab_pbx_sipp u1 -- -timeout 2 -timeout_error
	return 0
}

# The provider drops SIP silently (a firewall): retransmissions, no answer
# until timer F; the PBX's next attempt 2 s later is still unanswered when
# the recording ends (so the capture outlasts timer F, as a real one would).
scn_registrar_unreachable()
{
	nsx "$NS_PROV" nft -f - <<-'NFT' || return 1
	table inet labdrop {
		chain input {
			type filter hook input priority filter; policy accept;
			udp dport 5060 drop
		}
	}
	NFT
	lab_kamailio && scn_no_answer_pbx
	return 0
}

# Nothing listens on the registrar's port: ICMP port unreachable for every
# transmission, the same timing as registrar-unreachable.
scn_port_closed()
{
	scn_no_answer_pbx
	return 0
}

# A PBX that does not know it is behind NAT (private Via and Contact, no
# rport) and a provider that does no NAT fix-up: the reply comes back only
# because this NAT happens to keep port 5060; the binding stored is private.
scn_nat_no_fixup()
{
	lab_kamailio NO_NAT_FIXUP && lab_pbx_sipp u1 VIA_HOST="$PBX_IP" \
		VIA_PARAMS= CONTACT_HOST="$PBX_IP"
}

scn_tcp() { lab_kamailio WITH_TCP && lab_pbx_sipp t1 'CONTACT_PARAMS=;transport=tcp'; }

# The NAT forgets a UDP mapping after 2 s (conntrack timeouts lowered in the
# nat namespace only) and maps ports randomly, like a CGNAT.  The PBX
# registers for 3600 s and sends nothing else; the provider's keep-alive
# OPTIONS (every 5 s) reach the NAT after the mapping is gone, so they never
# reach the PBX.  scn_verify_nat_udp_timeout proves that from the NAT's side.
scn_nat_udp_timeout()
{
	nsx "$NS_NAT" sysctl -qw net.netfilter.nf_conntrack_udp_timeout=2 || return 1
	nsx "$NS_NAT" sysctl -qw net.netfilter.nf_conntrack_udp_timeout_stream=2 || return 1
	# Count what arrives for the NAT itself from the registrar: a request
	# that found no mapping.
	nsx "$NS_NAT" nft -f - <<-NFT || return 1
	table ip labcount {
		chain input {
			type filter hook input priority filter; policy accept;
			ip saddr $PROV_IP udp sport 5060 counter
		}
	}
	NFT
	lab_kamailio NAT_PING && lab_pbx_sipp u1
}
scn_verify_nat_udp_timeout()
{
	local lost
	lost=$(nsx "$NS_NAT" nft list table ip labcount | awk '/counter packets/ { print $(NF-2) }')
	if [ "${lost:-0}" -gt 0 ]; then
		ok "nat-udp-timeout: lab: $lost keep-alive(s) from the registrar hit the NAT after the mapping expired"
	else
		notok "nat-udp-timeout: lab: no keep-alive from the registrar hit an expired mapping"
	fi
}

# baresip resolves sip.provider.example through the provider's DNS server
# before it registers (NAPTR, then SRV, then A).
scn_dns_healthy() { lab_dns records && lab_kamailio && lab_pbx_baresip 3; }
# The domain does not exist (any more): NXDOMAIN for every lookup, no REGISTER.
scn_dns_nxdomain() { lab_dns nxdomain && lab_kamailio && lab_pbx_baresip 3; }
# The resolver refuses the zone (its upstream refuses): REFUSED, no REGISTER.
scn_dns_refused() { lab_dns refused && lab_kamailio && lab_pbx_baresip 3; }
# The resolver's upstream fails (tests/probe/servfail.py): SERVFAIL relayed
# by dnsmasq for every lookup, no REGISTER.  scn_verify_dns_servfail checks
# the check names SERVFAIL, not another failure.
scn_dns_servfail() { lab_dns servfail && lab_kamailio && lab_pbx_baresip 3; }
scn_verify_dns_servfail()
{
	local json=$LAB_DIR/trunkdoc.out sel='.checks[]? | select(.id == "net.dns-registrar")' n other
	n=$(jq -r "[$sel | .evidence_detail[]?.text | select(test(\": SERVFAIL\$\"))] | length" "$json" 2>/dev/null)
	if [ "${n:-0}" -gt 0 ]; then
		ok "dns-servfail: net.dns-registrar evidence: $n lookup(s) answered SERVFAIL"
	else
		notok "dns-servfail: net.dns-registrar evidence names no SERVFAIL answer"
	fi
	other=$(jq -r "[$sel | .evidence_detail[]?.text | select(test(\": (NOERROR|FORMERR|NXDOMAIN|NOTIMP|REFUSED|error)\"))] | length" "$json" 2>/dev/null)
	expect_check "dns-servfail: net.dns-registrar evidence with another rcode" "${other:-?}" 0
	case $(jq -r "[$sel | .summary][0] // \"\"" "$json" 2>/dev/null) in
	*SERVFAIL*) ok "dns-servfail: net.dns-registrar summary names SERVFAIL" ;;
	*) notok "dns-servfail: net.dns-registrar summary does not name SERVFAIL" ;;
	esac
	case $(jq -r "[$sel | .advice][0] // \"\"" "$json" 2>/dev/null) in
	SERVFAIL:*) ok "dns-servfail: net.dns-registrar advice is SERVFAIL's" ;;
	*) notok "dns-servfail: net.dns-registrar advice is not SERVFAIL's" ;;
	esac
}
# The resolver's upstream is dead: the PBX's queries are never answered.
# baresip runs until dnsmasq has passed a query on to the dead upstream
# (20 s at most), so a loaded machine's slow start still shows the lookup.
dns_forwarded() { grep -q "forwarded .*$LAB_DOMAIN" "$LAB_DIR/dnsmasq.log" 2>/dev/null; }
scn_dns_no_answer() { lab_dns noanswer && lab_kamailio && BARESIP_UNTIL=dns_forwarded lab_pbx_baresip 20; }

# SIP over TLS to 5061 (Kamailio's tls module, a certificate made for the
# run with openssl req); baresip registers through it.  trunkdoc sees the
# handshake, not the SIP inside.
# baresip runs until Kamailio has read a REGISTER through TLS (20 s at most).
tls_register_seen() { grep -q "REGISTER from" "$LAB_DIR/kamailio.log" 2>/dev/null; }
scn_tls()
{
	lab_kamailio WITH_TLS && BARESIP_UNTIL=tls_register_seen lab_pbx_baresip 20 ';transport=tls' \
		";outbound=\"sip:$PROV_IP:5061;transport=tls\""
}
