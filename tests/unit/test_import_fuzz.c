/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_import_fuzz.c - mutated copies of every sample configuration in
 * tests/import go through the three importers: no crash (ASan/UBSan watch),
 * and every failure is one line, free of control bytes, that names the file
 * (an #include error names the inner file and where it was included).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trunk/import.h"
#include "trunk/profile.h"
#include "trunk/secret.h"
#include "testlib.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(65536);
	*len = buf ? fread(buf, 1, 65536, f) : 0;
	fclose(f);
	return buf;
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	char dir[1024], tmp[] = "/tmp/trunkdoc-import-fuzz.XXXXXX";
	snprintf(dir, sizeof dir, "%s/tests/import", top ? top : ".");
	int fd = mkstemp(tmp);
	CHECK(fd >= 0);
	if (fd < 0)
		return test_done();
	close(fd);
	DIR *d = opendir(dir);
	CHECK(d != NULL);
	if (!d)
		return test_done();
	srand(66);
	size_t files = 0, bad_errors = 0, runs = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t l = strlen(e->d_name);
		if (l < 5 || (strcmp(e->d_name + l - 5, ".conf") && strcmp(e->d_name + l - 4, ".xml")))
			continue;
		char path[2048];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		size_t len;
		char *orig = slurp(path, &len);
		if (!orig || !len) {
			free(orig);
			continue;
		}
		files++;
		char *buf = malloc(len + 64);
		for (int i = 0; i < 150; i++) {
			size_t n = len;
			memcpy(buf, orig, len);
			int edits = 1 + rand() % 8;
			for (int k = 0; k < edits; k++) {
				static const char special[] = "[]()=;:@/~?<>\"&!+#\n\r\\ ,-\x1b\xff";
				size_t at = (size_t)rand() % n;
				switch (rand() % 3) {
				case 0: buf[at] = special[rand() % (int)(sizeof special - 1)]; break;
				case 1: buf[at] = (char)(rand() & 0xff); break;
				default: n = at + 1; break;   /* truncate */
				}
			}
			FILE *f = fopen(tmp, "wb");
			fwrite(buf, 1, n, f);
			fclose(f);
			for (int which = 0; which < 3; which++) {
				struct profile p;
				struct secret pw;
				char err[1024] = "";
				memset(&p, 0, sizeof p);
				memset(&pw, 0, sizeof pw);
				const char *trunk = rand() % 2 ? NULL : "acme";
				bool ok = which == 0 ? import_pjsip(&p, &pw, tmp, trunk, err, sizeof err)
				        : which == 1 ? import_sipconf(&p, &pw, tmp, trunk, err, sizeof err)
				                     : import_freeswitch(&p, &pw, tmp, trunk, err, sizeof err);
				runs++;
				bool bad = (!ok && (!strstr(err, tmp) || strchr(err, '\n') ||
				                    strchr(err, '\x1b'))) ||
				           (ok && !p.registrar[0]);
				if (bad && bad_errors++ < 5)
					printf("# importer %d on a mutation of %s: %s (registrar '%s')\n", which,
					       e->d_name, ok ? "accepted" : err, p.registrar);
			}
		}
		free(buf);
		free(orig);
	}
	closedir(d);
	unlink(tmp);
	printf("# %zu files, %zu imports\n", files, runs);
	CHECK(files >= 10);
	CHECK_EQ_INT(bad_errors, 0);
	return test_done();
}
