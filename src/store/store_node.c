/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * store_node.c - capture nodes (the PBXs and agents a HEP feed mirrors)
 * and which node each message came from.  The per-message table is a
 * uint16_t vector that exists only once a HEP message arrived, and only
 * up to the last one: a capture without HEP pays nothing, a HEP feed two
 * bytes a message (struct sip_msg has no byte to spare).
 */
#include "store/store_impl.h"

uint16_t store_node(struct store *st, uint32_t capture_id, ep_id agent, uint8_t hep_version)
{
	struct capture_node *n;
	if (st->last_node) {
		n = VEC_AT(st->nodes, struct capture_node, st->last_node - 1);
		if (n->capture_id == capture_id && n->agent == agent) {
			n->hep_packets++;
			return st->last_node;
		}
	}
	for (size_t i = 0; i < st->nodes.len; i++) {
		n = VEC_AT(st->nodes, struct capture_node, i);
		if (n->capture_id == capture_id && n->agent == agent) {
			n->hep_packets++;
			st->last_node = (uint16_t)(i + 1);
			return st->last_node;
		}
	}
	if (st->nodes.len >= STORE_NODES_MAX || !(n = vec_push(&st->nodes, sizeof *n)))
		return 0;
	n->capture_id = capture_id;
	n->agent = agent;
	n->hep_version = hep_version;
	n->hep_packets = 1;
	st->last_node = (uint16_t)st->nodes.len;
	return st->last_node;
}

void store_node_name(struct store *st, uint16_t node, const char *name, size_t len)
{
	if (!node || node > st->nodes.len || !len)
		return;
	struct capture_node *n = VEC_AT(st->nodes, struct capture_node, node - 1);
	if (n->name)
		return;
	/* queued messages intern first, so string ids follow arrival order
	 * with one thread or two */
	store_ingest_barrier(st);
	n->name = store_intern(st, name, len);
}

void store_msg_set_node(struct store *st, uint32_t msg, uint16_t node)
{
	if (!node || msg == NONE_U32)
		return;
	while (st->msg_node.len <= msg) {
		uint16_t *slot = vec_push(&st->msg_node, sizeof *slot);
		if (!slot)
			return;
	}
	*VEC_AT(st->msg_node, uint16_t, msg) = node;
}

size_t store_node_count(const struct store *st)
{
	return st->nodes.len;
}

const struct capture_node *store_node_get(const struct store *st, uint16_t node)
{
	if (!node || node > st->nodes.len)
		return NULL;
	return VEC_AT(st->nodes, struct capture_node, node - 1);
}

uint16_t store_msg_node(const struct store *st, uint32_t msg)
{
	return msg < st->msg_node.len ? *VEC_AT(st->msg_node, uint16_t, msg) : 0;
}
