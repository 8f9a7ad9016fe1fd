/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_decode_robust.c - hostile input through the whole input half:
 *   1. every capture in $SHARED_CAPTURES through the pipeline (real SIP
 *      layer and store), counts printed for the tshark comparison;
 *   2. packets of those captures with random bytes changed, frames of pure
 *      noise on every link type, and random payloads inside valid IPv4 +
 *      UDP/TCP headers (DNS, GTP-U, VXLAN, SIP and TLS ports), through the
 *      decoder.
 * Passing means: no sanitizer report, no crash, counters consistent.
 * DECODE_FUZZ_SEED=N changes the random choices for a longer hunt by hand.
 * Without the captures folder, part 1 is skipped by name and part 2 runs on
 * frames built here.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "decode_pkt.h"
#include "app/pipeline.h"
#include "net/capture.h"
#include "net/decode.h"
#include "sip/sipparse.h"
#include "store/store.h"

#define MUTATED_PER_FILE 400
#define NOISE_FRAMES 3000

static unsigned rng_state = 12345;
static unsigned rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static bool is_capture_name(const char *n)
{
	return n[0] != '.' && strcmp(n, "INDEX.md") && !strstr(n, ".md");
}

static void run_file(const char *dir, const char *name)
{
	char path[1024], err[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	struct store *st = store_new();
	struct pipeline *p = pipeline_new(st);
	if (!pipeline_add_file(p, path, err, sizeof err)) {
		printf("# %s: not opened: %s\n", name, err);
		CHECK(err[0] != '\0');
	} else {
		while (pipeline_step(p, 1000) != PIPE_DONE)
			;
		pipeline_flush(p);
		const struct capture_stats *cs = store_stats_c(st);
		printf("# %s: packets %llu sip %zu undecodable %llu non_sip %llu dns %zu icmp %zu tcp %zu tls %zu frag %zu warnings %zu\n",
		       name, (unsigned long long)cs->packets, store_msg_count(st),
		       (unsigned long long)cs->undecodable, (unsigned long long)cs->non_sip,
		       store_dns_count(st), store_icmp_count(st), store_tcp_count(st),
		       store_tls_count(st), store_frag_count(st), pipeline_warning_count(p));
		for (size_t i = 0; i < pipeline_warning_count(p); i++)
			printf("#   warning: %s\n", pipeline_warning(p, i));
		/* every message re-reads from where the decoder said it is */
		size_t in_file = 0, bad = 0;
		for (size_t i = 0; i < store_msg_count(st); i++) {
			const struct sip_msg *m = store_msg(st, i);
			static char buf[SIP_MSG_MAX];
			long got = store_msg_raw(st, (uint32_t)i, buf, sizeof buf);
			in_file += raw_unpack(m->raw_at, m->wire_len).where == RAW_FILE;
			if (got <= 0 || (!(m->flags & (MF_JUNK_BEFORE | MF_MALFORMED)) &&
			                 !sip_is_start_line(buf, (size_t)got)))
				bad++;
		}
		printf("#   %zu of %zu messages by file offset, %zu unreadable\n",
		       in_file, store_msg_count(st), bad);
		CHECK_EQ_INT(bad, 0);
		CHECK(cs->packets > 0);
		CHECK(cs->undecodable + cs->non_sip <= cs->packets);
		CHECK(pipeline_progress(p) == 1.0);
	}
	pipeline_free(p);
	store_free(st);
}

static void mutate_file(const char *dir, const char *name, struct decoder *dec, uint32_t *frame)
{
	char path[1024], err[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	struct capture *c = capture_open_file(path, err, sizeof err);
	if (!c)
		return;
	struct captured cp;
	uint8_t buf[65536];
	int done = 0;
	while (done < MUTATED_PER_FILE && capture_next(c, &cp) == CAP_PACKET) {
		size_t len = cp.caplen < sizeof buf ? cp.caplen : sizeof buf;
		memcpy(buf, cp.data, len);
		unsigned flips = 1 + rng() % 8;
		for (unsigned i = 0; i < flips && len; i++)
			buf[rng() % len] = (uint8_t)rng();
		if (rng() % 4 == 0 && len)
			len = rng() % len;        /* and sometimes cut it short */
		struct packet pkt = {
			.time = cp.time, .frame = ++*frame, .data = buf,
			.caplen = (uint32_t)len, .wire_len = cp.wire_len,
		};
		decode_packet(dec, capture_linktype(c), &pkt);
		done++;
	}
	capture_close(c);
}

static void noise(struct decoder *dec, uint32_t *frame)
{
	static const int links[] = { 0, 1, 9, 12, 108, 113, 228, 229, 276 };
	uint8_t buf[1600];
	for (int i = 0; i < NOISE_FRAMES; i++) {
		size_t len = rng() % sizeof buf;
		for (size_t j = 0; j < len; j++)
			buf[j] = (uint8_t)rng();
		/* give some frames a plausible start so deeper layers are reached */
		if (len > 40 && i % 3 == 0) {
			buf[12] = 0x08; buf[13] = 0x00; buf[14] = 0x45;
		}
		if (len > 60 && i % 3 == 1) {
			buf[0] = i % 2 ? 0x45 : 0x60;
			buf[9] = (uint8_t)(i % 5 == 0 ? 17 : i % 5 == 1 ? 6 : i % 5 == 2 ? 47 : i % 5 == 3 ? 4 : 1);
			buf[6] = (uint8_t)(i % 7 == 0 ? 0x20 : 0);
		}
		struct packet pkt = {
			.time = 1000000LL * i, .frame = ++*frame, .data = buf, .caplen = (uint32_t)len,
			.wire_len = (uint32_t)len,
		};
		decode_packet(dec, links[rng() % (sizeof links / sizeof *links)], &pkt);
	}
}

/* Valid IPv4 + UDP/TCP headers around random payloads, so the DNS parser,
 * the tunnel decoders, the TCP reassembly and the TLS walker get noise. */
static void structured_noise(struct decoder *dec, uint32_t *frame)
{
	static const uint16_t udp_ports[] = { 53, 2152, 4789, 5060, 40000 };
	static const uint16_t tcp_ports[] = { 5060, 5061 };
	uint8_t pl[1400], f[1500];
	for (int i = 0; i < NOISE_FRAMES; i++) {
		size_t len = rng() % sizeof pl;
		for (size_t j = 0; j < len; j++)
			pl[j] = (uint8_t)rng();
		if (len > 8 && i % 5 == 0)
			memcpy(pl, "\x16\x03\x01", 3);        /* TLS-looking start */
		if (len > 12 && i % 7 == 0)
			memcpy(pl, "SIP/2.0 200 OK\r\n", len < 17 ? len : 17);
		size_t n;
		uint16_t port;
		if (i % 2) {
			port = udp_ports[rng() % 5];
			n = ip4_udp(f, A4, B4, (uint16_t)(1024 + rng() % 4), port, pl, len);
		} else {
			port = tcp_ports[rng() % 2];
			/* a few connections, sequence numbers near each other */
			n = ip4_tcp(f, A4, B4, (uint16_t)(30000 + rng() % 3), port,
			            1000 + rng() % 4000, (uint8_t)(rng() % 32), pl, len);
		}
		struct packet pkt = {
			.time = 1000LL * i, .frame = ++*frame, .data = f, .caplen = (uint32_t)n,
			.wire_len = (uint32_t)n,
		};
		decode_packet(dec, LINK_RAW, &pkt);
	}
}

int main(void)
{
	const char *dir = getenv("SHARED_CAPTURES");
	const char *seed = getenv("DECODE_FUZZ_SEED");   /* for longer runs by hand */
	if (seed)
		rng_state = (unsigned)strtoul(seed, NULL, 10);
	sipparse_init();

	DIR *d = dir ? opendir(dir) : NULL;
	struct store *st = store_new();
	struct decoder *dec = decoder_new(st);
	uint32_t frame = 0;
	if (!d) {
		printf("# SKIP: captures: %s not found; real-capture part skipped\n",
		       dir ? dir : "$SHARED_CAPTURES");
	} else {
		struct dirent *e;
		char *names[256];
		size_t n = 0;
		while ((e = readdir(d)) && n < 256)
			if (is_capture_name(e->d_name))
				names[n++] = strdup(e->d_name);
		closedir(d);
		for (size_t i = 0; i < n; i++) {
			run_file(dir, names[i]);
			mutate_file(dir, names[i], dec, &frame);
			free(names[i]);
		}
	}
	noise(dec, &frame);
	structured_noise(dec, &frame);
	decoder_flush(dec);
	const struct capture_stats *cs = store_stats_c(st);
	printf("# mutated and noise frames: %llu, undecodable %llu\n",
	       (unsigned long long)cs->packets, (unsigned long long)cs->undecodable);
	CHECK_EQ_INT(cs->packets, frame);
	CHECK(cs->undecodable > 0);
	decoder_free(dec);
	store_free(st);
	return test_done();
}
