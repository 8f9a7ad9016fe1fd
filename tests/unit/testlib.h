/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * testlib.h - the smallest test harness that does the job: each CHECK prints
 * "ok"/"not ok" with its location, and test_done() turns the tally into the
 * exit status automake's harness reads (0 pass, 1 fail, 77 skip).
 */
#ifndef TRUNKDOC_TESTLIB_H
#define TRUNKDOC_TESTLIB_H

#include <stdio.h>
#include <string.h>

static int test_failures, test_checks;

#define CHECK(cond) do { \
	test_checks++; \
	if (cond) { printf("ok %d - %s\n", test_checks, #cond); } \
	else { test_failures++; printf("not ok %d - %s (%s:%d)\n", test_checks, #cond, __FILE__, __LINE__); } \
} while (0)

#define CHECK_EQ_INT(a, b) do { \
	long long _a = (long long)(a), _b = (long long)(b); \
	test_checks++; \
	if (_a == _b) { printf("ok %d - %s == %s\n", test_checks, #a, #b); } \
	else { test_failures++; printf("not ok %d - %s == %s: %lld != %lld (%s:%d)\n", test_checks, #a, #b, _a, _b, __FILE__, __LINE__); } \
} while (0)

#define CHECK_EQ_STR(a, b) do { \
	const char *_a = (a), *_b = (b); \
	test_checks++; \
	if (_a && _b && !strcmp(_a, _b)) { printf("ok %d - %s == \"%s\"\n", test_checks, #a, _b); } \
	else { test_failures++; printf("not ok %d - %s: \"%s\" != \"%s\" (%s:%d)\n", test_checks, #a, _a ? _a : "(null)", _b ? _b : "(null)", __FILE__, __LINE__); } \
} while (0)

static inline int test_done(void)
{
	printf("# %d checks, %d failed\n", test_checks, test_failures);
	return test_failures ? 1 : test_checks ? 0 : 99;   /* no check run is a hard error */
}

#endif
