/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing of the words on lbadm's command line: numbers, keywords,
 * protocols and addresses. Pure functions, unit-tested on the host.
 */
#ifndef LBADM_PARSE_H
#define LBADM_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

struct lbadm_addr {
	int family;		/* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

/* Decimal digits only, within [min, max]. 0 on success, -1 otherwise. */
int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);
/* Index of @s in the NULL-terminated @words, or -1. Exact match. */
int parse_keyword(const char *s, const char *const *words);
/* "tcp" or "udp" to IPPROTO_TCP / IPPROTO_UDP. */
int parse_proto(const char *s, uint8_t *proto);
/* A bare IPv4 or IPv6 address. */
int parse_addr(const char *s, struct lbadm_addr *a);
/* 192.0.2.1:80 or [2001:db8::1]:80; the port is required, 0..65535. */
int parse_addr_port(const char *s, struct lbadm_addr *a, uint16_t *port);
/* A prefix length valid for @family. */
int parse_prefix_len(const char *s, int family, uint8_t *out);
/*
 * The inverse of parse_addr, in @a's own family, into @buf of @len bytes
 * (INET6_ADDRSTRLEN will do): @buf.
 */
const char *format_addr(const struct lbadm_addr *a, char *buf, size_t len);
/* The inverse of parse_addr_port, into @buf of @len bytes. */
int format_addr_port(const struct lbadm_addr *a, uint16_t port,
		     char *buf, size_t len);

#endif
