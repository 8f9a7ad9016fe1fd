/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * trunks.h - whose registrations are they.  On the PBX host a capture holds
 * the PBX's own registrations out to its providers (trunks), its phones'
 * registrations to it (extensions), and trunkdoc's own test REGISTER.  The
 * checks judge one trunk at a time; this module decides which registrations
 * form each trunk, and says how it decided (doc/checks.md, "Roles"):
 *
 *   own        trunkdoc's own test REGISTER (store_reg_is_own): never judged
 *   profile    --registrar/--user/--trunk name the trunk: trunk_reg_matches_profile
 *   PBX known  --pbx-ip, or this host's interfaces in a live capture: the PBX
 *              registering out is a trunk, a UA registering to it an extension
 *   PBX found  an address that is the registrar for some registrations and the
 *              UA towards another registrar is the PBX (same rule)
 *   one UA     no PBX to tell apart and one UA: its registrations are the trunk
 *   otherwise  role "other", all judged together as one checklist (as before
 *              roles existed), saying a PBX address would tell them apart
 *
 * Trunks are the trunk-role registrations grouped by registrar (one provider
 * = one checklist); the profile's trunk comes first.  Pure: no I/O.
 */
#ifndef TRUNKDOC_CHECKS_TRUNKS_H
#define TRUNKDOC_CHECKS_TRUNKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/idmap.h"
#include "base/model.h"
#include "checks/check.h"

struct store;
struct profile;
struct registration;

enum reg_role { ROLE_OTHER = 0, ROLE_TRUNK, ROLE_EXTENSION };
const char *role_name(enum reg_role r);           /* "trunk", "extension", "other" */

/* Addresses known to be the PBX host's (the port is ignored). */
#define PBX_ADDRS_MAX 32
struct pbx_addrs {
	struct endpoint a[PBX_ADDRS_MAX];
	size_t n;
	const char *source;          /* "--pbx-ip", "this host's interfaces" */
	bool only_if_seen;           /* when no registration touches them, infer instead */
};
/* Adds an address text (IPv4, IPv6, bracketed IPv6); false if it is none. */
bool pbx_addrs_add_text(struct pbx_addrs *p, const char *text);
bool pbx_addrs_add(struct pbx_addrs *p, const struct endpoint *e);

#define ROLE_WHY_MAX 200
#define TRUNK_NAME_MAX 160
#define TRUNK_REGS_MAX 64            /* == REGS_MAX (checks/util.h) */
#define TRUNK_REGS_MAX_TEXT "64"
#define TRUNKS_MAX 16

/* why and verdict_text are never NULL ("" when unset); each distinct text
 * is kept once by the roles (a fleet's thousands of registrations mostly
 * share theirs: two 200-byte arrays each were 1.6 MB on 4,000). */
struct reg_role_info {
	uint8_t role;                /* enum reg_role */
	bool own;                    /* trunkdoc's own test REGISTER */
	int trunk;                   /* index in roles.trunks it is judged in, -1: none */
	const char *why;             /* how the role was decided; sanitised, < ROLE_WHY_MAX */
	enum verdict verdict;        /* its own short verdict (reg_short_verdict) */
	const char *verdict_text;    /* < ROLE_WHY_MAX */
};

struct trunk {
	char name[TRUNK_NAME_MAX];   /* "441234567890@sip.example.net"; sanitised */
	uint32_t regs[TRUNK_REGS_MAX];
	size_t nreg;
	size_t nbelong;              /* registrations that belong, nreg of them judged */
	bool named_by_profile;
	bool all_together;           /* no role could be told: every registration */
	struct finding *findings;    /* check_count entries: the caller's buffer, set
	                                after roles_assign (app_evaluate) */
	int root_cause;              /* checks_root_cause(findings) */
};

struct roles {
	size_t nreg;
	struct reg_role_info *reg;   /* nreg entries */
	struct trunk trunks[TRUNKS_MAX];
	size_t ntrunk;
	size_t nextensions, nown;
	char pbx[ROLE_WHY_MAX];      /* how the PBX host was known, "" if it was not */
	/* the texts reg[].why and reg[].verdict_text point to, one copy each */
	char **texts;
	uint32_t ntexts, captexts;
	struct idmap text_map;
	bool texts_lost;             /* out of memory: a text was left "" */
};

/* THE predicate: is this registration the one the trunk profile names?  Both
 * what the profile gives must match: the user (or auth user) is the AOR's
 * user, and the registrar host is the AOR's domain or the Request-URI host.
 * A profile naming neither matches nothing (nothing is named). */
bool trunk_reg_matches_profile(const struct store *st, const struct profile *p,
                               const struct registration *r);

/* Assigns roles and trunks (findings NULL); returns false when out of
 * memory.  Frees what out held before. */
bool roles_assign(struct roles *out, const struct store *st, const struct profile *p,
                  const struct pbx_addrs *known);
void roles_free(struct roles *r);

/* Is registration i judged in one of the trunks' checklists? (export, screen) */
bool roles_reg_judged(const struct roles *r, uint32_t i);
/* The trunk's registrations, as the bundle for the carrier and the
 * top-level checklist see them: those of trunks[0] (the one the root cause
 * speaks of); with no trunk, every registration that is neither an
 * extension nor trunkdoc's own. */
bool roles_reg_is_first_trunks(const struct roles *r, uint32_t i);
/* The trunk a registration is judged in, or NULL. */
const struct trunk *roles_trunk_of(const struct roles *r, uint32_t i);

/* A registration's own short verdict: "registered", "wrong password, 401
 * loop", "failed: 403 Forbidden" ... (out gets the text, sanitised). */
enum verdict reg_short_verdict(const struct store *st, const struct registration *r,
                               char *out, size_t outlen);

#endif
