/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * export_carrier.h - the "For the carrier" section of the bundle's
 * summary: whose account and trunk, which side the fault is on, the fault
 * in one paragraph with its UTC times, addresses, Call-ID, CSeq, response
 * and frames, each failing call check in the carrier's terms, and the
 * evidence the provider can look up.  Nothing of the helpdesk's own
 * advice (router settings, trunkdoc's options and keys) is written here:
 * that stays in the checklist.
 */
#ifndef TRUNKDOC_EXPORT_CARRIER_H
#define TRUNKDOC_EXPORT_CARRIER_H

#include <stdio.h>

struct md_ctx;

void export_carrier_section(FILE *f, const struct md_ctx *c);

#endif
