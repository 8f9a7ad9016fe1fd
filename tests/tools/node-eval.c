/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * node-eval - the checklist per capture node (app/nodes.c) evaluated again
 * and again while a capture is read, as the screen does at each refresh.
 *
 *   node-eval [-s STEP] [-p PORT] [-k KEY] [-l LIMIT] [-q USEC] [-M EVAL] [-m incr|fresh|check] FILE
 *
 * FILE is read STEP packets at a time (default 1); after each step the
 * nodes are evaluated:
 *   check  (default) twice: by the kept node stores, fed only what is new
 *          (as the screen does, judging again only the nodes with new
 *          messages, and all at the quiet tick), and from nothing (a
 *          store per node built, judged and freed, as --report does);
 *          every field of every node's result, findings included, must
 *          be the same for the nodes judged again (all at a quiet tick);
 *          a node kept as it was must have had no new message and be
 *          within the quiet interval; a last evaluation one quiet
 *          interval after the end must judge every node again, equal to
 *          new ones; else it says where and exits 1
 *   incr   by the kept node stores only (the cost of the screen now)
 *   fresh  from nothing each time (the cost of the screen before)
 * -l LIMIT applies --limit after each step, as main.c does (a rebuild of
 * the store starts the node stores over).  -q USEC is the quiet interval
 * (app.node_quiet, capture time; default NODES_QUIET_USEC).  -M EVAL
 * marks the first check failed before evaluation EVAL (as an operator's
 * mark): every node must be judged again there.  -p and -k are --hep-port and
 * --hep-password.  Prints the evaluations, the node results kept as they
 * were (check), the nodes and messages at the end.  Used by tests/fleet-incremental.sh and for doc/performance.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/limit.h"
#include "app/nodes.h"
#include "app/pipeline.h"
#include "sip/sipparse.h"
#include "store/store.h"

static bool same_finding(const struct finding *x, const struct finding *y)
{
	if (x->verdict != y->verdict || x->nev != y->nev || x->ev_dropped != y->ev_dropped ||
	    x->leads != y->leads || x->side_unknown != y->side_unknown || x->marked != y->marked ||
	    strcmp(x->summary, y->summary) || strcmp(x->advice, y->advice) || strcmp(x->note, y->note))
		return false;
	for (size_t e = 0; e < x->nev; e++)
		if (x->ev[e].frame != y->ev[e].frame || x->ev[e].time != y->ev[e].time ||
		    strcmp(x->ev[e].text, y->ev[e].text))
			return false;
	return true;
}

static bool same_findings(const struct finding *x, const struct finding *y, const char *where,
                          unsigned eval)
{
	for (size_t c = 0; c < check_count; c++)
		if (!same_finding(&x[c], &y[c])) {
			fprintf(stderr, "evaluation %u: %s, check %s: \"%s\" / \"%s\"\n", eval, where,
			        check_table[c].id, x[c].summary, y[c].summary);
			return false;
		}
	return true;
}

/* The kept results a against the fresh ones b.  A node a did not judge
 * again (judged_at before a->now) must have had no new message (its
 * count equals the fresh one) and be within the quiet interval; every
 * other node, and every node at a quiet tick, must equal b field by
 * field.  *skipped counts the nodes kept as they were. */
static bool same_results(const struct app *a, const struct app *b, unsigned eval, usec_t quiet,
                         unsigned long *skipped)
{
	if (a->nnode_results != b->nnode_results) {
		fprintf(stderr, "evaluation %u: %zu nodes / %zu\n", eval, a->nnode_results, b->nnode_results);
		return false;
	}
	for (size_t i = 0; i < a->nnode_results; i++) {
		const struct node_result *x = &a->node_results[i], *y = &b->node_results[i];
		char where[64];
		snprintf(where, sizeof where, "node %u", x->node);
		if (y->judged_at != b->now) {
			fprintf(stderr, "evaluation %u: %s: the fresh result is not of now\n", eval, where);
			return false;
		}
		if (x->judged_at != a->now) {
			if (x->messages != y->messages) {
				fprintf(stderr, "evaluation %u: %s: %u new messages, not judged again\n", eval,
				        where, y->messages - x->messages);
				return false;
			}
			if (a->now - x->judged_at >= quiet) {
				fprintf(stderr, "evaluation %u: %s: not judged again at the quiet tick\n", eval, where);
				return false;
			}
			(*skipped)++;
			continue;
		}
		if (x->node != y->node || x->messages != y->messages || x->root_cause != y->root_cause ||
		    x->failing != y->failing || x->ntrunk != y->ntrunk || x->nextensions != y->nextensions ||
		    strcmp(x->pbx, y->pbx)) {
			fprintf(stderr, "evaluation %u: %s: messages %u/%u, root cause %d/%d, trunks %zu/%zu\n",
			        eval, where, x->messages, y->messages, x->root_cause, y->root_cause,
			        x->ntrunk, y->ntrunk);
			return false;
		}
		if (!same_findings(x->findings, y->findings, where, eval))
			return false;
		for (size_t t = 0; t < x->ntrunk; t++) {
			const struct node_trunk *p = &x->trunks[t], *q = &y->trunks[t];
			if (strcmp(p->name, q->name) || strcmp(p->aor, q->aor) || strcmp(p->registrar, q->registrar) ||
			    strcmp(p->decided_by, q->decided_by) || p->nreg != q->nreg || strcmp(p->state, q->state) ||
			    p->state_verdict != q->state_verdict || p->root_cause != q->root_cause ||
			    p->failing != q->failing) {
				fprintf(stderr, "evaluation %u: %s, trunk %zu: %s \"%s\" / %s \"%s\"\n", eval, where,
				        t, p->name, p->state, q->name, q->state);
				return false;
			}
			snprintf(where, sizeof where, "node %u trunk %zu", x->node, t);
			if (!same_findings(p->findings, q->findings, where, eval))
				return false;
		}
	}
	return true;
}

int main(int argc, char **argv)
{
	size_t step = 1, limit = 0;
	usec_t quiet = NODES_QUIET_USEC;
	unsigned mark = 0;
	unsigned port = 0;
	const char *key = NULL, *mode = "check";
	int c;
	while ((c = getopt(argc, argv, "s:p:k:l:q:M:m:")) != -1) {
		switch (c) {
		case 's': step = (size_t)strtoul(optarg, NULL, 10); break;
		case 'p': port = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'k': key = optarg; break;
		case 'l': limit = (size_t)strtoul(optarg, NULL, 10); break;
		case 'M': mark = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'q': quiet = (usec_t)strtoll(optarg, NULL, 10); break;
		case 'm': mode = optarg; break;
		default: goto usage;
		}
	}
	bool check = !strcmp(mode, "check"), fresh = !strcmp(mode, "fresh");
	if (optind + 1 != argc || !step || quiet <= 0 || (!check && !fresh && strcmp(mode, "incr")))
		goto usage;

	sipparse_init();
	static struct app kept, anew;      /* zeroed: no profile, no password, no marks */
	struct store *st = store_new();
	struct pipeline *p = st ? pipeline_new(st) : NULL;
	char err[512];
	if (!p)
		return 2;
	kept.store = anew.store = st;
	kept.keep_node_stores = !fresh;    /* as the screen does; anew: as --report does */
	kept.node_quiet = quiet;
	pipeline_set_hep(p, port, key, key ? strlen(key) : 0);
	if (!pipeline_add_file(p, argv[optind], err, sizeof err)) {
		fprintf(stderr, "node-eval: %s\n", err);
		return 2;
	}
	unsigned evals = 0, rebuilds = 0;
	unsigned long skipped = 0;
	enum pipe_status ps;
	do {
		ps = pipeline_step(p, step);
		if (ps == PIPE_DONE)
			pipeline_flush(p);
		if (limit && app_limit_store(st, limit, store_stats_c(st)->last)) {
			pipeline_store_rebuilt(p);
			rebuilds++;
		}
		kept.now = anew.now = store_stats_c(st)->last;
		store_finish(st, kept.now);
		evals++;
		unsigned long skipped_before = skipped;
		if (mark && evals == mark) {
			/* the operator marks a check: every node's checklist reads it */
			struct app_mark m = { .verdict = V_FAIL, .note = "node-eval" };
			snprintf(m.id, sizeof m.id, "%s", check_table[0].id);
			kept.marks[0] = anew.marks[0] = m;
			kept.nmarks = anew.nmarks = 1;
		}
		if (!app_evaluate_nodes(&kept)) {
			fprintf(stderr, "node-eval: out of memory\n");
			return 2;
		}
		if (check) {
			app_free_nodes(&anew);
			if (!app_evaluate_nodes(&anew) || !same_results(&kept, &anew, evals, quiet, &skipped)) {
				fprintf(stderr, "node-eval: kept node stores differ from new ones\n");
				return 1;
			}
			if (mark && evals == mark && skipped != skipped_before) {
				fprintf(stderr, "node-eval: evaluation %u: a mark did not judge every node again\n", evals);
				return 1;
			}
		}
	} while (ps != PIPE_DONE);
	if (check) {
		/* the quiet tick after the end: every node judged again, with
		 * what time alone moves, and equal to a fresh evaluation */
		unsigned long before = skipped;
		kept.now = anew.now = store_stats_c(st)->last + quiet;
		store_finish(st, kept.now);
		evals++;
		app_free_nodes(&anew);
		if (!app_evaluate_nodes(&kept) || !app_evaluate_nodes(&anew)) {
			fprintf(stderr, "node-eval: out of memory\n");
			return 2;
		}
		if (!same_results(&kept, &anew, evals, quiet, &skipped) || skipped != before) {
			fprintf(stderr, "node-eval: the quiet tick differs from new node stores\n");
			return 1;
		}
	}
	printf("%u evaluations, %u rebuilds, %lu kept, %zu nodes, %zu messages\n", evals, rebuilds,
	       skipped, kept.nnode_results, store_msg_count(st));
	app_free_nodes(&kept);
	app_free_nodes(&anew);
	pipeline_free(p);
	store_free(st);
	return 0;
usage:
	fprintf(stderr, "usage: node-eval [-s STEP] [-p PORT] [-k KEY] [-l LIMIT] [-q USEC] [-M EVAL] [-m incr|fresh|check] FILE\n");
	return 2;
}
