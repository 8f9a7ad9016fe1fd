/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * store_fixture.h - what the unit tests that build a store by hand share:
 * the store under test, the next frame number, and short ways to intern a
 * string and an IPv4 endpoint in it.  Included once, by a test's .c file.
 */
#ifndef TRUNKDOC_STORE_FIXTURE_H
#define TRUNKDOC_STORE_FIXTURE_H

#include <string.h>

#include "store/store.h"

static struct store *st;
static uint32_t next_frame = 1;

static str_id S(const char *s)
{
	return store_intern(st, s, strlen(s));
}

static ep_id ep4(unsigned a, unsigned b, unsigned c, unsigned d, uint16_t port)
{
	struct endpoint e = { .family = 4, .addr = { a, b, c, d }, .port = port };
	return store_endpoint(st, &e);
}

#endif
