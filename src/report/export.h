/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * export.h - the carrier-ticket bundle: <stem>.md, <stem>.json and
 * <stem>.pcap written atomically into a directory.
 */
#ifndef TRUNKDOC_EXPORT_H
#define TRUNKDOC_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

struct app;
struct redact_opts;


/* Writes the bundle; on success puts the common path stem in stem_out.
 * On failure writes one line into err and leaves no file behind. */
bool export_bundle(const struct app *a, const char *dir, const struct redact_opts *eo,
                   char *stem_out, size_t stemlen, char *err, size_t errlen);

#endif
