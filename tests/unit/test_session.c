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
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"
#include "app/app.h"
#include "app/session.h"

static struct app a1, a2;

/* the loader's warnings, one line each */
static char warned[8][512];
static size_t nwarned;

static void collect(void *ctx, const char *msg)
{
	(void)ctx;
	if (nwarned < 8)
		snprintf(warned[nwarned], sizeof warned[0], "%s", msg);
	nwarned++;
}

static bool printable(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

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

	CHECK(session_load(&a1, path, collect, NULL, err, sizeof err));   /* missing: a new session */
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
	CHECK(session_load(&a2, path, collect, NULL, err, sizeof err));
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
	CHECK(!session_load(a3, path, collect, NULL, err, sizeof err));
	CHECK(strstr(err, "line 1") != NULL);
	/* one bad line costs that line, with a warning naming file and line;
	 * the marks around it are kept */
	char text[1024];
	snprintf(text, sizeof text, "trunkdoc-session 1\nmark %s fail before\nmark no.such-check fail\n"
	         "filter a\\x1b[31m\nmark %s warn after\n", id0, id1);
	write_file(path, text);
	nwarned = 0;
	CHECK(session_load(a3, path, collect, NULL, err, sizeof err));
	CHECK_EQ_INT(nwarned, 2);
	CHECK(strstr(warned[0], "line 3") != NULL && strstr(warned[0], "no.such-check") != NULL);
	CHECK(strstr(warned[0], path) != NULL);
	CHECK(strstr(warned[1], "line 4") != NULL);
	CHECK_EQ_STR(a3->filter_text, "");                 /* no terminal escapes */
	CHECK_EQ_INT(a3->nmarks, 2);
	CHECK_EQ_STR(a3->marks[0].note, "before");
	CHECK_EQ_STR(a3->marks[1].note, "after");
	memset(a3, 0, sizeof *a3);

	/* the file's bytes never reach the terminal: an OSC 52 clipboard
	 * write in an unknown key and in a check id comes out visible */
	write_file(path, "trunkdoc-session 1\n\x1b]52;c;aGVsbG8=\x07 x\n"
	                 "mark \x1b]52;c;aGVsbG8=\x07 fail\n");
	nwarned = 0;
	CHECK(session_load(a3, path, collect, NULL, err, sizeof err));
	CHECK_EQ_INT(nwarned, 2);
	CHECK(printable(warned[0]) && strstr(warned[0], "unknown line '\\e]52;c;") != NULL);
	CHECK(printable(warned[1]) && strstr(warned[1], "no check has the id '\\e]52;") != NULL);
	write_file(path, "\x1b]52;c;aGVsbG8=\x07\n");
	CHECK(!session_load(a3, path, collect, NULL, err, sizeof err));
	CHECK(printable(err));

	/* what trunkdoc writes it reads back: a control byte in a note or a
	 * profile field (the command line, a PBX configuration) is cleaned on
	 * the way in, and the writer never writes one the loader refuses */
	memset(a3, 0, sizeof *a3);
	CHECK(app_set_mark(a3, id0, V_FAIL, "red \x1b[31mLED\r\nline two\tcol\x01"));
	CHECK(printable(a3->marks[0].note) || strchr(a3->marks[0].note, '\n'));
	CHECK(strchr(a3->marks[0].note, '\x1b') == NULL && strchr(a3->marks[0].note, '\r') == NULL);
	snprintf(a3->profile.user, sizeof a3->profile.user, "10\x1b[2J00");
	snprintf(a3->profile.realm, sizeof a3->profile.realm, "example.net\r");
	profile_sanitize(&a3->profile);
	CHECK(printable(a3->profile.user) && printable(a3->profile.realm));
	snprintf(a3->filter_text, sizeof a3->filter_text, "method\x1bREGISTER");   /* not cleaned */
	CHECK(session_save(a3, path, err, sizeof err));
	struct app *a4 = calloc(1, sizeof *a4);
	nwarned = 0;
	CHECK(session_load(a4, path, collect, NULL, err, sizeof err));
	CHECK_EQ_INT(nwarned, 0);
	CHECK_EQ_INT(a4->nmarks, 1);
	CHECK_EQ_STR(a4->marks[0].note, a3->marks[0].note);
	CHECK_EQ_STR(a4->profile.user, a3->profile.user);
	CHECK_EQ_STR(a4->filter_text, "method\\eREGISTER");
	free(a4);
	memset(a3, 0, sizeof *a3);
	write_file(path, "trunkdoc-session 9\n");
	CHECK(!session_load(a3, path, collect, NULL, err, sizeof err));
	CHECK(strstr(err, "newer") != NULL);
	write_file(path, "");
	CHECK(!session_load(a3, path, collect, NULL, err, sizeof err));
	/* hostile bytes: a NUL, a line longer than any buffer, random binary */
	FILE *hf = fopen(path, "w");
	fputs("trunkdoc-session 1\nfilter abc", hf);
	fputc(0, hf);
	fputs("def\nprofile.realm ", hf);
	for (int i = 0; i < 20000; i++)
		fputc('r', hf);
	fputc('\n', hf);
	fclose(hf);
	nwarned = 0;
	CHECK(session_load(a3, path, collect, NULL, err, sizeof err));
	CHECK_EQ_INT(nwarned, 2);
	CHECK(strstr(warned[0], "line 2: a NUL byte") != NULL);
	CHECK(strstr(warned[1], "line 3: line too long") != NULL);
	hf = fopen(path, "w");
	fputs("trunkdoc-session 1\nprofile.realm ", hf);
	for (int i = 0; i < 20000; i++)
		fputc('r', hf);
	fclose(hf);
	nwarned = 0;
	CHECK(session_load(a3, path, collect, NULL, err, sizeof err));
	CHECK(nwarned == 1 && strstr(warned[0], "line 2: line too long") != NULL);
	hf = fopen(path, "w");
	srand(7);
	fputs("trunkdoc-session 1\n", hf);
	for (int i = 0; i < 4096; i++)
		fputc(rand() & 0xff, hf);
	fclose(hf);
	session_load(a3, path, collect, NULL, err, sizeof err);   /* any outcome but a crash */
	CHECK(strlen(a3->filter_text) < sizeof a3->filter_text);
	free(a3);

	/* a FIFO nobody writes to is refused at once (it waited forever) */
	unlink(path);
	CHECK(mkfifo(path, 0600) == 0);
	alarm(10);
	struct app *a5 = calloc(1, sizeof *a5);
	CHECK(!session_load(a5, path, collect, NULL, err, sizeof err));
	alarm(0);
	CHECK(strstr(err, "not a regular file") != NULL);
	free(a5);
	unlink(path);

	/* an unwritable place: the error names it, nothing is left */
	CHECK(!session_save(&a1, "/nonexistent-dir/s.session", err, sizeof err));
	CHECK(strstr(err, "/nonexistent-dir") != NULL);
	unlink(path);
	return test_done();
}
