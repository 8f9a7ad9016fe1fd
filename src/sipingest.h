/*
 * sipingest.h - the seam between framing (sipstream.c: datagrams and TCP
 * streams) and parsing (sipparse.c).  Private to the SIP layer.
 */
#ifndef TRUNKDOC_SIPINGEST_H
#define TRUNKDOC_SIPINGEST_H

#include "sipparse.h"

/* Parses exactly one framed message buf[0..len) (starting at its start
 * line) and stores it.  meta->raw, if set, locates exactly these bytes;
 * RAW_NONE makes the store keep a copy.  extra_flags are added to the
 * message's flags (MF_JUNK_BEFORE, MF_BAD_CLEN, MF_TRUNCATED ...). */
uint32_t sip_ingest_one(struct store *st, const char *buf, size_t len,
                        const struct msg_meta *meta, uint32_t extra_flags);

#endif
