/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipparse.h - one framed SIP message in, one compact record in the store out.
 * libosip2 does the parsing; we copy out what the store needs and free its
 * tree at once.  A message libosip2 rejects is still stored, flagged
 * MF_MALFORMED, with whatever the raw text gives (start line, Call-ID, CSeq).
 */
#ifndef TRUNKDOC_SIPPARSE_H
#define TRUNKDOC_SIPPARSE_H

#include <stddef.h>
#include "base/model.h"
#include "net/sink.h"

struct store;


/* The SIP layer as the decoder's sink (sipsink.c), and a decoder that
 * hands its payloads to it. */
extern const struct sip_sink sip_sink_default;
struct decoder;
struct decoder *decoder_new(struct store *st);

/* Must be called once before any parse (libosip2's parser_init, and routing
 * its trace output away from stdout). */
void sipparse_init(void);

/* Does this look like the start of a SIP message (request or status line)? */
bool sip_is_start_line(const char *buf, size_t len);

/* Parses one complete message buf[0..len) and adds it to the store.
 * Returns the message index, or NONE_U32 if the bytes are not SIP at all. */
uint32_t sip_ingest(struct store *st, const char *buf, size_t len, const struct msg_meta *meta);

/* The first c= address of the message's SDP body (session level, else the
 * first media), parsed from its raw bytes when asked: only a check about
 * media needs it, so the parse of every message does not.  "" when the
 * body is not SDP, has none, or cannot be read; out has size bytes. */
const char *sip_sdp_connection(const struct store *st, const struct sip_msg *m, char *out, size_t size);

/* Handles one UDP payload: CRLF keep-alives, junk before the start line,
 * one (or, rarely, several) messages. */
void sip_ingest_datagram(struct store *st, const char *buf, size_t len, const struct msg_meta *meta);

/* TCP: a per-direction byte stream, framed by CRLFCRLF + Content-Length
 * (or compact l:).  Bytes are fed in order; complete messages are ingested. */
struct sip_stream;
struct sip_stream *sip_stream_new(void);
void sip_stream_free(struct sip_stream *s);
void sip_stream_feed(struct sip_stream *s, struct store *st, const char *buf, size_t len,
                     const struct msg_meta *seg);
/* End of stream / capture: ingest a trailing partial message as truncated. */
void sip_stream_flush(struct sip_stream *s, struct store *st);

/* The parallel parse (sipbatch.c).  sip_batch_new() attaches a batch to
 * the store: from then on sip_ingest_one() queues each framed message, a
 * worker thread and the caller parse the queued ones with libosip2, and the
 * caller commits them to the store in order.  Nothing is in the store until
 * sip_batch_flush(), which the pipeline calls before it returns to its
 * caller.  threads <= 1 gives NULL (parse inline, as before).
 * TRUNKDOC_THREADS=1 in the environment selects that single-threaded path
 * (threads_wanted(), base/threads.h). */
struct sip_batch;
struct sip_batch *sip_batch_new(struct store *st, unsigned threads);
void sip_batch_flush(struct sip_batch *b);
void sip_batch_free(struct sip_batch *b);   /* flushes, detaches, joins */

#endif
