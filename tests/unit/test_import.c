/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_import.c - runs every case in tests/import (files NAME.expect).  An .expect file is
 * "key = value" lines (# comments):
 *
 *   kind = pjsip | sipconf | freeswitch     which importer
 *   file = NAME                              the config beside it
 *   trunk = NAME                             optional --trunk
 *   error = TEXT                             the import must fail with TEXT
 *   error_prefix = TEXT                      ... with a message starting so
 *   name/registrar/user/... = VALUE          else: each listed profile field
 *   password = VALUE                         the secret ("" = none set)
 *
 * In values, FILE stands for the config's path and DIR for its directory.
 * Fields not listed are not compared.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trunk/import.h"
#include "trunk/profile.h"
#include "trunk/secret.h"
#include "testlib.h"

static void substitute(char *out, size_t outlen, const char *in, const char *file, const char *dir)
{
	size_t n = 0;
	out[0] = '\0';
	while (*in && n + 1 < outlen) {
		const char *rep = NULL;
		size_t skip = 0;
		if (!strncmp(in, "FILE", 4)) {
			rep = file;
			skip = 4;
		} else if (!strncmp(in, "DIR", 3)) {
			rep = dir;
			skip = 3;
		}
		if (rep) {
			n += (size_t)snprintf(out + n, outlen - n, "%s", rep);
			if (n >= outlen)
				n = outlen - 1;
			in += skip;
		} else {
			out[n++] = *in++;
			out[n] = '\0';
		}
	}
}

static const char *profile_field(const struct profile *p, const char *key, char *num, size_t numlen)
{
	if (!strcmp(key, "name")) return p->name;
	if (!strcmp(key, "registrar")) return p->registrar;
	if (!strcmp(key, "user")) return p->user;
	if (!strcmp(key, "auth_user")) return p->auth_user;
	if (!strcmp(key, "realm")) return p->realm;
	if (!strcmp(key, "transport")) return p->transport;
	if (!strcmp(key, "public_ip")) return p->public_ip;
	if (!strcmp(key, "outbound_proxy")) return p->outbound_proxy;
	if (!strcmp(key, "local_net")) return p->local_net;
	if (!strcmp(key, "origin")) return p->origin;
	if (!strcmp(key, "expires")) {
		snprintf(num, numlen, "%d", p->expires);
		return num;
	}
	return NULL;
}

struct kv { char key[64]; char value[512]; };

static size_t read_expect(const char *path, struct kv *kv, size_t max)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;
	char line[1024];
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f) && n < max) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		char *eq = strstr(line, " =");
		if (!eq)
			continue;
		*eq = '\0';
		const char *v = eq + 2;
		if (*v == ' ')
			v++;
		snprintf(kv[n].key, sizeof kv[n].key, "%.63s", line);
		snprintf(kv[n].value, sizeof kv[n].value, "%.511s", v);
		n++;
	}
	fclose(f);
	return n;
}

static const char *lookup(const struct kv *kv, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(kv[i].key, key))
			return kv[i].value;
	return NULL;
}

static void run_case(const char *dir, const char *expect_name)
{
	char path[2048], file[2048];
	struct kv kv[40];
	snprintf(path, sizeof path, "%s/%s", dir, expect_name);
	size_t n = read_expect(path, kv, 40);
	printf("# case %s\n", expect_name);
	const char *kind = lookup(kv, n, "kind"), *fname = lookup(kv, n, "file");
	CHECK(kind && fname);
	if (!kind || !fname)
		return;
	snprintf(file, sizeof file, "%s/%s", dir, fname);
	const char *trunk = lookup(kv, n, "trunk");

	struct profile p;
	struct secret pw;
	memset(&p, 0, sizeof p);
	memset(&pw, 0, sizeof pw);
	char err[1024] = "";
	bool ok;
	if (!strcmp(kind, "pjsip"))
		ok = import_pjsip(&p, &pw, file, trunk, err, sizeof err);
	else if (!strcmp(kind, "sipconf"))
		ok = import_sipconf(&p, &pw, file, trunk, err, sizeof err);
	else
		ok = import_freeswitch(&p, &pw, file, trunk, err, sizeof err);

	const char *want_err = lookup(kv, n, "error");
	char want[1024];
	if (want_err) {
		substitute(want, sizeof want, want_err, file, dir);
		CHECK(!ok);
		CHECK_EQ_STR(err, want);
		return;
	}
	const char *want_prefix = lookup(kv, n, "error_prefix");
	if (want_prefix) {
		substitute(want, sizeof want, want_prefix, file, dir);
		CHECK(!ok);
		printf("# error: %s\n", err);
		CHECK(!strncmp(err, want, strlen(want)) && strlen(err) > strlen(want));
		return;
	}
	if (!ok)
		printf("# unexpected error: %s\n", err);
	CHECK(ok);
	for (size_t i = 0; i < n; i++) {
		const char *k = kv[i].key;
		if (!strcmp(k, "kind") || !strcmp(k, "file") || !strcmp(k, "trunk") ||
		    !strcmp(k, "error_prefix"))
			continue;
		substitute(want, sizeof want, kv[i].value, file, dir);
		if (!strcmp(k, "password")) {
			char got[SECRET_MAX + 1];
			snprintf(got, sizeof got, "%.*s", (int)pw.len, pw.set ? pw.value : "");
			CHECK_EQ_STR(got, want);
			continue;
		}
		char num[32];
		const char *got = profile_field(&p, k, num, sizeof num);
		if (!got)
			printf("# unknown field %s\n", k);
		CHECK(got != NULL);
		if (got)
			CHECK_EQ_STR(got, want);
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A configuration that is a FIFO nobody writes to (or an #include of
 * one) is refused at once: opening it used to wait forever. */
static void test_not_regular(void)
{
	char dirp[] = "/tmp/test_import.XXXXXX", fifo[64], conf[64], err[1024];
	struct profile p;
	struct secret pw;
	CHECK(mkdtemp(dirp) != NULL);
	snprintf(fifo, sizeof fifo, "%s/pjsip.conf", dirp);
	snprintf(conf, sizeof conf, "%s/inc.conf", dirp);
	CHECK(mkfifo(fifo, 0600) == 0);
	FILE *f = fopen(conf, "w");
	fprintf(f, "#include pjsip.conf\n");
	fclose(f);
	alarm(10);                      /* a regression hangs: fail, do not wait */
	profile_init(&p);
	secret_init(&pw);
	CHECK(!import_pjsip(&p, &pw, fifo, NULL, err, sizeof err));
	printf("# %s\n", err);
	CHECK(strstr(err, "not a regular file") != NULL);
	CHECK(!import_pjsip(&p, &pw, conf, NULL, err, sizeof err));
	printf("# %s\n", err);
	CHECK(strstr(err, "not a regular file") != NULL && strstr(err, "included from") != NULL);
	CHECK(!import_sipconf(&p, &pw, fifo, NULL, err, sizeof err));
	CHECK(!import_freeswitch(&p, &pw, fifo, NULL, err, sizeof err));
	alarm(0);
	secret_wipe(&pw);
	unlink(fifo);
	unlink(conf);
	rmdir(dirp);
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/tests/import", top ? top : ".");
	DIR *d = opendir(dir);
	CHECK(d != NULL);
	if (!d)
		return test_done();
	char *names[256];
	size_t nn = 0;
	for (struct dirent *e; (e = readdir(d)) && nn < 256;) {
		size_t l = strlen(e->d_name);
		if (l > 7 && !strcmp(e->d_name + l - 7, ".expect"))
			names[nn++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, nn, sizeof *names, by_name);
	CHECK(nn >= 20);
	for (size_t i = 0; i < nn; i++) {
		run_case(dir, names[i]);
		free(names[i]);
	}
	test_not_regular();
	return test_done();
}
