/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * groups.h - the evaluate functions of each group, as catalog.c lists them.
 * One function per check; the file of its group holds it.
 */
#ifndef TRUNKDOC_CHECKS_GROUPS_H
#define TRUNKDOC_CHECKS_GROUPS_H

#include "checks/check.h"

#define EVAL(name) void name(const struct check_ctx *ctx, struct finding *f)

/* net.c: internet and reachability */
EVAL(eval_net_dns_registrar);
EVAL(eval_net_registrar_answers);
EVAL(eval_net_srv_failover);
EVAL(eval_net_retransmissions);
EVAL(eval_net_ping_registrar);
EVAL(eval_net_options_ping);
EVAL(eval_net_tls_handshake);
EVAL(eval_net_fragmentation);

/* pbx.c: PBX configuration */
EVAL(eval_pbx_answers_challenge);
EVAL(eval_pbx_realm_match);
EVAL(eval_pbx_digest_valid);
EVAL(eval_pbx_username_form);
EVAL(eval_pbx_digest_algorithm);
EVAL(eval_pbx_registrar_address);
EVAL(eval_pbx_expires);
EVAL(eval_pbx_transport);
/* Recomputes the digest of req's credentials from the password: 1 match,
 * 0 mismatch, -1 cannot tell (why says so).  prov.c quotes it. */
int digest_check_msg(const struct check_ctx *ctx, const struct sip_msg *req, char *why, size_t whylen);

/* prov.c: provider and portal */
EVAL(eval_prov_final_response);
EVAL(eval_prov_other_bindings);
EVAL(eval_prov_source_ip);

/* fw.c: firewall and NAT */
EVAL(eval_fw_nat_detected);
EVAL(eval_fw_sip_alg);
EVAL(eval_fw_symmetric_response);
EVAL(eval_fw_nat_keepalive);
EVAL(eval_fw_inbound_reaches);
EVAL(eval_fw_alg_setting);

/* call.c: calls on the trunk */
EVAL(eval_call_auth);
EVAL(eval_call_number_format);
EVAL(eval_call_codecs);
EVAL(eval_call_session_timer);
EVAL(eval_call_ack);
EVAL(eval_call_media_address);
EVAL(eval_call_rtp_both_ways);
EVAL(eval_call_limits);

#undef EVAL
#endif
