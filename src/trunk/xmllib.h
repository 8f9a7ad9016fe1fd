/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * xmllib.h - libxml2, loaded the first time it is needed (a FreeSWITCH
 * gateway to import, --version), not at every start.
 *
 * Linked in, libxml2 and what it pulls in (ICU, libstdc++, zlib) are
 * mapped and relocated at start (they are built with BIND_NOW): 2.5 MB of
 * resident memory in every run, though only `--import freeswitch:` uses
 * them (doc/performance.md, the REGISTER feed).  The header still gives
 * the types and constants; the calls go through these pointers.
 */
#ifndef TRUNKDOC_XMLLIB_H
#define TRUNKDOC_XMLLIB_H

#include <stddef.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

struct xmllib {
	__typeof__(xmlNewParserCtxt) *new_parser_ctxt;
	__typeof__(xmlCtxtReadMemory) *ctxt_read_memory;
	__typeof__(xmlCtxtGetLastError) *ctxt_get_last_error;
	__typeof__(xmlFreeParserCtxt) *free_parser_ctxt;
	__typeof__(xmlDocGetRootElement) *doc_get_root_element;
	__typeof__(xmlGetProp) *get_prop;
	__typeof__(xmlGetLineNo) *get_line_no;
	__typeof__(xmlFreeDoc) *free_doc;
	xmlFreeFunc *free;                  /* the library's xmlFree */
	const char *const *parser_version;  /* its xmlParserVersion, "20914" */
};

/* The library's calls, loading it on the first call (main thread only);
 * NULL, and why in err, when it cannot be loaded. */
const struct xmllib *xmllib_get(char *err, size_t errlen);

#endif
