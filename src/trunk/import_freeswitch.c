/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * import_freeswitch.c - the trunk profile from a FreeSWITCH sofia gateway.
 *
 *   <include>
 *     <gateway name="trunk">
 *       <param name="username" value="..."/>      -> user
 *       <param name="auth-username" .../>         -> auth_user
 *       <param name="password" .../>              -> the secret
 *       <param name="realm" .../>                 -> realm (and registrar if
 *       <param name="proxy" .../>                    nothing better)
 *       <param name="register-proxy" .../>        -> registrar (first of
 *                                                    register-proxy, proxy,
 *                                                    realm, the name)
 *       <param name="outbound-proxy" .../>        -> outbound_proxy
 *       <param name="register-transport" .../>    -> transport
 *       <param name="expire-seconds" .../>        -> expires
 *     </gateway>
 *   </include>
 *
 * plus, when the file is a whole sofia profile, <settings> ext-sip-ip (the
 * public address) and local-network-acl.  Parsed with libxml2 (no network,
 * no entity expansion); a value that is a preprocessor variable ($${...})
 * cannot be resolved here and is left empty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunk/import.h"
#include "trunk/import_util.h"
#include "trunk/profile.h"
#include "trunk/secret.h"
#include "trunk/xmllib.h"

/* libxml2's calls, loaded by import_freeswitch (xmllib.h) */
static const struct xmllib *X;

static bool is_named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* Depth-first collection of elements called `name`. */
static void find_all(xmlNode *n, const char *name, xmlNode **out, size_t max, size_t *count)
{
	for (; n; n = n->next) {
		if (is_named(n, name)) {
			if (*count < max)
				out[*count] = n;
			(*count)++;
		}
		find_all(n->children, name, out, max, count);
	}
}

/* The value of <param name="key" value="..."/> directly under parent, the
 * last one winning; *line gets its line.  The caller (*X->free)()s it. */
static xmlChar *param(xmlNode *parent, const char *key, unsigned *line)
{
	xmlChar *found = NULL;
	for (xmlNode *c = parent ? parent->children : NULL; c; c = c->next) {
		if (!is_named(c, "param"))
			continue;
		xmlChar *name = X->get_prop(c, (const xmlChar *)"name");
		if (name && !strcasecmp((const char *)name, key)) {
			(*X->free)(found);
			found = X->get_prop(c, (const xmlChar *)"value");
			if (line)
				*line = (unsigned)X->get_line_no(c);
		}
		(*X->free)(name);
	}
	if (found && strstr((const char *)found, "$${")) {
		(*X->free)(found);
		return NULL;
	}
	return found;
}

static void set_field(char *dst, size_t dstlen, xmlNode *gw, const char *key)
{
	xmlChar *v = param(gw, key, NULL);
	if (v && *v)
		import_copy(dst, dstlen, (const char *)v);
	(*X->free)(v);
}

static xmlNode *choose_gateway(xmlNode *root, const char *path, const char *trunk,
                               char *err, size_t errlen)
{
	xmlNode *gws[64];
	size_t n = 0;
	find_all(root, "gateway", gws, 64, &n);
	if (n == 0) {
		import_error(err, errlen, path, 0, "no <gateway> element: nothing registers a trunk here");
		return NULL;
	}
	char names[400] = "";
	xmlNode *match = NULL;
	for (size_t i = 0; i < n && i < 64; i++) {
		xmlChar *name = X->get_prop(gws[i], (const xmlChar *)"name");
		if (!name) {
			import_error(err, errlen, path, (unsigned)X->get_line_no(gws[i]),
			             "<gateway> without a name attribute");
			return NULL;
		}
		if (trunk && !strcmp((const char *)name, trunk) && !match)
			match = gws[i];
		size_t len = strlen(names);
		snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "", (const char *)name);
		(*X->free)(name);
	}
	if (trunk && !match)
		import_error(err, errlen, path, 0, "no gateway named '%s' (gateways: %s)", trunk, names);
	else if (!trunk && n > 1)
		import_error(err, errlen, path, 0, "%zu gateways (%s): choose one with --trunk NAME",
		             n, names);
	else if (!trunk)
		match = gws[0];
	return match;
}

static bool read_document(const char *path, xmlDoc **out, char *err, size_t errlen)
{
	size_t len = 0;
	char *buf = import_read_file(path, &len, err, errlen);
	if (!buf)
		return false;
	xmlParserCtxt *ctxt = X->new_parser_ctxt();
	if (!ctxt) {
		explicit_bzero(buf, len);
		free(buf);
		import_error(err, errlen, path, 0, "out of memory");
		return false;
	}
	/* No XML_PARSE_NOENT: entities stay unexpanded (no billion laughs);
	 * XML_PARSE_NONET: never fetch a DTD. */
	*out = X->ctxt_read_memory(ctxt, buf, (int)len, path, NULL,
	                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!*out) {
		const xmlError *e = X->ctxt_get_last_error(ctxt);
		char msg[256] = "not well-formed XML";
		if (e && e->message) {
			snprintf(msg, sizeof msg, "%s", e->message);
			size_t n = strlen(msg);
			while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
				msg[--n] = '\0';
		}
		import_error(err, errlen, path, e && e->line > 0 ? (unsigned)e->line : 0,
		             "XML: %s", msg);
	}
	X->free_parser_ctxt(ctxt);
	explicit_bzero(buf, len);
	free(buf);
	return *out != NULL;
}

bool import_freeswitch(struct profile *p, struct secret *pw, const char *path, const char *trunk,
                       char *err, size_t errlen)
{
	xmlDoc *doc = NULL;
	bool ok = false;
	X = xmllib_get(err, errlen);
	if (!X || !read_document(path, &doc, err, errlen))
		return false;
	xmlNode *root = X->doc_get_root_element(doc);
	xmlNode *gw = choose_gateway(root, path, trunk, err, errlen);
	if (!gw)
		goto out;
	unsigned gwline = (unsigned)X->get_line_no(gw);

	xmlChar *name = X->get_prop(gw, (const xmlChar *)"name");
	import_copy(p->name, sizeof p->name, (const char *)name);
	set_field(p->user, sizeof p->user, gw, "username");
	set_field(p->auth_user, sizeof p->auth_user, gw, "auth-username");
	set_field(p->realm, sizeof p->realm, gw, "realm");

	/* FreeSWITCH: proxy defaults to realm, register-proxy to proxy, and
	 * realm to the gateway's name. */
	static const char *const registrar_from[] = { "register-proxy", "proxy", "realm" };
	for (size_t i = 0; i < 3 && !p->registrar[0]; i++) {
		xmlChar *v = param(gw, registrar_from[i], NULL);
		struct import_uri u;
		if (v && *v && import_parse_uri((const char *)v, &u)) {
			snprintf(p->registrar, sizeof p->registrar, "%s", u.hostport);
			if (u.transport[0] && !p->transport[0])
				snprintf(p->transport, sizeof p->transport, "%s", u.transport);
		}
		(*X->free)(v);
	}
	if (!p->registrar[0])
		import_copy(p->registrar, sizeof p->registrar, (const char *)name);
	(*X->free)(name);

	xmlChar *ob = param(gw, "outbound-proxy", NULL);
	struct import_uri ou;
	if (ob && *ob && import_parse_uri((const char *)ob, &ou))
		snprintf(p->outbound_proxy, sizeof p->outbound_proxy, "%s", ou.hostport);
	(*X->free)(ob);

	unsigned line = 0;
	xmlChar *tp = param(gw, "register-transport", &line);
	if (tp && *tp) {
		import_norm_transport(p->transport, sizeof p->transport, (const char *)tp);
		if (!p->transport[0]) {
			import_error(err, errlen, path, line, "register-transport must be udp, tcp or tls");
			(*X->free)(tp);
			goto out;
		}
	}
	(*X->free)(tp);

	xmlChar *exp = param(gw, "expire-seconds", &line);
	if (exp && *exp) {
		char *end;
		long v = strtol((const char *)exp, &end, 10);
		if (*end || v <= 0 || v > 0x7fffffff) {
			import_error(err, errlen, path, line,
			             "expire-seconds must be a positive number of seconds");
			(*X->free)(exp);
			goto out;
		}
		p->expires = (int)v;
	}
	(*X->free)(exp);

	xmlChar *pass = param(gw, "password", NULL);
	if (pass && *pass && pw)
		secret_set(pw, (const char *)pass, strlen((const char *)pass));
	if (pass)
		explicit_bzero(pass, strlen((const char *)pass));
	(*X->free)(pass);

	/* A whole sofia profile: its <settings> say how NAT is handled. */
	xmlNode *settings[4];
	size_t ns = 0;
	find_all(root, "settings", settings, 4, &ns);
	if (ns) {
		xmlChar *ext = param(settings[0], "ext-sip-ip", NULL);
		if (ext && *ext && strncasecmp((const char *)ext, "auto", 4) &&
		    strncasecmp((const char *)ext, "stun:", 5))
			import_copy(p->public_ip, sizeof p->public_ip, (const char *)ext);
		(*X->free)(ext);
		set_field(p->local_net, sizeof p->local_net, settings[0], "local-network-acl");
	}
	snprintf(p->origin, sizeof p->origin, "%s:%u", path, gwline);
	ok = true;
out:
	X->free_doc(doc);
	return ok;
}
