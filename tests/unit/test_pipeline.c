/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_pipeline.c - sources end to end with the real SIP layer and store:
 * frame numbers across two files, raw references that re-read the right
 * bytes from the right file, progress while reading in slices, a truncated
 * file's warning, and standard input (bytes copied, nothing to re-read).
 */
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <unistd.h>

#include "testlib.h"
#include "decode_pkt.h"
#include "app/pipeline.h"

static char dir[] = "/tmp/test_pipeline.XXXXXX";

static const char *path_of(const char *name)
{
	static char p[4][256];
	static int i;
	i = (i + 1) % 4;
	snprintf(p[i], sizeof p[i], "%s/%s", dir, name);
	return p[i];
}

static void options_text(char *out, size_t outlen, int n)
{
	snprintf(out, outlen,
	         "OPTIONS sip:carrier@198.51.100.20 SIP/2.0\r\n"
	         "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-%d\r\n"
	         "From: <sip:pbx@192.0.2.10>;tag=%d\r\n"
	         "To: <sip:carrier@198.51.100.20>\r\n"
	         "Call-ID: pipe-%d\r\n"
	         "CSeq: %d OPTIONS\r\n"
	         "Content-Length: 0\r\n\r\n", n, n, n, n);
}

/* count messages: first numbered `first`; link 1 = Ethernet, 276 = SLL2 */
static void write_capture(const char *path, int link, int first, int count)
{
	pcap_t *dead = pcap_open_dead(link, 65535);
	pcap_dumper_t *dump = pcap_dump_open(dead, path);
	for (int i = 0; i < count; i++) {
		uint8_t f[1024];
		char text[512];
		size_t n;
		options_text(text, sizeof text, first + i);
		if (link == DLT_EN10MB) {
			n = eth_hdr(f, 0x0800);
		} else {
			memset(f, 0, 20);
			put16(f, 0x0800);
			n = 20;
		}
		n += ip4_udp(f + n, A4, B4, 5060, 5060, text, strlen(text));
		struct pcap_pkthdr h = { .ts = { 1700000000 + i, 0 }, .caplen = (bpf_u_int32)n,
		                         .len = (bpf_u_int32)n };
		pcap_dump((u_char *)dump, &h, f);
	}
	pcap_dump_close(dump);
	pcap_close(dead);
}

/* The stored message i re-reads as the text of message n. */
static bool rereads_as(struct store *st, uint32_t i, int n)
{
	char want[512], got[512];
	options_text(want, sizeof want, n);
	long len = store_msg_raw(st, i, got, sizeof got);
	return len == (long)strlen(want) && !memcmp(got, want, (size_t)len);
}

static void test_two_files(void)
{
	char err[512];
	write_capture(path_of("a.pcap"), DLT_EN10MB, 1, 3);
	write_capture(path_of("b.pcap"), DLT_LINUX_SLL2, 4, 2);
	struct store *st = store_new();
	struct pipeline *p = pipeline_new(st);
	CHECK(pipeline_add_file(p, path_of("a.pcap"), err, sizeof err));
	CHECK(pipeline_add_file(p, path_of("b.pcap"), err, sizeof err));
	CHECK(pipeline_progress(p) < 0.1);             /* only the file headers read */
	CHECK_EQ_INT(pipeline_step(p, 2), PIPE_MORE);
	double mid = pipeline_progress(p);
	printf("# progress after 2 of 5 packets: %.3f\n", mid);
	CHECK(mid > 0.1 && mid < 0.9);
	while (pipeline_step(p, 1) != PIPE_DONE)
		;
	pipeline_flush(p);
	CHECK(pipeline_progress(p) == 1.0);
	CHECK_EQ_INT(pipeline_warning_count(p), 0);
	CHECK_EQ_INT(store_msg_count(st), 5);
	for (uint32_t i = 0; i < store_msg_count(st) && i < 5; i++) {
		const struct sip_msg *m = store_msg(st, i);
		CHECK_EQ_INT(m->frame, i + 1);              /* global numbering */
		struct raw_ref r = raw_unpack(m->raw_at, m->wire_len);
		CHECK_EQ_INT(r.where, RAW_FILE);
		CHECK_EQ_INT(r.source, i < 3 ? 0 : 1);
		CHECK(rereads_as(st, i, (int)i + 1));
	}
	const struct capture_stats *cs = store_stats_c(st);
	CHECK_EQ_INT(cs->packets, 5);
	CHECK_EQ_INT(cs->non_sip, 0);
	CHECK_EQ_INT(cs->first, 1700000000LL * 1000000);
	CHECK_EQ_INT(cs->last, 1700000002LL * 1000000);
	pipeline_free(p);
	store_free(st);
}

static void test_truncated(void)
{
	char err[512];
	write_capture(path_of("c.pcap"), DLT_EN10MB, 1, 3);
	FILE *in = fopen(path_of("c.pcap"), "rb");
	static uint8_t buf[8192];
	size_t n = fread(buf, 1, sizeof buf, in);
	fclose(in);
	FILE *out = fopen(path_of("cut.pcap"), "wb");
	fwrite(buf, 1, n - 30, out);              /* the third packet loses its tail */
	fclose(out);
	size_t third = n - (n - 24) / 3;          /* records are the same size */

	struct store *st = store_new();
	struct pipeline *p = pipeline_new(st);
	CHECK(pipeline_add_file(p, path_of("cut.pcap"), err, sizeof err));
	while (pipeline_step(p, 100) != PIPE_DONE)
		;
	pipeline_flush(p);
	CHECK_EQ_INT(store_msg_count(st), 2);
	CHECK_EQ_INT(pipeline_warning_count(p), 1);
	char want[64];
	snprintf(want, sizeof want, "at byte %zu", third);
	printf("# %s\n", pipeline_warning(p, 0));
	CHECK(strstr(pipeline_warning(p, 0), want) != NULL);
	CHECK(strstr(pipeline_warning(p, 0), "cut.pcap") != NULL);
	pipeline_free(p);
	store_free(st);
}

static void test_stdin(void)
{
	char err[512];
	write_capture(path_of("d.pcap"), DLT_EN10MB, 7, 2);
	int fd = open(path_of("d.pcap"), O_RDONLY);
	int saved = dup(0);
	dup2(fd, 0);
	close(fd);
	struct store *st = store_new();
	struct pipeline *p = pipeline_new(st);
	CHECK(pipeline_add_file(p, "-", err, sizeof err));
	while (pipeline_step(p, 100) != PIPE_DONE)
		;
	pipeline_flush(p);
	CHECK_EQ_INT(store_msg_count(st), 2);
	for (uint32_t i = 0; i < store_msg_count(st) && i < 2; i++) {
		CHECK(raw_unpack(store_msg(st, i)->raw_at, 0).where != RAW_FILE);   /* nothing to re-read later */
		CHECK(rereads_as(st, i, 7 + (int)i));
	}
	CHECK(pipeline_progress(p) == 1.0);
	pipeline_free(p);
	store_free(st);

	/* damaged input on a pipe: the warning still gives the byte offset */
	fd = open(path_of("cut.pcap"), O_RDONLY);
	dup2(fd, 0);
	close(fd);
	clearerr(stdin);
	st = store_new();
	p = pipeline_new(st);
	CHECK(pipeline_add_file(p, "-", err, sizeof err));
	while (pipeline_step(p, 100) != PIPE_DONE)
		;
	pipeline_flush(p);
	CHECK_EQ_INT(store_msg_count(st), 2);
	CHECK_EQ_INT(pipeline_warning_count(p), 1);
	printf("# %s\n", pipeline_warning(p, 0));
	CHECK(strstr(pipeline_warning(p, 0), "standard input: damaged or truncated at byte") != NULL);
	pipeline_free(p);
	store_free(st);
	dup2(saved, 0);
	close(saved);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	sipparse_init();
	test_two_files();
	test_truncated();
	test_stdin();
	const char *names[] = { "a.pcap", "b.pcap", "c.pcap", "cut.pcap", "d.pcap" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		unlink(path_of(names[i]));
	rmdir(dir);
	return test_done();
}
