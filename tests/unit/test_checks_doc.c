/* SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors */
/* doc/checks.md documents exactly the checks of check_table[]
 * (src/checks/catalog.c), in its order: one "### ID (KIND...)" heading per
 * check, under the "## N. GROUP" section of its group, with its kind.  A
 * check added, renamed or moved without its documentation fails here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/check.h"
#include "testlib.h"

#define DOC_MAX 256

struct doc_entry {
	char id[64], kind[32], section[96];
	int line;
};

static size_t read_doc(const char *path, struct doc_entry *out, size_t max)
{
	FILE *f = fopen(path, "r");
	char line[1024], section[96] = "";
	size_t n = 0;
	int lineno = 0;
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		if (!strncmp(line, "## ", 3)) {
			const char *t = line + 3, *dot = strstr(t, ". ");
			if (dot && t[0] >= '0' && t[0] <= '9')
				t = dot + 2;        /* "## 1. Internet and reachability" */
			snprintf(section, sizeof section, "%.*s", (int)sizeof section - 1, t);
		} else if (!strncmp(line, "### ", 4) && n < max) {
			struct doc_entry *e = &out[n++];
			const char *id = line + 4, *open = strchr(id, '(');
			size_t il = strcspn(id, " ");
			snprintf(e->id, sizeof e->id, "%.*s", (int)il, id);
			e->kind[0] = 0;
			if (open)               /* "(obs+probe)", "(obs, needs the password)" */
				snprintf(e->kind, sizeof e->kind, "%.*s", (int)strcspn(open + 1, ",)"), open + 1);
			memcpy(e->section, section, sizeof e->section);
			e->line = lineno;
		}
	}
	fclose(f);
	return n;
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	snprintf(path, sizeof path, "%s/doc/checks.md", top ? top : ".");
	static struct doc_entry doc[DOC_MAX];
	size_t n = read_doc(path, doc, DOC_MAX);
	CHECK(n > 0);
	CHECK_EQ_INT(n, check_count);
	for (size_t i = 0; i < n || i < check_count; i++) {
		const struct check_def *c = i < check_count ? &check_table[i] : NULL;
		const struct doc_entry *d = i < n ? &doc[i] : NULL;
		if (!c) {
			printf("# doc/checks.md:%d: %s is not in check_table[]\n", d->line, d->id);
			CHECK(c != NULL);
			continue;
		}
		if (!d) {
			printf("# check_table[%zu] %s is not in doc/checks.md\n", i, c->id);
			CHECK(d != NULL);
			continue;
		}
		if (strcmp(d->id, c->id))
			printf("# doc/checks.md:%d: heading %zu is %s, check_table[%zu] is %s\n",
			       d->line, i + 1, d->id, i, c->id);
		CHECK_EQ_STR(d->id, c->id);
		CHECK_EQ_STR(d->kind, kind_name(c->kind));
		CHECK_EQ_STR(d->section, group_name(c->group));
	}
	return test_done();
}
