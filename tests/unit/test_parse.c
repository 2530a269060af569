// SPDX-License-Identifier: GPL-2.0
/*
 * parse.c: the words of lbadm's command line.
 *
 * Each table row is one documented behaviour: an input and what lbadm
 * makes of it, written the way a user would read it ("AF_INET 192.0.2.1
 * port 80") or REFUSED. The parser is strict on purpose, so most rows are
 * inputs it must refuse.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "parse.h"
#include "tap.h"

#define REFUSED "refused"

/* "AF_INET 192.0.2.1" / "AF_INET6 2001:db8::1" / "family 7". */
static void describe_addr(const struct lbadm_addr *a, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN];

	if (a->family != AF_INET && a->family != AF_INET6) {
		snprintf(buf, len, "family %d", a->family);
		return;
	}
	if (!inet_ntop(a->family, a->family == AF_INET ?
		       (const void *)&a->v4 : (const void *)&a->v6,
		       host, sizeof(host)))
		strcpy(host, "?");
	snprintf(buf, len, "%s %s",
		 a->family == AF_INET ? "AF_INET" : "AF_INET6", host);
}

/* ---- parse_u32: decimal digits only, within [min, max] ---- */

static const struct {
	const char *s;
	uint32_t min, max;
	const char *expected;	/* the value in decimal, or REFUSED */
} u32_cases[] = {
	{ "0",			0, UINT32_MAX,	"0" },
	{ "65535",		0, UINT32_MAX,	"65535" },
	{ "4294967295",		0, UINT32_MAX,	"4294967295" },
	/* Leading zeros are decimal, not octal. */
	{ "010",		0, UINT32_MAX,	"10" },
	{ "0000000000000000000042", 0, UINT32_MAX, "42" },
	/* Nothing but digits: no sign, no blanks, no suffix, no base. */
	{ NULL,			0, UINT32_MAX,	REFUSED },
	{ "",			0, UINT32_MAX,	REFUSED },
	{ "-1",			0, UINT32_MAX,	REFUSED },
	{ "+5",			0, UINT32_MAX,	REFUSED },
	{ " 5",			0, UINT32_MAX,	REFUSED },
	{ "5 ",			0, UINT32_MAX,	REFUSED },
	{ "5\n",		0, UINT32_MAX,	REFUSED },
	{ "5x",			0, UINT32_MAX,	REFUSED },
	{ "0x10",		0, UINT32_MAX,	REFUSED },
	{ "1e3",		0, UINT32_MAX,	REFUSED },
	{ "1.0",		0, UINT32_MAX,	REFUSED },
	/* Too big for 32 bits, including values that overflow 64. */
	{ "4294967296",		0, UINT32_MAX,	REFUSED },
	{ "99999999999999999999", 0, UINT32_MAX, REFUSED },
	{ "18446744073709551617", 0, UINT32_MAX, REFUSED },
	/* The bounds are inclusive. */
	{ "0",			1, 10,		REFUSED },
	{ "1",			1, 10,		"1" },
	{ "10",			1, 10,		"10" },
	{ "11",			1, 10,		REFUSED },
	{ "7",			7, 7,		"7" },
	{ "65536",		0, 65535,	REFUSED },
};

static void test_parse_u32(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(u32_cases); i++) {
		uint32_t v = 12345;
		char got[32];

		if (parse_u32(u32_cases[i].s, u32_cases[i].min,
			      u32_cases[i].max, &v))
			strcpy(got, REFUSED);
		else
			snprintf(got, sizeof(got), "%u", v);
		EXPECT_STR(got, u32_cases[i].expected,
			   "parse_u32(%s, %u..%u) is %s",
			   tap_quote(u32_cases[i].s), u32_cases[i].min,
			   u32_cases[i].max, u32_cases[i].expected);
	}
}

/* ---- parse_keyword: exact match in a NULL-terminated list ---- */

static const char *const keywords[] = { "add", "del", "list", NULL };
static const char *const no_keywords[] = { NULL };

static const struct {
	const char *s;
	const char *const *words;
	int expected;		/* index, or -1 */
} keyword_cases[] = {
	{ "add",	keywords,	0 },
	{ "del",	keywords,	1 },
	{ "list",	keywords,	2 },
	/* No abbreviations, no case folding, no trailing blanks. */
	{ "ad",		keywords,	-1 },
	{ "adds",	keywords,	-1 },
	{ "ADD",	keywords,	-1 },
	{ "add ",	keywords,	-1 },
	{ "",		keywords,	-1 },
	{ NULL,		keywords,	-1 },
	{ "add",	no_keywords,	-1 },
};

static void test_parse_keyword(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keyword_cases); i++) {
		char got[16], expected[16];

		snprintf(got, sizeof(got), "%d",
			 parse_keyword(keyword_cases[i].s,
				       keyword_cases[i].words));
		snprintf(expected, sizeof(expected), "%d",
			 keyword_cases[i].expected);
		EXPECT_STR(got, expected, "parse_keyword(%s, %s) is %d",
			   tap_quote(keyword_cases[i].s),
			   keyword_cases[i].words == keywords ?
			   "{add, del, list}" : "{}",
			   keyword_cases[i].expected);
	}
}

/* ---- parse_proto: "tcp" or "udp" ---- */

static const struct {
	const char *s;
	const char *expected;	/* the protocol number, or REFUSED */
} proto_cases[] = {
	{ "tcp",	"6" },		/* IPPROTO_TCP */
	{ "udp",	"17" },		/* IPPROTO_UDP */
	{ "TCP",	REFUSED },
	{ "Udp",	REFUSED },
	{ "sctp",	REFUSED },
	{ "6",		REFUSED },
	{ "tcp ",	REFUSED },
	{ "",		REFUSED },
	{ NULL,		REFUSED },
};

static void test_parse_proto(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(proto_cases); i++) {
		uint8_t proto = 0;
		char got[16];

		if (parse_proto(proto_cases[i].s, &proto))
			strcpy(got, REFUSED);
		else
			snprintf(got, sizeof(got), "%u", proto);
		EXPECT_STR(got, proto_cases[i].expected,
			   "parse_proto(%s) is %s",
			   tap_quote(proto_cases[i].s),
			   proto_cases[i].expected);
	}
}

/* ---- parse_addr: a bare IPv4 or IPv6 address ---- */

static const struct {
	const char *s;
	const char *expected;	/* family and canonical address, or REFUSED */
} addr_cases[] = {
	{ "192.0.2.1",		"AF_INET 192.0.2.1" },
	{ "0.0.0.0",		"AF_INET 0.0.0.0" },
	{ "255.255.255.255",	"AF_INET 255.255.255.255" },
	{ "2001:db8::1",	"AF_INET6 2001:db8::1" },
	{ "2001:0DB8:0:0:0:0:0:1", "AF_INET6 2001:db8::1" },
	{ "::",			"AF_INET6 ::" },
	{ "::1",		"AF_INET6 ::1" },
	{ "::ffff:192.0.2.1",	"AF_INET6 ::ffff:192.0.2.1" },
	{ "1.2.3",		REFUSED },
	{ "1.2.3.4.5",		REFUSED },
	{ "256.0.0.1",		REFUSED },
	{ "::g",		REFUSED },
	{ "2001:db8::1::2",	REFUSED },
	{ "",			REFUSED },
	{ NULL,			REFUSED },
	/* Only the address: no blanks, brackets, prefix or port. */
	{ " 192.0.2.1",		REFUSED },
	{ "192.0.2.1 ",		REFUSED },
	{ "[::1]",		REFUSED },
	{ "192.0.2.0/24",	REFUSED },
	{ "192.0.2.1:80",	REFUSED },
	{ "localhost",		REFUSED },
};

static void test_parse_addr(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(addr_cases); i++) {
		struct lbadm_addr a;
		char got[64];

		if (parse_addr(addr_cases[i].s, &a))
			strcpy(got, REFUSED);
		else
			describe_addr(&a, got, sizeof(got));
		EXPECT_STR(got, addr_cases[i].expected,
			   "parse_addr(%s) is %s",
			   tap_quote(addr_cases[i].s),
			   addr_cases[i].expected);
	}
}

/* ---- parse_addr_port: 192.0.2.1:80 or [2001:db8::1]:80 ---- */

static const struct {
	const char *s;
	const char *expected;	/* "family address port N", or REFUSED */
} addr_port_cases[] = {
	{ "192.0.2.1:80",	"AF_INET 192.0.2.1 port 80" },
	{ "10.0.0.1:65535",	"AF_INET 10.0.0.1 port 65535" },
	{ "0.0.0.0:0",		"AF_INET 0.0.0.0 port 0" },
	{ "[2001:db8::1]:80",	"AF_INET6 2001:db8::1 port 80" },
	{ "[::1]:0",		"AF_INET6 ::1 port 0" },
	{ "[::]:443",		"AF_INET6 :: port 443" },
	{ "[::ffff:192.0.2.1]:80", "AF_INET6 ::ffff:192.0.2.1 port 80" },
	/* The port is required, and is a decimal 0..65535. */
	{ "192.0.2.1",		REFUSED },
	{ "192.0.2.1:",		REFUSED },
	{ "192.0.2.1:65536",	REFUSED },
	{ "192.0.2.1:-1",	REFUSED },
	{ "192.0.2.1:+80",	REFUSED },
	{ "192.0.2.1: 80",	REFUSED },
	{ "192.0.2.1:80x",	REFUSED },
	{ "192.0.2.1:0x50",	REFUSED },
	{ "[::1]:",		REFUSED },
	{ "[::1]:65536",	REFUSED },
	{ "[::1]",		REFUSED },
	/* IPv6 must be bracketed, else its last group would read as a port. */
	{ "2001:db8::1:80",	REFUSED },
	{ "::1:80",		REFUSED },
	/* ... and IPv4 must not be. */
	{ "[192.0.2.1]:80",	REFUSED },
	/* Brackets must be complete and followed directly by ":port". */
	{ "[2001:db8::1]80",	REFUSED },
	{ "[2001:db8::1",	REFUSED },
	{ "[2001:db8::1:80",	REFUSED },
	{ "2001:db8::1]:80",	REFUSED },
	{ "[[::1]]:80",		REFUSED },
	{ "[::1]:80]",		REFUSED },
	/* An address is required, and it is an address, not a name. */
	{ ":80",		REFUSED },
	{ "[]:80",		REFUSED },
	{ "host:80",		REFUSED },
	{ "[host]:80",		REFUSED },
	{ "",			REFUSED },
	{ NULL,			REFUSED },
	/* Longer than any address: refused, not truncated. */
	{ "[0000:0000:0000:0000:0000:0000:0000:0000:0000:0000]:80", REFUSED },
};

static void test_parse_addr_port(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(addr_port_cases); i++) {
		struct lbadm_addr a;
		uint16_t port = 1;
		char got[96], addr[64];

		if (parse_addr_port(addr_port_cases[i].s, &a, &port)) {
			strcpy(got, REFUSED);
		} else {
			describe_addr(&a, addr, sizeof(addr));
			snprintf(got, sizeof(got), "%s port %u", addr, port);
		}
		EXPECT_STR(got, addr_port_cases[i].expected,
			   "parse_addr_port(%s) is %s",
			   tap_quote(addr_port_cases[i].s),
			   addr_port_cases[i].expected);
	}
}

/* ---- parse_prefix_len: 0..32 for IPv4, 0..128 for IPv6 ---- */

static const struct {
	const char *s;
	int family;
	const char *expected;	/* the length, or REFUSED */
} prefix_cases[] = {
	{ "0",		AF_INET,	"0" },
	{ "24",		AF_INET,	"24" },
	{ "32",		AF_INET,	"32" },
	{ "33",		AF_INET,	REFUSED },
	{ "128",	AF_INET,	REFUSED },
	{ "0",		AF_INET6,	"0" },
	{ "33",		AF_INET6,	"33" },
	{ "64",		AF_INET6,	"64" },
	{ "128",	AF_INET6,	"128" },
	{ "129",	AF_INET6,	REFUSED },
	{ "256",	AF_INET6,	REFUSED },
	{ "",		AF_INET,	REFUSED },
	{ "/24",	AF_INET,	REFUSED },
	{ "-1",		AF_INET6,	REFUSED },
	{ NULL,		AF_INET6,	REFUSED },
};

static void test_parse_prefix_len(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefix_cases); i++) {
		uint8_t len = 99;
		char got[16];

		if (parse_prefix_len(prefix_cases[i].s, prefix_cases[i].family,
				     &len))
			strcpy(got, REFUSED);
		else
			snprintf(got, sizeof(got), "%u", len);
		EXPECT_STR(got, prefix_cases[i].expected,
			   "parse_prefix_len(%s, %s) is %s",
			   tap_quote(prefix_cases[i].s),
			   prefix_cases[i].family == AF_INET ?
			   "AF_INET" : "AF_INET6",
			   prefix_cases[i].expected);
	}
}

/* ---- format_addr_port: the inverse of parse_addr_port ---- */

static const struct {
	const char *in;
	const char *expected;	/* formatted again: the canonical form */
} round_trip_cases[] = {
	{ "192.0.2.1:80",		"192.0.2.1:80" },
	{ "10.0.0.1:65535",		"10.0.0.1:65535" },
	{ "0.0.0.0:0",			"0.0.0.0:0" },
	{ "[2001:db8::1]:80",		"[2001:db8::1]:80" },
	{ "[::1]:0",			"[::1]:0" },
	{ "[::ffff:192.0.2.1]:80",	"[::ffff:192.0.2.1]:80" },
	/* Non-canonical IPv6 comes back canonical. */
	{ "[2001:0DB8:0:0:0:0:0:1]:443", "[2001:db8::1]:443" },
	/* The longest there is. */
	{ "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]:65535",
	  "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535" },
};

static void test_format_round_trip(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(round_trip_cases); i++) {
		struct lbadm_addr a;
		uint16_t port;
		char got[80];

		if (parse_addr_port(round_trip_cases[i].in, &a, &port))
			strcpy(got, "parse_addr_port refused it");
		else if (format_addr_port(&a, port, got, sizeof(got)))
			strcpy(got, "format_addr_port failed");
		EXPECT_STR(got, round_trip_cases[i].expected,
			   "format_addr_port(parse_addr_port(%s)) is %s",
			   tap_quote(round_trip_cases[i].in),
			   tap_quote(round_trip_cases[i].expected));
	}
}

/*
 * The buffer must hold the text and its NUL: one byte short fails, the
 * exact size works.
 */
static const struct {
	const char *in;
	size_t len;
	const char *expected;	/* the text, or "fails" */
} buffer_cases[] = {
	{ "192.0.2.1:80",	0,	"fails" },
	{ "192.0.2.1:80",	1,	"fails" },
	{ "192.0.2.1:80",	12,	"fails" },	/* strlen() */
	{ "192.0.2.1:80",	13,	"192.0.2.1:80" },
	{ "[2001:db8::1]:80",	16,	"fails" },	/* strlen() */
	{ "[2001:db8::1]:80",	17,	"[2001:db8::1]:80" },
	{ "[2001:db8::1]:80",	4,	"fails" },
};

static void test_format_buffer(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(buffer_cases); i++) {
		struct lbadm_addr a;
		uint16_t port;
		char buf[64], got[64];

		/* Guard bytes: nothing may be written past @len. */
		memset(buf, '#', sizeof(buf));
		if (parse_addr_port(buffer_cases[i].in, &a, &port))
			strcpy(got, "parse_addr_port refused it");
		else if (format_addr_port(&a, port, buf, buffer_cases[i].len))
			strcpy(got, "fails");
		else
			snprintf(got, sizeof(got), "%s", buf);
		if (buf[buffer_cases[i].len] != '#')
			strcpy(got, "wrote past the buffer");
		EXPECT_STR(got, buffer_cases[i].expected,
			   "format_addr_port(%s) into %zu bytes %s",
			   tap_quote(buffer_cases[i].in), buffer_cases[i].len,
			   strcmp(buffer_cases[i].expected, "fails") ?
			   "works" : "fails");
	}
}

/* Neither AF_INET nor AF_INET6: nothing to format. */
static void test_format_bad_family(void)
{
	struct lbadm_addr a = { .family = AF_UNSPEC };
	char buf[64];

	EXPECT_STR(format_addr_port(&a, 80, buf, sizeof(buf)) ?
		   "fails" : buf, "fails",
		   "format_addr_port(AF_UNSPEC) fails");
}

void test_parse(void)
{
	test_parse_u32();
	test_parse_keyword();
	test_parse_proto();
	test_parse_addr();
	test_parse_addr_port();
	test_parse_prefix_len();
	test_format_round_trip();
	test_format_buffer();
	test_format_bad_family();
}
