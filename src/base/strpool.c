/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * strpool.c - interned strings in fixed chunks; see strpool.h.
 */
#include <stdlib.h>
#include <string.h>

#include "base/hugemem.h"
#include "base/idmap.h"
#include "base/strpool.h"

#define CHUNK_BITS 22              /* 4 MiB: large enough for huge pages */
#define CHUNK_SIZE (1u << CHUNK_BITS)     /* > STR_MAX + 1, so any string fits */
#define CHUNK_MAX (1u << (32 - CHUNK_BITS))

struct strpool {
	char **chunks;
	uint32_t nchunks, capchunks;
	uint32_t chunk_used;      /* bytes used in the last chunk */
	uint32_t *loc;            /* per id; loc[0] unused */
	uint32_t count, cap;      /* ids handed out (including 0) */
	struct idmap map;
};

struct strkey {
	const char *s;
	size_t len;
};

struct strpool *strpool_new(void)
{
	struct strpool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->count = 1;
	return p;
}

void strpool_free(struct strpool *p)
{
	if (!p)
		return;
	for (uint32_t i = 0; i < p->nchunks; i++)
		free(p->chunks[i]);
	free(p->chunks);
	free(p->loc);
	idmap_free(&p->map);
	free(p);
}

static inline const char *at(const struct strpool *p, uint32_t loc)
{
	return p->chunks[loc >> CHUNK_BITS] + (loc & (CHUNK_SIZE - 1));
}

static bool same(const void *ctx, uint32_t id, const void *key)
{
	const struct strpool *p = ctx;
	const struct strkey *k = key;
	const char *s = at(p, p->loc[id]);
	return !memcmp(s, k->s, k->len) && s[k->len] == '\0';
}

/* Room for n bytes at the end of the last chunk, opening a new chunk if
 * needed; returns the location or UINT32_MAX. */
static uint32_t reserve(struct strpool *p, size_t n)
{
	if (!p->nchunks || p->chunk_used + n > CHUNK_SIZE) {
		if (p->nchunks >= CHUNK_MAX)
			return UINT32_MAX;
		if (p->nchunks == p->capchunks) {
			uint32_t cap = p->capchunks ? p->capchunks * 2 : 16;
			char **c = realloc(p->chunks, cap * sizeof *c);
			if (!c)
				return UINT32_MAX;
			p->chunks = c;
			p->capchunks = cap;
		}
		/* the first chunk on ordinary pages: most captures never fill it */
		char *chunk = p->nchunks ? hugemem_alloc(CHUNK_SIZE) : malloc(CHUNK_SIZE);
		if (!chunk)
			return UINT32_MAX;
		p->chunks[p->nchunks++] = chunk;
		p->chunk_used = 0;
	}
	uint32_t loc = (p->nchunks - 1) << CHUNK_BITS | p->chunk_used;
	p->chunk_used += (uint32_t)n;
	return loc;
}

size_t strpool_kept_len(const char *s, size_t len)
{
	if (len > STR_MAX)
		len = STR_MAX;
	const char *nul = memchr(s, '\0', len);
	return nul ? (size_t)(nul - s) : len;
}

/* Copies s (NUL-terminated) into the chunks and records where as the
 * location of the next id, p->count, which the caller then takes. */
static bool store_bytes(struct strpool *p, const char *s, size_t len)
{
	if (p->count == UINT32_MAX - 1)
		return false;
	if (p->count >= p->cap) {
		uint32_t cap = p->cap ? p->cap * 2 : 1024;
		uint32_t *loc = realloc(p->loc, (size_t)cap * sizeof *loc);
		if (!loc)
			return false;
		hugemem_advise(loc, (size_t)cap * sizeof *loc);
		p->loc = loc;
		p->cap = cap;
	}
	uint32_t loc = reserve(p, len + 1);
	if (loc == UINT32_MAX)
		return false;
	char *dst = p->chunks[loc >> CHUNK_BITS] + (loc & (CHUNK_SIZE - 1));
	memcpy(dst, s, len);
	dst[len] = '\0';
	p->loc[p->count] = loc;
	return true;
}

str_id strpool_intern(struct strpool *p, const char *s, size_t len)
{
	if (!s || !len)
		return 0;
	len = strpool_kept_len(s, len);
	return len ? strpool_intern_hashed(p, s, len, hash_bytes(s, len)) : 0;
}

void strpool_prefetch(const struct strpool *p, uint32_t hash)
{
	idmap_prefetch(&p->map, hash);
}

str_id strpool_intern_hashed(struct strpool *p, const char *s, size_t len, uint32_t h)
{
	if (!len)
		return 0;
	struct strkey key = { s, len };
	uint32_t id = idmap_find(&p->map, h, same, p, &key);
	if (id != UINT32_MAX)
		return id;
	if (!store_bytes(p, s, len))
		return 0;
	id = p->count;
	if (!idmap_insert(&p->map, h, id))
		return 0;
	p->count++;
	return id;
}

str_id strpool_append(struct strpool *p, const char *s, size_t len)
{
	if (!s || !len)
		return 0;
	len = strpool_kept_len(s, len);
	if (!len || !store_bytes(p, s, len))
		return 0;
	return p->count++;
}

const char *strpool_get(const struct strpool *p, str_id id)
{
	if (!p || id == 0 || id >= p->count)
		return "";
	return at(p, p->loc[id]);
}

size_t strpool_bytes(const struct strpool *p)
{
	if (!p)
		return 0;
	size_t text = p->nchunks ? (size_t)(p->nchunks - 1) * CHUNK_SIZE + p->chunk_used : 0;
	return text + (size_t)p->capchunks * sizeof *p->chunks + (size_t)p->cap * sizeof *p->loc +
	       idmap_bytes(&p->map);
}
