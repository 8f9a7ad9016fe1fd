/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * pcapout.c - copies the wanted frames out of the capture files into the
 * export's pcap (or rebuilds the SIP messages when no file can be re-read).
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "base/wire.h"
#include "net/checksum.h"
#include "net/frame.h"
#include "report/pcapout.h"
#include "report/redact.h"
#include "store/store.h"

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
static bool frame_map_push(struct frame_map *m, uint32_t orig, uint32_t exported, bool media)
{
	if (m->n == m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 256;
		struct frame_pair *n = realloc(m->pair, nc * sizeof *n);
		if (!n)
			return false;
		m->pair = n;
		m->cap = nc;
	}
	m->pair[m->n++] = (struct frame_pair){ orig, exported, media };
	return true;
}

/* ---- the frames kept in memory until every source was read ---- */

struct held_frame {
	struct pcap_pkthdr hdr;
	uint32_t orig;            /* 0: a continuation of a rebuilt message */
	int dlt;                  /* the link type of the file it came from */
	bool media;               /* taken for an RTP/RTCP stream */
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
                      uint32_t orig, int dlt, bool media)
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
	h->f[h->n++] = (struct held_frame){ *hdr, orig, dlt, media, copy };
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
/* A media want's flow took this frame: counted against its own cap and
 * the total; a frame over either cap is left out and the cut noted. */
static bool media_take(struct pcap_want *w, uint32_t *total_left, bool *total_cut)
{
	if (w->taken >= w->cap) {
		w->cut = true;
		return false;
	}
	if (!*total_left) {
		*total_cut = true;
		return false;
	}
	w->taken++;
	(*total_left)--;
	return true;
}

static bool copy_from_sources(const struct store *st, struct pcap_want *want, size_t nwant,
                              uint32_t media_total, bool *total_cut,
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
		if (!want[i].media)
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
			bool take = false, media = false;
			while (next_single < nsingles && singles[next_single] < frame)
				next_single++;
			if (next_single < nsingles && singles[next_single] == frame)
				take = true;
			/* ranges that have started and not ended */
			while (next_range < nwant && want[next_range].first <= frame) {
				if (want[next_range].last > want[next_range].first || want[next_range].media)
					active[nactive++] = next_range;
				next_range++;
			}
			struct pkt_flow fl;
			bool have_flow = false;
			for (size_t k = 0; k < nactive;) {
				struct pcap_want *w = &want[active[k]];
				if (w->last < frame) {
					active[k] = active[--nactive];
					continue;
				}
				if (w->media) {
					if (!have_flow) {
						pkt_flow(data, hdr->caplen, dlt, &fl);
						have_flow = true;
					}
					if (!media && fl.proto == 17 && fl.sport && in_flow(st, w, &fl)) {
						if (take) {
							/* a packet a check cites: in the pcap anyway,
							 * and it counts against the caps */
							w->taken++;
							media_total -= media_total > 0;
							media = true;
						} else {
							take = media = media_take(w, &media_total, total_cut);
						}
					}
					/* a want at its cap, or with the total spent, is
					 * done: its later packets are cut, and a long
					 * capture is not scanned for them */
					bool capped = w->taken >= w->cap, spent = !media_total;
					if ((capped || spent) && frame < w->last) {
						if (capped)
							w->cut = true;
						else
							*total_cut = true;
						active[k] = active[--nactive];
						continue;
					}
					k++;
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
			if (take && !held_push(out, hdr, data, frame, dlt, media)) {
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
		wr16(l4 + (tcp ? 16 : 6), 1);   /* non-zero: the repair recomputes it */
	pkt_fix_checksums(pkt, iph + l4len, LINK_RAW);
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
		if (want[i].media)
			continue;     /* RTP is counted, never stored: nothing to rebuild */
		/* the store numbers a message by the frame that completes it */
		uint32_t mi = store_msg_by_frame(st, want[i].last);
		const struct sip_msg *m = mi == NONE_U32 ? NULL : store_msg(st, mi);
		const struct endpoint *s = m ? store_ep(st, store_msg_hdr(st, m)->src) : NULL;
		const struct endpoint *d = m ? store_ep(st, store_msg_hdr(st, m)->dst) : NULL;
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
				if (seqs[k].src == store_msg_hdr(st, m)->src && seqs[k].dst == store_msg_hdr(st, m)->dst)
					seqp = &seqs[k].seq;
			if (!seqp) {
				struct tcp_seq *ns = realloc(seqs, (nseqs + 1) * sizeof *ns);
				if (!ns) {
					ok = false;
					break;
				}
				seqs = ns;
				seqs[nseqs] = (struct tcp_seq){ store_msg_hdr(st, m)->src, store_msg_hdr(st, m)->dst, 1000 };
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
			if (!held_push(out, &hdr, pkt, last_part ? m->frame : 0, DLT_RAW, false)) {
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
	if (!frame_ip_offset(f->data, f->hdr.caplen, dlt, &off) || off == 0)
		return;
	memmove(f->data, f->data + off, f->hdr.caplen - off);
	f->hdr.caplen -= (uint32_t)off;
	f->hdr.len = f->hdr.len > off ? f->hdr.len - (uint32_t)off : f->hdr.caplen;
}

bool pcapout_write(const struct store *st, struct pcap_want *want, size_t nwant,
                   uint32_t media_total, const struct redactor *r, FILE *out, struct frame_map *map,
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
		/* a stream's first frame is its own packet, never a SIP message's:
		 * media wants are never merged */
		if (nw && want[nw - 1].first == want[i].first && !want[i].media && !want[nw - 1].media) {
			if (want[i].last > want[nw - 1].last)
				want[nw - 1] = want[i];
			continue;
		}
		want[nw++] = want[i];
	}
	nwant = nw;
	for (size_t i = 0; i < nwant; i++) {
		want[i].taken = 0;
		want[i].cut = false;
		res->media_streams += want[i].media;
	}
	bool copied = copy_from_sources(st, want, nwant, media_total, &res->media_total_cut, &h, &dlt,
	                                &mixed, why, sizeof why) &&
	              numbering_agrees(st, &h, why, sizeof why);
	if (!copied) {
		held_free(&h);
		if (!strcmp(why, "out of memory")) {
			snprintf(err, errlen, "cannot write the pcap: out of memory");
			return false;
		}
		res->rebuilt = true;
		res->media_total_cut = false;
		res->media_missing = res->media_streams > 0;
		for (size_t i = 0; i < nwant; i++)
			want[i].taken = 0, want[i].cut = false;
		dlt = DLT_RAW;
		if (!rebuild_sip(st, want, nwant, &h, res)) {
			held_free(&h);
			snprintf(err, errlen, "cannot write the pcap: out of memory");
			return false;
		}
		snprintf(res->note, sizeof res->note,
		         "SIP messages rebuilt from the stored bytes (%.120s); %s packets not included",
		         why, res->media_streams ? "DNS, ICMP and RTP" : "DNS and ICMP");
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
			redact_frame(r, f->data, f->hdr.caplen, f->dlt);
		if (mixed)
			to_raw_ip(f, f->dlt);
		res->frames++;
		if (f->orig && !frame_map_push(map, f->orig, (uint32_t)res->frames, f->media))
			ok = false;
		pcap_dump((u_char *)d, &f->hdr, f->data);
	}
	pcap_dump_flush(d);
	pcap_close(dead);
	held_free(&h);
	for (size_t i = 0; i < nwant; i++) {
		res->media_frames += want[i].media ? want[i].taken : 0;
		res->media_streams_cut += want[i].media && want[i].cut;
	}
	if (!ok) {
		snprintf(err, errlen, "cannot write the pcap: out of memory");
		return false;
	}
	return true;
}
