/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * app.h - one troubleshooting session: the options, the capture and its
 * store, the trunk profile and password, the checklist's findings and the
 * operator's marks.  main.c builds it; the batch report, the export and the
 * TUI all work from it.
 */
#ifndef TRUNKDOC_APP_H
#define TRUNKDOC_APP_H

#include "app/options.h"
#include "checks/check.h"
#include "trunk/profile.h"
#include "trunk/secret.h"

struct store;
struct pipeline;
struct probe_results;

#define MARK_MAX 64

/* An operator's mark, owning its strings (check_mark points into these). */
struct app_mark {
	char id[64];
	enum verdict verdict;
	char note[FINDING_TEXT];
};

struct app {
	struct options opt;
	struct store *store;
	struct pipeline *pipe;
	struct profile profile;
	struct secret password;
	struct probe_results *probes;      /* NULL until a probe ran */
	struct finding *findings;          /* check_count entries */
	struct app_mark marks[MARK_MAX];
	size_t nmarks;
	char filter_text[256];             /* TUI display filter, saved in sessions */
	usec_t now;                        /* capture time the findings speak for */
	struct node_result *node_results;  /* per HEP capture node (app/nodes.h), or NULL */
	size_t nnode_results;
};

/* Re-runs every check over the store into app->findings. */
void app_evaluate(struct app *a);
/* Sets (or, with V_UNKNOWN and no note, clears) an operator mark. */
bool app_set_mark(struct app *a, const char *id, enum verdict v, const char *note);
/* Parses "ID=VERDICT[:NOTE]" as given to --mark. */
bool app_parse_mark(struct app *a, const char *spec, char *err, size_t errlen);
enum verdict verdict_from_name(const char *s);   /* "skip"/"skipped" -> V_SKIPPED; -1 cast if unknown */

#endif
