/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * pcapout.h - the export's pcap: the original frames of the trunk's packets,
 * copied from the capture files they came from, in capture order.
 *
 *   capture files (re-opened with libpcap, frames numbered across the
 *   sources in the order they were read, as the pipeline numbers them)
 *       frame 1 2 3 [4] 5 6 [7] [8] 9 ...      [n] = wanted
 *                    |       |   |
 *   exported pcap:   1       2   3            frame_map: 4->1, 7->2, 8->3
 *
 * A wanted range (a message reassembled from IP fragments) brings along the
 * frames between its first and last frame that belong to the same flow; a
 * message on TCP brings its whole connection.  When a source cannot be re-read (live capture,
 * standard input, file gone), the SIP messages are rebuilt from the bytes
 * the store kept, as IPv4/IPv6 + UDP/TCP packets (LINKTYPE_RAW), and the
 * result says so.
 */
#ifndef TRUNKDOC_PCAPOUT_H
#define TRUNKDOC_PCAPOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "base/model.h"
#include "net/frame.h"

struct store;
struct redactor;

/* One wanted frame, or the frames of one reassembled message.  With tcp
 * set, every frame of that TCP connection (both directions, handshake and
 * ACKs included) is wanted too, so Wireshark can reassemble the stream. */
struct pcap_want {
	uint32_t first, last;     /* last == first for a single frame */
	ep_id src, dst;           /* flow of a range or connection; 0 for a single frame */
	bool tcp;
	/* An RTP/RTCP stream (--export-rtp): the frames of its flow between
	 * first and last, at most cap of them (the first ones); taken and cut
	 * are filled in while writing. */
	bool media;
	uint32_t cap, taken;
	bool cut;
};

/* Original frame number -> exported frame number (both 1-based). */
struct frame_pair {
	uint32_t orig, exported;
	bool media;               /* an RTP/RTCP packet (--export-rtp) */
};
struct frame_map {
	struct frame_pair *pair;  /* ascending in orig */
	size_t n, cap;
};
uint32_t frame_map_find(const struct frame_map *m, uint32_t orig);   /* 0: not exported */
void frame_map_free(struct frame_map *m);

struct pcapout_result {
	size_t frames;            /* frames written */
	int dlt;                  /* link type written (DLT_*) */
	bool rebuilt;             /* SIP rebuilt from stored bytes (no source file) */
	size_t missing;           /* wanted frames that could not be written */
	/* --export-rtp */
	size_t media_streams;     /* streams wanted */
	size_t media_frames;      /* their frames written */
	size_t media_streams_cut; /* streams that had more packets than their cap */
	bool media_total_cut;     /* packets left out because the total cap was reached */
	bool media_missing;       /* the streams could not be copied (no source file to re-read) */
	char note[256];           /* why, when rebuilt or missing */
};

/* Writes the wanted frames to out (an open stream; not closed).  r may be
 * NULL (no redaction).  media_total caps the frames of all media wants
 * together.  Fills map and res.  On failure writes one line into err. */
bool pcapout_write(const struct store *st, struct pcap_want *want, size_t nwant,
                   uint32_t media_total, const struct redactor *r, FILE *out, struct frame_map *map,
                   struct pcapout_result *res, char *err, size_t errlen);

/* libpcap's name of a link type ("EN10MB", "RAW", "LINUX_SLL"). */
const char *pcapout_link_name(int dlt);

#endif
