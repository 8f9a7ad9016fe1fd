/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * import_pjsip.c - the trunk profile from Asterisk's pjsip.conf.
 *
 *   [trunk](tpl)              registration: server_uri, client_uri,
 *   type=registration   ───>  outbound_auth ──> [auth] username/password/realm
 *   server_uri=...            transport ──────> [transport] protocol,
 *   outbound_auth=trunk-auth                    external_signaling_address,
 *   transport=transport-udp                     local_net
 *                             endpoint (same name or endpoint=) ──> aors
 *                                                 ──> [aor] contact
 *
 * The file is read whole and split into sections in place; templates
 * ([name](!), [name](a,b)) and additions ([name](+)) are resolved the way
 * Asterisk does: a section sees its templates' options first, its own after,
 * and for single-valued options the last one wins.  #include follows files
 * relative to the including one, eight deep at most.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunk/import.h"
#include "trunk/import_util.h"
#include "trunk/profile.h"
#include "trunk/secret.h"

#define PJ_MAX_PARENTS 16
#define PJ_MAX_FILES 32
#define PJ_MAX_DEPTH 8
#define PJ_MAX_SECTIONS 4096
#define PJ_MAX_KV 65536

struct pj_kv {
	const char *key, *value;
	const char *file;
	unsigned line;
};

struct pj_section {
	const char *name;
	const char *file;
	unsigned line;
	bool is_template;
	struct pj_section *parents[PJ_MAX_PARENTS];
	size_t nparents;
	struct pj_kv *kv;
	size_t nkv, cap;
};

struct pj_doc {
	char *bufs[PJ_MAX_FILES];
	size_t lens[PJ_MAX_FILES];
	char *paths[PJ_MAX_FILES];
	size_t nfiles;
	struct pj_section *sec;
	size_t nsec, cap;
	size_t total_kv;
};

static void doc_free(struct pj_doc *d)
{
	for (size_t i = 0; i < d->nsec; i++)
		free(d->sec[i].kv);
	free(d->sec);
	for (size_t i = 0; i < d->nfiles; i++) {
		explicit_bzero(d->bufs[i], d->lens[i]);   /* passwords */
		free(d->bufs[i]);
		free(d->paths[i]);
	}
}

static struct pj_section *find_section_named(struct pj_doc *d, const char *name, size_t before)
{
	for (size_t i = before; i-- > 0;)
		if (!strcmp(d->sec[i].name, name))
			return &d->sec[i];
	return NULL;
}

static bool add_kv(struct pj_doc *d, struct pj_section *s, const char *key, const char *value,
                   const char *file, unsigned line, char *err, size_t errlen)
{
	if (d->total_kv >= PJ_MAX_KV) {
		import_error(err, errlen, file, line, "too many options (more than %d)", PJ_MAX_KV);
		return false;
	}
	if (s->nkv == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct pj_kv *kv = realloc(s->kv, cap * sizeof *kv);
		if (!kv) {
			import_error(err, errlen, file, line, "out of memory");
			return false;
		}
		s->kv = kv;
		s->cap = cap;
	}
	s->kv[s->nkv++] = (struct pj_kv){ key, value, file, line };
	d->total_kv++;
	return true;
}

/* "[name](opts)" -> a new section, or the one "(+)" extends. */
static struct pj_section *open_section(struct pj_doc *d, char *line, const char *file,
                                       unsigned lineno, char *err, size_t errlen)
{
	char *close = strchr(line, ']');
	if (!close) {
		import_error(err, errlen, file, lineno, "section header is missing its ']'");
		return NULL;
	}
	*close = '\0';
	char *name = import_trim(line + 1);
	if (!*name) {
		import_error(err, errlen, file, lineno, "section header with an empty name");
		return NULL;
	}
	char *rest = import_trim(close + 1);
	char *opts = NULL;
	if (*rest == '(') {
		char *end = strchr(rest, ')');
		if (!end) {
			import_error(err, errlen, file, lineno, "template list is missing its ')'");
			return NULL;
		}
		*end = '\0';
		opts = rest + 1;
		rest = import_trim(end + 1);
	}
	if (*rest && *rest != ';') {
		import_error(err, errlen, file, lineno, "unexpected text after the section header");
		return NULL;
	}

	bool extend = false, is_template = false;
	struct pj_section *parents[PJ_MAX_PARENTS];
	size_t nparents = 0;
	for (char *tok = opts ? strtok(opts, ",") : NULL; tok; tok = strtok(NULL, ",")) {
		tok = import_trim(tok);
		if (!strcmp(tok, "!")) {
			is_template = true;
		} else if (!strcmp(tok, "+")) {
			extend = true;
		} else if (*tok) {
			struct pj_section *p = find_section_named(d, tok, d->nsec);
			if (!p) {
				import_error(err, errlen, file, lineno,
				             "template '%s' is not defined above this section", tok);
				return NULL;
			}
			if (nparents == PJ_MAX_PARENTS) {
				import_error(err, errlen, file, lineno, "more than %d templates",
				             PJ_MAX_PARENTS);
				return NULL;
			}
			parents[nparents++] = p;
		}
	}
	if (extend) {
		struct pj_section *s = find_section_named(d, name, d->nsec);
		if (!s) {
			import_error(err, errlen, file, lineno,
			             "'[%s](+)' extends a section that is not defined above", name);
			return NULL;
		}
		return s;
	}
	if (d->nsec >= PJ_MAX_SECTIONS) {
		import_error(err, errlen, file, lineno, "more than %d sections", PJ_MAX_SECTIONS);
		return NULL;
	}
	if (d->nsec == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		struct pj_section *ns = realloc(d->sec, cap * sizeof *ns);
		if (!ns) {
			import_error(err, errlen, file, lineno, "out of memory");
			return NULL;
		}
		/* Parent pointers point into the array: rebase them. */
		for (size_t i = 0; i < d->nsec; i++)
			for (size_t j = 0; j < ns[i].nparents; j++)
				ns[i].parents[j] = ns + (ns[i].parents[j] - d->sec);
		for (size_t j = 0; j < nparents; j++)
			parents[j] = ns + (parents[j] - d->sec);
		d->sec = ns;
		d->cap = cap;
	}
	struct pj_section *s = &d->sec[d->nsec++];
	memset(s, 0, sizeof *s);
	s->name = name;
	s->file = file;
	s->line = lineno;
	s->is_template = is_template;
	memcpy(s->parents, parents, nparents * sizeof *parents);
	s->nparents = nparents;
	return s;
}

static bool parse_file(struct pj_doc *d, const char *path, int depth, char *err, size_t errlen);

static bool follow_include(struct pj_doc *d, const char *from, unsigned lineno, char *arg,
                           int depth, char *err, size_t errlen)
{
	arg = import_trim(arg);
	size_t n = strlen(arg);
	if (n >= 2 && (arg[0] == '"' || arg[0] == '<') && (arg[n - 1] == '"' || arg[n - 1] == '>')) {
		arg[n - 1] = '\0';
		arg++;
	}
	if (!*arg) {
		import_error(err, errlen, from, lineno, "#include without a file name");
		return false;
	}
	if (depth >= PJ_MAX_DEPTH) {
		import_error(err, errlen, from, lineno, "#include nested more than %d deep", PJ_MAX_DEPTH);
		return false;
	}
	char target[4096];
	if (arg[0] == '/') {
		snprintf(target, sizeof target, "%s", arg);
	} else {
		char dirbuf[4096];
		snprintf(dirbuf, sizeof dirbuf, "%s", from);
		snprintf(target, sizeof target, "%s/%s", dirname(dirbuf), arg);
	}
	char sub[1024];
	if (!parse_file(d, target, depth + 1, sub, sizeof sub)) {
		/* Keep the inner error, which already names its own file:line,
		 * and add where it was included from. */
		snprintf(err, errlen, "%s (included from %s:%u)", sub, from, lineno);
		return false;
	}
	return true;
}

static bool parse_file(struct pj_doc *d, const char *path, int depth, char *err, size_t errlen)
{
	if (d->nfiles >= PJ_MAX_FILES) {
		import_error(err, errlen, path, 0, "more than %d included files", PJ_MAX_FILES);
		return false;
	}
	size_t len = 0;
	char *buf = import_read_file(path, &len, err, errlen);
	if (!buf)
		return false;
	char *pathcopy = strdup(path);
	if (!pathcopy) {
		explicit_bzero(buf, len);
		free(buf);
		import_error(err, errlen, path, 0, "out of memory");
		return false;
	}
	d->bufs[d->nfiles] = buf;
	d->lens[d->nfiles] = len;
	d->paths[d->nfiles] = pathcopy;
	d->nfiles++;
	const char *file = pathcopy;

	struct pj_section *cur = NULL;
	bool in_block_comment = false;
	unsigned lineno = 0;
	char *cursor = buf;
	for (char *line; (line = import_next_line(&cursor));) {
		lineno++;
		/* Block comments ;-- ... --; may span lines. */
		if (in_block_comment) {
			char *end = strstr(line, "--;");
			if (!end)
				continue;
			line = end + 3;
			in_block_comment = false;
		}
		char *bc = strstr(line, ";--");
		if (bc) {
			char *end = strstr(bc + 3, "--;");
			if (end)
				memmove(bc, end + 3, strlen(end + 3) + 1);
			else {
				*bc = '\0';
				in_block_comment = true;
			}
		}
		/* A ';' starts a comment unless escaped as "\;". */
		for (char *p = line; *p; p++) {
			if (*p == '\\' && p[1] == ';') {
				memmove(p, p + 1, strlen(p + 1) + 1);
				continue;
			}
			if (*p == ';') {
				*p = '\0';
				break;
			}
		}
		line = import_trim(line);
		if (!*line)
			continue;
		if (*line == '#') {
			if (!strncasecmp(line, "#include", 8)) {
				if (!follow_include(d, file, lineno, line + 8, depth, err, errlen))
					return false;
				continue;
			}
			if (!strncasecmp(line, "#exec", 5) || !strncasecmp(line, "#tryinclude", 11))
				continue;   /* never run anything; optional includes are optional */
			import_error(err, errlen, file, lineno, "unknown directive");
			return false;
		}
		if (*line == '[') {
			cur = open_section(d, line, file, lineno, err, errlen);
			if (!cur)
				return false;
			continue;
		}
		char *eq = strchr(line, '=');
		if (!eq) {
			import_error(err, errlen, file, lineno, "expected 'name = value' or a [section]");
			return false;
		}
		if (!cur) {
			import_error(err, errlen, file, lineno, "option before any [section]");
			return false;
		}
		*eq = '\0';
		char *key = import_trim(line);
		char *value = eq + 1;
		if (*value == '>')      /* "=>" is the same as "=" */
			value++;
		value = import_trim(value);
		if (!*key) {
			import_error(err, errlen, file, lineno, "option with an empty name");
			return false;
		}
		if (!add_kv(d, cur, key, value, file, lineno, err, errlen))
			return false;
	}
	if (in_block_comment) {
		import_error(err, errlen, file, lineno, "block comment ';--' is never closed");
		return false;
	}
	return true;
}

/* The effective value of a single-valued option: own options last-wins,
 * then the templates, the later template first. */
static const struct pj_kv *get_kv(const struct pj_section *s, const char *key, int depth)
{
	if (!s || depth > PJ_MAX_DEPTH * 4)
		return NULL;
	for (size_t i = s->nkv; i-- > 0;)
		if (!strcasecmp(s->kv[i].key, key))
			return &s->kv[i];
	for (size_t i = s->nparents; i-- > 0;) {
		const struct pj_kv *kv = get_kv(s->parents[i], key, depth + 1);
		if (kv)
			return kv;
	}
	return NULL;
}

static const char *get(const struct pj_section *s, const char *key)
{
	const struct pj_kv *kv = get_kv(s, key, 0);
	return kv ? kv->value : NULL;
}

/* A multi-valued option (local_net, contact) joined with ", ". */
static void collect(const struct pj_section *s, const char *key, char *out, size_t outlen,
                    int depth)
{
	if (!s || depth > PJ_MAX_DEPTH * 4)
		return;
	for (size_t i = 0; i < s->nparents; i++)
		collect(s->parents[i], key, out, outlen, depth + 1);
	for (size_t i = 0; i < s->nkv; i++) {
		if (strcasecmp(s->kv[i].key, key) || !s->kv[i].value[0])
			continue;
		size_t n = strlen(out);
		snprintf(out + n, outlen - n, "%s%s", n ? ", " : "", s->kv[i].value);
	}
}

static bool is_type(const struct pj_section *s, const char *type)
{
	return !s->is_template && import_ieq(get(s, "type"), type);
}

static const struct pj_section *find_typed(const struct pj_doc *d, const char *name,
                                           const char *type)
{
	if (!name || !*name)
		return NULL;
	for (size_t i = 0; i < d->nsec; i++)
		if (!strcmp(d->sec[i].name, name) && is_type(&d->sec[i], type))
			return &d->sec[i];
	return NULL;
}

/* The registration to import: --trunk names it (or its endpoint), or the
 * file has exactly one. */
static const struct pj_section *choose_registration(const struct pj_doc *d, const char *path,
                                                    const char *trunk, char *err, size_t errlen)
{
	const struct pj_section *only = NULL;
	size_t count = 0;
	char names[400] = "";
	for (size_t i = 0; i < d->nsec; i++) {
		const struct pj_section *s = &d->sec[i];
		if (!is_type(s, "registration"))
			continue;
		if (trunk && (!strcmp(s->name, trunk) || (get(s, "endpoint") &&
		                                          !strcmp(get(s, "endpoint"), trunk))))
			return s;
		only = s;
		count++;
		size_t n = strlen(names);
		snprintf(names + n, sizeof names - n, "%s%s", n ? ", " : "", s->name);
	}
	if (trunk) {
		if (count)
			import_error(err, errlen, path, 0, "no registration named '%s' (registrations: %s)",
			             trunk, names);
		else
			import_error(err, errlen, path, 0, "no registration named '%s': the file has no "
			             "type=registration section", trunk);
		return NULL;
	}
	if (count == 1)
		return only;
	if (count == 0)
		import_error(err, errlen, path, 0, "no type=registration section: nothing registers "
		             "a trunk here");
	else
		import_error(err, errlen, path, 0, "%zu registrations (%s): choose one with --trunk NAME",
		             count, names);
	return NULL;
}

static bool need_section(const struct pj_section **out, const struct pj_doc *d,
                         const struct pj_section *from, const char *option, const char *type,
                         char *err, size_t errlen)
{
	const struct pj_kv *kv = get_kv(from, option, 0);
	*out = NULL;
	if (!kv || !kv->value[0])
		return true;
	char first[256];
	snprintf(first, sizeof first, "%s", kv->value);
	char *comma = strchr(first, ',');     /* outbound_auth may list several */
	if (comma)
		*comma = '\0';
	*out = find_typed(d, import_trim(first), type);
	if (!*out) {
		import_error(err, errlen, kv->file, kv->line,
		             "%s '%s' names no type=%s section", option, import_trim(first), type);
		return false;
	}
	return true;
}

bool import_pjsip(struct profile *p, struct secret *pw, const char *path, const char *trunk,
                  char *err, size_t errlen)
{
	struct pj_doc d = { 0 };
	bool ok = false;
	if (!parse_file(&d, path, 0, err, errlen))
		goto out;
	const struct pj_section *reg = choose_registration(&d, path, trunk, err, errlen);
	if (!reg)
		goto out;

	const char *endpoint_name = get(reg, "endpoint");
	const struct pj_section *ep = find_typed(&d, endpoint_name ? endpoint_name : reg->name,
	                                         "endpoint");
	const struct pj_section *auth = NULL, *tp = NULL, *aor = NULL;
	if (!need_section(&auth, &d, reg, "outbound_auth", "auth", err, errlen))
		goto out;
	if (!auth && ep && !need_section(&auth, &d, ep, "outbound_auth", "auth", err, errlen))
		goto out;
	if (!need_section(&tp, &d, reg, "transport", "transport", err, errlen))
		goto out;
	if (!tp && ep && !need_section(&tp, &d, ep, "transport", "transport", err, errlen))
		goto out;
	if (!tp) {
		/* With no transport named, Asterisk uses the one that fits; a
		 * file with a single transport leaves no doubt. */
		for (size_t i = 0; i < d.nsec; i++)
			if (is_type(&d.sec[i], "transport")) {
				if (tp) {
					tp = NULL;
					break;
				}
				tp = &d.sec[i];
			}
	}
	if (ep && !need_section(&aor, &d, ep, "aors", "aor", err, errlen))
		goto out;

	const struct pj_kv *server = get_kv(reg, "server_uri", 0);
	if (!server || !server->value[0]) {
		import_error(err, errlen, reg->file, reg->line,
		             "registration '%s' has no server_uri", reg->name);
		goto out;
	}
	struct import_uri su, cu;
	if (!import_parse_uri(server->value, &su)) {
		import_error(err, errlen, server->file, server->line, "server_uri is not a SIP URI");
		goto out;
	}
	import_copy(p->name, sizeof p->name, reg->name);
	snprintf(p->registrar, sizeof p->registrar, "%s", su.hostport);
	const struct pj_kv *client = get_kv(reg, "client_uri", 0);
	if (client && client->value[0]) {
		if (!import_parse_uri(client->value, &cu)) {
			import_error(err, errlen, client->file, client->line, "client_uri is not a SIP URI");
			goto out;
		}
		snprintf(p->user, sizeof p->user, "%s", cu.user);
	}
	if (!p->user[0] && get(reg, "contact_user"))
		import_copy(p->user, sizeof p->user, get(reg, "contact_user"));

	if (su.transport[0])
		snprintf(p->transport, sizeof p->transport, "%s", su.transport);
	else if (tp)
		import_norm_transport(p->transport, sizeof p->transport, get(tp, "protocol"));
	if (tp) {
		const char *ext = get(tp, "external_signaling_address");
		if (ext)
			import_copy(p->public_ip, sizeof p->public_ip, ext);
		char nets[PROFILE_FIELD_MAX] = "";
		collect(tp, "local_net", nets, sizeof nets, 0);
		import_copy(p->local_net, sizeof p->local_net, nets);
	}

	const struct pj_kv *exp = get_kv(reg, "expiration", 0);
	if (exp && exp->value[0]) {
		char *end;
		long v = strtol(exp->value, &end, 10);
		if (*end || v <= 0 || v > 0x7fffffff) {
			import_error(err, errlen, exp->file, exp->line,
			             "expiration must be a positive number of seconds");
			goto out;
		}
		p->expires = (int)v;
	}
	const char *proxy = get(reg, "outbound_proxy");
	if ((!proxy || !*proxy) && ep)
		proxy = get(ep, "outbound_proxy");
	if (proxy && *proxy) {
		struct import_uri pu;
		if (import_parse_uri(proxy, &pu))
			snprintf(p->outbound_proxy, sizeof p->outbound_proxy, "%s", pu.hostport);
	}
	if (auth) {
		const char *atype = get(auth, "auth_type");
		if (get(auth, "username"))
			import_copy(p->auth_user, sizeof p->auth_user, get(auth, "username"));
		if (get(auth, "realm"))
			import_copy(p->realm, sizeof p->realm, get(auth, "realm"));
		const char *pass = get(auth, "password");
		if (pass && *pass && pw && (!atype || !strcasecmp(atype, "userpass")))
			secret_set(pw, pass, strlen(pass));
	}
	if (!p->registrar[0] && aor) {
		char contacts[PROFILE_FIELD_MAX] = "";
		collect(aor, "contact", contacts, sizeof contacts, 0);
		char *comma = strchr(contacts, ',');
		if (comma)
			*comma = '\0';
		struct import_uri au;
		if (import_parse_uri(contacts, &au))
			snprintf(p->registrar, sizeof p->registrar, "%s", au.hostport);
	}
	snprintf(p->origin, sizeof p->origin, "%s:%u", reg->file, reg->line);
	ok = true;
out:
	doc_free(&d);
	return ok;
}
