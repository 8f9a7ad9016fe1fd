/* SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors */
/* Command-line parsing: every rule a user can trip over gets a case. */
#include <stdarg.h>
#include <stdlib.h>
#include "app/options.h"
#include "testlib.h"

/* A value each kind of argument accepts. */
static const char *sample_arg(const struct option_def *d)
{
	if (!d->arg)
		return NULL;
	if (!strcmp(d->arg, "[=N[,TOTAL]]"))
		return "300,2000";
	if (d->arg[0] == '[')
		return "json";
	if (!strcmp(d->arg, "udp|tcp|tls"))
		return "tcp";
	if (!strcmp(d->arg, "N") || !strcmp(d->arg, "SECONDS"))
		return "3";
	if (!strcmp(d->arg, "PORT"))
		return "9060";
	if (!strncmp(d->arg, "udp", 3))
		return "udp:127.0.0.1:9060";
	if (strchr(d->arg, '='))
		return "net.link-up=pass";
	return "x";
}

/* Parses the row's option (with what it needs beside it) and records which
 * bytes of struct options it changed against the same line without it:
 * the row's effect, as the parser dispatches it. */
static bool row_effect(const struct option_def *d, bool use_letter, struct options *with,
                       unsigned char effect[sizeof(struct options)])
{
	char *ctx[4], *argv[8], opt[64], err[256];
	int nctx = 0;
	if (!strcmp(d->long_name, "duration") || !strcmp(d->long_name, "until-verdict")) {
		ctx[nctx++] = "-i";
		ctx[nctx++] = "any";
	}
	if (!strcmp(d->long_name, "probe-register"))
		ctx[nctx++] = "--probe";
	if (!strcmp(d->long_name, "export-rtp"))
		ctx[nctx++] = "--export=x";
	if (!strcmp(d->long_name, "hep-id"))
		ctx[nctx++] = "--hep-send=udp:127.0.0.1:9060";
	struct options without;
	argv[0] = "trunkdoc";
	for (int i = 0; i < nctx; i++)
		argv[1 + i] = ctx[i];
	if (!options_parse(&without, 1 + nctx, argv, err, sizeof err))
		return false;
	options_free(&without);

	const char *arg = sample_arg(d);
	int argc = 1 + nctx;
	if (use_letter) {
		snprintf(opt, sizeof opt, "-%c", option_short_name(d));
		argv[argc++] = opt;
		if (arg)
			argv[argc++] = (char *)arg;
	} else if (arg) {
		snprintf(opt, sizeof opt, "--%s=%s", d->long_name, arg);
		argv[argc++] = opt;
	} else {
		snprintf(opt, sizeof opt, "--%s", d->long_name);
		argv[argc++] = opt;
	}
	argv[argc] = NULL;
	if (!options_parse(with, argc, argv, err, sizeof err)) {
		printf("# %s: %s\n", opt, err);
		return false;
	}
	const unsigned char *a = (const unsigned char *)with, *b = (const unsigned char *)&without;
	bool changed = false;
	for (size_t i = 0; i < sizeof *with; i++) {
		effect[i] = a[i] != b[i];
		changed |= effect[i];
	}
	return changed;
}

/* Do the two effects change the same words?  The letter and the long form
 * may leave a pointer to different copies of the same argument, and a
 * pointer may share a byte with NULL by chance (a 16-aligned buffer ends in
 * 0x00 one time in 16), so the comparison is by aligned 8-byte word. */
static bool same_words(const unsigned char *x, const unsigned char *y, size_t n)
{
	for (size_t w = 0; w < n; w += 8) {
		bool ax = false, ay = false;
		for (size_t i = w; i < w + 8 && i < n; i++)
			ax |= x[i], ay |= y[i];
		if (ax != ay)
			return false;
	}
	return true;
}

/* The option table is the one definition of an option: every row's getopt
 * code is its own, every row parses, every row has an effect no other row
 * has, and the one-letter form means what the long form means. */
static void check_table_rows(void)
{
	static unsigned char effect[64][sizeof(struct options)];
	CHECK(option_count <= 64);
	for (size_t i = 0; i < option_count && i < 64; i++) {
		const struct option_def *d = &option_table[i];
		for (size_t j = 0; j < i; j++) {
			if (option_table[j].code == d->code)
				printf("# rows %s and %s share a code\n", option_table[j].long_name, d->long_name);
			CHECK(option_table[j].code != d->code);
		}
		struct options o;
		bool ok = row_effect(d, false, &o, effect[i]);
		if (!ok)
			printf("# --%s does not parse or changes nothing\n", d->long_name);
		CHECK(ok);
		options_free(&o);
		for (size_t j = 0; j < i; j++) {
			bool same = !memcmp(effect[i], effect[j], sizeof effect[i]);
			if (same)
				printf("# --%s and --%s do the same thing\n", option_table[j].long_name, d->long_name);
			CHECK(!same);
		}
		if (option_short_name(d)) {
			struct options l;
			unsigned char leffect[sizeof(struct options)];
			CHECK(row_effect(d, true, &l, leffect));
			CHECK(same_words(leffect, effect[i], sizeof leffect));
			options_free(&l);
		}
	}
}

/* parse(o, err, errlen, "-r", "a.pcap", ..., NULL) */
static bool parse(struct options *o, char *err, size_t errlen, ...)
{
	char *argv[32];
	int argc = 1;
	va_list ap;
	va_start(ap, errlen);
	argv[0] = "trunkdoc";
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	return options_parse(o, argc, argv, err, errlen);
}

int main(void)
{
	struct options o;
	char err[256];

	CHECK(parse(&o, err, sizeof err, "-r", "a.pcap", "-r", "b.pcap", NULL));
	CHECK_EQ_INT(o.nread, 2);
	CHECK_EQ_STR(o.read_files[1], "b.pcap");
	CHECK_EQ_INT(o.report, REPORT_NONE);
	options_free(&o);

	CHECK(parse(&o, err, sizeof err, "-r", "a.pcap", "--report=json", NULL));
	CHECK_EQ_INT(o.report, REPORT_JSON);
	options_free(&o);

	CHECK(parse(&o, err, sizeof err, "-r", "a.pcap", "--report", NULL));
	CHECK_EQ_INT(o.report, REPORT_TEXT);
	options_free(&o);

	CHECK(!parse(&o, err, sizeof err, "-r", "a.pcap", "--report=xml", NULL));
	CHECK(strstr(err, "text or json") != NULL);
	options_free(&o);

	/* Trailing words are a BPF filter, as tcpdump takes them. */
	CHECK(parse(&o, err, sizeof err, "-i", "eth0", "udp", "port", "5060", NULL));
	CHECK_EQ_STR(o.filter, "udp port 5060");
	options_free(&o);

	CHECK(!parse(&o, err, sizeof err, "-i", "eth0", "-r", "a.pcap", NULL));
	options_free(&o);
	CHECK(!parse(&o, err, sizeof err, "-r", "a.pcap", "--duration", "5", NULL));
	CHECK(strstr(err, "-i") != NULL);
	options_free(&o);
	CHECK(parse(&o, err, sizeof err, "-i", "any", "--duration", "2.5", NULL));
	CHECK(o.duration > 2.4 && o.duration < 2.6);
	options_free(&o);
	CHECK(!parse(&o, err, sizeof err, "-i", "any", "--duration=-1", NULL));
	options_free(&o);

	CHECK(!parse(&o, err, sizeof err, "-r", "a.pcap", "--transport", "sctp", NULL));
	options_free(&o);
	CHECK(!parse(&o, err, sizeof err, "-r", "a.pcap", "--mark", "net.link-up", NULL));
	options_free(&o);
	CHECK(parse(&o, err, sizeof err, "-r", "a.pcap", "--mark", "net.link-up=pass:LEDs green", NULL));
	CHECK_EQ_INT(o.nmarks, 1);
	options_free(&o);

	/* --export implies a batch report. */
	CHECK(parse(&o, err, sizeof err, "-r", "a.pcap", "--export", "/tmp", NULL));
	CHECK_EQ_INT(o.report, REPORT_TEXT);
	options_free(&o);

	CHECK(!parse(&o, err, sizeof err, "-r", "a.pcap", "--bogus", NULL));
	CHECK(strstr(err, "--bogus") != NULL);
	options_free(&o);
	CHECK(!parse(&o, err, sizeof err, "-r", NULL));
	options_free(&o);

	check_table_rows();

	/* There is no option that takes a password. */
	for (size_t i = 0; i < option_count; i++)
		CHECK(strcmp(option_table[i].long_name, "password") != 0);

	return test_done();
}
