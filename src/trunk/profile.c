/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * profile.c - the trunk profile and its INI file (doc/profile.md):
 *
 *   # comment            ; comment
 *   [trunk]
 *   name = acme-main
 *   registrar = sip.example.net:5060
 *   user = 4420000000
 *   auth_user = trunk123          (also auth-user, authuser)
 *   realm = sip.example.net
 *   transport = udp | tcp | tls
 *   public_ip = 203.0.113.7       (also public-ip)
 *   outbound_proxy = proxy.example.net
 *   expires = 600
 *
 * One [trunk] section; a key outside it, an unknown key, a bad value or a
 * password line is an error naming the file and line.  Values may be
 * quoted with "..." to keep leading or trailing blanks.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/span.h"
#include "base/sanitize.h"
#include "trunk/profile.h"

#define LINE_MAX_LEN 1024

void profile_init(struct profile *p)
{
	memset(p, 0, sizeof *p);
}

bool profile_is_empty(const struct profile *p)
{
	return !p->registrar[0] && !p->user[0] && !p->auth_user[0] && !p->realm[0] &&
	       !p->transport[0] && !p->public_ip[0] && !p->outbound_proxy[0] && !p->expires;
}

static void clean_field(char *field, size_t size)
{
	char clean[PROFILE_FIELD_MAX];
	if (size > sizeof clean)
		size = sizeof clean;
	sanitize_str(clean, size, field, 0);
	memcpy(field, clean, strlen(clean) + 1);
}

void profile_sanitize(struct profile *p)
{
#define CLEAN(f) clean_field(p->f, sizeof p->f)
	CLEAN(name); CLEAN(registrar); CLEAN(user); CLEAN(auth_user); CLEAN(realm);
	CLEAN(transport); CLEAN(public_ip); CLEAN(outbound_proxy); CLEAN(local_net); CLEAN(origin);
#undef CLEAN
}

struct key_def {
	const char *names[3];
	size_t off, size;
};

#define KEY(field, ...) { { __VA_ARGS__ }, offsetof(struct profile, field), sizeof ((struct profile *)0)->field }
static const struct key_def keys[] = {
	KEY(name, "name"),
	KEY(registrar, "registrar", "domain", "server"),
	KEY(user, "user", "username", "account"),
	KEY(auth_user, "auth_user", "auth-user", "authuser"),
	KEY(realm, "realm"),
	KEY(transport, "transport"),
	KEY(public_ip, "public_ip", "public-ip"),
	KEY(outbound_proxy, "outbound_proxy", "outbound-proxy", "proxy"),
	KEY(local_net, "local_net", "local-net"),
};

static const struct key_def *find_key(const char *k)
{
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		for (size_t j = 0; j < 3 && keys[i].names[j]; j++)
			if (!strcasecmp(keys[i].names[j], k))
				return &keys[i];
	return NULL;
}

/* Applies one key = value; false with a reason in why. */
static bool set_key(struct profile *p, const char *k, const char *v, const char **why)
{
	if (!strcasecmp(k, "password") || !strcasecmp(k, "secret")) {
		*why = "a password does not belong in the profile: use --password-file, --ask-password or TRUNKDOC_PASSWORD";
		return false;
	}
	if (!strcasecmp(k, "expires")) {
		char *end;
		errno = 0;
		long n = strtol(v, &end, 10);
		if (errno || *end || end == v || n <= 0 || n > 0x7fffffff) {
			*why = "expires wants a number of seconds above 0";
			return false;
		}
		p->expires = (int)n;
		return true;
	}
	const struct key_def *d = find_key(k);
	if (!d) {
		*why = "unknown key (see doc/profile.md)";
		return false;
	}
	if (strlen(v) >= d->size) {
		*why = "value too long";
		return false;
	}
	if (d->off == offsetof(struct profile, transport) && strcasecmp(v, "udp") && strcasecmp(v, "tcp") &&
	    strcasecmp(v, "tls") && *v) {
		*why = "transport is udp, tcp or tls";
		return false;
	}
	char *field = (char *)p + d->off;
	snprintf(field, d->size, "%s", v);
	if (d->off == offsetof(struct profile, transport))
		for (char *c = field; *c; c++)
			*c = (char)tolower((unsigned char)*c);
	return true;
}

bool profile_load_ini(struct profile *p, const char *path, char *err, size_t errlen)
{
	/* only a regular file is read: a FIFO with no writer would wait
	 * forever in open() */
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	struct stat sb;
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return false;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		snprintf(err, errlen, "%s: not a regular file", path);
		return false;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	FILE *fp = fdopen(fd, "r");
	if (!fp) {
		close(fd);
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return false;
	}
	char line[LINE_MAX_LEN + 2];
	unsigned lineno = 0;
	bool in_trunk = false, seen_trunk = false, ok = true;
	const char *why = NULL;
	while (fgets(line, sizeof line, fp)) {
		lineno++;
		size_t n = strlen(line);
		if (n == sizeof line - 1 && line[n - 1] != '\n') {
			why = "line too long";
			ok = false;
			break;
		}
		char *s = span_trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *rb = strchr(s, ']');
			if (!rb || rb[1]) {
				why = "a section header is [name]";
				ok = false;
				break;
			}
			*rb = 0;
			char *name = span_trim(s + 1);
			in_trunk = !strcasecmp(name, "trunk");
			if (!in_trunk) {
				why = "the only section is [trunk]";
				ok = false;
				break;
			}
			if (seen_trunk) {
				why = "[trunk] appears twice";
				ok = false;
				break;
			}
			seen_trunk = true;
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq) {
			why = "expected key = value";
			ok = false;
			break;
		}
		if (!in_trunk) {
			why = "key before the [trunk] section";
			ok = false;
			break;
		}
		*eq = 0;
		char *k = span_trim(s), *v = span_trim(eq + 1);
		size_t vl = strlen(v);
		if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
			v[vl - 1] = 0;
			v++;
		}
		if (!set_key(p, k, v, &why)) {
			ok = false;
			break;
		}
	}
	if (ok && ferror(fp)) {
		why = "read error";
		ok = false;
	}
	if (ok && !seen_trunk) {
		why = "no [trunk] section";
		ok = false;
		lineno = 0;
	}
	fclose(fp);
	explicit_bzero(line, sizeof line);   /* a refused password line must not linger */
	if (!ok) {
		if (lineno)
			snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
		else
			snprintf(err, errlen, "%s: %s", path, why);
		return false;
	}
	snprintf(p->origin, sizeof p->origin, "%s", path);
	return true;
}
