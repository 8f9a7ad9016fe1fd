/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * pktreader.h - a thread that drains a packet source into a bounded queue
 * (net/pktqueue.h) and wakes its caller: what a live interface
 * (net/capture.c) and a --hep-listen socket (net/hepreader.c) share.
 *
 *   source ──> reader thread ──> pktqueue ──> pktreader_next() ──> caller
 *   (drain)                         │ eventfd "packets queued": pktreader_fd()
 *
 * The source says how to read a batch, how to read the kernel's drop
 * counter, and whether to let a batch gather after a wake-up; the thread
 * does the rest: the loop, the stop, the caller's wake-up and the counters.
 */
#ifndef TRUNKDOC_PKTREADER_H
#define TRUNKDOC_PKTREADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/pktqueue.h"

struct pktreader_source {
	void *ctx;                   /* the thread's while it runs */
	int fd;                      /* readable when the source has packets */
	int batch;                   /* packets between two looks at stop and the counters */
	unsigned gather_us;          /* after a wake-up, before reading; 0: none */
	/* Queues at most max packets from ctx: how many, or -1 on an error
	 * (err may then say which) after which the thread stops. */
	int (*drain)(void *ctx, struct pktqueue *q, int max, char *err, size_t errlen);
	/* The kernel's drop counter now; false when it cannot be read. */
	bool (*kernel_drops)(void *ctx, uint32_t *out);
};

struct pktreader;

/* Starts the thread (with every signal blocked); NULL when none is to be
 * had, then the caller reads the source itself. */
struct pktreader *pktreader_start(const struct pktreader_source *src, size_t queue_bytes);
/* 1: *out filled (valid until the next call); 0: nothing queued now (nor
 * ever again once stopped); -1: the thread stopped on an error and all it
 * queued was taken (pktreader_error() may say why). */
int pktreader_next(struct pktreader *r, struct queued_pkt *out);
/* Readable when packets were queued after pktreader_next returned 0. */
int pktreader_fd(const struct pktreader *r);
/* No more is read from the source; what is queued is still handed out. */
void pktreader_stop(struct pktreader *r);
bool pktreader_stopped(const struct pktreader *r);
/* Stops the thread and frees the queue (not the source). */
void pktreader_free(struct pktreader *r);
/* The source's error text; "" when none (read after pktreader_next -1). */
const char *pktreader_error(const struct pktreader *r);
/* The kernel's drops as the thread last read them; packets the full
 * queue refused. */
uint32_t pktreader_kernel_drops(const struct pktreader *r);
uint64_t pktreader_queue_drops(const struct pktreader *r);

#endif
