/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_fleet.c - the fleet view's rows (app/fleet.h) from the checklists
 * per node: failing first, then a leading warning, then the rest, node
 * order within; the words, node texts, causes and the filter terms that
 * show each node and trunk; a node with no trunk; the findings looked up
 * again by node and trunk name.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/fleet.h"
#include "app/nodes.h"
#include "store/store.h"
#include "testlib.h"

static uint16_t add_node(struct store *st, uint32_t capid, uint8_t last_octet)
{
	struct endpoint e = { .family = 4, .addr = { 192, 0, 2, last_octet } };
	return store_node(st, capid, store_endpoint(st, &e), 3);
}

static void set_trunk(struct node_trunk *t, const char *name, const char *aor, const char *registrar,
                      const char *state, int root_cause, enum verdict v)
{
	snprintf(t->name, sizeof t->name, "%s", name);
	snprintf(t->aor, sizeof t->aor, "%s", aor);
	snprintf(t->registrar, sizeof t->registrar, "%s", registrar);
	snprintf(t->state, sizeof t->state, "%s", state);
	t->findings = calloc(check_count, sizeof *t->findings);
	t->root_cause = root_cause;
	if (root_cause >= 0) {
		t->findings[root_cause].verdict = v;
		snprintf(t->findings[root_cause].summary, sizeof t->findings[root_cause].summary,
		         "cause of %s", name);
	}
	t->failing = v == V_FAIL;
}

int main(void)
{
	static struct app a;
	a.store = store_new();
	CHECK(a.store != NULL);
	int fail_id = check_index("prov.final-response"), warn_id = check_index("net.registrar-answers");
	CHECK(fail_id >= 0 && warn_id >= 0);

	/* node 1 healthy, node 2 a leading warn, node 3 two trunks (one
	 * failing, one fine), node 4 no trunk and nothing failing */
	CHECK_EQ_INT(add_node(a.store, 2001, 11), 1);
	CHECK_EQ_INT(add_node(a.store, 2002, 12), 2);
	CHECK_EQ_INT(add_node(a.store, 2003, 13), 3);
	CHECK_EQ_INT(add_node(a.store, 2004, 14), 4);
	a.nnode_results = 4;
	a.node_results = calloc(4, sizeof *a.node_results);
	for (size_t i = 0; i < 4; i++) {
		a.node_results[i].node = (uint16_t)(i + 1);
		a.node_results[i].root_cause = -1;
		a.node_results[i].findings = calloc(check_count, sizeof *a.node_results[i].findings);
	}
	struct node_result *n1 = &a.node_results[0], *n2 = &a.node_results[1], *n3 = &a.node_results[2];
	n1->trunks = calloc(1, sizeof *n1->trunks);
	n1->ntrunk = 1;
	set_trunk(&n1->trunks[0], "1000@example.net", "1000@example.net", "example.net", "registered (300 s)", -1, V_PASS);
	n2->trunks = calloc(1, sizeof *n2->trunks);
	n2->ntrunk = 1;
	set_trunk(&n2->trunks[0], "2000@example.net", "2000@example.net", "example.net", "trying", warn_id, V_WARN);
	n3->trunks = calloc(2, sizeof *n3->trunks);
	n3->ntrunk = 2;
	set_trunk(&n3->trunks[0], "3000@a.example", "3000@a.example", "a.example", "failed: 403 Forbidden", fail_id, V_FAIL);
	/* several AORs at one registrar: the filter names the registrar */
	set_trunk(&n3->trunks[1], "b.example (2 registrations)", "3001@b.example", "b.example", "registered (60 s)", -1, V_PASS);
	n3->failing = true;

	struct fleet_row *rows;
	size_t n = fleet_rows(&a, &rows);
	CHECK_EQ_INT(n, 5);
	CHECK_EQ_INT(fleet_node_count(&a), 4);
	if (n == 5) {
		CHECK_EQ_STR(rows[0].word, "FAIL");
		CHECK_EQ_INT(rows[0].node, 3);
		CHECK_EQ_STR(rows[0].trunk_text, "3000@a.example");
		CHECK_EQ_STR(rows[0].node_text, "2003 192.0.2.13");
		CHECK_EQ_INT(rows[0].root_cause, fail_id);
		CHECK_EQ_STR(rows[0].cause, "cause of 3000@a.example");
		CHECK_EQ_STR(rows[0].match, "node:3 aor:3000@a.example");
		CHECK_EQ_STR(rows[1].word, "warn");
		CHECK_EQ_INT(rows[1].node, 2);
		CHECK_EQ_STR(rows[2].word, "ok");
		CHECK_EQ_INT(rows[2].node, 1);
		CHECK_EQ_STR(rows[2].cause, "");
		CHECK_EQ_STR(rows[3].word, "ok");
		CHECK_EQ_INT(rows[3].node, 3);
		CHECK_EQ_STR(rows[3].match, "node:3 addr:b.example");
		CHECK_EQ_STR(rows[4].word, "none");
		CHECK_EQ_INT(rows[4].node, 4);
		CHECK_EQ_INT(rows[4].trunk, -1);
		CHECK_EQ_STR(rows[4].trunk_text, "no trunk");
		CHECK_EQ_STR(rows[4].match, "node:4");
	}
	free(rows);

	/* an AOR holding a blank cannot be a filter term: the node alone */
	snprintf(n1->trunks[0].aor, sizeof n1->trunks[0].aor, "a b@example.net");
	snprintf(n1->trunks[0].name, sizeof n1->trunks[0].name, "a b@example.net");
	n = fleet_rows(&a, &rows);
	for (size_t i = 0; i < n; i++)
		if (rows[i].node == 1)
			CHECK_EQ_STR(rows[i].match, "node:1");
	free(rows);

	CHECK(fleet_findings(&a, 3, "3000@a.example") == n3->trunks[0].findings);
	CHECK(fleet_findings(&a, 3, "b.example (2 registrations)") == n3->trunks[1].findings);
	CHECK(fleet_findings(&a, 3, "gone@a.example") == NULL);
	CHECK(fleet_findings(&a, 4, "") == a.node_results[3].findings);
	CHECK(fleet_findings(&a, 9, "") == NULL);

	/* no node: no row */
	app_free_nodes(&a);
	n = fleet_rows(&a, &rows);
	CHECK_EQ_INT(n, 0);
	CHECK(rows == NULL);
	store_free(a.store);
	return test_done();
}
