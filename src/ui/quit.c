/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * quit.c - nothing of the operator's work is lost on the way out.
 *
 *   q ──▶ anything lost? ── no ──▶ quit
 *              │ yes: live packets not saved, or marks with no session file
 *              ▼
 *   "Quit? 42 captured packets are not saved: y quit, k keep the capture, Esc stay"
 *
 *   exit (q, Ctrl-C, SIGHUP, SIGTERM, SIGINT) ──▶ session file saved
 *        live capture: its pcap kept (and said on the next start) unless
 *        the operator quit with y, or saved the bundle after the last packet
 *
 * The marks, notes, profile and filter go to the session file (--session,
 * or one per capture in the XDG state directory: app/autosave.h); the
 * password never does.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/autosave.h"
#include "app/pipeline.h"
#include "app/session.h"
#include "base/sanitize.h"
#include "store/store.h"
#include "ui/ui.h"

static uint64_t packets(const struct ui *u)
{
	return store_stats_c(u->app->store)->packets;
}

/* Live packets no bundle holds yet. */
static bool live_unsaved(const struct ui *u)
{
	return u->live && u->app->live_pcap[0] && packets(u) > 0 &&
	       (!u->exported || u->exported_at != packets(u));
}

/* Marks, notes, an edited profile or a filter, with nowhere to keep them. */
static bool work_unsaved(const struct ui *u)
{
	const struct app *a = u->app;
	return !a->opt.session_file &&
	       (a->nmarks > 0 || a->filter_text[0] || !strcmp(a->profile.origin, "entered on screen"));
}

void quit_request(struct ui *u)
{
	char label[sizeof u->prompt.label];
	if (live_unsaved(u))
		snprintf(label, sizeof label, "Quit? %llu captured packets not saved: y quit, k keep them, Esc stay ",
		         (unsigned long long)packets(u));
	else if (work_unsaved(u))
		snprintf(label, sizeof label, "Quit? Marks and notes cannot be kept: y quit, Esc stay ");
	else {
		u->quit = true;
		return;
	}
	ui_prompt_open(u, PROMPT_QUIT, label, "");
}

void quit_answer(struct ui *u, int code, bool fn)
{
	if (fn)
		return;
	switch (code) {
	case 'y': case 'Y': case 'q':
		u->prompt.kind = PROMPT_NONE;
		u->quit = true;
		break;
	case 'k': case 'K':
		u->prompt.kind = PROMPT_NONE;
		if (u->live && u->app->live_pcap[0])
			u->keep_live_pcap = true;
		u->quit = true;
		break;
	case 27: case 'n': case 'N':
		u->prompt.kind = PROMPT_NONE;
		break;
	default:
		break;
	}
}

void quit_keep_work(struct ui *u, bool interrupted)
{
	struct app *a = u->app;
	char err[512], clean[8192 * 4];
	if (a->kept_notes)        /* said on the screen; said here where it stays */
		fprintf(stderr, "trunkdoc: %s", ui_clean(u, clean, sizeof clean, a->kept_notes,
		                                         strlen(a->kept_notes), SAN_KEEP_NEWLINES));
	/* a kept session is written when there is something to keep (or
	 * one from an earlier run to update), not for every capture opened */
	bool nothing = a->nmarks == 0 && !a->filter_text[0] &&
	               strcmp(a->profile.origin, "entered on screen") != 0;
	bool skip = a->opt.session_file == a->auto_session && nothing && access(a->auto_session, F_OK) != 0;
	if (a->opt.session_file && !skip && !session_save(a, a->opt.session_file, err, sizeof err))
		fprintf(stderr, "trunkdoc: %s\n", ui_clean_str(u, clean, sizeof clean, err));
	if (!a->live_pcap[0])
		return;
	pipeline_dump_flush(a->pipe);
	bool keep = packets(u) > 0 && (u->keep_live_pcap || (interrupted && live_unsaved(u)));
	if (!keep) {
		unlink(a->live_pcap);
		return;
	}
	ui_clean_str(u, clean, sizeof clean, a->live_pcap);
	fprintf(stderr, "trunkdoc: the live capture is kept: trunkdoc -r %s\n", clean);
	/* an SSH drop: nobody reads stderr, so the next start says it */
	if (interrupted)
		autosave_note_kept(a->live_pcap, a->opt.interface ? a->opt.interface : "?");
}

void quit_announce(struct ui *u)
{
	struct app *a = u->app;
	char clean[1024];
	if (a->kept_notes) {
		/* the first note on the status line; every one on stderr at exit */
		size_t n = strcspn(a->kept_notes, "\n");
		char first[1024];
		snprintf(first, sizeof first, "%.*s", (int)(n < sizeof first - 1 ? n : sizeof first - 1), a->kept_notes);
		ui_message(u, "%s", ui_clean_str(u, clean, sizeof clean, first));
		u->status_until = ui_clock() + 30;
	} else if (a->opt.session_file == a->auto_session && a->nmarks > 0) {
		ui_message(u, "your marks and notes on this capture are back (kept in %s)",
		           ui_clean_str(u, clean, sizeof clean, a->auto_session));
	}
}
