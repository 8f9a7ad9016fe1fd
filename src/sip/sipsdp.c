/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipsdp.c - an SDP body to compact media descriptions, with libosip2.
 *
 *   body ──> NUL-padded copy ──> sdp_message_parse ──> per m= line:
 *            (libosip2 reads       (half-rejected       port, kind, proto,
 *             past the end of       bodies still give    c= (media, else session),
 *             some bodies)          what it read)        direction (media, else
 *                                                        session, else sendrecv),
 *                                                        "PT NAME/RATE" list
 *
 * Codec names come from a=rtpmap, else from RFC 3551's static payload
 * types; a dynamic type with no rtpmap is listed as its number alone.
 * Every string is bounded here, whatever the body says.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <osipparser2/osip_port.h>
#include <osipparser2/sdp_message.h>

#include "sip/sipsdp.h"
#include "sip/sipsdp_impl.h"

const char *sdp_static_codec(unsigned pt)
{
	/* RFC 3551 §6, tables 4 and 5 */
	static const char *const names[35] = {
		[0] = "PCMU/8000", [3] = "GSM/8000", [4] = "G723/8000", [5] = "DVI4/8000",
		[6] = "DVI4/16000", [7] = "LPC/8000", [8] = "PCMA/8000", [9] = "G722/8000",
		[10] = "L16/44100/2", [11] = "L16/44100", [12] = "QCELP/8000", [13] = "CN/8000",
		[14] = "MPA/90000", [15] = "G728/8000", [16] = "DVI4/11025", [17] = "DVI4/22050",
		[18] = "G729/8000", [25] = "CelB/90000", [26] = "JPEG/90000", [28] = "nv/90000",
		[31] = "H261/90000", [32] = "MPV/90000", [33] = "MP2T/90000", [34] = "H263/90000",
	};
	return pt < 35 ? names[pt] : NULL;
}

enum sdp_kind sdp_kind_of(const char *s)
{
	if (!s) return SDP_K_OTHER;
	if (!strcasecmp(s, "audio")) return SDP_K_AUDIO;
	if (!strcasecmp(s, "video")) return SDP_K_VIDEO;
	if (!strcasecmp(s, "image")) return SDP_K_IMAGE;
	if (!strcasecmp(s, "application")) return SDP_K_APPLICATION;
	return SDP_K_OTHER;
}

enum sdp_proto sdp_proto_of(const char *s)
{
	if (!s) return SDP_P_OTHER;
	if (!strcasecmp(s, "RTP/AVP") || !strcasecmp(s, "RTP/AVPF")) return SDP_P_RTP_AVP;
	if (!strcasecmp(s, "udptl")) return SDP_P_UDPTL;
	/* RTP/SAVP, RTP/SAVPF, UDP/TLS/RTP/SAVP(F): encrypted RTP */
	if (strstr(s, "SAVP") || strstr(s, "savp")) return SDP_P_RTP_SAVP;
	return SDP_P_OTHER;
}

/* A direction attribute, or -1 for any other attribute. */
int sdp_dir_of(const char *field)
{
	/* all four are eight letters: most attributes (rtpmap, fmtp, ptime)
	 * are told apart without a comparison */
	if (!field || strnlen(field, 9) != 8) return -1;
	if (!strcasecmp(field, "sendrecv")) return SDP_SENDRECV;
	if (!strcasecmp(field, "sendonly")) return SDP_SENDONLY;
	if (!strcasecmp(field, "recvonly")) return SDP_RECVONLY;
	if (!strcasecmp(field, "inactive")) return SDP_INACTIVE;
	return -1;
}

/* Copies s into out (size n), cut to fit; "" for NULL. */
static void copy_cut(char *out, size_t n, const char *s)
{
	size_t k = s ? strnlen(s, n - 1) : 0;
	if (k)
		memcpy(out, s, k);
	out[k] = '\0';
}

/* A payload type number 0..127, or -1. */
int sdp_pt_of(const char *s)
{
	if (!s || !*s || strlen(s) > 3)
		return -1;
	int v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v <= 127 ? v : -1;
}

/* An a=rtpmap value's "NAME/RATE[/CH]" when it maps payload type pt
 * (NULL when it maps another, or names nothing). */
const char *sdp_rtpmap_name(const char *v, int pt)
{
	char *end = NULL;
	long n = strtol(v, &end, 10);
	if (end == v || n != pt)
		return NULL;
	while (*end == ' ' || *end == '\t')
		end++;
	return end;
}

/* The rtpmap value "NAME/RATE[/CH]" for payload type pt in media k, NULL if none. */
static const char *rtpmap_of(sdp_media_t *med, int pt)
{
	for (int i = 0; !osip_list_eol(&med->a_attributes, i); i++) {
		sdp_attribute_t *a = osip_list_get(&med->a_attributes, i);
		if (!a || !a->a_att_field || !a->a_att_value || strcasecmp(a->a_att_field, "rtpmap"))
			continue;
		const char *name = sdp_rtpmap_name(a->a_att_value, pt);
		if (name)
			return *name ? name : NULL;
	}
	return NULL;
}

/* Appends one entry "NUM NAME" (NUM cut at 16 bytes, NAME at 64) to the
 * list of *used bytes if it fits whole; a name ends at white space, since
 * the list is split on it. */
static void codecs_add(char *out, size_t size, size_t *used, const char *num, const char *name)
{
	size_t nk = strcspn(num, " \t\r\n"), k = name ? strcspn(name, " \t\r\n") : 0;
	if (nk > 16)
		nk = 16;
	if (k > 64)
		k = 64;
	size_t n = nk + (k ? 1 + k : 0), u = *used;
	if (!n || u + (u ? 1 : 0) + n >= size)
		return;
	if (u)
		out[u++] = ' ';
	memcpy(out + u, num, nk);
	u += nk;
	if (k) {
		out[u++] = ' ';
		memcpy(out + u, name, k);
		u += k;
	}
	out[u] = '\0';
	*used = u;
}

/* One payload of an m= line into the codec list (pm->proto known). */
void sdp_codec_of_payload(struct sdp_parsed_media *pm, size_t *used, const char *p, const char *rtpmap)
{
	int pt = sdp_pt_of(p);
	/* not RTP (T.38's "t38"), or not a payload type: listed as written */
	if (pt < 0 || (pm->proto != SDP_P_RTP_AVP && pm->proto != SDP_P_RTP_SAVP))
		codecs_add(pm->codecs, sizeof pm->codecs, used, p, NULL);
	else
		codecs_add(pm->codecs, sizeof pm->codecs, used, p, rtpmap ? rtpmap : sdp_static_codec((unsigned)pt));
}

void sdp_fill_address(struct sdp_parsed_media *pm, const char *c_addr, bool session)
{
	if (!c_addr) {
		pm->flags |= SDPF_NO_ADDR;
		return;
	}
	if (session)
		pm->flags |= SDPF_SESSION_C;
	/* a multicast address may carry /ttl: the address is what precedes it */
	char a[SDP_ADDR_LEN];
	copy_cut(a, sizeof a, c_addr);
	char *slash = strchr(a, '/');
	if (slash)
		*slash = '\0';
	copy_cut(pm->addr, sizeof pm->addr, a);
	struct in_addr v4;
	struct in6_addr v6;
	if (inet_pton(AF_INET, a, &v4) == 1) {
		pm->ep.family = 4;
		memcpy(pm->ep.addr, &v4, 4);
		if (v4.s_addr == 0)
			pm->flags |= SDPF_HOLD;
	} else if (inet_pton(AF_INET6, a, &v6) == 1) {
		pm->ep.family = 6;
		memcpy(pm->ep.addr, &v6, 16);
	}
	pm->ep.port = pm->port;
}

bool sdp_parse_osip(const char *body, size_t len, char *pad, size_t padsize, struct sdp_parsed *out)
{
	out->nmedia = 0;
	if (!body || !len || padsize < len + SDP_PAD)
		return false;
	memcpy(pad, body, len);
	memset(pad + len, 0, SDP_PAD);
	/* the last line needs its line end, or the parse fails on it */
	if (pad[len - 1] != '\n')
		memcpy(pad + len, "\r\n", 2);
	/* a NUL inside the body would end the parse early anyway; stop there */
	sdp_message_t *sdp = NULL;
	if (sdp_message_init(&sdp) != 0)
		return false;
	/* a body it half-rejects still gives the m= lines it read */
	sdp_message_parse(sdp, pad);
	int session_dir = SDP_SENDRECV;
	for (int i = 0; !osip_list_eol(&sdp->a_attributes, i); i++) {
		sdp_attribute_t *a = osip_list_get(&sdp->a_attributes, i);
		int d = a ? sdp_dir_of(a->a_att_field) : -1;
		if (d >= 0)
			session_dir = d;
	}
	sdp_connection_t *session_c = sdp->c_connection;
	for (int k = 0; !osip_list_eol(&sdp->m_medias, k) && out->nmedia < SDP_MEDIA_MAX; k++) {
		sdp_media_t *med = osip_list_get(&sdp->m_medias, k);
		if (!med)
			continue;
		struct sdp_parsed_media *pm = &out->media[out->nmedia++];
		memset(pm, 0, sizeof *pm);
		long port = med->m_port ? strtol(med->m_port, NULL, 10) : 0;
		pm->port = port > 0 && port <= 65535 ? (uint16_t)port : 0;
		pm->kind = (uint8_t)sdp_kind_of(med->m_media);
		pm->proto = (uint8_t)sdp_proto_of(med->m_proto);
		pm->dir = (uint8_t)session_dir;
		for (int i = 0; !osip_list_eol(&med->a_attributes, i); i++) {
			sdp_attribute_t *a = osip_list_get(&med->a_attributes, i);
			int d = a ? sdp_dir_of(a->a_att_field) : -1;
			if (d >= 0)
				pm->dir = (uint8_t)d;
		}
		sdp_connection_t *mc = osip_list_get(&med->c_connections, 0);
		sdp_connection_t *c = mc ? mc : session_c;
		sdp_fill_address(pm, c ? c->c_addr : NULL, !mc);
		size_t used = 0;
		for (int i = 0; !osip_list_eol(&med->m_payloads, i); i++) {
			const char *p = osip_list_get(&med->m_payloads, i);
			if (!p || !*p)
				continue;
			int pt = sdp_pt_of(p);
			sdp_codec_of_payload(pm, &used, p, pt >= 0 ? rtpmap_of(med, pt) : NULL);
		}
	}
	sdp_message_free(sdp);
	return out->nmedia > 0;
}

bool sdp_parse_body(const char *body, size_t len, char *pad, size_t padsize, struct sdp_parsed *out)
{
	int fast = sdp_parse_fast(body, len, pad, padsize, out);
	if (fast >= 0)
		return fast;
	return sdp_parse_osip(body, len, pad, padsize, out);
}
