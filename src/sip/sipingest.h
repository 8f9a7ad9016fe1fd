/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipingest.h - the seam between framing (sipstream.c: datagrams and TCP
 * streams) and parsing (sipparse.c).  Private to the SIP layer.
 */
#ifndef TRUNKDOC_SIPINGEST_H
#define TRUNKDOC_SIPINGEST_H

#include "sip/sipparse.h"

/* Parses exactly one framed message buf[0..len) (starting at its start
 * line) and stores it.  meta->raw, if set, locates exactly these bytes;
 * RAW_NONE makes the store keep a copy.  extra_flags are added to the
 * message's flags (MF_JUNK_BEFORE, MF_BAD_CLEN, MF_TRUNCATED ...). */
uint32_t sip_ingest_one(struct store *st, const char *buf, size_t len,
                        const struct msg_meta *meta, uint32_t extra_flags);

/* The two halves of sip_ingest_one, for the parallel parse (sipbatch.c).
 * The parse phase touches no shared state (its scratch buffers are the
 * caller's; strings are recorded in the sip_parsed with provisional ids and
 * libosip2's tree is freed at once), so two threads may run it at once.
 * The commit phase interns the recorded strings, fills the arena and calls
 * store_add_msg, on the store's thread, strictly in message order, so the
 * store is the same as with one thread. */
struct sip_scratch;
struct sip_parsed;
struct sip_scratch *sip_scratch_new(void);
void sip_scratch_free(struct sip_scratch *sc);
size_t sip_parsed_size(void);
/* hdr_len: where the headers end when the framing knows it, else 0. */
void sip_parse_phase(struct sip_scratch *sc, const char *buf, size_t len, size_t hdr_len,
                     struct sip_parsed *po);
uint32_t sip_commit_phase(struct store *st, const char *buf, size_t len,
                          const struct msg_meta *meta, uint32_t extra_flags,
                          struct sip_parsed *po);
/* Asks the cache for the string-pool slots a parsed message's commit will
 * look up: called a message or two ahead, the misses overlap instead of
 * queuing one after another. */
void sip_commit_prefetch(const struct store *st, const struct sip_parsed *po);
/* Frees what a parse phase left, for a message that is not committed
 * (the commit frees it itself). */
void sip_parsed_discard(struct sip_parsed *po);

/* Queues one message of the batch (a copy of its bytes); NONE_U32, as its
 * index is not known before the commit. */
struct sip_batch;
uint32_t sip_batch_add(struct sip_batch *b, const char *buf, size_t len,
                       const struct msg_meta *meta, uint32_t extra_flags);

#endif
