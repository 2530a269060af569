/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough of module/lbdr.h for module/maglev.c to build in userspace
 * (tests/bench/maglev_host.c): the table and the two server fields the
 * build reads. Field names match the module's; the layout need not.
 */
#ifndef _LBDR_H
#define _LBDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define U16_MAX		0xffff
#define ALIGN(x, a)	(((x) + (a) - 1) / (a) * (a))
#define struct_size(p, member, n) \
	(sizeof(*(p)) + (size_t)(n) * sizeof((p)->member[0]))
#define max_t(type, a, b) ((type)(a) > (type)(b) ? (type)(a) : (type)(b))

union nf_inet_addr {
	u32 ip;
	u32 ip6[4];
	u8 all[16];
};

struct lbdr_server {
	union nf_inet_addr addr;
	u16 weight;
};

struct lbdr_table {
	u8 sched;
	u32 size;
	u32 nservers;
	struct lbdr_server **servers;
	u16 slot[];
};

bool lbdr_is_prime(u32 n);
struct lbdr_table *lbdr_maglev_build(struct lbdr_server *const *servers,
				     unsigned int n, int family, u32 size);
#endif
