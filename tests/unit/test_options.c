/* SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors */
/* Command-line parsing: every rule a user can trip over gets a case. */
#include <stdarg.h>
#include <stdlib.h>
#include "app/options.h"
#include "testlib.h"

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

	/* There is no option that takes a password. */
	for (size_t i = 0; i < option_count; i++)
		CHECK(strcmp(option_table[i].long_name, "password") != 0);

	return test_done();
}
