/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * import_util.c - shared helpers of the configuration importers.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <osipparser2/osip_uri.h>

#include "base/sanitize.h"
#include "trunk/import_util.h"

void import_error(char *err, size_t errlen, const char *path, unsigned line,
                  const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* The path may come from an #include line: it is file text too. */
	char safe[1024], safe_path[1024];
	sanitize_str(safe, sizeof safe, msg, 0);
	sanitize_str(safe_path, sizeof safe_path, path, 0);
	if (line)
		snprintf(err, errlen, "%s:%u: %s", safe_path, line, safe);
	else
		snprintf(err, errlen, "%s: %s", safe_path, safe);
}

/* A configuration is a regular file: a FIFO with no writer (or an
 * `#include /dev/stdin`) would wait forever in open() or read(), so the
 * file is opened without blocking and anything else is refused. */
static FILE *open_regular(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		import_error(err, errlen, path, 0, "cannot read: %s", strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		import_error(err, errlen, path, 0, "not a regular file");
		return NULL;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		import_error(err, errlen, path, 0, "cannot read: %s", strerror(errno));
	}
	return f;
}

char *import_read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = open_regular(path, err, errlen);
	if (!f)
		return NULL;
	char *buf = malloc(IMPORT_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		import_error(err, errlen, path, 0, "out of memory");
		return NULL;
	}
	size_t n = fread(buf, 1, IMPORT_FILE_MAX + 1, f);
	bool failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		import_error(err, errlen, path, 0, "read error");
		return NULL;
	}
	if (n > IMPORT_FILE_MAX) {
		free(buf);
		import_error(err, errlen, path, 0, "larger than %u bytes: not a PBX configuration",
		             IMPORT_FILE_MAX);
		return NULL;
	}
	if (memchr(buf, '\0', n)) {
		free(buf);
		import_error(err, errlen, path, 0, "contains NUL bytes: not a text configuration");
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

char *import_next_line(char **cursor)
{
	char *s = *cursor;
	if (!s)
		return NULL;
	char *nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		*cursor = nl + 1;
	} else {
		if (!*s) {
			*cursor = NULL;
			return NULL;
		}
		*cursor = NULL;
	}
	size_t n = strlen(s);
	if (n && s[n - 1] == '\r')
		s[n - 1] = '\0';
	return s;
}

char *import_trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

void import_copy(char *dst, size_t dstlen, const char *src)
{
	sanitize_str(dst, dstlen, src ? src : "", 0);
}

bool import_ieq(const char *a, const char *b)
{
	return a && b && !strcasecmp(a, b);
}

void import_norm_transport(char *dst, size_t dstlen, const char *src)
{
	static const char *const known[] = { "udp", "tcp", "tls", "wss", "ws" };
	const char *found = "";
	if (src) {
		/* "transport-udp", "udp", "TCP": the last known token wins. */
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
			size_t kl = strlen(known[i]);
			for (const char *p = src; (p = strcasestr(p, known[i])); p++) {
				bool left = p == src || !isalnum((unsigned char)p[-1]);
				bool right = !isalnum((unsigned char)p[kl]);
				if (left && right) {
					found = known[i];
					break;
				}
			}
			if (*found)
				break;
		}
	}
	snprintf(dst, dstlen, "%s", found);
}

static void format_hostport(char *dst, size_t dstlen, const char *host, int port)
{
	bool v6 = strchr(host, ':') != NULL;
	if (port)
		snprintf(dst, dstlen, v6 ? "[%s]:%d" : "%s:%d", host, port);
	else
		snprintf(dst, dstlen, v6 ? "[%s]" : "%s", host);
}

bool import_parse_uri(const char *text, struct import_uri *u)
{
	memset(u, 0, sizeof *u);
	if (!text)
		return false;
	char buf[512];
	snprintf(buf, sizeof buf, "%s", text);
	char *s = import_trim(buf);
	if (*s == '<') {
		s++;
		char *gt = strchr(s, '>');
		if (gt)
			*gt = '\0';
	}
	if (!*s)
		return false;
	/* A bare "host[:port]" is how many configurations write it. */
	char full[600];
	if (strncasecmp(s, "sip:", 4) && strncasecmp(s, "sips:", 5))
		snprintf(full, sizeof full, "sip:%s", s);
	else
		snprintf(full, sizeof full, "%s", s);

	osip_uri_t *uri = NULL;
	if (osip_uri_init(&uri) != 0)
		return false;
	bool ok = osip_uri_parse(uri, full) == 0 && uri->host && uri->host[0];
	if (ok) {
		import_copy(u->host, sizeof u->host, uri->host);
		if (uri->username)
			import_copy(u->user, sizeof u->user, uri->username);
		if (uri->port && uri->port[0]) {
			char *end;
			long port = strtol(uri->port, &end, 10);
			if (*end || port <= 0 || port > 65535)
				ok = false;
			else
				u->port = (int)port;
		}
		osip_uri_param_t *tp = NULL;
		if (osip_uri_uparam_get_byname(uri, "transport", &tp) == 0 && tp && tp->gvalue)
			import_norm_transport(u->transport, sizeof u->transport, tp->gvalue);
		else if (uri->scheme && !strcasecmp(uri->scheme, "sips"))
			snprintf(u->transport, sizeof u->transport, "tls");
		format_hostport(u->hostport, sizeof u->hostport, u->host, u->port);
	}
	osip_uri_free(uri);
	return ok;
}
