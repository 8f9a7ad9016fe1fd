/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * import_sipconf.c - the trunk profile from chan_sip's sip.conf.
 *
 * A trunk registers with one line in [general]:
 *
 *   register => [peer?][transport://]user[@domain][:secret[:authuser]]@host[:port][/extension][~expiry]
 *
 * Taken apart right to left, as chan_sip does: ~expiry, /extension, then the
 * last '@' splits the credentials from host[:port].  [general] also gives
 * externip/externaddr (the public address) and localnet.  The secret goes
 * into the struct secret and nowhere else: no error message quotes a
 * register line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunk/import.h"
#include "trunk/import_util.h"
#include "trunk/profile.h"
#include "trunk/secret.h"

struct sipconf_reg {
	char peer[PROFILE_FIELD_MAX];
	char transport[16];
	char user[PROFILE_FIELD_MAX];
	char domain[PROFILE_FIELD_MAX];
	char secret[SECRET_MAX];
	char authuser[PROFILE_FIELD_MAX];
	char hostport[PROFILE_FIELD_MAX];
	char host[PROFILE_FIELD_MAX];
	char extension[PROFILE_FIELD_MAX];
	int expiry;
	unsigned line;
};

static bool parse_number(const char *s, long lo, long hi, long *out)
{
	char *end;
	if (!*s)
		return false;
	long v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* Parses the value of one register line into r; on error writes what is
 * wrong (never the line itself: it holds the secret). */
static bool parse_register(char *v, struct sipconf_reg *r, char *why, size_t whylen)
{
	memset(r, 0, sizeof *r);
	char *tilde = strrchr(v, '~');
	if (tilde) {
		long e;
		*tilde = '\0';
		if (!parse_number(import_trim(tilde + 1), 1, 0x7fffffff, &e)) {
			snprintf(why, whylen, "the ~expiry is not a positive number");
			return false;
		}
		r->expiry = (int)e;
	}
	char *q = strchr(v, '?');
	char *at_first = strchr(v, '@');
	if (q && (!at_first || q < at_first)) {
		*q = '\0';
		import_copy(r->peer, sizeof r->peer, import_trim(v));
		v = q + 1;
	}
	char *scheme = strstr(v, "://");
	if (scheme) {
		*scheme = '\0';
		import_norm_transport(r->transport, sizeof r->transport, v);
		if (!r->transport[0] || !strcmp(r->transport, "ws") || !strcmp(r->transport, "wss")) {
			snprintf(why, whylen, "transport must be udp://, tcp:// or tls://");
			return false;
		}
		v = scheme + 3;
	}
	char *at = strrchr(v, '@');
	if (!at) {
		snprintf(why, whylen, "no '@host' after the user part");
		return false;
	}
	*at = '\0';
	char *hostpart = import_trim(at + 1);
	char *slash = strchr(hostpart, '/');
	if (slash) {
		*slash = '\0';
		import_copy(r->extension, sizeof r->extension, slash + 1);
	}
	if (!*hostpart) {
		snprintf(why, whylen, "the host after '@' is empty");
		return false;
	}
	struct import_uri hu;
	if (!import_parse_uri(hostpart, &hu) || hu.user[0]) {
		snprintf(why, whylen, "the host[:port] after '@' is not valid");
		return false;
	}
	snprintf(r->hostport, sizeof r->hostport, "%s", hu.hostport);
	snprintf(r->host, sizeof r->host, "%s", hu.host);

	/* user[@domain][:secret[:authuser]] */
	char *userpart = import_trim(v);
	char *colon = strchr(userpart, ':');
	if (colon) {
		*colon = '\0';
		char *secret = colon + 1;
		char *colon2 = strchr(secret, ':');
		if (colon2) {
			*colon2 = '\0';
			import_copy(r->authuser, sizeof r->authuser, import_trim(colon2 + 1));
		}
		if (strlen(secret) >= sizeof r->secret) {
			snprintf(why, whylen, "the secret is longer than %d bytes", SECRET_MAX - 1);
			return false;
		}
		snprintf(r->secret, sizeof r->secret, "%s", secret);
	}
	char *dom = strchr(userpart, '@');
	if (dom) {
		*dom = '\0';
		import_copy(r->domain, sizeof r->domain, import_trim(dom + 1));
	}
	import_copy(r->user, sizeof r->user, import_trim(userpart));
	if (!r->user[0]) {
		snprintf(why, whylen, "the user part is empty");
		return false;
	}
	return true;
}

static bool reg_matches(const struct sipconf_reg *r, const char *trunk)
{
	return !strcmp(r->user, trunk) || !strcmp(r->host, trunk) || !strcmp(r->hostport, trunk) ||
	       !strcmp(r->peer, trunk) || (r->authuser[0] && !strcmp(r->authuser, trunk)) ||
	       (r->domain[0] && !strcmp(r->domain, trunk));
}

bool import_sipconf(struct profile *p, struct secret *pw, const char *path, const char *trunk,
                    char *err, size_t errlen)
{
	size_t buflen = 0;
	char *buf = import_read_file(path, &buflen, err, errlen);
	if (!buf)
		return false;
	bool ok = false;
	struct sipconf_reg *chosen = calloc(1, sizeof *chosen), *cur = calloc(1, sizeof *cur);
	size_t nregs = 0, nmatch = 0;
	char section[PROFILE_FIELD_MAX] = "";
	char externip[sizeof p->public_ip] = "", localnet[PROFILE_FIELD_MAX] = "";
	long default_expiry = 0;
	unsigned lineno = 0;
	if (!chosen || !cur) {
		import_error(err, errlen, path, 0, "out of memory");
		goto out;
	}
	char *cursor = buf;
	for (char *line; (line = import_next_line(&cursor));) {
		lineno++;
		char *semi = strchr(line, ';');
		if (semi)
			*semi = '\0';
		line = import_trim(line);
		if (!*line || *line == '#')
			continue;
		if (*line == '[') {
			char *close = strchr(line, ']');
			if (!close) {
				import_error(err, errlen, path, lineno, "section header is missing its ']'");
				goto out;
			}
			*close = '\0';
			import_copy(section, sizeof section, import_trim(line + 1));
			continue;
		}
		char *eq = strchr(line, '=');
		if (!eq) {
			import_error(err, errlen, path, lineno, "expected 'name = value' or a [section]");
			goto out;
		}
		*eq = '\0';
		char *key = import_trim(line);
		char *value = eq + 1;
		if (*value == '>')
			value++;
		value = import_trim(value);
		if (!section[0]) {
			import_error(err, errlen, path, lineno, "option before any [section]");
			goto out;
		}
		if (strcasecmp(section, "general"))
			continue;   /* peers: not needed for the registration */
		if (!strcasecmp(key, "register")) {
			char why[128];
			if (!parse_register(value, cur, why, sizeof why)) {
				import_error(err, errlen, path, lineno, "register line: %s", why);
				goto out;
			}
			cur->line = lineno;
			nregs++;
			bool take = trunk ? reg_matches(cur, trunk) : true;
			if (take) {
				nmatch++;
				if (nmatch == 1)
					*chosen = *cur;
			}
			memset(cur->secret, 0, sizeof cur->secret);
		} else if (!strcasecmp(key, "externip") || !strcasecmp(key, "externaddr")) {
			/* externaddr may carry a :port; the profile wants the address. */
			struct import_uri u;
			if (import_parse_uri(value, &u))
				import_copy(externip, sizeof externip, u.host);
		} else if (!strcasecmp(key, "localnet")) {
			size_t n = strlen(localnet);
			snprintf(localnet + n, sizeof localnet - n, "%s%s", n ? ", " : "", value);
		} else if (!strcasecmp(key, "defaultexpiry") || !strcasecmp(key, "default_expiry")) {
			if (!parse_number(value, 1, 0x7fffffff, &default_expiry)) {
				import_error(err, errlen, path, lineno,
				             "%s must be a positive number of seconds", key);
				goto out;
			}
		}
	}
	if (nregs == 0) {
		import_error(err, errlen, path, 0, "no 'register =>' line in [general]: nothing "
		             "registers a trunk here");
		goto out;
	}
	if (trunk && nmatch == 0) {
		import_error(err, errlen, path, 0, "no register line for '%s' (match on user, host, "
		             "domain, auth user or peer?)", trunk);
		goto out;
	}
	if (nmatch > 1) {
		import_error(err, errlen, path, 0, "%zu register lines%s%s%s: choose one with --trunk "
		             "NAME (user or host)", nmatch, trunk ? " match '" : "",
		             trunk ? trunk : "", trunk ? "'" : "");
		goto out;
	}
	import_copy(p->name, sizeof p->name, chosen->peer[0] ? chosen->peer : chosen->user);
	if (chosen->domain[0] && strcasecmp(chosen->domain, chosen->host)) {
		/* user@domain...@host: the request goes to host, the AOR is at domain. */
		snprintf(p->registrar, sizeof p->registrar, "%s", chosen->domain);
		snprintf(p->outbound_proxy, sizeof p->outbound_proxy, "%s", chosen->hostport);
	} else {
		snprintf(p->registrar, sizeof p->registrar, "%s", chosen->hostport);
	}
	snprintf(p->user, sizeof p->user, "%s", chosen->user);
	if (chosen->authuser[0])
		snprintf(p->auth_user, sizeof p->auth_user, "%s", chosen->authuser);
	snprintf(p->transport, sizeof p->transport, "%s", chosen->transport);
	p->expires = chosen->expiry ? chosen->expiry : (int)default_expiry;
	snprintf(p->public_ip, sizeof p->public_ip, "%s", externip);
	import_copy(p->local_net, sizeof p->local_net, localnet);
	if (chosen->secret[0] && pw)
		secret_set(pw, chosen->secret, strlen(chosen->secret));
	snprintf(p->origin, sizeof p->origin, "%s:%u", path, chosen->line);
	ok = true;
out:
	if (chosen)
		memset(chosen->secret, 0, sizeof chosen->secret);
	free(chosen);
	free(cur);
	explicit_bzero(buf, buflen);   /* it held the secret */
	free(buf);
	return ok;
}
