/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipparse.c - one framed SIP message to one compact record, with libosip2.
 *
 *   raw bytes ──> one pass over the header lines ──> working copy ──> osip_message_parse
 *                   │                                (start line fixed,      │ ok
 *                   │                                 Via From To Call-ID    v
 *                   │                                 CSeq Contact auth,  sip_msg + hdrset +
 *                   v                                 no body, NUL-padded) contacts + auths
 *        Call-ID, top Via text, Expires & co,                                 │
 *        auth header count, Content-Length, compact forms ───────────────> store
 *
 * The raw pass gives what libosip2 hides (the Via exactly as sent, which
 * auth headers it silently dropped, compact forms) and is the whole story
 * when libosip2 rejects the message (stored anyway, MF_MALFORMED).  The
 * simple headers (Expires, User-Agent, Content-Type ...) come from the raw
 * text only, so libosip2 is given just the headers whose structure we read
 * from its tree: it parses less, and a broken header we do not use (say, a
 * doubled Content-Type) does not make the message "malformed".
 *
 * libosip2 traps handled here (Debian 5.3.0):
 *  - parser_init() once, and its trace routed away from stdout;
 *  - a status line without a reason phrase swallows the next header: the
 *    copy gets a space after the code (MF_NO_REASON);
 *  - an Authorization/WWW-Authenticate it cannot parse is dropped without a
 *    word: counted from the raw text, re-parsed one by one, and the failures
 *    kept as sip_auth.unparseable with what the raw text gives;
 *  - quoted values keep their quotes: stripped;
 *  - sdp_message_parse reads past the end of some bodies: it gets a padded,
 *    NUL-terminated copy.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <osipparser2/osip_parser.h>
#include <osipparser2/sdp_message.h>

#include "base/idmap.h"
#include "base/strpool.h"
#include "sip/sipalloc.h"
#include "sip/sipframe.h"
#include "sip/sipingest.h"
#include "sip/sipbody.h"
#include "sip/sipsdp.h"
#include "store/store.h"

#define CONTACTS_MAX 32
#define AUTHS_MAX 16
#define PAD 16

static bool initialised;
static void raw_names_index(void);


static void trace_sink(const char *fi, int li, osip_trace_level_t level, const char *chfr, va_list ap)
{
	(void)fi; (void)li; (void)level; (void)chfr; (void)ap;
}

void sipparse_init(void)
{
	if (initialised)
		return;
	initialised = true;
	/* every level off (and a sink, never stdout): with levels on, libosip2
	 * formats each warning it meets, about one message in six of a busy
	 * capture, only for the sink to drop it */
	osip_trace_initialize_func(TRACE_LEVEL0, trace_sink);
	parser_init();
	raw_names_index();
}

bool sip_is_start_line(const char *buf, size_t len)
{
	return buf && len && sipframe_start_line(buf, len, true) == START_YES;
}

/* ---- interning, now or deferred ---- */

/* The fill functions intern through this.  With a store (the commit, or
 * the single-threaded path) it interns at once.  Without one (the parse
 * phase, on any thread) it appends the string to the message's record and
 * returns a provisional id (PROV_ID | offset); the commit then interns the
 * record's strings in the order they were appended, which is the order the
 * single-threaded path interns them in, so string ids come out the same. */
#define PROV_ID 0x80000000u
#define REC_HDR 12                 /* u32 length, u32 id once interned, u32 hash */

struct srec {
	char *p;
	size_t used, cap;
	bool heap;                     /* p was malloc'd (outgrew the inline room) */
	char inline_room[1024];        /* enough for a typical message's strings */
};

struct ictx {
	struct store *st;              /* intern at once, or NULL: record */
	struct srec *rec;
	bool oom;                      /* the record could not grow */
};

/* A recorded string to be kept unindexed (store_keep_unique): its
 * length's top bit in the record. */
#define REC_UNIQUE 0x80000000u

static str_id ict_keep(struct ictx *c, const char *s, size_t len, bool unique)
{
	if (c->st)
		return unique ? store_keep_unique(c->st, s, len) : store_intern(c->st, s, len);
	/* keep what the pool would keep, so ict_str() agrees with store_str() */
	len = strpool_kept_len(s, len);
	if (!len)
		return 0;
	struct srec *r = c->rec;
	size_t need = REC_HDR + len + 1;
	if (r->cap - r->used < need) {
		size_t cap = r->cap * 2 > r->used + need ? r->cap * 2 : r->used + need + 4096;
		char *np = r->heap ? realloc(r->p, cap) : malloc(cap);
		if (!np) {
			c->oom = true;
			return 0;
		}
		if (!r->heap)
			memcpy(np, r->p, r->used);
		r->p = np;
		r->cap = cap;
		r->heap = true;
	}
	/* hashed here, on the parsing thread, so the commit need not */
	uint32_t off = (uint32_t)r->used, l32 = (uint32_t)len | (unique ? REC_UNIQUE : 0), zero = 0,
	         h = unique ? 0 : hash_bytes(s, len);
	memcpy(r->p + off, &l32, 4);
	memcpy(r->p + off + 4, &zero, 4);
	memcpy(r->p + off + 8, &h, 4);
	memcpy(r->p + off + REC_HDR, s, len);
	r->p[off + REC_HDR + len] = '\0';
	r->used += need;
	return PROV_ID | off;
}

static str_id ict_intern(struct ictx *c, const char *s, size_t len)
{
	return ict_keep(c, s, len, false);
}

static const char *ict_str(struct ictx *c, str_id id)
{
	if (c->st)
		return store_str(c->st, id);
	if (!(id & PROV_ID) || (id & ~PROV_ID) >= c->rec->used)
		return "";
	return c->rec->p + (id & ~PROV_ID) + REC_HDR;
}

/* ---- small helpers ---- */

static struct span span_of(const char *s)
{
	return (struct span){ s, s ? strlen(s) : 0 };
}

/* isspace() of the C locale, whatever locale the screen set: a header's
 * white space is ASCII, and this is called for every value */
static inline bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static struct span trim(struct span v)
{
	while (v.n && is_space(v.p[0])) {
		v.p++;
		v.n--;
	}
	while (v.n && is_space(v.p[v.n - 1]))
		v.n--;
	return v;
}

static struct span unquote(struct span v)
{
	v = trim(v);
	if (v.n >= 2 && v.p[0] == '"' && v.p[v.n - 1] == '"') {
		v.p++;
		v.n -= 2;
	}
	return v;
}

/* Interns a header value with folding (CR/LF and the whitespace after
 * them) turned into single spaces. */
static str_id intern_span(struct ictx *st, struct span v)
{
	v = trim(v);
	if (!v.n)
		return 0;
	if (!memchr(v.p, '\n', v.n) && !memchr(v.p, '\r', v.n))
		return ict_intern(st, v.p, v.n);
	char buf[STR_MAX];
	return ict_intern(st, buf, span_unfold(v, buf, sizeof buf));
}

static str_id intern_c(struct ictx *st, const char *s)
{
	return s ? ict_intern(st, s, strlen(s)) : 0;
}

static str_id intern_unquoted(struct ictx *st, const char *s)
{
	return s ? intern_span(st, unquote(span_of(s))) : 0;
}

/* intern_unquoted for a value unique to its message that only its text
 * is read of (a digest response, a cnonce): kept unindexed.  A REGISTER
 * storm with digests has two of them per credentials header; indexed,
 * they were a fifth of the string index. */
static str_id keep_unquoted(struct ictx *st, const char *s)
{
	if (!s)
		return 0;
	struct span v = trim(unquote(span_of(s)));   /* as intern_span cuts it */
	if (!v.n)
		return 0;
	if (!memchr(v.p, '\n', v.n) && !memchr(v.p, '\r', v.n))
		return ict_keep(st, v.p, v.n, true);
	char buf[STR_MAX];
	return ict_keep(st, buf, span_unfold(v, buf, sizeof buf), true);
}

/* Leading decimal number of a span; -1 if it does not start with a digit. */
static int32_t span_int(struct span v)
{
	v = trim(v);
	if (!v.n || !isdigit((unsigned char)v.p[0]))
		return -1;
	int64_t x = 0;
	for (size_t i = 0; i < v.n && isdigit((unsigned char)v.p[i]); i++)
		if ((x = x * 10 + (v.p[i] - '0')) > INT32_MAX)
			return INT32_MAX;
	return (int32_t)x;
}

static int32_t str_int(const char *s)
{
	return s ? span_int(span_of(s)) : -1;
}

/* A port number, or 0 for anything that is not one. */
static uint16_t port_value(int32_t p)
{
	return p > 0 && p <= 65535 ? (uint16_t)p : 0;
}

static uint16_t port_of(const char *s)
{
	return port_value(str_int(s));
}

static enum transport transport_of(struct span s)
{
	if (s.n == 3 && !strncasecmp(s.p, "UDP", 3)) return TP_UDP;
	if (s.n == 3 && !strncasecmp(s.p, "TCP", 3)) return TP_TCP;
	if (s.n == 3 && !strncasecmp(s.p, "TLS", 3)) return TP_TLS;
	if (s.n == 4 && !strncasecmp(s.p, "SCTP", 4)) return TP_SCTP;
	if ((s.n == 2 && !strncasecmp(s.p, "WS", 2)) || (s.n == 3 && !strncasecmp(s.p, "WSS", 3)))
		return TP_WS;
	return TP_UNKNOWN;
}

/* The value of `name=` among ;- or ,-separated parameters of v, unquoted. */
static bool param_value(struct span v, const char *name, struct span *out)
{
	size_t nl = strlen(name);
	bool quoted = false;
	for (size_t i = 0; i + nl < v.n; i++) {
		char c = v.p[i];
		if (c == '"')
			quoted = !quoted;
		if (quoted)
			continue;
		bool at_start = i == 0 || strchr(" \t;,", v.p[i - 1]);
		if (!at_start || strncasecmp(v.p + i, name, nl))
			continue;
		size_t j = i + nl;
		while (j < v.n && (v.p[j] == ' ' || v.p[j] == '\t'))
			j++;
		if (j >= v.n || v.p[j] != '=')
			continue;
		j++;
		while (j < v.n && (v.p[j] == ' ' || v.p[j] == '\t'))
			j++;
		size_t k = j;
		if (k < v.n && v.p[k] == '"') {
			k++;
			while (k < v.n && v.p[k] != '"')
				k += (v.p[k] == '\\' && k + 1 < v.n) ? 2 : 1;
			out->p = v.p + j + 1;
			out->n = (k < v.n ? k : v.n) - (j + 1);
			return true;
		}
		while (k < v.n && !strchr(" \t;,>", v.p[k]))
			k++;
		out->p = v.p + j;
		out->n = k - j;
		return true;
	}
	return false;
}

/* sip:user@host from a URI's parts ("scheme:host" without a user); the
 * scheme lower-cased, user and host as sent. */
static str_id intern_aor(struct ictx *st, const char *scheme, const char *user, const char *host)
{
	char buf[16 + 1 + STR_MAX / 2 + 1 + STR_MAX / 2];
	size_t k = 0;
	if (!host || !*host)
		return 0;
	if (!scheme || !*scheme)
		scheme = "sip";
	for (; *scheme && k < 16; scheme++)
		buf[k++] = (char)tolower((unsigned char)*scheme);
	buf[k++] = ':';
	size_t ul = user ? strnlen(user, STR_MAX / 2) : 0, hl = strnlen(host, STR_MAX / 2);
	if (ul) {
		memcpy(buf + k, user, ul);
		k += ul;
		buf[k++] = '@';
	}
	memcpy(buf + k, host, hl);
	k += hl;
	return ict_intern(st, buf, k);
}

/* The URI inside a name-addr (<...>) or a bare addr-spec (up to ';'). */
static struct span uri_of_name_addr(struct span v)
{
	const char *lt = NULL;
	bool quoted = false;
	for (size_t i = 0; i < v.n && !lt; i++) {
		if (v.p[i] == '"' && (i == 0 || v.p[i - 1] != '\\'))
			quoted = !quoted;
		else if (v.p[i] == '<' && !quoted)
			lt = v.p + i;
	}
	if (lt) {
		const char *gt = memchr(lt, '>', (size_t)(v.p + v.n - lt));
		return (struct span){ lt + 1, (size_t)((gt ? gt : v.p + v.n) - lt - 1) };
	}
	v = trim(v);
	size_t n = 0;
	while (n < v.n && v.p[n] != ';' && v.p[n] != ' ')
		n++;
	return (struct span){ v.p, n };
}

/* aor from a raw URI text: scheme, user and host, no port or params. */
static str_id intern_aor_raw(struct ictx *st, struct span uri)
{
	char scheme[16] = "sip", user[STR_MAX / 2] = "", host[STR_MAX / 2] = "";
	const char *p = uri.p, *end = uri.p + uri.n;
	const char *colon = memchr(p, ':', uri.n);
	if (!colon)
		return 0;
	snprintf(scheme, sizeof scheme, "%.*s", (int)(colon - p), p);
	p = colon + 1;
	const char *stop = p;
	while (stop < end && !strchr(";?>", *stop))
		stop++;
	const char *at = memchr(p, '@', (size_t)(stop - p));
	if (at) {
		snprintf(user, sizeof user, "%.*s", (int)(at - p), p);
		p = at + 1;
	}
	const char *h = p;
	if (h < stop && *h == '[') {
		const char *rb = memchr(h, ']', (size_t)(stop - h));
		p = rb ? rb + 1 : stop;
	} else {
		while (p < stop && *p != ':')
			p++;
	}
	snprintf(host, sizeof host, "%.*s", (int)(p - h), h);
	return intern_aor(st, scheme, user, host);
}

/* ---- the raw header pass ---- */

enum { AK_WWW, AK_PROXY, AK_AUTHZ, AK_PROXY_AUTHZ, AK__COUNT };
static const uint8_t auth_kind_of[AK__COUNT] = { AUTH_WWW, AUTH_PROXY, AUTH_AUTHORIZATION, AUTH_PROXY_AUTHORIZATION };

struct raw_view {
	const char *msg;             /* the message's first byte: spans are inside it */
	struct span start_line;
	struct span via_first, record_route, call_id, cseq, from, to;
	struct span expires, min_expires, retry_after, user_agent, server, warning, content_type;
	struct span auth[AK__COUNT][AUTHS_MAX];
	uint16_t auth_n[AK__COUNT];
	uint16_t via_values;
	struct span contact[CONTACTS_MAX];    /* each Contact value, in order */
	uint16_t ncontact;
	bool contact_overflow;
	bool compact;
	long clen;
};

static uint16_t count_values(struct span v)
{
	uint16_t n = 0;
	while (v.n) {
		struct span f = sipframe_first_value(v);
		n++;
		size_t skip = f.n;
		while (skip < v.n && v.p[skip] != ',')
			skip++;
		if (skip >= v.n)
			break;
		v.p += skip + 1;
		v.n -= skip + 1;
	}
	return n;
}

/* The headers the raw pass keeps, by name (long and compact form). */
enum raw_field {
	RF_VIA, RF_CALL_ID, RF_CSEQ, RF_FROM, RF_TO, RF_RECORD_ROUTE, RF_EXPIRES,
	RF_MIN_EXPIRES, RF_RETRY_AFTER, RF_USER_AGENT, RF_SERVER, RF_WARNING,
	RF_CONTENT_TYPE, RF_CONTENT_LENGTH, RF_CONTACT,
	RF_AUTH = 100                /* + AK_* */
};

static const struct {
	const char *name;
	uint8_t len;
	char compact;
	int field;
} raw_names[] = {
	{ "via", 3, 'v', RF_VIA }, { "call-id", 7, 'i', RF_CALL_ID }, { "cseq", 4, 0, RF_CSEQ },
	{ "from", 4, 'f', RF_FROM }, { "to", 2, 't', RF_TO },
	{ "record-route", 12, 0, RF_RECORD_ROUTE }, { "expires", 7, 0, RF_EXPIRES },
	{ "min-expires", 11, 0, RF_MIN_EXPIRES }, { "retry-after", 11, 0, RF_RETRY_AFTER },
	{ "user-agent", 10, 0, RF_USER_AGENT }, { "server", 6, 0, RF_SERVER },
	{ "warning", 7, 0, RF_WARNING }, { "content-type", 12, 'c', RF_CONTENT_TYPE },
	{ "content-length", 14, 'l', RF_CONTENT_LENGTH }, { "contact", 7, 'm', RF_CONTACT },
	{ "www-authenticate", 16, 0, RF_AUTH + AK_WWW },
	{ "proxy-authenticate", 18, 0, RF_AUTH + AK_PROXY },
	{ "authorization", 13, 0, RF_AUTH + AK_AUTHZ },
	{ "proxy-authorization", 19, 0, RF_AUTH + AK_PROXY_AUTHZ },
};

/* Built by sipparse_init, before any thread parses: which raw_names start
 * with each letter, and the field of each compact form. */
static uint32_t names_by_letter[26];
static int8_t compact_field[26];

static void raw_names_index(void)
{
	_Static_assert(sizeof raw_names / sizeof *raw_names <= 32, "names_by_letter is 32 bits");
	memset(compact_field, -1, sizeof compact_field);
	for (size_t i = 0; i < sizeof raw_names / sizeof *raw_names; i++) {
		names_by_letter[raw_names[i].name[0] - 'a'] |= 1u << i;
		if (raw_names[i].compact)
			compact_field[raw_names[i].compact - 'a'] = (int8_t)raw_names[i].field;
	}
}

/* Called for every header line: the first letter picks the few names to
 * compare, instead of all of them. */
static int raw_field_of(struct span n)
{
	if (!n.n)
		return -1;
	unsigned letter = (unsigned)(n.p[0] | 0x20) - 'a';
	if (letter >= 26)
		return -1;
	if (n.n == 1)
		return compact_field[letter];
	for (uint32_t m = names_by_letter[letter]; m; m &= m - 1) {
		unsigned i = (unsigned)__builtin_ctz(m);
		if (raw_names[i].len == n.n && !strncasecmp(raw_names[i].name, n.p, n.n))
			return raw_names[i].field;
	}
	return -1;
}

static void keep_first(struct span *slot, struct span v)
{
	if (!slot->p)
		*slot = v;
}

/* Does libosip2 need to see this header?  Only the structured ones we
 * read from its tree; the rest are read from the raw text, and leaving
 * them (and the body) out of its copy halves its work. */
static bool osip_needs(int f)
{
	return f == RF_VIA || f == RF_CALL_ID || f == RF_CSEQ || f == RF_FROM || f == RF_TO ||
	       f == RF_CONTACT || f >= RF_AUTH;
}

/* Starts libosip2's copy with the start line, fixing what it would misread:
 * "SIP/2.0 200" with no reason phrase swallows the next header, so it gets
 * the space its grammar wants.  Returns the bytes written. */
static size_t copy_start_line(char *work, const char *msg, size_t len, uint16_t *flags)
{
	const char *nl = memchr(msg, '\n', len);
	size_t line = nl ? (size_t)(nl - msg) + 1 : len;
	size_t bare = (size_t)(nl ? nl - msg : (ptrdiff_t)len);
	if (bare && msg[bare - 1] == '\r')
		bare--;
	if (bare == 11 && !strncasecmp(msg, "SIP/2.0", 7)) {
		memcpy(work, msg, 11);
		memcpy(work + 11, " \r\n", 3);
		*flags |= MF_NO_REASON;
		return 14;
	}
	memcpy(work, msg, line);
	if (!nl) {
		memcpy(work + line, "\r\n", 2);
		line += 2;
	}
	return line;
}

/* One pass over the header lines: picks out what the record needs from
 * the raw text, and builds libosip2's working copy (start line and the
 * headers it must parse, no body) in `work`.  Returns the copy's length. */
static size_t raw_scan(char *work, const char *msg, size_t len, struct raw_view *rv, uint16_t *flags)
{
	memset(rv, 0, sizeof *rv);
	rv->msg = msg;
	const char *nl = memchr(msg, '\n', len);
	rv->start_line = (struct span){ msg, nl ? (size_t)(nl - msg) : len };
	rv->start_line = trim(rv->start_line);
	rv->clen = -1;
	size_t k = copy_start_line(work, msg, len, flags);

	struct hdr_iter it;
	struct span n, v;
	sipframe_headers_begin(&it, msg, len);
	while (sipframe_next_header(&it, &n, &v)) {
		if (n.n == 1)
			rv->compact = true;
		int f = raw_field_of(n);
		if (f >= 0 && osip_needs(f)) {
			/* the header exactly as sent, folding and line end included */
			size_t hl = (size_t)(it.p - n.p);
			memcpy(work + k, n.p, hl);
			k += hl;
			if (work[k - 1] != '\n') {
				memcpy(work + k, "\r\n", 2);
				k += 2;
			}
		}
		switch (f) {
		case -1: break;
		case RF_VIA:
			if (!rv->via_first.p)
				rv->via_first = sipframe_first_value(v);
			rv->via_values += count_values(v);
			break;
		case RF_CALL_ID: keep_first(&rv->call_id, v); break;
		case RF_CSEQ: keep_first(&rv->cseq, v); break;
		case RF_FROM: keep_first(&rv->from, v); break;
		case RF_TO: keep_first(&rv->to, v); break;
		case RF_RECORD_ROUTE:
			if (!rv->record_route.p)
				rv->record_route = sipframe_first_value(v);
			break;
		case RF_EXPIRES: keep_first(&rv->expires, v); break;
		case RF_MIN_EXPIRES: keep_first(&rv->min_expires, v); break;
		case RF_RETRY_AFTER: keep_first(&rv->retry_after, v); break;
		case RF_USER_AGENT: keep_first(&rv->user_agent, v); break;
		case RF_SERVER: keep_first(&rv->server, v); break;
		case RF_WARNING: keep_first(&rv->warning, v); break;
		case RF_CONTENT_TYPE: keep_first(&rv->content_type, v); break;
		case RF_CONTENT_LENGTH: {
			long val = sipframe_clen_value(v);
			if (rv->clen != -2)
				rv->clen = (val < 0 || (rv->clen >= 0 && rv->clen != val)) ? -2 : val;
			break;
		}
		case RF_CONTACT:
			while (v.n) {
				struct span f1 = sipframe_first_value(v);
				if (rv->ncontact < CONTACTS_MAX)
					rv->contact[rv->ncontact++] = f1;
				else
					rv->contact_overflow = true;
				size_t skip = f1.n;
				while (skip < v.n && v.p[skip] != ',')
					skip++;
				if (skip >= v.n)
					break;
				v.p += skip + 1;
				v.n -= skip + 1;
				v = trim(v);
			}
			break;
		default: {
			int a = f - RF_AUTH;
			if (rv->auth_n[a] < AUTHS_MAX)
				rv->auth[a][rv->auth_n[a]++] = v;
		}
		}
	}
	memcpy(work + k, "\r\n", 2);
	k += 2;
	memset(work + k, 0, PAD);
	return k;
}

/* The scratch buffers one parsing thread reuses: libosip2's working copy
 * and the raw view.  The main thread has a static one; the batch
 * worker (sipbatch.c) its own, so the parse phase shares nothing. */
struct sip_scratch {
	struct sip_arena arena;      /* libosip2's tree for one message */
	char work[SIP_MSG_MAX + 2 * PAD];
	struct raw_view rv;
	char sdp_pad[SIP_MSG_MAX + SDP_PAD];   /* the SDP body's padded copy */
	struct sdp_parsed sdp;
};
static struct sip_scratch main_scratch;
struct sip_scratch *sip_scratch_new(void)
{
	return malloc(sizeof(struct sip_scratch));
}

void sip_scratch_free(struct sip_scratch *sc)
{
	free(sc);
}

/* ---- filling the record ---- */

struct parsed {
	struct sip_msg m;
	struct sip_hdrset h;         /* the store keeps it once among equal ones */
	struct sip_msg_extra x;
	struct sip_contact contacts[CONTACTS_MAX];
	size_t ncontacts;
	struct sip_auth auths[AUTHS_MAX];
	size_t nauths;
	/* the SDP body's m= lines; their endpoints become ep_ids at the commit */
	struct sdp_mline sdp[SDP_MEDIA_MAX];
	struct endpoint sdp_ep[SDP_MEDIA_MAX];
	size_t nsdp;
};

/* Fields read from the raw text whether or not libosip2 accepted it. */
static void fill_from_raw(struct ictx *st, const struct raw_view *rv, struct parsed *pm)
{
	struct sip_msg *m = &pm->m;
	struct sip_hdrset *h = &pm->h;
	struct sip_msg_extra *x = &pm->x;
	x->call_id = intern_span(st, rv->call_id);
	struct span via = trim(rv->via_first);
	if (via.n) {
		/* framing caps a message at SIP_MSG_MAX, so both fit 16 bits */
		m->via_raw_off = (uint16_t)(via.p - rv->msg);
		m->via_raw_len = (uint16_t)via.n;
	}
	m->via_count = (uint8_t)(rv->via_values > UINT8_MAX ? UINT8_MAX : rv->via_values);
	x->record_route = intern_span(st, rv->record_route);
	h->expires = rv->expires.p ? span_int(rv->expires) : -1;
	x->min_expires = rv->min_expires.p ? span_int(rv->min_expires) : -1;
	x->retry_after = rv->retry_after.p ? span_int(rv->retry_after) : -1;
	x->user_agent = intern_span(st, rv->user_agent);
	x->server = intern_span(st, rv->server);
	x->warning = intern_span(st, rv->warning);
	struct span ct = rv->content_type;
	if (ct.p) {
		const char *semi = memchr(ct.p, ';', ct.n);
		if (semi)
			ct.n = (size_t)(semi - ct.p);
		x->content_type = intern_span(st, ct);
	}
	x->content_length = rv->clen >= 0 ? (int32_t)rv->clen : -1;
	if (rv->compact)
		m->flags |= MF_COMPACT;
}

/* What the raw text of a rejected message still tells: start line, CSeq,
 * top Via, tags and the To AOR. */
static void fill_malformed(struct ictx *st, const struct raw_view *rv, struct sip_msg *m,
                           struct sip_hdrset *h)
{
	struct span sl = rv->start_line;
	if (sl.n >= 11 && !strncasecmp(sl.p, "SIP/2.0", 7)) {
		int32_t code = span_int((struct span){ sl.p + 8, 3 });
		m->status = (uint16_t)(code >= 100 && code <= 699 ? code : 0);
		if (!m->status)
			m->method = M_OTHER;     /* neither a response nor a known request */
		if (sl.n > 12)
			h->reason = intern_span(st, (struct span){ sl.p + 12, sl.n - 12 });
	} else {
		const char *sp = memchr(sl.p, ' ', sl.n);
		struct span meth = { sl.p, sp ? (size_t)(sp - sl.p) : sl.n };
		m->method = (uint8_t)sip_method_from(meth.p, meth.n);
		if (m->method == M_NONE)
			m->method = M_OTHER;
		h->method_str = intern_span(st, meth);
		if (sp) {
			struct span rest = { sp + 1, (size_t)(sl.p + sl.n - sp - 1) };
			const char *sp2 = memchr(rest.p, ' ', rest.n);
			struct span uri = { rest.p, sp2 ? (size_t)(sp2 - rest.p) : rest.n };
			h->ruri = intern_span(st, uri);
			str_id aor = intern_aor_raw(st, uri);
			const char *a = ict_str(st, aor), *c = strchr(a, ':'), *at = c ? strchr(c, '@') : NULL;
			/* a copy: interning may move the record `a` points into */
			char host[STR_MAX + 1];
			snprintf(host, sizeof host, "%s", at ? at + 1 : c ? c + 1 : "");
			h->ruri_host = intern_c(st, host);
		}
	}
	if (rv->cseq.p) {
		struct span cs = trim(rv->cseq);
		m->cseq = (uint32_t)(span_int(cs) < 0 ? 0 : span_int(cs));
		size_t i = 0;
		while (i < cs.n && !isspace((unsigned char)cs.p[i]))
			i++;
		struct span meth = trim((struct span){ cs.p + i, cs.n - i });
		m->cseq_method = (uint8_t)sip_method_from(meth.p, meth.n);
		if (m->status)
			h->method_str = intern_span(st, meth);
	}
	struct span via = rv->via_first, val;
	if (via.p) {
		/* SIP/2.0/UDP host:port;params */
		const char *slash = memchr(via.p, '/', via.n);
		const char *slash2 = slash ? memchr(slash + 1, '/', (size_t)(via.p + via.n - slash - 1)) : NULL;
		if (slash2) {
			const char *t = slash2 + 1, *e = t;
			while (e < via.p + via.n && !isspace((unsigned char)*e))
				e++;
			m->via_transport = (uint8_t)transport_of((struct span){ t, (size_t)(e - t) });
			while (e < via.p + via.n && isspace((unsigned char)*e))
				e++;
			const char *host = e;
			while (e < via.p + via.n && !strchr(";: \t", *e))
				e++;
			h->via_host = intern_span(st, (struct span){ host, (size_t)(e - host) });
			if (e < via.p + via.n && *e == ':') {
				int32_t port = span_int((struct span){ e + 1, (size_t)(via.p + via.n - e - 1) });
				h->via_port = (uint16_t)(port > 0 && port <= 65535 ? port : 0);
			}
		}
		if (param_value(via, "branch", &val))
			m->via_branch = intern_span(st, val);
		if (param_value(via, "received", &val))
			h->via_received = intern_span(st, val);
		if (param_value(via, "rport", &val)) {
			m->flags |= MF_RPORT;
			h->via_rport = port_value(span_int(val));
		} else {
			/* a bare ";rport" has no "=" for param_value to find */
			for (size_t i = 0; i + 6 <= via.n; i++)
				if (via.p[i] == ';' && !strncasecmp(via.p + i + 1, "rport", 5) &&
				    (i + 6 == via.n || strchr(";, \t", via.p[i + 6])))
					m->flags |= MF_RPORT;
		}
	}
	if (rv->from.p && param_value(rv->from, "tag", &val))
		m->from_tag = intern_span(st, val);
	if (rv->to.p) {
		if (param_value(rv->to, "tag", &val))
			m->to_tag = intern_span(st, val);
		struct span uri = uri_of_name_addr(rv->to);
		h->to_uri = intern_span(st, uri);
		h->aor = intern_aor_raw(st, uri);
	}
	if (rv->from.p)
		h->from_uri = intern_span(st, uri_of_name_addr(rv->from));
}

static str_id intern_uri(struct ictx *st, osip_uri_t *u)
{
	char *s = NULL;
	if (!u || osip_uri_to_str(u, &s) != 0 || !s)
		return 0;
	str_id id = intern_c(st, s);
	osip_free(s);
	return id;
}

static str_id param_of(struct ictx *st, osip_list_t *params, const char *name)
{
	osip_generic_param_t *p = NULL;
	if (osip_generic_param_get_byname(params, (char *)name, &p) != 0 || !p)
		return 0;
	return intern_unquoted(st, p->gvalue);
}

static void fill_via(struct ictx *st, osip_message_t *om, struct sip_msg *m, struct sip_hdrset *h)
{
	osip_via_t *via = osip_list_get(&om->vias, 0);
	if (!via)
		return;
	m->via_transport = (uint8_t)transport_of(span_of(via->protocol ? via->protocol : ""));
	h->via_host = intern_c(st, via->host);
	h->via_port = port_of(via->port);
	m->via_branch = param_of(st, &via->via_params, "branch");
	h->via_received = param_of(st, &via->via_params, "received");
	osip_generic_param_t *rp = NULL;
	if (osip_generic_param_get_byname(&via->via_params, "rport", &rp) == 0 && rp) {
		m->flags |= MF_RPORT;
		h->via_rport = rp->gvalue ? port_value(str_int(rp->gvalue)) : 0;
	}
	int n = osip_list_size(&om->vias);
	if (n > m->via_count)
		m->via_count = (uint8_t)(n > UINT8_MAX ? UINT8_MAX : n);
}

static void fill_contacts(struct ictx *st, osip_message_t *om, const struct raw_view *rv, struct parsed *pm)
{
	int n = osip_list_size(&om->contacts);
	/* the URI as sent, when the raw values line up with libosip2's list */
	bool raw_uris = !rv->contact_overflow && n == rv->ncontact;
	for (int i = 0; i < n && pm->ncontacts < CONTACTS_MAX; i++) {
		osip_contact_t *c = osip_list_get(&om->contacts, i);
		if (!c)
			continue;
		struct sip_contact *out = &pm->contacts[pm->ncontacts++];
		memset(out, 0, sizeof *out);
		out->expires = -1;
		if (!c->url) {
			out->star = c->displayname && !strcmp(c->displayname, "*");
			continue;
		}
		out->uri = raw_uris ? intern_span(st, uri_of_name_addr(rv->contact[i])) : intern_uri(st, c->url);
		out->host = intern_c(st, c->url->host);
		out->port = port_of(c->url->port);
		osip_generic_param_t *p = NULL;
		if (osip_generic_param_get_byname(&c->gen_params, "expires", &p) == 0 && p)
			out->expires = str_int(p->gvalue);
	}
}

static void auth_from_challenge(struct ictx *st, osip_www_authenticate_t *w, struct sip_auth *a)
{
	a->scheme = intern_c(st, w->auth_type);
	a->realm = intern_unquoted(st, w->realm);
	a->nonce = intern_unquoted(st, w->nonce);
	a->opaque = intern_unquoted(st, w->opaque);
	a->algorithm = intern_unquoted(st, w->algorithm);
	a->qop = intern_unquoted(st, w->qop_options);
	const char *stale = w->stale;
	if (stale) {
		struct span s = unquote(span_of(stale));
		a->stale = s.n == 4 && !strncasecmp(s.p, "true", 4);
	}
}

static void auth_from_credentials(struct ictx *st, osip_authorization_t *c, struct sip_auth *a)
{
	a->scheme = intern_c(st, c->auth_type);
	a->realm = intern_unquoted(st, c->realm);
	a->nonce = intern_unquoted(st, c->nonce);
	a->opaque = intern_unquoted(st, c->opaque);
	a->algorithm = intern_unquoted(st, c->algorithm);
	a->qop = intern_unquoted(st, c->message_qop);
	a->username = intern_unquoted(st, c->username);
	a->uri = intern_unquoted(st, c->uri);
	a->response = keep_unquoted(st, c->response);
	a->cnonce = keep_unquoted(st, c->cnonce);
	a->nc = intern_unquoted(st, c->nonce_count);
}

/* What an unparseable auth header's text still gives. */
static void auth_from_raw(struct ictx *st, struct span v, struct sip_auth *a)
{
	struct span t = trim(v), val;
	size_t i = 0;
	while (i < t.n && !isspace((unsigned char)t.p[i]) && t.p[i] != ',')
		i++;
	if (i && !memchr(t.p, '=', i))
		a->scheme = intern_span(st, (struct span){ t.p, i });
	a->unparseable = true;
#define RAW_PARAM(field, name) if (param_value(t, name, &val)) a->field = intern_span(st, val)
	RAW_PARAM(realm, "realm");
	RAW_PARAM(nonce, "nonce");
	RAW_PARAM(opaque, "opaque");
	RAW_PARAM(algorithm, "algorithm");
	RAW_PARAM(qop, "qop");
	RAW_PARAM(username, "username");
	RAW_PARAM(uri, "uri");
#undef RAW_PARAM
}

/* Parses one auth header value alone; false if libosip2 rejects it. */
static bool auth_parse_one(struct ictx *st, int kind, struct span v, struct sip_auth *a)
{
	char buf[SIP_MSG_MAX / 4];
	if (v.n >= sizeof buf)
		return false;
	memcpy(buf, v.p, v.n);
	buf[v.n] = '\0';
	bool ok = false;
	if (kind == AK_WWW || kind == AK_PROXY) {
		osip_www_authenticate_t *w = NULL;
		if (osip_www_authenticate_init(&w) == 0 && osip_www_authenticate_parse(w, buf) == 0 && w->auth_type) {
			auth_from_challenge(st, w, a);
			ok = true;
		}
		osip_www_authenticate_free(w);
	} else {
		osip_authorization_t *c = NULL;
		if (osip_authorization_init(&c) == 0 && osip_authorization_parse(c, buf) == 0 && c->auth_type) {
			auth_from_credentials(st, c, a);
			ok = true;
		}
		osip_authorization_free(c);
	}
	return ok;
}

static osip_list_t *auth_list(osip_message_t *om, int kind)
{
	switch (kind) {
	case AK_WWW: return &om->www_authenticates;
	case AK_PROXY: return &om->proxy_authenticates;
	case AK_AUTHZ: return &om->authorizations;
	default: return &om->proxy_authorizations;
	}
}

static void fill_auths(struct ictx *st, osip_message_t *om, const struct raw_view *rv, struct parsed *pm)
{
	for (int k = 0; k < AK__COUNT; k++) {
		osip_list_t *l = om ? auth_list(om, k) : NULL;
		int have = l ? osip_list_size(l) : 0;
		if (l && have >= rv->auth_n[k]) {
			/* libosip2 kept every one: take its fields */
			for (int i = 0; i < have && pm->nauths < AUTHS_MAX; i++) {
				struct sip_auth *a = &pm->auths[pm->nauths++];
				memset(a, 0, sizeof *a);
				a->kind = auth_kind_of[k];
				if (k == AK_WWW || k == AK_PROXY)
					auth_from_challenge(st, osip_list_get(l, i), a);
				else
					auth_from_credentials(st, osip_list_get(l, i), a);
			}
			continue;
		}
		/* some were dropped (or the whole message was): one by one from the text */
		for (int i = 0; i < rv->auth_n[k] && pm->nauths < AUTHS_MAX; i++) {
			struct sip_auth *a = &pm->auths[pm->nauths++];
			memset(a, 0, sizeof *a);
			if (!auth_parse_one(st, k, rv->auth[k][i], a)) {
				memset(a, 0, sizeof *a);
				auth_from_raw(st, rv->auth[k][i], a);
			}
			a->kind = auth_kind_of[k];
		}
	}
}

static void fill_parsed(struct ictx *st, osip_message_t *om, const struct raw_view *rv, struct parsed *pm)
{
	struct sip_msg *m = &pm->m;
	struct sip_hdrset *h = &pm->h;
	if (MSG_IS_RESPONSE(om)) {
		m->status = (uint16_t)(om->status_code > 0 && om->status_code < 1000 ? om->status_code : 0);
		h->reason = intern_c(st, om->reason_phrase);
	} else {
		m->method = (uint8_t)sip_method_from(om->sip_method, om->sip_method ? strlen(om->sip_method) : 0);
		h->method_str = intern_c(st, om->sip_method);
		/* Request-URI exactly as sent: the start line's second word */
		struct span sl = rv->start_line;
		const char *sp = memchr(sl.p, ' ', sl.n);
		if (sp) {
			const char *u = sp + 1, *e = memchr(u, ' ', (size_t)(sl.p + sl.n - u));
			h->ruri = intern_span(st, (struct span){ u, (size_t)((e ? e : sl.p + sl.n) - u) });
		}
		if (om->req_uri)
			h->ruri_host = intern_c(st, om->req_uri->host);
	}
	if (om->cseq) {
		int32_t n = str_int(om->cseq->number);
		m->cseq = n < 0 ? 0 : (uint32_t)n;
		const char *cm = om->cseq->method;
		m->cseq_method = (uint8_t)sip_method_from(cm, cm ? strlen(cm) : 0);
		if (m->status)
			h->method_str = intern_c(st, cm);
	}
	fill_via(st, om, m, h);
	if (om->from) {
		h->from_uri = intern_span(st, uri_of_name_addr(rv->from));
		h->from_display = intern_unquoted(st, om->from->displayname);
		m->from_tag = param_of(st, &om->from->gen_params, "tag");
	}
	if (om->to) {
		h->to_uri = intern_span(st, uri_of_name_addr(rv->to));
		m->to_tag = param_of(st, &om->to->gen_params, "tag");
		if (om->to->url)
			h->aor = intern_aor(st, om->to->url->scheme, om->to->url->username, om->to->url->host);
	}
	fill_contacts(st, om, rv, pm);
}

/* Can a body with this Content-Type (as the store keeps it: no
 * parameters) hold SDP? */
static bool content_type_may_hold_sdp(const char *ct)
{
	return !strncasecmp(ct, "application/sdp", 15) || !strncasecmp(ct, "multipart/", 10);
}

/* The Content-Type header's whole value (parameters and all: a multipart
 * body's boundary) in the raw headers text[0..hdr), or compact "c". */
static bool raw_content_type(const char *text, size_t hdr, const char **v, size_t *vl)
{
	const char *line = text, *end = text + hdr;
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *le = nl ? nl : end;
		size_t nlen = 0;
		if ((size_t)(le - line) > 12 && !strncasecmp(line, "Content-Type", 12))
			nlen = 12;
		else if ((size_t)(le - line) > 1 && (line[0] == 'c' || line[0] == 'C') &&
		         (line[1] == ':' || line[1] == ' ' || line[1] == '\t'))
			nlen = 1;
		if (nlen) {
			const char *p = line + nlen;
			while (p < le && (*p == ' ' || *p == '\t'))
				p++;
			if (p < le && *p == ':') {
				const char *ve = le;
				if (ve > p && ve[-1] == '\r')
					ve--;
				*v = p + 1;
				*vl = (size_t)(ve - *v);
				return true;
			}
		}
		line = nl ? nl + 1 : end;
	}
	return false;
}

const char *sip_sdp_connection(const struct store *st, const struct sip_msg *m, char *out, size_t size)
{
	if (!size)
		return "";
	out[0] = '\0';
	struct sip_msg_extra x;
	store_msg_extra(st, m, &x);
	if (!m->body_len || !content_type_may_hold_sdp(store_str(st, x.content_type)))
		return out;
	/* padded: sdp_message_parse reads past the end of some bodies */
	char *text = malloc((size_t)m->wire_len + PAD);
	if (!text)
		return out;
	long n = store_msg_bytes(st, m, text, m->wire_len);
	size_t hdr = n > 0 ? sipframe_headers_end(text, (size_t)n) : 0;
	const char *ct, *sdp;
	size_t ctl, len;
	if (hdr && (size_t)n > hdr && raw_content_type(text, hdr, &ct, &ctl) &&
	    sip_body_sdp(ct, ctl, text + hdr, (size_t)n - hdr, &sdp, &len)) {
		/* the SDP (a multipart body's part) to the front, then the pad */
		char *body = text;
		memmove(body, sdp, len);
		memset(body + len, 0, PAD);
		/* the last line needs its line end, or the parse fails on it */
		if (body[len - 1] != '\n')
			memcpy(body + len, "\r\n", 2);
		sdp_message_t *sdpm = NULL;
		if (sdp_message_init(&sdpm) == 0) {
			/* a body it half-rejects still gives its c= lines */
			sdp_message_parse(sdpm, body);
			const char *a = sdp_message_c_addr_get(sdpm, -1, 0);
			if (!a)
				a = sdp_message_c_addr_get(sdpm, 0, 0);
			if (a) {
				size_t k = strpool_kept_len(a, strlen(a));
				if (k >= size)
					k = size - 1;
				memcpy(out, a, k);
				out[k] = '\0';
			}
			sdp_message_free(sdpm);
		}
	}
	free(text);
	return out;
}

/* What the parse phase leaves for the commit phase: the record with
 * provisional string ids, and those strings. */
struct sip_parsed {
	struct parsed pm;
	struct srec rec;
	long clen;                   /* Content-Length: -1 absent, -2 conflicting */
};

size_t sip_parsed_size(void)
{
	return sizeof(struct sip_parsed);
}

/* The offer's or answer's m= lines into the record (sipsdp.c parses). */
static void fill_sdp(struct ictx *st, struct sip_scratch *sc, const char *body, size_t len,
                     struct parsed *pm)
{
	if (!sdp_parse_body(body, len, sc->sdp_pad, sizeof sc->sdp_pad, &sc->sdp))
		return;
	for (size_t i = 0; i < sc->sdp.nmedia; i++) {
		const struct sdp_parsed_media *p = &sc->sdp.media[i];
		pm->sdp[i] = (struct sdp_mline){
			.addr = intern_c(st, p->addr), .codecs = intern_c(st, p->codecs),
			.port = p->port, .kind = p->kind, .dir = p->dir, .proto = p->proto, .flags = p->flags,
		};
		pm->sdp_ep[i] = p->ep;
	}
	pm->nsdp = sc->sdp.nmedia;
}

/* Everything but what needs the store or the decoder's meta: the raw scan,
 * libosip2 (its tree freed here, on the thread that built it), the fields.
 * With st == NULL (the parse phase) strings are recorded, not interned. */
static void parse_fill(struct ictx *st, struct sip_scratch *sc, const char *buf, size_t len,
                       size_t hdr_hint, struct parsed *pm, long *clen)
{
	struct raw_view *rv = &sc->rv;
	memset(&pm->m, 0, sizeof pm->m);
	memset(&pm->h, 0, sizeof pm->h);
	pm->ncontacts = pm->nauths = pm->nsdp = 0;
	struct sip_msg *m = &pm->m;
	pm->x = (struct sip_msg_extra){ .min_expires = -1, .retry_after = -1, .content_length = -1 };
	/* the framing found the headers' end already, most of the time */
	size_t hdr_len = hdr_hint && hdr_hint <= len ? hdr_hint : sipframe_headers_end(buf, len);
	m->body_len = (uint16_t)(hdr_len ? len - hdr_len : 0);
	size_t wlen = raw_scan(sc->work, buf, hdr_len ? hdr_len : len, rv, &m->flags);
	fill_from_raw(st, rv, pm);
	*clen = rv->clen;

	sipalloc_begin(&sc->arena);
	osip_message_t *om = NULL;
	bool ok = osip_message_init(&om) == 0 && osip_message_parse(om, sc->work, wlen) == 0 &&
	          (om->status_code > 0 || om->sip_method);
	if (ok) {
		fill_parsed(st, om, rv, pm);
	} else {
		m->flags |= MF_MALFORMED;
		fill_malformed(st, rv, m, &pm->h);
	}
	fill_auths(st, ok ? om : NULL, rv, pm);
	/* a tree wholly in the arena goes with the scope */
	if (om && sipalloc_spilled(&sc->arena))
		osip_message_free(om);
	/* the body-extraction step: the whole body, or a multipart body's
	 * application/sdp part (sipbody.h) */
	const char *sdp;
	size_t sdp_len;
	if (hdr_len && m->body_len &&
	    sip_body_sdp(rv->content_type.p, rv->content_type.n, buf + hdr_len, m->body_len, &sdp, &sdp_len))
		fill_sdp(st, sc, sdp, sdp_len, pm);
	sipalloc_end(&sc->arena);
}

/* The parse phase: touches nothing shared (no store, no static buffer), so
 * it may run on any thread. */
void sip_parse_phase(struct sip_scratch *sc, const char *buf, size_t len, size_t hdr_len,
                     struct sip_parsed *po)
{
	if (len > SIP_MSG_MAX)
		len = SIP_MSG_MAX;
	po->rec.p = po->rec.inline_room;
	po->rec.cap = sizeof po->rec.inline_room;
	po->rec.used = 0;
	po->rec.heap = false;
	struct ictx c = { .st = NULL, .rec = &po->rec };
	parse_fill(&c, sc, buf, len, hdr_len, &po->pm, &po->clen);
}

void sip_parsed_discard(struct sip_parsed *po)
{
	if (po->rec.heap)
		free(po->rec.p);
	po->rec.heap = false;
	po->rec.p = po->rec.inline_room;
	po->rec.used = 0;
}

/* Reads the record's entry at off (length and hash); returns the next
 * entry's offset, or 0 past the last. */
static size_t rec_entry(const struct srec *r, size_t off, uint32_t *len, uint32_t *hash)
{
	if (off + REC_HDR > r->used)
		return 0;
	memcpy(len, r->p + off, 4);
	memcpy(hash, r->p + off + 8, 4);
	return off + REC_HDR + (*len & ~REC_UNIQUE) + 1;
}

void sip_commit_prefetch(const struct store *st, const struct sip_parsed *po)
{
	uint32_t l, h;
	for (size_t off = 0, next; (next = rec_entry(&po->rec, off, &l, &h)); off = next)
		if (!(l & REC_UNIQUE))
			store_intern_prefetch(st, h);
}

static void remap(const struct srec *r, str_id *id)
{
	if (*id & PROV_ID) {
		uint32_t off = *id & ~PROV_ID, real = 0;
		if ((size_t)off + REC_HDR <= r->used)
			memcpy(&real, r->p + off + 4, 4);
		*id = real;
	}
}

/* Fills in what the decoder knows and what follows from it, and stores. */
static uint32_t finish_msg(struct store *st, const char *buf, size_t len,
                           const struct msg_meta *meta, uint32_t extra_flags,
                           struct parsed *pm, long clen)
{
	struct sip_msg *m = &pm->m;
	m->time = meta->time;
	m->frame = meta->last_frame ? meta->last_frame : meta->frame;
	pm->x.first_frame = meta->frame;
	pm->h.src = meta->src;
	pm->h.dst = meta->dst;
	m->transport = meta->transport;
	m->flags |= meta->flags | extra_flags;
	m->wire_len = (uint16_t)len;      /* at most SIP_MSG_MAX */
	/* a body cut short by the snap length or the end of the capture is
	 * MF_TRUNCATED, not a lie in the header */
	bool cut = (m->flags & MF_TRUNCATED) && clen > (long)m->body_len;
	if (clen == -2 || (clen >= 0 && (uint32_t)clen != m->body_len && !cut))
		m->flags |= MF_BAD_CLEN;
	struct raw_ref raw = meta->raw.where != RAW_NONE && meta->raw.len >= len
	                     ? meta->raw : store_arena_put(st, buf, len);
	m->raw_at = raw_pack(raw);
	if (pm->nsdp) {
		pm->x.sdp_first = store_add_sdp(st, pm->sdp, pm->sdp_ep, pm->nsdp);
		pm->x.sdp_count = pm->x.sdp_first ? (uint32_t)pm->nsdp : 0;
	}
	uint32_t mi = store_add_msg(st, m, &pm->h, &pm->x, pm->contacts, pm->ncontacts, pm->auths, pm->nauths);
	store_msg_set_node(st, mi, meta->node);
	return mi;
}

/* The commit phase: on the thread that owns the store, in message order.
 * Interns the recorded strings in the order the parse met them, swaps the
 * provisional ids for the real ones, then stores the message. */
uint32_t sip_commit_phase(struct store *st, const char *buf, size_t len,
                          const struct msg_meta *meta, uint32_t extra_flags,
                          struct sip_parsed *po)
{
	if (len > SIP_MSG_MAX) {
		len = SIP_MSG_MAX;
		extra_flags |= MF_TRUNCATED;
	}
	struct srec *r = &po->rec;
	uint32_t l, h;
	for (size_t off = 0, next; (next = rec_entry(r, off, &l, &h)); off = next) {
		str_id id = l & REC_UNIQUE ? store_keep_unique(st, r->p + off + REC_HDR, l & ~REC_UNIQUE)
		                           : store_intern_hashed(st, r->p + off + REC_HDR, l, h);
		memcpy(r->p + off + 4, &id, 4);
	}
	struct parsed *pm = &po->pm;
	struct sip_msg *m = &pm->m;
	str_id *msg_ids[] = {
		&pm->h.method_str, &pm->h.reason, &pm->h.ruri, &pm->h.ruri_host, &pm->x.call_id,
		&m->via_branch, &pm->h.via_host, &pm->h.via_received,
		&pm->h.from_uri, &m->from_tag, &pm->h.from_display, &pm->h.to_uri, &m->to_tag,
		&pm->h.aor, &pm->x.content_type, &pm->x.user_agent, &pm->x.server, &pm->x.warning,
		&pm->x.record_route,
	};
	for (size_t i = 0; i < sizeof msg_ids / sizeof *msg_ids; i++)
		remap(r, msg_ids[i]);
	for (size_t i = 0; i < pm->ncontacts; i++) {
		remap(r, &pm->contacts[i].uri);
		remap(r, &pm->contacts[i].host);
	}
	for (size_t i = 0; i < pm->nauths; i++) {
		struct sip_auth *a = &pm->auths[i];
		str_id *auth_ids[] = {
			&a->scheme, &a->realm, &a->nonce, &a->opaque, &a->algorithm, &a->qop,
			&a->username, &a->uri, &a->response, &a->cnonce, &a->nc,
		};
		for (size_t k = 0; k < sizeof auth_ids / sizeof *auth_ids; k++)
			remap(r, auth_ids[k]);
	}
	for (size_t i = 0; i < pm->nsdp; i++) {
		remap(r, &pm->sdp[i].addr);
		remap(r, &pm->sdp[i].codecs);
	}
	uint32_t mi = finish_msg(st, buf, len, meta, extra_flags, pm, po->clen);
	sip_parsed_discard(po);
	return mi;
}

uint32_t sip_ingest_one(struct store *st, const char *buf, size_t len,
                        const struct msg_meta *meta, uint32_t extra_flags)
{
	if (!initialised)
		sipparse_init();
	struct sip_batch *b = store_ingest_ctx(st);
	if (b)
		return sip_batch_add(b, buf, len, meta, extra_flags);
	if (len > SIP_MSG_MAX) {
		len = SIP_MSG_MAX;
		extra_flags |= MF_TRUNCATED;
	}
	/* one thread: intern as we go, as before the parallel parse */
	static struct parsed pm;
	long clen;
	struct ictx c = { .st = st };
	parse_fill(&c, &main_scratch, buf, len, meta->hdr_len, &pm, &clen);
	return finish_msg(st, buf, len, meta, extra_flags, &pm, clen);
}
