/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hepreader.c - a HEP socket read by its own thread (see hepreader.h).
 * The thread owns the socket while it runs; the caller owns the queue's
 * consuming end.  What they share: the queue (net/pktqueue.c, one
 * producer, one consumer), two eventfds, and a few atomics.
 */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "net/hepreader.h"
#include "net/pktqueue.h"

#define DRAIN_MAX 1024                      /* packets between two looks at stop and the counters */
#define STATS_INTERVAL_NS 100000000LL       /* the kernel's drop counter at most every 100 ms */
#define GATHER_US 2000                      /* after a wake-up, before reading: see reader_main */

/* What the queue keeps of a packet beside its bytes. */
struct rec_head {
	struct endpoint agent;
	const char *bad;                        /* static text, or NULL */
};

struct hep_reader {
	struct hep_socket *sock;                /* the thread's while it runs */
	pthread_t thread;
	struct pktqueue *queue;
	int wake_fd;                            /* eventfd: packets were queued (the caller polls it) */
	int stop_fd;                            /* eventfd: the thread is to stop */
	_Atomic int stop;
	_Atomic int caller_waiting;             /* the caller found the queue empty: wake it */
	_Atomic int ended;                      /* the thread returned */
	_Atomic int failed;                     /* ... on a socket error */
	_Atomic uint32_t kernel_drops;
	bool joined;
};

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void wake_caller(struct hep_reader *r, bool always)
{
	/* only when the caller said it found the queue empty: one write a
	 * wait, not one per packet */
	if (atomic_exchange(&r->caller_waiting, 0) || always) {
		uint64_t one = 1;
		ssize_t n = write(r->wake_fd, &one, sizeof one);
		(void)n;                            /* a full counter (EAGAIN) already wakes */
	}
}

static void *reader_main(void *arg)
{
	struct hep_reader *r = arg;
	int fd = hep_socket_fd(r->sock);
	int64_t next_stats = 0;
	while (!atomic_load(&r->stop)) {
		struct hep_datagram hd;
		int got = 0, rc = 0;
		while (got < DRAIN_MAX && (rc = hep_socket_next(r->sock, &hd)) > 0) {
			struct rec_head h = { .agent = hd.agent, .bad = hd.bad };
			pktqueue_push2(r->queue, (int64_t)(hd.time / 1000000), (int64_t)(hd.time % 1000000),
			               (uint32_t)hd.len, &h, sizeof h, hd.data, (uint32_t)hd.len);
			got++;
		}
		if (got)
			wake_caller(r, false);
		int64_t now = mono_ns();
		if (now >= next_stats) {
			atomic_store(&r->kernel_drops, hep_socket_dropped(r->sock));
			next_stats = now + STATS_INTERVAL_NS;
		}
		if (rc < 0) {
			atomic_store(&r->failed, 1);
			break;
		}
		if (got == DRAIN_MAX)
			continue;                       /* more is waiting in the socket */
		struct pollfd pfd[2] = { { .fd = fd, .events = POLLIN }, { .fd = r->stop_fd, .events = POLLIN } };
		/* a few datagrams at a time, each woken for, cost a poll and a
		 * recvmmsg each at thousands a second: 2 ms more lets a batch
		 * gather in the socket's buffer (it holds seconds), as the
		 * live reader's 10 ms block timeout does */
		if (poll(pfd, 2, 100) > 0 && !pfd[1].revents)
			usleep(GATHER_US);
	}
	atomic_store(&r->kernel_drops, hep_socket_dropped(r->sock));
	atomic_store(&r->ended, 1);
	wake_caller(r, true);
	return NULL;
}

static void reader_free(struct hep_reader *r)
{
	if (r->wake_fd >= 0)
		close(r->wake_fd);
	if (r->stop_fd >= 0)
		close(r->stop_fd);
	pktqueue_free(r->queue);
	free(r);
}

struct hep_reader *hep_reader_start(struct hep_socket *s, size_t queue_bytes)
{
	struct hep_reader *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->sock = s;
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

void hep_reader_stop(struct hep_reader *r)
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

bool hep_reader_stopped(const struct hep_reader *r)
{
	return r->joined;
}

void hep_reader_free(struct hep_reader *r)
{
	if (!r)
		return;
	hep_reader_stop(r);
	reader_free(r);
}

static bool take(struct hep_reader *r, struct hep_datagram *out)
{
	struct queued_pkt q;
	if (!pktqueue_pop(r->queue, &q))
		return false;
	struct rec_head h;
	memcpy(&h, q.data, sizeof h);
	out->data = q.data + sizeof h;
	out->len = q.caplen - sizeof h;
	out->bad = h.bad;
	out->agent = h.agent;
	out->time = (usec_t)q.sec * 1000000 + (usec_t)q.usec;
	return true;
}

int hep_reader_next(struct hep_reader *r, struct hep_datagram *out)
{
	if (take(r, out))
		return 1;
	/* say we wait, clear the wake-up, look once more: a packet queued
	 * after this look writes the eventfd */
	atomic_store(&r->caller_waiting, 1);
	uint64_t v;
	ssize_t n = read(r->wake_fd, &v, sizeof v);
	(void)n;
	if (take(r, out))
		return 1;
	if (!atomic_load(&r->ended))
		return 0;
	if (take(r, out))                      /* queued before it ended */
		return 1;
	return atomic_load(&r->failed) ? -1 : 0;
}

int hep_reader_fd(const struct hep_reader *r)
{
	return r->wake_fd;
}

uint32_t hep_reader_kernel_drops(const struct hep_reader *r)
{
	return atomic_load(&((struct hep_reader *)r)->kernel_drops);
}

uint64_t hep_reader_queue_drops(const struct hep_reader *r)
{
	return pktqueue_dropped(r->queue);
}
