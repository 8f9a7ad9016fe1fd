/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * store_mem.c - what the store holds from the allocator, table by table
 * (store_mem, store.h): the capacity of each table, not only the part in
 * use, because a table's room is touched as it grows (memset, huge
 * pages); of the string pool's and the arena's chunks, the bytes written,
 * because a chunk's tail is never touched until it is used.  The
 * bounded-memory test (tests/unit/test_limit_mem.c) and the profiling
 * notes in doc/performance.md read it.
 */
#include "store/store_impl.h"

static size_t vec_bytes(const struct vec *v, size_t elsize)
{
	return v->cap * elsize;
}

static size_t slices_bytes(const struct slices *s)
{
	return s->cap * sizeof *s->data;
}

void store_mem(const struct store *st, struct store_mem *m)
{
	*m = (struct store_mem){ 0 };
	m->messages = vec_bytes(&st->msgs, sizeof(struct sip_msg)) +
	              vec_bytes(&st->hdrs, sizeof(struct sip_hdrset)) + idmap_bytes(&st->hdr_map) +
	              vec_bytes(&st->extras, sizeof(struct sip_msg_extra)) +
	              vec_bytes(&st->msg_blocks, sizeof(struct msg_block)) +
	              vec_bytes(&st->late_max, sizeof(struct late_max)) + idmap_bytes(&st->late_frames) +
	              vec_bytes(&st->msg_node, sizeof(uint16_t));
	m->headers = vec_bytes(&st->contacts, sizeof(struct sip_contact)) +
	             vec_bytes(&st->auths, sizeof(struct auth_kept)) +
	             vec_bytes(&st->auth_creds, sizeof(struct auth_cred)) +
	             vec_bytes(&st->sdp_media, sizeof(struct sdp_mline));
	m->strings = strpool_bytes(st->pool);
	m->endpoints = vec_bytes(&st->eps, sizeof(struct endpoint)) + vec_bytes(&st->ep_text, EP_FMT_LEN) +
	               idmap_bytes(&st->ep_map);
	for (uint32_t i = 0; i + 1 < st->arena_chunks; i++)
		m->arena += st->arena_size[i];
	m->arena += st->arena_chunks ? st->arena_used : 0;
	m->groups = vec_bytes(&st->txns, sizeof(struct sip_txn)) + vec_bytes(&st->txn_x, sizeof(struct txn_extra)) +
	            idmap_bytes(&st->txn_map) + slices_bytes(&st->txn_msgs) +
	            vec_bytes(&st->dialogs, sizeof(struct sip_dialog)) + idmap_bytes(&st->dialog_map) +
	            slices_bytes(&st->dialog_msgs) +
	            vec_bytes(&st->regs, sizeof(struct registration)) + idmap_bytes(&st->reg_map) +
	            idmap_bytes(&st->reg_aor_map) + slices_bytes(&st->reg_txns) +
	            vec_bytes(&st->reg_events, sizeof(struct reg_event)) +
	            vec_bytes(&st->calls, sizeof(struct sip_call)) +
	            vec_bytes(&st->call_streams, sizeof(uint32_t));
	m->media_events = vec_bytes(&st->rtp, sizeof(struct rtp_stream)) +
	                  vec_bytes(&st->dns, sizeof(struct dns_event)) +
	                  vec_bytes(&st->dns_answers, sizeof(struct dns_answer)) +
	                  vec_bytes(&st->icmp, sizeof(struct icmp_event)) +
	                  vec_bytes(&st->tcp, sizeof(struct tcp_event)) +
	                  vec_bytes(&st->tls, sizeof(struct tls_event)) +
	                  vec_bytes(&st->keepalive, sizeof(struct keepalive_event)) +
	                  vec_bytes(&st->frag, sizeof(struct frag_event)) +
	                  vec_bytes(&st->nodes, sizeof(struct capture_node));
	m->total = m->messages + m->headers + m->strings + m->endpoints + m->arena + m->groups + m->media_events;
}

