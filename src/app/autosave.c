/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * autosave.c - where the screen keeps the operator's work by default (see
 * autosave.h).  Under sudo the files go to the invoking user's home (the
 * capture drops to that user before anything is written), not root's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/autosave.h"
#include "app/options.h"

#define NOTES_MAX 8192

static bool make_dir(const char *path)
{
	return mkdir(path, 0700) == 0 || errno == EEXIST;
}

/* mkdir -p, 0700 for what it makes */
static bool make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		bool ok = make_dir(path);
		*p = '/';
		if (!ok)
			return false;
	}
	return make_dir(path);
}

static const char *home_dir(void)
{
	/* after sudo, HOME is root's while we already run as the user */
	const char *home = getenv("SUDO_UID") ? NULL : getenv("HOME");
	if (home && home[0] == '/')
		return home;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
}

bool autosave_dir(char *out, size_t len, char *err, size_t errlen)
{
	const char *xdg = getenv("SUDO_UID") ? NULL : getenv("XDG_STATE_HOME");
	int n;
	if (xdg && xdg[0] == '/') {
		n = snprintf(out, len, "%s/trunkdoc", xdg);
	} else {
		const char *home = home_dir();
		if (!home) {
			snprintf(err, errlen, "no home directory to keep the session in");
			return false;
		}
		n = snprintf(out, len, "%s/.local/state/trunkdoc", home);
	}
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "the state directory's path is too long");
		return false;
	}
	if (!make_dirs(out)) {
		snprintf(err, errlen, "cannot make %s: %s", out, strerror(errno));
		return false;
	}
	return true;
}

/* FNV-1a: names a file, nothing more */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* A file name part with only [A-Za-z0-9._-] */
static void safe_name(char *out, size_t len, const char *in)
{
	size_t k = 0;
	for (; *in && k + 1 < len && k < 40; in++)
		out[k++] = (*in >= 'a' && *in <= 'z') || (*in >= 'A' && *in <= 'Z') ||
		           (*in >= '0' && *in <= '9') || *in == '.' || *in == '-' || *in == '_' ? *in : '_';
	out[k] = 0;
}

bool autosave_session_path(const struct options *o, time_t start, char *out, size_t len,
                           char *err, size_t errlen)
{
	char dir[PATH_MAX], name[64];
	if (!o->interface && !o->nread) {
		snprintf(err, errlen, "no capture to keep a session for");
		return false;
	}
	if (!o->interface) {
		for (size_t i = 0; i < o->nread; i++)
			if (!strcmp(o->read_files[i], "-")) {
				snprintf(err, errlen, "standard input cannot be recognised again: give --session FILE");
				return false;
			}
	}
	if (!autosave_dir(dir, sizeof dir, err, errlen))
		return false;
	size_t dl = strlen(dir);
	if (dl + sizeof "/sessions" > sizeof dir) {
		snprintf(err, errlen, "the state directory's path is too long");
		return false;
	}
	memcpy(dir + dl, "/sessions", sizeof "/sessions");
	if (!make_dir(dir)) {
		snprintf(err, errlen, "cannot make %s: %s", dir, strerror(errno));
		return false;
	}
	int n;
	if (o->interface) {
		char stamp[32];
		struct tm tm;
		gmtime_r(&start, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
		safe_name(name, sizeof name, o->interface);
		n = snprintf(out, len, "%s/live-%s-%s.session", dir, name, stamp);
	} else {
		uint64_t h = 0xcbf29ce484222325ULL;
		for (size_t i = 0; i < o->nread; i++) {
			char abs[PATH_MAX];
			struct stat sb;
			if (!realpath(o->read_files[i], abs) || stat(abs, &sb) != 0) {
				snprintf(err, errlen, "cannot identify %s", o->read_files[i]);
				return false;
			}
			h = fnv(h, abs, strlen(abs) + 1);
			int64_t sz = (int64_t)sb.st_size, mt = (int64_t)sb.st_mtime;
			h = fnv(h, &sz, sizeof sz);
			h = fnv(h, &mt, sizeof mt);
		}
		const char *base = strrchr(o->read_files[0], '/');
		safe_name(name, sizeof name, base ? base + 1 : o->read_files[0]);
		n = snprintf(out, len, "%s/%s-%016llx.session", dir, name, (unsigned long long)h);
	}
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "the session file's path is too long");
		return false;
	}
	return true;
}

static bool notes_path(char *out, size_t len)
{
	char dir[PATH_MAX], err[256];
	if (!autosave_dir(dir, sizeof dir, err, sizeof err))
		return false;
	int n = snprintf(out, len, "%s/kept", dir);
	return n > 0 && (size_t)n < len;
}

void autosave_note_kept(const char *pcap_path, const char *iface)
{
	char path[PATH_MAX];
	if (!notes_path(path, sizeof path))
		return;
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	char line[PATH_MAX + 160];
	int n = snprintf(line, sizeof line,
	                 "the live capture on %s that ended without a save was kept: trunkdoc -r %s\n",
	                 iface, pcap_path);
	if (n > 0 && (size_t)n < sizeof line && write(fd, line, (size_t)n) != n) {
		/* nothing more can be done on the way out */
	}
	close(fd);
}

char *autosave_take_notes(void)
{
	char path[PATH_MAX];
	if (!notes_path(path, sizeof path))
		return NULL;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	char *buf = malloc(NOTES_MAX);
	ssize_t n = buf ? read(fd, buf, NOTES_MAX - 1) : -1;
	close(fd);
	unlink(path);
	if (n <= 0) {
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	return buf;
}
