/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * session.c - the operator's work as a small line-based text file, so a
 * colleague can open the same capture with it and carry on:
 *
 *   # comment
 *   trunkdoc-session 1
 *   capture /var/tmp/trunk.pcap          (informational)
 *   filter sip.method == REGISTER
 *   profile.registrar sip.example.net
 *   mark prov.portal-registered fail portal shows "not registered"
 *
 * One "key value" per line; values escape \\, \n, \r, \t and other control
 * bytes as \xNN.  The password is never written.  doc/export.md has the
 * full description.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/session.h"
#include "base/atomicfile.h"
#include "base/sanitize.h"
#include "store/store.h"

#define SESSION_MAGIC "trunkdoc-session"
#define SESSION_VERSION 1
#define SESSION_LINE_MAX 8192
#define SESSION_FILE_MAX (1 << 20)

/* The profile fields a session carries, by name.  The password is not a
 * profile field, and never one of these. */
struct pfield {
	const char *key;
	size_t off, size;
};
#define PF(name) { "profile." #name, offsetof(struct profile, name), sizeof(((struct profile *)0)->name) }
static const struct pfield pfields[] = {
	PF(name), PF(registrar), PF(user), PF(auth_user), PF(realm), PF(transport),
	PF(public_ip), PF(outbound_proxy), PF(local_net), PF(origin),
};
#undef PF

/* Writes a value as the loader reads it back: \\, \n, \r, \t escaped.
 * The loader refuses other control bytes (a session may come from someone
 * else, and its notes reach the terminal), so the value first goes
 * through the sanitiser, which writes any such byte as visible text (ESC
 * as "\e", others as "\xNN"): whatever is in memory, the file loads.
 * Marks and profile fields are cleaned when they come in, so this changes
 * nothing for them. */
static void put_escaped(FILE *f, const char *s)
{
	char clean[4 * FINDING_TEXT + 1];
	sanitize_str(clean, sizeof clean, s, SAN_KEEP_NEWLINES | SAN_KEEP_TABS);
	for (const unsigned char *p = (const unsigned char *)clean; *p; p++) {
		switch (*p) {
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\x%02x", *p);
			else
				fputc(*p, f);
		}
	}
}

bool session_save(const struct app *a, const char *path, char *err, size_t errlen)
{
	struct atomic_file af;
	if (!atomic_open(&af, path, err, errlen))
		return false;
	FILE *f = af.fp;
	fprintf(f, "# trunkdoc session: marks, notes, trunk profile (never the password)\n");
	fprintf(f, "%s %d\n", SESSION_MAGIC, SESSION_VERSION);
	size_t nsrc = a->store ? store_source_count(a->store) : 0;
	for (size_t i = 0; i < nsrc; i++) {
		const struct store_source *s = store_source_get(a->store, (uint16_t)i);
		if (s && s->name) {
			fputs(s->live ? "interface " : "capture ", f);
			put_escaped(f, s->name);
			fputc('\n', f);
		}
	}
	if (a->filter_text[0]) {
		fputs("filter ", f);
		put_escaped(f, a->filter_text);
		fputc('\n', f);
	}
	for (size_t i = 0; i < sizeof pfields / sizeof pfields[0]; i++) {
		const char *v = (const char *)&a->profile + pfields[i].off;
		if (!v[0])
			continue;
		fprintf(f, "%s ", pfields[i].key);
		put_escaped(f, v);
		fputc('\n', f);
	}
	if (a->profile.expires > 0)
		fprintf(f, "profile.expires %d\n", a->profile.expires);
	for (size_t i = 0; i < a->nmarks; i++) {
		const struct app_mark *m = &a->marks[i];
		fprintf(f, "mark %s %s", m->id, verdict_name(m->verdict));
		if (m->note[0]) {
			fputc(' ', f);
			put_escaped(f, m->note);
		}
		fputc('\n', f);
	}
	return atomic_commit(&af, true, err, errlen);
}

/* Undoes put_escaped() in place.  False on a broken escape. */
static bool unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r != '\\') {
			*w++ = *r;
			continue;
		}
		r++;
		switch (*r) {
		case '\\': *w++ = '\\'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'x':
			if (!isxdigit((unsigned char)r[1]) || !isxdigit((unsigned char)r[2]))
				return false;
			{
				char hex[3] = { r[1], r[2], 0 };
				unsigned v = (unsigned)strtoul(hex, NULL, 16);
				if (!v)
					return false;   /* a NUL would cut the value */
				*w++ = (char)v;
			}
			r += 2;
			break;
		default:
			return false;
		}
	}
	*w = 0;
	/* a session file may come from someone else: no escape sequences for
	 * the terminal hide in a note (newline and tab are fine) */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			return false;
	return true;
}

/* Values are cleaned as they are loaded, as they are when they come in
 * from the command line (app_set_mark, profile_sanitize): a byte the
 * writer would escape (invalid UTF-8, a C1 control, a bidi override) is
 * made visible here already, so a session saved and loaded again is the
 * same session. */
static void set_clean(char *dst, size_t size, const char *val)
{
	sanitize_str(dst, size, val, 0);
}

/* One message naming the file and the line; the file's own bytes in it
 * (its path, an id, a key) go through the sanitiser first. */
static bool fail_line(char *err, size_t errlen, const char *path, unsigned line, const char *what)
{
	char safe_path[512];
	sanitize_str(safe_path, sizeof safe_path, path, 0);
	snprintf(err, errlen, "session %s, line %u: %s", safe_path, line, what);
	return false;
}

static bool load_mark(struct app *a, char *rest, const char *path, unsigned line,
                      char *err, size_t errlen)
{
	char *id = rest, *sp = strchr(rest, ' ');
	if (!sp)
		return fail_line(err, errlen, path, line, "a mark wants: mark ID VERDICT [NOTE]");
	*sp = 0;
	char *vname = sp + 1, *note = strchr(vname, ' ');
	if (note)
		*note++ = 0;
	enum verdict v = verdict_from_name(vname);
	if ((int)v < 0)
		return fail_line(err, errlen, path, line, "the verdict is pass, fail, warn, skipped or unknown");
	if (check_index(id) < 0) {
		char msg[160], safe[80];
		sanitize(safe, sizeof safe, id, strnlen(id, 64), 0);
		snprintf(msg, sizeof msg, "no check has the id '%s'", safe);
		return fail_line(err, errlen, path, line, msg);
	}
	if (note && !unescape(note))
		return fail_line(err, errlen, path, line, "a broken \\ escape or a control character in the note");
	if (!app_set_mark(a, id, v, note))
		return fail_line(err, errlen, path, line, "too many marks");
	return true;
}

/* The profile from the command line or an imported configuration wins: a
 * session only fills fields that are still empty. */
static bool load_profile(struct app *a, const char *key, char *val, const char *path,
                         unsigned line, char *err, size_t errlen)
{
	if (!strcmp(key, "profile.expires")) {
		char *end;
		errno = 0;
		long v = strtol(val, &end, 10);
		if (errno || *end || end == val || v < 0 || v > 0x7fffffff)
			return fail_line(err, errlen, path, line, "profile.expires wants a number of seconds");
		if (a->profile.expires <= 0)
			a->profile.expires = (int)v;
		return true;
	}
	for (size_t i = 0; i < sizeof pfields / sizeof pfields[0]; i++) {
		if (strcmp(key, pfields[i].key))
			continue;
		if (!unescape(val))
			return fail_line(err, errlen, path, line, "a broken \\ escape or a control character");
		char *dst = (char *)&a->profile + pfields[i].off;
		if (!dst[0])
			set_clean(dst, pfields[i].size, val);
		return true;
	}
	return fail_line(err, errlen, path, line, "unknown profile field");
}

/* One line after the header: false with the reason in err when the line
 * cannot be used (the caller warns and goes on with the next). */
static bool load_line(struct app *a, char *key, char *val, const char *path, unsigned line,
                      char *err, size_t errlen)
{
	if (!strcmp(key, "capture") || !strcmp(key, "interface"))
		return true;   /* informational: which capture the work was done on */
	if (!strcmp(key, "filter")) {
		if (!unescape(val))
			return fail_line(err, errlen, path, line, "a broken \\ escape or a control character");
		if (!a->filter_text[0])
			set_clean(a->filter_text, sizeof a->filter_text, val);
		return true;
	}
	if (!strncmp(key, "profile.", 8))
		return load_profile(a, key, val, path, line, err, errlen);
	if (!strcmp(key, "mark"))
		return load_mark(a, val, path, line, err, errlen);
	char msg[160], safe[100];
	sanitize(safe, sizeof safe, key, strnlen(key, 60), 0);
	snprintf(msg, sizeof msg, "unknown line '%s'", safe);
	return fail_line(err, errlen, path, line, msg);
}

/* A line that cannot be used is skipped with a warning and the rest of
 * the file is kept: one bad line (a hand edit, a session from a newer
 * trunkdoc, a note written by a trunkdoc that did not clean it) must not
 * cost the operator every mark.  Only a file that is not a session at all
 * (or of a newer format, or unreadable) is an error. */
bool session_load(struct app *a, const char *path, session_warn_fn warn, void *ctx,
                  char *err, size_t errlen)
{
	/* opened without blocking, then only a regular file is read: a FIFO
	 * with no writer would wait forever in open() */
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return true;   /* a new session: written at the end */
		char safe_path[512];
		sanitize_str(safe_path, sizeof safe_path, path, 0);
		snprintf(err, errlen, "cannot read session %s: %s", safe_path, strerror(errno));
		return false;
	}
	/* a session is a few kilobytes; a huge file is not one (and getline
	 * would hold a huge line in memory) */
	struct stat sb;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return fail_line(err, errlen, path, 0, "not a regular file");
	}
	if (sb.st_size > SESSION_FILE_MAX) {
		close(fd);
		return fail_line(err, errlen, path, 0, "too large for a session file");
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return fail_line(err, errlen, path, 0, strerror(errno));
	}
	char *buf = NULL, why[1024];
	size_t cap = 0;
	ssize_t got;
	unsigned line = 0;
	bool ok = true, seen_magic = false;
	while (ok && (got = getline(&buf, &cap, f)) >= 0) {
		line++;
		size_t len = (size_t)got;
		bool usable = true;
		if (len > SESSION_LINE_MAX)
			usable = fail_line(why, sizeof why, path, line, "line too long");
		else if (memchr(buf, 0, len))
			usable = fail_line(why, sizeof why, path, line, "a NUL byte: not text");
		if (!usable && !seen_magic) {
			ok = fail_line(err, errlen, path, line, "not a trunkdoc session file");
			break;
		}
		if (!usable) {
			if (warn)
				warn(ctx, why);
			continue;
		}
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = 0;
		if (!len || buf[0] == '#')
			continue;
		char *key = buf, *val = strchr(buf, ' ');
		if (val)
			*val++ = 0;
		else
			val = buf + len;
		if (!seen_magic) {
			if (strcmp(key, SESSION_MAGIC)) {
				ok = fail_line(err, errlen, path, line, "not a trunkdoc session file");
			} else if (atoi(val) != SESSION_VERSION) {
				ok = fail_line(err, errlen, path, line,
				               "session format version not understood (made by a newer trunkdoc?)");
			}
			seen_magic = true;
			continue;
		}
		if (!load_line(a, key, val, path, line, why, sizeof why) && warn)
			warn(ctx, why);
	}
	if (ok && ferror(f)) {
		char safe_path[512];
		sanitize_str(safe_path, sizeof safe_path, path, 0);
		snprintf(err, errlen, "cannot read session %s: %s", safe_path, strerror(errno));
		ok = false;
	}
	if (ok && !seen_magic)
		ok = fail_line(err, errlen, path, line, "empty: not a trunkdoc session file");
	free(buf);
	fclose(f);
	return ok;
}
