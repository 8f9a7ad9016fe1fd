/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * idmap.h - an open-addressing hash index over records that live elsewhere
 * (strings in the pool, endpoints, transactions, dialogs).  The map keeps
 * only (hash, index) pairs; the caller supplies the equality test, so one
 * index type serves every table and keys are never stored twice.
 *
 *   slots: [ hash | index+1 ] [ 0 | 0 ] [ hash | index+1 ] ...   (0 = empty)
 *
 * Load is kept at or below 13/16, so a probe stays short.
 */
#ifndef TRUNKDOC_IDMAP_H
#define TRUNKDOC_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct idmap_slot {
	uint32_t hash;
	uint32_t val;            /* index + 1; 0 = empty */
};

struct idmap {
	struct idmap_slot *slots;
	uint32_t mask;           /* slot count - 1 (a power of two), 0 before first use */
	uint32_t used;
};

/* Does record `index` have the key `key`? */
typedef bool (*idmap_eq_fn)(const void *ctx, uint32_t index, const void *key);

void idmap_free(struct idmap *m);
/* Index of the record with this key, or UINT32_MAX. */
uint32_t idmap_find(const struct idmap *m, uint32_t hash, idmap_eq_fn eq,
                    const void *ctx, const void *key);
/* Records index under hash (the caller knows the key is absent).  Returns
 * false only when memory ran out. */
bool idmap_insert(struct idmap *m, uint32_t hash, uint32_t index);
/* Bytes of its slot table. */
static inline size_t idmap_bytes(const struct idmap *m)
{
	return m->slots ? ((size_t)m->mask + 1) * sizeof *m->slots : 0;
}

/* A hint that hash will be looked up soon: a large map's slot is a cache
 * miss, and a few in flight at once cost about as much as one. */
static inline void idmap_prefetch(const struct idmap *m, uint32_t hash)
{
	if (m->slots)
		__builtin_prefetch(&m->slots[hash & m->mask]);
}

/* A fast, well-mixed 32-bit hash of bytes, and of a few 32-bit words,
 * seeded once per process from getrandom(): the same key hashes the same
 * within a run, differently from one run to the next. */
uint32_t hash_bytes(const void *p, size_t len);
uint32_t hash_words(const uint32_t *w, size_t n);

#endif
