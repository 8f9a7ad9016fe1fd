/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * probe_task.c - the active probes (DNS, OPTIONS, TLS, ping) run from the
 * screen without freezing it: probe_start() forks the work, the poll loop
 * watches its fd, and the results replace app->probes when they arrive.
 *
 *   P ──> probe_task_start ──> probe_start()      status: "probing ..."
 *   poll(probe_task_fd) ──> probe_task_poll ──> app->probes, ui_evaluate()
 */
#include <string.h>

#include "probe/probe.h"
#include "ui/ui.h"

void probe_task_start(struct ui *u)
{
	struct app *a = u->app;
	if (u->probe_job) {
		ui_message(u, "the probes are still running");
		return;
	}
	if (!a->profile.registrar[0]) {
		ui_message(u, "no registrar to probe: enter it in the trunk profile (T)");
		return;
	}
	struct probe_opts po = {
		.registrar = a->profile.registrar,
		.dns_server = a->opt.dns_server,
		.test_register = a->opt.probe_register,
		.timeout = 3.0,
		.quiet = true,
	};
	u->probe_job = probe_start(&po, &a->profile, a->password.set ? &a->password : NULL);
	if (!u->probe_job) {
		ui_message(u, "cannot start the probes");
		return;
	}
	char clean[PROFILE_FIELD_MAX * 4];
	ui_message(u, "probing %s (DNS, OPTIONS, TLS, ping) ...",
	           ui_clean_str(u, clean, sizeof clean, a->profile.registrar));
	u->status_until = ui_clock() + 3600;    /* until the results come */
}

int probe_task_fd(const struct ui *u)
{
	return u->probe_job ? probe_job_fd(u->probe_job) : -1;
}

void probe_task_poll(struct ui *u)
{
	if (!u->probe_job)
		return;
	struct probe_results *res = NULL;
	int r = probe_job_poll(u->probe_job, &res);
	if (r == 0)
		return;
	probe_job_free(u->probe_job);
	u->probe_job = NULL;
	if (r < 0 || !res) {
		ui_message(u, "the probes failed to run");
		return;
	}
	if (u->app->probes)
		probe_results_free(u->app->probes);
	u->app->probes = res;
	ui_evaluate(u);
	if (!u->status[0] || ui_clock() >= u->status_until || !strstr(u->status, "->"))
		ui_message(u, "probes done; the probe steps are updated");
}

void probe_task_cancel(struct ui *u)
{
	if (u->probe_job) {
		probe_job_free(u->probe_job);
		u->probe_job = NULL;
	}
}
