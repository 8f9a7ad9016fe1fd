/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_session.c - a session file round trip: marks (with notes that hold
 * newlines and backslashes), the profile without the password, the filter;
 * the command line's profile wins over the file's; broken files are named.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"
#include "app/app.h"
#include "app/session.h"

static struct app a1, a2;

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

int main(void)
{
	char path[] = "/tmp/test_session.XXXXXX", err[512];
	int fd = mkstemp(path);
	close(fd);
	unlink(path);
	CHECK(check_count >= 2);
	const char *id0 = check_table[0].id, *id1 = check_table[1].id;

	CHECK(session_load(&a1, path, err, sizeof err));   /* missing: a new session */
	strcpy(a1.profile.registrar, "sip.example.net");
	strcpy(a1.profile.user, "1000");
	a1.profile.expires = 600;
	strcpy(a1.password.value, "do-not-save-me");
	a1.password.len = strlen(a1.password.value);
	a1.password.set = true;
	strcpy(a1.filter_text, "method REGISTER");
	CHECK(app_set_mark(&a1, id0, V_FAIL, "router LEDs red\nsecond line \\ backslash"));
	CHECK(app_set_mark(&a1, id1, V_UNKNOWN, "a note without a verdict"));
	CHECK(session_save(&a1, path, err, sizeof err));

	FILE *f = fopen(path, "r");
	char buf[4096];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = 0;
	fclose(f);
	CHECK(strstr(buf, "do-not-save-me") == NULL);
	CHECK(strstr(buf, "trunkdoc-session 1") != NULL);

	strcpy(a2.profile.user, "2000");                 /* from the command line: wins */
	CHECK(session_load(&a2, path, err, sizeof err));
	CHECK_EQ_STR(a2.profile.registrar, "sip.example.net");
	CHECK_EQ_STR(a2.profile.user, "2000");
	CHECK_EQ_INT(a2.profile.expires, 600);
	CHECK_EQ_STR(a2.filter_text, "method REGISTER");
	CHECK(!a2.password.set);
	CHECK_EQ_INT(a2.nmarks, 2);
	CHECK_EQ_STR(a2.marks[0].id, id0);
	CHECK_EQ_INT(a2.marks[0].verdict, V_FAIL);
	CHECK_EQ_STR(a2.marks[0].note, "router LEDs red\nsecond line \\ backslash");
	CHECK_EQ_INT(a2.marks[1].verdict, V_UNKNOWN);
	CHECK_EQ_STR(a2.marks[1].note, "a note without a verdict");

	/* malformed files: one line with the file and line number */
	struct app *a3 = calloc(1, sizeof *a3);
	write_file(path, "hello\n");
	CHECK(!session_load(a3, path, err, sizeof err));
	CHECK(strstr(err, "line 1") != NULL);
	write_file(path, "trunkdoc-session 1\nmark no.such-check fail\n");
	CHECK(!session_load(a3, path, err, sizeof err));
	CHECK(strstr(err, "line 2") != NULL && strstr(err, "no.such-check") != NULL);
	write_file(path, "trunkdoc-session 1\nfilter a\\x1b[31m\n");
	CHECK(!session_load(a3, path, err, sizeof err));   /* no terminal escapes */
	write_file(path, "trunkdoc-session 9\n");
	CHECK(!session_load(a3, path, err, sizeof err));
	CHECK(strstr(err, "newer") != NULL);
	write_file(path, "");
	CHECK(!session_load(a3, path, err, sizeof err));
	/* hostile bytes: a NUL, a line longer than any buffer, random binary */
	FILE *hf = fopen(path, "w");
	fputs("trunkdoc-session 1\nfilter abc", hf);
	fputc(0, hf);
	fputs("def\nprofile.realm ", hf);
	for (int i = 0; i < 20000; i++)
		fputc('r', hf);
	fputc('\n', hf);
	fclose(hf);
	CHECK(!session_load(a3, path, err, sizeof err));
	CHECK(strstr(err, "line 2: a NUL byte") != NULL);
	hf = fopen(path, "w");
	fputs("trunkdoc-session 1\nprofile.realm ", hf);
	for (int i = 0; i < 20000; i++)
		fputc('r', hf);
	fclose(hf);
	CHECK(!session_load(a3, path, err, sizeof err));
	CHECK(strstr(err, "line 2: line too long") != NULL);
	hf = fopen(path, "w");
	srand(7);
	fputs("trunkdoc-session 1\n", hf);
	for (int i = 0; i < 4096; i++)
		fputc(rand() & 0xff, hf);
	fclose(hf);
	session_load(a3, path, err, sizeof err);   /* any outcome but a crash */
	CHECK(strlen(a3->filter_text) < sizeof a3->filter_text);
	free(a3);

	/* an unwritable place: the error names it, nothing is left */
	CHECK(!session_save(&a1, "/nonexistent-dir/s.session", err, sizeof err));
	CHECK(strstr(err, "/nonexistent-dir") != NULL);
	unlink(path);
	return test_done();
}
