/*
 * json_fill.c - json-c objects filled in place; see json_fill.h.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/printbuf.h>

#include "json_fill.h"

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
	assert(j->n < JO_MAX);
	json_object_object_add_ex(j->o, key, v, j->fresh ? JSON_C_OBJECT_ADD_KEY_IS_NEW |
	                                                   JSON_C_OBJECT_KEY_IS_CONSTANT : 0);
	j->v[j->n++] = v;
}

/* The next member's current value, NULL when new or null. */
static struct json_object *jo_cur(const struct jo *j)
{
	return j->fresh ? NULL : j->v[j->n];
}

/* A string, or null when s is NULL. */
void jo_str(struct jo *j, const char *key, const char *s)
{
	struct json_object *v = jo_cur(j);
	if (s ? v && json_object_set_string(v, s) : !v && !j->fresh)
		j->n++;
	else
		jo_put(j, key, s ? json_object_new_string(s) : NULL);
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

void pool_free(struct jpool *p)
{
	for (size_t i = 0; i < p->cap; i++)
		json_object_put(p->jo[i].o);
	free(p->jo);
}
