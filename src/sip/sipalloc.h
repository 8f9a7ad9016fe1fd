/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipalloc.h - where libosip2 gets its memory.
 *
 * libosip2 builds a tree of small blocks for every message and frees them
 * one by one; with glibc's malloc that was a fifth of the parse.  Inside a
 * parse scope (sipalloc_begin .. sipalloc_end, one per message, per
 * thread) its blocks come from a bump arena that is reset at the end, and
 * freeing one costs nothing.  Outside a scope (probes, import) and when the
 * arena is full, blocks come from malloc as before.  The allocators are
 * handed to libosip2 when the program loads.
 *
 * A tree whose every block is in the arena need not be freed at all: the
 * end of the scope takes it, and walking it to free each node was 4 % of
 * the parse.  sipalloc_spilled says whether that holds.
 */
#ifndef TRUNKDOC_SIPALLOC_H
#define TRUNKDOC_SIPALLOC_H

#include <stdbool.h>
#include <stddef.h>

/* Big enough for the tree of any message we frame (a 64 KiB message of
 * short headers makes a tree of about twice its size); beyond it, malloc. */
#define SIPALLOC_ARENA (256u << 10)

struct sip_arena {
	size_t used;
	size_t last;                 /* offset of the newest block, for realloc in place */
	bool spilled;                /* a block of this scope came from malloc */
	_Alignas(16) unsigned char mem[SIPALLOC_ARENA];
};

/* Blocks libosip2 allocates on this thread until sipalloc_end come from a. */
void sipalloc_begin(struct sip_arena *a);
/* Whether a block of the scope came from malloc (the arena was full): then
 * the tree must be freed the usual way before the scope ends. */
bool sipalloc_spilled(const struct sip_arena *a);
/* Ends the scope; every block from the arena is gone, so nothing built in
 * the scope may be used after it (blocks from malloc must have been freed
 * already). */
void sipalloc_end(struct sip_arena *a);

#endif
