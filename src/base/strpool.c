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

#define CHUNK_BITS 22              /* 4 MiB: an id is 10 bits of chunk, 22 of offset */
#define CHUNK_SIZE (1u << CHUNK_BITS)     /* > STR_MAX + 1, so any string fits */
#define CHUNK_MAX (1u << (32 - CHUNK_BITS))

struct strpool {
	char **chunks;
	uint32_t *fill;           /* bytes written in each chunk */
	uint32_t nchunks, capchunks;
	struct idmap map;
};

struct strkey {
	const char *s;
	size_t len;
};

/* Room for n bytes at the end of the last chunk, opening a new chunk if
 * needed; returns the location (the id of a string put there) or
 * UINT32_MAX. */
static uint32_t reserve(struct strpool *p, size_t n)
{
	if (!p->nchunks || p->fill[p->nchunks - 1] + n > CHUNK_SIZE) {
		if (p->nchunks >= CHUNK_MAX)
			return UINT32_MAX;
		if (p->nchunks == p->capchunks) {
			uint32_t cap = p->capchunks ? p->capchunks * 2 : 16;
			char **c = realloc(p->chunks, cap * sizeof *c);
			if (!c)
				return UINT32_MAX;
			p->chunks = c;
			uint32_t *f = realloc(p->fill, cap * sizeof *f);
			if (!f)
				return UINT32_MAX;
			p->fill = f;
			p->capchunks = cap;
		}
		/* the first chunk on ordinary pages: most captures never fill it */
		char *chunk = p->nchunks ? hugemem_alloc(CHUNK_SIZE) : malloc(CHUNK_SIZE);
		if (!chunk)
			return UINT32_MAX;
		p->chunks[p->nchunks] = chunk;
		p->fill[p->nchunks++] = 0;
	}
	uint32_t *fill = &p->fill[p->nchunks - 1];
	uint32_t loc = (p->nchunks - 1) << CHUNK_BITS | *fill;
	*fill += (uint32_t)n;
	return loc;
}

struct strpool *strpool_new(void)
{
	struct strpool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	/* id 0 is absent: the first byte, an empty string, is never handed out */
	uint32_t zero = reserve(p, 1);
	if (zero != 0) {
		strpool_free(p);
		return NULL;
	}
	p->chunks[0][0] = '\0';
	return p;
}

void strpool_free(struct strpool *p)
{
	if (!p)
		return;
	for (uint32_t i = 0; i < p->nchunks; i++)
		free(p->chunks[i]);
	free(p->chunks);
	free(p->fill);
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
	const char *s = at(p, id);
	return !memcmp(s, k->s, k->len) && s[k->len] == '\0';
}

size_t strpool_kept_len(const char *s, size_t len)
{
	if (len > STR_MAX)
		len = STR_MAX;
	const char *nul = memchr(s, '\0', len);
	return nul ? (size_t)(nul - s) : len;
}

/* Copies s (NUL-terminated) into the chunks; returns its id, 0 when
 * memory or the id space ran out. */
static str_id store_bytes(struct strpool *p, const char *s, size_t len)
{
	uint32_t loc = reserve(p, len + 1);
	/* an idmap value is id + 1: the last byte of the id space is no id */
	if (loc == UINT32_MAX)
		return 0;
	char *dst = p->chunks[loc >> CHUNK_BITS] + (loc & (CHUNK_SIZE - 1));
	memcpy(dst, s, len);
	dst[len] = '\0';
	return loc;
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
	id = store_bytes(p, s, len);
	if (!id || !idmap_insert(&p->map, h, id))
		return 0;
	return id;
}

str_id strpool_append(struct strpool *p, const char *s, size_t len)
{
	if (!s || !len)
		return 0;
	len = strpool_kept_len(s, len);
	return len ? store_bytes(p, s, len) : 0;
}

const char *strpool_get(const struct strpool *p, str_id id)
{
	/* not the start of a string is not told apart (it would take a
	 * bit per byte): any id inside the written text reads as a string
	 * ending at the next NUL, never past it */
	if (!p || id == 0 || id >> CHUNK_BITS >= p->nchunks || (id & (CHUNK_SIZE - 1)) >= p->fill[id >> CHUNK_BITS])
		return "";
	return at(p, id);
}

size_t strpool_bytes(const struct strpool *p)
{
	if (!p)
		return 0;
	size_t text = 0;
	for (uint32_t i = 0; i < p->nchunks; i++)
		text += p->fill[i];
	return text + (size_t)p->capchunks * (sizeof *p->chunks + sizeof *p->fill) + idmap_bytes(&p->map);
}
