/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * strpool.h - the interned string table behind str_id.
 *
 *   id = chunk << 22 | offset ──> "text\0" in a 4 MiB chunk
 *
 * Each distinct string is kept once, NUL-terminated, cut at STR_MAX bytes
 * and at an embedded NUL (so the C string and the interned key agree).
 * Chunks never move, so a pointer from strpool_get() stays valid for the
 * life of the pool.  An id is where its text is, so there is no table
 * from ids to places (4 bytes a string, 1.9 MB on the REGISTER feed's
 * 466,000 strings) and ids still grow in the order strings first appear;
 * they are not dense.  Id 0 is the empty/absent string (the pool's first
 * byte, a NUL, is no string's).
 */
#ifndef TRUNKDOC_STRPOOL_H
#define TRUNKDOC_STRPOOL_H

#include <stddef.h>
#include "base/model.h"

struct strpool;

struct strpool *strpool_new(void);
void strpool_free(struct strpool *p);
/* How many bytes of s[0..len) the pool keeps: at most STR_MAX, and up to
 * the first NUL.  Anything that must agree with the pool uses this. */
size_t strpool_kept_len(const char *s, size_t len);
/* Returns the id of s[0..len) (0 for an empty string, or if memory ran out). */
str_id strpool_intern(struct strpool *p, const char *s, size_t len);
/* strpool_intern for a string already cut to strpool_kept_len whose
 * hash_bytes is known (computed on another thread). */
str_id strpool_intern_hashed(struct strpool *p, const char *s, size_t len, uint32_t hash);
/* Keeps s[0..len) under a new id without looking for it or indexing it:
 * for a value that is unique to its message and that nothing compares by
 * id (a digest response, a cnonce), so it costs its bytes and its id, not
 * a slot of the index.  Two equal values appended get two ids. */
str_id strpool_append(struct strpool *p, const char *s, size_t len);
/* A hint that a string of this hash will be interned soon. */
void strpool_prefetch(const struct strpool *p, uint32_t hash);
const char *strpool_get(const struct strpool *p, str_id id);   /* "" for 0 or unknown */
/* Bytes the pool uses: the string bytes written into its chunks (a
 * chunk's unwritten tail is never touched, so never resident) and its
 * index; for the store's memory accounting (store_mem). */
size_t strpool_bytes(const struct strpool *p);

#endif
