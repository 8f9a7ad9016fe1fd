/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_capture.c - file sources: packet offsets in classic pcap and pcapng
 * (checked by re-reading the bytes), a truncated file's warning and byte
 * offset, the errors for mixed link types, NetMon and missing files, and the
 * live filter text (SSH session exclusion, compiled by libpcap).
 */
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"
#include "app/pipeline.h"
#include "net/capture.h"

static char dir[] = "/tmp/test_capture.XXXXXX";

static const char *path_of(const char *name)
{
	static char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

static void frame_bytes(uint8_t *b, size_t n, int seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(seed * 31 + i * 7);
}

/* Every packet's offset points at its own bytes in the file. */
static int check_offsets(const char *path, int expect_packets, bool expect_in_file)
{
	char err[512];
	struct capture *c = capture_open_file(path, err, sizeof err);
	CHECK(c != NULL);
	if (!c) {
		printf("# %s\n", err);
		return 0;
	}
	int fd = open(path, O_RDONLY);
	int n = 0, good = 0;
	struct captured cp;
	while (capture_next(c, &cp) == CAP_PACKET) {
		n++;
		uint8_t buf[2048];
		if (cp.in_file && pread(fd, buf, cp.caplen, (off_t)cp.file_off) == (ssize_t)cp.caplen &&
		    !memcmp(buf, cp.data, cp.caplen))
			good++;
	}
	CHECK_EQ_INT(n, expect_packets);
	CHECK_EQ_INT(good, expect_in_file ? expect_packets : 0);
	CHECK(capture_position(c) == capture_size(c));
	int rfd = capture_take_reread_fd(c);
	CHECK(rfd >= 0);
	close(rfd);
	close(fd);
	capture_close(c);
	return n;
}

static void test_classic_and_truncated(void)
{
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	pcap_dumper_t *dump = pcap_dump_open(dead, path_of("a.pcap"));
	uint8_t b[300];
	for (int i = 0; i < 3; i++) {
		struct pcap_pkthdr h = { .ts = { 1000 + i, 5 }, .caplen = 100 + i * 50, .len = 100 + i * 50 };
		frame_bytes(b, h.caplen, i);
		pcap_dump((u_char *)dump, &h, b);
	}
	pcap_dump_close(dump);
	pcap_close(dead);
	check_offsets(path_of("a.pcap"), 3, true);

	/* cut inside the third record: 24 + (16+100) + (16+150) = 306 */
	FILE *in = fopen(path_of("a.pcap"), "rb"), *out = fopen(path_of("cut.pcap"), "wb");
	char buf[1024];
	size_t n = fread(buf, 1, sizeof buf, in);
	CHECK(n > 330);
	fwrite(buf, 1, 330, out);
	fclose(in);
	fclose(out);
	char err[512];
	struct capture *c = capture_open_file(path_of("cut.pcap"), err, sizeof err);
	CHECK(c != NULL);
	struct captured cp;
	int packets = 0;
	enum capture_status s;
	while ((s = capture_next(c, &cp)) == CAP_PACKET)
		packets++;
	CHECK_EQ_INT(packets, 2);
	CHECK_EQ_INT(s, CAP_ERROR);
	printf("# %s\n", capture_error(c));
	CHECK(strstr(capture_error(c), "cut.pcap") != NULL);
	CHECK(strstr(capture_error(c), "at byte 306") != NULL);
	capture_close(c);
}

/* A record longer than the file's snapshot length: libpcap shortens its
 * caplen, so its offset cannot be derived; the packets around it keep
 * theirs. */
static void test_classic_over_snaplen(void)
{
	uint8_t f[1024];
	size_t n = 0;
	uint32_t hdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 100, 1 };
	memcpy(f, hdr, 24);
	n = 24;
	uint32_t lens[3] = { 50, 150, 60 };
	for (int i = 0; i < 3; i++) {
		uint32_t rec[4] = { 1000, 0, lens[i], lens[i] };
		memcpy(f + n, rec, 16);
		n += 16;
		frame_bytes(f + n, lens[i], i + 10);
		n += lens[i];
	}
	FILE *out = fopen(path_of("snap.pcap"), "wb");
	fwrite(f, 1, n, out);
	fclose(out);
	char err[512];
	struct capture *c = capture_open_file(path_of("snap.pcap"), err, sizeof err);
	CHECK(c != NULL);
	if (!c)
		return;
	struct captured cp;
	CHECK_EQ_INT(capture_next(c, &cp), CAP_PACKET);
	CHECK(cp.in_file && cp.file_off == 24 + 16);
	CHECK_EQ_INT(capture_next(c, &cp), CAP_PACKET);
	CHECK_EQ_INT(cp.caplen, 100);
	CHECK(!cp.in_file);
	CHECK_EQ_INT(capture_next(c, &cp), CAP_PACKET);
	CHECK(cp.in_file && cp.file_off == 24 + 16 + 50 + 16 + 150 + 16);
	CHECK_EQ_INT(capture_next(c, &cp), CAP_END);
	capture_close(c);
}

struct ng { uint8_t b[4096]; size_t n; };
static void le32(struct ng *g, uint32_t v) { memcpy(g->b + g->n, &v, 4); g->n += 4; }
static void le16(struct ng *g, uint16_t v) { memcpy(g->b + g->n, &v, 2); g->n += 2; }
static void shb(struct ng *g)
{
	le32(g, 0x0A0D0D0A); le32(g, 28); le32(g, 0x1A2B3C4D); le16(g, 1); le16(g, 0);
	le32(g, 0xFFFFFFFF); le32(g, 0xFFFFFFFF); le32(g, 28);
}
static void idb(struct ng *g, uint16_t link)
{
	le32(g, 1); le32(g, 20); le16(g, link); le16(g, 0); le32(g, 0); le32(g, 20);
}
static void epb_opt(struct ng *g, uint32_t ifc, const uint8_t *d, uint32_t len, bool comment)
{
	uint32_t pad = (4 - len % 4) % 4, total = 32 + len + pad + (comment ? 12 : 0);
	le32(g, 6); le32(g, total); le32(g, ifc); le32(g, 0); le32(g, 1000);
	le32(g, len); le32(g, len);
	memcpy(g->b + g->n, d, len); g->n += len;
	memset(g->b + g->n, 0, pad); g->n += pad;
	if (comment) {            /* opt_comment "hi", then opt_endofopt */
		le16(g, 1); le16(g, 2); memcpy(g->b + g->n, "hi\0\0", 4); g->n += 4;
		le16(g, 0); le16(g, 0);
	}
	le32(g, total);
}
static void epb(struct ng *g, uint32_t ifc, const uint8_t *d, uint32_t len)
{
	epb_opt(g, ifc, d, len, false);
}
static void spb(struct ng *g, const uint8_t *d, uint32_t len)
{
	uint32_t pad = (4 - len % 4) % 4, total = 16 + len + pad;
	le32(g, 3); le32(g, total); le32(g, len);
	memcpy(g->b + g->n, d, len); g->n += len;
	memset(g->b + g->n, 0, pad); g->n += pad;
	le32(g, total);
}
static void write_file(const char *name, const void *b, size_t n)
{
	FILE *f = fopen(path_of(name), "wb");
	fwrite(b, 1, n, f);
	fclose(f);
}

static void test_pcapng(void)
{
	struct ng g = { .n = 0 };
	uint8_t d[200];
	shb(&g);
	idb(&g, 1);
	frame_bytes(d, 61, 1);
	epb(&g, 0, d, 61);
	frame_bytes(d, 64, 2);
	spb(&g, d, 64);
	/* a block libpcap skips (name resolution) before the next packet */
	le32(&g, 4); le32(&g, 16); le32(&g, 0); le32(&g, 16);
	frame_bytes(d, 150, 3);
	epb(&g, 0, d, 150);
	frame_bytes(d, 77, 4);
	epb_opt(&g, 0, d, 77, true);          /* options after the data */
	write_file("b.pcapng", g.b, g.n);
	check_offsets(path_of("b.pcapng"), 4, true);

	/* two interfaces with different link types */
	g.n = 0;
	shb(&g);
	idb(&g, 1);
	idb(&g, 113);
	frame_bytes(d, 60, 4);
	epb(&g, 0, d, 60);
	epb(&g, 1, d, 60);
	write_file("mixed.pcapng", g.b, g.n);
	char err[512] = "";
	struct capture *c = capture_open_file(path_of("mixed.pcapng"), err, sizeof err);
	CHECK(c == NULL);              /* refused at open, before any packet */
	printf("# %s\n", err);
	CHECK(strstr(err, "different link types") != NULL);
	CHECK(strstr(err, "tshark") != NULL);
	capture_close(c);

	/* a second interface announced after packets: libpcap stops there,
	 * the packets before it are kept and the same advice is the warning */
	g.n = 0;
	shb(&g);
	idb(&g, 1);
	epb(&g, 0, d, 60);
	epb(&g, 0, d, 60);
	idb(&g, 113);
	epb(&g, 1, d, 60);
	write_file("late.pcapng", g.b, g.n);
	c = capture_open_file(path_of("late.pcapng"), err, sizeof err);
	CHECK(c != NULL);
	if (c) {
		struct captured cp;
		int packets = 0;
		while (capture_next(c, &cp) == CAP_PACKET)
			packets++;
		CHECK_EQ_INT(packets, 2);
		printf("# %s\n", capture_error(c));
		CHECK(strstr(capture_error(c), "different link types") != NULL);
		capture_close(c);
	}
}

/* An interface counting whole seconds (if_tsresol 0) and a packet whose
 * count of seconds is near 2^64: libpcap hands over any time_t, and
 * seconds * 10^6 overflowed (UBSan; the release build said year -9401).
 * The impossible packet takes the time of the one before it and is
 * counted; the packets around it keep theirs. */
static void epb_at(struct ng *g, uint64_t ts, const uint8_t *d, uint32_t len)
{
	uint32_t pad = (4 - len % 4) % 4, total = 32 + len + pad;
	le32(g, 6); le32(g, total); le32(g, 0); le32(g, (uint32_t)(ts >> 32)); le32(g, (uint32_t)ts);
	le32(g, len); le32(g, len);
	memcpy(g->b + g->n, d, len); g->n += len;
	memset(g->b + g->n, 0, pad); g->n += pad;
	le32(g, total);
}

static void test_impossible_times(void)
{
	struct ng g = { .n = 0 };
	uint8_t d[64];
	shb(&g);
	/* IDB: Ethernet, snaplen 0, if_tsresol (9) = 0: seconds */
	le32(&g, 1); le32(&g, 32); le16(&g, 1); le16(&g, 0); le32(&g, 0);
	le16(&g, 9); le16(&g, 1); le32(&g, 0); le16(&g, 0); le16(&g, 0);
	le32(&g, 32);
	frame_bytes(d, 60, 5);
	epb_at(&g, 1704067200ULL, d, 60);
	epb_at(&g, 0xFFFFFFFFFFFFFFF0ULL, d, 60);
	epb_at(&g, 0x7FFFFFFFFFFF0000ULL, d, 60);
	epb_at(&g, 1704067201ULL, d, 60);
	write_file("times.pcapng", g.b, g.n);
	char err[512] = "";
	struct capture *c = capture_open_file(path_of("times.pcapng"), err, sizeof err);
	CHECK(c != NULL);
	if (!c)
		return;
	struct captured cp;
	usec_t want[] = { 1704067200000000LL, 1704067200000000LL, 1704067200000000LL,
	                  1704067201000000LL };
	for (size_t i = 0; i < 4; i++) {
		CHECK_EQ_INT(capture_next(c, &cp), CAP_PACKET);
		CHECK(cp.time == want[i]);
	}
	CHECK_EQ_INT(capture_next(c, &cp), CAP_END);
	CHECK_EQ_INT(capture_bad_times(c), 2);
	capture_close(c);
}

static void test_open_errors(void)
{
	char err[512];
	write_file("netmon.cap", "GMBU\x00\x02\x00\x00", 8);
	CHECK(capture_open_file(path_of("netmon.cap"), err, sizeof err) == NULL);
	printf("# %s\n", err);
	CHECK(strstr(err, "netmon.cap") != NULL);
	CHECK(strstr(err, "Network Monitor") != NULL);

	write_file("junk.bin", "hello world, no capture here", 28);
	CHECK(capture_open_file(path_of("junk.bin"), err, sizeof err) == NULL);
	printf("# %s\n", err);
	CHECK(strstr(err, "junk.bin") != NULL);

	CHECK(capture_open_file(path_of("missing.pcap"), err, sizeof err) == NULL);
	CHECK(strstr(err, "missing.pcap") != NULL);

	/* unsupported link type is named */
	pcap_t *dead = pcap_open_dead(DLT_IEEE802_11, 65535);
	pcap_dumper_t *dump = pcap_dump_open(dead, path_of("wifi.pcap"));
	pcap_dump_close(dump);
	pcap_close(dead);
	CHECK(capture_open_file(path_of("wifi.pcap"), err, sizeof err) == NULL);
	printf("# %s\n", err);
	CHECK(strstr(err, "not supported") != NULL);
}

/* On Ethernet, and on the cooked headers "-i any" gives. */
static bool compiles(const char *filter)
{
	static const int links[] = { DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2 };
	bool all = true;
	for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
		pcap_t *dead = pcap_open_dead(links[i], 65535);
		struct bpf_program prog;
		bool ok = pcap_compile(dead, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) == 0;
		if (ok)
			pcap_freecode(&prog);
		else
			printf("# %s: %s\n", filter, pcap_geterr(dead));
		pcap_close(dead);
		all = all && ok;
	}
	return all;
}

static void test_filters(void)
{
	char f[2048];
	capture_default_filter(f, sizeof f, capture_live_filter, NULL);
	CHECK(compiles(f));
	CHECK(strstr(f, "not port 22") != NULL);
	capture_default_filter(f, sizeof f, capture_live_filter, "203.0.113.5 50022 192.0.2.1 2222");
	CHECK(compiles(f));
	CHECK(strstr(f, "host 203.0.113.5 and host 192.0.2.1 and port 50022 and port 2222") != NULL);
	capture_default_filter(f, sizeof f, capture_live_filter, "2001:db8::5 50022 2001:db8::1 22");
	CHECK(compiles(f));
	/* a hostile SSH_CONNECTION never reaches the filter text */
	capture_default_filter(f, sizeof f, capture_live_filter, "1.2.3.4 1 x)or(1 2");
	CHECK(strstr(f, "x)or") == NULL);
	CHECK(compiles(f));
	capture_guard_filter(f, sizeof f, "udp port 5080", "203.0.113.5 50022 192.0.2.1 22");
	CHECK(compiles(f));
	CHECK(strstr(f, "(udp port 5080) and not (host") == f);
	capture_guard_filter(f, sizeof f, "udp port 5080", NULL);
	CHECK_EQ_STR(f, "udp port 5080");
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	test_classic_and_truncated();
	test_classic_over_snaplen();
	test_pcapng();
	test_impossible_times();
	test_open_errors();
	test_filters();
	const char *names[] = { "a.pcap", "cut.pcap", "b.pcapng", "mixed.pcapng", "netmon.cap",
	                        "junk.bin", "wifi.pcap", "snap.pcap", "late.pcapng",
	                        "times.pcapng" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		unlink(path_of(names[i]));
	rmdir(dir);
	return test_done();
}
