/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * hepreader.h - a --hep-listen socket read by a thread of its own, as a
 * live interface is (net/capture.c): the thread drains the socket in
 * batches (recvmmsg for UDP, net/hepsock.c) into a bounded queue
 * (net/pktqueue.h), so the kernel's receive buffer is emptied while the
 * caller parses, judges or draws.
 *
 *   socket ──> reader thread ──> pktqueue ──> hep_reader_next() ──> decode
 *                                   │ eventfd "packets queued": hep_reader_fd()
 *
 * Two losses, counted apart: datagrams the kernel dropped because the
 * socket's buffer was full (the thread did not read in time), and packets
 * the full queue refused (the caller did not keep up).
 */
#ifndef TRUNKDOC_HEPREADER_H
#define TRUNKDOC_HEPREADER_H

#include <stdint.h>
#include "net/hepsock.h"

struct hep_reader;

/* Starts reading s on a thread; NULL when none is to be had (then the
 * caller reads s itself).  s belongs to the reader until hep_reader_free. */
struct hep_reader *hep_reader_start(struct hep_socket *s, size_t queue_bytes);
/* 1: *out filled (valid until the next call); 0: nothing queued now
 * (nor ever again once stopped); -1: the reader stopped on a socket error
 * and all it queued was taken. */
int hep_reader_next(struct hep_reader *r, struct hep_datagram *out);
/* Readable when packets were queued after hep_reader_next returned 0. */
int hep_reader_fd(const struct hep_reader *r);
/* No more is read from the socket; what is queued is still handed out. */
void hep_reader_stop(struct hep_reader *r);
bool hep_reader_stopped(const struct hep_reader *r);
/* Stops the thread and frees the queue (not the socket). */
void hep_reader_free(struct hep_reader *r);
/* The kernel's drops as the thread last read them (SO_RXQ_OVFL,
 * SO_MEMINFO); packets the full queue refused. */
uint32_t hep_reader_kernel_drops(const struct hep_reader *r);
uint64_t hep_reader_queue_drops(const struct hep_reader *r);

#endif
