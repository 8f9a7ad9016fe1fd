/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_profile.c - the INI trunk profile (every key, aliases, quoting, each
 * error with its line) and the password sources: a file only its owner can
 * read, TRUNKDOC_PASSWORD, and the wipe.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"
#include "trunk/profile.h"
#include "trunk/secret.h"

static char dir[] = "/tmp/test_profile.XXXXXX";

static const char *write_file(const char *name, const char *text, mode_t mode)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return path;
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

static bool load(const char *text, struct profile *p, char *err, size_t errlen)
{
	profile_init(p);
	return profile_load_ini(p, write_file("t.ini", text, 0644), err, errlen);
}

static void test_ini(void)
{
	struct profile p;
	char err[512];
	CHECK(load("# acme trunk\n"
	           "; another comment\n"
	           "[trunk]\n"
	           "name = acme-main\n"
	           "registrar = sip.example.net:5060\n"
	           "user = 4420079460000\n"
	           "auth-user = trunk77\n"
	           "realm = \"sip.example.net\"\n"
	           "transport = TLS\n"
	           "public_ip = 203.0.113.5\n"
	           "outbound_proxy = proxy.example.net\n"
	           "expires = 600\n"
	           "local_net = 192.168.1.0/24\n", &p, err, sizeof err));
	CHECK_EQ_STR(p.name, "acme-main");
	CHECK_EQ_STR(p.registrar, "sip.example.net:5060");
	CHECK_EQ_STR(p.user, "4420079460000");
	CHECK_EQ_STR(p.auth_user, "trunk77");
	CHECK_EQ_STR(p.realm, "sip.example.net");
	CHECK_EQ_STR(p.transport, "tls");
	CHECK_EQ_STR(p.public_ip, "203.0.113.5");
	CHECK_EQ_STR(p.outbound_proxy, "proxy.example.net");
	CHECK_EQ_STR(p.local_net, "192.168.1.0/24");
	CHECK_EQ_INT(p.expires, 600);
	CHECK(strstr(p.origin, "t.ini") != NULL);
	CHECK(!profile_is_empty(&p));

	CHECK(load("[trunk]\nusername=1000\ndomain=example.net\n", &p, err, sizeof err));
	CHECK_EQ_STR(p.user, "1000");
	CHECK_EQ_STR(p.registrar, "example.net");
	profile_init(&p);
	CHECK(profile_is_empty(&p));

	/* errors name the line */
	CHECK(!load("[trunk]\nuser = 1000\npassword = hunter2\n", &p, err, sizeof err));
	CHECK(strstr(err, ":3:") && strstr(err, "--password-file"));
	CHECK(!strstr(err, "hunter2"));
	CHECK(!load("[trunk]\ncolour = blue\n", &p, err, sizeof err));
	CHECK(strstr(err, ":2: unknown key") != NULL);
	CHECK(!load("user = 1000\n[trunk]\n", &p, err, sizeof err));
	CHECK(strstr(err, ":1:") != NULL);
	CHECK(!load("[pbx]\n", &p, err, sizeof err));
	CHECK(!load("[trunk]\ntransport = sctp\n", &p, err, sizeof err));
	CHECK(strstr(err, "udp, tcp or tls") != NULL);
	CHECK(!load("[trunk]\nexpires = -5\n", &p, err, sizeof err));
	CHECK(!load("[trunk]\nexpires = 12abc\n", &p, err, sizeof err));
	CHECK(!load("[trunk]\njust words\n", &p, err, sizeof err));
	CHECK(!load("# nothing\n", &p, err, sizeof err));
	CHECK(strstr(err, "no [trunk] section") != NULL);
	CHECK(!load("[trunk]\n[trunk]\n", &p, err, sizeof err));
	char longline[3000];
	memset(longline, 'a', sizeof longline);
	memcpy(longline, "[trunk]\nuser = ", 15);
	longline[sizeof longline - 2] = '\n';
	longline[sizeof longline - 1] = 0;
	CHECK(!load(longline, &p, err, sizeof err));
	char longval[600];
	snprintf(longval, sizeof longval, "[trunk]\nrealm = %0400d\n", 1);
	CHECK(!load(longval, &p, err, sizeof err));
	CHECK(strstr(err, "too long") != NULL);
	profile_init(&p);
	CHECK(!profile_load_ini(&p, "/nonexistent/trunk.ini", err, sizeof err));
	CHECK(strstr(err, "/nonexistent/trunk.ini") != NULL);
	/* a FIFO nobody writes to, or a directory: refused at once */
	char fifo[300];
	snprintf(fifo, sizeof fifo, "%s/ini-fifo", dir);
	CHECK(mkfifo(fifo, 0600) == 0);
	alarm(10);
	CHECK(!profile_load_ini(&p, fifo, err, sizeof err));
	alarm(0);
	CHECK(strstr(err, "not a regular file") != NULL);
	unlink(fifo);
	CHECK(!profile_load_ini(&p, dir, err, sizeof err));
}

static void test_secret(void)
{
	struct secret s;
	char err[512];
	secret_init(&s);
	CHECK(!s.set);

	const char *ok = write_file("pw-ok", "s3cret\n", 0600);
	CHECK(secret_from_file(&s, ok, err, sizeof err));
	CHECK(s.set);
	CHECK_EQ_INT(s.len, 6);
	CHECK_EQ_STR(s.value, "s3cret");

	secret_wipe(&s);
	CHECK(!s.set && s.len == 0);
	size_t nonzero = 0;
	for (size_t i = 0; i < sizeof s.value; i++)
		nonzero += s.value[i] != 0;
	CHECK_EQ_INT(nonzero, 0);

	const char *open_file = write_file("pw-644", "s3cret\n", 0644);
	CHECK(!secret_from_file(&s, open_file, err, sizeof err));
	CHECK(strstr(err, "readable by others") && strstr(err, "chmod 600"));
	CHECK(!strstr(err, "s3cret"));
	CHECK(!s.set);
	const char *group = write_file("pw-640", "s3cret\n", 0640);
	CHECK(!secret_from_file(&s, group, err, sizeof err));
	const char *empty = write_file("pw-empty", "\n", 0600);
	CHECK(!secret_from_file(&s, empty, err, sizeof err));
	CHECK(strstr(err, "empty") != NULL);
	char big[400];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	CHECK(!secret_from_file(&s, write_file("pw-big", big, 0600), err, sizeof err));
	CHECK(!secret_from_file(&s, dir, err, sizeof err));          /* a directory */
	CHECK(!secret_from_file(&s, "/nonexistent/pw", err, sizeof err));
	/* CRLF file from a Windows editor: both bytes dropped, inner spaces kept */
	CHECK(secret_from_file(&s, write_file("pw-crlf", " a b \r\n", 0600), err, sizeof err));
	CHECK_EQ_STR(s.value, " a b ");

	unsetenv("TRUNKDOC_PASSWORD");
	secret_wipe(&s);
	CHECK(!secret_from_env(&s));
	setenv("TRUNKDOC_PASSWORD", "from-env", 1);
	CHECK(secret_from_env(&s));
	CHECK_EQ_STR(s.value, "from-env");
	CHECK(getenv("TRUNKDOC_PASSWORD") == NULL);   /* not passed on to children */
	CHECK(!secret_set(&s, "a\0b", 3));
	secret_wipe(&s);
}

/* A password file with two newlines, or CR LF twice, at its end: every
 * line end goes (one kept made the digest check blame the PBX). */
static void test_secret_line_ends(void)
{
	struct secret s;
	char err[512];
	secret_init(&s);
	CHECK(secret_from_file(&s, write_file("pw-2nl", "s3cret\n\n", 0600), err, sizeof err));
	CHECK_EQ_STR(s.value, "s3cret");
	CHECK_EQ_INT(s.len, 6);
	CHECK(secret_from_file(&s, write_file("pw-2crlf", "s3cret\r\n\r\n\n", 0600), err, sizeof err));
	CHECK_EQ_STR(s.value, "s3cret");
	CHECK(!secret_from_file(&s, write_file("pw-only-nl", "\r\n\n", 0600), err, sizeof err));
	CHECK(strstr(err, "empty") != NULL);
	secret_wipe(&s);
}

/* --password-file naming a FIFO nobody writes to: refused at once (it
 * used to wait forever in open()), one line naming the file. */
static void test_secret_fifo(void)
{
	struct secret s;
	char err[512], fifo[300];
	snprintf(fifo, sizeof fifo, "%s/pw-fifo", dir);
	secret_init(&s);
	CHECK(mkfifo(fifo, 0600) == 0);
	alarm(10);                      /* a regression hangs: fail, do not wait */
	CHECK(!secret_from_file(&s, fifo, err, sizeof err));
	alarm(0);
	printf("# %s\n", err);
	CHECK(strstr(err, "not a regular file") != NULL && strstr(err, "pw-fifo") != NULL);
	CHECK(strchr(err, '\n') == NULL);
	CHECK(!s.set);
	unlink(fifo);
}

/* While a password is held the process is not dumpable (no core holds
 * it, no ptrace or /proc/PID/mem by the same user); wiping the last one
 * gives dumpability back. */
static void test_secret_dumpable(void)
{
	struct secret a, b;
	char err[512];
	secret_init(&a);
	secret_init(&b);
	CHECK_EQ_INT(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	CHECK(secret_from_file(&a, write_file("pw-ok", "s3cret\n", 0600), err, sizeof err));
	CHECK_EQ_INT(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	CHECK(secret_set(&b, "second", 6));
	secret_wipe(&a);
	CHECK_EQ_INT(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);   /* b still held */
	secret_wipe(&b);
	CHECK_EQ_INT(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	/* a failed read leaves it as it was */
	CHECK(!secret_from_file(&a, "/nonexistent/pw", err, sizeof err));
	CHECK_EQ_INT(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	/* the secret's page is kept out of core files: VmFlags "dd" in smaps */
	char line[512], want[32];
	bool dd = false, in_range = false;
	FILE *f = fopen("/proc/self/smaps", "r");
	CHECK(f != NULL);
	uintptr_t at = (uintptr_t)&a;
	while (f && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
			in_range = at >= lo && at < hi;
			continue;
		}
		if (in_range && !strncmp(line, "VmFlags:", 8))
			dd = strstr(line, " dd") != NULL;
	}
	if (f)
		fclose(f);
	snprintf(want, sizeof want, "%s", dd ? "dd" : "no dd");
	CHECK_EQ_STR(want, "dd");
}

int main(void)
{
	if (!mkdtemp(dir)) {
		printf("SKIP: test_profile: no temporary directory\n");
		return 77;
	}
	test_ini();
	test_secret();
	test_secret_line_ends();
	test_secret_fifo();
	test_secret_dumpable();
	const char *names[] = { "t.ini", "pw-ok", "pw-644", "pw-640", "pw-empty", "pw-big", "pw-crlf",
	                        "pw-2nl", "pw-2crlf", "pw-only-nl" };
	char path[256];
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	return test_done();
}
