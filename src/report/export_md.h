/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * export_md.h - the Markdown summary of an export, written for a carrier
 * engineer who reads tickets: where and when the capture was taken, the
 * trunk profile (never a secret), the registrations with their timelines,
 * the checklist with evidence and advice, the operator's marks, a "For the
 * carrier" paragraph derived from the root-cause finding, and a table of
 * every frame in the exported pcap.  Frame numbers are the exported pcap's.
 */
#ifndef TRUNKDOC_EXPORT_MD_H
#define TRUNKDOC_EXPORT_MD_H

#include <stdbool.h>
#include <stdio.h>
#include "base/model.h"

struct app;
struct frame_map;
struct redactor;
struct pcapout_result;

struct md_ctx {
	const struct app *a;
	const struct frame_map *map;         /* original -> exported frame */
	const struct redactor *r;            /* never NULL (password rule at least) */
	const struct pcapout_result *pcap;
	const char *stem;                    /* file name stem, no directory */
	const char *host;                    /* gethostname(), sanitised */
	usec_t created;                      /* wall clock of the export */
};

/* Writes the summary; false on a write error (errno set by stdio). */
bool export_markdown(FILE *out, const struct md_ctx *c);

#endif
