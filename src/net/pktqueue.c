/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * pktqueue.c - a single-producer, single-consumer queue of packet copies
 * in linked 1 MiB blocks.  The producer appends records to its block and
 * publishes the block's fill level with a release store; the consumer
 * reads records below the level it loads with acquire.  The lock is taken
 * only to move to another block (about once per 1,500 SIP packets), where
 * the blocks' links and the free list change hands.
 *
 * A record: [struct rec][caplen bytes], padded to 8 bytes.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "net/pktqueue.h"

#define BLOCK_BYTES (1u << 20)
#define KEEP_FREE 2              /* blocks kept for reuse after a burst; the rest go back */

struct rec {
	int64_t sec, usec;
	uint32_t caplen, wire_len;
};

struct qblock {
	struct qblock *next;         /* the block filled after this one (under the lock) */
	_Atomic size_t used;         /* bytes of whole records (producer stores, release) */
	unsigned char data[BLOCK_BYTES];
};

struct pktqueue {
	pthread_mutex_t lock;
	struct qblock *head;         /* the consumer's block */
	size_t rpos;                 /* the consumer's offset in it */
	struct qblock *tail;         /* the producer's block */
	struct qblock *free;         /* blocks left by the consumer (under the lock) */
	size_t nfree;
	size_t nblocks, max_blocks;  /* under the lock */
	_Atomic size_t allocated;
	_Atomic uint64_t dropped;
};

static size_t rec_size(uint32_t caplen)
{
	return (sizeof(struct rec) + caplen + 7) & ~(size_t)7;
}

static struct qblock *block_new(void)
{
	struct qblock *b = malloc(sizeof *b);
	if (b) {
		b->next = NULL;
		atomic_init(&b->used, 0);
	}
	return b;
}

struct pktqueue *pktqueue_new(size_t max_bytes)
{
	struct pktqueue *q = calloc(1, sizeof *q);
	if (!q)
		return NULL;
	q->head = q->tail = block_new();
	if (!q->head || pthread_mutex_init(&q->lock, NULL) != 0) {
		free(q->head);
		free(q);
		return NULL;
	}
	q->nblocks = 1;
	q->max_blocks = max_bytes / BLOCK_BYTES > 2 ? max_bytes / BLOCK_BYTES : 2;
	atomic_init(&q->allocated, (size_t)BLOCK_BYTES);
	atomic_init(&q->dropped, 0);
	return q;
}

void pktqueue_free(struct pktqueue *q)
{
	if (!q)
		return;
	for (struct qblock *b = q->head, *n; b; b = n) {
		n = b->next;
		free(b);
	}
	for (struct qblock *b = q->free, *n; b; b = n) {
		n = b->next;
		free(b);
	}
	pthread_mutex_destroy(&q->lock);
	free(q);
}

bool pktqueue_push(struct pktqueue *q, int64_t sec, int64_t usec, uint32_t caplen, uint32_t wire_len,
                   const uint8_t *data)
{
	return pktqueue_push2(q, sec, usec, wire_len, NULL, 0, data, caplen);
}

bool pktqueue_push2(struct pktqueue *q, int64_t sec, int64_t usec, uint32_t wire_len,
                    const void *head, uint32_t head_len, const uint8_t *data, uint32_t len)
{
	if (len > BLOCK_BYTES || head_len > BLOCK_BYTES) {
		atomic_fetch_add(&q->dropped, 1);
		return false;
	}
	uint32_t caplen = head_len + len;
	size_t need = rec_size(caplen);
	if (need > BLOCK_BYTES) {
		atomic_fetch_add(&q->dropped, 1);
		return false;
	}
	struct qblock *t = q->tail;
	size_t used = atomic_load_explicit(&t->used, memory_order_relaxed);   /* ours */
	if (used + need > BLOCK_BYTES) {
		pthread_mutex_lock(&q->lock);
		struct qblock *nb = q->free;
		if (nb) {
			q->free = nb->next;
			q->nfree--;
		} else if (q->nblocks < q->max_blocks && (nb = block_new())) {
			q->nblocks++;
			atomic_fetch_add(&q->allocated, (size_t)BLOCK_BYTES);
		}
		if (!nb) {
			pthread_mutex_unlock(&q->lock);
			atomic_fetch_add(&q->dropped, 1);
			return false;
		}
		nb->next = NULL;
		atomic_store_explicit(&nb->used, 0, memory_order_relaxed);
		t->next = nb;            /* t is complete: the consumer may leave it */
		q->tail = nb;
		pthread_mutex_unlock(&q->lock);
		t = nb;
		used = 0;
	}
	struct rec r = { sec, usec, caplen, wire_len };
	memcpy(t->data + used, &r, sizeof r);
	if (head_len)
		memcpy(t->data + used + sizeof r, head, head_len);
	if (len)
		memcpy(t->data + used + sizeof r + head_len, data, len);
	atomic_store_explicit(&t->used, used + need, memory_order_release);
	return true;
}

bool pktqueue_pop(struct pktqueue *q, struct queued_pkt *out)
{
	for (;;) {
		struct qblock *h = q->head;
		size_t used = atomic_load_explicit(&h->used, memory_order_acquire);
		if (q->rpos < used) {
			struct rec r;
			memcpy(&r, h->data + q->rpos, sizeof r);
			out->sec = r.sec;
			out->usec = r.usec;
			out->caplen = r.caplen;
			out->wire_len = r.wire_len;
			out->data = h->data + q->rpos + sizeof r;
			q->rpos += rec_size(r.caplen);
			return true;
		}
		pthread_mutex_lock(&q->lock);
		struct qblock *n = h->next;
		if (!n) {
			pthread_mutex_unlock(&q->lock);
			return false;
		}
		/* the producer filled h before it linked n: what it wrote last
		 * is visible now, and read before h is left */
		if (q->rpos < atomic_load_explicit(&h->used, memory_order_acquire)) {
			pthread_mutex_unlock(&q->lock);
			continue;
		}
		q->head = n;
		q->rpos = 0;
		if (q->nfree < KEEP_FREE) {
			h->next = q->free;
			q->free = h;
			q->nfree++;
			h = NULL;
		} else {
			q->nblocks--;
		}
		pthread_mutex_unlock(&q->lock);
		if (h) {
			free(h);
			atomic_fetch_sub(&q->allocated, (size_t)BLOCK_BYTES);
		}
	}
}

uint64_t pktqueue_dropped(const struct pktqueue *q)
{
	return atomic_load(&((struct pktqueue *)q)->dropped);
}

size_t pktqueue_allocated(const struct pktqueue *q)
{
	return atomic_load(&((struct pktqueue *)q)->allocated);
}
