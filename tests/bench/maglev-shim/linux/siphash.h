/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SipHash-2-4 as lib/siphash.c computes it (the reference algorithm, key
 * words little-endian), so the userspace build of module/maglev.c makes
 * the kernel's permutations and so the kernel's table.
 */
#ifndef _SHIM_SIPHASH_H
#define _SHIM_SIPHASH_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
	uint64_t key[2];
} siphash_key_t;

#define SIP_ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIP_ROUND do { \
	v0 += v1; v1 = SIP_ROTL(v1, 13); v1 ^= v0; v0 = SIP_ROTL(v0, 32); \
	v2 += v3; v3 = SIP_ROTL(v3, 16); v3 ^= v2; \
	v0 += v3; v3 = SIP_ROTL(v3, 21); v3 ^= v0; \
	v2 += v1; v1 = SIP_ROTL(v1, 17); v1 ^= v2; v2 = SIP_ROTL(v2, 32); \
} while (0)

static inline uint64_t siphash(const void *data, size_t len, const siphash_key_t *key)
{
	const uint8_t *p = data, *end = p + (len - len % 8);
	uint64_t v0 = 0x736f6d6570736575ULL ^ key->key[0];
	uint64_t v1 = 0x646f72616e646f6dULL ^ key->key[1];
	uint64_t v2 = 0x6c7967656e657261ULL ^ key->key[0];
	uint64_t v3 = 0x7465646279746573ULL ^ key->key[1];
	uint64_t b = (uint64_t)len << 56, m;
	size_t i;

	for (; p != end; p += 8) {
		memcpy(&m, p, 8);	/* little-endian host (x86) */
		v3 ^= m;
		SIP_ROUND; SIP_ROUND;
		v0 ^= m;
	}
	for (i = 0; i < len % 8; i++)
		b |= (uint64_t)p[i] << (8 * i);
	v3 ^= b;
	SIP_ROUND; SIP_ROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIP_ROUND; SIP_ROUND; SIP_ROUND; SIP_ROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}
#endif
