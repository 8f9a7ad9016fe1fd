/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * secret.c - reading the trunk password without leaving it behind: the
 * buffer is mlock()ed (best effort: it fails without RLIMIT_MEMLOCK room,
 * which only means the page may be swapped) and marked MADV_DONTDUMP (its
 * pages stay out of a core file), every temporary is wiped with
 * explicit_bzero, a file is refused unless it is a regular file only its
 * owner can read, and while a password is held the process is not
 * dumpable (no core file at all, and no other process of the same user
 * may ptrace it or read its memory through /proc).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "trunk/secret.h"

/* Dumpability is per process: it is dropped while any secret is held (or
 * being read) and given back, as it was, when the last one is wiped. */
static unsigned secrets_held;
static int dumpable_before = -1;    /* -1: not dropped */

static void undumpable_begin(void)
{
	if (dumpable_before < 0) {
		int was = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
		dumpable_before = was < 0 ? 0 : was;
	}
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static void undumpable_end(void)
{
	if (secrets_held == 0 && dumpable_before >= 0) {
		(void)prctl(PR_SET_DUMPABLE, dumpable_before, 0, 0, 0);
		dumpable_before = -1;
	}
}

/* The whole pages under [p, p+len): madvise() wants page boundaries, so
 * the neighbours of a secret on its pages stay out of a core too. */
static void keep_out_of_core(void *p, size_t len)
{
	long pg = sysconf(_SC_PAGESIZE);
	if (pg <= 0)
		return;
	uintptr_t start = (uintptr_t)p & ~(uintptr_t)(pg - 1);
	uintptr_t end = ((uintptr_t)p + len + (uintptr_t)pg - 1) & ~(uintptr_t)(pg - 1);
	(void)madvise((void *)start, end - start, MADV_DONTDUMP);
}

void secret_init(struct secret *s)
{
	memset(s, 0, sizeof *s);
	(void)mlock(s, sizeof *s);
	keep_out_of_core(s, sizeof *s);
}

void secret_wipe(struct secret *s)
{
	explicit_bzero(s->value, sizeof s->value);
	s->len = 0;
	if (s->set && secrets_held)
		secrets_held--;
	s->set = false;
	s->changes++;
	undumpable_end();
}

/* Drops every trailing line end: a file written by `echo` ends in one, by
 * an editor or a here-document sometimes in two, on Windows in CR LF; a
 * password never ends in one, and keeping one makes the digest check
 * blame the PBX for a wrong password. */
static size_t strip_newline(char *v, size_t n)
{
	while (n && (v[n - 1] == '\n' || v[n - 1] == '\r'))
		n--;
	return n;
}

bool secret_set(struct secret *s, const char *value, size_t len)
{
	if (len >= SECRET_MAX || memchr(value, 0, len))
		return false;
	undumpable_begin();
	if (!s->set)
		secrets_held++;
	explicit_bzero(s->value, sizeof s->value);
	memcpy(s->value, value, len);
	s->value[len] = 0;
	s->len = len;
	s->set = true;
	s->changes++;
	return true;
}

bool secret_from_file(struct secret *s, const char *path, char *err, size_t errlen)
{
	/* O_NONBLOCK: opening a FIFO with no writer would wait forever (and a
	 * device may do anything); fstat() then refuses all but a regular file,
	 * and only that is read, blocking again. */
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		snprintf(err, errlen, "--password-file %s: %s", path, strerror(errno));
		return false;
	}
	struct stat sb;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		snprintf(err, errlen, "--password-file %s: not a regular file (a FIFO, device or directory "
		         "is refused); give a file only you can read", path);
		return false;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		snprintf(err, errlen, "--password-file %s: readable by others (mode %03o); run chmod 600 on it",
		         path, (unsigned)(sb.st_mode & 0777));
		return false;
	}
	char buf[SECRET_MAX + 2];
	undumpable_begin();
	(void)mlock(buf, sizeof buf);
	size_t n = 0;
	for (;;) {
		ssize_t r = read(fd, buf + n, sizeof buf - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "--password-file %s: %s", path, strerror(errno));
			close(fd);
			explicit_bzero(buf, sizeof buf);
			undumpable_end();
			return false;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n >= sizeof buf - 1)
			break;
	}
	close(fd);
	n = strip_newline(buf, n);
	bool ok = n > 0 && secret_set(s, buf, n);
	explicit_bzero(buf, sizeof buf);
	(void)munlock(buf, sizeof buf);
	undumpable_end();
	if (!ok)
		snprintf(err, errlen, "--password-file %s: %s", path,
		         n == 0 ? "empty" : "longer than 255 bytes or holds a NUL byte");
	return ok;
}

bool secret_from_env(struct secret *s)
{
	const char *v = getenv("TRUNKDOC_PASSWORD");
	if (!v || !*v)
		return false;
	bool ok = secret_set(s, v, strlen(v));
	/* Wipe the value where it lives: /proc/PID/environ shows the original
	 * environment block to the same user for as long as we run; then keep
	 * the name out of anything we might start later. */
	explicit_bzero((char *)v, strlen(v));
	unsetenv("TRUNKDOC_PASSWORD");
	return ok;
}

static volatile sig_atomic_t prompt_interrupt;

static void prompt_interrupted(int sig)
{
	(void)sig;
	prompt_interrupt = 1;
}

bool secret_from_prompt(struct secret *s, const char *prompt, char *err, size_t errlen)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "--ask-password needs a terminal (/dev/tty: %s); use --password-file or TRUNKDOC_PASSWORD",
		         strerror(errno));
		return false;
	}
	struct termios old, quiet;
	if (tcgetattr(fd, &old) < 0) {
		close(fd);
		snprintf(err, errlen, "--ask-password: cannot set up the terminal: %s", strerror(errno));
		return false;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
	quiet.c_lflag |= ICANON;
	/* Ctrl-C during the prompt must not leave the terminal silent: catch it
	 * (no SA_RESTART, so read() returns), restore, then give up. */
	struct sigaction on_int = { .sa_handler = prompt_interrupted }, old_int, old_term;
	sigemptyset(&on_int.sa_mask);
	prompt_interrupt = 0;
	sigaction(SIGINT, &on_int, &old_int);
	sigaction(SIGTERM, &on_int, &old_term);
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* nothing to do: the read below still works */
	}
	tcsetattr(fd, TCSAFLUSH, &quiet);
	char buf[SECRET_MAX + 2];
	undumpable_begin();
	(void)mlock(buf, sizeof buf);
	size_t n = 0;
	bool eol = false;
	while (n < sizeof buf - 1 && !prompt_interrupt) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (c == '\n' || c == '\r') {
			eol = true;
			break;
		}
		buf[n++] = c;
	}
	tcsetattr(fd, TCSAFLUSH, &old);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (write(fd, "\n", 1) < 0) {
		/* the newline is cosmetic */
	}
	close(fd);
	if (prompt_interrupt) {
		explicit_bzero(buf, sizeof buf);
		undumpable_end();
		snprintf(err, errlen, "--ask-password: interrupted");
		return false;
	}
	bool ok = eol && n > 0 && secret_set(s, buf, n);
	explicit_bzero(buf, sizeof buf);
	(void)munlock(buf, sizeof buf);
	undumpable_end();
	if (!ok)
		snprintf(err, errlen, "--ask-password: %s",
		         !eol ? (n ? "password longer than 255 bytes" : "no password read") : "empty password");
	return ok;
}
