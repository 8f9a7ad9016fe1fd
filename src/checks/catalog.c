/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * catalog.c - THE list of checks.  The report, the JSON, the screen, --mark
 * and doc/checks.md all follow this table; its order is the order a helpdesk
 * works (internet, PBX, provider, firewall, calls), which is also the order the root
 * cause is chosen in.  Ids are the public interface: never rename one.
 */
#include "checks/check.h"
#include "checks/groups.h"

const struct check_def check_table[] = {
	/* 1. Internet and reachability */
	{ "net.link-up", G_NET, K_MAN, "Internet link is up",
	  "Check the router is up with its usual status lights, and that a laptop cabled to it reaches the internet (ping a public host, then the provider's domain).",
	  NULL },
	{ "net.dns-registrar", G_NET, K_OBS | K_PROBE, "Registrar name resolves",
	  NULL, eval_net_dns_registrar },
	{ "net.registrar-answers", G_NET, K_OBS, "Registrar answers every REGISTER",
	  NULL, eval_net_registrar_answers },
	{ "net.srv-failover", G_NET, K_OBS, "PBX fails over between SRV targets",
	  NULL, eval_net_srv_failover },
	{ "net.retransmissions", G_NET, K_OBS, "Responses arrive without retransmissions",
	  NULL, eval_net_retransmissions },
	{ "net.ping-registrar", G_NET, K_PROBE, "Registrar answers ping",
	  NULL, eval_net_ping_registrar },
	{ "net.options-ping", G_NET, K_PROBE, "Registrar answers SIP OPTIONS",
	  NULL, eval_net_options_ping },
	{ "net.tls-handshake", G_NET, K_OBS | K_PROBE, "TLS handshake completes",
	  NULL, eval_net_tls_handshake },
	{ "net.fragmentation", G_NET, K_OBS, "SIP over UDP fits the path MTU",
	  NULL, eval_net_fragmentation },

	/* 2. PBX configuration */
	{ "pbx.answers-challenge", G_PBX, K_OBS, "PBX answers the digest challenge",
	  NULL, eval_pbx_answers_challenge },
	{ "pbx.realm-match", G_PBX, K_OBS, "Digest realm matches the challenge",
	  NULL, eval_pbx_realm_match },
	{ "pbx.digest-valid", G_PBX, K_OBS, "PBX sends the right password (digest recomputed)",
	  NULL, eval_pbx_digest_valid },
	{ "pbx.username-form", G_PBX, K_OBS, "Digest username is the account on file",
	  NULL, eval_pbx_username_form },
	{ "pbx.digest-algorithm", G_PBX, K_OBS, "Digest algorithm, qop and nonce use are right",
	  NULL, eval_pbx_digest_algorithm },
	{ "pbx.registrar-address", G_PBX, K_OBS, "REGISTER goes to the right registrar and AOR",
	  NULL, eval_pbx_registrar_address },
	{ "pbx.expires", G_PBX, K_OBS, "Expiry accepted and refreshed in time",
	  NULL, eval_pbx_expires },
	{ "pbx.transport", G_PBX, K_OBS, "Transport and port as configured",
	  NULL, eval_pbx_transport },

	/* 3. Provider and portal */
	{ "prov.final-response", G_PROV, K_OBS, "Registration ends in 2xx",
	  NULL, eval_prov_final_response },
	{ "prov.other-bindings", G_PROV, K_OBS, "No other device registered on this trunk",
	  NULL, eval_prov_other_bindings },
	{ "prov.source-ip", G_PROV, K_OBS | K_MAN, "Provider sees the allowlisted public address",
	  "Compare the public address in the evidence with the IP allowlist in the provider's portal.",
	  eval_prov_source_ip },
	{ "prov.portal-registered", G_PROV, K_MAN, "Portal shows the trunk registered",
	  "Log in to the provider's portal: the trunk should show as registered, from the public address and port the firewall expects.",
	  NULL },
	{ "prov.domain-changed", G_PROV, K_MAN, "No recent change to the trunk's domain or settings",
	  "Ask whether the trunk's SIP domain, registrar or settings changed recently (provider notice, portal edit). After such a change, reset the trunk password and update the PBX.",
	  NULL },

	/* 4. Firewall and NAT */
	{ "fw.nat-detected", G_FW, K_OBS, "NAT handled in Contact and Via",
	  NULL, eval_fw_nat_detected },
	{ "fw.sip-alg", G_FW, K_OBS, "No SIP ALG rewriting headers",
	  NULL, eval_fw_sip_alg },
	{ "fw.symmetric-response", G_FW, K_OBS, "Responses come back from where requests went",
	  NULL, eval_fw_symmetric_response },
	{ "fw.nat-keepalive", G_FW, K_OBS, "NAT binding kept open",
	  NULL, eval_fw_nat_keepalive },
	{ "fw.inbound-reaches", G_FW, K_OBS, "Provider's requests reach the PBX",
	  NULL, eval_fw_inbound_reaches },
	{ "fw.alg-setting", G_FW, K_MAN, "Router's SIP ALG is off",
	  "Open the router or firewall settings and turn off \"SIP ALG\" / \"SIP helper\" / \"SIP fixup\" (names vary by vendor); reboot it if the vendor says so.",
	  eval_fw_alg_setting },
	{ "fw.ports-open", G_FW, K_MAN, "SIP and RTP ports open both ways",
	  "Check the firewall allows UDP/TCP 5060 and TLS 5061 to and from the provider's addresses, and the PBX's RTP port range both ways.",
	  NULL },

	/* 5. Calls on the trunk */
	{ "call.auth", G_CALL, K_OBS, "Provider accepts the trunk's calls (ACL or digest)",
	  NULL, eval_call_auth },
	{ "call.number-format", G_CALL, K_OBS, "Called number and caller ID accepted (E.164)",
	  NULL, eval_call_number_format },
	{ "call.codecs", G_CALL, K_OBS, "Offer and answer share a codec",
	  NULL, eval_call_codecs },
	{ "call.session-timer", G_CALL, K_OBS, "Session timer accepted",
	  NULL, eval_call_session_timer },
	{ "call.ack", G_CALL, K_OBS, "The 200 OK is acknowledged",
	  NULL, eval_call_ack },
	{ "call.media-address", G_CALL, K_OBS, "SDP media address reachable",
	  NULL, eval_call_media_address },
	{ "call.rtp-both-ways", G_CALL, K_OBS, "RTP flows both ways",
	  NULL, eval_call_rtp_both_ways },
	{ "call.limits", G_CALL, K_OBS, "No call-rate or concurrent-call limit hit",
	  NULL, eval_call_limits },
};

const size_t check_count = sizeof check_table / sizeof check_table[0];
