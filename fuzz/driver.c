/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * driver.c - runs a fuzz target's LLVMFuzzerTestOneInput on the files
 * named on the command line, once each, without libFuzzer.  Linked with a
 * target it makes fuzz/regress_<name>, which `make check` runs over the
 * target's regression inputs (fuzz/regress/<name>/) and seeds
 * (fuzz/corpus/<name>/) with the ordinary compiler and the ASan/UBSan
 * build: a crash found once stays fixed without clang in the loop.
 * Exit 0 when every file ran; a sanitizer report aborts the run.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_util.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "driver: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t cap = 4096, len = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			fclose(f);
			fprintf(stderr, "driver: %s: out of memory\n", path);
			return -1;
		}
		len += fread(buf + len, 1, cap - len, f);
		if (len < cap)
			break;
		cap *= 2;
		uint8_t *nb = realloc(buf, cap);
		if (!nb)
			free(buf);
		buf = nb;
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		fprintf(stderr, "driver: %s: read error\n", path);
		free(buf);
		return -1;
	}
	/* an exact-size copy, so ASan sees a read one past the input */
	uint8_t *in = malloc(len ? len : 1);
	if (!in) {
		free(buf);
		return -1;
	}
	memcpy(in, buf, len);
	free(buf);
	fprintf(stderr, "driver: %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(in, len);
	free(in);
	return 0;
}

int main(int argc, char **argv)
{
	int failed = 0;
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (run_file(argv[i]) != 0)
			failed++;
	printf("ran %d input(s), %d unreadable\n", argc - 1 - failed, failed);
	return failed ? 1 : 0;
}
