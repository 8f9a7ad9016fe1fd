/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * fuzz_import.c - the trunk profile readers (src/trunk/import_*.c and
 * profile.c): the PBX's own configuration and our INI profile.
 *
 *   input:  [mode byte][file text ...]
 *   mode % 4   0: Asterisk pjsip.conf   1: chan_sip sip.conf
 *              2: FreeSWITCH gateway XML  3: a --trunk INI profile
 *   mode & 4   ask for the trunk named "trunk" instead of the only one
 *
 * The profile filled in is then read the way the report does.
 */
#include <string.h>

#include "fuzz/fuzz_util.h"
#include "trunk/import.h"
#include "trunk/profile.h"
#include "trunk/secret.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct profile p;
	static struct secret pw;
	char path[64], err[1024];

	if (size < 1)
		return 0;
	uint8_t mode = data[0];
	int fd = fuzz_input_file(data + 1, size - 1, path);
	if (fd < 0)
		return 0;
	const char *trunk = (mode & 4) ? "trunk" : NULL;
	profile_init(&p);
	secret_init(&pw);
	bool ok;
	switch (mode % 4) {
	case 0: ok = import_pjsip(&p, &pw, path, trunk, err, sizeof err); break;
	case 1: ok = import_sipconf(&p, &pw, path, trunk, err, sizeof err); break;
	case 2: ok = import_freeswitch(&p, &pw, path, trunk, err, sizeof err); break;
	default: ok = profile_load_ini(&p, path, err, sizeof err); break;
	}
	if (ok)
		(void)profile_is_empty(&p);
	else
		(void)strlen(err);
	secret_wipe(&pw);
	close(fd);
	return 0;
}
