/*
 * pcapout.c - copies the wanted frames out of the capture files into the
 * export's pcap (or rebuilds the SIP messages when no file can be re-read),
 * and the small frame walker the redaction uses to fix checksums.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "report/pcapout.h"
#include "report/redact.h"
#include "store/store.h"
#include "net/tunnel.h"
#include "base/wire.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif

#define SNAPLEN 262144

/* ---- frame walking ---- */

/* Finds where the IP header starts after the link layer.  Handles the link
 * types the pipeline reads: Ethernet (with VLAN/QinQ tags and PPPoE), Linux
 * cooked v1/v2, BSD loopback and raw IP. */
static bool link_ip_offset(const uint8_t *p, size_t caplen, int dlt, size_t *off)
{
	uint32_t af;
	size_t o;
	uint16_t et;

	switch (dlt) {
	case DLT_EN10MB:
		if (caplen < 14)
			return false;
		et = rd16(p + 12);
		o = 14;
		while ((et == 0x8100 || et == 0x88a8 || et == 0x9100) && caplen >= o + 4) {
			et = rd16(p + o + 2);
			o += 4;
		}
		if (et == 0x8864 && caplen >= o + 8) {   /* PPPoE session: PPP protocol */
			uint16_t ppp = rd16(p + o + 6);
			et = ppp == 0x0021 ? 0x0800 : ppp == 0x0057 ? 0x86dd : 0;
			o += 8;
		}
		if (et != 0x0800 && et != 0x86dd)
			return false;
		*off = o;
		break;
	case DLT_LINUX_SLL:
		if (caplen < 16)
			return false;
		et = rd16(p + 14);
		if (et != 0x0800 && et != 0x86dd)
			return false;
		*off = 16;
		break;
	case DLT_LINUX_SLL2:
		if (caplen < 20)
			return false;
		et = rd16(p);
		if (et != 0x0800 && et != 0x86dd)
			return false;
		*off = 20;
		break;
	case DLT_NULL:
	case DLT_LOOP:
		if (caplen < 4)
			return false;
		/* the family is in the writer's byte order: accept either */
		memcpy(&af, p, 4);
		if (af > 0xffff)
			af = __builtin_bswap32(af);
		if (af != 2 && af != 24 && af != 28 && af != 30)
			return false;
		*off = 4;
		break;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
#if defined(DLT_RAW) && DLT_RAW != 12
	case 12:
#endif
#if DLT_RAW != 14
	case 14:
#endif
		*off = 0;
		break;
	default:
		return false;
	}
	if (*off >= caplen)
		return false;
	unsigned ver = p[*off] >> 4;
	return ver == 4 || ver == 6;
}

/* Where a tunnelled IP packet starts inside a UDP (GTP-U) or GRE payload,
 * or 0 when there is none. */
static size_t tunnel_inner(const uint8_t *p, size_t avail, uint8_t proto, uint16_t sport,
                           uint16_t dport)
{
	size_t o = 0;
	if (proto == 17 && (sport == 2152 || dport == 2152)) {
		/* GTP-U: 8 bytes, 4 more with E/S/PN, then extension headers */
		if (avail < 8 + 8 || (p[8] >> 5) != 1 || p[9] != 0xff)
			return 0;
		uint8_t flags = p[8];
		o = 8 + 8;
		if (flags & 0x07) {
			if (avail < o + 4)
				return 0;
			uint8_t next = (flags & 0x04) ? p[o + 3] : 0;
			o += 4;
			for (int guard = 0; next && guard < 8; guard++) {
				if (o >= avail || !p[o])
					return 0;
				size_t len = (size_t)p[o] * 4;
				if (o + len > avail)
					return 0;
				next = p[o + len - 1];
				o += len;
			}
		}
	} else if (proto == 47) {
		uint16_t pt, ppp;
		o = gre_header_len(p, avail, &pt);
		if (!o)
			return 0;
		if (pt == 0x880b) {
			/* PPP in GRE (PPTP) */
			size_t ph = ppp_header_len(p + o, avail - o, &ppp);
			if (!ph || (ppp != 0x0021 && ppp != 0x0057))
				return 0;
			o += ph;
		} else if (pt != 0x0800 && pt != 0x86dd) {
			return 0;
		}
	} else {
		return 0;
	}
	if (o >= avail || ((p[o] >> 4) != 4 && (p[o] >> 4) != 6))
		return 0;
	return o;
}

/* Fills f from the IP packet at ip; descends into IP-in-IP, GRE and GTP-U
 * so the flow is the one the SIP travelled in, as the store records it. */
static bool flow_at(const uint8_t *ip, size_t avail, size_t base, struct pkt_flow *f, int depth)
{
	size_t l4 = 0;
	uint8_t family = 0, proto = 0;
	bool fragment = false;
	if ((ip[0] >> 4) == 4) {
		if (avail < 20)
			return false;
		size_t hl = (size_t)(ip[0] & 15) * 4;
		if (hl < 20 || hl > avail)
			return false;
		family = 4;
		proto = ip[9];
		uint16_t frag = rd16(ip + 6);
		fragment = (frag & 0x3fff) != 0;
		l4 = (frag & 0x1fff) ? 0 : hl;   /* no L4 header in a later fragment */
	} else if ((ip[0] >> 4) == 6) {
		if (avail < 40)
			return false;
		family = 6;
		uint8_t nh = ip[6];
		size_t o = 40;
		for (int guard = 0; guard < 8; guard++) {
			if (nh == 0 || nh == 43 || nh == 60) {
				if (o + 8 > avail) {
					o = 0;
					break;
				}
				nh = ip[o];
				o += ((size_t)ip[o + 1] + 1) * 8;
			} else if (nh == 44) {
				if (o + 8 > avail) {
					o = 0;
					break;
				}
				uint16_t fo = rd16(ip + o + 2);
				fragment = (fo & 0xfff9) != 0;
				nh = ip[o];
				o += (fo & 0xfff8) ? 0 : 8;
				if (fo & 0xfff8) {
					o = 0;
					break;
				}
			} else {
				break;
			}
		}
		proto = nh;
		l4 = o > avail ? 0 : o;
	} else {
		return false;
	}
	uint16_t sport = 0, dport = 0;
	if ((proto == 17 || proto == 6) && l4 && l4 + 4 <= avail) {
		sport = rd16(ip + l4);
		dport = rd16(ip + l4 + 2);
	}
	if (l4 && !fragment && depth < 4) {
		size_t inner = 0;
		if (proto == 4 || proto == 41)
			inner = l4;
		else if ((inner = tunnel_inner(ip + l4, avail - l4, proto, sport, dport)) != 0)
			inner += l4;
		if (inner && inner < avail) {
			struct pkt_flow in = *f;
			if (flow_at(ip + inner, avail - inner, base + inner, &in, depth + 1)) {
				*f = in;
				return true;
			}
		}
	}
	f->family = family;
	f->proto = proto;
	memcpy(f->src, ip + (family == 4 ? 12 : 8), family == 4 ? 4 : 16);
	memcpy(f->dst, ip + (family == 4 ? 16 : 24), family == 4 ? 4 : 16);
	f->fragment = fragment;
	f->sport = sport;
	f->dport = dport;
	f->payload_off = f->payload_len = 0;
	size_t hl = 0;
	if (proto == 17 && l4 && l4 + 8 <= avail)
		hl = 8;
	else if (proto == 6 && l4 && l4 + 20 <= avail && (size_t)(ip[l4 + 12] >> 4) * 4 >= 20)
		hl = (size_t)(ip[l4 + 12] >> 4) * 4;
	if (hl && l4 + hl <= avail) {
		/* the IP length bounds the payload (Ethernet pads short frames) */
		size_t end = avail;
		if (family == 4 && rd16(ip + 2) <= avail)
			end = rd16(ip + 2);
		else if (family == 6 && 40 + (size_t)rd16(ip + 4) <= avail)
			end = 40 + (size_t)rd16(ip + 4);
		if (end > l4 + hl) {
			f->payload_off = base + l4 + hl;
			f->payload_len = end - l4 - hl;
		}
	}
	return true;
}

bool pkt_flow(const uint8_t *pkt, size_t caplen, int dlt, struct pkt_flow *f)
{
	size_t off;

	memset(f, 0, sizeof *f);
	if (!link_ip_offset(pkt, caplen, dlt, &off))
		return false;
	f->ip_off = off;
	return flow_at(pkt + off, caplen - off, off, f, 0);
}

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
	while (n > 1) {
		s += rd16(p);
		p += 2;
		n -= 2;
	}
	if (n)
		s += (uint32_t)p[0] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Redoes the L4 checksum over a complete segment (pseudo-header sum given). */
static void fix_l4(uint8_t *l4, size_t l4len, uint8_t proto, uint32_t pseudo)
{
	size_t at;
	switch (proto) {
	case 17: at = 6; break;
	case 6: at = 16; break;
	case 1: at = 2; pseudo = 0; break;    /* ICMPv4 has no pseudo-header */
	case 58: at = 2; break;
	default: return;
	}
	if (l4len < at + 2)
		return;
	if (proto == 17 && rd16(l4 + 6) == 0 && pseudo != 0 && l4len >= 8) {
		/* UDP over IPv4 sent without a checksum stays without one; the
		 * caller passes pseudo with the IPv6 marker bit when it is
		 * mandatory. */
		if (!(pseudo & 0x80000000u))
			return;
	}
	pseudo &= 0x7fffffffu;
	wr16(l4 + at, 0);
	uint16_t c = fold(sum16(l4, l4len, pseudo));
	if (proto == 17 && c == 0)
		c = 0xffff;
	wr16(l4 + at, c);
}

static void fix_ip(uint8_t *ip, size_t avail, int depth);

/* A GRE or GTP-U payload carries an IP packet whose text the redaction may
 * have changed: its checksums first, then the GRE checksum when the header
 * has one (the outer UDP checksum of GTP-U is the caller's, after this,
 * since it covers the inner packet). */
static void fix_tunnel(uint8_t *l4, size_t l4len, uint8_t proto, int depth)
{
	if (depth >= 4 || (proto != 47 && proto != 17) || l4len < 8)
		return;
	size_t inner = tunnel_inner(l4, l4len, proto, rd16(l4), rd16(l4 + 2));
	if (!inner)
		return;
	fix_ip(l4 + inner, l4len - inner, depth + 1);
	if (proto == 47 && (rd16(l4) & 0x8000)) {
		wr16(l4 + 4, 0);
		wr16(l4 + 4, fold(sum16(l4, l4len, 0)));
	}
}

static void fix_ipv4(uint8_t *ip, size_t avail, int depth)
{
	if (avail < 20)
		return;
	size_t hl = (size_t)(ip[0] & 15) * 4;
	if (hl < 20 || hl > avail)
		return;
	wr16(ip + 10, 0);
	wr16(ip + 10, fold(sum16(ip, hl, 0)));
	size_t tot = rd16(ip + 2);
	if (tot < hl)
		return;
	uint8_t proto = ip[9];
	uint16_t frag = rd16(ip + 6);
	uint8_t *l4 = ip + hl;
	size_t l4len = tot - hl;
	bool full = avail >= tot;
	if (frag & 0x3fff) {
		/* a fragment's UDP checksum covers bytes in other frames */
		if (!(frag & 0x1fff) && proto == 17 && avail >= hl + 8)
			wr16(l4 + 6, 0);
		return;
	}
	if ((proto == 4 || proto == 41) && depth < 4) {
		fix_ip(l4, avail - hl, depth + 1);
		return;
	}
	if (!full) {
		if (proto == 17 && avail >= hl + 8)
			wr16(l4 + 6, 0);
		return;
	}
	if (proto == 1 && l4len >= 28 && (l4[8] >> 4) == 4) {
		/* the IPv4 header quoted by an ICMP error */
		size_t qhl = (size_t)(l4[8] & 15) * 4;
		if (qhl >= 20 && 8 + qhl <= l4len) {
			wr16(l4 + 8 + 10, 0);
			wr16(l4 + 8 + 10, fold(sum16(l4 + 8, qhl, 0)));
		}
	}
	fix_tunnel(l4, l4len, proto, depth);
	uint32_t pseudo = sum16(ip + 12, 8, 0) + proto + (uint32_t)l4len;
	fix_l4(l4, l4len, proto, pseudo);
}

static void fix_ipv6(uint8_t *ip, size_t avail, int depth)
{
	if (avail < 40)
		return;
	size_t tot = 40 + (size_t)rd16(ip + 4);
	uint8_t nh = ip[6];
	size_t o = 40;
	for (int guard = 0; guard < 8; guard++) {
		if (nh == 0 || nh == 43 || nh == 60) {
			if (o + 8 > avail)
				return;
			nh = ip[o];
			o += ((size_t)ip[o + 1] + 1) * 8;
		} else if (nh == 44) {
			if (o + 8 > avail)
				return;
			if (rd16(ip + o + 2) & 0xfff9)
				return;   /* fragmented: the checksum spans frames */
			nh = ip[o];
			o += 8;
		} else {
			break;
		}
	}
	if (o > tot || tot > avail)
		return;
	uint8_t *l4 = ip + o;
	size_t l4len = tot - o;
	if ((nh == 4 || nh == 41) && depth < 4) {
		fix_ip(l4, avail - o, depth + 1);
		return;
	}
	fix_tunnel(l4, l4len, nh, depth);
	uint32_t pseudo = sum16(ip + 8, 32, 0) + nh + (uint32_t)l4len;
	fix_l4(l4, l4len, nh, pseudo | 0x80000000u);
}

static void fix_ip(uint8_t *ip, size_t avail, int depth)
{
	if (avail < 1)
		return;
	if ((ip[0] >> 4) == 4)
		fix_ipv4(ip, avail, depth);
	else if ((ip[0] >> 4) == 6)
		fix_ipv6(ip, avail, depth);
}

void pkt_fix_checksums(uint8_t *pkt, size_t caplen, uint32_t wirelen, int dlt)
{
	size_t off;
	(void)wirelen;   /* a cut frame shows as an IP length beyond caplen */
	if (link_ip_offset(pkt, caplen, dlt, &off))
		fix_ip(pkt + off, caplen - off, 0);
}

const char *pcapout_link_name(int dlt)
{
	const char *n = pcap_datalink_val_to_name(dlt);
	return n ? n : "unknown";
}

/* ---- frame map ---- */

uint32_t frame_map_find(const struct frame_map *m, uint32_t orig)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->pair[mid].orig < orig)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && m->pair[lo].orig == orig ? m->pair[lo].exported : 0;
}

void frame_map_free(struct frame_map *m)
{
	free(m->pair);
	memset(m, 0, sizeof *m);
}

/* Pairs arrive in ascending original order (capture order). */
static bool frame_map_push(struct frame_map *m, uint32_t orig, uint32_t exported)
{
	if (m->n == m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 256;
		struct frame_pair *n = realloc(m->pair, nc * sizeof *n);
		if (!n)
			return false;
		m->pair = n;
		m->cap = nc;
	}
	m->pair[m->n++] = (struct frame_pair){ orig, exported };
	return true;
}

/* ---- the frames kept in memory until every source was read ---- */

struct held_frame {
	struct pcap_pkthdr hdr;
	uint32_t orig;            /* 0: a continuation of a rebuilt message */
	int dlt;                  /* the link type of the file it came from */
	uint8_t *data;
};
struct held {
	struct held_frame *f;
	size_t n, cap;
};

static void held_free(struct held *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->f[i].data);
	free(h->f);
	memset(h, 0, sizeof *h);
}

static bool held_push(struct held *h, const struct pcap_pkthdr *hdr, const uint8_t *data,
                      uint32_t orig, int dlt)
{
	if (h->n == h->cap) {
		size_t nc = h->cap ? h->cap * 2 : 256;
		struct held_frame *n = realloc(h->f, nc * sizeof *n);
		if (!n)
			return false;
		h->f = n;
		h->cap = nc;
	}
	uint8_t *copy = malloc(hdr->caplen ? hdr->caplen : 1);
	if (!copy)
		return false;
	memcpy(copy, data, hdr->caplen);
	h->f[h->n++] = (struct held_frame){ *hdr, orig, dlt, copy };
	return true;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_want(const void *a, const void *b)
{
	const struct pcap_want *x = a, *y = b;
	return x->first < y->first ? -1 : x->first > y->first;
}

static bool ep_matches(const struct endpoint *ep, const uint8_t *addr, uint8_t family)
{
	return ep && ep->family == family && !memcmp(ep->addr, addr, family == 4 ? 4 : 16);
}

/* Does this frame belong to the flow of a reassembled message? */
static bool in_flow(const struct store *st, const struct pcap_want *w, const struct pkt_flow *f)
{
	const struct endpoint *s = store_ep(st, w->src), *d = store_ep(st, w->dst);
	if (!f->family || !ep_matches(s, f->src, f->family) || !ep_matches(d, f->dst, f->family))
		return false;
	if (f->sport == 0 && f->dport == 0)
		return f->fragment;   /* a later IP fragment carries no ports */
	return f->sport == s->port && f->dport == d->port;
}

/* The TCP connections whose every frame is wanted. */
struct conn {
	const struct endpoint *a, *b;
};

static bool conn_matches(const struct conn *c, const struct pkt_flow *f)
{
	if (f->proto != 6 || !f->family)
		return false;
	bool fwd = ep_matches(c->a, f->src, f->family) && ep_matches(c->b, f->dst, f->family) &&
	           f->sport == c->a->port && f->dport == c->b->port;
	bool rev = ep_matches(c->b, f->src, f->family) && ep_matches(c->a, f->dst, f->family) &&
	           f->sport == c->b->port && f->dport == c->a->port;
	return fwd || rev;
}

/* Copy mode: reads every source in order, numbering frames across them. */
static bool copy_from_sources(const struct store *st, struct pcap_want *want, size_t nwant,
                              struct held *out, int *dlt_out, bool *mixed, char *why,
                              size_t whylen)
{
	size_t nsrc = store_source_count(st);
	uint32_t *singles = malloc((nwant ? nwant : 1) * sizeof *singles);
	size_t nsingles = 0, *active = malloc((nwant ? nwant : 1) * sizeof *active), nactive = 0;
	struct conn *conns = malloc((nwant ? nwant : 1) * sizeof *conns);
	size_t nconns = 0;
	uint32_t maxf = 0;
	bool ok = true;

	if (!singles || !active || !conns) {
		snprintf(why, whylen, "out of memory");
		free(singles);
		free(active);
		free(conns);
		return false;
	}
	for (size_t i = 0; i < nwant; i++) {
		const struct endpoint *a = want[i].tcp ? store_ep(st, want[i].src) : NULL;
		const struct endpoint *b = want[i].tcp ? store_ep(st, want[i].dst) : NULL;
		if (a && b) {
			bool known = false;
			for (size_t k = 0; k < nconns && !known; k++)
				known = (conns[k].a == a && conns[k].b == b) || (conns[k].a == b && conns[k].b == a);
			if (!known)
				conns[nconns++] = (struct conn){ a, b };
		}
		singles[nsingles++] = want[i].first;
		if (want[i].last > maxf)
			maxf = want[i].last;
		if (want[i].first > maxf)
			maxf = want[i].first;
	}
	qsort(singles, nsingles, sizeof *singles, cmp_u32);

	*dlt_out = -1;
	*mixed = false;
	uint32_t maxw = maxf;    /* the last frame wanted for itself */
	if (nconns)
		maxf = UINT32_MAX;   /* a connection may go on after its last message */
	uint32_t frame = 0;
	size_t next_range = 0, next_single = 0;
	for (size_t s = 0; s < nsrc && ok && frame < maxf; s++) {
		const struct store_source *src = store_source_get(st, (uint16_t)s);
		char perr[PCAP_ERRBUF_SIZE] = "";
		if (!src || src->live || !src->name || !strcmp(src->name, "-")) {
			if (frame >= maxw)
				break;   /* only a connection's later packets are there */
			snprintf(why, whylen, "source %zu is a live capture or standard input", s + 1);
			ok = false;
			break;
		}
		pcap_t *pc = pcap_open_offline_with_tstamp_precision(src->name,
		                                                     PCAP_TSTAMP_PRECISION_MICRO, perr);
		if (!pc) {
			snprintf(why, whylen, "cannot re-read %.120s: %.100s", src->name, perr);
			ok = false;
			break;
		}
		int dlt = pcap_datalink(pc);
		if (*dlt_out == -1)
			*dlt_out = dlt;
		else if (*dlt_out != dlt)
			*mixed = true;
		struct pcap_pkthdr *hdr;
		const u_char *data;
		int rc;
		while (frame < maxf && (rc = pcap_next_ex(pc, &hdr, &data)) == 1) {
			frame++;
			bool take = false;
			while (next_single < nsingles && singles[next_single] < frame)
				next_single++;
			if (next_single < nsingles && singles[next_single] == frame)
				take = true;
			/* ranges that have started and not ended */
			while (next_range < nwant && want[next_range].first <= frame) {
				if (want[next_range].last > want[next_range].first)
					active[nactive++] = next_range;
				next_range++;
			}
			struct pkt_flow fl;
			bool have_flow = false;
			for (size_t k = 0; k < nactive;) {
				const struct pcap_want *w = &want[active[k]];
				if (w->last < frame) {
					active[k] = active[--nactive];
					continue;
				}
				if (!take) {
					if (!have_flow) {
						pkt_flow(data, hdr->caplen, dlt, &fl);
						have_flow = true;
					}
					if (w->last == frame || in_flow(st, w, &fl))
						take = true;
				}
				k++;
			}
			if (!take && nconns) {
				if (!have_flow) {
					pkt_flow(data, hdr->caplen, dlt, &fl);
					have_flow = true;
				}
				for (size_t k = 0; k < nconns && !take; k++)
					take = conn_matches(&conns[k], &fl);
			}
			if (take && !held_push(out, hdr, data, frame, dlt)) {
				snprintf(why, whylen, "out of memory");
				ok = false;
				break;
			}
		}
		pcap_close(pc);
	}
	if (ok && frame < maxw) {
		snprintf(why, whylen, "the capture files hold %u frames, fewer than the %u the store knows: "
		         "were they changed?", frame, maxw);
		ok = false;
	}
	free(singles);
	free(active);
	free(conns);
	return ok;
}

/* The frame numbers only mean what we think if the SIP message the store
 * put at frame N is in frame N: check the Call-ID of every message that
 * came whole in one frame. */
static bool numbering_agrees(const struct store *st, const struct held *h, char *why, size_t whylen)
{
	for (size_t i = 0; i < h->n; i++) {
		uint32_t mi = store_msg_by_frame(st, h->f[i].orig);
		if (mi == NONE_U32)
			continue;
		const struct sip_msg *m = store_msg(st, mi);
		if (!m || (m->flags & (MF_REASSEMBLED | MF_IP_FRAGMENTED)))
			continue;
		struct sip_msg_extra x;
		store_msg_extra(st, m, &x);
		if (x.first_frame != m->frame)
			continue;
		const char *cid = store_str(st, store_msg_call_id(st, m));
		size_t cl = strlen(cid);
		if (cl < 4)
			continue;
		if (!memmem(h->f[i].data, h->f[i].hdr.caplen, cid, cl)) {
			snprintf(why, whylen, "frame %u of the capture files does not hold the SIP message "
			         "the store has there", h->f[i].orig);
			return false;
		}
	}
	return true;
}

/* ---- rebuild mode: SIP messages as raw IP packets ---- */

struct tcp_seq {
	ep_id src, dst;
	uint32_t seq;
};

static size_t build_packet(uint8_t *pkt, size_t cap, const struct endpoint *s, const struct endpoint *d,
                           bool tcp, uint32_t seq, const char *payload, size_t plen, uint16_t ipid)
{
	size_t l4h = tcp ? 20 : 8, iph = s->family == 6 ? 40 : 20;
	if (iph + l4h + plen > cap)
		plen = cap - iph - l4h;
	size_t l4len = l4h + plen;
	memset(pkt, 0, iph + l4h);
	if (s->family == 6) {
		pkt[0] = 0x60;
		wr16(pkt + 4, (uint16_t)l4len);
		pkt[6] = tcp ? 6 : 17;
		pkt[7] = 64;
		memcpy(pkt + 8, s->addr, 16);
		memcpy(pkt + 24, d->addr, 16);
	} else {
		pkt[0] = 0x45;
		wr16(pkt + 2, (uint16_t)(iph + l4len));
		wr16(pkt + 4, ipid);
		pkt[8] = 64;
		pkt[9] = tcp ? 6 : 17;
		memcpy(pkt + 12, s->addr, 4);
		memcpy(pkt + 16, d->addr, 4);
	}
	uint8_t *l4 = pkt + iph;
	wr16(l4, s->port);
	wr16(l4 + 2, d->port);
	if (tcp) {
		l4[4] = (uint8_t)(seq >> 24); l4[5] = (uint8_t)(seq >> 16);
		l4[6] = (uint8_t)(seq >> 8); l4[7] = (uint8_t)seq;
		l4[12] = 5 << 4;
		l4[13] = 0x18;          /* PSH ACK */
		wr16(l4 + 14, 65535);
	} else {
		wr16(l4 + 4, (uint16_t)l4len);
	}
	memcpy(l4 + l4h, payload, plen);
	if (s->family == 4)
		wr16(l4 + (tcp ? 16 : 6), 1);   /* non-zero: fix_ip recomputes it */
	fix_ip(pkt, iph + l4len, 0);
	return iph + l4len;
}

static bool rebuild_sip(const struct store *st, const struct pcap_want *want, size_t nwant,
                        struct held *out, struct pcapout_result *res)
{
	size_t bufcap = SIP_MSG_MAX + 1;
	char *buf = malloc(bufcap);
	uint8_t *pkt = malloc(65535);
	struct tcp_seq *seqs = NULL;
	size_t nseqs = 0;
	bool ok = buf && pkt;
	uint16_t ipid = 1;

	for (size_t i = 0; ok && i < nwant; i++) {
		/* the store numbers a message by the frame that completes it */
		uint32_t mi = store_msg_by_frame(st, want[i].last);
		const struct sip_msg *m = mi == NONE_U32 ? NULL : store_msg(st, mi);
		const struct endpoint *s = m ? store_ep(st, m->src) : NULL;
		const struct endpoint *d = m ? store_ep(st, m->dst) : NULL;
		long n = m ? store_msg_raw(st, mi, buf, bufcap) : -1;
		if (!m || !s || !d || n < 0 || s->family != d->family ||
		    (s->family != 4 && s->family != 6)) {
			res->missing++;
			continue;
		}
		bool tcp = m->transport != TP_UDP && m->transport != TP_UNKNOWN;
		size_t chunk = tcp ? 1400 : 65000, done = 0;
		uint32_t *seqp = NULL;
		if (tcp) {
			for (size_t k = 0; k < nseqs; k++)
				if (seqs[k].src == m->src && seqs[k].dst == m->dst)
					seqp = &seqs[k].seq;
			if (!seqp) {
				struct tcp_seq *ns = realloc(seqs, (nseqs + 1) * sizeof *ns);
				if (!ns) {
					ok = false;
					break;
				}
				seqs = ns;
				seqs[nseqs] = (struct tcp_seq){ m->src, m->dst, 1000 };
				seqp = &seqs[nseqs++].seq;
			}
		}
		do {
			size_t part = (size_t)n - done < chunk ? (size_t)n - done : chunk;
			size_t len = build_packet(pkt, 65535, s, d, tcp, seqp ? *seqp : 0, buf + done, part, ipid++);
			if (seqp)
				*seqp += (uint32_t)part;
			struct pcap_pkthdr hdr = { .caplen = (uint32_t)len, .len = (uint32_t)len };
			hdr.ts.tv_sec = (time_t)(m->time / 1000000);
			hdr.ts.tv_usec = (suseconds_t)(m->time % 1000000);
			/* only the packet that completes a message carries its frame
			 * number, where tshark shows the reassembled message */
			bool last_part = done + part >= (size_t)n;
			if (!held_push(out, &hdr, pkt, last_part ? m->frame : 0, DLT_RAW)) {
				ok = false;
				break;
			}
			done += part;
		} while (done < (size_t)n);
	}
	free(buf);
	free(pkt);
	free(seqs);
	return ok;
}

/* Strips the link layer so frames of different link types fit one file. */
static void to_raw_ip(struct held_frame *f, int dlt)
{
	size_t off;
	if (!link_ip_offset(f->data, f->hdr.caplen, dlt, &off) || off == 0)
		return;
	memmove(f->data, f->data + off, f->hdr.caplen - off);
	f->hdr.caplen -= (uint32_t)off;
	f->hdr.len = f->hdr.len > off ? f->hdr.len - (uint32_t)off : f->hdr.caplen;
}

bool pcapout_write(const struct store *st, struct pcap_want *want, size_t nwant,
                   const struct redactor *r, FILE *out, struct frame_map *map,
                   struct pcapout_result *res, char *err, size_t errlen)
{
	struct held h = { 0 };
	char why[256] = "";
	bool mixed = false;
	int dlt = -1;

	memset(res, 0, sizeof *res);
	memset(map, 0, sizeof *map);
	/* capture order, one entry per first frame (the widest range wins) */
	if (nwant)
		qsort(want, nwant, sizeof *want, cmp_want);
	size_t nw = 0;
	for (size_t i = 0; i < nwant; i++) {
		if (nw && want[nw - 1].first == want[i].first) {
			if (want[i].last > want[nw - 1].last)
				want[nw - 1] = want[i];
			continue;
		}
		want[nw++] = want[i];
	}
	nwant = nw;
	bool copied = copy_from_sources(st, want, nwant, &h, &dlt, &mixed, why, sizeof why) &&
	              numbering_agrees(st, &h, why, sizeof why);
	if (!copied) {
		held_free(&h);
		if (!strcmp(why, "out of memory")) {
			snprintf(err, errlen, "cannot write the pcap: out of memory");
			return false;
		}
		res->rebuilt = true;
		dlt = DLT_RAW;
		if (!rebuild_sip(st, want, nwant, &h, res)) {
			held_free(&h);
			snprintf(err, errlen, "cannot write the pcap: out of memory");
			return false;
		}
		snprintf(res->note, sizeof res->note,
		         "SIP messages rebuilt from the stored bytes (%.120s); DNS and ICMP packets not included",
		         why);
	} else if (mixed) {
		/* one file holds one link type: keep the IP packets only */
		snprintf(res->note, sizeof res->note,
		         "the capture files have different link types: link-layer headers removed");
	}
	if (dlt == -1)
		dlt = DLT_EN10MB;   /* nothing wanted: an empty but valid pcap */

	pcap_t *dead = pcap_open_dead_with_tstamp_precision(mixed ? DLT_RAW : dlt, SNAPLEN,
	                                                    PCAP_TSTAMP_PRECISION_MICRO);
	if (!dead) {
		held_free(&h);
		snprintf(err, errlen, "cannot write the pcap: libpcap refused the link type");
		return false;
	}
	/* pcap_dump_fopen() writes the file header into our stream; the
	 * stream stays ours to flush, fsync and close (atomicfile.c). */
	pcap_dumper_t *d = pcap_dump_fopen(dead, out);
	if (!d) {
		snprintf(err, errlen, "cannot write the pcap: %s", pcap_geterr(dead));
		pcap_close(dead);
		held_free(&h);
		return false;
	}
	res->dlt = mixed ? DLT_RAW : dlt;
	bool ok = true;
	for (size_t i = 0; i < h.n && ok; i++) {
		struct held_frame *f = &h.f[i];
		if (r)
			redact_frame(r, f->data, f->hdr.caplen, f->hdr.len, f->dlt);
		if (mixed)
			to_raw_ip(f, f->dlt);
		res->frames++;
		if (f->orig && !frame_map_push(map, f->orig, (uint32_t)res->frames))
			ok = false;
		pcap_dump((u_char *)d, &f->hdr, f->data);
	}
	pcap_dump_flush(d);
	pcap_close(dead);
	held_free(&h);
	if (!ok) {
		snprintf(err, errlen, "cannot write the pcap: out of memory");
		return false;
	}
	return true;
}
