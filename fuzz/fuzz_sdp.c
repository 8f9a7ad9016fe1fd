/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * fuzz_sdp.c - libFuzzer target for the SDP body parse (src/sip/sipsdp.c):
 * any bytes as an offer or answer; and the same bytes as a Content-Type
 * line and a body (src/sip/sipbody.c: the SDP part of a multipart body),
 * whose SDP span must lie inside the body and is parsed in its turn.  The input is handed over exactly, with
 * nothing after it, so an over-read of libosip2's SDP parser past the
 * padded copy shows under ASan; every kept string must be bounded and
 * NUL-terminated, and every field in its range.  The fast path
 * (src/sip/sipsdp_fast.c) must decline the input or read it exactly as
 * libosip2's parser does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/model.h"
#include "sip/sipbody.h"
#include "sip/sipparse.h"
#include "sip/sipsdp.h"
#include "sip/sipsdp_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char pad[SIP_MSG_MAX + SDP_PAD];
static struct sdp_parsed out, fast;
static void check_both(const char *sdp, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		sipparse_init();     /* libosip2's parser_init, its trace silenced */
		ready = true;
	}
	if (size > SIP_MSG_MAX)
		return 0;
	check_both((const char *)data, size);
	/* first line: the Content-Type value; the rest: the body */
	const uint8_t *nl = memchr(data, '\n', size);
	if (nl) {
		const char *body = (const char *)nl + 1, *sdp;
		size_t blen = size - (size_t)(nl + 1 - data), slen;
		if (sip_body_sdp((const char *)data, (size_t)(nl - data), body, blen, &sdp, &slen)) {
			if (sdp < body || slen > blen || sdp + slen > body + blen)
				abort();
			check_both(sdp, slen);
		}
	}
	return 0;
}

/* The fast path declines or agrees with libosip2's parser; what is kept is
 * bounded and in range. */
static void check_both(const char *sdp, size_t len)
{
	memset(&fast, 0, sizeof fast);
	memset(&out, 0, sizeof out);
	int f = sdp_parse_fast(sdp, len, pad, sizeof pad, &fast);
	bool o = sdp_parse_osip(sdp, len, pad, sizeof pad, &out);
	if (f >= 0 && ((f == 1) != o || fast.nmedia != out.nmedia ||
	               memcmp(fast.media, out.media, out.nmedia * sizeof *out.media)))
		abort();
	if (out.nmedia > SDP_MEDIA_MAX)
		abort();
	for (size_t i = 0; i < out.nmedia; i++) {
		const struct sdp_parsed_media *m = &out.media[i];
		if (strnlen(m->addr, sizeof m->addr) >= sizeof m->addr ||
		    strnlen(m->codecs, sizeof m->codecs) >= sizeof m->codecs)
			abort();
		if (m->kind > SDP_K_APPLICATION || m->dir > SDP_INACTIVE || m->proto > SDP_P_UDPTL)
			abort();
		if (m->ep.family != 0 && m->ep.family != 4 && m->ep.family != 6)
			abort();
	}
}
