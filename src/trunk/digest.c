/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * digest.c - digest response recomputation with OpenSSL EVP.  The password
 * passes through HA1 buffers on the stack; they are wiped before returning.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <openssl/evp.h>

#include "trunk/digest.h"

bool digest_algorithm_parse(const char *name, enum digest_hash *hash, bool *sess)
{
	static const struct { const char *name; enum digest_hash h; bool sess; } algs[] = {
		{ "MD5", DIGEST_MD5, false },
		{ "MD5-sess", DIGEST_MD5, true },
		{ "SHA-256", DIGEST_SHA256, false },
		{ "SHA-256-sess", DIGEST_SHA256, true },
		{ "SHA-512-256", DIGEST_SHA512_256, false },
		{ "SHA-512-256-sess", DIGEST_SHA512_256, true },
	};
	if (!name || !*name)
		name = "MD5";
	for (size_t i = 0; i < sizeof algs / sizeof *algs; i++)
		if (!strcasecmp(name, algs[i].name)) {
			*hash = algs[i].h;
			*sess = algs[i].sess;
			return true;
		}
	return false;
}

static const EVP_MD *hash_md(enum digest_hash h)
{
	switch (h) {
	case DIGEST_MD5: return EVP_md5();
	case DIGEST_SHA256: return EVP_sha256();
	case DIGEST_SHA512_256: return EVP_sha512_256();
	}
	return NULL;
}

/* H(part0 ":" part1 ":" ...) as lowercase hex.  parts[i] with lens[i]. */
static bool hash_hex(const EVP_MD *md, const void *const *parts, const size_t *lens, size_t n,
                     char *hex, size_t hexlen)
{
	unsigned char raw[EVP_MAX_MD_SIZE];
	unsigned int rawlen = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	bool ok = c && EVP_DigestInit_ex(c, md, NULL);
	for (size_t i = 0; ok && i < n; i++) {
		if (i)
			ok = EVP_DigestUpdate(c, ":", 1);
		if (ok && lens[i])
			ok = EVP_DigestUpdate(c, parts[i], lens[i]);
	}
	ok = ok && EVP_DigestFinal_ex(c, raw, &rawlen);
	EVP_MD_CTX_free(c);
	if (!ok || hexlen < 2 * (size_t)rawlen + 1)
		return false;
	for (unsigned i = 0; i < rawlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	OPENSSL_cleanse(raw, sizeof raw);
	return true;
}

#define S(x) ((x) ? (x) : "")
#define PART(x) (const void *)S(x)
#define LEN(x) strlen(S(x))

bool digest_response(const struct digest_input *in, char *out, size_t outlen,
                     char *err, size_t errlen)
{
	enum digest_hash h;
	bool sess;
	if (!digest_algorithm_parse(in->algorithm, &h, &sess)) {
		snprintf(err, errlen, "unknown digest algorithm");
		return false;
	}
	const char *qop = S(in->qop);
	bool auth_int = !strcasecmp(qop, "auth-int");
	if (*qop && strcasecmp(qop, "auth") && !auth_int) {
		snprintf(err, errlen, "unknown qop");
		return false;
	}
	if ((*qop || sess) && (!in->cnonce || !*in->cnonce)) {
		snprintf(err, errlen, "no cnonce in the credentials");
		return false;
	}
	if (*qop && (!in->nc || !*in->nc)) {
		snprintf(err, errlen, "no nonce count in the credentials");
		return false;
	}
	const EVP_MD *md = hash_md(h);
	if (!md) {
		snprintf(err, errlen, "the crypto library lacks this hash");
		return false;
	}

	char ha1[DIGEST_HEX_MAX], ha2[DIGEST_HEX_MAX], body_hash[DIGEST_HEX_MAX];
	bool ok;
	{
		const void *p[] = { PART(in->username), PART(in->realm), PART(in->password) };
		size_t l[] = { LEN(in->username), LEN(in->realm), LEN(in->password) };
		ok = hash_hex(md, p, l, 3, ha1, sizeof ha1);
	}
	if (ok && sess) {
		char inner[DIGEST_HEX_MAX];
		memcpy(inner, ha1, sizeof inner);
		const void *p[] = { inner, PART(in->nonce), PART(in->cnonce) };
		size_t l[] = { strlen(inner), LEN(in->nonce), LEN(in->cnonce) };
		ok = hash_hex(md, p, l, 3, ha1, sizeof ha1);
		OPENSSL_cleanse(inner, sizeof inner);
	}
	if (ok && auth_int) {
		const void *p[] = { in->body ? in->body : "" };
		size_t l[] = { in->body ? in->body_len : 0 };
		ok = hash_hex(md, p, l, 1, body_hash, sizeof body_hash);
	}
	if (ok) {
		const void *p[] = { PART(in->method), PART(in->uri), body_hash };
		size_t l[] = { LEN(in->method), LEN(in->uri), auth_int ? strlen(body_hash) : 0 };
		ok = hash_hex(md, p, l, auth_int ? 3 : 2, ha2, sizeof ha2);
	}
	if (ok && *qop) {
		const void *p[] = { ha1, PART(in->nonce), PART(in->nc), PART(in->cnonce), qop, ha2 };
		size_t l[] = { strlen(ha1), LEN(in->nonce), LEN(in->nc), LEN(in->cnonce), strlen(qop), strlen(ha2) };
		ok = hash_hex(md, p, l, 6, out, outlen);
	} else if (ok) {
		const void *p[] = { ha1, PART(in->nonce), ha2 };
		size_t l[] = { strlen(ha1), LEN(in->nonce), strlen(ha2) };
		ok = hash_hex(md, p, l, 3, out, outlen);
	}
	OPENSSL_cleanse(ha1, sizeof ha1);
	if (!ok)
		snprintf(err, errlen, "digest computation failed");
	return ok;
}

bool digest_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned diff = la != lb;
	for (size_t i = 0; i < la && i < lb; i++)
		diff |= (unsigned)(tolower((unsigned char)a[i]) ^ tolower((unsigned char)b[i]));
	return diff == 0;
}
