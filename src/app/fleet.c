/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * fleet.c - the fleet's rows (see fleet.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/fleet.h"
#include "app/nodes.h"
#include "base/sanitize.h"
#include "store/store.h"

size_t fleet_node_count(const struct app *a)
{
	return a->store ? store_node_count(a->store) : 0;
}

static enum fleet_level level_of(bool failing, int root_cause)
{
	return failing ? FLEET_FAIL : root_cause >= 0 ? FLEET_WARN : FLEET_OK;
}

static const char *const words[] = { "FAIL", "warn", "ok", "none" };

/* A filter term's text: the list's filter splits terms on blanks, so a
 * text holding one cannot be a term. */
static bool term_safe(const char *s)
{
	return *s && !strpbrk(s, " \t");
}

static void fill_node(const struct app *a, const struct node_result *nr, struct fleet_row *row)
{
	const struct store *st = a->store;
	const struct capture_node *cn = store_node_get(st, nr->node);
	char name[64] = "";
	if (cn && cn->name)
		sanitize_str(name, sizeof name, store_str(st, cn->name), 0);
	snprintf(row->node_text, sizeof row->node_text, "%u %s%s%s", cn ? cn->capture_id : 0,
	         cn ? store_ep_text(st, cn->agent) : "?", name[0] ? " " : "", name);
	row->node = nr->node;
}

static void fill_cause(struct fleet_row *row, const struct finding *f, int rc)
{
	row->root_cause = rc;
	row->cause[0] = 0;
	if (rc >= 0 && f)
		snprintf(row->cause, sizeof row->cause, "%s", f[rc].summary);
}

static int by_level(const void *pa, const void *pb)
{
	const struct fleet_row *x = pa, *y = pb;
	if (x->level != y->level)
		return (int)x->level - (int)y->level;
	if (x->node != y->node)
		return (int)x->node - (int)y->node;
	return x->trunk - y->trunk;
}

size_t fleet_rows(const struct app *a, struct fleet_row **rows)
{
	*rows = NULL;
	size_t n = 0;
	for (size_t i = 0; i < a->nnode_results; i++)
		n += a->node_results[i].ntrunk ? a->node_results[i].ntrunk : 1;
	if (!n || !(*rows = calloc(n, sizeof **rows)))
		return 0;
	size_t k = 0;
	for (size_t i = 0; i < a->nnode_results; i++) {
		const struct node_result *nr = &a->node_results[i];
		if (!nr->ntrunk) {
			struct fleet_row *row = &(*rows)[k++];
			fill_node(a, nr, row);
			row->trunk = -1;
			row->level = nr->failing ? FLEET_FAIL : nr->root_cause >= 0 ? FLEET_WARN : FLEET_NONE;
			snprintf(row->trunk_text, sizeof row->trunk_text, "no trunk");
			snprintf(row->state, sizeof row->state, "%s", nr->nextensions ? "phones only" : "no REGISTER of a trunk");
			fill_cause(row, nr->findings, nr->root_cause);
			snprintf(row->match, sizeof row->match, "node:%u", nr->node);
			continue;
		}
		for (size_t t = 0; t < nr->ntrunk; t++) {
			const struct node_trunk *nt = &nr->trunks[t];
			struct fleet_row *row = &(*rows)[k++];
			fill_node(a, nr, row);
			row->trunk = (int)t;
			row->level = level_of(nt->failing, nt->root_cause);
			snprintf(row->trunk_text, sizeof row->trunk_text, "%s", nt->name);
			snprintf(row->host, sizeof row->host, "%s", nt->registrar);
			snprintf(row->state, sizeof row->state, "%s", nt->state);
			fill_cause(row, nt->findings, nt->root_cause);
			/* one AOR: the trunk is that AOR; several under one
			 * registrar: the registrar's host */
			bool one_aor = !strcmp(nt->name, nt->aor);
			const char *what = one_aor ? nt->aor : nt->registrar;
			int len = term_safe(what) ? snprintf(row->match, sizeof row->match, "node:%u %s:%s", nr->node,
			                                     one_aor ? "aor" : "addr", what) : -1;
			if (len < 0 || (size_t)len >= sizeof row->match)
				snprintf(row->match, sizeof row->match, "node:%u", nr->node);
		}
	}
	for (size_t i = 0; i < k; i++)
		(*rows)[i].word = words[(*rows)[i].level];
	qsort(*rows, k, sizeof **rows, by_level);
	return k;
}

const struct finding *fleet_findings(const struct app *a, uint16_t node, const char *trunk_name)
{
	if (!node || node > a->nnode_results)
		return NULL;
	const struct node_result *nr = &a->node_results[node - 1];
	if (!trunk_name || !*trunk_name)
		return nr->ntrunk ? NULL : nr->findings;
	for (size_t t = 0; t < nr->ntrunk; t++)
		if (!strcmp(nr->trunks[t].name, trunk_name))
			return nr->trunks[t].findings;
	return NULL;
}
