/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * fuzz_util.h - what several fuzz targets share: the input as a file the
 * code under test can open by name (an anonymous memory file, so a
 * million runs never touch the disk), and the one-time set-up.
 */
#ifndef TRUNKDOC_FUZZ_UTIL_H
#define TRUNKDOC_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* Every target defines this; libFuzzer (or fuzz/driver.c) calls it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a memory file named /proc/self/fd/N (path has room for
 * 64 bytes).  Returns the descriptor, -1 on failure; close it after. */
static inline int fuzz_input_file(const uint8_t *data, size_t size, char path[64])
{
	int fd = memfd_create("fuzz-input", 0);
	if (fd < 0)
		return -1;
	size_t done = 0;
	while (done < size) {
		ssize_t w = write(fd, data + done, size - done);
		if (w <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)w;
	}
	if (lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

#endif
