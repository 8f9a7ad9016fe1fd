/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * json_fill.h - json-c objects filled in place, so a report of a million
 * items reuses a few objects instead of building and freeing a tree each.
 *
 * A struct jo is one json-c object plus its member values in key order.
 * A fill function sets its members with the jo_* calls, always in the same
 * order: the first time the object is new and each call adds its key;
 * later calls find the value at the same position and set it in place.
 * A member that turns null (or back) is replaced with json_object_object_add,
 * which keeps the key where it is, so the output is that of a new object.
 * A jo is only ever filled with one shape (requests and responses have
 * their own pools), so the positions always match. */
#ifndef TRUNKDOC_JSON_FILL_H
#define TRUNKDOC_JSON_FILL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#define JO_MAX 20   /* registrations: 17 members */

struct jo {
	struct json_object *o;           /* NULL until first filled */
	struct json_object *v[JO_MAX];   /* member values; NULL is json null */
	unsigned n;                      /* position of the next member */
	bool fresh;                      /* o was just created: add the keys */
	uint32_t flags;                  /* the caller's memo (a message's flag bits) */
};

/* A json-c integer that prints without snprintf (same bytes). */
struct json_object *json_int_new(int64_t x);
/* A json-c string that prints as json-c would, faster when there is
 * nothing to escape. */
struct json_object *json_str_new(const char *s);

/* Starts (re)filling j: a new object the first time. */
void jo_begin(struct jo *j);
/* The next member: a string (null when s is NULL), an integer (null when
 * !has), a boolean, an array as it was (empty when new; the caller
 * refills it).  Keys are literals: json-c does not copy them. */
void jo_str(struct jo *j, const char *key, const char *s);
void jo_int(struct jo *j, const char *key, bool has, int64_t x);
void jo_bool(struct jo *j, const char *key, bool x);
struct json_object *jo_arr(struct jo *j, const char *key);
void arr_clear(struct json_object *arr);

/* Child objects by position within their parent (a dialog's requests, its
 * responses, a registration's events and attempts). */
struct jpool {
	struct jo *jo;
	size_t cap;
};
struct jo *pool_at(struct jpool *p, size_t i);
void pool_free(struct jpool *p);

#endif
