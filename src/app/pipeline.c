/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * pipeline.c - the sources in the order given, one decoder, one store.
 * Files are read one after the other and a live interface last; frame
 * numbers count every packet read, 1-based, across all sources in that
 * order (so the second file's first packet follows the first file's last).
 */
#include <grp.h>
#include <malloc.h>
#include <sys/time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/pipeline.h"
#include "base/threads.h"
#include "net/capture.h"
#include "net/decode.h"
#include "net/hep.h"
#include "net/heporder.h"
#include "net/hepreader.h"
#include "net/hepsend.h"
#include "net/hepsock.h"
#include "sip/sipparse.h"
#include "store/store.h"

#define MAX_SOURCES 64
#define MAX_WARNINGS 64
#define HEP_QUEUE_BYTES ((size_t)64 << 20)   /* as a live interface's (net/capture.c) */

struct source {
	struct capture *cap;         /* a pcap source, or */
	struct hep_socket *hep;      /* a --hep-listen socket */
	struct hep_reader *hep_rd;   /* its reader thread, once started; NULL: read here */
	bool hep_rd_tried;           /* started (or failed to start) once */
	bool hep_stopped;            /* pipeline_stop_live: no more is read from it */
	uint16_t store_index;
	bool finished;
};

struct pipeline {
	struct store *st;
	struct decoder *dec;
	struct sip_batch *batch;     /* parallel parse, NULL for one thread */
	struct source src[MAX_SOURCES];
	size_t nsrc, current;
	uint32_t frame;
	uint64_t filtered;           /* file packets the BPF filter rejected */
	char *warnings[MAX_WARNINGS];
	size_t nwarnings;
	size_t snap_warning;         /* 1 + index of the snaplen warning, 0: none yet */
	unsigned hep_port;           /* named with --hep-port, 0 if not */
	struct hep_sender *mirror;   /* --hep-send, NULL if not */
	size_t mirrored;             /* messages sent to it so far */
	bool hep_warned;
};

static bool source_live(const struct source *s)
{
	return s->hep || capture_is_live(s->cap);
}

struct pipeline *pipeline_new(struct store *st)
{
	struct pipeline *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->st = st;
	p->dec = decoder_new(st);
	if (!p->dec) {
		free(p);
		return NULL;
	}
	/* NULL (parse inline) with TRUNKDOC_THREADS=1 or without a thread */
	p->batch = sip_batch_new(st, threads_wanted());
	return p;
}

void pipeline_free(struct pipeline *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nsrc; i++) {
		capture_close(p->src[i].cap);
		hep_reader_free(p->src[i].hep_rd);    /* the thread first: it reads the socket */
		hep_socket_close(p->src[i].hep);
	}
	for (size_t i = 0; i < p->nwarnings; i++)
		free(p->warnings[i]);
	decoder_free(p->dec);
	sip_batch_free(p->batch);
	hep_sender_close(p->mirror);
	free(p);
}

static void warn(struct pipeline *p, const char *msg)
{
	if (p->nwarnings < MAX_WARNINGS) {
		char *w = strdup(msg);
		if (w)
			p->warnings[p->nwarnings++] = w;
	}
}

static bool add_source(struct pipeline *p, struct capture *c, char *err, size_t errlen)
{
	if (p->nsrc == MAX_SOURCES) {
		snprintf(err, errlen, "%s: too many sources (at most %d)", capture_name(c), MAX_SOURCES);
		capture_close(c);
		return false;
	}
	struct source *s = &p->src[p->nsrc++];
	s->cap = c;
	s->store_index = store_add_source(p->st, capture_name(c), capture_is_live(c),
	                                  capture_take_reread_fd(c));
	return true;
}

void pipeline_set_hep(struct pipeline *p, unsigned port, const char *key, size_t key_len)
{
	p->hep_port = port;
	decoder_set_hep(p->dec, (uint16_t)(port ? port : HEP_DEFAULT_PORT), key, key_len);
}

bool pipeline_hep_send(struct pipeline *p, const char *spec, uint32_t capture_id, const char *key,
                       char *err, size_t errlen)
{
	hep_sender_close(p->mirror);
	p->mirror = hep_sender_open(spec, capture_id, key, err, errlen);
	return p->mirror != NULL;
}

/* Every message committed since the last call, to the collector, with its
 * own addresses and time, re-read from where the store keeps its bytes. */
static void mirror_new(struct pipeline *p)
{
	if (!p->mirror)
		return;
	static char buf[SIP_MSG_MAX + 1];
	size_t n = store_msg_count(p->st);
	for (; p->mirrored < n; p->mirrored++) {
		const struct sip_msg *m = store_msg(p->st, (uint32_t)p->mirrored);
		long len = store_msg_bytes(p->st, m, buf, sizeof buf);
		if (len <= 0)
			continue;
		const struct sip_hdrset *h = store_msg_hdr(p->st, m);
		hep_sender_send(p->mirror, store_ep(p->st, h->src), store_ep(p->st, h->dst), m->transport,
		                m->time, buf, (size_t)len);
	}
}

void pipeline_store_rebuilt(struct pipeline *p)
{
	/* every message in the rebuilt store was mirrored before it */
	p->mirrored = store_msg_count(p->st);
}

uint64_t pipeline_hep_sent(const struct pipeline *p)
{
	return p->mirror ? hep_sender_sent(p->mirror) : 0;
}

bool pipeline_add_hep_listen(struct pipeline *p, const char *spec, char *err, size_t errlen)
{
	if (p->nsrc == MAX_SOURCES) {
		snprintf(err, errlen, "%s: too many sources (at most %d)", spec, MAX_SOURCES);
		return false;
	}
	struct hep_socket *h = hep_socket_open(spec, err, errlen);
	if (!h)
		return false;
	char name[300];
	snprintf(name, sizeof name, "hep:%s", spec);
	struct source *s = &p->src[p->nsrc++];
	s->hep = h;
	s->store_index = store_add_source(p->st, name, true, -1);
	return true;
}

bool pipeline_add_file(struct pipeline *p, const char *path, char *err, size_t errlen)
{
	struct capture *c = capture_open_file(path, err, errlen);
	return c && add_source(p, c, err, errlen);
}

bool pipeline_add_live(struct pipeline *p, const char *iface, const char *filter,
                       char *err, size_t errlen)
{
	const char *ssh = getenv("SSH_CONNECTION");
	bool is_default = !filter || filter == capture_live_filter ||
	                  !strcmp(filter, capture_live_filter);
	size_t (*build)(char *, size_t, const char *, const char *) =
		is_default ? capture_default_filter : capture_guard_filter;
	const char *base = is_default ? capture_live_filter : filter;
	/* a named HEP port joins the default filter (HEP3 is also matched by
	 * its magic on any UDP port) */
	char with_hep[1024];
	if (is_default && p->hep_port) {
		snprintf(with_hep, sizeof with_hep, "%s or port %u or udp[8:4] = 0x48455033",
		         capture_live_filter, p->hep_port);
		base = with_hep;
	}
	size_t need = 1 + build(NULL, 0, base, ssh);
	char *guarded = malloc(need);
	if (!guarded) {
		snprintf(err, errlen, "%s: out of memory", iface);
		return false;
	}
	build(guarded, need, base, ssh);
	struct capture *c = capture_open_live(iface, guarded, err, errlen);
	free(guarded);
	return c && add_source(p, c, err, errlen);
}

bool pipeline_filter_files(struct pipeline *p, const char *filter, char *err, size_t errlen)
{
	for (size_t i = 0; i < p->nsrc; i++)
		if (!capture_filter_file(p->src[i].cap, filter, err, errlen))
			return false;
	return true;
}

uint64_t pipeline_filtered(const struct pipeline *p)
{
	return p->filtered;
}

bool pipeline_dump_live(struct pipeline *p, const char *path, char *err, size_t errlen)
{
	for (size_t i = 0; i < p->nsrc; i++)
		if (capture_is_live(p->src[i].cap))
			return capture_dump_to(p->src[i].cap, path, err, errlen);
	snprintf(err, errlen, "no live capture to write to %s", path);
	return false;
}

bool pipeline_dump_file(struct pipeline *p, const char *path, char *err, size_t errlen)
{
	struct capture *one = NULL;
	size_t files = 0;
	for (size_t i = 0; i < p->nsrc; i++)
		if (p->src[i].cap && !capture_is_live(p->src[i].cap)) {
			one = p->src[i].cap;
			files++;
		}
	if (files == 1)
		return capture_dump_to(one, path, err, errlen);
	if (files > 1)
		snprintf(err, errlen, "-O writes one capture, not %zu files: merge them first "
		         "(mergecap -w all.pcap FILE...)", files);
	else
		snprintf(err, errlen, "no capture file to write to %s", path);
	return false;
}

void pipeline_dump_flush(struct pipeline *p)
{
	for (size_t i = 0; i < p->nsrc; i++)
		capture_dump_flush(p->src[i].cap);
}

bool pipeline_drop_privileges(char *err, size_t errlen)
{
	const char *su = getenv("SUDO_UID"), *sg = getenv("SUDO_GID");
	if (geteuid() != 0 || !su || !sg)
		return true;
	char *end;
	unsigned long uid = strtoul(su, &end, 10);
	if (*end || end == su) {
		snprintf(err, errlen, "cannot drop root privileges: SUDO_UID is not a number");
		return false;
	}
	unsigned long gid = strtoul(sg, &end, 10);
	if (*end || end == sg) {
		snprintf(err, errlen, "cannot drop root privileges: SUDO_GID is not a number");
		return false;
	}
	if (uid == 0)
		return true;              /* sudo from root: nothing to drop to */
	gid_t g = (gid_t)gid;
	if (setgroups(1, &g) != 0 || setgid(g) != 0 || setuid((uid_t)uid) != 0) {
		snprintf(err, errlen, "cannot drop root privileges to uid %lu", uid);
		return false;
	}
	/* verify: no way back to root */
	if (getuid() != (uid_t)uid || geteuid() != (uid_t)uid || getgid() != g ||
	    getegid() != g || setuid(0) == 0) {
		snprintf(err, errlen, "dropping root privileges did not hold");
		return false;
	}
	return true;
}

/* A --hep-listen socket is read by a thread of its own (net/hepreader.h),
 * started at the first read, after the caller dropped its privileges;
 * with TRUNKDOC_THREADS=1 or no thread to be had it is read here. */
static int hep_next(struct source *s, struct hep_datagram *hd)
{
	if (!s->hep_rd_tried && !s->hep_stopped) {
		s->hep_rd_tried = true;
		if (threads_wanted() > 1)
			s->hep_rd = hep_reader_start(s->hep, HEP_QUEUE_BYTES);
	}
	if (s->hep_rd)
		return hep_reader_next(s->hep_rd, hd);
	return s->hep_stopped ? 0 : hep_socket_next(s->hep, hd);
}

/* Reads up to budget packets from the current source onward. */
enum pipe_status pipeline_step(struct pipeline *p, size_t max_packets)
{
	size_t done = 0;
	bool live_idle = false;
	usec_t arrived = 0;          /* when the last live packet taken arrived */

	while (done < max_packets && p->current < p->nsrc) {
		struct source *s = &p->src[p->current];
		if (s->hep) {
			struct hep_datagram hd;
			int r = hep_next(s, &hd);
			if (r > 0) {
				struct packet pkt = {
					.time = hd.time, .frame = ++p->frame, .data = hd.data,
					.caplen = (uint32_t)hd.len, .wire_len = (uint32_t)hd.len,
					.source = s->store_index,
				};
				if (hd.bad)      /* a broken stretch of a HEP stream: counted, named */
					decode_hep_broken(p->dec, &pkt, hd.bad);
				else
					decode_hep_packet(p->dec, &pkt, &hd.agent);
				arrived = hd.time;
				done++;
				continue;
			}
			if (r == 0) {
				live_idle = true;
				break;
			}
			char w[512];
			snprintf(w, sizeof w, "%s: receive failed, stopped reading it", hep_socket_name(s->hep));
			warn(p, w);
			s->finished = true;
			p->current++;
			continue;
		}
		struct captured cp;
		enum capture_status cs = capture_next(s->cap, &cp);
		if (cs == CAP_PACKET && cp.filtered_out) {
			++p->frame;           /* numbered as in the file, not decoded */
			p->filtered++;
			done++;
			continue;
		}
		if (cs == CAP_PACKET) {
			struct packet pkt = {
				.time = cp.time, .frame = ++p->frame, .data = cp.data,
				.caplen = cp.caplen, .wire_len = cp.wire_len,
				.source = s->store_index, .in_file = cp.in_file, .file_off = cp.file_off,
			};
			decode_packet(p->dec, capture_linktype(s->cap), &pkt);
			if (capture_is_live(s->cap))
				arrived = cp.time;
			done++;
			continue;
		}
		if (cs == CAP_NONE) {
			live_idle = true;
			break;
		}
		if (cs == CAP_ERROR)
			warn(p, capture_error(s->cap));
		if (capture_bad_times(s->cap)) {
			char msg[1024];
			snprintf(msg, sizeof msg,
			         "%s: %llu packets had an impossible timestamp (before 1970 or after 9999); "
			         "each was given the time of the packet before it",
			         capture_name(s->cap), (unsigned long long)capture_bad_times(s->cap));
			warn(p, msg);
		}
		s->finished = true;
		p->current++;
	}
	/* live: HEP messages held for their order go when the collector's
	 * clock says they have waited the window (a busy interface may carry
	 * no HEP).  That clock is the wall clock once the reader's queue is
	 * empty; while a backlog is read it is the arrival time of the last
	 * packet taken, so a message held for the one it answers is not let
	 * go while that one still waits in the queue behind it */
	if (p->current < p->nsrc && source_live(&p->src[p->current]) && decoder_held(p->dec)) {
		usec_t now = arrived;
		if (live_idle) {
			struct timeval tv;
			gettimeofday(&tv, NULL);
			now = (usec_t)tv.tv_sec * 1000000 + tv.tv_usec;
		}
		if (now)
			decoder_tick(p->dec, now);
	}
	/* the caller reads the store next (TUI, --until-verdict): nothing may
	 * stay queued, whatever the status (but the HEP messages held for
	 * their order, above) */
	sip_batch_flush(p->batch);
	mirror_new(p);
	for (size_t i = 0; i < p->nsrc; i++) {
		struct capture_stats *cs = store_stats(p->st);
		if (p->src[i].hep_rd) {
			cs->dropped = hep_reader_kernel_drops(p->src[i].hep_rd);
			cs->queue_dropped = hep_reader_queue_drops(p->src[i].hep_rd);
		} else if (p->src[i].hep) {
			cs->dropped = hep_socket_dropped(p->src[i].hep);
		} else if (capture_is_live(p->src[i].cap)) {
			cs->dropped = capture_dropped(p->src[i].cap);
			cs->queue_dropped = capture_queue_dropped(p->src[i].cap);
		}
	}
	if (p->current >= p->nsrc)
		return PIPE_DONE;
	return live_idle ? PIPE_IDLE : PIPE_MORE;
}

void pipeline_stop_live(struct pipeline *p)
{
	for (size_t i = 0; i < p->nsrc; i++)
		if (p->src[i].cap) {
			capture_stop_reader(p->src[i].cap);
		} else {
			/* what its thread queued is still read, then nothing */
			hep_reader_stop(p->src[i].hep_rd);
			p->src[i].hep_stopped = true;
		}
}

int pipeline_fd(const struct pipeline *p)
{
	for (size_t i = 0; i < p->nsrc; i++)
		if (p->src[i].hep)
			return p->src[i].hep_rd ? hep_reader_fd(p->src[i].hep_rd) : hep_socket_fd(p->src[i].hep);
		else if (capture_is_live(p->src[i].cap))
			return capture_selectable_fd(p->src[i].cap);
	return -1;
}

int pipeline_poll_ms(const struct pipeline *p, int timeout_ms)
{
	int due = HEP_ORDER_WINDOW / 1000 + 1;
	return decoder_held(p->dec) && due < timeout_ms ? due : timeout_ms;
}

double pipeline_progress(const struct pipeline *p)
{
	uint64_t total = 0, pos = 0;
	bool any_live = false;
	for (size_t i = 0; i < p->nsrc; i++) {
		if (source_live(&p->src[i])) {
			any_live = true;
			continue;
		}
		uint64_t size = capture_size(p->src[i].cap);
		total += size;
		pos += p->src[i].finished ? size : capture_position(p->src[i].cap);
	}
	if (total == 0)
		return (any_live || p->current >= p->nsrc) ? 1.0 : 0.0;
	double f = (double)pos / (double)total;
	return f > 1.0 ? 1.0 : f;
}

/* A capture taken with a short snapshot length (tcpdump -s 100) holds the
 * start of each packet only: SIP messages lose their later headers, and
 * nothing else says so (no message is malformed, the fields are simply
 * not there).  One warning, kept up to date at each flush. */
static void warn_snaplen(struct pipeline *p)
{
	const struct capture_stats *cs = store_stats_c(p->st);
	if (!cs->snap_cut)
		return;
	char msg[512];
	snprintf(msg, sizeof msg,
	         "%llu of %llu packets were cut by the capture's snapshot length (snaplen) and "
	         "%llu SIP messages are incomplete: what they lack is unknown, and no check judges "
	         "from them; capture again with the full length (tcpdump -s 0)",
	         (unsigned long long)cs->snap_cut, (unsigned long long)cs->packets,
	         (unsigned long long)cs->truncated);
	if (p->snap_warning) {
		char *w = strdup(msg);
		if (w) {
			free(p->warnings[p->snap_warning - 1]);
			p->warnings[p->snap_warning - 1] = w;
		}
		return;
	}
	warn(p, msg);
	if (p->nwarnings && !strcmp(p->warnings[p->nwarnings - 1], msg))
		p->snap_warning = p->nwarnings;
}

/* What went wrong with HEP, once, in the warnings: malformed packets by
 * the first one's frame and fault, refused ones by their key. */
static void hep_warnings(struct pipeline *p)
{
	const struct capture_stats *cs = store_stats_c(p->st);
	char w[512];
	if (p->hep_warned)
		return;
	p->hep_warned = true;
	if (cs->hep_malformed) {
		snprintf(w, sizeof w, "HEP: %llu malformed packet%s skipped (first at frame %u: %s)",
		         (unsigned long long)cs->hep_malformed, cs->hep_malformed == 1 ? "" : "s",
		         cs->hep_first_bad_frame, cs->hep_bad_why ? cs->hep_bad_why : "?");
		warn(p, w);
	}
	if (cs->hep_refused) {
		snprintf(w, sizeof w, "HEP: %llu packet%s refused: wrong or missing authentication key (--hep-password)",
		         (unsigned long long)cs->hep_refused, cs->hep_refused == 1 ? "" : "s");
		warn(p, w);
	}
	if (p->mirror && hep_sender_failed(p->mirror)) {
		snprintf(w, sizeof w, "HEP: %llu message%s could not be sent to the collector (--hep-send)",
		         (unsigned long long)hep_sender_failed(p->mirror),
		         hep_sender_failed(p->mirror) == 1 ? "" : "s");
		warn(p, w);
	}
	if (cs->dropped && p->nsrc && p->src[p->nsrc - 1].hep) {
		snprintf(w, sizeof w, "HEP: the kernel dropped %u datagram%s (receive buffer full)",
		         cs->dropped, cs->dropped == 1 ? "" : "s");
		warn(p, w);
	}
	if (cs->queue_dropped && p->nsrc && p->src[p->nsrc - 1].hep) {
		snprintf(w, sizeof w, "HEP: %llu packet%s dropped by trunkdoc: its queue was full (the parse did not keep up)",
		         (unsigned long long)cs->queue_dropped, cs->queue_dropped == 1 ? "" : "s");
		warn(p, w);
	}
}

void pipeline_flush(struct pipeline *p)
{
	decoder_flush(p->dec);
	sip_batch_flush(p->batch);
	warn_snaplen(p);
	mirror_new(p);
	hep_warnings(p);
}

void pipeline_end_parsing(struct pipeline *p)
{
	sip_batch_free(p->batch);     /* parses what it still holds first */
	p->batch = NULL;
	/* the worker's malloc arena (libosip2's trees) and the batches */
	malloc_trim(0);
}

size_t pipeline_warning_count(const struct pipeline *p)
{
	return p->nwarnings;
}

const char *pipeline_warning(const struct pipeline *p, size_t i)
{
	return i < p->nwarnings ? p->warnings[i] : "";
}
