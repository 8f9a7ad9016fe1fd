/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * fleet.h - the fleet: one row per capture node and trunk, from the
 * checklists per node (app/nodes.h), failing first.  What the screen's
 * fleet view draws and what it hands the list when a row is opened; the
 * verdicts are the checks' (this file sorts and words them, the screen
 * only draws).
 *
 *   FAIL  5150 10.0.0.1   4420@sip.carrier.example  failed: 403 Forbidden
 *         prov.auth-accepted: the registrar refused the credentials ...
 */
#ifndef TRUNKDOC_FLEET_H
#define TRUNKDOC_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/check.h"
#include "checks/trunks.h"

struct app;

enum fleet_level { FLEET_FAIL = 0, FLEET_WARN, FLEET_OK, FLEET_NONE };

struct fleet_row {
	uint16_t node;               /* 1-based capture node */
	int trunk;                   /* index in the node's trunks, -1: the node has none */
	enum fleet_level level;      /* FAIL: a check fails; WARN: a leading warn */
	const char *word;            /* "FAIL", "warn", "ok", "none": the row's first word */
	char node_text[96];          /* "5150 10.0.0.1" or "5150 10.0.0.1 pbx-a"; sanitised */
	char trunk_text[TRUNK_NAME_MAX];   /* the trunk's name, or "no trunk"; sanitised */
	char host[TRUNK_NAME_MAX];   /* its registrar's host ("" for no trunk), which
	                                the fleet view's filter matches; sanitised */
	char state[ROLE_WHY_MAX];    /* "registered", "failed: 403 Forbidden"; sanitised */
	int root_cause;              /* check_table index, -1 */
	char cause[FINDING_TEXT];    /* root cause's one plain line; "" when none */
	char match[256];             /* the list filter that shows this node and trunk
	                                (fits app->filter_text) */
};

/* Fills *rows (allocated; the caller frees) with one row per node and
 * trunk, failing first, then warnings, then the rest, node order within;
 * returns the count (0 on no nodes or out of memory). */
size_t fleet_rows(const struct app *a, struct fleet_row **rows);
/* How many capture nodes the rows come from; the fleet view opens by
 * itself when there are several. */
size_t fleet_node_count(const struct app *a);
/* The findings of a node's trunk as last evaluated (NULL: gone). */
const struct finding *fleet_findings(const struct app *a, uint16_t node, const char *trunk_name);

#endif
