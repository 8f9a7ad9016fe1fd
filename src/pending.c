/*
 * pending.c - TEMPORARY placeholders so the binary links while the modules
 * are being written in parallel.  Each module's author deletes its
 * placeholders here when the real implementation lands; a duplicate-symbol
 * link error is the reminder.  This file must be gone before the stop.
 */
#include <stdio.h>
#include <stdlib.h>
#include "app.h"
#include "export.h"
#include "import.h"
#include "pipeline.h"
#include "probe.h"
#include "report.h"
#include "session.h"
#include "sipparse.h"
#include "store.h"
#include "sanitize.h"
#include "../ui/tui.h"

#define PENDING(what) do { fprintf(stderr, "trunkdoc: %s is not built yet\n", what); } while (0)

/* pipeline (decode helper) */
const char *const pipeline_default_filter = "";
struct pipeline *pipeline_new(struct store *st) { return calloc(1, 1); }
void pipeline_free(struct pipeline *p) { free(p); }
bool pipeline_add_file(struct pipeline *p, const char *path, char *err, size_t errlen) { snprintf(err, errlen, "pending"); return false; }
bool pipeline_add_live(struct pipeline *p, const char *iface, const char *filter, char *err, size_t errlen) { snprintf(err, errlen, "pending"); return false; }
bool pipeline_drop_privileges(char *err, size_t errlen) { return true; }
enum pipe_status pipeline_step(struct pipeline *p, size_t max_packets) { return PIPE_DONE; }
int pipeline_fd(const struct pipeline *p) { return -1; }
double pipeline_progress(const struct pipeline *p) { return 1; }
void pipeline_flush(struct pipeline *p) { }
size_t pipeline_warning_count(const struct pipeline *p) { return 0; }
const char *pipeline_warning(const struct pipeline *p, size_t i) { return ""; }

/* sip + store + report (sip helper) */
void sipparse_init(void) { }
struct store *store_new(void) { return calloc(1, 1); }
void store_free(struct store *st) { free(st); }
static struct capture_stats pending_stats;
const struct capture_stats *store_stats_c(const struct store *st) { return &pending_stats; }
void store_finish(struct store *st, usec_t now) { }
size_t store_reg_count(const struct store *st) { return 0; }
const struct registration *store_reg(const struct store *st, uint32_t i) { return NULL; }
void report_text(FILE *out, const struct app *a) { PENDING("report"); }
void report_json(FILE *out, const struct app *a) { PENDING("report"); }

/* checks, profile, secret (checks helper) */
const struct check_def check_table[] = { { "pending", G_NET, K_MAN, "", "", NULL } };
const size_t check_count = 1;
int check_index(const char *id) { return -1; }
void checks_run(const struct check_ctx *ctx, const struct check_mark *marks, size_t nmarks, struct finding *out) { }
void profile_init(struct profile *p) { }
bool profile_is_empty(const struct profile *p) { return true; }
bool profile_load_ini(struct profile *p, const char *path, char *err, size_t errlen) { return true; }
void secret_init(struct secret *s) { }
void secret_wipe(struct secret *s) { }
bool secret_from_file(struct secret *s, const char *path, char *err, size_t errlen) { return true; }
bool secret_from_env(struct secret *s) { return false; }
bool secret_from_prompt(struct secret *s, const char *prompt, char *err, size_t errlen) { return true; }

/* export + session (export helper) */
bool export_bundle(const struct app *a, const char *dir, const struct export_opts *eo, char *stem_out, size_t stemlen, char *err, size_t errlen) { snprintf(err, errlen, "pending"); return false; }
bool session_load(struct app *a, const char *path, char *err, size_t errlen) { return true; }
bool session_save(const struct app *a, const char *path, char *err, size_t errlen) { return true; }

/* probes + import (probe helper) */
struct probe_results *probe_run(const struct probe_opts *po, const struct profile *p, const struct secret *password) { return NULL; }
void probe_results_free(struct probe_results *r) { }
bool import_pjsip(struct profile *p, struct secret *pw, const char *path, const char *trunk, char *err, size_t errlen) { snprintf(err, errlen, "pending"); return false; }
bool import_sipconf(struct profile *p, struct secret *pw, const char *path, const char *trunk, char *err, size_t errlen) { snprintf(err, errlen, "pending"); return false; }
bool import_freeswitch(struct profile *p, struct secret *pw, const char *path, const char *trunk, char *err, size_t errlen) { snprintf(err, errlen, "pending"); return false; }

/* the screen (TUI helper) */
int tui_run(struct app *a) { PENDING("the screen"); return 2; }
