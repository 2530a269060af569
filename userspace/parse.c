// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line word parsing. Strict on purpose: lbadm runs from scripts,
 * and "80x" or "-1" silently read as numbers would configure the wrong
 * thing, so anything but the documented form is refused.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "parse.h"

int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return -1;
	}
	if (v < min || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int parse_keyword(const char *s, const char *const *words)
{
	int i;

	for (i = 0; s && words[i]; i++)
		if (!strcmp(s, words[i]))
			return i;
	return -1;
}

int parse_proto(const char *s, uint8_t *proto)
{
	static const char *const names[] = { "tcp", "udp", NULL };
	static const uint8_t numbers[] = { IPPROTO_TCP, IPPROTO_UDP };
	int i = parse_keyword(s, names);

	if (i < 0)
		return -1;
	*proto = numbers[i];
	return 0;
}

int parse_addr(const char *s, struct lbadm_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (!s)
		return -1;
	if (inet_pton(AF_INET, s, &a->v4) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &a->v6) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	return -1;
}

int parse_addr_port(const char *s, struct lbadm_addr *a, uint16_t *port)
{
	char host[INET6_ADDRSTRLEN];
	const char *colon;
	int bracketed;
	uint32_t p;
	size_t n;

	if (!s)
		return -1;
	bracketed = s[0] == '[';
	if (bracketed) {
		const char *end = strchr(s, ']');

		if (!end || end[1] != ':')
			return -1;
		n = (size_t)(end - s - 1);
		colon = end + 1;
		s++;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -1;
		n = (size_t)(colon - s);
	}
	if (n == 0 || n >= sizeof(host))
		return -1;
	memcpy(host, s, n);
	host[n] = '\0';
	if (parse_addr(host, a))
		return -1;
	/* IPv6 must be bracketed (else its last group reads as a port), IPv4 not. */
	if ((a->family == AF_INET6) != bracketed)
		return -1;
	if (parse_u32(colon + 1, 0, 65535, &p))
		return -1;
	*port = (uint16_t)p;
	return 0;
}

int parse_prefix_len(const char *s, int family, uint8_t *out)
{
	uint32_t v;

	if (parse_u32(s, 0, family == AF_INET6 ? 128 : 32, &v))
		return -1;
	*out = (uint8_t)v;
	return 0;
}

int format_addr_port(const struct lbadm_addr *a, uint16_t port,
		     char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN];
	int n;

	if (!inet_ntop(a->family, &a->v4, host, sizeof(host)))
		return -1;
	if (a->family == AF_INET6)
		n = snprintf(buf, len, "[%s]:%u", host, port);
	else
		n = snprintf(buf, len, "%s:%u", host, port);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

const char *format_addr(const struct lbadm_addr *a, char *buf, size_t len)
{
	/* An unknown family would print nothing: say so instead. */
	if ((a->family != AF_INET && a->family != AF_INET6) ||
	    !inet_ntop(a->family, &a->v4, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}
