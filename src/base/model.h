/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * model.h - the compact records the store keeps for every SIP message and
 * network event.  This is the contract between the pipeline (which fills
 * them) and everything downstream (checks, reports, export, ui), which only
 * reads them.
 *
 *   capture ──> decode ──> sipframe ──> sipparse ──> store ──> checks ──> views
 *     frame        L2..L4      bytes of one     struct          arrays of
 *     numbers      + events    SIP message      sip_msg         these records
 *
 * Strings are interned in the store's string pool and referred to by a
 * str_id (0 = absent; ids grow in first-seen order but are not dense), so a
 * million messages that share a Call-ID, a host or a User-Agent keep one
 * copy of each.  Every string in the pool is already
 * bounded (STR_MAX) but NOT sanitised: it is raw wire text, and anything that
 * shows or writes it must pass it through sanitize.h.
 *
 * The message text itself is not kept: a raw_ref says where to re-read it
 * (an offset into the capture file, or a slice of the store's arena for
 * bytes that had to be reassembled or came from a non-seekable source).
 */
#ifndef TRUNKDOC_MODEL_H
#define TRUNKDOC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t str_id;     /* where its text is in the string pool; 0 = absent */
typedef uint32_t ep_id;      /* index into the endpoint table; 0 = none */
typedef int64_t usec_t;      /* capture time, microseconds since the epoch */

#define STR_MAX 1024         /* longest string kept from a header value */
#define SIP_MSG_MAX 65535    /* longest SIP message we frame (bytes) */
#define NONE_U32 UINT32_MAX  /* "no index" for message/transaction links */

enum transport {
	TP_UNKNOWN = 0,
	TP_UDP,
	TP_TCP,
	TP_TLS,     /* TCP on which a TLS record was seen; payload not decoded */
	TP_SCTP,
	TP_WS,
};

/* A network endpoint: address and port. family is 4 or 6. */
struct endpoint {
	uint8_t family;
	uint8_t addr[16];   /* IPv4 in the first 4 bytes */
	uint16_t port;      /* host order; 0 for portless (ICMP) */
};

enum sip_method {
	M_NONE = 0,         /* a response */
	M_REGISTER, M_INVITE, M_ACK, M_BYE, M_CANCEL, M_OPTIONS,
	M_SUBSCRIBE, M_NOTIFY, M_PUBLISH, M_MESSAGE, M_INFO, M_PRACK,
	M_UPDATE, M_REFER,
	M_OTHER,            /* method_str holds the token */
	M__COUNT
};

/* Where the raw bytes of a message (or event) can be read again. */
enum raw_where { RAW_NONE = 0, RAW_FILE, RAW_ARENA };
struct raw_ref {
	uint8_t where;      /* enum raw_where */
	uint16_t source;    /* index of the capture source (RAW_FILE) */
	uint32_t len;
	uint64_t off;       /* file offset, or arena offset */
};

/* One digest challenge (WWW-/Proxy-Authenticate) or credentials
 * (Authorization/Proxy-Authorization) header.  Quotes are stripped. */
enum auth_kind { AUTH_WWW = 1, AUTH_PROXY, AUTH_AUTHORIZATION, AUTH_PROXY_AUTHORIZATION };
struct sip_auth {
	uint8_t kind;       /* enum auth_kind */
	bool stale;         /* stale=true on a challenge */
	bool unparseable;   /* header present in the text, but libosip2 rejected it */
	str_id scheme;      /* "Digest" */
	str_id realm, nonce, opaque, algorithm, qop;   /* qop: as sent (list on challenges) */
	str_id username, uri, response, cnonce, nc;    /* credentials only */
};

/* One Contact header value (a REGISTER's, or each binding in a 200 OK). */
struct sip_contact {
	str_id uri;         /* sip:user@host:port;params, as sent */
	str_id host;        /* host part of the URI */
	int32_t expires;    /* ;expires= parameter, -1 when absent */
	uint16_t port;      /* 0 when absent */
	bool star;          /* Contact: * */
};

enum msg_flags {
	MF_MALFORMED     = 1u << 0,  /* libosip2 rejected it; fields may be partial */
	MF_RETRANS       = 1u << 1,  /* same request/response seen before in its transaction */
	MF_REASSEMBLED   = 1u << 2,  /* bytes came from more than one packet (TCP or IP fragments) */
	MF_IP_FRAGMENTED = 1u << 3,  /* the datagram was IP-fragmented on the wire */
	MF_BAD_CLEN      = 1u << 4,  /* Content-Length disagrees with the bytes present */
	MF_TRUNCATED     = 1u << 5,  /* snaplen or capture end cut the message */
	MF_COMPACT       = 1u << 6,  /* used compact header forms */
	MF_JUNK_BEFORE   = 1u << 7,  /* bytes before the start line were skipped */
	MF_NO_REASON     = 1u << 8,  /* status line without a reason phrase */
	MF_RPORT         = 1u << 9,  /* top Via has ;rport, with or without a value */
	MF_AGENT_SERVER  = 1u << 10, /* sip_hdrset.agent is the Server header, not User-Agent */
};
/* sip_msg.flags is 16 bits wide */
_Static_assert(MF_AGENT_SERVER < (1u << 16), "msg_flags outgrew sip_msg.flags");

/* What most messages share with others of their kind: a PBX's REGISTERs,
 * its registrar's 401s, its 200s carry the same addresses, URIs, Via
 * sent-by and User-Agent time after time.  The store keeps each distinct
 * set once (a per-store table deduplicated by a hash index, store_hdr.c)
 * and a message names its set by sip_msg.hdr; readers reach it through
 * store_msg_hdr().  All 32-bit and 16-bit fields, no padding: the store
 * hashes and compares the bytes. */
struct sip_hdrset {
	ep_id src, dst;
	str_id method_str;       /* request method token, or CSeq method of a response */
	str_id reason;           /* reason phrase of a response */
	str_id ruri;             /* Request-URI */
	str_id ruri_host;
	/* top Via */
	str_id via_host;         /* sent-by host */
	str_id via_received;
	str_id from_uri, from_display;
	str_id to_uri;
	str_id aor;              /* To URI reduced to sip:user@host (registration key) */
	str_id agent;            /* User-Agent, or Server when it has none (MF_AGENT_SERVER) */
	int32_t expires;         /* Expires header, -1 when absent */
	uint16_t via_port;       /* sent-by port; 0 when absent */
	uint16_t via_rport;      /* rport value; 0 when absent, empty or not a port (MF_RPORT) */
};
_Static_assert(sizeof(struct sip_hdrset) == 60, "padding in struct sip_hdrset (the store hashes its bytes)");

/* A million of these are kept for a million messages, so fields are as
 * narrow as their range allows and ordered to leave no padding: a message
 * is at most SIP_MSG_MAX bytes, so its lengths fit 16 bits.  What is the
 * same in many messages is in its header set (struct sip_hdrset, hdr);
 * what is its own (time, bytes, CSeq, branch, tags, groups) is here. */
struct sip_msg {
	usec_t time;
	uint64_t raw_at;         /* where its bytes can be re-read: raw_pack(), length wire_len */
	uint32_t frame;          /* 1-based frame where the message is complete: the number
	                          * Wireshark and tshark show it under, so a carrier
	                          * engineer finds our evidence at the same frame */
	uint32_t hdr;            /* its header set in the store: store_msg_hdr() */
	uint32_t cseq;
	str_id via_branch;       /* top Via */
	str_id from_tag, to_tag;
	uint32_t txn;            /* index of its transaction */
	uint32_t dialog;         /* index of its dialog (Call-ID group); the Call-ID lives there */
	uint16_t status;         /* 0 for a request */
	uint16_t flags;          /* enum msg_flags */
	uint16_t wire_len;       /* bytes of the SIP message */
	uint16_t body_len;       /* bytes actually present after the headers */
	uint16_t via_raw_off;    /* top Via value exactly as on the wire (SIP ALG check): */
	uint16_t via_raw_len;    /* where it is in the raw bytes (store_msg_via_raw); len 0 = none.
	                          * Not interned: it is unique to nearly every message */
	/* Where its contacts, digest headers and extra record are in the
	 * store's side tables: an offset from the table's length when its
	 * block of MSG_BLOCK messages began (store.c keeps those bases), so
	 * three 32-bit indexes cost five bytes.  Only the store reads them
	 * (store_contacts, store_auths, store_msg_extra). */
	uint16_t contacts_off;   /* a block holds at most MSG_BLOCK * 255 contacts */
	uint16_t auth_off;
	/* these four repeat as the header set does, but fill what would
	 * otherwise be padding, and the byte-wide ones are read everywhere */
	uint8_t transport;       /* enum transport */
	uint8_t method;          /* enum sip_method; M_NONE for a response */
	uint8_t cseq_method;     /* enum sip_method */
	uint8_t via_transport;   /* enum transport from SIP/2.0/xxx */
	uint8_t contacts_count;  /* at most CONTACTS_MAX (sipparse.c) */
	uint8_t auth_count;      /* at most AUTHS_MAX (sipparse.c) */
	uint8_t via_count;       /* Via values, 255 meaning 255 or more */
	uint8_t extra_off;       /* 0: no struct sip_msg_extra kept; else 1 + its offset in the block */
};
_Static_assert(sizeof(struct sip_msg) == 72, "struct sip_msg grew: a million are kept");
/* Messages per block of the side-table offsets above: at most MSG_BLOCK
 * extra records, so 1 + an offset fits extra_off, and MSG_BLOCK * 255
 * (contacts_count, auth_count) fits 16 bits. */
#define MSG_BLOCK 128
_Static_assert(MSG_BLOCK < 256 && MSG_BLOCK * 255 <= UINT16_MAX, "MSG_BLOCK outgrew sip_msg's offsets");

/* What a parse finds beyond struct sip_msg.  Most messages carry none of
 * it but the Call-ID (kept once, by the dialog) and one User-Agent or
 * Server (kept as sip_hdrset.agent), so the store keeps this record only for
 * the messages that have more; store_msg_extra() gives it back for any
 * message, defaults filled in.  A message with an SDP body keeps its media
 * descriptions (struct sdp_mline) in a side table of the store, named by
 * sdp_first/sdp_count here: only the offers and answers pay for them. */
struct sip_msg_extra {
	str_id call_id;
	str_id user_agent, server;
	uint32_t first_frame;    /* first packet carrying its bytes (== frame unless reassembled) */
	int32_t min_expires;     /* Min-Expires, -1 when absent */
	int32_t retry_after;     /* Retry-After seconds, -1 when absent */
	int32_t content_length;  /* header value, -1 when absent */
	str_id content_type;     /* without parameters */
	str_id warning;
	str_id record_route;     /* first Record-Route value */
	uint32_t sdp_first;      /* 1 + index of its first struct sdp_mline; 0: no SDP kept */
	uint32_t sdp_count;      /* its m= lines kept (at most SDP_MEDIA_MAX) */
};

/* One m= line of an SDP offer or answer (RFC 4566, RFC 3264), compact:
 * what the call checks, the ladder and the RTP matching read.  The payload
 * types and their codec names are one interned string, "0 PCMU/8000
 * 8 PCMA/8000 101 telephone-event/8000" (rtpmap, else the static table of
 * RFC 3551), so the same offer repeated in every call is kept once. */
#define SDP_MEDIA_MAX 8
enum sdp_kind { SDP_K_OTHER = 0, SDP_K_AUDIO, SDP_K_VIDEO, SDP_K_IMAGE, SDP_K_APPLICATION };
enum sdp_dir { SDP_SENDRECV = 0, SDP_SENDONLY, SDP_RECVONLY, SDP_INACTIVE };
enum sdp_proto { SDP_P_OTHER = 0, SDP_P_RTP_AVP, SDP_P_RTP_SAVP, SDP_P_UDPTL };
enum sdp_flags {
	SDPF_SESSION_C = 1u << 0,   /* the address came from the session-level c= */
	SDPF_HOLD      = 1u << 1,   /* c=0.0.0.0 (RFC 2543 hold): no media wanted */
	SDPF_NO_ADDR   = 1u << 2,   /* no c= line applies to this m= line */
};
struct sdp_mline {
	ep_id ep;                /* c= address and m= port, 0 when the address is not an IP literal */
	str_id addr;             /* c= address as sent */
	str_id codecs;           /* "PT NAME/RATE ..." in m= order */
	uint16_t port;           /* m= port; 0 = stream refused (RFC 3264 §6) */
	uint8_t kind;            /* enum sdp_kind */
	uint8_t dir;             /* enum sdp_dir: media a=, else session a=, else sendrecv */
	uint8_t proto;           /* enum sdp_proto */
	uint8_t flags;           /* enum sdp_flags */
	uint16_t pad;
};
_Static_assert(sizeof(struct sdp_mline) == 20, "struct sdp_mline grew");

/* raw_ref packed into sip_msg.raw_at: where (2 bits), source (14), offset (48). */
#define RAW_SOURCES_MAX (1u << 14)
static inline uint64_t raw_pack(struct raw_ref r)
{
	return (uint64_t)(r.where & 3) << 62 | (uint64_t)(r.source & (RAW_SOURCES_MAX - 1)) << 48 |
	       (r.off & ((UINT64_C(1) << 48) - 1));
}
static inline struct raw_ref raw_unpack(uint64_t at, uint32_t len)
{
	return (struct raw_ref){ .where = (uint8_t)(at >> 62), .source = (uint16_t)(at >> 48 & (RAW_SOURCES_MAX - 1)),
	                         .len = len, .off = at & ((UINT64_C(1) << 48) - 1) };
}

/* A transaction: one request (and its retransmissions) and its responses. */
struct sip_txn {
	uint32_t first_msg;      /* the first copy of the request (or first response if orphan) */
	/* its message indices in order (store_txn_msgs): here while there are
	 * at most two (a request and its final response, most transactions),
	 * else msgs[0] is where they start in the store's shared list */
	uint32_t msgs[2];
	uint32_t msgs_count;
	uint32_t final_msg;      /* NONE_U32 if none */
	uint16_t final_status;   /* 0 if no final response seen */
	uint16_t request_copies; /* 1 + retransmissions of the request */
	uint8_t method;
	bool orphan;             /* responses with no request in the capture */
};
/* Its times are those of its messages: store_txn_first_time, store_txn_final_time. */
_Static_assert(sizeof(struct sip_txn) == 28, "struct sip_txn grew");

/* Dialogs are grouped by Call-ID, as sngrep groups "calls". */
struct sip_dialog {
	str_id call_id;
	uint32_t msgs_first;     /* index into store dialog_msgs */
	uint32_t msgs_count;
	uint8_t first_method;    /* method of the first request, M_NONE if orphan */
	uint16_t last_status;
	usec_t first_time, last_time;
	ep_id caller, callee;    /* src/dst of the first message */
};

/* Calls: the dialogs (Call-ID groups) that hold an INVITE, with where the
 * INVITE led (store_call.c rebuilds them in store_finish).  Message fields
 * are message indices, NONE_U32 when there is none. */
enum call_state {
	CALL_SETUP = 0,          /* INVITE sent, no final response yet */
	CALL_ANSWERED,           /* 2xx, acknowledged (or its ACK not yet due) */
	CALL_FAILED,             /* final response >= 300 (status says which) */
	CALL_CANCELLED,          /* CANCEL before an answer */
	CALL_DROPPED,            /* 2xx never acknowledged, then ended (BYE or 2xx resent until timer H) */
};
struct sip_call {
	uint32_t dialog;         /* its dialog (Call-ID group) */
	uint32_t invite;         /* first INVITE request */
	uint32_t last_invite;    /* the initial INVITE that got the final answer (after challenges, 422 ...) */
	uint32_t final;          /* final response to last_invite: the 2xx, or the failure */
	uint32_t ack;            /* first ACK of the 2xx */
	uint32_t bye;            /* first BYE */
	uint32_t cancel;         /* first CANCEL */
	usec_t start, answered, ended;   /* first INVITE; the 2xx; the BYE's answer, the failure or the last message */
	ep_id caller, callee;    /* src/dst of the first INVITE */
	uint16_t status;         /* final status of last_invite, 0 when none */
	uint16_t ok_copies;      /* copies of the 2xx seen before its ACK (1 + retransmissions) */
	uint32_t streams_first;  /* its RTP/RTCP streams: store_call_streams() */
	uint32_t streams_count;
	uint8_t state;           /* enum call_state */
	uint8_t invites;         /* initial INVITE transactions (retries after 401/407/422/491 ...), capped */
	uint8_t pad[2];
};

/* Registrations: per AOR and registrar, REGISTER attempts over time. */
enum reg_state {
	REG_UNREGISTERED = 0,    /* nothing granted yet (or unregistered) */
	REG_TRYING,              /* REGISTER sent, no final response yet */
	REG_CHALLENGED,          /* 401/407 received */
	REG_REGISTERED,          /* 2xx with a binding */
	REG_FAILED,              /* other final error */
	REG_TIMED_OUT,           /* no response before timer F (32 s) or capture end after it */
	REG_EXPIRED,             /* registered, but the binding lapsed without a refresh */
};
struct reg_event {
	usec_t time;
	uint8_t state;           /* enum reg_state entered at this time */
	uint32_t msg;            /* message that caused it */
};
struct registration {
	str_id aor;              /* To AOR, sip:user@domain */
	str_id registrar;        /* Request-URI host */
	ep_id pbx, server;       /* who sent the REGISTERs, to whom (first seen) */
	uint32_t txns_first;     /* index into store reg_txns */
	uint32_t txns_count;
	uint32_t events_first;   /* index into store reg_events */
	uint32_t events_count;
	uint8_t state;           /* final state */
	bool own;                /* trunkdoc's own test REGISTER, kept apart (store_own.c) */
	uint16_t last_status;    /* last final status */
	int32_t granted_expires; /* from the last 2xx, -1 if none */
	usec_t first_time, last_time;
};

/* An RTP or RTCP stream (RFC 3550): one SSRC from one address and port to
 * another, counted as its packets pass (net/rtp.c), never kept per packet. */
enum rtp_flags {
	RTPF_RTCP     = 1u << 0,   /* RTCP (SR, RR, SDES, BYE ...), keyed by the sender's SSRC */
	RTPF_SEQ_OK   = 1u << 1,   /* two packets in sequence seen: RTP, not noise that looked like it */
	RTPF_PT_MIXED = 1u << 2,   /* more than one payload type (DTMF events, comfort noise) */
};
struct rtp_stream {
	usec_t first, last;      /* times of its first and last packet */
	ep_id src, dst;
	uint32_t ssrc;
	uint32_t packets;
	uint32_t lost;           /* packets missing from the sequence (gaps, RFC 3550 A.3) */
	uint32_t first_frame, last_frame;
	uint16_t last_seq;       /* highest sequence number seen */
	uint8_t pt;              /* payload type of its first packet (its media one, not an event) */
	uint8_t flags;           /* enum rtp_flags */
};

/* Network events decoded alongside SIP. */
struct dns_answer {
	uint16_t type;           /* 1 A, 28 AAAA, 33 SRV, 35 NAPTR, 5 CNAME */
	uint32_t ttl;
	str_id data;             /* address text, "prio weight port target", NAPTR text */
};
struct dns_event {
	usec_t time;
	uint32_t frame;
	ep_id src, dst;
	uint16_t id;
	bool response;
	uint8_t rcode;           /* 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN ... */
	uint16_t qtype;
	str_id qname;
	uint32_t answers_first;  /* index into store dns_answers */
	uint16_t answers_count;
};

struct icmp_event {
	usec_t time;
	uint32_t frame;
	ep_id from;              /* who sent the ICMP error (port 0) */
	uint8_t family;          /* 4 or 6 */
	uint8_t type, code;      /* as on the wire (ICMPv4 or ICMPv6 numbering) */
	bool unreachable;        /* destination/port unreachable of either family */
	bool port_unreachable;
	uint8_t quoted_proto;    /* 17 UDP, 6 TCP */
	ep_id quoted_src, quoted_dst;  /* the packet the error quotes */
};

enum tcp_event_kind { TCP_SYN = 1, TCP_SYNACK, TCP_RST, TCP_FIN };
struct tcp_event {
	usec_t time;
	uint32_t frame;
	ep_id src, dst;
	uint8_t kind;            /* enum tcp_event_kind */
};

enum tls_event_kind { TLS_CLIENT_HELLO = 1, TLS_SERVER_HELLO, TLS_ALERT, TLS_APPDATA, TLS_OTHER };
struct tls_event {
	usec_t time;
	uint32_t frame;
	ep_id src, dst;
	uint8_t kind;            /* enum tls_event_kind */
	uint8_t alert_level, alert_desc;   /* for TLS_ALERT (if not encrypted) */
	uint16_t version;        /* record version */
};

/* CRLF keep-alives (RFC 5626) and IP fragments are worth keeping as events. */
struct keepalive_event {
	usec_t time;
	uint32_t frame;
	ep_id src, dst;
	uint8_t transport;
	uint8_t kind;            /* 1 = CRLFCRLF ping, 2 = CRLF pong */
};
struct frag_event {
	usec_t time;
	uint32_t frame;          /* frame that completed (or abandoned) reassembly */
	ep_id src, dst;
	uint16_t fragments;
	uint32_t total_len;
	bool completed;          /* false: timed out / incomplete */
};

#endif
