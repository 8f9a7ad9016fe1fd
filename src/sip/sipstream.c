/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipstream.c - from transport payloads to framed SIP messages: one UDP
 * datagram at a time, or a TCP byte stream per direction.
 *
 *   stream buffer:  [ rest of msg 1 | msg 2 (partial) ...... ]
 *   marks:           ^chunk A meta   ^chunk B meta   ^chunk C meta
 *
 * Each fed chunk leaves a mark (its offset in the buffer and its meta), so
 * a message knows the frame (and time) where its first byte arrived, the
 * frame that completed it, and whether it can be re-read from the file as
 * one slice (it lies within one chunk) or must be copied into the arena.
 * When the buffer is empty, a chunk is framed in place and only its
 * unfinished tail is copied.  The buffer never holds more than one
 * message's worth (SIP_MSG_MAX): an over-long message is stored truncated
 * and the framer resynchronises on the next start line.
 */
#include <stdlib.h>
#include <string.h>

#include "sip/sipframe.h"
#include "sip/sipingest.h"
#include "store/store.h"

struct mark {
	size_t off;
	struct msg_meta meta;
};

struct sip_stream {
	char *buf;
	size_t len, cap;
	struct mark *marks;
	size_t nmarks, capmarks;
	bool junk;                 /* bytes were skipped before the next message */
};

static bool is_crlf(char c)
{
	return c == '\r' || c == '\n';
}

static void add_keepalive(struct store *st, const struct msg_meta *meta, size_t run)
{
	struct keepalive_event ev = {
		.time = meta->time, .frame = meta->frame, .src = meta->src, .dst = meta->dst,
		.transport = meta->transport, .kind = run >= 4 ? 1 : 2,
	};
	store_add_keepalive(st, &ev);
}

/* ---- UDP ---- */

static uint32_t ingest_slice(struct store *st, const char *buf, size_t off, size_t len,
                             const struct msg_meta *meta, uint32_t flags, size_t hdr_len)
{
	struct msg_meta m = *meta;
	m.hdr_len = (uint32_t)hdr_len;
	if (m.raw.where != RAW_NONE && (uint64_t)off + len <= m.raw.len) {
		m.raw.off += off;
		m.raw.len = (uint32_t)len;
	} else {
		m.raw.where = RAW_NONE;
	}
	return sip_ingest_one(st, buf + off, len, &m, flags);
}

uint32_t sip_ingest(struct store *st, const char *buf, size_t len, const struct msg_meta *meta)
{
	if (!buf || !len)
		return NONE_U32;
	size_t pos = 0;
	while (pos < len && is_crlf(buf[pos]))
		pos++;
	uint32_t flags = 0;
	if (pos < len && sipframe_start_line(buf + pos, len - pos, true) != START_YES) {
		size_t s = sipframe_find_start(buf, len, pos, true);
		if (s >= len)
			return NONE_U32;
		pos = s;
		flags |= MF_JUNK_BEFORE;
	}
	if (pos >= len)
		return NONE_U32;
	return ingest_slice(st, buf, pos, len - pos, meta, flags, 0);
}

void sip_ingest_datagram(struct store *st, const char *buf, size_t len, const struct msg_meta *meta)
{
	if (!buf || !len)
		return;
	size_t pos = 0;
	while (pos < len && is_crlf(buf[pos]))
		pos++;
	if (pos == len) {
		add_keepalive(st, meta, len);
		return;
	}
	uint32_t flags = 0;
	while (pos < len) {
		while (pos < len && is_crlf(buf[pos]))
			pos++;
		if (pos >= len)
			break;
		if (sipframe_start_line(buf + pos, len - pos, true) != START_YES) {
			size_t s = sipframe_find_start(buf, len, pos, true);
			if (s >= len)
				break;          /* not SIP, or trailing junk after a message */
			pos = s;
			flags |= MF_JUNK_BEFORE;
		}
		size_t end = len;
		bool last = false;
		size_t h = sipframe_headers_end(buf + pos, len - pos);
		if (h) {
			long clen = sipframe_content_length(buf + pos, h);
			size_t avail = len - pos - h;
			if (clen >= 0 && (size_t)clen < avail) {
				/* RFC 3261 18.3: bytes past Content-Length are not this
				 * message; they are padding, another message, or junk */
				size_t rest = pos + h + (size_t)clen, r = rest;
				while (r < len && (is_crlf(buf[r]) || buf[r] == ' ' || buf[r] == '\0'))
					r++;
				end = rest;
				if (r < len && sipframe_start_line(buf + r, len - r, true) != START_YES) {
					flags |= MF_BAD_CLEN;
					last = true;
				}
			}
		}
		ingest_slice(st, buf, pos, end - pos, meta, flags, h);
		flags = 0;
		pos = end;
		if (last)
			break;
	}
}

/* ---- TCP ---- */

struct sip_stream *sip_stream_new(void)
{
	return calloc(1, sizeof(struct sip_stream));
}

void sip_stream_free(struct sip_stream *s)
{
	if (!s)
		return;
	free(s->buf);
	free(s->marks);
	free(s);
}

/* The mark holding byte `off` (the last one that starts at or before it). */
static size_t mark_at(const struct mark *marks, size_t n, size_t off)
{
	size_t lo = 0, hi = n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (marks[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static void emit(struct store *st, const char *data, size_t pos, size_t len, size_t hdr_len,
                 const struct mark *marks, size_t nmarks, uint32_t flags)
{
	size_t a = mark_at(marks, nmarks, pos), b = mark_at(marks, nmarks, pos + len - 1);
	struct msg_meta m = marks[a].meta;
	m.hdr_len = (uint32_t)hdr_len;
	m.last_frame = marks[b].meta.last_frame ? marks[b].meta.last_frame : marks[b].meta.frame;
	m.time = marks[b].meta.time;   /* the time of the frame that completes it, as Wireshark shows */
	m.flags |= marks[b].meta.flags;
	if (a != b) {
		m.flags |= MF_REASSEMBLED;
		m.raw.where = RAW_NONE;
	} else if (m.raw.where != RAW_NONE) {
		size_t rel = pos - marks[a].off;
		if (rel + len <= m.raw.len) {
			m.raw.off += rel;
			m.raw.len = (uint32_t)len;
		} else {
			m.raw.where = RAW_NONE;
		}
	}
	sip_ingest_one(st, data + pos, len, &m, flags);
}

/* Frames and ingests every complete message in data[0..n); returns the
 * bytes consumed.  With `final`, whatever is left is the end of the
 * stream and is stored truncated. */
static size_t frame_stream(struct sip_stream *s, struct store *st, const char *data, size_t n,
                           const struct mark *marks, size_t nmarks, bool final)
{
	size_t pos = 0;
	while (pos < n) {
		size_t q = pos;
		while (q < n && is_crlf(data[q]))
			q++;
		if (q > pos) {
			if (q - pos >= 2)
				add_keepalive(st, &marks[mark_at(marks, nmarks, pos)].meta, q - pos);
			pos = q;
			continue;
		}
		enum start_verdict v = sipframe_start_line(data + pos, n - pos, final);
		if (v == START_NO) {
			size_t next = sipframe_find_start(data, n, pos, final);
			s->junk = true;
			pos = next;
			continue;
		}
		if (v == START_MAYBE)
			break;
		uint32_t flags = s->junk ? MF_JUNK_BEFORE : 0;
		size_t h = sipframe_headers_end(data + pos, n - pos);
		if (!h) {
			if (n - pos >= SIP_MSG_MAX || final) {
				size_t len = n - pos < SIP_MSG_MAX ? n - pos : SIP_MSG_MAX;
				emit(st, data, pos, len, 0, marks, nmarks, flags | MF_TRUNCATED);
				s->junk = false;
				pos += len;
				continue;
			}
			break;
		}
		long clen = sipframe_content_length(data + pos, h);
		size_t body = clen > 0 ? (size_t)clen : 0;
		if (h + body > SIP_MSG_MAX) {
			body = 0;                 /* absurd length: resync after the headers */
			flags |= MF_BAD_CLEN;
		}
		if (pos + h + body > n) {
			if (!final)
				break;
			body = n - pos - h;
			flags |= MF_TRUNCATED;
		}
		emit(st, data, pos, h + body, h, marks, nmarks, flags);
		s->junk = false;
		pos += h + body;
	}
	return pos;
}

static bool push_mark(struct sip_stream *s, size_t off, const struct msg_meta *meta)
{
	if (s->nmarks == s->capmarks) {
		size_t cap = s->capmarks ? s->capmarks * 2 : 8;
		struct mark *m = realloc(s->marks, cap * sizeof *m);
		if (!m)
			return false;
		s->marks = m;
		s->capmarks = cap;
	}
	s->marks[s->nmarks++] = (struct mark){ off, *meta };
	return true;
}

/* Drops the first `used` bytes of the buffer and the marks they covered. */
static void consume(struct sip_stream *s, size_t used)
{
	if (!used)
		return;
	if (used >= s->len) {
		s->len = 0;
		s->nmarks = 0;
		return;
	}
	memmove(s->buf, s->buf + used, s->len - used);
	s->len -= used;
	size_t first = mark_at(s->marks, s->nmarks, used);
	struct mark *m = &s->marks[first];
	size_t into = used - m->off;
	if (m->meta.raw.where != RAW_NONE) {
		if (into < m->meta.raw.len) {
			m->meta.raw.off += into;
			m->meta.raw.len -= (uint32_t)into;
		} else {
			m->meta.raw.where = RAW_NONE;
		}
	}
	m->off = used;
	for (size_t i = first; i < s->nmarks; i++)
		s->marks[i - first] = (struct mark){ s->marks[i].off - used, s->marks[i].meta };
	s->nmarks -= first;
}

static bool append(struct sip_stream *s, const char *buf, size_t len, const struct msg_meta *seg)
{
	if (s->len + len > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		while (cap < s->len + len)
			cap *= 2;
		char *b = realloc(s->buf, cap);
		if (!b)
			return false;
		s->buf = b;
		s->cap = cap;
	}
	if (!push_mark(s, s->len, seg))
		return false;
	memcpy(s->buf + s->len, buf, len);
	s->len += len;
	return true;
}

void sip_stream_feed(struct sip_stream *s, struct store *st, const char *buf, size_t len,
                     const struct msg_meta *seg)
{
	if (!s || !buf || !len)
		return;
	if (s->len == 0) {
		/* nothing pending: frame in place, keep only the unfinished tail */
		struct mark m0 = { 0, *seg };
		size_t used = frame_stream(s, st, buf, len, &m0, 1, false);
		if (used < len) {
			struct msg_meta rest = *seg;
			if (rest.raw.where != RAW_NONE && used < rest.raw.len) {
				rest.raw.off += used;
				rest.raw.len -= (uint32_t)used;
			} else {
				rest.raw.where = RAW_NONE;
			}
			if (!append(s, buf + used, len - used, &rest))
				s->len = s->nmarks = 0;
		}
		return;
	}
	/* feed in pieces so the buffer stays near one message in size */
	size_t off = 0;
	while (off < len) {
		size_t piece = len - off;
		if (piece > SIP_MSG_MAX)
			piece = SIP_MSG_MAX;
		struct msg_meta m = *seg;
		if (m.raw.where != RAW_NONE && off < m.raw.len) {
			m.raw.off += off;
			m.raw.len -= (uint32_t)off;
		} else {
			m.raw.where = RAW_NONE;
		}
		if (!append(s, buf + off, piece, &m)) {
			s->len = s->nmarks = 0;
			return;
		}
		off += piece;
		consume(s, frame_stream(s, st, s->buf, s->len, s->marks, s->nmarks, false));
		if (s->len >= SIP_MSG_MAX)
			s->len = s->nmarks = 0;     /* cannot happen: framing always advances by then */
	}
}

void sip_stream_flush(struct sip_stream *s, struct store *st)
{
	if (!s || !s->len)
		return;
	frame_stream(s, st, s->buf, s->len, s->marks, s->nmarks, true);
	s->len = 0;
	s->nmarks = 0;
	s->junk = false;
}
