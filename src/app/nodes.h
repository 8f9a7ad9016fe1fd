/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * nodes.h - the checklist per capture node.  A HEP feed mirrors many PBXs
 * (one capture node each: a HEP capture id seen from one agent address,
 * store.h); each PBX has its own trunks and its own root cause.  For each
 * node, its messages alone are put in a store of their own, the same
 * checklist runs over it (same profile, password and probes), and the node
 * keeps its verdicts:
 *
 *   store (all nodes) --msgs of node k--> node store --checks_run--> findings
 *                                                   --> root cause, failing
 *
 * Frame numbers and times are those of the whole capture, so a node's
 * evidence points into the same file.  Local capture (node 0) is the
 * session's own checklist (app->findings), not repeated here.
 *
 * This is a grouping the per-trunk checklists can join later: a trunk of a
 * node is a registration whose node is that node (store_msg_node of its
 * first REGISTER).
 */
#ifndef TRUNKDOC_NODES_H
#define TRUNKDOC_NODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;

struct node_result {
	uint16_t node;               /* store_node number, 1-based */
	uint32_t messages;
	int root_cause;              /* check_table index of its first failing check, -1 */
	bool failing;                /* some check fails for this node */
	struct finding *findings;    /* check_count entries */
};

/* Evaluates every node; fills a->node_results (store_node_count entries).
 * False when out of memory (then no node has results). */
bool app_evaluate_nodes(struct app *a);
void app_free_nodes(struct app *a);
/* The node a registration belongs to (its first REGISTER's), 0 = local. */
struct store;
struct registration;
uint16_t registration_node(const struct store *st, const struct registration *r);

#endif
