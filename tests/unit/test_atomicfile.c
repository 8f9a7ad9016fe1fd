/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_atomicfile.c - a file appears whole or not at all: commit, refusal
 * to overwrite, abort, and an unwritable directory leave no temporary
 * file behind.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"
#include "base/atomicfile.h"

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	if (d)
		closedir(d);
	return n;
}

static char *slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

int main(void)
{
	char dir[] = "/tmp/test_atomicfile.XXXXXX", path[512], err[512];
	struct atomic_file af;
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/out.txt", dir);

	CHECK(atomic_open(&af, path, err, sizeof err));
	fputs("first", af.fp);
	CHECK_EQ_INT(entries(dir), 1);             /* only the temporary file */
	CHECK(atomic_commit(&af, false, err, sizeof err));
	CHECK_EQ_STR(slurp(path), "first");
	CHECK_EQ_INT(entries(dir), 1);

	/* no clobbering without replace; the old file stays */
	CHECK(atomic_open(&af, path, err, sizeof err));
	fputs("second", af.fp);
	CHECK(!atomic_commit(&af, false, err, sizeof err));
	CHECK(strstr(err, "exists") != NULL);
	CHECK_EQ_STR(slurp(path), "first");
	CHECK_EQ_INT(entries(dir), 1);

	/* replace */
	CHECK(atomic_open(&af, path, err, sizeof err));
	fputs("third", af.fp);
	CHECK(atomic_commit(&af, true, err, sizeof err));
	CHECK_EQ_STR(slurp(path), "third");

	/* abort and undo */
	char p2[1100];
	snprintf(p2, sizeof p2, "%s/other.txt", dir);
	CHECK(atomic_open(&af, p2, err, sizeof err));
	fputs("x", af.fp);
	atomic_abort(&af);
	CHECK_EQ_INT(entries(dir), 1);
	CHECK(atomic_open(&af, p2, err, sizeof err));
	CHECK(atomic_commit(&af, false, err, sizeof err));
	CHECK_EQ_INT(entries(dir), 2);
	atomic_unlink_committed(&af);
	CHECK_EQ_INT(entries(dir), 1);

	/* a directory that does not exist: one line naming it */
	snprintf(p2, sizeof p2, "%s/missing/x.txt", dir);
	CHECK(!atomic_open(&af, p2, err, sizeof err));
	CHECK(strstr(err, "missing") != NULL);
	CHECK(strstr(err, "No such file") != NULL);

	/* an unwritable directory (root ignores permissions: checked by the
	 * shell test with a read-only mount instead) */
	if (geteuid() != 0) {
		char ro[512];
		snprintf(ro, sizeof ro, "%s/ro", dir);
		mkdir(ro, 0555);
		snprintf(p2, sizeof p2, "%s/x.txt", ro);
		CHECK(!atomic_open(&af, p2, err, sizeof err));
		CHECK(strstr(err, "Permission denied") != NULL);
		CHECK_EQ_INT(entries(ro), 0);
		rmdir(ro);
	}
	unlink(path);
	rmdir(dir);
	return test_done();
}
