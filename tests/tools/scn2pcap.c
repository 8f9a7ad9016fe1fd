/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * scn2pcap - turns a scenario file (tests/scenarios/FORMAT.md) into a real
 * pcap, so the scenario tests feed trunkdoc the same bytes a capture would.
 *
 *   scenario text ──> blocks ──> payload ──> L4 (UDP/TCP/ICMP) ──> IP
 *                                            (+ fragments)          │
 *                         pcap_dump <── link header (ether/vlan/..) <┘
 *
 * Every "===" block becomes one or more frames.  The frames of each block
 * are kept so that "resend N" and "icmp ... quote=N" can reuse them.  After
 * the pcap is written, "truncate:" and "corrupt:" damage the file.
 *
 * Usage: scn2pcap [-v] SCENARIO OUT.pcap
 *   -v  list every frame written: number, record offset, length, block.
 * Exit 0 on success, 2 on a scenario error (file:line: message on stderr).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif

#define FRAME_MAX 70000
#define ALIAS_MAX 64
#define FLOW_MAX 256
#define WORDS_MAX 64

/* ---- small growable byte buffer ---------------------------------------- */

struct buf {
	uint8_t *p;
	size_t len, cap;
};

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static const char *scn_name = "?";
static int cur_line;
static const char *out_path;

static void die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: ", scn_name, cur_line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (out_path)
		unlink(out_path);
	exit(2);
}

static void buf_reserve(struct buf *b, size_t more)
{
	if (b->len + more <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more)
		cap *= 2;
	uint8_t *p = realloc(b->p, cap);
	if (!p)
		die("out of memory");
	b->p = p;
	b->cap = cap;
}

static void buf_add(struct buf *b, const void *data, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void buf_str(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }
static void buf_u8(struct buf *b, unsigned v) { uint8_t c = (uint8_t)v; buf_add(b, &c, 1); }
static void buf_u16(struct buf *b, unsigned v) { buf_u8(b, v >> 8); buf_u8(b, v); }
static void buf_u32(struct buf *b, uint32_t v) { buf_u16(b, v >> 16); buf_u16(b, v & 0xffff); }

static void put16(uint8_t *p, unsigned v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }

static void buf_free(struct buf *b) { free(b->p); memset(b, 0, sizeof *b); }

/* ---- addresses ----------------------------------------------------------- */

struct addr {
	int family;             /* 4 or 6 */
	uint8_t a[16];
};

struct alias {
	char name[64];
	struct addr addr;
};

static struct alias aliases[ALIAS_MAX];
static int nalias;

static bool parse_literal(const char *s, struct addr *out)
{
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, s, out->a) == 1) {
		out->family = 4;
		return true;
	}
	if (inet_pton(AF_INET6, s, out->a) == 1) {
		out->family = 6;
		return true;
	}
	return false;
}

static bool lookup_host(const char *s, struct addr *out)
{
	for (int i = 0; i < nalias; i++)
		if (strcmp(aliases[i].name, s) == 0) {
			*out = aliases[i].addr;
			return true;
		}
	return parse_literal(s, out);
}

struct ep {
	struct addr addr;
	uint16_t port;
};

/* "alias:port", "1.2.3.4:port", "[2001:db8::1]:port"; with_port false takes
 * a bare host. */
static struct ep parse_ep(const char *s, bool with_port)
{
	char host[128];
	struct ep e;
	memset(&e, 0, sizeof e);
	const char *port = NULL;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || (size_t)(close - s - 1) >= sizeof host)
			die("bad address '%s'", s);
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = 0;
		if (close[1] == ':')
			port = close + 2;
		else if (close[1])
			die("bad address '%s'", s);
	} else {
		const char *colon = with_port ? strrchr(s, ':') : NULL;
		size_t n = colon ? (size_t)(colon - s) : strlen(s);
		if (n >= sizeof host)
			die("bad address '%s'", s);
		memcpy(host, s, n);
		host[n] = 0;
		if (colon)
			port = colon + 1;
	}
	if (!lookup_host(host, &e.addr))
		die("unknown host '%s' (not an alias, not an address)", host);
	if (with_port) {
		if (!port || !*port)
			die("address '%s' needs a :port", s);
		char *end;
		long p = strtol(port, &end, 10);
		if (*end || p < 0 || p > 65535)
			die("bad port in '%s'", s);
		e.port = (uint16_t)p;
	} else if (port) {
		die("'%s' takes no port", s);
	}
	return e;
}

/* ---- file-wide settings --------------------------------------------------- */

enum link { L_ETHER, L_VLAN, L_QINQ, L_SLL, L_SLL2, L_NULL, L_RAW, L_MPLS, L_PPPOE };
static enum link link_type = L_ETHER;
static unsigned vlan_outer = 200, vlan_inner = 100;
#define MPLS_LABELS_MAX 8
static unsigned mpls_label[MPLS_LABELS_MAX] = { 100 };
static int nmpls = 1;
static unsigned pppoe_session = 0x1234;

/* "tunnel:" lines, outermost first: every IP packet is wrapped in them. */
enum tunnel_kind { T_IPIP, T_GRE, T_GRE_TEB, T_PPTP, T_VXLAN, T_GTPU };
struct tunnel {
	enum tunnel_kind kind;
	struct addr a, b;        /* its two ends: packets from the near host go a -> b */
	bool csum;               /* GRE checksum; UDP checksum of VXLAN / GTP-U over IPv4 */
	bool key_set, seq;       /* GRE key and sequence number */
	uint32_t key, vni, teid;
	uint32_t next_seq;
};
#define TUNNELS_MAX 8
static struct tunnel tunnels[TUNNELS_MAX];
static int ntunnels;
static struct addr tunnel_near;  /* packets from this inner host go a -> b */
static bool tunnel_near_set;
static unsigned outer_id_counter = 0x5000;
static int64_t start_epoch = 1704067200;
static int snaplen = 262144;
static long truncate_bytes = -1;
static long corrupt_offset = -1;
static long corrupt_frame = -1;
static unsigned ip_id_counter = 0x1000;
/* "hep: WORDS" in the header: defaults for every udp/tcp block (a block's
 * own words override them); a block is wrapped when hep=2 or hep=3 holds. */
static char hep_defaults[1024];

/* ---- per-block output, kept for resend and ICMP quotes ------------------- */

struct frame {
	uint8_t *data;
	size_t len;      /* on-the-wire length */
	size_t caplen;   /* stored length */
	size_t ip_off;   /* where the IP header starts within data */
	int64_t usec;
	long rec_off;    /* byte offset of its record header in the pcap */
	int block;
};

static struct frame *frames;
static size_t nframes, frames_cap;
static int nblocks;
static size_t *block_first;   /* block index (1-based) -> first frame index */
static size_t *block_count;
static size_t blocks_cap;

static pcap_dumper_t *dumper;
static long file_pos = 24;
static bool verbose;

static void note_block(int block)
{
	if ((size_t)block >= blocks_cap) {
		size_t cap = blocks_cap ? blocks_cap * 2 : 64;
		while (cap <= (size_t)block)
			cap *= 2;
		block_first = realloc(block_first, cap * sizeof *block_first);
		block_count = realloc(block_count, cap * sizeof *block_count);
		if (!block_first || !block_count)
			die("out of memory");
		for (size_t i = blocks_cap; i < cap; i++)
			block_first[i] = block_count[i] = 0;
		blocks_cap = cap;
	}
}

static void emit_frame(const uint8_t *data, size_t len, size_t ip_off, int64_t usec, size_t snap)
{
	if (nframes == frames_cap) {
		frames_cap = frames_cap ? frames_cap * 2 : 64;
		frames = realloc(frames, frames_cap * sizeof *frames);
		if (!frames)
			die("out of memory");
	}
	struct frame *f = &frames[nframes];
	f->data = malloc(len ? len : 1);
	if (!f->data)
		die("out of memory");
	memcpy(f->data, data, len);
	f->len = len;
	f->caplen = len;
	if (snap && snap < f->caplen)
		f->caplen = snap;
	if (f->caplen > (size_t)snaplen)
		f->caplen = (size_t)snaplen;
	f->ip_off = ip_off;
	f->usec = usec;
	f->rec_off = file_pos;
	f->block = nblocks;
	note_block(nblocks);
	if (block_count[nblocks] == 0)
		block_first[nblocks] = nframes;
	block_count[nblocks]++;

	struct pcap_pkthdr h;
	h.ts.tv_sec = (time_t)(usec / 1000000);
	h.ts.tv_usec = (suseconds_t)(usec % 1000000);
	h.caplen = (bpf_u_int32)f->caplen;
	h.len = (bpf_u_int32)f->len;
	pcap_dump((u_char *)dumper, &h, f->data);
	file_pos += 16 + (long)f->caplen;
	nframes++;
	if (verbose)
		printf("frame %zu offset %ld len %zu caplen %zu block %d line %d\n",
		       nframes, f->rec_off, f->len, f->caplen, nblocks, cur_line);
}

/* ---- checksums ------------------------------------------------------------ */

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t acc)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		acc += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		acc += (uint32_t)(p[n - 1] << 8);
	return acc;
}

static uint16_t fold(uint32_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

/* Transport checksum with the IPv4/IPv6 pseudo-header. */
static uint16_t l4_checksum(const struct addr *src, const struct addr *dst, uint8_t proto,
			    const uint8_t *seg, size_t len)
{
	uint32_t acc = 0;
	size_t alen = src->family == 4 ? 4 : 16;
	acc = sum16(src->a, alen, acc);
	acc = sum16(dst->a, alen, acc);
	acc += proto;
	acc += (uint32_t)(len & 0xffff) + (uint32_t)(len >> 16);
	acc = sum16(seg, len, acc);
	uint16_t c = fold(acc);
	return c ? c : 0xffff;
}

/* ---- link layer ------------------------------------------------------------ */

static int link_dlt(void)
{
	switch (link_type) {
	case L_SLL: return DLT_LINUX_SLL;
	case L_SLL2: return DLT_LINUX_SLL2;
	case L_NULL: return DLT_NULL;
	case L_RAW: return DLT_RAW;
	default: return DLT_EN10MB;
	}
}

static void mac_for(const struct addr *a, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x00;
	const uint8_t *t = a->family == 4 ? a->a : a->a + 12;
	memcpy(mac + 2, t, 4);
}

/* Writes the link header for an IP packet of iplen bytes from src to dst
 * into b; returns its length. */
static size_t link_header(struct buf *b, const struct addr *src, const struct addr *dst, size_t iplen)
{
	unsigned ethertype = src->family == 4 ? 0x0800 : 0x86dd;
	uint8_t smac[6], dmac[6];
	mac_for(src, smac);
	mac_for(dst, dmac);
	size_t before = b->len;
	switch (link_type) {
	case L_ETHER:
	case L_VLAN:
	case L_QINQ:
	case L_MPLS:
	case L_PPPOE:
		buf_add(b, dmac, 6);
		buf_add(b, smac, 6);
		if (link_type == L_QINQ) {
			buf_u16(b, 0x88a8);
			buf_u16(b, vlan_outer & 0x0fff);
		}
		if (link_type == L_VLAN || link_type == L_QINQ) {
			buf_u16(b, 0x8100);
			buf_u16(b, vlan_inner & 0x0fff);
		}
		if (link_type == L_MPLS) {
			/* label, traffic class 0, bottom of stack on the last, TTL 64 */
			buf_u16(b, 0x8847);
			for (int i = 0; i < nmpls; i++)
				buf_u32(b, mpls_label[i] << 12 | (i == nmpls - 1 ? 0x100u : 0) | 64);
		} else if (link_type == L_PPPOE) {
			/* PPPoE session (RFC 2516): version/type, code 0, session, length; then PPP */
			buf_u16(b, 0x8864);
			buf_u8(b, 0x11);
			buf_u8(b, 0);
			buf_u16(b, pppoe_session);
			buf_u16(b, (unsigned)(2 + iplen));
			buf_u16(b, src->family == 4 ? 0x0021 : 0x0057);
		} else {
			buf_u16(b, ethertype);
		}
		break;
	case L_SLL:
		buf_u16(b, 4);        /* sent by us */
		buf_u16(b, 1);        /* ARPHRD_ETHER */
		buf_u16(b, 6);
		buf_add(b, smac, 6);
		buf_u16(b, 0);
		buf_u16(b, ethertype);
		break;
	case L_SLL2:
		buf_u16(b, ethertype);
		buf_u16(b, 0);        /* reserved */
		buf_u32(b, 2);        /* interface index */
		buf_u16(b, 1);        /* ARPHRD_ETHER */
		buf_u8(b, 4);         /* outgoing */
		buf_u8(b, 6);
		buf_add(b, smac, 6);
		buf_u16(b, 0);
		break;
	case L_NULL: {
		/* host byte order, as BSD writes it; 30 is Darwin's AF_INET6 */
		uint32_t af = src->family == 4 ? 2 : 30;
		buf_add(b, &af, 4);
		break;
	}
	case L_RAW:
		break;
	}
	return b->len - before;
}

/* ---- IP ---------------------------------------------------------------------- */

struct ipopts {
	int ttl;
	long id;            /* -1: counter */
	int frag;           /* 0/1: none */
	int order[64];
	int norder;
	int dup[64];
	int ndup;
	size_t snap;
	uint8_t ext6[8];    /* IPv6 extension headers before the payload (0, 60, 43) */
	int next6;
};

static void ip4_header(struct buf *b, const struct addr *src, const struct addr *dst, uint8_t proto,
		       size_t payload_len, unsigned id, unsigned frag_field, int ttl)
{
	uint8_t h[20];
	memset(h, 0, sizeof h);
	h[0] = 0x45;
	put16(h + 2, (unsigned)(20 + payload_len));
	put16(h + 4, id);
	put16(h + 6, frag_field);
	h[8] = (uint8_t)ttl;
	h[9] = proto;
	memcpy(h + 12, src->a, 4);
	memcpy(h + 16, dst->a, 4);
	put16(h + 10, fold(sum16(h, 20, 0)));
	buf_add(b, h, 20);
}

static void ip6_header(struct buf *b, const struct addr *src, const struct addr *dst, uint8_t next,
		       size_t payload_len, int hlim)
{
	uint8_t h[40];
	memset(h, 0, sizeof h);
	h[0] = 0x60;
	put16(h + 4, (unsigned)payload_len);
	h[6] = next;
	h[7] = (uint8_t)hlim;
	memcpy(h + 8, src->a, 16);
	memcpy(h + 24, dst->a, 16);
	buf_add(b, h, 40);
}

/* ---- tunnels ----------------------------------------------------------------- */

/* Wraps the IP packet in pkt in tunnel t (forward: from end a to end b);
 * *inner_off grows by the bytes put before it. */
static void tunnel_wrap(struct tunnel *t, struct buf *pkt, size_t *inner_off, bool forward)
{
	const struct addr *s = forward ? &t->a : &t->b, *d = forward ? &t->b : &t->a;
	bool inner6 = (pkt->p[0] >> 4) == 6;
	unsigned inner_type = inner6 ? 0x86dd : 0x0800;
	struct buf pl = {0};      /* what the outer IP packet carries */
	uint8_t proto = 47;
	switch (t->kind) {
	case T_IPIP:
		proto = inner6 ? 41 : 4;
		break;
	case T_GRE:
	case T_GRE_TEB: {
		unsigned flags = (t->csum ? 0x8000u : 0) | (t->key_set ? 0x2000u : 0) | (t->seq ? 0x1000u : 0);
		buf_u16(&pl, flags);
		buf_u16(&pl, t->kind == T_GRE_TEB ? 0x6558 : inner_type);
		if (t->csum)
			buf_u32(&pl, 0);          /* checksum + reserved, filled in below */
		if (t->key_set)
			buf_u32(&pl, t->key);
		if (t->seq)
			buf_u32(&pl, t->next_seq++);
		break;
	}
	case T_PPTP:
		/* enhanced GRE (RFC 2637): key (payload length, call id) and sequence, version 1 */
		buf_u16(&pl, 0x3001);
		buf_u16(&pl, 0x880b);
		buf_u16(&pl, (unsigned)(4 + pkt->len));
		buf_u16(&pl, (unsigned)(t->key_set ? t->key : 0x4000));
		buf_u32(&pl, t->next_seq++);
		buf_u8(&pl, 0xff);                /* PPP: address, control, protocol */
		buf_u8(&pl, 0x03);
		buf_u16(&pl, inner6 ? 0x0057 : 0x0021);
		break;
	case T_VXLAN:
	case T_GTPU:
		proto = 17;
		buf_u16(&pl, t->kind == T_GTPU ? 2152 : 49152 + (forward ? 7 : 9));
		buf_u16(&pl, t->kind == T_GTPU ? 2152 : 4789);
		buf_u16(&pl, 0);                  /* length, checksum: below */
		buf_u16(&pl, 0);
		if (t->kind == T_VXLAN) {
			buf_u32(&pl, 0x08000000);     /* I flag: the VNI is valid */
			buf_u32(&pl, t->vni << 8);
		} else {
			/* GTP-U v1, PT, S flag: G-PDU with a sequence number */
			buf_u8(&pl, 0x32);
			buf_u8(&pl, 0xff);
			buf_u16(&pl, (unsigned)(4 + pkt->len));
			buf_u32(&pl, t->teid);
			buf_u16(&pl, t->next_seq++ & 0xffff);
			buf_u8(&pl, 0);               /* N-PDU number */
			buf_u8(&pl, 0);               /* no extension header */
		}
		break;
	}
	if (t->kind == T_GRE_TEB || t->kind == T_VXLAN) {
		/* the bridged Ethernet frame around the inner packet */
		struct addr is, id;
		memset(&is, 0, sizeof is);
		memset(&id, 0, sizeof id);
		is.family = id.family = inner6 ? 6 : 4;
		memcpy(is.a, pkt->p + (inner6 ? 8 : 12), inner6 ? 16 : 4);
		memcpy(id.a, pkt->p + (inner6 ? 24 : 16), inner6 ? 16 : 4);
		uint8_t smac[6], dmac[6];
		mac_for(&is, smac);
		mac_for(&id, dmac);
		buf_add(&pl, dmac, 6);
		buf_add(&pl, smac, 6);
		buf_u16(&pl, inner_type);
	}
	size_t head = pl.len;
	buf_add(&pl, pkt->p, pkt->len);
	if ((t->kind == T_GRE || t->kind == T_GRE_TEB) && t->csum)
		put16(pl.p + 4, fold(sum16(pl.p, pl.len, 0)));
	if (proto == 17) {
		put16(pl.p + 4, (unsigned)pl.len);
		if (t->csum || s->family == 6)
			put16(pl.p + 6, l4_checksum(s, d, 17, pl.p, pl.len));
	}
	struct buf out = {0};
	if (s->family == 4)
		ip4_header(&out, s, d, proto, pl.len, outer_id_counter++, 0x4000, 64);
	else
		ip6_header(&out, s, d, proto, pl.len, 64);
	*inner_off += out.len + head;
	buf_add(&out, pl.p, pl.len);
	buf_free(&pl);
	buf_free(pkt);
	*pkt = out;
}

/* One IP packet from src to dst onto the wire: into the tunnels, then
 * behind the link header. */
static void frame_out(const struct buf *ip, const struct addr *src, const struct addr *dst,
		      int64_t usec, size_t snap)
{
	struct buf pkt = {0};
	buf_add(&pkt, ip->p, ip->len);
	size_t inner_off = 0;
	const struct addr *osrc = src, *odst = dst;
	if (ntunnels) {
		const struct addr *near = tunnel_near_set ? &tunnel_near : nalias ? &aliases[0].addr : NULL;
		bool forward = !near || (near->family == src->family &&
		                         !memcmp(near->a, src->a, src->family == 4 ? 4 : 16));
		for (int i = ntunnels - 1; i >= 0; i--)
			tunnel_wrap(&tunnels[i], &pkt, &inner_off, forward);
		osrc = forward ? &tunnels[0].a : &tunnels[0].b;
		odst = forward ? &tunnels[0].b : &tunnels[0].a;
	}
	struct buf b = {0};
	size_t ip_off = link_header(&b, osrc, odst, pkt.len);
	buf_add(&b, pkt.p, pkt.len);
	emit_frame(b.p, b.len, ip_off + inner_off, usec, snap);
	buf_free(&b);
	buf_free(&pkt);
}

/* Emits the L4 segment seg (already checksummed) as one IP packet or as
 * fragments, each wrapped in the link header. */
static void send_ip(const struct addr *src, const struct addr *dst, uint8_t proto,
		    const uint8_t *seg, size_t len, const struct ipopts *o, int64_t usec)
{
	unsigned id = o->id >= 0 ? (unsigned)o->id : ip_id_counter++;
	int nfrag = o->frag > 1 ? o->frag : 1;
	size_t piece = (len + (size_t)nfrag - 1) / (size_t)nfrag;
	piece = (piece + 7) & ~(size_t)7;
	if (nfrag > 1 && piece == 0)
		die("frag=%d: payload too short", nfrag);
	if (nfrag > 1 && (size_t)(nfrag - 1) * piece >= len)
		die("frag=%d: payload of %zu bytes cannot make %d fragments of 8-byte multiples", nfrag, len, nfrag);

	/* wire order: "order=" or natural, then duplicates where named */
	int seq[160];
	int nseq = 0;
	if (o->norder) {
		if (o->norder != nfrag)
			die("order= lists %d fragments, frag=%d", o->norder, nfrag);
		for (int i = 0; i < o->norder; i++)
			seq[nseq++] = o->order[i];
	} else {
		for (int i = 0; i < nfrag; i++)
			seq[nseq++] = i;
	}
	for (int d = 0; d < o->ndup; d++) {
		if (o->dup[d] < 0 || o->dup[d] >= nfrag)
			die("dup=%d: no such fragment", o->dup[d]);
		/* the duplicate goes right after the original */
		for (int i = 0; i < nseq; i++)
			if (seq[i] == o->dup[d]) {
				memmove(seq + i + 2, seq + i + 1, (size_t)(nseq - i - 1) * sizeof seq[0]);
				seq[i + 1] = o->dup[d];
				nseq++;
				break;
			}
	}

	for (int k = 0; k < nseq; k++) {
		int i = seq[k];
		if (i < 0 || i >= nfrag)
			die("order=: no fragment %d", i);
		size_t off = (size_t)i * piece;
		size_t n = nfrag == 1 ? len : (i == nfrag - 1 ? len - off : piece);
		bool more = i < nfrag - 1;
		struct buf b = {0};
		if (src->family == 4) {
			unsigned ff = nfrag > 1 ? ((unsigned)(off / 8) | (more ? 0x2000 : 0)) : 0x4000; /* DF when whole */
			ip4_header(&b, src, dst, proto, n, id, ff, o->ttl);
		} else {
			/* unfragmentable part: extension headers, then the Fragment header */
			size_t extra = (size_t)o->next6 * 8 + (nfrag > 1 ? 8 : 0);
			uint8_t after_ext = nfrag > 1 ? 44 : proto;
			ip6_header(&b, src, dst, o->next6 ? o->ext6[0] : after_ext, n + extra, o->ttl);
			for (int e = 0; e < o->next6; e++) {
				buf_u8(&b, e + 1 < o->next6 ? o->ext6[e + 1] : after_ext);
				buf_u8(&b, 0);            /* 8 bytes long */
				if (o->ext6[e] == 43) {
					buf_u8(&b, 0);        /* routing type 0, segments left 0: nothing to route */
					buf_u8(&b, 0);
					buf_u32(&b, 0);
				} else {
					buf_u8(&b, 1);        /* PadN over the rest */
					buf_u8(&b, 4);
					buf_u32(&b, 0);
				}
			}
			if (nfrag > 1) {
				buf_u8(&b, proto);
				buf_u8(&b, 0);
				buf_u16(&b, (unsigned)(off & ~(size_t)7) | (more ? 1 : 0));
				buf_u32(&b, 0x10000 + id);
			}
		}
		buf_add(&b, seg + off, n);
		frame_out(&b, src, dst, usec, o->snap);
		buf_free(&b);
	}
}

/* ---- UDP and TCP ------------------------------------------------------------- */

static void send_udp(const struct ep *s, const struct ep *d, const uint8_t *data, size_t len,
		     const struct ipopts *o, int64_t usec)
{
	if (len + 8 > 65535)
		die("UDP payload of %zu bytes is too long", len);
	struct buf seg = {0};
	buf_u16(&seg, s->port);
	buf_u16(&seg, d->port);
	buf_u16(&seg, (unsigned)(len + 8));
	buf_u16(&seg, 0);
	buf_add(&seg, data, len);
	put16(seg.p + 6, l4_checksum(&s->addr, &d->addr, 17, seg.p, seg.len));
	send_ip(&s->addr, &d->addr, 17, seg.p, seg.len, o, usec);
	buf_free(&seg);
}

/* One direction of a TCP connection: the next sequence number to send. */
struct flow {
	struct ep src, dst;
	uint32_t next_seq;
};
static struct flow flows[FLOW_MAX];
static int nflows;

static bool ep_eq(const struct ep *a, const struct ep *b)
{
	return a->port == b->port && a->addr.family == b->addr.family &&
	       memcmp(a->addr.a, b->addr.a, 16) == 0;
}

static struct flow *flow_get(const struct ep *s, const struct ep *d, bool create)
{
	for (int i = 0; i < nflows; i++)
		if (ep_eq(&flows[i].src, s) && ep_eq(&flows[i].dst, d))
			return &flows[i];
	if (!create)
		return NULL;
	if (nflows == FLOW_MAX)
		die("too many TCP connections");
	struct flow *f = &flows[nflows];
	f->src = *s;
	f->dst = *d;
	/* a fixed, per-flow ISN keeps the output reproducible */
	f->next_seq = 0x10000000u + (uint32_t)nflows * 0x01000000u;
	nflows++;
	return f;
}

enum { TH_FIN = 1, TH_SYN = 2, TH_RST = 4, TH_PSH = 8, TH_ACK = 16 };

static void send_tcp(const struct ep *s, const struct ep *d, unsigned flags, const uint8_t *data,
		     size_t len, const struct ipopts *o, int64_t usec)
{
	struct flow *f = flow_get(s, d, true);
	struct flow *back = flow_get(d, s, false);
	uint32_t ack = back ? back->next_seq : 0;
	if (back && !(flags & TH_SYN))
		flags |= TH_ACK;
	if (flags & TH_SYN && back)
		flags |= TH_ACK;
	struct buf seg = {0};
	buf_u16(&seg, s->port);
	buf_u16(&seg, d->port);
	buf_u32(&seg, f->next_seq);
	buf_u32(&seg, (flags & TH_ACK) ? ack : 0);
	buf_u8(&seg, 5 << 4);
	buf_u8(&seg, flags);
	buf_u16(&seg, 65535);
	buf_u16(&seg, 0);
	buf_u16(&seg, 0);
	buf_add(&seg, data, len);
	put16(seg.p + 16, l4_checksum(&s->addr, &d->addr, 6, seg.p, seg.len));
	send_ip(&s->addr, &d->addr, 6, seg.p, seg.len, o, usec);
	buf_free(&seg);
	f->next_seq += (uint32_t)len + ((flags & (TH_SYN | TH_FIN)) ? 1 : 0);
}

/* Data over TCP, split into nseg segments of near-equal size. */
static void send_tcp_data(const struct ep *s, const struct ep *d, const uint8_t *data, size_t len,
			  int nseg, const struct ipopts *o, int64_t usec)
{
	if (nseg < 1)
		nseg = 1;
	if ((size_t)nseg > len && len > 0)
		die("seg=%d but only %zu bytes", nseg, len);
	size_t off = 0;
	for (int i = 0; i < nseg; i++) {
		size_t n = len / (size_t)nseg + ((size_t)i < len % (size_t)nseg ? 1 : 0);
		if (n > 65000)
			die("TCP segment of %zu bytes is too long; use seg=", n);
		send_tcp(s, d, TH_ACK | TH_PSH, data + off, n, o, usec + i);
		off += n;
	}
}

/* ---- text helpers --------------------------------------------------------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static bool is_blank(const char *l)
{
	while (*l == ' ' || *l == '\t')
		l++;
	return *l == 0;
}

/* Appends one line of text, turning \xHH into the byte. */
static void add_escaped(struct buf *b, const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1] == 'x' && hexval((unsigned char)s[i + 2]) >= 0 &&
		    hexval((unsigned char)s[i + 3]) >= 0) {
			buf_u8(b, (unsigned)(hexval((unsigned char)s[i + 2]) << 4 | hexval((unsigned char)s[i + 3])));
			i += 3;
		} else {
			buf_u8(b, (unsigned char)s[i]);
		}
	}
}

static void add_hex(struct buf *b, const char *s)
{
	int hi = -1;
	for (size_t i = 0; s[i]; i++) {
		if (isspace((unsigned char)s[i]))
			continue;
		int v = hexval((unsigned char)s[i]);
		if (v < 0)
			die("bad hex digit '%c'", s[i]);
		if (hi < 0) {
			hi = v;
		} else {
			buf_u8(b, (unsigned)(hi << 4 | v));
			hi = -1;
		}
	}
	if (hi >= 0)
		die("odd number of hex digits");
}

/* True when line is "Content-Length: auto" or "l: auto" (any case, any
 * blanks). */
static bool is_clen_auto(const char *line)
{
	const char *p = line;
	if (strncasecmp(p, "Content-Length", 14) == 0)
		p += 14;
	else if ((p[0] == 'l' || p[0] == 'L') && (p[1] == ':' || p[1] == ' ' || p[1] == '\t'))
		p += 1;
	else
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != ':')
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	return strcasecmp(p, "auto") == 0;
}

/* Builds one SIP message from its lines (LF-separated source, CRLF out). */
static void build_sip(struct buf *out, char **lines, int n, bool exact)
{
	int blank = -1;
	for (int i = 0; i < n; i++)
		if (is_blank(lines[i])) {
			blank = i;
			break;
		}
	int nhead = blank >= 0 ? blank : n;
	struct buf body = {0};
	if (blank >= 0) {
		for (int i = blank + 1; i < n; i++) {
			add_escaped(&body, lines[i]);
			if (i < n - 1 || !exact)
				buf_str(&body, "\r\n");
		}
	}
	for (int i = 0; i < nhead; i++) {
		if (is_clen_auto(lines[i])) {
			char tmp[64];
			const char *colon = strchr(lines[i], ':');
			size_t name_len = (size_t)(colon - lines[i]);
			buf_add(out, lines[i], name_len);
			snprintf(tmp, sizeof tmp, ": %zu", body.len);
			buf_str(out, tmp);
		} else {
			add_escaped(out, lines[i]);
		}
		if (i < nhead - 1 || !exact || blank >= 0)
			buf_str(out, "\r\n");
	}
	if (blank >= 0 || !exact)
		buf_str(out, "\r\n");
	buf_add(out, body.p, body.len);
	buf_free(&body);
}

/* ---- DNS ------------------------------------------------------------------------- */

static void dns_name(struct buf *b, const char *name)
{
	const char *p = name;
	if (strcmp(p, ".") == 0)
		p = "";
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		if (n == 0 || n > 63)
			die("bad DNS name '%s'", name);
		buf_u8(b, (unsigned)n);
		buf_add(b, p, n);
		p += n;
		if (*p == '.')
			p++;
	}
	buf_u8(b, 0);
}

static int dns_type(const char *s)
{
	static const struct { const char *n; int t; } types[] = {
		{"A", 1}, {"NS", 2}, {"CNAME", 5}, {"PTR", 12}, {"MX", 15}, {"TXT", 16},
		{"AAAA", 28}, {"SRV", 33}, {"NAPTR", 35}, {"ANY", 255},
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcasecmp(s, types[i].n) == 0)
			return types[i].t;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v <= 0 || v > 65535)
		die("unknown DNS type '%s'", s);
	return (int)v;
}

static int dns_rcode(const char *s)
{
	static const char *names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};
	for (int i = 0; i < 6; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 15)
		die("unknown rcode '%s'", s);
	return (int)v;
}

static void dns_charstr(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	if (n > 255)
		die("DNS string too long");
	buf_u8(b, (unsigned)n);
	buf_add(b, s, n);
}

static int split_words(char *s, char **w, int max)
{
	int n = 0;
	char *save = NULL;
	for (char *t = strtok_r(s, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (n == max)
			die("too many words");
		w[n++] = t;
	}
	return n;
}

static long parse_num(const char *s, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 0);
	if (*end || errno)
		die("bad number '%s' for %s", s, what);
	return v;
}

/* One answer line: NAME TYPE DATA... [ttl=N] */
static void dns_answer(struct buf *b, char *line)
{
	char *w[WORDS_MAX];
	int n = split_words(line, w, WORDS_MAX);
	uint32_t ttl = 300;
	if (n > 0 && strncmp(w[n - 1], "ttl=", 4) == 0) {
		ttl = (uint32_t)parse_num(w[n - 1] + 4, "ttl");
		n--;
	}
	if (n < 3)
		die("DNS answer needs NAME TYPE DATA");
	int type = dns_type(w[1]);
	dns_name(b, w[0]);
	buf_u16(b, (unsigned)type);
	buf_u16(b, 1);
	buf_u32(b, ttl);
	size_t rdlen_at = b->len;
	buf_u16(b, 0);
	size_t start = b->len;
	struct addr a;
	switch (type) {
	case 1:
	case 28:
		if (!parse_literal(w[2], &a) || a.family != (type == 1 ? 4 : 6))
			die("bad address '%s' for %s", w[2], w[1]);
		buf_add(b, a.a, type == 1 ? 4 : 16);
		break;
	case 5:
	case 2:
	case 12:
		dns_name(b, w[2]);
		break;
	case 33:
		if (n != 6)
			die("SRV needs PRIORITY WEIGHT PORT TARGET");
		buf_u16(b, (unsigned)parse_num(w[2], "priority"));
		buf_u16(b, (unsigned)parse_num(w[3], "weight"));
		buf_u16(b, (unsigned)parse_num(w[4], "port"));
		dns_name(b, w[5]);
		break;
	case 35:
		if (n != 8)
			die("NAPTR needs ORDER PREF FLAGS SERVICE REGEXP REPLACEMENT");
		buf_u16(b, (unsigned)parse_num(w[2], "order"));
		buf_u16(b, (unsigned)parse_num(w[3], "preference"));
		dns_charstr(b, w[4]);
		dns_charstr(b, w[5]);
		dns_charstr(b, w[6]);
		dns_name(b, w[7]);
		break;
	default:
		add_hex(b, w[2]);
		break;
	}
	put16(b->p + rdlen_at, (unsigned)(b->len - start));
}

/* ---- TLS ------------------------------------------------------------------------- */

static void tls_record(struct buf *b, unsigned type, unsigned version, const struct buf *body)
{
	buf_u8(b, type);
	buf_u16(b, version);
	buf_u16(b, (unsigned)body->len);
	buf_add(b, body->p, body->len);
}

static void tls_handshake(struct buf *b, unsigned hs_type, unsigned rec_version, const struct buf *msg)
{
	struct buf hs = {0};
	buf_u8(&hs, hs_type);
	buf_u8(&hs, (unsigned)(msg->len >> 16));
	buf_u16(&hs, (unsigned)(msg->len & 0xffff));
	buf_add(&hs, msg->p, msg->len);
	tls_record(b, 22, rec_version, &hs);
	buf_free(&hs);
}

static void tls_random(struct buf *b, unsigned seed)
{
	for (unsigned i = 0; i < 32; i++)
		buf_u8(b, (seed * 31 + i * 7) & 0xff);
}

static void build_tls(struct buf *out, char **w, int n)
{
	const char *kind = w[0];
	const char *sni = NULL;
	long level = 2, desc = 40, len = 64;
	for (int i = 1; i < n; i++) {
		if (strncmp(w[i], "sni=", 4) == 0) sni = w[i] + 4;
		else if (strncmp(w[i], "level=", 6) == 0) level = parse_num(w[i] + 6, "level");
		else if (strncmp(w[i], "desc=", 5) == 0) desc = parse_num(w[i] + 5, "desc");
		else if (strncmp(w[i], "len=", 4) == 0) len = parse_num(w[i] + 4, "len");
		else die("unknown tls option '%s'", w[i]);
	}
	struct buf m = {0};
	if (strcmp(kind, "client-hello") == 0) {
		buf_u16(&m, 0x0303);
		tls_random(&m, 1);
		buf_u8(&m, 0);                   /* session id */
		buf_u16(&m, 6);                  /* cipher suites */
		buf_u16(&m, 0x1301);
		buf_u16(&m, 0xc02f);
		buf_u16(&m, 0x002f);
		buf_u8(&m, 1);                   /* compression: null */
		buf_u8(&m, 0);
		struct buf ext = {0};
		if (sni) {
			size_t sl = strlen(sni);
			buf_u16(&ext, 0);            /* server_name */
			buf_u16(&ext, (unsigned)(sl + 5));
			buf_u16(&ext, (unsigned)(sl + 3));
			buf_u8(&ext, 0);
			buf_u16(&ext, (unsigned)sl);
			buf_add(&ext, sni, sl);
		}
		buf_u16(&m, (unsigned)ext.len);
		buf_add(&m, ext.p, ext.len);
		buf_free(&ext);
		tls_handshake(out, 1, 0x0301, &m);
	} else if (strcmp(kind, "server-hello") == 0) {
		buf_u16(&m, 0x0303);
		tls_random(&m, 2);
		buf_u8(&m, 0);
		buf_u16(&m, 0xc02f);
		buf_u8(&m, 0);
		buf_u16(&m, 0);                  /* no extensions */
		tls_handshake(out, 2, 0x0303, &m);
	} else if (strcmp(kind, "alert") == 0) {
		buf_u8(&m, (unsigned)level);
		buf_u8(&m, (unsigned)desc);
		tls_record(out, 21, 0x0303, &m);
	} else if (strcmp(kind, "appdata") == 0) {
		if (len < 1 || len > 16384)
			die("appdata len= must be 1..16384");
		for (long i = 0; i < len; i++)
			buf_u8(&m, (unsigned)((i * 131 + 17) & 0xff));
		tls_record(out, 23, 0x0303, &m);
	} else if (strcmp(kind, "ccs") == 0) {
		buf_u8(&m, 1);
		tls_record(out, 20, 0x0303, &m);
	} else {
		die("unknown tls record '%s' (client-hello server-hello alert appdata ccs)", kind);
	}
	buf_free(&m);
}

/* ---- ICMP ------------------------------------------------------------------------ */

static void send_icmp(const struct addr *src, const struct addr *dst, const char *what,
		      const struct frame *quoted, const struct ipopts *o, int64_t usec)
{
	static const struct { const char *n; int t4, c4, t6, c6; } kinds[] = {
		{"port-unreachable", 3, 3, 1, 4},
		{"host-unreachable", 3, 1, 1, 3},
		{"net-unreachable", 3, 0, 1, 0},
		{"admin-prohibited", 3, 13, 1, 1},
	};
	int k = -1;
	for (int i = 0; i < 4; i++)
		if (strcmp(what, kinds[i].n) == 0)
			k = i;
	if (k < 0)
		die("unknown icmp kind '%s'", what);
	if (src->family != dst->family)
		die("icmp: both addresses must be the same family");
	const uint8_t *ip = quoted->data + quoted->ip_off;
	size_t iplen = quoted->caplen - quoted->ip_off;
	size_t hdr = src->family == 4 ? (size_t)(ip[0] & 0x0f) * 4 : 40;
	size_t keep = src->family == 4 ? hdr + 64 : 1232 - 48;
	if (keep > iplen)
		keep = iplen;
	struct buf m = {0};
	bool v6 = src->family == 6;
	buf_u8(&m, (unsigned)(v6 ? kinds[k].t6 : kinds[k].t4));
	buf_u8(&m, (unsigned)(v6 ? kinds[k].c6 : kinds[k].c4));
	buf_u16(&m, 0);
	buf_u32(&m, 0);
	buf_add(&m, ip, keep);
	uint16_t c = v6 ? l4_checksum(src, dst, 58, m.p, m.len) : fold(sum16(m.p, m.len, 0));
	put16(m.p + 2, c);
	send_ip(src, dst, v6 ? 58 : 1, m.p, m.len, o, usec);
	buf_free(&m);
}

/* ---- the scenario reader ---------------------------------------------------------- */

static char **lines;
static int nlines;

static void read_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "scn2pcap: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	size_t cap = 0;
	char *line = NULL;
	size_t lcap = 0;
	ssize_t n;
	while ((n = getline(&line, &lcap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = 0;
		if ((size_t)nlines == cap) {
			cap = cap ? cap * 2 : 256;
			lines = realloc(lines, cap * sizeof *lines);
			if (!lines)
				die("out of memory");
		}
		lines[nlines++] = strdup(line);
	}
	free(line);
	fclose(f);
}

static bool is_comment(const char *l) { return l[0] == '#'; }

static bool starts(const char *l, const char *p) { return strncmp(l, p, strlen(p)) == 0; }
static bool ends_block(const char *l) { return starts(l, "===") || starts(l, "+++") || starts(l, "expect "); }

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	return s;
}

/* "tunnel: KIND A B [OPTIONS]" (FORMAT.md). */
static void tunnel_line(char *val)
{
	static const char *names[] = {"ipip", "gre", "gre-teb", "pptp", "vxlan", "gtpu"};
	char *w[WORDS_MAX];
	int n = split_words(val, w, WORDS_MAX);
	if (n < 3)
		die("tunnel: needs KIND A B");
	if (ntunnels == TUNNELS_MAX)
		die("too many tunnels");
	struct tunnel *t = &tunnels[ntunnels];
	memset(t, 0, sizeof *t);
	int k = -1;
	for (int i = 0; i < 6; i++)
		if (strcmp(w[0], names[i]) == 0)
			k = i;
	if (k < 0)
		die("unknown tunnel '%s' (ipip gre gre-teb pptp vxlan gtpu)", w[0]);
	t->kind = (enum tunnel_kind)k;
	if (!lookup_host(w[1], &t->a) || !lookup_host(w[2], &t->b))
		die("tunnel: '%s' or '%s' is not an alias or an address", w[1], w[2]);
	if (t->a.family != t->b.family)
		die("tunnel: both ends must be the same address family");
	t->vni = 42;
	t->teid = 0x1001;
	t->next_seq = 1;
	for (int i = 3; i < n; i++) {
		if (strcmp(w[i], "csum") == 0) {
			t->csum = true;
		} else if (strcmp(w[i], "seq") == 0) {
			t->seq = true;
		} else if (starts(w[i], "key=")) {
			t->key_set = true;
			t->key = (uint32_t)parse_num(w[i] + 4, "key");
		} else if (starts(w[i], "vni=")) {
			t->vni = (uint32_t)parse_num(w[i] + 4, "vni") & 0xffffff;
		} else if (starts(w[i], "teid=")) {
			t->teid = (uint32_t)parse_num(w[i] + 5, "teid");
		} else if (starts(w[i], "near=")) {
			if (!lookup_host(w[i] + 5, &tunnel_near))
				die("tunnel: near=%s is not an alias or an address", w[i] + 5);
			tunnel_near_set = true;
		} else {
			die("unknown tunnel option '%s'", w[i]);
		}
	}
	ntunnels++;
}

static void header_line(char *l)
{
	char *colon = strchr(l, ':');
	char *eq = strchr(l, '=');
	if (eq && (!colon || eq < colon)) {
		*eq = 0;
		char *name = trim(l), *val = trim(eq + 1);
		if (nalias == ALIAS_MAX)
			die("too many aliases");
		if (!*name || strlen(name) >= sizeof aliases[0].name || strpbrk(name, " \t:[]"))
			die("bad alias name '%s'", name);
		snprintf(aliases[nalias].name, sizeof aliases[nalias].name, "%s", name);
		if (!parse_literal(val, &aliases[nalias].addr))
			die("alias %s: '%s' is not an IPv4 or IPv6 address", name, val);
		nalias++;
		return;
	}
	if (!colon)
		die("not a header line: '%s' (expected key: value, NAME = ADDRESS, or ===)", l);
	*colon = 0;
	char *key = trim(l), *val = trim(colon + 1);
	if (strcmp(key, "title") == 0 || strcmp(key, "args") == 0 || strcmp(key, "env") == 0)
		return;   /* for the runner */
	if (strcmp(key, "link") == 0) {
		char *w[MPLS_LABELS_MAX + 1];
		int n = split_words(val, w, MPLS_LABELS_MAX + 1);
		if (n < 1)
			die("link: needs a type");
		static const char *names[] = {"ether", "vlan", "qinq", "sll", "sll2", "null", "raw", "mpls", "pppoe"};
		int t = -1;
		for (int i = 0; i < 9; i++)
			if (strcmp(w[0], names[i]) == 0)
				t = i;
		if (t < 0)
			die("unknown link type '%s'", w[0]);
		link_type = (enum link)t;
		if (link_type == L_VLAN && n > 1)
			vlan_inner = (unsigned)parse_num(w[1], "vlan id");
		if (link_type == L_QINQ && n > 2) {
			vlan_outer = (unsigned)parse_num(w[1], "outer vlan");
			vlan_inner = (unsigned)parse_num(w[2], "inner vlan");
		}
		if (link_type == L_MPLS && n > 1) {
			for (nmpls = 0; nmpls + 1 < n; nmpls++) {
				long l = parse_num(w[nmpls + 1], "mpls label");
				if (l < 0 || l > 0xfffff)
					die("mpls label %ld: 0..1048575", l);
				mpls_label[nmpls] = (unsigned)l;
			}
		}
		if (link_type == L_PPPOE && n > 1)
			pppoe_session = (unsigned)parse_num(w[1], "pppoe session");
	} else if (strcmp(key, "tunnel") == 0) {
		tunnel_line(val);
	} else if (strcmp(key, "hep") == 0) {
		snprintf(hep_defaults, sizeof hep_defaults, "%s", val);
	} else if (strcmp(key, "start") == 0) {
		start_epoch = parse_num(val, "start");
	} else if (strcmp(key, "snaplen") == 0) {
		snaplen = (int)parse_num(val, "snaplen");
	} else if (strcmp(key, "truncate") == 0) {
		truncate_bytes = parse_num(val, "truncate");
	} else if (strcmp(key, "corrupt") == 0) {
		if (starts(val, "frame "))
			corrupt_frame = parse_num(trim(val + 6), "corrupt frame");
		else
			corrupt_offset = parse_num(val, "corrupt");
	} else {
		die("unknown header '%s'", key);
	}
}

/* ---- HEP wrapping ---------------------------------------------------------- */


struct hepopt {
	int version;            /* 0: not wrapped */
	struct ep agent, collector;
	bool have_agent, have_collector, over_tcp;
	uint32_t capid;
	const char *key, *name;
	char keybuf[256], namebuf[256];
	char chunk[512];        /* hep-chunk=HEX: an extra raw chunk (unknown types) */
	bool have_time;         /* hep-time=TIME: the agent's time differs from the capture's */
	int64_t time;
};

static int64_t parse_time(const char *s);

static bool hep_option(struct hepopt *h, const char *w)
{
	if (starts(w, "hep=")) {
		if (strcmp(w + 4, "none") == 0)
			h->version = 0;
		else if ((h->version = (int)parse_num(w + 4, "hep")) != 2 && h->version != 3)
			die("hep= is 2, 3 or none");
	} else if (starts(w, "agent=")) {
		h->agent = parse_ep(w + 6, true);
		h->have_agent = true;
	} else if (starts(w, "collector=")) {
		h->collector = parse_ep(w + 10, true);
		h->have_collector = true;
	} else if (starts(w, "capid=")) {
		h->capid = (uint32_t)parse_num(w + 6, "capid");
	} else if (strcmp(w, "hep-tcp") == 0) {
		h->over_tcp = true;
	} else if (strcmp(w, "hep-udp") == 0) {
		h->over_tcp = false;
	} else if (starts(w, "hep-key=")) {
		snprintf(h->keybuf, sizeof h->keybuf, "%s", w + 8);
		h->key = h->keybuf;
	} else if (starts(w, "hep-name=")) {
		snprintf(h->namebuf, sizeof h->namebuf, "%s", w + 9);
		h->name = h->namebuf;
	} else if (starts(w, "hep-chunk=")) {
		snprintf(h->chunk, sizeof h->chunk, "%s", w + 10);
	} else if (starts(w, "hep-time=")) {
		h->time = parse_time(w + 9);
		h->have_time = true;
	} else {
		return false;
	}
	return true;
}

static void hep_chunk(struct buf *b, unsigned type, const void *v, size_t n)
{
	buf_u16(b, 0);
	buf_u16(b, type);
	buf_u16(b, (unsigned)(n + 6));
	buf_add(b, v, n);
}

static void hep_chunk_u32(struct buf *b, unsigned type, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	hep_chunk(b, type, x, 4);
}

/* The SIP payload as the agent mirrors it: v3 in network order, v2 with
 * its time header in the sender's (little-endian) order, as siptrace and
 * sngrep write them. */
static void hep_wrap(struct buf *out, const struct hepopt *h, const struct ep *s, const struct ep *d,
                     bool tcp, int64_t usec, const uint8_t *sip, size_t len)
{
	bool v6 = s->addr.family == 6;
	size_t alen = v6 ? 16 : 4;
	uint32_t sec = (uint32_t)(usec / 1000000), us = (uint32_t)(usec % 1000000);
	if (h->version == 2) {
		buf_u8(out, 2);
		buf_u8(out, (unsigned)(8 + 2 * alen));
		buf_u8(out, v6 ? 10 : 2);
		buf_u8(out, tcp ? 6 : 17);
		buf_u16(out, s->port);
		buf_u16(out, d->port);
		buf_add(out, s->addr.a, alen);
		buf_add(out, d->addr.a, alen);
		uint8_t t[12] = {
			(uint8_t)sec, (uint8_t)(sec >> 8), (uint8_t)(sec >> 16), (uint8_t)(sec >> 24),
			(uint8_t)us, (uint8_t)(us >> 8), (uint8_t)(us >> 16), (uint8_t)(us >> 24),
			(uint8_t)h->capid, (uint8_t)(h->capid >> 8), 0, 0,
		};
		buf_add(out, t, sizeof t);
		buf_add(out, sip, len);
		return;
	}
	struct buf b = {0};
	buf_str(&b, "HEP3");
	buf_u16(&b, 0);
	uint8_t fam = v6 ? 10 : 2, proto = tcp ? 6 : 17, ptype = 1;
	hep_chunk(&b, 1, &fam, 1);
	hep_chunk(&b, 2, &proto, 1);
	hep_chunk(&b, v6 ? 5 : 3, s->addr.a, alen);
	hep_chunk(&b, v6 ? 6 : 4, d->addr.a, alen);
	uint8_t p[2];
	put16(p, s->port);
	hep_chunk(&b, 7, p, 2);
	put16(p, d->port);
	hep_chunk(&b, 8, p, 2);
	hep_chunk_u32(&b, 9, sec);
	hep_chunk_u32(&b, 10, us);
	hep_chunk(&b, 11, &ptype, 1);
	hep_chunk_u32(&b, 12, h->capid);
	if (h->key)
		hep_chunk(&b, 14, h->key, strlen(h->key));
	if (h->name)
		hep_chunk(&b, 19, h->name, strlen(h->name));
	if (h->chunk[0])
		add_hex(&b, h->chunk);
	hep_chunk(&b, 15, sip, len);
	if (b.len > 65535)
		die("HEP3 packet of %zu bytes is too long", b.len);
	put16(b.p + 4, (unsigned)b.len);
	buf_add(out, b.p, b.len);
	buf_free(&b);
}

static int64_t parse_time(const char *s)
{
	char *end;
	errno = 0;
	long long secs = strtoll(s, &end, 10);
	if (end == s || errno || secs < 0)
		die("bad time '%s'", s);
	long usec = 0;
	if (*end == '.') {
		int digits = 0;
		for (end++; isdigit((unsigned char)*end); end++) {
			if (digits < 6) {
				usec = usec * 10 + (*end - '0');
				digits++;
			}
		}
		for (; digits < 6; digits++)
			usec *= 10;
	}
	if (*end)
		die("bad time '%s'", s);
	return (start_epoch + secs) * 1000000 + usec;
}

static void parse_ipopt(struct ipopts *o, const char *w, int *nseg, bool *exact, bool *hex)
{
	if (starts(w, "ttl=")) {
		o->ttl = (int)parse_num(w + 4, "ttl");
	} else if (starts(w, "id=")) {
		o->id = parse_num(w + 3, "id");
	} else if (starts(w, "frag=")) {
		o->frag = (int)parse_num(w + 5, "frag");
		if (o->frag < 1 || o->frag > 64)
			die("frag= must be 1..64");
	} else if (starts(w, "order=")) {
		char tmp[256];
		snprintf(tmp, sizeof tmp, "%s", w + 6);
		char *save = NULL;
		for (char *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			if (o->norder == 64)
				die("order= too long");
			o->order[o->norder++] = (int)parse_num(t, "order");
		}
	} else if (starts(w, "dup=")) {
		if (o->ndup == 64)
			die("too many dup=");
		o->dup[o->ndup++] = (int)parse_num(w + 4, "dup");
	} else if (starts(w, "seg=") && nseg) {
		*nseg = (int)parse_num(w + 4, "seg");
		if (*nseg < 1 || *nseg > 10000)
			die("seg= must be 1..10000");
	} else if (starts(w, "ext6=")) {
		char tmp[256];
		snprintf(tmp, sizeof tmp, "%s", w + 5);
		char *save = NULL;
		for (char *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			if (o->next6 == 8)
				die("ext6= too long");
			if (strcmp(t, "hop") == 0 && o->next6 == 0) o->ext6[o->next6++] = 0;
			else if (strcmp(t, "dst") == 0) o->ext6[o->next6++] = 60;
			else if (strcmp(t, "route") == 0) o->ext6[o->next6++] = 43;
			else die("ext6=: '%s' (hop first, dst, route)", t);
		}
	} else if (starts(w, "snap=")) {
		o->snap = (size_t)parse_num(w + 5, "snap");
	} else if (strcmp(w, "exact") == 0 && exact) {
		*exact = true;
	} else if (strcmp(w, "hex") == 0 && hex) {
		*hex = true;
	} else {
		die("unknown option '%s'", w);
	}
}

/* Body lines of the block starting at line i+1, up to a terminator; returns
 * the index of the terminator.  Comment lines are skipped, trailing blank
 * lines dropped. */
static int collect_body(int i, char ***out, int *nout)
{
	static char **body;
	static int cap;
	int n = 0;
	int j = i + 1;
	for (; j < nlines && !ends_block(lines[j]); j++) {
		if (is_comment(lines[j]))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			body = realloc(body, (size_t)cap * sizeof *body);
			if (!body)
				die("out of memory");
		}
		body[n++] = lines[j];
	}
	while (n > 0 && is_blank(body[n - 1]))
		n--;
	*out = body;
	*nout = n;
	return j;
}

static void check_families(const struct ep *s, const struct ep *d)
{
	if (s->addr.family != d->addr.family)
		die("source and destination are not the same address family");
}

/* Handles the block whose "===" line is lines[i]; returns the index of the
 * line after it. */
static int do_block(int i)
{
	char head[4096];
	snprintf(head, sizeof head, "%s", lines[i] + 3);
	char *w[WORDS_MAX];
	int n = split_words(head, w, WORDS_MAX);
	nblocks++;
	note_block(nblocks);
	if (n < 2)
		die("=== needs TIME KIND ...");
	int64_t usec = parse_time(w[0]);
	const char *kind = w[1];
	struct ipopts o = {.ttl = 64, .id = -1};

	if (strcmp(kind, "frame") == 0) {
		char **body;
		int nb;
		int next = collect_body(i, &body, &nb);
		struct buf b = {0};
		for (int k = 0; k < nb; k++)
			add_hex(&b, body[k]);
		if (b.len == 0)
			die("frame: no bytes");
		emit_frame(b.p, b.len, 0, usec, 0);
		buf_free(&b);
		return next;
	}
	if (strcmp(kind, "resend") == 0) {
		if (n != 3)
			die("resend needs a block number");
		/* "N" is the whole block N, "N:K" only its K-th frame */
		char tmp[64];
		snprintf(tmp, sizeof tmp, "%s", w[2]);
		char *colon = strchr(tmp, ':');
		long only = 0;
		if (colon) {
			*colon = 0;
			only = parse_num(colon + 1, "frame of block");
		}
		long blk = parse_num(tmp, "block");
		if (blk < 1 || blk >= nblocks || block_count[blk] == 0)
			die("resend %ld: no such earlier block with frames", blk);
		size_t first = block_first[blk], cnt = block_count[blk];
		if (colon) {
			if (only < 1 || (size_t)only > cnt)
				die("resend %ld:%ld: block %ld has %zu frames", blk, only, blk, cnt);
			first += (size_t)only - 1;
			cnt = 1;
		}
		for (size_t k = 0; k < cnt; k++) {
			struct frame f = frames[first + k];   /* copy: emit may move the array */
			uint8_t *copy = malloc(f.len);
			if (!copy)
				die("out of memory");
			memcpy(copy, f.data, f.len);
			emit_frame(copy, f.len, f.ip_off, usec + (int64_t)k, f.len - f.caplen ? f.caplen : 0);
			free(copy);
		}
		return i + 1;
	}

	if (n < 5 || strcmp(w[3], ">") != 0)
		die("expected: === TIME %s SRC > DST ...", kind);
	bool portless = strcmp(kind, "icmp") == 0;
	struct ep s = parse_ep(w[2], !portless), d = parse_ep(w[4], !portless);
	check_families(&s, &d);

	if (strcmp(kind, "syn") == 0 || strcmp(kind, "synack") == 0 || strcmp(kind, "rst") == 0 ||
	    strcmp(kind, "fin") == 0) {
		for (int k = 5; k < n; k++)
			parse_ipopt(&o, w[k], NULL, NULL, NULL);
		unsigned fl = strcmp(kind, "syn") == 0 ? TH_SYN :
			      strcmp(kind, "synack") == 0 ? TH_SYN | TH_ACK :
			      strcmp(kind, "rst") == 0 ? TH_RST : TH_FIN | TH_ACK;
		send_tcp(&s, &d, fl, NULL, 0, &o, usec);
		return i + 1;
	}
	if (strcmp(kind, "udp") == 0 || strcmp(kind, "tcp") == 0) {
		bool tcp = kind[0] == 't';
		int nseg = 1;
		bool exact = false, hex = false;
		struct hepopt h;
		memset(&h, 0, sizeof h);
		if (hep_defaults[0]) {
			char tmp[sizeof hep_defaults];
			snprintf(tmp, sizeof tmp, "%s", hep_defaults);
			char *hw[WORDS_MAX];
			int hn = split_words(tmp, hw, WORDS_MAX);
			for (int k = 0; k < hn; k++)
				if (!hep_option(&h, hw[k]))
					die("hep: unknown word '%s'", hw[k]);
		}
		for (int k = 5; k < n; k++)
			if (!hep_option(&h, w[k]))
				parse_ipopt(&o, w[k], tcp || h.over_tcp ? &nseg : NULL, &exact, &hex);
		struct buf payload = {0};
		int j = i;
		do {
			char **body;
			int nb;
			j = collect_body(j, &body, &nb);
			if (hex) {
				for (int k = 0; k < nb; k++)
					add_hex(&payload, body[k]);
			} else if (nb > 0) {
				build_sip(&payload, body, nb, exact);
			}
		} while (j < nlines && starts(lines[j], "+++"));
		if (payload.len == 0)
			die("%s packet with no payload", kind);
		if (h.version) {
			if (!h.have_agent || !h.have_collector)
				die("hep=%d needs agent=ADDR:PORT and collector=ADDR:PORT", h.version);
			check_families(&h.agent, &h.collector);
			struct buf wrapped = {0};
			hep_wrap(&wrapped, &h, &s, &d, tcp, h.have_time ? h.time : usec, payload.p, payload.len);
			if (h.over_tcp)
				send_tcp_data(&h.agent, &h.collector, wrapped.p, wrapped.len, nseg, &o, usec);
			else
				send_udp(&h.agent, &h.collector, wrapped.p, wrapped.len, &o, usec);
			buf_free(&wrapped);
		} else if (tcp)
			send_tcp_data(&s, &d, payload.p, payload.len, nseg, &o, usec);
		else
			send_udp(&s, &d, payload.p, payload.len, &o, usec);
		buf_free(&payload);
		return j;
	}
	if (strcmp(kind, "rtp") == 0) {
		/* count=N RTP packets (RFC 3550 header, 160 bytes of payload: 20 ms
		 * of G.711) every=SECONDS apart, from one SSRC; lose=K leaves out
		 * every K-th packet (a sequence gap the receiver would see);
		 * back=M sends M packets the other way too (SSRC + 1), interleaved
		 * in time as a call's two streams are */
		long count = 0, pt = 8, seq = 1000, lose = 0, back = 0;
		unsigned long ssrc = 0x11223344;
		int64_t every = 20000;
		for (int k = 5; k < n; k++) {
			if (!strncmp(w[k], "count=", 6))
				count = parse_num(w[k] + 6, "count");
			else if (!strncmp(w[k], "pt=", 3))
				pt = parse_num(w[k] + 3, "pt");
			else if (!strncmp(w[k], "seq=", 4))
				seq = parse_num(w[k] + 4, "seq");
			else if (!strncmp(w[k], "back=", 5))
				back = parse_num(w[k] + 5, "back");
			else if (!strncmp(w[k], "lose=", 5))
				lose = parse_num(w[k] + 5, "lose");
			else if (!strncmp(w[k], "ssrc=", 5))
				ssrc = strtoul(w[k] + 5, NULL, 16);
			else if (!strncmp(w[k], "every=", 6))
				every = parse_time(w[k] + 6);
			else
				parse_ipopt(&o, w[k], NULL, NULL, NULL);
		}
		if (count < 0 || count > 1000000 || back < 0 || back > 1000000 || count + back < 1 ||
		    pt < 0 || pt > 127 || lose < 0)
			die("rtp needs count=0..1000000, back=0..1000000 (one of them > 0), pt=0..127, lose>=0");
		uint8_t pkt[12 + 160];
		memset(pkt + 12, 0xd5, 160);
		long most = count > back ? count : back;
		for (long i2 = 0; i2 < 2 * most; i2++) {
			long k = i2 / 2;
			bool rev = i2 % 2;
			if (k >= (rev ? back : count))
				continue;
			if (!rev && lose && (k + 1) % lose == 0)
				continue;
			uint32_t ssrc_k = (uint32_t)ssrc + (rev ? 1 : 0);
			uint16_t sq = (uint16_t)(seq + k);
			uint32_t ts = (uint32_t)(k * 160);
			pkt[0] = 0x80;
			pkt[1] = (uint8_t)pt | (k == 0 ? 0x80 : 0);
			pkt[2] = (uint8_t)(sq >> 8);
			pkt[3] = (uint8_t)sq;
			pkt[4] = (uint8_t)(ts >> 24);
			pkt[5] = (uint8_t)(ts >> 16);
			pkt[6] = (uint8_t)(ts >> 8);
			pkt[7] = (uint8_t)ts;
			pkt[8] = (uint8_t)(ssrc_k >> 24);
			pkt[9] = (uint8_t)(ssrc_k >> 16);
			pkt[10] = (uint8_t)(ssrc_k >> 8);
			pkt[11] = (uint8_t)ssrc_k;
			send_udp(rev ? &d : &s, rev ? &s : &d, pkt, sizeof pkt, &o, usec + k * every + (rev ? 1 : 0));
		}
		char **unused_body;
		int unused_n;
		return collect_body(i, &unused_body, &unused_n);
	}
	if (strcmp(kind, "dns") == 0) {
		if (n < 8)
			die("dns needs query|response NAME TYPE");
		bool resp = strcmp(w[5], "response") == 0;
		if (!resp && strcmp(w[5], "query") != 0)
			die("dns: expected query or response, got '%s'", w[5]);
		long id = 1;
		int rcode = 0;
		for (int k = 8; k < n; k++) {
			if (starts(w[k], "id="))
				id = parse_num(w[k] + 3, "id");
			else if (starts(w[k], "rcode="))
				rcode = dns_rcode(w[k] + 6);
			else
				parse_ipopt(&o, w[k], NULL, NULL, NULL);
		}
		char **body;
		int nb;
		int next = collect_body(i, &body, &nb);
		if (!resp && nb)
			die("a dns query has no answers");
		struct buf m = {0};
		buf_u16(&m, (unsigned)id);
		buf_u16(&m, resp ? 0x8180u | (unsigned)rcode : 0x0100u);
		buf_u16(&m, 1);
		buf_u16(&m, (unsigned)nb);
		buf_u16(&m, 0);
		buf_u16(&m, 0);
		dns_name(&m, w[6]);
		buf_u16(&m, (unsigned)dns_type(w[7]));
		buf_u16(&m, 1);
		for (int k = 0; k < nb; k++) {
			char tmp[1024];
			snprintf(tmp, sizeof tmp, "%s", body[k]);
			cur_line = i + 2 + k;
			dns_answer(&m, tmp);
		}
		send_udp(&s, &d, m.p, m.len, &o, usec);
		buf_free(&m);
		return next;
	}
	if (strcmp(kind, "icmp") == 0) {
		if (n < 6)
			die("icmp needs a kind (port-unreachable ...)");
		const struct frame *q = NULL;
		for (int k = 6; k < n; k++) {
			if (strcmp(w[k], "quote=prev") == 0) {
				if (!nframes)
					die("quote=prev: no earlier frame");
				q = &frames[nframes - 1];
			} else if (starts(w[k], "quote=")) {
				long blk = parse_num(w[k] + 6, "quote");
				if (blk < 1 || blk >= nblocks || block_count[blk] == 0)
					die("quote=%ld: no such earlier block", blk);
				q = &frames[block_first[blk]];
			} else {
				parse_ipopt(&o, w[k], NULL, NULL, NULL);
			}
		}
		if (!q)
			die("icmp needs quote=prev or quote=N");
		if (q->ip_off >= q->caplen)
			die("icmp: the quoted frame has no IP packet");
		struct frame copy = *q;
		uint8_t *data = malloc(q->len);
		if (!data)
			die("out of memory");
		memcpy(data, q->data, q->caplen);
		copy.data = data;
		send_icmp(&s.addr, &d.addr, w[5], &copy, &o, usec);
		free(data);
		return i + 1;
	}
	if (strcmp(kind, "tls") == 0) {
		if (n < 6)
			die("tls needs a record kind");
		struct buf rec = {0};
		build_tls(&rec, w + 5, n - 5);
		send_tcp(&s, &d, TH_ACK | TH_PSH, rec.p, rec.len, &o, usec);
		buf_free(&rec);
		return i + 1;
	}
	die("unknown packet kind '%s'", kind);
}

/* ---- damage ------------------------------------------------------------------------ */

static void damage_file(const char *path)
{
	if (corrupt_frame > 0) {
		if ((size_t)corrupt_frame > nframes)
			die("corrupt: frame %ld: only %zu frames", corrupt_frame, nframes);
		corrupt_offset = frames[corrupt_frame - 1].rec_off;
	}
	if (corrupt_offset >= 0) {
		if (corrupt_offset + 16 > file_pos)
			die("corrupt: offset %ld is past the end (%ld bytes)", corrupt_offset, file_pos);
		FILE *f = fopen(path, "r+b");
		if (!f)
			die("%s: %s", path, strerror(errno));
		/* a caplen/len no reader can accept, in the writer's byte order */
		uint32_t garbage[2] = {0x7ffffff0u, 0x7ffffff0u};
		if (fseek(f, corrupt_offset + 8, SEEK_SET) != 0 || fwrite(garbage, 4, 2, f) != 2)
			die("%s: cannot corrupt: %s", path, strerror(errno));
		fclose(f);
	}
	if (truncate_bytes > 0) {
		if (truncate_bytes >= file_pos - 24)
			die("truncate: %ld would cut into the file header", truncate_bytes);
		if (truncate(path, file_pos - truncate_bytes) != 0)
			die("%s: cannot truncate: %s", path, strerror(errno));
	}
}

int main(int argc, char **argv)
{
	int argi = 1;
	if (argi < argc && strcmp(argv[argi], "-v") == 0) {
		verbose = true;
		argi++;
	}
	if (argc - argi != 2) {
		fprintf(stderr, "usage: scn2pcap [-v] SCENARIO OUT.pcap\n");
		return 2;
	}
	scn_name = argv[argi];
	read_lines(scn_name);

	int i = 0;
	for (; i < nlines && !starts(lines[i], "==="); i++) {
		cur_line = i + 1;
		char *l = lines[i];
		if (is_comment(l) || trim(l)[0] == 0 || starts(l, "expect "))
			continue;
		char tmp[4096];
		snprintf(tmp, sizeof tmp, "%s", l);
		header_line(tmp);
	}

	pcap_t *dead = pcap_open_dead(link_dlt(), snaplen);
	if (!dead) {
		fprintf(stderr, "scn2pcap: pcap_open_dead failed\n");
		return 2;
	}
	out_path = argv[argi + 1];
	dumper = pcap_dump_open(dead, out_path);
	if (!dumper) {
		fprintf(stderr, "scn2pcap: %s\n", pcap_geterr(dead));
		return 2;
	}

	while (i < nlines) {
		cur_line = i + 1;
		char *l = lines[i];
		if (starts(l, "===")) {
			i = do_block(i);
		} else if (is_comment(l) || trim(l)[0] == 0 || starts(l, "expect ")) {
			i++;
		} else if (starts(l, "+++")) {
			die("+++ only inside a udp or tcp block");
		} else {
			die("unexpected line outside a packet: '%s'", l);
		}
	}
	pcap_dump_close(dumper);
	pcap_close(dead);
	cur_line = 0;
	if (nframes == 0)
		die("no packets");
	damage_file(out_path);

	for (size_t k = 0; k < nframes; k++)
		free(frames[k].data);
	free(frames);
	free(block_first);
	free(block_count);
	for (int k = 0; k < nlines; k++)
		free(lines[k]);
	free(lines);
	return 0;
}
