/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hugemem.h - asks the kernel for transparent huge pages over a large,
 * growing table (the store's vectors, the string pool, hash indexes).
 *
 * A capture of a million messages fills about 280 MiB of tables.  Touched
 * one 4 KiB page at a time, that is some 70,000 page faults; on a virtual
 * machine a fault costs around 10 microseconds, a tenth of the whole run
 * (doc/performance.md).  With huge pages the same memory takes one fault
 * per 2 MiB.  Only tables of at least HUGEMEM_MIN bytes are advised, so a
 * small capture keeps ordinary pages, and a table's unused tail costs at
 * most one partly used huge page of memory.
 */
#ifndef TRUNKDOC_HUGEMEM_H
#define TRUNKDOC_HUGEMEM_H

#include <stddef.h>

#define HUGEMEM_MIN ((size_t)4 << 20)

/* Once, before the tables grow: blocks of a MiB or more get mappings of
 * their own, so that realloc grows them with mremap (no copy, and the
 * new part is faulted in as huge pages) rather than copying them within
 * the heap.  glibc's own threshold rises as blocks are freed, which would
 * put the store's large vectors back in the heap. */
void hugemem_init(void);

/* Advises the pages of [p, p + bytes) for huge pages when bytes is
 * at least HUGEMEM_MIN; a no-op (and harmless) where the kernel has no
 * transparent huge pages. */
void hugemem_advise(void *p, size_t bytes);

/* malloc for a block that is filled once and never resized (a chunk of
 * the string pool or the raw-byte arena, a hash index): a large one is
 * aligned to 2 MiB and advised, so all of it can be huge pages.  Freed
 * with free(). */
void *hugemem_alloc(size_t bytes);

#endif
