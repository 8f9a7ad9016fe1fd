/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * version.c - the --version text (version.h).  Each library is asked for
 * the version it is at run time, which can differ from the one trunkdoc
 * was built against after an upgrade; libosip2 has no such call, so its
 * line names the version configure found, and says so.
 */
#include <ares.h>
#include <json-c/json.h>
#include <openssl/crypto.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "app/version.h"
#include "trunk/xmllib.h"

/* "libpcap version 1.10.3 (with TPACKET_V3)" -> "1.10.3 (with TPACKET_V3)" */
static const char *after_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	if (!s)
		return "unknown";
	return strncmp(s, prefix, n) ? s : s + n;
}

void version_print(FILE *out, const char *ncurses_version)
{
	/* libxml2 gives its run-time version as a number: "20914" is 2.9.14;
	 * it is loaded only to say so (xmllib.h) */
	char xml[256];
	const struct xmllib *xl = xmllib_get(xml, sizeof xml);
	long x = xl && *xl->parser_version ? strtol(*xl->parser_version, NULL, 10) : 0;
	if (xl)
		snprintf(xml, sizeof xml, "%ld.%ld.%ld", x / 10000, x / 100 % 100, x % 100);

	fprintf(out, "trunkdoc %s\n", PACKAGE_VERSION);
	fprintf(out, "  libpcap   %s\n", after_prefix(pcap_lib_version(), "libpcap version "));
	fprintf(out, "  libosip2  %s (at build time: libosip2 does not report its version)\n",
	        OSIP_BUILD_VERSION[0] ? OSIP_BUILD_VERSION : "unknown");
	fprintf(out, "  ncurses   %s\n", after_prefix(ncurses_version, "ncurses "));
	fprintf(out, "  OpenSSL   %s\n", after_prefix(OpenSSL_version(OPENSSL_VERSION), "OpenSSL "));
	fprintf(out, "  json-c    %s\n", json_c_version());
	fprintf(out, "  c-ares    %s\n", ares_version(NULL));
	fprintf(out, "  libxml2   %s\n", xml);
	fprintf(out,
	        "\n"
	        "Copyright (C) 2026 The trunkdoc authors\n"
	        "License GPL-3.0-or-later: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
	        "This is free software: you are free to change and redistribute it.\n"
	        "There is NO WARRANTY, to the extent permitted by law.\n");
}
