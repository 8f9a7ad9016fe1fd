/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * truncation.c - no verdict from a message the capture cut short.
 *
 * A capture taken with a small snapshot length (tcpdump -s 100) keeps the
 * first bytes of each packet: a 200 OK keeps its status line and loses
 * Call-ID, CSeq, To and Contact.  Such a message is not malformed and its
 * missing headers are not absent, they are unknown: the 200 OK cannot be
 * matched to its REGISTER (so the registration looks unanswered), and an
 * empty To is no evidence of a wrong AOR.  The evaluate functions read
 * fields as they are, so the rule is applied once, over their findings:
 *
 *  - a pass, warn or fail that cites a truncated message as evidence
 *    becomes unknown, naming that frame;
 *  - when the snapshot length cut packets and some SIP messages lost the
 *    headers that place them (Call-ID or CSeq), every pass, warn or fail
 *    decided from SIP traffic becomes unknown too (what the unplaced
 *    messages said could change it: an unanswered REGISTER may have had
 *    its 200 OK among them), and so does the wording of an "unknown"
 *    that would otherwise read as if the capture were whole.
 *
 * Operator marks are applied after this and still win.
 */
#include <stdio.h>

#include "checks/check.h"
#include "checks/truncation.h"
#include "store/store.h"

void truncation_scan(const struct store *st, struct truncation *t)
{
	const struct capture_stats *cs = store_stats_c(st);
	*t = (struct truncation){ .first_unplaced = 0 };
	if (!cs->truncated)
		return;
	size_t n = store_msg_count(st);
	for (size_t i = 0; i < n; i++) {
		const struct sip_msg *m = store_msg(st, (uint32_t)i);
		if (!(m->flags & MF_TRUNCATED))
			continue;
		if (!store_msg_call_id(st, m) || !m->cseq || !store_msg_hdr(st, m)->method_str) {
			if (!t->unplaced)
				t->first_unplaced = m->frame;
			t->unplaced++;
		}
	}
	/* a message cut at the end of the capture is one message; a snapshot
	 * length cuts them all */
	t->blinding = cs->snap_cut > 0 && t->unplaced > 0;
}

static bool is_sip_frame(const struct store *st, uint32_t frame, bool *truncated)
{
	uint32_t mi = frame ? store_msg_by_frame(st, frame) : NONE_U32;
	if (mi == NONE_U32)
		return false;
	*truncated = (store_msg(st, mi)->flags & MF_TRUNCATED) != 0;
	return true;
}

void truncation_review(const struct check_ctx *ctx, const struct check_def *d,
                       const struct truncation *t, struct finding *f)
{
	if (!(d->kind & K_OBS) || !ctx->store || f->marked || f->verdict == V_SKIPPED)
		return;
	bool judged = f->verdict == V_PASS || f->verdict == V_WARN || f->verdict == V_FAIL;
	bool cites_sip = false;
	uint32_t cut_frame = 0;
	for (size_t i = 0; i < f->nev; i++) {
		bool cut = false;
		if (is_sip_frame(ctx->store, f->ev[i].frame, &cut)) {
			cites_sip = true;
			if (cut && !cut_frame)
				cut_frame = f->ev[i].frame;
		}
	}
	if (judged && cut_frame) {
		finding_set(f, V_UNKNOWN,
		            "Not judged: frame %u, on which this depends, was cut short by the capture; "
		            "its missing fields are unknown", cut_frame);
		finding_advice(f, "Capture again with the full packet length (tcpdump -s 0) and look again.");
		return;
	}
	/* decided from SIP traffic: a SIP frame cited, or nothing cited by a
	 * check that only observes (a probe's evidence has no frame) */
	bool from_sip = cites_sip || (d->kind == K_OBS && (f->nev == 0 || !judged));
	if (t->blinding && from_sip) {
		finding_set(f, V_UNKNOWN,
		            "Not judged: the capture's snapshot length cut %zu SIP messages before the "
		            "headers that place them (first at frame %u), so what they said is unknown",
		            t->unplaced, t->first_unplaced);
		finding_advice(f, "Capture again with the full packet length (tcpdump -s 0, or Wireshark's "
		               "default) and look again.");
	}
}
