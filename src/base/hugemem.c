/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hugemem.c - transparent huge pages for large tables; see hugemem.h.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/hugemem.h"

#define HUGE_PAGE ((size_t)2 << 20)

void hugemem_init(void)
{
#ifdef M_MMAP_THRESHOLD
	mallopt(M_MMAP_THRESHOLD, 128 << 10);
#endif
}

void hugemem_advise(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
	if (!p || bytes < HUGEMEM_MIN)
		return;
	/* The whole pages of the block, not just its 2 MiB-aligned middle:
	 * advising part of a mapping splits it, and glibc's realloc can then
	 * no longer mremap the block and copies it instead.  The kernel puts
	 * huge pages only where an aligned 2 MiB fits anyway. */
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t mask = (uintptr_t)(page > 0 ? page : 4096) - 1;
	uintptr_t start = (uintptr_t)p & ~mask;
	uintptr_t end = ((uintptr_t)p + bytes + mask) & ~mask;
	/* the kernel may say no (THP disabled, an old kernel): ordinary pages
	 * then, which is only slower */
	(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)p;
	(void)bytes;
#endif
}

void *hugemem_alloc(size_t bytes)
{
	if (bytes < HUGEMEM_MIN)
		return malloc(bytes);
	void *p = aligned_alloc(HUGE_PAGE, (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE);
	hugemem_advise(p, bytes);
	return p;
}
