/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * json_schema_check.c - validates a JSON file against a JSON Schema, the
 * subset doc/report.schema.json uses (draft 2020-12 keywords): type,
 * properties, required, additionalProperties, items, minItems, enum,
 * const, minimum, maximum, minLength, pattern (POSIX ERE), anyOf, oneOf,
 * allOf, not and local $ref ("#/$defs/name").  A keyword it does not know is an
 * error, so a schema can never pass by being misunderstood.
 *
 *   json_schema_check SCHEMA.json DOC.json     exit 0 valid, 1 not, 2 usage
 */
#include <json-c/json.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static struct json_object *schema_root;
static int errors, silent;

static void fail(const char *path, const char *msg, const char *detail)
{
	if (errors++ < 50 && !silent)
		fprintf(stderr, "%s: %s%s%s\n", path[0] ? path : "(root)", msg, detail ? " " : "",
		        detail ? detail : "");
}

static struct json_object *resolve(const char *ref)
{
	if (strncmp(ref, "#/", 2))
		return NULL;
	struct json_object *o = schema_root;
	char buf[256];
	snprintf(buf, sizeof buf, "%s", ref + 2);
	for (char *tok = strtok(buf, "/"); tok && o; tok = strtok(NULL, "/"))
		if (!json_object_object_get_ex(o, tok, &o))
			return NULL;
	return o;
}

static bool type_is(struct json_object *v, const char *t)
{
	enum json_type jt = json_object_get_type(v);
	if (!strcmp(t, "object")) return jt == json_type_object;
	if (!strcmp(t, "array")) return jt == json_type_array;
	if (!strcmp(t, "string")) return jt == json_type_string;
	if (!strcmp(t, "boolean")) return jt == json_type_boolean;
	if (!strcmp(t, "null")) return jt == json_type_null;
	if (!strcmp(t, "integer")) return jt == json_type_int;
	if (!strcmp(t, "number")) return jt == json_type_int || jt == json_type_double;
	return false;
}

static bool validate(struct json_object *s, struct json_object *v, const char *path);

/* Validates quietly (for anyOf/oneOf branches). */
static bool quiet(struct json_object *s, struct json_object *v, const char *path)
{
	int saved = errors;
	silent++;
	bool ok = validate(s, v, path);
	silent--;
	errors = saved;
	return ok;
}

static bool validate(struct json_object *s, struct json_object *v, const char *path)
{
	bool ok = true;
	char sub[1024];
	if (json_object_is_type(s, json_type_boolean))
		return json_object_get_boolean(s) || (fail(path, "nothing is allowed here", NULL), false);
	json_object_object_foreach(s, key, kv) {
		if (!strcmp(key, "$ref")) {
			struct json_object *t = resolve(json_object_get_string(kv));
			if (!t) {
				fail(path, "unresolvable $ref", json_object_get_string(kv));
				return false;
			}
			ok &= validate(t, v, path);
		} else if (!strcmp(key, "type")) {
			bool any = false;
			if (json_object_is_type(kv, json_type_array)) {
				for (size_t i = 0; i < json_object_array_length(kv); i++)
					any |= type_is(v, json_object_get_string(json_object_array_get_idx(kv, i)));
			} else {
				any = type_is(v, json_object_get_string(kv));
			}
			if (!any) {
				fail(path, "wrong type, want", json_object_to_json_string(kv));
				return false;
			}
		} else if (!strcmp(key, "properties")) {
			if (!json_object_is_type(v, json_type_object))
				continue;
			json_object_object_foreach(kv, pk, ps) {
				struct json_object *pv;
				if (json_object_object_get_ex(v, pk, &pv)) {
					snprintf(sub, sizeof sub, "%s.%s", path, pk);
					ok &= validate(ps, pv, sub);
				}
			}
		} else if (!strcmp(key, "required")) {
			if (!json_object_is_type(v, json_type_object))
				continue;
			for (size_t i = 0; i < json_object_array_length(kv); i++) {
				const char *name = json_object_get_string(json_object_array_get_idx(kv, i));
				if (!json_object_object_get_ex(v, name, NULL)) {
					fail(path, "missing member", name);
					ok = false;
				}
			}
		} else if (!strcmp(key, "additionalProperties")) {
			if (!json_object_is_type(v, json_type_object))
				continue;
			struct json_object *props = NULL;
			json_object_object_get_ex(s, "properties", &props);
			json_object_object_foreach(v, mk, mv) {
				if (props && json_object_object_get_ex(props, mk, NULL))
					continue;
				snprintf(sub, sizeof sub, "%s.%s", path, mk);
				if (json_object_is_type(kv, json_type_boolean) && !json_object_get_boolean(kv)) {
					fail(sub, "member not allowed", NULL);
					ok = false;
				} else {
					ok &= validate(kv, mv, sub);
				}
			}
		} else if (!strcmp(key, "items")) {
			if (!json_object_is_type(v, json_type_array))
				continue;
			for (size_t i = 0; i < json_object_array_length(v); i++) {
				snprintf(sub, sizeof sub, "%s[%zu]", path, i);
				ok &= validate(kv, json_object_array_get_idx(v, i), sub);
			}
		} else if (!strcmp(key, "minItems")) {
			if (json_object_is_type(v, json_type_array) &&
			    json_object_array_length(v) < (size_t)json_object_get_int64(kv)) {
				fail(path, "too few items", NULL);
				ok = false;
			}
		} else if (!strcmp(key, "enum")) {
			bool any = false;
			for (size_t i = 0; i < json_object_array_length(kv); i++)
				any |= json_object_equal(json_object_array_get_idx(kv, i), v);
			if (!any) {
				fail(path, "not one of", json_object_to_json_string(kv));
				ok = false;
			}
		} else if (!strcmp(key, "const")) {
			if (!json_object_equal(kv, v)) {
				fail(path, "not the constant", json_object_to_json_string(kv));
				ok = false;
			}
		} else if (!strcmp(key, "minimum") || !strcmp(key, "maximum")) {
			if (!type_is(v, "number"))
				continue;
			double x = json_object_get_double(v), lim = json_object_get_double(kv);
			if (key[1] == 'i' ? x < lim : x > lim) {
				fail(path, key, json_object_to_json_string(kv));
				ok = false;
			}
		} else if (!strcmp(key, "minLength")) {
			if (json_object_is_type(v, json_type_string) &&
			    json_object_get_string_len(v) < json_object_get_int(kv)) {
				fail(path, "string too short", NULL);
				ok = false;
			}
		} else if (!strcmp(key, "pattern")) {
			if (!json_object_is_type(v, json_type_string))
				continue;
			regex_t re;
			if (regcomp(&re, json_object_get_string(kv), REG_EXTENDED | REG_NOSUB)) {
				fail(path, "bad pattern in the schema", json_object_get_string(kv));
				return false;
			}
			if (regexec(&re, json_object_get_string(v), 0, NULL, 0)) {
				fail(path, "does not match", json_object_get_string(kv));
				ok = false;
			}
			regfree(&re);
		} else if (!strcmp(key, "anyOf") || !strcmp(key, "oneOf") || !strcmp(key, "allOf")) {
			size_t pass = 0, n = json_object_array_length(kv);
			for (size_t i = 0; i < n; i++)
				pass += quiet(json_object_array_get_idx(kv, i), v, path);
			bool good = !strcmp(key, "anyOf") ? pass >= 1 : !strcmp(key, "oneOf") ? pass == 1 : pass == n;
			if (!good) {
				if (!strcmp(key, "allOf"))
					for (size_t i = 0; i < n; i++)
						validate(json_object_array_get_idx(kv, i), v, path);
				else
					fail(path, key, "did not hold");
				ok = false;
			}
		} else if (!strcmp(key, "not")) {
			if (quiet(kv, v, path)) {
				fail(path, "matches what 'not' forbids", json_object_to_json_string(kv));
				ok = false;
			}
		} else if (!strcmp(key, "$schema") || !strcmp(key, "$id") || !strcmp(key, "$defs") ||
		           !strcmp(key, "title") || !strcmp(key, "description") || !strcmp(key, "$comment") ||
		           !strcmp(key, "examples") || !strcmp(key, "default") || !strcmp(key, "format")) {
			/* annotations */
		} else {
			fail(path, "the checker does not know the schema keyword", key);
			return false;
		}
	}
	return ok;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: json_schema_check SCHEMA.json DOC.json\n");
		return 2;
	}
	schema_root = json_object_from_file(argv[1]);
	struct json_object *doc = json_object_from_file(argv[2]);
	if (!schema_root || !doc) {
		fprintf(stderr, "json_schema_check: cannot parse %s\n", schema_root ? argv[2] : argv[1]);
		json_object_put(schema_root);
		json_object_put(doc);
		return 2;
	}
	bool ok = validate(schema_root, doc, "");
	json_object_put(schema_root);
	json_object_put(doc);
	if (!ok)
		fprintf(stderr, "json_schema_check: %s does not follow %s (%d problems)\n", argv[2], argv[1], errors);
	return ok ? 0 : 1;
}
