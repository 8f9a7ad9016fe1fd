/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * xmllib.c - libxml2 loaded on first use; see xmllib.h.
 */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "trunk/xmllib.h"

static struct xmllib lib;
static bool loaded;

/* dlsym's object pointer as the function pointer it is (POSIX allows it) */
#define LOAD(field, name) (*(void **)&lib.field = dlsym(h, name)) != NULL

const struct xmllib *xmllib_get(char *err, size_t errlen)
{
	if (loaded)
		return &lib;
	/* XML_SONAME: the name configure read from the libxml2 it built against */
	void *h = dlopen(XML_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *why = dlerror();
		snprintf(err, errlen, "cannot load libxml2 (%s): %s; install the Debian package libxml2",
		         XML_SONAME, why ? why : "not found");
		return NULL;
	}
	if (!(LOAD(new_parser_ctxt, "xmlNewParserCtxt") && LOAD(ctxt_read_memory, "xmlCtxtReadMemory") &&
	      LOAD(ctxt_get_last_error, "xmlCtxtGetLastError") && LOAD(free_parser_ctxt, "xmlFreeParserCtxt") &&
	      LOAD(doc_get_root_element, "xmlDocGetRootElement") && LOAD(get_prop, "xmlGetProp") &&
	      LOAD(get_line_no, "xmlGetLineNo") && LOAD(free_doc, "xmlFreeDoc") && LOAD(free, "xmlFree") &&
	      LOAD(parser_version, "xmlParserVersion"))) {
		snprintf(err, errlen, "cannot load libxml2 (%s): a function is missing", XML_SONAME);
		dlclose(h);
		return NULL;
	}
	loaded = true;   /* kept loaded: its documents outlive the call */
	return &lib;
}
