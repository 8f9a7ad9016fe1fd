/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * store.h - everything trunkdoc knows about a capture: the SIP messages as
 * compact records, their grouping into transactions, dialogs (Call-ID) and
 * registrations (AOR + registrar), and the network events beside them.
 *
 *   store_add_*()          written only by the pipeline (one thread)
 *   store_finish()         recomputes derived state (registration timelines,
 *                          timeouts) up to a point in time; cheap to call
 *                          again after more traffic arrives (live capture)
 *   store_*() readers      used by checks, reports, export and ui
 *
 * Arrays grow by doubling; indices are stable for the life of the store, so
 * a reader may keep an index (a message, a dialog) across new arrivals.
 */
#ifndef TRUNKDOC_STORE_H
#define TRUNKDOC_STORE_H

#include <stdio.h>
#include "base/model.h"

struct store;

/* A capture source, as the store remembers it for re-reading raw bytes. */
struct store_source {
	char *name;              /* file path, "-" for stdin, or interface name */
	bool live;
	int fd;                  /* open for pread() of RAW_FILE refs, -1 if none */
};

struct store *store_new(void);
void store_free(struct store *st);

/* ---- writers (pipeline) ---- */
uint16_t store_add_source(struct store *st, const char *name, bool live, int fd);
str_id store_intern(struct store *st, const char *s, size_t len);
/* The same for a string cut to strpool_kept_len with its hash_bytes known,
 * and a hint that such a string will be interned soon (strpool.h). */
str_id store_intern_hashed(struct store *st, const char *s, size_t len, uint32_t hash);
void store_intern_prefetch(const struct store *st, uint32_t hash);
/* Keeps a value unique to its message under an id of its own, unindexed
 * (strpool_append): never compare such ids, compare their text. */
str_id store_keep_unique(struct store *st, const char *s, size_t len);
ep_id store_endpoint(struct store *st, const struct endpoint *ep);
/* Copies bytes into the arena; returns a RAW_ARENA ref. */
struct raw_ref store_arena_put(struct store *st, const void *bytes, size_t len);

/* The parallel parse (sipbatch.c) attaches itself here so the SIP layer,
 * which only sees the store, finds it.  Messages it has queued but not yet
 * committed are "pending": store_msg_seen() counts them with the stored
 * ones (the decoder asks whether a payload gave SIP), and
 * store_ingest_barrier() commits them before anything that must follow
 * them in the store's order (interning a DNS name would change string
 * ids otherwise). */
void store_set_ingest(struct store *st, void *ctx, void (*barrier)(void *ctx));
void *store_ingest_ctx(const struct store *st);
void store_ingest_pending(struct store *st, long delta);
size_t store_msg_seen(const struct store *st);
void store_ingest_barrier(struct store *st);

/* Adds one parsed message: its own fields (m; m->hdr is set here), its
 * header set (h, kept once among equal ones; its agent is set from x),
 * what else it carries (x: agent, rare fields and Call-ID; m->extra_off
 * and the MF_AGENT_SERVER flag are set from it), its contacts and auth
 * headers; groups it into its transaction, dialog and (for REGISTER)
 * registration.  Returns its index, NONE_U32 when out of memory. */
uint32_t store_add_msg(struct store *st, const struct sip_msg *m, const struct sip_hdrset *h,
                       const struct sip_msg_extra *x,
                       const struct sip_contact *contacts, size_t ncontacts,
                       const struct sip_auth *auths, size_t nauths);
/* Keeps a message's SDP media descriptions (eps[i]: the c= address and
 * port, family 0 when not an IP literal; interned here as sdp_media.ep).
 * Returns what goes in sip_msg_extra.sdp_first (0 when nothing was kept);
 * called before store_add_msg, which keeps the extra record. */
uint32_t store_add_sdp(struct store *st, const struct sdp_mline *media, const struct endpoint *eps, size_t n);
void store_add_dns(struct store *st, const struct dns_event *ev,
                   const struct dns_answer *answers, size_t nanswers);
void store_add_icmp(struct store *st, const struct icmp_event *ev);
void store_add_tcp(struct store *st, const struct tcp_event *ev);
void store_add_tls(struct store *st, const struct tls_event *ev);
void store_add_keepalive(struct store *st, const struct keepalive_event *ev);
void store_add_frag(struct store *st, const struct frag_event *ev);

/* ---- trunkdoc's own traffic (store_own.c) ----
 * Probes and the test REGISTER send from this host; a live capture then
 * holds them beside the PBX's packets.  The sockets they used (address and
 * port) and their Call-IDs are recorded here when they are sent; a message
 * is trunkdoc's own when it comes from or goes to such a socket, its
 * Call-ID is one of ours (recorded, or ending in "@trunkdoc", the form the
 * probes use), or its User-Agent is "trunkdoc/...".  Checks never judge own
 * traffic as the PBX's behaviour; the list marks it. */
#define STORE_OWN_MAX 64
#define STORE_OWN_CALLID_LEN 80
struct store_own {
	struct endpoint ep[STORE_OWN_MAX];
	size_t nep;
	char call_id[STORE_OWN_MAX][STORE_OWN_CALLID_LEN];
	size_t ncall_id;
};
/* Records a socket trunkdoc sent from ("192.0.2.5:40312"; a port 0 means
 * every port of the address).  Returns false when the text is no address
 * or the table is full. */
bool store_own_add_socket(struct store *st, const char *addr_port);
bool store_own_add_call_id(struct store *st, const char *call_id);
bool store_ep_is_own(const struct store *st, ep_id id);
/* Is this Call-ID text one of trunkdoc's? */
bool store_call_id_is_own(const struct store *st, const char *call_id);
/* Is the message trunkdoc's own by its Call-ID or User-Agent (what a file
 * shows; the grouping keeps such REGISTERs in a registration of their own)? */
bool store_msg_is_own_by_text(const struct store *st, const struct sip_msg *m);
/* Is the message trunkdoc's own (sent by it, or an answer to it)? */
bool store_msg_is_own(const struct store *st, const struct sip_msg *m);
/* Is the registration trunkdoc's own test REGISTER (registration.own, or
 * every request sent from one of its sockets)? */
bool store_reg_is_own(const struct store *st, const struct registration *r);

/* Capture-wide counters the pipeline keeps up to date. */
struct capture_stats {
	uint64_t packets;        /* frames read from all sources */
	uint64_t bytes;
	uint64_t sip_messages;   /* == store_msg_count() */
	uint64_t malformed;      /* SIP messages flagged MF_MALFORMED */
	uint64_t non_sip;        /* frames that carried nothing we decode */
	uint64_t undecodable;    /* frames whose link/network layer we could not read */
	uint64_t tls_records;    /* TLS records seen (encrypted SIP cannot be read) */
	uint64_t snap_cut;       /* frames the snapshot length cut (caplen < wire length) */
	uint64_t truncated;      /* SIP messages flagged MF_TRUNCATED (snaplen or capture end) */
	usec_t first, last;      /* time of first and last frame */
	uint32_t dropped;        /* kernel drops reported by libpcap or the HEP socket (live) */
	uint64_t queue_dropped;  /* packets refused by the full queue between the thread
	                          * that reads a live source and the parse (live) */
	/* HEP (net/hep.h): packets read from files and sockets, those whose
	 * bytes broke the format, those refused for their key (--hep-password),
	 * and those carrying something else than SIP (RTCP, logs, compressed) */
	uint64_t hep_packets, hep_malformed, hep_refused, hep_not_sip;
	uint64_t limit_dropped;          /* dialogs dropped to stay under --limit (app/limit.c) */
	uint64_t limit_dropped_open;     /* of them, those not finished yet (a call up, a flow in progress) */
	uint32_t hep_first_bad_frame;    /* first malformed HEP packet's frame */
	const char *hep_bad_why;         /* what was wrong with it (static text) */
	uint64_t rtp_packets;    /* RTP and RTCP packets counted into streams */
};
struct capture_stats *store_stats(struct store *st);
const struct capture_stats *store_stats_c(const struct store *st);

/* Recomputes registration states and timeouts as of time `now` (capture
 * time: the last frame for a file, the wall clock for a live capture). */
void store_finish(struct store *st, usec_t now);

/* Capture nodes: where HEP-mirrored messages were captured.  A node is a
 * HEP capture id seen from one agent address (the HEP sender's, port 0);
 * messages captured locally (pcap, live interface) belong to node 0, which
 * is not in the table.  A store with no HEP keeps no per-message node
 * at all; with HEP, two bytes per message (store_node.c). */
#define STORE_NODES_MAX 65535
struct capture_node {
	uint32_t capture_id;
	ep_id agent;             /* the HEP sender's address, port 0 */
	str_id name;             /* HEPv3 capture agent name, 0 when none was sent */
	uint8_t hep_version;     /* of its first packet */
	uint64_t hep_packets;
};
/* Finds or adds the node; returns its number (1-based), 0 when the table
 * is full (its messages then count as local). */
uint16_t store_node(struct store *st, uint32_t capture_id, ep_id agent, uint8_t hep_version);
void store_node_name(struct store *st, uint16_t node, const char *name, size_t len);
void store_msg_set_node(struct store *st, uint32_t msg, uint16_t node);

/* Bounded memory (--limit, app/limit.c): the caller builds a successor
 * store holding only what it keeps, then puts it in place.
 *   store_successor   a new store with st's nodes (same numbers) and stats;
 *                     messages go in with st's endpoint ids
 *   store_copy_events network events at or after `since`, into `to`
 *   store_replace     st takes next's contents but keeps its sources,
 *                     endpoint table and RTP streams (so raw-byte
 *                     references, endpoint ids and the decoder's stream
 *                     indices stay valid); st's pointer, held by the decoder
 *                     and the parse, stays valid; next is freed */
struct store *store_successor(struct store *st);
void store_copy_events(struct store *to, const struct store *from, usec_t since);
void store_replace(struct store *st, struct store *next);
/* Bumped by each store_replace: between two equal values the messages
 * were only appended to, so a reader that follows them by index (a
 * capture node's store, app/nodes.c) may go on from where it stopped. */
uint64_t store_generation(const struct store *st);

/* What the store holds from the allocator, in bytes, by kind of table:
 * the room of its tables, and the written part of its string and arena
 * chunks (store_mem.c). */
struct store_mem {
	size_t messages;         /* records, header sets, extras, the frame index */
	size_t headers;          /* contacts, digest headers, SDP m= lines */
	size_t strings;          /* the string pool and its index */
	size_t endpoints;        /* endpoint table, texts and index */
	size_t arena;            /* raw bytes copied in (reassembled, stdin, live) */
	size_t groups;           /* transactions, dialogs, registrations, calls */
	size_t media_events;     /* RTP streams, DNS/ICMP/TCP/TLS events, nodes */
	size_t total;
};
void store_mem(const struct store *st, struct store_mem *m);

/* ---- readers ---- */
size_t store_node_count(const struct store *st);          /* nodes 1..count */
const struct capture_node *store_node_get(const struct store *st, uint16_t node);
uint16_t store_msg_node(const struct store *st, uint32_t msg);   /* 0: local */

size_t store_source_count(const struct store *st);
const struct store_source *store_source_get(const struct store *st, uint16_t i);

const char *store_str(const struct store *st, str_id id);   /* "" for 0 */
const struct endpoint *store_ep(const struct store *st, ep_id id);
/* "192.0.2.1:5060", "[2001:db8::1]:5060"; buf at least 64 bytes */
const char *store_ep_fmt(const struct store *st, ep_id id, char *buf, size_t len);
/* The same text as the store keeps it: valid until the next endpoint is
 * added (only then is it written, so threads reading a finished store may
 * share it). */
const char *store_ep_text(const struct store *st, ep_id id);

size_t store_msg_count(const struct store *st);
const struct sip_msg *store_msg(const struct store *st, uint32_t i);
/* Its header set: addresses, URIs, Via sent-by, agent, Expires (struct
 * sip_hdrset).  m is one of the store's messages (store_msg); the pointer
 * is valid until the next message is added. */
const struct sip_hdrset *store_msg_hdr(const struct store *st, const struct sip_msg *m);
/* Distinct header sets kept (each message names one). */
size_t store_hdr_count(const struct store *st);
const struct sip_contact *store_contacts(const struct store *st, const struct sip_msg *m);
/* Digest header i (i < m->auth_count) of the message, unpacked into *out
 * (the store keeps it packed, struct auth_kept); returns out, or NULL when
 * there is no such header. */
const struct sip_auth *store_auth(const struct store *st, const struct sip_msg *m, uint32_t i,
                                  struct sip_auth *out);
/* The fields most messages lack (struct sip_msg_extra), defaults filled in. */
void store_msg_extra(const struct store *st, const struct sip_msg *m, struct sip_msg_extra *out);
/* Its SDP m= lines (offer or answer), NULL and *n 0 when it has none. */
const struct sdp_mline *store_msg_sdp(const struct store *st, const struct sip_msg *m, size_t *n);
const char *sdp_kind_name(enum sdp_kind k);      /* "audio" */
const char *sdp_dir_name(enum sdp_dir d);        /* "sendrecv" */
const char *sdp_proto_name(enum sdp_proto p);    /* "RTP/AVP" */
/* Its Call-ID (its dialog's), 0 when it has none. */
str_id store_msg_call_id(const struct store *st, const struct sip_msg *m);
/* Its Server header (sip_msg.agent holds it unless the message also has a User-Agent). */
str_id store_msg_server(const struct store *st, const struct sip_msg *m);
/* Index of the message whose first frame is `frame`, or NONE_U32. */
uint32_t store_msg_by_frame(const struct store *st, uint32_t frame);

/* Re-reads the raw bytes of a message into buf (at most len bytes).
 * Returns the number of bytes, or -1 on error.  Bytes are raw wire text. */
long store_msg_raw(const struct store *st, uint32_t i, char *buf, size_t len);
long store_msg_bytes(const struct store *st, const struct sip_msg *m, char *buf, size_t len);
/* The top Via value of m exactly as sent (folding made spaces, cut as the
 * string pool cuts), re-read from its raw bytes into buf (size > STR_MAX);
 * "" when it has none or the bytes cannot be read. */
const char *store_msg_via_raw(const struct store *st, const struct sip_msg *m, char *buf, size_t size);

/* Crossed stamps: a response whose own request comes at most
 * STORE_PAIR_WINDOW_USEC after it is read as following that request
 * (store_group.c), and one whose request comes at most
 * STORE_PAIR_NEXT_USEC after it when nothing else of its dialog came
 * between them.  A HEP agent stamps a request after sending it and the
 * reply in another process, and a capture point where the two directions
 * meet (mirrored ports, merged interfaces, a bond) stamps them out of
 * step: tens of microseconds apart, and up to 31 ms when the agent's host
 * is loaded (Kamailio's siptrace in tests/lab/hep-fleet.sh on two cores
 * at load 11).  The bound stays below the 50 ms of the HEP reorder
 * window (net/heporder.c).  Nothing real falls inside: a response cannot precede its
 * request, and a copy of a request the capture missed is re-sent a
 * retransmission interval later (T1, 500 ms). */
#define STORE_PAIR_WINDOW_USEC 1000
#define STORE_PAIR_NEXT_USEC 40000

size_t store_txn_count(const struct store *st);
const struct sip_txn *store_txn(const struct store *st, uint32_t i);
const uint32_t *store_txn_msgs(const struct store *st, const struct sip_txn *t);
/* Time of its first message; of its final response (0 if none). */
usec_t store_txn_first_time(const struct store *st, const struct sip_txn *t);
usec_t store_txn_final_time(const struct store *st, const struct sip_txn *t);

size_t store_dialog_count(const struct store *st);
const struct sip_dialog *store_dialog(const struct store *st, uint32_t i);
const uint32_t *store_dialog_msgs(const struct store *st, const struct sip_dialog *d);

size_t store_reg_count(const struct store *st);
const struct registration *store_reg(const struct store *st, uint32_t i);
const uint32_t *store_reg_txns(const struct store *st, const struct registration *r);
const struct reg_event *store_reg_events(const struct store *st, const struct registration *r);
const char *reg_state_name(enum reg_state s);

/* Calls (dialogs holding an INVITE), in dialog order, as of the last
 * store_finish. */
size_t store_call_count(const struct store *st);
const struct sip_call *store_call(const struct store *st, uint32_t i);
/* The call of a dialog, NONE_U32 when it is not one. */
uint32_t store_call_of_dialog(const struct store *st, uint32_t dialog);
const char *call_state_name(enum call_state s);   /* "answered", ... */
/* The RTP/RTCP streams of a call: those sent to or from an address and
 * port one of its SDP bodies names, while the call lasted; *n their count. */
const uint32_t *store_call_streams(const struct store *st, const struct sip_call *c, size_t *n);

/* RTP/RTCP streams (net/rtp.c adds them and updates their counters). */
uint32_t store_add_rtp(struct store *st, const struct rtp_stream *s);   /* NONE_U32 when full */
struct rtp_stream *store_rtp_mut(struct store *st, uint32_t i);
size_t store_rtp_count(const struct store *st);
const struct rtp_stream *store_rtp(const struct store *st, uint32_t i);

size_t store_dns_count(const struct store *st);
const struct dns_event *store_dns(const struct store *st, uint32_t i);
const struct dns_answer *store_dns_answers(const struct store *st, const struct dns_event *e);
size_t store_icmp_count(const struct store *st);
const struct icmp_event *store_icmp(const struct store *st, uint32_t i);
size_t store_tcp_count(const struct store *st);
const struct tcp_event *store_tcp(const struct store *st, uint32_t i);
size_t store_tls_count(const struct store *st);
const struct tls_event *store_tls(const struct store *st, uint32_t i);
size_t store_keepalive_count(const struct store *st);
const struct keepalive_event *store_keepalive(const struct store *st, uint32_t i);
size_t store_frag_count(const struct store *st);
const struct frag_event *store_frag(const struct store *st, uint32_t i);

const char *sip_method_name(enum sip_method m);
enum sip_method sip_method_from(const char *s, size_t len);
const char *transport_name(enum transport t);
/* "A", "AAAA", "CNAME", "SRV", "NAPTR"; "RR" for any other type. */
const char *dns_type_name(uint16_t type);

#endif
