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
 * Each node is a PBX with its own trunks: roles are assigned in the node's
 * store as for a single PBX (checks/trunks.h; the HEP agent's address is
 * taken as the PBX's when its registrations touch it, --pbx-ip when given)
 * and every trunk gets its own checklist, as app_evaluate does for the
 * whole capture.  What the reports and the fleet view need of each trunk
 * is kept (node_trunk).  On the screen (app.keep_node_stores) the node
 * stores are kept from one evaluation to the next and take only the
 * messages that arrived since (a --limit rebuild starts them over);
 * otherwise each is freed once judged.  There, too, only the nodes that
 * received messages since their last judgement are judged again; the
 * others keep their result (judged_at tells when) until the quiet tick,
 * app.node_quiet (NODES_QUIET_USEC) of capture time after the last
 * evaluation of every node, when all are judged again so that verdicts
 * moved by time alone move.  A change of what all nodes share (profile,
 * password, marks, probes, --pbx-ip) judges every node at once.
 */
#ifndef TRUNKDOC_NODES_H
#define TRUNKDOC_NODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;

#include "base/model.h"

/* Capture time after which the screen judges every node again. */
#define NODES_QUIET_USEC ((usec_t)5 * 1000000)

#include "checks/trunks.h"

/* One trunk of one node, as judged in the node's store. */
struct node_trunk {
	char name[TRUNK_NAME_MAX];   /* checks/trunks.h; sanitised */
	char aor[TRUNK_NAME_MAX];    /* its first registration's AOR, no scheme; sanitised */
	char registrar[TRUNK_NAME_MAX];   /* that registration's registrar; sanitised */
	const char *decided_by;      /* "profile", "roles", "all-together" */
	size_t nreg;                 /* registrations judged in it */
	char state[ROLE_WHY_MAX];    /* its registrations' short verdict ("registered") */
	enum verdict state_verdict;
	int root_cause;              /* checks_root_cause(findings), -1 */
	bool failing;                /* a check fails (a leading warn alone does not) */
	struct finding *findings;    /* check_count entries */
};

struct node_result {
	uint16_t node;               /* store_node number, 1-based */
	uint32_t messages;
	usec_t judged_at;            /* the a->now it was judged at (kept results: see below) */
	int root_cause;              /* check_table index of its first failing check, -1 */
	bool failing;                /* some check of some trunk fails for this node */
	struct finding *findings;    /* check_count entries: trunks[0]'s, or the
	                                checklist of a node with no trunk */
	struct node_trunk *trunks;   /* helpdesk order (the failing first) */
	size_t ntrunk;
	size_t nextensions;          /* registrations of phones to this PBX */
	char pbx[ROLE_WHY_MAX];      /* how the PBX host was known, "" if it was not */
};

/* Evaluates every node; fills a->node_results (store_node_count entries).
 * False when out of memory (then no node has results). */
bool app_evaluate_nodes(struct app *a);
/* Frees the results and the node stores kept for the next evaluation. */
void app_free_nodes(struct app *a);
/* Helpdesk order between a store's trunks (app.c): the profile's first,
 * then the failing by their root cause's place in the checklist. */
void roles_order_trunks(struct roles *ro);
/* The node a registration belongs to (its first REGISTER's), 0 = local. */
struct store;
struct registration;
uint16_t registration_node(const struct store *st, const struct registration *r);

#endif
