/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * capture.c - libpcap file and live sources, and where each packet's bytes
 * are in its file (so the store can re-read SIP text instead of keeping it).
 *
 * A live interface is read by a thread of its own (the reader), which only
 * copies packets from the kernel's ring into a queue (net/pktqueue.h);
 * capture_next() takes them from the queue on the caller's thread, which
 * decodes them.  So the kernel's ring is emptied while the caller draws
 * the screen or runs the checks, and a packet is lost only when the queue
 * itself is full (counted with the kernel's drops).
 *
 *   kernel ring ──> reader thread ──> pktqueue ──> capture_next() ──> decode
 *                   (pcap_dispatch)    (64 MiB at most)  (the loop's thread)
 *                         │ eventfd "packets queued": capture_selectable_fd()
 *
 * The reader starts at the first capture_next() or capture_selectable_fd(),
 * after the caller has opened the -O file and dropped privileges, and
 * touches nothing but the pcap handle, the queue and its counters (the
 * thread itself is net/pktreader.c; the batch it reads is drain_pcap()).
 * TRUNKDOC_THREADS=1 reads on the caller's thread, as before.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/threads.h"
#include "net/capture.h"
#include "net/decode.h"
#include "net/pktreader.h"

#define VERIFY_BYTES 64
#define LIVE_BLOCK_MS 10         /* a live packet waits in the kernel at most this long */

/* Keep in step with doc/trunkdoc.1: SIP on the standard ports, SIP start
 * lines on any UDP port (IPv4), DNS, ICMP errors and IP fragments, and
 * UDP between unprivileged ports that starts like RTP or RTCP (version 2,
 * at least a 12-byte header): the media ports are dynamic, and without
 * them group 5 cannot judge the audio of a call watched live (the call
 * lab saw every call come out "no RTP in this capture").  The decoder,
 * not this filter, decides what is RTP (net/rtp.c). */
const char *const capture_live_filter =
	"port 5060 or port 5061 or port 53"
	" or udp[8:4] = 0x5349502f or udp[8:4] = 0x52454749 or udp[8:4] = 0x494e5649"
	" or udp[8:4] = 0x4f505449"
	" or (udp and udp[4:2] >= 20 and udp[8] & 0xc0 = 0x80"
	" and src portrange 1024-65535 and dst portrange 1024-65535)"
	" or icmp[icmptype] = icmp-unreach or icmp[icmptype] = icmp-timxceed"
	" or (icmp6 and ip6[40] < 5)"
	" or (ip[6:2] & 0x3fff) != 0 or (ip6 and ip6[6] = 44)";

struct capture {
	char *name;
	pcap_t *pcap;
	FILE *fp;                /* libpcap's stream (files), for ftell() */
	char *iobuf;             /* that stream's buffer, freed after pcap_close */
	int fd;                  /* our own descriptor for pread(), -1 if none */
	int reread_fd;           /* handed to the store, -1 once taken or none */
	bool live, is_stdin, pcapng, done;
	bool positioned;         /* last_pos is exact: a regular file we track */
	bool counting;           /* standard input, classic pcap: last_pos counted */
	bool classic16;          /* classic pcap with 16-byte record headers */
	int linktype;
	uint32_t snapshot;
	uint64_t size, last_pos; /* file size; where libpcap's next read starts */
	uint64_t packets;
	uint64_t bad_times;      /* packets whose timestamp was impossible */
	usec_t last_time;        /* the last possible one, given to those */
	pcap_dumper_t *dump;     /* every packet read is also written here */
	struct bpf_program filter;   /* a file's BPF filter, when has_filter */
	bool has_filter;
	char error[512];
	struct pktreader *reader;    /* live, read by its own thread; NULL: read here */
	bool reader_tried;           /* started (or failed to start) once */
	struct pcap_pkthdr reader_hdr;   /* the caller's current packet from the reader (for -O) */
};

static void reader_stop(struct capture *c);

/* How messages name a source. */
static const char *shown(const struct capture *c)
{
	return c->is_stdin ? "standard input" : c->name;
}

static bool mixed_link_types(const char *msg)
{
	return strstr(msg, "different from the type of the first interface") != NULL;
}

static void mixed_link_message(char *out, size_t outlen, const char *name)
{
	snprintf(out, outlen,
	         "%s: its interfaces have different link types, which libpcap cannot read "
	         "together; split it per interface first, e.g. tshark -r %s -Y 'frame.interface_id==0' "
	         "-w part0.pcapng (then 1, 2, ...), and read the parts", name, name);
}

/* Names the container when libpcap cannot open it, so the user knows what
 * to convert. */
static const char *foreign_format(const char *path)
{
	unsigned char m[4] = { 0 };
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t n = fread(m, 1, 4, f);
	fclose(f);
	if (n < 4)
		return "the file is too short to be a capture";
	if (!memcmp(m, "GMBU", 4) || !memcmp(m, "RTSS", 4))
		return "it is a Microsoft Network Monitor capture; convert it first with: editcap -F pcap";
	if (!memcmp(m, "XCP\0", 4) || !memcmp(m, "\177ELF", 4))
		return "it is not a pcap or pcapng capture";
	if (!memcmp(m, "\x1f\x8b", 2))
		return "it is gzip-compressed; gunzip it first";
	return NULL;
}

static void snap_reread_fd(struct capture *c, const char *path)
{
	c->fd = open(path, O_RDONLY | O_CLOEXEC);
	c->reread_fd = c->fd >= 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (c->reread_fd < 0 && c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
}

static uint32_t rd32e(const uint8_t *p, bool big)
{
	return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
	           : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* libpcap refuses a pcapng file whose interfaces differ in link type, but
 * only when it meets the second interface, possibly after many packets.
 * Interfaces are normally described before the first packet, so the blocks
 * before it are checked at open and the file is refused at once. */
static bool pcapng_link_types_differ(int fd)
{
	uint8_t h[12];
	uint64_t pos = 0;
	bool big = false;
	int first = -1;
	for (int blocks = 0; blocks < 1000; blocks++) {
		if (pread(fd, h, sizeof h, (off_t)pos) != (ssize_t)sizeof h)
			return false;
		if (!memcmp(h, "\x0a\x0d\x0d\x0a", 4))
			big = !memcmp(h + 8, "\x1a\x2b\x3c\x4d", 4);
		uint32_t type = rd32e(h, big), len = rd32e(h + 4, big);
		if (len < 12 || len % 4)
			return false;
		if (type == 2 || type == 3 || type == 6)
			return false;             /* packets start: libpcap takes over */
		if (type == 1) {
			int link = big ? h[8] << 8 | h[9] : h[9] << 8 | h[8];
			if (first < 0)
				first = link;
			else if (link != first)
				return true;
		}
		pos += len;
	}
	return false;
}

/* libpcap reads a file through stdio, 4 KiB a system call by default: a
 * larger buffer makes reading a big capture a few hundred calls instead of
 * some hundred thousand. */
#define READ_BUFFER (1u << 20)

static pcap_t *open_offline(struct capture *c, const char *path, char *ebuf)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(ebuf, PCAP_ERRBUF_SIZE, "%s", strerror(errno));
		return NULL;
	}
	c->iobuf = malloc(READ_BUFFER);
	if (c->iobuf)
		setvbuf(f, c->iobuf, _IOFBF, READ_BUFFER);
	pcap_t *p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_MICRO, ebuf);
	if (!p)
		fclose(f);           /* libpcap closes it only once it has taken it */
	return p;
}

struct capture *capture_open_file(const char *path, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	struct capture *c = calloc(1, sizeof *c);
	if (!c || !(c->name = strdup(path))) {
		free(c);
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	c->fd = c->reread_fd = -1;
	c->is_stdin = !strcmp(path, "-");
	if (c->is_stdin) {
		c->pcap = pcap_fopen_offline_with_tstamp_precision(stdin, PCAP_TSTAMP_PRECISION_MICRO, ebuf);
	} else {
		struct stat sb;
		if (stat(path, &sb) != 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			capture_close(c);
			return NULL;
		}
		if (S_ISDIR(sb.st_mode)) {
			snprintf(err, errlen, "%s: is a directory, not a capture file", path);
			capture_close(c);
			return NULL;
		}
		if (access(path, R_OK) != 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			capture_close(c);
			return NULL;
		}
		c->size = S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
		c->pcap = open_offline(c, path, ebuf);
	}
	if (!c->pcap) {
		const char *why = c->is_stdin ? NULL : foreign_format(path);
		if (mixed_link_types(ebuf))
			mixed_link_message(err, errlen, shown(c));
		else if (why && strstr(why, "editcap"))
			snprintf(err, errlen, "%s: cannot read it: %s %s converted.pcap", path, why, path);
		else if (why)
			snprintf(err, errlen, "%s: cannot read it: %s", path, why);
		else
			snprintf(err, errlen, "%s: not a capture libpcap can read (%s)", shown(c), ebuf);
		capture_close(c);
		return NULL;
	}
	c->linktype = pcap_datalink(c->pcap);
	if (!decode_link_supported(c->linktype)) {
		const char *lname = pcap_datalink_val_to_name(c->linktype);
		snprintf(err, errlen, "%s: link type %s (%d) is not supported", shown(c),
		         lname ? lname : "unknown", c->linktype);
		capture_close(c);
		return NULL;
	}
	c->fp = pcap_file(c->pcap);
	/* only a regular file can be re-read by offset: a pipe or FIFO given
	 * by name is read once, like standard input */
	if (!c->is_stdin && c->fp && c->size) {
		unsigned char m[4] = { 0 };
		snap_reread_fd(c, path);
		long pos = ftell(c->fp);
		if (c->fd >= 0 && pos > 0 && pread(c->fd, m, 4, 0) == 4) {
			c->positioned = true;
			c->last_pos = (uint64_t)pos;
			c->pcapng = !memcmp(m, "\x0a\x0d\x0d\x0a", 4);
			if (c->pcapng && pcapng_link_types_differ(c->fd)) {
				mixed_link_message(err, errlen, path);
				capture_close(c);
				return NULL;
			}
			/* micro- and nanosecond magics, either byte order; the
			 * "modified" formats have longer record headers */
			c->classic16 = !memcmp(m, "\xa1\xb2\xc3\xd4", 4) || !memcmp(m, "\xd4\xc3\xb2\xa1", 4) ||
			               !memcmp(m, "\xa1\xb2\x3c\x4d", 4) || !memcmp(m, "\x4d\x3c\xb2\xa1", 4);
		}
		c->snapshot = (uint32_t)pcap_snapshot(c->pcap);
	} else if (c->is_stdin && pcap_major_version(c->pcap) == 2) {
		/* nothing to re-read, but counting record sizes still tells the
		 * byte offset of damage in the warning */
		c->counting = true;
		c->last_pos = 24;
		c->snapshot = (uint32_t)pcap_snapshot(c->pcap);
	}
	return c;
}

struct capture *capture_open_live(const char *iface, const char *filter, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	struct capture *c = calloc(1, sizeof *c);
	if (!c || !(c->name = strdup(iface))) {
		free(c);
		snprintf(err, errlen, "%s: out of memory", iface);
		return NULL;
	}
	c->fd = c->reread_fd = -1;
	c->live = true;
	c->pcap = pcap_create(iface, ebuf);
	if (!c->pcap) {
		snprintf(err, errlen, "%s: %s", iface, ebuf);
		capture_close(c);
		return NULL;
	}
	pcap_set_snaplen(c->pcap, 65535);
	pcap_set_promisc(c->pcap, 1);
	/* Not immediate mode: on Linux libpcap serves it with TPACKET_V2, a
	 * ring of fixed frames as large as the interface's MTU allows (65 KiB
	 * on lo, so 8 MiB held 128 packets) and a wake-up per packet; a burst
	 * of SIP overflowed it while the reader slept (tcpdump
	 * --immediate-mode -B 8192 lost half of a 30,000-message burst on a
	 * 1500-byte lo where dumpcap lost none).  TPACKET_V3 packs packets
	 * into blocks, and the block timeout hands a block over at most
	 * LIVE_BLOCK_MS after its first packet, so the last packets of a short
	 * capture are delivered too (a timeout of 0 would leave that to the
	 * kernel's own default). */
	pcap_set_timeout(c->pcap, LIVE_BLOCK_MS);
	/* 32 MiB holds a whole burst (30,000 REGISTERs of a fleet or phones
	 * coming back after a reboot, ~20 MB in TPACKET_V3 blocks) while the
	 * reader thread waits for a CPU: with 8 MiB the kernel dropped some
	 * on a loaded host (tests/tui/burst.sh under a sanitizer) */
	pcap_set_buffer_size(c->pcap, 32 << 20);
	pcap_set_tstamp_precision(c->pcap, PCAP_TSTAMP_PRECISION_MICRO);
	int rc = pcap_activate(c->pcap);
	if (rc < 0) {
		if (rc == PCAP_ERROR_PERM_DENIED || rc == PCAP_ERROR_PROMISC_PERM_DENIED)
			snprintf(err, errlen,
			         "%s: no permission to capture; run trunkdoc with sudo, or grant it once: "
			         "sudo setcap cap_net_raw,cap_net_admin=eip $(command -v trunkdoc)", iface);
		else if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
			snprintf(err, errlen, "%s: no such interface (list them with: ip link)", iface);
		else
			snprintf(err, errlen, "%s: cannot capture: %s", iface, pcap_geterr(c->pcap));
		capture_close(c);
		return NULL;
	}
	c->linktype = pcap_datalink(c->pcap);
	if (!decode_link_supported(c->linktype)) {
		const char *lname = pcap_datalink_val_to_name(c->linktype);
		snprintf(err, errlen, "%s: link type %s (%d) is not supported", iface,
		         lname ? lname : "unknown", c->linktype);
		capture_close(c);
		return NULL;
	}
	if (filter && *filter) {
		struct bpf_program prog;
		if (pcap_compile(c->pcap, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0) {
			snprintf(err, errlen, "capture filter: %s", pcap_geterr(c->pcap));
			capture_close(c);
			return NULL;
		}
		rc = pcap_setfilter(c->pcap, &prog);
		pcap_freecode(&prog);
		if (rc != 0) {
			snprintf(err, errlen, "capture filter: %s", pcap_geterr(c->pcap));
			capture_close(c);
			return NULL;
		}
	}
	if (pcap_setnonblock(c->pcap, 1, ebuf) != 0) {
		snprintf(err, errlen, "%s: %s", iface, ebuf);
		capture_close(c);
		return NULL;
	}
	return c;
}

bool capture_dump_to(struct capture *c, const char *path, char *err, size_t errlen)
{
	if (c->dump)
		pcap_dump_close(c->dump);
	c->dump = pcap_dump_open(c->pcap, path);
	if (!c->dump) {
		snprintf(err, errlen, "%s: cannot write: %s", path, pcap_geterr(c->pcap));
		return false;
	}
	return true;
}

bool capture_filter_file(struct capture *c, const char *filter, char *err, size_t errlen)
{
	if (c->live)
		return true;              /* the kernel filters a live capture */
	if (c->has_filter) {
		pcap_freecode(&c->filter);
		c->has_filter = false;
	}
	if (pcap_compile(c->pcap, &c->filter, filter, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		snprintf(err, errlen, "capture filter '%s': %s", filter, pcap_geterr(c->pcap));
		return false;
	}
	c->has_filter = true;
	return true;
}

void capture_dump_flush(struct capture *c)
{
	if (c->dump)
		pcap_dump_flush(c->dump);
}

void capture_close(struct capture *c)
{
	if (!c)
		return;
	reader_stop(c);              /* before the handle it reads goes */
	if (c->dump)
		pcap_dump_close(c->dump);
	if (c->has_filter)
		pcap_freecode(&c->filter);
	if (c->pcap)
		pcap_close(c->pcap);
	free(c->iobuf);
	if (c->fd >= 0)
		close(c->fd);
	if (c->reread_fd >= 0)
		close(c->reread_fd);
	free(c->name);
	free(c);
}

static bool verify_at(const struct capture *c, uint64_t off, const uint8_t *data, uint32_t caplen)
{
	uint8_t buf[VERIFY_BYTES];
	size_t n = caplen < VERIFY_BYTES ? caplen : VERIFY_BYTES;
	if (off + caplen > c->size && c->size)
		return false;
	return pread(c->fd, buf, n, (off_t)off) == (ssize_t)n && !memcmp(buf, data, n);
}

/* pcapng: the packet block is the last block libpcap read, ending at `end`.
 * First guess: an EPB without options, so one pread() fetches its header
 * and the first packet bytes.  Otherwise its trailing length field gives
 * its start.  Either byte order is tried (sections may differ), and the
 * bytes are compared before we trust an offset. */
static bool pcapng_guess_epb(const struct capture *c, uint64_t begin, uint64_t end,
                             const uint8_t *data, uint32_t caplen, uint64_t *off)
{
	uint8_t buf[28 + VERIFY_BYTES];
	uint32_t blen = 32 + ((caplen + 3) & ~3u);
	size_t n = caplen < VERIFY_BYTES ? caplen : VERIFY_BYTES;
	if (end < begin + blen)
		return false;
	uint64_t start = end - blen;
	if (pread(c->fd, buf, 28 + n, (off_t)start) != (ssize_t)(28 + n) || memcmp(buf + 28, data, n))
		return false;
	for (int big = 0; big < 2; big++)
		if (rd32e(buf, big) == 6 && rd32e(buf + 4, big) == blen && rd32e(buf + 20, big) == caplen) {
			*off = start + 28;
			return true;
		}
	return false;
}

static bool pcapng_data_offset(const struct capture *c, uint64_t begin, uint64_t end,
                               const uint8_t *data, uint32_t caplen, uint64_t *off)
{
	uint8_t tail[4], head[8];
	if (pcapng_guess_epb(c, begin, end, data, caplen, off))
		return true;
	if (end < begin + 16 || pread(c->fd, tail, 4, (off_t)(end - 4)) != 4)
		return false;
	for (int big = 0; big < 2; big++) {
		uint32_t blen = rd32e(tail, big);
		if (blen < 16 || blen > end - begin)
			continue;
		uint64_t start = end - blen;
		if (pread(c->fd, head, 8, (off_t)start) != 8 || rd32e(head + 4, big) != blen)
			continue;
		uint32_t type = rd32e(head, big);
		uint64_t data_off;
		if (type == 6 || type == 2)
			data_off = start + 28;
		else if (type == 3)
			data_off = start + 12;
		else
			continue;
		if (data_off + caplen > end)
			continue;
		if (verify_at(c, data_off, data, caplen)) {
			*off = data_off;
			return true;
		}
	}
	return false;
}

/* Where this packet's bytes are, and where libpcap's next read starts.
 * Classic pcap: a record is 16 bytes of header and caplen bytes, so the
 * position is counted without a system call.  libpcap may shorten caplen
 * to the snapshot length, so such a packet (and every 4096th, as a check)
 * asks ftell() instead and re-reads the bytes to be sure. */
static void locate(struct capture *c, uint64_t before, const uint8_t *data, uint32_t caplen,
                   struct captured *out)
{
	uint64_t off;
	if (c->classic16 && caplen < c->snapshot && c->packets % 4096) {
		out->in_file = true;
		out->file_off = before + 16;
		c->last_pos = before + 16 + caplen;
		return;
	}
	long after = ftell(c->fp);
	if (after < 0 || (uint64_t)after < before) {
		c->positioned = false;
		return;
	}
	c->last_pos = (uint64_t)after;
	if (c->classic16 || !c->pcapng) {
		off = (uint64_t)after - caplen;
		if ((uint64_t)after >= caplen && verify_at(c, off, data, caplen)) {
			out->in_file = true;
			out->file_off = off;
		} else if (c->classic16 && caplen < c->snapshot) {
			c->classic16 = false;     /* the count drifted: ask ftell() from now on */
		}
	} else if (pcapng_data_offset(c, before, (uint64_t)after, data, caplen, &off)) {
		out->in_file = true;
		out->file_off = off;
	}
}

/* The latest time a packet may carry: 9999-12-31T23:59:59Z.  libpcap
 * converts a pcapng timestamp with the interface's if_tsresol and
 * if_tsoffset into whole seconds, so a crafted or damaged file gives any
 * 64-bit count of seconds, and seconds * 10^6 overflowed (undefined
 * behaviour; the release build then reported the year -9401).  A time
 * before 1970 or after 9999, or microseconds outside 0..999999, is not a
 * capture's: the packet keeps the time of the packet before it (so the
 * order and durations of the rest stay true) and is counted, and the
 * pipeline warns. */
#define CAPTURE_SEC_MAX 253402300799LL

static usec_t packet_time(struct capture *c, const struct pcap_pkthdr *h)
{
	long long sec = (long long)h->ts.tv_sec, usec = (long long)h->ts.tv_usec;
	if (sec < 0 || sec > CAPTURE_SEC_MAX || usec < 0 || usec > 999999) {
		c->bad_times++;
		return c->last_time;
	}
	c->last_time = (usec_t)sec * 1000000 + (usec_t)usec;
	return c->last_time;
}

uint64_t capture_bad_times(const struct capture *c) { return c->bad_times; }

/* ---- the live reader thread ---- */

#define QUEUE_MAX_BYTES ((size_t)64 << 20)   /* about 5 s of 20,000 SIP messages/s */
#define DISPATCH_BATCH 512

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	struct pktqueue *q = (struct pktqueue *)user;
	pktqueue_push(q, (int64_t)h->ts.tv_sec, (int64_t)h->ts.tv_usec, h->caplen, h->len, data);
}

/* On the reader's thread (net/pktreader.c), which owns the handle. */
static int drain_pcap(void *ctx, struct pktqueue *q, int max, char *err, size_t errlen)
{
	struct capture *c = ctx;
	int n = pcap_dispatch(c->pcap, max, on_packet, (u_char *)q);
	if (n == PCAP_ERROR_BREAK)
		return 0;
	if (n < 0) {
		snprintf(err, errlen, "%s: capture stopped: %s", c->name, pcap_geterr(c->pcap));
		return -1;
	}
	return n;
}

static bool pcap_drops(void *ctx, uint32_t *out)
{
	struct capture *c = ctx;
	struct pcap_stat ps;
	if (pcap_stats(c->pcap, &ps) != 0)
		return false;
	*out = ps.ps_drop;
	return true;
}

/* Starts the reader once; without it (TRUNKDOC_THREADS=1, or no thread
 * to be had) the caller reads the handle itself. */
static void reader_start(struct capture *c)
{
	if (c->reader_tried || !c->live)
		return;
	c->reader_tried = true;
	if (threads_wanted() < 2)
		return;
	struct pktreader_source src = {
		.ctx = c, .fd = pcap_get_selectable_fd(c->pcap), .batch = DISPATCH_BATCH,
		.drain = drain_pcap, .kernel_drops = pcap_drops,
	};
	c->reader = pktreader_start(&src, QUEUE_MAX_BYTES);
}

static void reader_stop(struct capture *c)
{
	pktreader_free(c->reader);
	c->reader = NULL;
}

void capture_stop_reader(struct capture *c)
{
	if (!c->live)
		return;
	c->reader_tried = true;      /* not started again */
	if (c->reader)
		pktreader_stop(c->reader);   /* the queue is read to its end, then CAP_END */
	else
		c->done = true;
}

/* The next packet from the reader's queue: CAP_NONE when it is empty,
 * CAP_ERROR once the reader has stopped on an error and all it queued
 * was taken. */
static int reader_next(struct capture *c, struct pcap_pkthdr **h, const u_char **data)
{
	struct queued_pkt q;
	int rc = pktreader_next(c->reader, &q);
	if (rc == 0)                             /* ended without an error: stopped by capture_stop_reader() */
		return pktreader_stopped(c->reader) ? PCAP_ERROR_BREAK : 0;
	if (rc < 0) {
		const char *why = pktreader_error(c->reader);
		snprintf(c->error, sizeof c->error, "%s", why[0] ? why : "capture stopped");
		return PCAP_ERROR;
	}
	struct pcap_pkthdr *ph = &c->reader_hdr;
	ph->ts.tv_sec = (time_t)q.sec;
	ph->ts.tv_usec = (suseconds_t)q.usec;
	ph->caplen = q.caplen;
	ph->len = q.wire_len;
	*h = ph;
	*data = q.data;
	return 1;
}

enum capture_status capture_next(struct capture *c, struct captured *out)
{
	struct pcap_pkthdr *h;
	const u_char *data;

	if (c->done)
		return CAP_END;
	uint64_t before = c->last_pos;
	reader_start(c);
	int rc = c->reader ? reader_next(c, &h, &data) : pcap_next_ex(c->pcap, &h, &data);
	if (rc == 0)
		return CAP_NONE;
	if (rc == PCAP_ERROR_BREAK) {
		c->done = true;
		if (c->size)
			c->last_pos = c->size;
		return CAP_END;
	}
	if (rc < 0) {
		c->done = true;
		if (c->reader)
			return CAP_ERROR;    /* reader_next() wrote c->error */
		const char *msg = pcap_geterr(c->pcap);
		if (c->live)
			snprintf(c->error, sizeof c->error, "%s: capture stopped: %s", c->name, msg);
		else if (mixed_link_types(msg))
			mixed_link_message(c->error, sizeof c->error, shown(c));
		else if (c->positioned || c->counting)
			snprintf(c->error, sizeof c->error,
			         "%s: damaged or truncated at byte %llu (%s); the %llu packets before it were read",
			         shown(c), (unsigned long long)before, msg, (unsigned long long)c->packets);
		else
			snprintf(c->error, sizeof c->error,
			         "%s: damaged or truncated after %llu packets (%s)",
			         shown(c), (unsigned long long)c->packets, msg);
		return CAP_ERROR;
	}
	c->packets++;
	out->time = packet_time(c, h);
	out->data = data;
	out->caplen = h->caplen;
	out->wire_len = h->len;
	out->in_file = false;
	out->file_off = 0;
	out->filtered_out = c->has_filter && !pcap_offline_filter(&c->filter, h, data);
	/* -O: what the filter keeps, as tcpdump -r IN -w OUT FILTER writes it
	 * (a live capture is filtered by the kernel) */
	if (c->dump && !out->filtered_out)
		pcap_dump((u_char *)c->dump, h, data);
	if (c->positioned)
		locate(c, before, data, h->caplen, out);
	else if (c->counting && h->caplen < c->snapshot)
		c->last_pos = before + 16 + h->caplen;
	else
		c->counting = false;      /* libpcap may have shortened caplen: lost count */
	return CAP_PACKET;
}

const char *capture_error(const struct capture *c) { return c->error; }
int capture_linktype(const struct capture *c) { return c->linktype; }
const char *capture_name(const struct capture *c) { return c->name; }
bool capture_is_live(const struct capture *c) { return c->live; }

int capture_selectable_fd(struct capture *c)
{
	if (!c->live)
		return -1;
	reader_start(c);
	return c->reader ? pktreader_fd(c->reader) : pcap_get_selectable_fd(c->pcap);
}

int capture_take_reread_fd(struct capture *c)
{
	int fd = c->reread_fd;
	c->reread_fd = -1;
	return fd;
}

uint64_t capture_position(const struct capture *c) { return c->done ? c->size : c->last_pos; }
uint64_t capture_size(const struct capture *c) { return c->size; }

uint32_t capture_dropped(struct capture *c)
{
	struct pcap_stat ps;
	if (!c->live)
		return 0;
	/* the reader owns the handle: its latest pcap_stats() */
	if (c->reader)
		return pktreader_kernel_drops(c->reader);
	if (pcap_stats(c->pcap, &ps) != 0)
		return 0;
	return ps.ps_drop;
}

uint64_t capture_queue_dropped(const struct capture *c)
{
	return c->reader ? pktreader_queue_drops(c->reader) : 0;
}

/* SSH_CONNECTION is "client_ip client_port server_ip server_port".  Only
 * well-formed addresses and ports reach the filter text. */
static bool ssh_exclusion(char *out, size_t outlen, const char *ssh)
{
	char cip[64], sip[64];
	unsigned cport, sport;
	unsigned char tmp[16];
	if (!ssh || sscanf(ssh, "%63s %u %63s %u", cip, &cport, sip, &sport) != 4)
		return false;
	if (cport == 0 || cport > 65535 || sport == 0 || sport > 65535)
		return false;
	for (const char *ip = cip; ip; ip = ip == cip ? sip : NULL)
		if (inet_pton(AF_INET, ip, tmp) != 1 && inet_pton(AF_INET6, ip, tmp) != 1)
			return false;
	snprintf(out, outlen, "not (host %s and host %s and port %u and port %u)", cip, sip, cport, sport);
	return true;
}

size_t capture_default_filter(char *out, size_t outlen, const char *base, const char *ssh_connection)
{
	char ex[256];
	int n;
	if (ssh_exclusion(ex, sizeof ex, ssh_connection))
		n = snprintf(out, outlen, "(%s) and not port 22 and %s", base, ex);
	else
		n = snprintf(out, outlen, "(%s) and not port 22", base);
	return n < 0 ? 0 : (size_t)n;
}

size_t capture_guard_filter(char *out, size_t outlen, const char *filter, const char *ssh_connection)
{
	char ex[256];
	int n;
	if (ssh_exclusion(ex, sizeof ex, ssh_connection))
		n = (filter && *filter) ? snprintf(out, outlen, "(%s) and %s", filter, ex)
		                        : snprintf(out, outlen, "%s", ex);
	else
		n = snprintf(out, outlen, "%s", filter ? filter : "");
	return n < 0 ? 0 : (size_t)n;
}
