/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * json_fill.c - json-c objects filled in place; see json_fill.h.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/printbuf.h>

#include "base/json_fill.h"

/* json-c prints every integer through snprintf, which was a fifth of the
 * report's instructions on a large capture (frame numbers, ports, CSeqs);
 * these digits are the same bytes, written by json-c's serializer hook. */
static int int_serialize(struct json_object *jso, struct printbuf *pb, int level, int flags)
{
	(void)level;
	(void)flags;
	char buf[24], *p = buf + sizeof buf;
	int64_t v = json_object_get_int64(jso);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	return printbuf_memappend(pb, p, (int)(buf + sizeof buf - p));
}

struct json_object *json_int_new(int64_t x)
{
	struct json_object *o = json_object_new_int64(x);
	if (o)
		json_object_set_serializer(o, int_serialize, NULL, NULL);
	return o;
}

/* json-c escapes a string one byte at a time in a switch, and appends the
 * quotes and the text in three calls: a tenth of a large report's
 * instructions.  Nearly every string here (times, addresses, methods,
 * reasons) has nothing to escape, so it is checked against a table and
 * appended whole; any other string is handed to json-c's own serializer,
 * so the bytes are json-c's either way.
 *
 * plain_byte: bit 1, the byte needs no escape when '/' is left alone
 * (JSON_C_TO_STRING_NOSLASHESCAPE); bit 2, it needs none at all. */
static unsigned char plain_byte[256];

static void plain_init(void)
{
	for (int c = 0x20; c < 0x7f; c++)
		if (c != '"' && c != '\\')
			plain_byte[c] = c == '/' ? 1 : 3;
}

static int str_serialize(struct json_object *jso, struct printbuf *pb, int level, int flags)
{
	(void)level;
	const unsigned char *s = (const unsigned char *)json_object_get_string(jso);
	size_t len = (size_t)json_object_get_string_len(jso), i = 0;
	unsigned char want = flags & JSON_C_TO_STRING_NOSLASHESCAPE ? 1 : 2;
	while (i + 4 <= len && plain_byte[s[i]] & plain_byte[s[i + 1]] & plain_byte[s[i + 2]] &
	                       plain_byte[s[i + 3]] & want)
		i += 4;
	while (i < len && plain_byte[s[i]] & want)
		i++;
	char buf[256];
	if (i == len && len + 2 <= sizeof buf) {
		buf[0] = '"';
		memcpy(buf + 1, s, len);
		buf[len + 1] = '"';
		return printbuf_memappend(pb, buf, (int)len + 2);
	}
	/* something to escape, or too long for buf (rare either way) */
	struct json_object *plain = json_object_new_string_len((const char *)s, (int)len);
	size_t n = 0;
	const char *out = plain ? json_object_to_json_string_length(plain, flags, &n) : NULL;
	int rc = out ? printbuf_memappend(pb, out, (int)n) : -1;
	json_object_put(plain);
	return rc;
}

struct json_object *json_str_new(const char *s)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, plain_init);
	struct json_object *o = json_object_new_string(s);
	if (o)
		json_object_set_serializer(o, str_serialize, NULL, NULL);
	return o;
}

void jo_begin(struct jo *j)
{
	j->fresh = !j->o;
	if (j->fresh)
		j->o = json_object_new_object();
	j->n = 0;
}

/* Makes v (new, or NULL) the next member.  Keys are literals: json-c need
 * not copy them. */
static void jo_put(struct jo *j, const char *key, struct json_object *v)
{
	if (j->n >= j->cap) {
		unsigned cap = j->cap ? j->cap * 2 : 16;
		while (cap <= j->n)
			cap *= 2;
		struct json_object **nv = realloc(j->v, cap * sizeof *nv);
		if (!nv)
			abort();     /* no memory: json-c could not build the item either */
		memset(nv + j->cap, 0, (cap - j->cap) * sizeof *nv);
		j->v = nv;
		j->cap = cap;
	}
	json_object_object_add_ex(j->o, key, v, j->fresh ? JSON_C_OBJECT_ADD_KEY_IS_NEW |
	                                                   JSON_C_OBJECT_KEY_IS_CONSTANT : 0);
	j->v[j->n++] = v;
}

/* The next member's current value, NULL when new or null. */
static struct json_object *jo_cur(const struct jo *j)
{
	return j->fresh || j->n >= j->cap ? NULL : j->v[j->n];
}

/* A string, or null when s is NULL. */
void jo_str(struct jo *j, const char *key, const char *s)
{
	struct json_object *v = jo_cur(j);
	if (s ? v && json_object_set_string(v, s) : !v && !j->fresh)
		j->n++;
	else
		jo_put(j, key, s ? json_str_new(s) : NULL);
}

/* An integer, or null when !has. */
void jo_int(struct jo *j, const char *key, bool has, int64_t x)
{
	struct json_object *v = jo_cur(j);
	if (has ? v && json_object_set_int64(v, x) : !v && !j->fresh)
		j->n++;
	else
		jo_put(j, key, has ? json_int_new(x) : NULL);
}

void jo_bool(struct jo *j, const char *key, bool x)
{
	struct json_object *v = jo_cur(j);
	if (v && json_object_set_boolean(v, x))
		j->n++;
	else
		jo_put(j, key, json_object_new_boolean(x));
}

/* An array member, as it was (empty when new): the caller refills it. */
struct json_object *jo_arr(struct jo *j, const char *key)
{
	struct json_object *v = jo_cur(j);
	if (v)
		j->n++;
	else
		jo_put(j, key, v = json_object_new_array());
	return v;
}

void arr_clear(struct json_object *arr)
{
	size_t n = json_object_array_length(arr);
	if (n)
		json_object_array_del_idx(arr, 0, n);
}

struct jo *pool_at(struct jpool *p, size_t i)
{
	if (i >= p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		while (cap <= i)
			cap *= 2;
		struct jo *v = realloc(p->jo, cap * sizeof *v);
		if (!v)
			abort();     /* no memory: json-c could not build the item either */
		memset(v + p->cap, 0, (cap - p->cap) * sizeof *v);
		p->jo = v;
		p->cap = cap;
	}
	return &p->jo[i];
}

void jo_free(struct jo *j)
{
	json_object_put(j->o);
	free(j->v);
	memset(j, 0, sizeof *j);
}

void pool_free(struct jpool *p)
{
	for (size_t i = 0; i < p->cap; i++)
		jo_free(&p->jo[i]);
	free(p->jo);
	p->jo = NULL;
	p->cap = 0;
}
