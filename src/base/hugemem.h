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
 *
 * That tail is why HUGEMEM_MIN is 64 MiB, not 4: the kernel faults in the
 * whole 2 MiB page at the fill point, so every advised table carries on
 * average 1 MiB it does not use.  On the fleet's REGISTER feed (the
 * records 32 MiB, the string chunks 4 MiB each) that was 2.4 MiB of a
 * 70 MiB peak, with no CPU saved measurably there or on the 1M corpus
 * (doc/performance.md, 2026-12-03, the REGISTER feed's heap); from 64 MiB
 * up the tail is at most 3 % of the table.
 */
#ifndef TRUNKDOC_HUGEMEM_H
#define TRUNKDOC_HUGEMEM_H

#include <stddef.h>

#define HUGEMEM_MIN ((size_t)64 << 20)

/* Once, before the tables grow: blocks of 128 KiB or more get mappings
 * of their own, so that realloc grows them with mremap (no copy, and the
 * new part is faulted in as huge pages) rather than copying them within
 * the heap, and a block given back goes back to the kernel.  In the heap,
 * every table that doubled left its old, touched block behind as a hole
 * (with a threshold of 1 MiB: 2.3 MB of free heap, resident, at the end
 * of the REGISTER feed).  glibc's own threshold rises as blocks are freed,
 * which would put the store's large vectors back in the heap. */
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
