/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * pktreader.c - a source read by its own thread (see pktreader.h).  The
 * thread owns the source while it runs; the caller owns the queue's
 * consuming end.  What they share: the queue (net/pktqueue.c, one
 * producer, one consumer), two eventfds, and a few atomics.
 */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "net/pktreader.h"

#define STATS_INTERVAL_NS 100000000LL       /* the kernel's drop counter at most every 100 ms */

struct pktreader {
	struct pktreader_source src;
	pthread_t thread;
	struct pktqueue *queue;
	int wake_fd;                            /* eventfd: packets were queued (the caller polls it) */
	int stop_fd;                            /* eventfd: the thread is to stop */
	_Atomic int stop;
	_Atomic int caller_waiting;             /* the caller found the queue empty: wake it */
	_Atomic int ended;                      /* the thread returned */
	_Atomic int failed;                     /* ... on an error; error[] written before */
	_Atomic uint32_t kernel_drops;
	bool joined;
	char error[512];
};

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void wake_caller(struct pktreader *r, bool always)
{
	/* only when the caller said it found the queue empty: one write a
	 * wait, not one per packet */
	if (atomic_exchange(&r->caller_waiting, 0) || always) {
		uint64_t one = 1;
		ssize_t n = write(r->wake_fd, &one, sizeof one);
		(void)n;                            /* a full counter (EAGAIN) already wakes */
	}
}

static void read_stats(struct pktreader *r)
{
	uint32_t drops;
	if (r->src.kernel_drops(r->src.ctx, &drops))
		atomic_store(&r->kernel_drops, drops);
}

static void *reader_main(void *arg)
{
	struct pktreader *r = arg;
	int64_t next_stats = 0;
	while (!atomic_load(&r->stop)) {
		int n = r->src.drain(r->src.ctx, r->queue, r->src.batch, r->error, sizeof r->error);
		if (n < 0) {
			atomic_store(&r->failed, 1);
			break;
		}
		if (n > 0)
			wake_caller(r, false);
		int64_t now = mono_ns();
		if (now >= next_stats) {
			read_stats(r);
			next_stats = now + STATS_INTERVAL_NS;
		}
		if (n == r->src.batch)
			continue;                       /* more is waiting in the source */
		struct pollfd pfd[2] = { { .fd = r->src.fd, .events = POLLIN }, { .fd = r->stop_fd, .events = POLLIN } };
		if (poll(pfd, 2, 100) > 0 && !pfd[1].revents && r->src.gather_us)
			usleep(r->src.gather_us);
	}
	read_stats(r);
	atomic_store(&r->ended, 1);
	wake_caller(r, true);
	return NULL;
}

static void reader_free(struct pktreader *r)
{
	if (r->wake_fd >= 0)
		close(r->wake_fd);
	if (r->stop_fd >= 0)
		close(r->stop_fd);
	pktqueue_free(r->queue);
	free(r);
}

struct pktreader *pktreader_start(const struct pktreader_source *src, size_t queue_bytes)
{
	struct pktreader *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->src = *src;
	r->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	r->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	r->queue = pktqueue_new(queue_bytes);
	atomic_init(&r->stop, 0);
	atomic_init(&r->caller_waiting, 0);
	atomic_init(&r->ended, 0);
	atomic_init(&r->failed, 0);
	atomic_init(&r->kernel_drops, 0);
	if (r->wake_fd < 0 || r->stop_fd < 0 || !r->queue) {
		reader_free(r);
		return NULL;
	}
	/* SIGINT, SIGTERM, SIGHUP and SIGWINCH go to the caller's thread,
	 * whose poll() they interrupt; the reader takes none */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&r->thread, NULL, reader_main, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		reader_free(r);
		return NULL;
	}
	return r;
}

void pktreader_stop(struct pktreader *r)
{
	if (!r || r->joined)
		return;
	uint64_t one = 1;
	atomic_store(&r->stop, 1);
	ssize_t n = write(r->stop_fd, &one, sizeof one);
	(void)n;
	pthread_join(r->thread, NULL);
	r->joined = true;
}

bool pktreader_stopped(const struct pktreader *r)
{
	return r->joined;
}

void pktreader_free(struct pktreader *r)
{
	if (!r)
		return;
	pktreader_stop(r);
	reader_free(r);
}

int pktreader_next(struct pktreader *r, struct queued_pkt *out)
{
	if (pktqueue_pop(r->queue, out))
		return 1;
	/* say we wait, clear the wake-up, look once more: a packet queued
	 * after this look writes the eventfd */
	atomic_store(&r->caller_waiting, 1);
	uint64_t v;
	ssize_t n = read(r->wake_fd, &v, sizeof v);
	(void)n;
	if (pktqueue_pop(r->queue, out))
		return 1;
	if (!atomic_load(&r->ended))
		return 0;
	if (pktqueue_pop(r->queue, out))       /* queued before it ended */
		return 1;
	return atomic_load(&r->failed) ? -1 : 0;
}

int pktreader_fd(const struct pktreader *r)
{
	return r->wake_fd;
}

const char *pktreader_error(const struct pktreader *r)
{
	/* written by the thread before it set ended; read after the caller saw it */
	return atomic_load(&((struct pktreader *)r)->failed) ? r->error : "";
}

uint32_t pktreader_kernel_drops(const struct pktreader *r)
{
	return atomic_load(&((struct pktreader *)r)->kernel_drops);
}

uint64_t pktreader_queue_drops(const struct pktreader *r)
{
	return pktqueue_dropped(r->queue);
}
