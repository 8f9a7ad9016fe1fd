/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * digest.h - recomputes an HTTP/SIP digest response (RFC 2617, RFC 7616,
 * RFC 3261 §22.4, RFC 8760) from the password and what the capture shows,
 * so trunkdoc can prove whether the PBX sent the right password.
 *
 *   HA1 = H(username ":" realm ":" password)               algorithm X
 *   HA1 = H(H(username ":" realm ":" password) ":" nonce ":" cnonce)   X-sess
 *   HA2 = H(method ":" uri)                                 qop none / auth
 *   HA2 = H(method ":" uri ":" H(body))                     qop auth-int
 *   response = H(HA1 ":" nonce ":" HA2)                     no qop (RFC 2069)
 *   response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)
 *
 * H is MD5, SHA-256 or SHA-512-256, each through OpenSSL's EVP interface.
 */
#ifndef TRUNKDOC_DIGEST_H
#define TRUNKDOC_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

enum digest_hash { DIGEST_MD5 = 0, DIGEST_SHA256, DIGEST_SHA512_256 };

/* 512-256 gives 64 hex digits; MD5 32. */
#define DIGEST_HEX_MAX 65

struct digest_input {
	const char *algorithm;   /* "MD5", "SHA-256-sess", ...; NULL or "" = MD5 */
	const char *username, *realm, *password;
	const char *method, *uri, *nonce;
	const char *qop;         /* NULL/"" (none), "auth" or "auth-int" */
	const char *nc, *cnonce; /* required with a qop or a -sess algorithm */
	const void *body;        /* the message body, for auth-int */
	size_t body_len;
};

/* Parses an algorithm token (case-insensitive).  False if not one we know. */
bool digest_algorithm_parse(const char *name, enum digest_hash *hash, bool *sess);

/* Computes the response as lowercase hex into out (>= DIGEST_HEX_MAX).
 * On failure (unknown algorithm or qop, missing cnonce, no crypto) writes a
 * one-line reason into err and returns false. */
bool digest_response(const struct digest_input *in, char *out, size_t outlen,
                     char *err, size_t errlen);

/* Constant-time comparison of two hex responses, case-insensitive. */
bool digest_equal(const char *a, const char *b);

#endif
