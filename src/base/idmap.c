/*
 * SPDX-License-Identifier: GPL-3.0-or-later
 * Copyright (C) 2026 The trunkdoc authors
 *
 * idmap.c - open-addressing (linear probing) hash index; see idmap.h.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "base/hugemem.h"
#include "base/idmap.h"

void idmap_free(struct idmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof *m);
}

uint32_t idmap_find(const struct idmap *m, uint32_t hash, idmap_eq_fn eq,
                    const void *ctx, const void *key)
{
	if (!m->slots)
		return UINT32_MAX;
	for (uint32_t i = hash & m->mask;; i = (i + 1) & m->mask) {
		const struct idmap_slot *s = &m->slots[i];
		if (!s->val)
			return UINT32_MAX;
		if (s->hash == hash && eq(ctx, s->val - 1, key))
			return s->val - 1;
	}
}

static void place(struct idmap_slot *slots, uint32_t mask, uint32_t hash, uint32_t val)
{
	uint32_t i = hash & mask;
	while (slots[i].val)
		i = (i + 1) & mask;
	slots[i].hash = hash;
	slots[i].val = val;
}

static bool grow(struct idmap *m)
{
	uint32_t n = m->mask ? (m->mask + 1) * 2 : 64;
	if (n == 0)
		return false;
	struct idmap_slot *slots = hugemem_alloc((size_t)n * sizeof *slots);
	if (!slots)
		return false;
	memset(slots, 0, (size_t)n * sizeof *slots);
	if (m->slots)
		for (uint32_t i = 0; i <= m->mask; i++)
			if (m->slots[i].val)
				place(slots, n - 1, m->slots[i].hash, m->slots[i].val);
	free(m->slots);
	m->slots = slots;
	m->mask = n - 1;
	return true;
}

bool idmap_insert(struct idmap *m, uint32_t hash, uint32_t index)
{
	/* at most 13/16 full: probes stay short (a slot is 8 bytes, so a
	 * probe run of a dozen is two cache lines) and a table whose count
	 * just passed three quarters of a power of two is not doubled, which
	 * on a large capture would leave 60 % of its slots empty */
	if ((!m->slots || (uint64_t)(m->used + 1) * 16 > ((uint64_t)m->mask + 1) * 13) && !grow(m))
		return false;
	place(m->slots, m->mask, hash, index + 1);
	m->used++;
	return true;
}

static inline uint64_t mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Call-IDs, tags, addresses: the keys hashed here come off the wire.  With
 * a fixed function, traffic crafted to collide would pile every key into
 * one probe run and make each lookup a scan; a seed drawn once per process
 * makes the collisions impossible to plan.  Nothing that is printed depends
 * on a hash: ids are handed out in the order keys first appear, so every
 * seed gives the same bytes (tests/parallel-identical.sh compares two runs,
 * hence two seeds). */
static uint64_t hash_seed = 0x9e3779b97f4a7c15ULL;

/* Runs before main (and before any thread), so the seed is set once and
 * only ever read afterwards. */
__attribute__((constructor)) static void hash_seed_init(void)
{
	uint64_t s;
	if (getrandom(&s, sizeof s, GRND_NONBLOCK) != (ssize_t)sizeof s) {
		/* no entropy yet (early boot): still differs from run to run */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		s = (uint64_t)ts.tv_nsec << 32 ^ (uint64_t)ts.tv_sec ^ (uint64_t)getpid() << 16;
	}
	hash_seed = mix64(hash_seed ^ s);
}

uint32_t hash_bytes(const void *p, size_t len)
{
	const unsigned char *b = p;
	uint64_t h = hash_seed ^ len;
	size_t n = len;
	while (n > 8) {
		uint64_t w;
		memcpy(&w, b, 8);
		h = (h ^ mix64(w)) * 0x100000001b3ULL;
		b += 8;
		n -= 8;
	}
	/* the last 1 to 8 bytes in fixed-size reads (overlapping ones where
	 * the string is that long), so no memcpy of a variable length is
	 * called for every string interned */
	uint64_t w = 0;
	if (len >= 8) {
		memcpy(&w, b + n - 8, 8);
	} else if (n >= 4) {
		uint32_t lo, hi;
		memcpy(&lo, b, 4);
		memcpy(&hi, b + n - 4, 4);
		w = (uint64_t)hi << 32 | lo;
	} else if (n) {
		w = (uint64_t)b[0] | (uint64_t)b[n / 2] << 8 | (uint64_t)b[n - 1] << 16;
	}
	h = mix64(h ^ w ^ ((uint64_t)len << 56));
	return (uint32_t)h;
}

uint32_t hash_words(const uint32_t *w, size_t n)
{
	uint64_t h = 0x2545f4914f6cdd1dULL ^ hash_seed;
	for (size_t i = 0; i < n; i++)
		h = mix64(h ^ w[i]) + i;
	return (uint32_t)mix64(h);
}
