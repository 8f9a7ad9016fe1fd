/* SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors */
/* hash_bytes and hash_words are seeded per process (src/base/idmap.c): the
 * same key hashes the same within a run and differently in another run, so
 * no capture can be crafted to collide in every run.  The other runs are
 * this program started again with "child", which prints its hashes. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/idmap.h"
#include "testlib.h"

static const char key[] = "a84b4c76e66710@pc33.atlanta.example.com";

static void hashes(uint32_t out[2])
{
	const uint32_t words[3] = { 192, 5060, 2 };
	out[0] = hash_bytes(key, sizeof key - 1);
	out[1] = hash_words(words, 3);
}

static bool child_hashes(const char *self, uint32_t out[2])
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "'%s' child", self);
	FILE *p = popen(cmd, "r");
	if (!p)
		return false;
	int n = fscanf(p, "%" SCNu32 " %" SCNu32, &out[0], &out[1]);
	return pclose(p) == 0 && n == 2;
}

int main(int argc, char **argv)
{
	uint32_t mine[2], again[2], a[2] = { 0 }, b[2] = { 0 };
	char self[4096];
	hashes(mine);
	if (argc > 1 && !strcmp(argv[1], "child")) {
		printf("%" PRIu32 " %" PRIu32 "\n", mine[0], mine[1]);
		return 0;
	}
	hashes(again);
	CHECK(mine[0] == again[0] && mine[1] == again[1]);   /* stable within a run */
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	CHECK(n > 0);
	self[n > 0 ? n : 0] = 0;
	CHECK(child_hashes(self, a));
	CHECK(child_hashes(self, b));
	/* three runs, three seeds: equal values would mean a fixed function
	 * (a chance collision of 32-bit values is about one in a billion) */
	CHECK(a[0] != mine[0] && b[0] != mine[0] && a[0] != b[0]);
	CHECK(a[1] != mine[1] && b[1] != mine[1] && a[1] != b[1]);
	return test_done();
}
