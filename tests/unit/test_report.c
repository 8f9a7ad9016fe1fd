/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * test_report.c - the batch reports over a store built from in-memory SIP
 * text: the JSON shape (parsed back with json-c, keys and types as
 * doc/json.md promises), the streamed JSON equal to the built tree, no
 * password in either, and packet text sanitised in both reports.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "base/json_fill.h"
#include "report/report.h"
#include "sip/sipparse.h"
#include "store/store.h"
#include "testlib.h"

static struct app app;

static void feed(const char *text, uint32_t frame, usec_t t, bool from_pbx)
{
	struct endpoint pbx = { .family = 4, .addr = { 192, 0, 2, 10 }, .port = 5060 };
	struct endpoint srv = { .family = 4, .addr = { 198, 51, 100, 1 }, .port = 5060 };
	ep_id a = store_endpoint(app.store, &pbx), b = store_endpoint(app.store, &srv);
	struct msg_meta m = { .time = t, .frame = frame, .last_frame = frame,
	                      .src = from_pbx ? a : b, .dst = from_pbx ? b : a, .transport = TP_UDP };
	sip_ingest_datagram(app.store, text, strlen(text), &m);
	struct capture_stats *cs = store_stats(app.store);
	cs->packets++;
	if (!cs->first)
		cs->first = t;
	cs->last = t;
}

#define HDRS(branch, cseq, totag) \
	"Via: SIP/2.0/UDP 192.0.2.10:5060;branch=" branch "\r\n" \
	"From: <sip:1000@example.com>;tag=f1\r\n" \
	"To: <sip:1000@example.com>" totag "\r\n" \
	"Call-ID: evil\x1b[31m-call\r\n" \
	"CSeq: " cseq " REGISTER\r\n"

static void build(void)
{
	sipparse_init();
	app.store = store_new();
	app.findings = calloc(check_count, sizeof *app.findings);
	profile_init(&app.profile);
	secret_init(&app.password);
	snprintf(app.profile.registrar, sizeof app.profile.registrar, "example.com");
	secret_set(&app.password, "hunter2-secret", 14);
	usec_t t0 = 1700000000LL * 1000000;
	feed("REGISTER sip:example.com SIP/2.0\r\n" HDRS("z9hG4bK1", "1", "")
	     "Contact: <sip:1000@192.0.2.10>\r\nExpires: 300\r\nContent-Length: 0\r\n\r\n", 1, t0, true);
	feed("SIP/2.0 401 Unauthorized\x1b]0;pwned\x07\r\n" HDRS("z9hG4bK1", "1", ";tag=s1")
	     "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n1\"\r\nContent-Length: 0\r\n\r\n", 2, t0 + 1000, false);
	feed("REGISTER sip:example.com SIP/2.0\r\n" HDRS("z9hG4bK2", "2", "")
	     "Contact: <sip:1000@192.0.2.10>\r\nExpires: 300\r\n"
	     "Authorization: Digest username=\"1000\", realm=\"example.com\", nonce=\"n1\", uri=\"sip:example.com\", response=\"00112233445566778899aabbccddeeff\"\r\n"
	     "Content-Length: 0\r\n\r\n", 3, t0 + 2000, true);
	feed("SIP/2.0 200 OK\r\n" HDRS("z9hG4bK2", "2", ";tag=s2")
	     "Contact: <sip:1000@192.0.2.10>;expires=300\r\nContent-Length: 0\r\n\r\n", 4, t0 + 3000, false);
	app.now = t0 + 3000;
	store_finish(app.store, app.now);
	app_evaluate(&app);
}

static bool has(struct json_object *o, const char *key, json_type type)
{
	struct json_object *v = NULL;
	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, type);
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;
	json_object_object_get_ex(o, key, &v);
	return v;
}

static void test_json_shape(struct json_object *o)
{
	CHECK(has(o, "version", json_type_int));
	CHECK(has(o, "capture", json_type_object));
	CHECK(has(o, "profile", json_type_object));
	CHECK(has(o, "registrations", json_type_array));
	CHECK(has(o, "dialogs", json_type_array));
	CHECK(has(o, "checks", json_type_array));
	CHECK(json_object_object_get_ex(o, "root_cause", NULL));

	struct json_object *c = get(o, "capture");
	CHECK(has(c, "source", json_type_array));
	CHECK_EQ_INT(json_object_get_int(get(c, "packets")), 4);
	CHECK_EQ_INT(json_object_get_int(get(c, "sip_messages")), 4);
	CHECK_EQ_INT(json_object_get_int(get(c, "malformed")), 0);
	CHECK_EQ_STR(json_object_get_string(get(c, "first")), "2023-11-14T22:13:20.000000Z");
	CHECK_EQ_STR(json_object_get_string(get(c, "last")), "2023-11-14T22:13:20.003000Z");
	CHECK(has(c, "warnings", json_type_array));

	struct json_object *p = get(o, "profile");
	CHECK_EQ_STR(json_object_get_string(get(p, "registrar")), "example.com");
	CHECK(json_object_get_boolean(get(p, "password_given")));

	struct json_object *regs = get(o, "registrations");
	CHECK_EQ_INT(json_object_array_length(regs), 1);
	struct json_object *r = json_object_array_get_idx(regs, 0);
	CHECK_EQ_STR(json_object_get_string(get(r, "aor")), "sip:1000@example.com");
	CHECK_EQ_STR(json_object_get_string(get(r, "registrar")), "example.com");
	CHECK_EQ_STR(json_object_get_string(get(r, "pbx")), "192.0.2.10:5060");
	CHECK_EQ_STR(json_object_get_string(get(r, "server")), "198.51.100.1:5060");
	CHECK_EQ_STR(json_object_get_string(get(r, "state")), "registered");
	CHECK_EQ_INT(json_object_get_int(get(r, "last_status")), 200);
	CHECK_EQ_INT(json_object_get_int(get(r, "granted_expires")), 300);
	struct json_object *tl = get(r, "timeline");
	CHECK_EQ_INT(json_object_array_length(tl), 4);
	struct json_object *ev = json_object_array_get_idx(tl, 1);
	CHECK_EQ_STR(json_object_get_string(get(ev, "state")), "challenged");
	CHECK_EQ_INT(json_object_get_int(get(ev, "frame")), 2);
	CHECK(has(ev, "time", json_type_string));
	struct json_object *att = get(r, "attempts");
	CHECK_EQ_INT(json_object_array_length(att), 2);
	struct json_object *a0 = json_object_array_get_idx(att, 0), *a1 = json_object_array_get_idx(att, 1);
	CHECK_EQ_INT(json_object_get_int(get(a0, "frame")), 1);
	CHECK_EQ_INT(json_object_get_int(get(a0, "status")), 401);
	CHECK(!json_object_get_boolean(get(a0, "credentials")));
	CHECK_EQ_INT(json_object_get_int(get(a1, "status")), 200);
	CHECK_EQ_INT(json_object_get_int(get(a1, "final_frame")), 4);
	CHECK(json_object_get_boolean(get(a1, "credentials")));

	struct json_object *dl = get(o, "dialogs");
	CHECK_EQ_INT(json_object_array_length(dl), 1);
	struct json_object *d = json_object_array_get_idx(dl, 0);
	CHECK_EQ_STR(json_object_get_string(get(d, "call_id")), "evil\\e[31m-call");
	CHECK_EQ_STR(json_object_get_string(get(d, "method")), "REGISTER");
	struct json_object *msgs = get(d, "messages");
	CHECK_EQ_INT(json_object_array_length(msgs), 4);
	struct json_object *m0 = json_object_array_get_idx(msgs, 0), *m1 = json_object_array_get_idx(msgs, 1);
	CHECK_EQ_STR(json_object_get_string(get(m0, "method")), "REGISTER");
	CHECK(!json_object_object_get_ex(m0, "status", NULL));
	CHECK_EQ_STR(json_object_get_string(get(m0, "src")), "192.0.2.10:5060");
	CHECK_EQ_STR(json_object_get_string(get(m0, "transport")), "UDP");
	CHECK_EQ_INT(json_object_get_int(get(m0, "cseq")), 1);
	CHECK(has(m0, "retransmission", json_type_boolean));
	CHECK(has(m0, "malformed", json_type_boolean));
	CHECK_EQ_INT(json_object_get_int(get(m1, "status")), 401);
	CHECK_EQ_STR(json_object_get_string(get(m1, "reason")), "Unauthorized\\e]0;pwned\\x07");

	struct json_object *ck = get(o, "checks");
	CHECK_EQ_INT(json_object_array_length(ck), check_count);
	struct json_object *c0 = json_object_array_get_idx(ck, 0);
	const char *keys[] = { "id", "group", "kind", "title", "verdict", "summary", "advice", "note" };
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		CHECK(has(c0, keys[i], json_type_string));
	CHECK(has(c0, "evidence", json_type_array));
	CHECK(has(c0, "evidence_detail", json_type_array));
	CHECK(has(c0, "marked", json_type_boolean));
	struct json_object *rc = get(o, "root_cause");
	CHECK(rc == NULL || (has(rc, "id", json_type_string) && has(rc, "summary", json_type_string)));
}

static char *capture_output(void (*fn)(FILE *, const struct app *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	fn(f, &app);
	fclose(f);
	return buf;
}

/* json_int_new prints what json-c's own snprintf would, before and after
 * the value is set in place. */
static void test_int_serializer(void)
{
	const int64_t values[] = { 0, 7, -1, 10, 99, 100, -5060, 1234567890123, INT64_MAX, INT64_MIN };
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		char want[32];
		snprintf(want, sizeof want, "%" PRId64, values[i]);
		struct json_object *o = json_int_new(values[i]);
		CHECK_EQ_STR(json_object_to_json_string(o), want);
		json_object_set_int64(o, values[(i + 1) % (sizeof values / sizeof *values)]);
		snprintf(want, sizeof want, "%" PRId64, values[(i + 1) % (sizeof values / sizeof *values)]);
		CHECK_EQ_STR(json_object_to_json_string(o), want);
		json_object_put(o);
	}
}

/* json_str_new prints what json-c's own string serializer would, for
 * every byte value, with and without '/' escaped, short and long, before
 * and after the value is set in place. */
static void check_str_same(const char *s, size_t len)
{
	const int flag_sets[] = { JSON_C_TO_STRING_PLAIN,
	                          JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE };
	struct json_object *ours = json_str_new("");
	json_object_set_string_len(ours, s, (int)len);
	struct json_object *theirs = json_object_new_string_len(s, (int)len);
	for (size_t f = 0; f < sizeof flag_sets / sizeof *flag_sets; f++) {
		size_t n1 = 0, n2 = 0;
		const char *a = json_object_to_json_string_length(ours, flag_sets[f], &n1);
		const char *b = json_object_to_json_string_length(theirs, flag_sets[f], &n2);
		CHECK(n1 == n2 && !memcmp(a, b, n1));
	}
	json_object_put(ours);
	json_object_put(theirs);
}

static void test_str_serializer(void)
{
	const char *samples[] = { "", "2024-01-01T00:00:00.000233Z", "10.5.194.10:5060", "UDP",
	                          "Unauthorized", "application/sdp", "a\"quoted\" \\ value",
	                          "tab\there", "line\r\nend", "caf\xc3\xa9", "del\x7f", "\x01\x1f" };
	for (size_t i = 0; i < sizeof samples / sizeof *samples; i++)
		check_str_same(samples[i], strlen(samples[i]));
	char one[4];
	for (int c = 1; c < 256; c++) {
		snprintf(one, sizeof one, "x%c", c);
		check_str_same(one, 2);
	}
	/* longer than the serializer's stack room, plain and with a quote at the end */
	char big[600];
	memset(big, 'a', sizeof big);
	check_str_same(big, sizeof big);
	big[sizeof big - 1] = '"';
	check_str_same(big, sizeof big);
	check_str_same(big, 254);
	check_str_same(big, 253);
}

/* Fills j with 3*n + 1 members of every kind; round r changes the values
 * and turns some members null, some back. */
static const char *const wide_keys[] = {
	"k00", "k01", "k02", "k03", "k04", "k05", "k06", "k07", "k08", "k09",
	"k10", "k11", "k12", "k13", "k14", "k15", "k16", "k17", "k18", "k19",
	"k20", "k21", "k22", "k23", "k24", "k25", "k26", "k27", "k28", "k29",
	"k30", "k31", "k32", "k33", "k34", "k35", "k36", "k37", "k38", "k39",
	"k40", "k41", "k42", "k43", "k44", "k45", "k46", "k47", "k48", "k49",
	"k50", "k51", "k52", "k53", "k54", "k55", "k56", "k57", "k58", "k59",
	"k60", "k61", "k62", "k63", "k64", "k65", "k66", "k67", "k68", "k69",
	"k70", "k71", "k72", "k73", "k74", "k75", "k76", "k77", "k78", "k79",
	"k80", "k81", "k82", "k83", "k84", "k85", "k86", "k87", "k88", "k89",
	"k90", "k91", "k92", "k93", "k94", "k95", "k96", "k97", "k98", "k99",
};
static void wide_fill(struct jo *j, size_t n, int r)
{
	char b[32];
	jo_begin(j);
	for (size_t i = 0; i < n; i++) {
		bool null = (i + (size_t)r) % 3 == 0;
		snprintf(b, sizeof b, "v%zu.%d", i, r);
		jo_str(j, wide_keys[3 * i], null ? NULL : b);
		jo_int(j, wide_keys[3 * i + 1], !null, (int64_t)(i * 1000) + r);
		jo_bool(j, wide_keys[3 * i + 2], (i + (size_t)r) % 2);
	}
	struct json_object *arr = jo_arr(j, wide_keys[3 * n]);
	arr_clear(arr);
	for (int k = 0; k < r; k++)
		json_object_array_add(arr, json_int_new(k));
}

/* An object has no member limit: one filled in place, round after round,
 * prints what a new object with the same values prints, at every size
 * from empty to 100 members. */
static void test_jo_any_width(void)
{
	for (size_t n = 0; n <= 33; n++) {
		struct jo kept = { 0 };
		for (int r = 0; r < 4; r++) {
			struct jo fresh = { 0 };
			wide_fill(&kept, n, r);
			wide_fill(&fresh, n, r);
			CHECK_EQ_INT(json_object_object_length(kept.o), 3 * n + 1);
			CHECK_EQ_STR(json_object_to_json_string(kept.o), json_object_to_json_string(fresh.o));
			jo_free(&fresh);
		}
		jo_free(&kept);
		CHECK(kept.o == NULL && kept.v == NULL);
	}
	/* a pool of children, freed whole */
	struct jpool p = { 0 };
	for (size_t i = 0; i < 40; i++)
		wide_fill(pool_at(&p, i), i % 20, 1);
	CHECK_EQ_INT(json_object_object_length(pool_at(&p, 39)->o), 3 * 19 + 1);
	pool_free(&p);
}

int main(void)
{
	test_jo_any_width();
	test_int_serializer();
	test_str_serializer();
	build();
	struct json_object *tree = report_json_object(&app);
	test_json_shape(tree);

	/* the streamed document is the same document */
	char *streamed = capture_output(report_json);
	struct json_object *back = json_tokener_parse(streamed);
	CHECK(back != NULL);
	if (back) {
		test_json_shape(back);
		CHECK(json_object_equal(tree, back));
	}
	CHECK(!strstr(streamed, "hunter2"));
	CHECK(!strchr(streamed, 0x1b));
	const char *plain = json_object_to_json_string(tree);
	CHECK(!strstr(plain, "hunter2"));

	char *text = capture_output(report_text);
	CHECK(strstr(text, "Checklist") != NULL);
	CHECK(strstr(text, "Capture") != NULL);
	CHECK(strstr(text, "sip:1000@example.com at example.com") != NULL);
	CHECK(strstr(text, "registered") != NULL);
	CHECK(strstr(text, "401 Unauthorized\\e]0;pwned\\x07") != NULL);
	CHECK(strstr(text, "Call-ID evil\\e[31m-call") != NULL);
	CHECK(!strchr(text, 0x1b));
	CHECK(!strchr(text, 0x07));
	CHECK(!strstr(text, "hunter2"));

	free(streamed);
	free(text);
	json_object_put(back);
	json_object_put(tree);
	secret_wipe(&app.password);
	store_free(app.store);
	free(app.findings);
	return test_done();
}
