/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * sipbatch.c - SIP parsing on two cores, with the store exactly as one
 * thread would build it.
 *
 *   decoder (main) ──> sip_ingest_one ──> sip_batch_add: bytes + meta into
 *                                         the batch being filled
 *   batch full:  submit it (queued, oldest first) ──> worker: claims slots
 *                of the oldest queued batch that has any, sip_parse_phase
 *   ring full:   main finishes the oldest queued batch (claims what the
 *                worker has not, waits for the rest, then sip_commit_phase
 *                on every slot in order: interning the recorded strings,
 *                arena, store_add_msg) and fills it next
 *
 * Four batches: one filling, up to three queued, so the worker always has
 * work while the main thread decodes and commits (with two, the worker sat
 * idle a fifth of the time, waiting for the next batch).  Slots are
 * claimed with an atomic counter, so whichever thread is free parses; the
 * commit alone touches the store, on the main thread, in the order the
 * messages were framed, so message indices, string ids, transactions,
 * dialogs and registrations are identical to the single-threaded path.
 *
 * The parse phase frees libosip2's tree before it returns, on the thread
 * that built it: holding a batch of trees and freeing them on the other
 * thread made glibc's malloc the largest cost of the parallel run.
 *
 * libosip2 (5.3) keeps no mutable static state in its parser once
 * parser_init() has run (the header-name table is read-only after it; the
 * trace level table is only read), and each call allocates its own tree,
 * so osip_message_parse and sdp_message_parse may run on both threads.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "sip/sipingest.h"
#include "store/store.h"

/* 64 messages is about half a millisecond of parsing: long enough that
 * the hand-over cost vanishes.  A slot is ~3 KB (the record and its inline
 * strings) and the ring's slots are all touched, so the batch size is
 * resident memory: 512 cost 4.5 MB more at no measurable gain in CPU, 128
 * another 0.9 MB (doc/performance.md, the REGISTER feed). */
#define BATCH_MSGS 64
/* Byte room per batch; a full message (SIP_MSG_MAX) always fits. */
#define BATCH_BYTES (1u << 20)
/* One filling and up to RING - 1 queued for parsing. */
#define RING 4

/* The commit asks for the string-pool slots of the message after the one
 * it commits: one message of work hides the misses (two measured no better). */
#define PREFETCH_AHEAD 1

struct slot {
	struct msg_meta meta;
	uint32_t flags;
	uint32_t off, len;           /* in the batch's bytes */
};

struct batch {
	struct slot slot[BATCH_MSGS];
	unsigned char *parsed;       /* BATCH_MSGS struct sip_parsed */
	char *bytes;                 /* BATCH_BYTES */
	uint32_t n, used;
	atomic_uint next;            /* next slot to claim for parsing */
	/* under the mutex: */
	uint32_t done;               /* slots parsed */
	unsigned users;              /* worker inside its claim loop */
};

struct sip_batch {
	struct store *st;
	struct batch b[RING];
	struct batch *fill;          /* main thread fills it */
	struct sip_scratch *main_sc, *worker_sc;
	size_t psize;

	pthread_t thread;
	bool have_thread;
	pthread_mutex_t mu;
	pthread_cond_t work_cv, done_cv;
	/* under the mutex: the submitted batches not yet committed, oldest
	 * first (the main thread alone adds and removes them) */
	struct batch *queue[RING];
	unsigned queued;
	bool quit;
};

static struct sip_parsed *parsed_at(struct sip_batch *sb, struct batch *b, uint32_t i)
{
	return (struct sip_parsed *)(b->parsed + (size_t)i * sb->psize);
}

/* Parses unclaimed slots of b until none is left; returns how many. */
static uint32_t parse_claimed(struct sip_batch *sb, struct batch *b, struct sip_scratch *sc)
{
	uint32_t count = 0;
	for (;;) {
		unsigned i = atomic_fetch_add_explicit(&b->next, 1, memory_order_relaxed);
		if (i >= b->n)
			break;
		struct slot *s = &b->slot[i];
		sip_parse_phase(sc, b->bytes + s->off, s->len, s->meta.hdr_len, parsed_at(sb, b, i));
		count++;
	}
	return count;
}

/* The oldest queued batch with a slot left to claim, or NULL (mutex held). */
static struct batch *claimable(struct sip_batch *sb)
{
	for (unsigned i = 0; i < sb->queued; i++) {
		struct batch *b = sb->queue[i];
		if (atomic_load_explicit(&b->next, memory_order_relaxed) < b->n)
			return b;
	}
	return NULL;
}

static void *worker_main(void *arg)
{
	struct sip_batch *sb = arg;
	pthread_mutex_lock(&sb->mu);
	for (;;) {
		struct batch *b = NULL;   /* set before use; said for -Wmaybe-uninitialized */
		while (!sb->quit && !(b = claimable(sb)))
			pthread_cond_wait(&sb->work_cv, &sb->mu);
		if (sb->quit)
			break;
		/* b->n is fixed before submit and until users drops to 0 */
		b->users++;
		pthread_mutex_unlock(&sb->mu);
		uint32_t count = parse_claimed(sb, b, sb->worker_sc);
		pthread_mutex_lock(&sb->mu);
		b->users--;
		b->done += count;
		if (b->done == b->n && !b->users)
			pthread_cond_broadcast(&sb->done_cv);
	}
	pthread_mutex_unlock(&sb->mu);
	return NULL;
}

static void submit(struct sip_batch *sb, struct batch *b)
{
	pthread_mutex_lock(&sb->mu);
	sb->queue[sb->queued++] = b;
	pthread_cond_signal(&sb->work_cv);
	pthread_mutex_unlock(&sb->mu);
}

/* Takes the oldest queued batch: parses what the worker has not claimed,
 * waits for the rest, commits every slot in order and empties it. */
static struct batch *finish_oldest(struct sip_batch *sb)
{
	struct batch *b = sb->queue[0];
	uint32_t count = parse_claimed(sb, b, sb->main_sc);
	pthread_mutex_lock(&sb->mu);
	b->done += count;
	while (b->done < b->n || b->users)
		pthread_cond_wait(&sb->done_cv, &sb->mu);
	sb->queued--;
	memmove(sb->queue, sb->queue + 1, sb->queued * sizeof *sb->queue);
	pthread_mutex_unlock(&sb->mu);
	for (uint32_t i = 0; i < b->n; i++) {
		struct slot *s = &b->slot[i];
		if (i + PREFETCH_AHEAD < b->n)
			sip_commit_prefetch(sb->st, parsed_at(sb, b, i + PREFETCH_AHEAD));
		sip_commit_phase(sb->st, b->bytes + s->off, s->len, &s->meta, s->flags, parsed_at(sb, b, i));
	}
	store_ingest_pending(sb->st, -(long)b->n);
	b->n = b->used = b->done = 0;
	atomic_store_explicit(&b->next, 0, memory_order_relaxed);
	return b;
}

/* The fill batch is full: queue it, and fill a free batch next, or the
 * oldest queued one once committed when every batch is taken. */
static void rotate(struct sip_batch *sb)
{
	submit(sb, sb->fill);
	if (sb->queued == RING) {
		sb->fill = finish_oldest(sb);
		return;
	}
	/* the main thread alone changes the queue, so reading it is safe */
	for (int i = 0; i < RING; i++) {
		struct batch *b = &sb->b[i];
		bool taken = false;
		for (unsigned k = 0; k < sb->queued; k++)
			taken |= sb->queue[k] == b;
		if (!taken) {
			sb->fill = b;
			return;
		}
	}
}

uint32_t sip_batch_add(struct sip_batch *sb, const char *buf, size_t len,
                       const struct msg_meta *meta, uint32_t extra_flags)
{
	if (len > SIP_MSG_MAX) {
		len = SIP_MSG_MAX;
		extra_flags |= MF_TRUNCATED;
	}
	struct batch *b = sb->fill;
	if (b->n == BATCH_MSGS || BATCH_BYTES - b->used < len) {
		rotate(sb);
		b = sb->fill;
	}
	struct slot *s = &b->slot[b->n];
	s->meta = *meta;
	s->flags = extra_flags;
	s->off = b->used;
	s->len = (uint32_t)len;
	memcpy(b->bytes + b->used, buf, len);
	b->used += (uint32_t)len;
	b->n++;
	store_ingest_pending(sb->st, 1);
	return NONE_U32;
}

void sip_batch_flush(struct sip_batch *sb)
{
	if (!sb)
		return;
	if (sb->fill->n)
		submit(sb, sb->fill);
	while (sb->queued)
		sb->fill = finish_oldest(sb);
}

static void barrier(void *ctx)
{
	sip_batch_flush(ctx);
}

/* Frees the batches, the scratch buffers and the batch itself (the thread,
 * if any, has already been joined). */
static void release_buffers(struct sip_batch *sb)
{
	for (int i = 0; i < RING; i++) {
		free(sb->b[i].parsed);
		free(sb->b[i].bytes);
	}
	sip_scratch_free(sb->main_sc);
	sip_scratch_free(sb->worker_sc);
	free(sb);
}

struct sip_batch *sip_batch_new(struct store *st, unsigned threads)
{
	if (threads <= 1)
		return NULL;
	sipparse_init();
	struct sip_batch *sb = calloc(1, sizeof *sb);
	if (!sb)
		return NULL;
	sb->st = st;
	sb->psize = sip_parsed_size();
	sb->main_sc = sip_scratch_new();
	sb->worker_sc = sip_scratch_new();
	bool ok = sb->main_sc && sb->worker_sc;
	for (int i = 0; i < RING && ok; i++) {
		sb->b[i].parsed = malloc(BATCH_MSGS * sb->psize);
		sb->b[i].bytes = malloc(BATCH_BYTES);
		ok = sb->b[i].parsed && sb->b[i].bytes;
		atomic_init(&sb->b[i].next, 0);
	}
	if (ok && pthread_mutex_init(&sb->mu, NULL) == 0) {
		pthread_cond_init(&sb->work_cv, NULL);
		pthread_cond_init(&sb->done_cv, NULL);
		sb->have_thread = pthread_create(&sb->thread, NULL, worker_main, sb) == 0;
		if (!sb->have_thread) {
			pthread_cond_destroy(&sb->work_cv);
			pthread_cond_destroy(&sb->done_cv);
			pthread_mutex_destroy(&sb->mu);
		}
	}
	if (!ok || !sb->have_thread) {
		/* no second thread: the inline path is simpler and as fast */
		release_buffers(sb);
		return NULL;
	}
	sb->fill = &sb->b[0];
	store_set_ingest(st, sb, barrier);
	return sb;
}

void sip_batch_free(struct sip_batch *sb)
{
	if (!sb)
		return;
	sip_batch_flush(sb);
	store_set_ingest(sb->st, NULL, NULL);
	pthread_mutex_lock(&sb->mu);
	sb->quit = true;
	pthread_cond_broadcast(&sb->work_cv);
	pthread_mutex_unlock(&sb->mu);
	pthread_join(sb->thread, NULL);
	pthread_cond_destroy(&sb->work_cv);
	pthread_cond_destroy(&sb->done_cv);
	pthread_mutex_destroy(&sb->mu);
	release_buffers(sb);
}
