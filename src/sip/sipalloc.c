/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipalloc.c - a per-thread bump arena for libosip2's parse trees; see
 * sipalloc.h.
 *
 * Every block carries a 16-byte header: its size, and whether it came from
 * malloc.  So a block allocated in a scope and freed outside it, or the
 * other way round, is still freed the right way, and realloc knows how
 * much to copy.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <osipparser2/osip_port.h>

#include "sip/sipalloc.h"

/* Under AddressSanitizer the unused part of an arena is poisoned, so a
 * pointer kept past its scope is still caught. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define HDR 16u
#define FROM_HEAP ((uint64_t)1 << 63)

static _Thread_local struct sip_arena *current;

static inline uint64_t *hdr_of(void *p)
{
	return (uint64_t *)((unsigned char *)p - HDR);
}

static void *heap_block(size_t size)
{
	if (size > SIZE_MAX - HDR)
		return NULL;
	unsigned char *b = malloc(size + HDR);
	if (!b)
		return NULL;
	*(uint64_t *)b = (uint64_t)size | FROM_HEAP;
	return b + HDR;
}

static void *arena_alloc(size_t size)
{
	struct sip_arena *a = current;
	size_t need = (size + HDR + 15) & ~(size_t)15;
	if (!a || size > SIPALLOC_ARENA || need > SIPALLOC_ARENA - a->used) {
		if (a)
			a->spilled = true;
		return heap_block(size);
	}
	unsigned char *b = a->mem + a->used;
	UNPOISON(b, HDR + size);
	*(uint64_t *)b = (uint64_t)size;
	a->last = a->used;
	a->used += need;
	return b + HDR;
}

static void arena_free(void *p)
{
	if (!p)
		return;
	uint64_t *h = hdr_of(p);
	if (*h & FROM_HEAP)
		free(h);
	/* an arena block goes when its scope ends */
}

static void *arena_realloc(void *p, size_t size)
{
	if (!p)
		return arena_alloc(size);
	uint64_t *h = hdr_of(p);
	size_t old = (size_t)(*h & ~FROM_HEAP);
	if (*h & FROM_HEAP) {
		if (size > SIZE_MAX - HDR)
			return NULL;
		unsigned char *b = realloc(h, size + HDR);
		if (!b)
			return NULL;
		*(uint64_t *)b = (uint64_t)size | FROM_HEAP;
		return b + HDR;
	}
	struct sip_arena *a = current;
	unsigned char *b = (unsigned char *)h;
	/* the newest block of the live arena grows where it is */
	if (a && b == a->mem + a->last && a->last + HDR + size <= SIPALLOC_ARENA) {
		UNPOISON(b, HDR + size);
		*h = (uint64_t)size;
		a->used = (a->last + HDR + size + 15) & ~(size_t)15;
		return p;
	}
	void *n = arena_alloc(size);
	if (n)
		memcpy(n, p, old < size ? old : size);
	return n;
}

/* At load time, before libosip2 can have allocated anything: a block
 * from plain malloc has no header and must never reach arena_free. */
__attribute__((constructor)) static void install(void)
{
	osip_set_allocators(arena_alloc, arena_realloc, arena_free);
}

void sipalloc_begin(struct sip_arena *a)
{
	a->used = a->last = 0;
	a->spilled = false;
	POISON(a->mem, sizeof a->mem);
	current = a;
}

bool sipalloc_spilled(const struct sip_arena *a)
{
	return a->spilled;
}

void sipalloc_end(struct sip_arena *a)
{
	if (current == a)
		current = NULL;
	POISON(a->mem, a->used);
	a->used = a->last = 0;
}
