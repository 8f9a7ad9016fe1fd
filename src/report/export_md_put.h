/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * export_md_put.h - the summary's writers, shared by its sections
 * (export_md.c) and the carrier's section (export_carrier.c).  Every
 * string from a packet goes through the redaction table, the sanitiser
 * and Markdown escaping (or a code span) in them; frame numbers come out
 * as the exported pcap's, with the capture's beside when they differ.
 */
#ifndef TRUNKDOC_EXPORT_MD_PUT_H
#define TRUNKDOC_EXPORT_MD_PUT_H

#include <stdbool.h>
#include <stdio.h>
#include "base/model.h"
#include "report/export_md.h"

void md_text(FILE *f, const struct md_ctx *c, const char *s, bool wire);
void md_finding_text(FILE *f, const struct md_ctx *c, const char *s);   /* frame numbers renumbered */
void md_code(FILE *f, const struct md_ctx *c, const char *s, bool wire);
const char *md_utc(usec_t t, char *buf, size_t len);                   /* "2026-11-21 10:15:00.200 UTC" */
void md_frame(FILE *f, const struct md_ctx *c, uint32_t orig);          /* the bundle's number */
void md_frame_both(FILE *f, const struct md_ctx *c, uint32_t orig);     /* "6 (8 in trunk.pcap)" */
void md_ep(FILE *f, const struct md_ctx *c, ep_id id);
void md_msg_line(FILE *f, const struct md_ctx *c, const struct sip_msg *m);  /* "403 Forbidden" */
void md_cseq(FILE *f, const struct md_ctx *c, const struct sip_msg *m);
const char *md_dns_rcode_name(unsigned r, char *buf, size_t len);

#endif
