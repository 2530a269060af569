// SPDX-License-Identifier: GPL-2.0
/*
 * connfmt.c: the filters of lbadm conn show|del|flush, and how an entry
 * of the connection table is printed, as text and JSON.
 *
 * Filter rows are the words after "conn show" and the fields of the
 * filter lbadm would send, named as the uapi attributes
 * ("family=AF_INET proto=tcp vaddr=192.0.2.1 vport=80"), "(none)" for an
 * empty filter, or "error: MESSAGE".
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "connfmt.h"
#include "tap.h"

#define MAX_WORDS 12

static void describe(const struct lbdr_conn_filter *f, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	size_t n = 0;

	buf[0] = '\0';
	if (f->family)
		n += (size_t)snprintf(buf + n, len - n, " family=%s",
				      f->family == AF_INET6 ? "AF_INET6" : "AF_INET");
	if (f->proto)
		n += (size_t)snprintf(buf + n, len - n, " proto=%s",
				      f->proto == IPPROTO_TCP ? "tcp" : "udp");
	if (f->has_vaddr) {
		inet_ntop(f->vaddr.family, &f->vaddr.v6, a, sizeof(a));
		n += (size_t)snprintf(buf + n, len - n, " vaddr=%s", a);
	}
	if (f->has_vport)
		n += (size_t)snprintf(buf + n, len - n, " vport=%u", f->vport);
	if (f->has_server) {
		inet_ntop(f->server.family, &f->server.v6, a, sizeof(a));
		n += (size_t)snprintf(buf + n, len - n, " server=%s", a);
	}
	if (f->has_caddr) {
		inet_ntop(f->caddr.family, &f->caddr.v6, a, sizeof(a));
		n += (size_t)snprintf(buf + n, len - n, " caddr=%s", a);
	}
	if (!n)
		snprintf(buf, len, " (none)");
	memmove(buf, buf + 1, strlen(buf));
}

static const struct {
	const char *words[MAX_WORDS];
	const char *expected;
} filter_cases[] = {
	{ { NULL }, "(none)" },
	{ { "tcp", NULL }, "proto=tcp" },
	{ { "udp", NULL }, "proto=udp" },
	{ { "tcp", "192.0.2.1:80", NULL },
	  "family=AF_INET proto=tcp vaddr=192.0.2.1 vport=80" },
	{ { "tcp", "192.0.2.1:0", NULL },
	  "family=AF_INET proto=tcp vaddr=192.0.2.1 vport=0" },
	/* A VIP without a port: every port. */
	{ { "udp", "192.0.2.1", NULL }, "family=AF_INET proto=udp vaddr=192.0.2.1" },
	{ { "tcp", "[2001:db8::1]:443", NULL },
	  "family=AF_INET6 proto=tcp vaddr=2001:db8::1 vport=443" },
	{ { "tcp", "2001:db8::1", NULL }, "family=AF_INET6 proto=tcp vaddr=2001:db8::1" },
	{ { "tcp", "[2001:db8::1]", NULL }, "family=AF_INET6 proto=tcp vaddr=2001:db8::1" },
	{ { "server", "10.0.0.11", NULL }, "server=10.0.0.11" },
	{ { "client", "2001:db8:c::2", NULL }, "family=AF_INET6 caddr=2001:db8:c::2" },
	{ { "client", "198.51.100.2", "server", "10.0.0.11", "tcp", "192.0.2.10:80", NULL },
	  "family=AF_INET proto=tcp vaddr=192.0.2.10 vport=80 server=10.0.0.11 caddr=198.51.100.2" },
	/* PROTO then a keyword: no VIP. */
	{ { "tcp", "server", "10.0.0.11", NULL }, "proto=tcp server=10.0.0.11" },
	{ { "udp", "client", "198.51.100.2", NULL }, "family=AF_INET proto=udp caddr=198.51.100.2" },
	/* Given twice: the last counts. */
	{ { "server", "10.0.0.11", "server", "10.0.0.12", NULL },
	  "server=10.0.0.12" },
	{ { "server", "2001:db8::1", "server", "10.0.0.12", NULL },
	  "server=10.0.0.12" },
	/* Errors. */
	{ { "tcp", "192.0.2.1:80x", NULL },
	  "error: \"192.0.2.1:80x\": expected VIP:PORT or VIP, e.g. 192.0.2.1:80" },
	{ { "tcp", "2001:db8::1:80:", NULL },
	  "error: \"2001:db8::1:80:\": expected VIP:PORT or VIP, e.g. 192.0.2.1:80" },
	{ { "tcp", "192.0.2.1:65536", NULL },
	  "error: \"192.0.2.1:65536\": expected VIP:PORT or VIP, e.g. 192.0.2.1:80" },
	{ { "server", NULL }, "error: \"server\" needs an address" },
	{ { "client", "web1", NULL }, "error: \"web1\" is not an IP address" },
	{ { "server", "10.0.0.11/24", NULL }, "error: \"10.0.0.11/24\" is not an IP address" },
	{ { "sctp", "192.0.2.1:80", NULL },
	  "error: unexpected \"sctp\": filters are PROTO [VIP[:PORT]], server RIP, client ADDR" },
	{ { "fwmark", "5", NULL },
	  "error: unexpected \"fwmark\": filters are PROTO [VIP[:PORT]], server RIP, client ADDR" },
	/* A tunnel's server may be of the other family; VIP and client not. */
	{ { "tcp", "192.0.2.1:80", "server", "2001:db8::1", NULL },
	  "family=AF_INET proto=tcp vaddr=192.0.2.1 vport=80 server=2001:db8::1" },
	{ { "client", "2001:db8::2", "server", "10.0.0.1", NULL },
	  "family=AF_INET6 server=10.0.0.1 caddr=2001:db8::2" },
	{ { "tcp", "192.0.2.1:80", "client", "2001:db8::2", NULL },
	  "error: the addresses of a filter must be of one family" },
};

static void test_filters(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(filter_cases); i++) {
		char *argv[MAX_WORDS + 1], got[320], err[256], desc[256];
		struct lbdr_conn_filter f;
		size_t used = 0;
		int argc;

		for (argc = 0; filter_cases[i].words[argc]; argc++) {
			argv[argc] = (char *)filter_cases[i].words[argc];
			used += (size_t)snprintf(desc + used, sizeof(desc) - used, " %s",
						 argv[argc]);
		}
		argv[argc] = NULL;
		if (!argc)
			snprintf(desc, sizeof(desc), " (nothing)");
		if (lbadm_conn_filter_parse(argc, argv, &f, err, sizeof(err)))
			snprintf(got, sizeof(got), "error: %s", err);
		else
			describe(&f, got, sizeof(got));
		EXPECT_STR(got, filter_cases[i].expected, "conn filter:%s", desc);
	}
}

static struct lbdr_conn_entry entry4(uint8_t proto, uint8_t state)
{
	struct lbdr_conn_entry c;

	memset(&c, 0, sizeof(c));
	c.family = AF_INET;
	c.proto = proto;
	c.caddr.family = c.vaddr.family = c.server.family = AF_INET;
	inet_pton(AF_INET, "198.51.100.2", &c.caddr.v4);
	inet_pton(AF_INET, "192.0.2.10", &c.vaddr.v4);
	inet_pton(AF_INET, "10.0.0.11", &c.server.v4);
	c.cport = 40000;
	c.vport = 80;
	c.state = state;
	c.expires = 899;
	return c;
}

static struct lbdr_conn_entry entry6(void)
{
	struct lbdr_conn_entry c;

	memset(&c, 0, sizeof(c));
	c.family = AF_INET6;
	c.proto = IPPROTO_UDP;
	c.caddr.family = c.vaddr.family = c.server.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8:c::2", &c.caddr.v6);
	inet_pton(AF_INET6, "2001:db8:f::10", &c.vaddr.v6);
	inet_pton(AF_INET6, "2001:db8:a::11", &c.server.v6);
	c.cport = 5353;
	c.vport = 53;
	c.state = LBDR_CS_UDP;
	c.expires = 0;
	return c;
}

static char *render(const struct lbdr_conn_entry *c, bool json)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct json j;

	if (json) {
		json_init(&j, f, false);
		lbadm_conn_json(&j, c);
		json_finish(&j);
	} else {
		lbadm_conn_print(f, c);
	}
	fclose(f);
	return out;
}

static void test_entries(void)
{
	static const char *const upper[] = {
		"NONE", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "TIME_WAIT", "CLOSE", "UDP",
	};
	struct lbdr_conn_entry c;
	char want[256];
	char *got;
	int s;

	for (s = LBDR_CS_NONE; s < LBDR_CS_TEMPLATE; s++) {
		c = entry4(IPPROTO_TCP, (uint8_t)s);
		got = render(&c, false);
		snprintf(want, sizeof(want),
			 "tcp 198.51.100.2:40000 -> 192.0.2.10:80 server 10.0.0.11 %s expires 899\n",
			 upper[s]);
		EXPECT_STR(got, want, "conn text: state %s", upper[s]);
		free(got);
		got = render(&c, true);
		snprintf(want, sizeof(want),
			 "{\"proto\":\"tcp\",\"family\":\"inet\",\"client\":\"198.51.100.2\","
			 "\"cport\":40000,\"vip\":\"192.0.2.10\",\"vport\":80,"
			 "\"server\":\"10.0.0.11\",\"state\":\"%s\",\"expires\":899}\n",
			 lbadm_conn_state_names[s]);
		EXPECT_STR(got, want, "conn JSON: state %s", lbadm_conn_state_names[s]);
		free(got);
	}

	c = entry6();
	got = render(&c, false);
	EXPECT_STR(got, "udp [2001:db8:c::2]:5353 -> [2001:db8:f::10]:53 server 2001:db8:a::11 UDP expires 0\n",
		   "conn text: IPv6, UDP");
	free(got);
	got = render(&c, true);
	EXPECT_STR(got, "{\"proto\":\"udp\",\"family\":\"inet6\",\"client\":\"2001:db8:c::2\","
		   "\"cport\":5353,\"vip\":\"2001:db8:f::10\",\"vport\":53,"
		   "\"server\":\"2001:db8:a::11\",\"state\":\"udp\",\"expires\":0}\n",
		   "conn JSON: IPv6, UDP");
	free(got);

	/* Persistence templates: no client port, "persist". */
	c = entry4(IPPROTO_TCP, LBDR_CS_TEMPLATE);
	c.cport = 0;
	inet_pton(AF_INET, "198.51.100.0", &c.caddr.v4);
	got = render(&c, false);
	EXPECT_STR(got, "tcp 198.51.100.0 -> 192.0.2.10:80 server 10.0.0.11 persist expires 899\n",
		   "conn text: a persistence template");
	free(got);
	got = render(&c, true);
	EXPECT_STR(got, "{\"proto\":\"tcp\",\"family\":\"inet\",\"client\":\"198.51.100.0\","
		   "\"cport\":0,\"vip\":\"192.0.2.10\",\"vport\":80,\"server\":\"10.0.0.11\","
		   "\"state\":\"template\",\"expires\":899}\n",
		   "conn JSON: a persistence template");
	free(got);

	/* A fwmark service's template: protocol 0, the mark for the VIP. */
	c.proto = 0;
	c.fwmark = 5;
	c.vport = 0;
	memset(&c.vaddr.v6, 0, sizeof(c.vaddr.v6));
	got = render(&c, false);
	EXPECT_STR(got, "any 198.51.100.0 -> fwmark 5 server 10.0.0.11 persist expires 899\n",
		   "conn text: a fwmark service's template");
	free(got);
	got = render(&c, true);
	EXPECT_STR(got, "{\"proto\":\"any\",\"family\":\"inet\",\"client\":\"198.51.100.0\","
		   "\"cport\":0,\"fwmark\":5,\"server\":\"10.0.0.11\","
		   "\"state\":\"template\",\"expires\":899}\n",
		   "conn JSON: a fwmark service's template");
	free(got);

	/* A tunnel's server of the other family: printed in its own. */
	c = entry6();
	c.server.family = AF_INET;
	inet_pton(AF_INET, "10.0.0.11", &c.server.v4);
	got = render(&c, false);
	EXPECT_STR(got, "udp [2001:db8:c::2]:5353 -> [2001:db8:f::10]:53 server 10.0.0.11 UDP expires 0\n",
		   "conn text: an IPv4 server of an IPv6 service (a tunnel)");
	free(got);
	got = render(&c, true);
	EXPECT_STR(got, "{\"proto\":\"udp\",\"family\":\"inet6\",\"client\":\"2001:db8:c::2\","
		   "\"cport\":5353,\"vip\":\"2001:db8:f::10\",\"vport\":53,"
		   "\"server\":\"10.0.0.11\",\"state\":\"udp\",\"expires\":0}\n",
		   "conn JSON: an IPv4 server of an IPv6 service (a tunnel)");
	free(got);

	c = entry4(IPPROTO_TCP, 42);
	got = render(&c, false);
	EXPECT_STR(got, "tcp 198.51.100.2:40000 -> 192.0.2.10:80 server 10.0.0.11 UNKNOWN expires 899\n",
		   "conn text: a state this lbadm has no name for");
	free(got);
}

void test_connfmt(void)
{
	test_filters();
	test_entries();
}
