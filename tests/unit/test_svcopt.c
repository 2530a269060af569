// SPDX-License-Identifier: GPL-2.0
/*
 * svcopt.c: the options of services and real servers.
 *
 * The parsing rows are the words after SERVICE (or RIP) and what lbadm
 * would send: the attributes, named as in the uapi header with the values
 * it defines ("sched=LBDR_SCHED_WRR persist=300"), "(none)" when nothing
 * is sent, or "error: MESSAGE" for a usage error. Then the defaults the
 * kernel applies, and how show prints a reply, as text (fed back to the
 * parser: show's output is add's input) and as JSON.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "svcopt.h"
#include "tap.h"

#define MAX_WORDS 16

/* An IPv4 address in network order, as a constant initializer. */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define V4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			(uint32_t)(c) << 8 | (uint32_t)(d))
#else
#define V4(a, b, c, d) ((uint32_t)(d) << 24 | (uint32_t)(c) << 16 | \
			(uint32_t)(b) << 8 | (uint32_t)(a))
#endif

/* The uapi names of the values, written apart from svcopt.c's tables. */
static const char *const sched_uapi_names[] = {
	[LBDR_SCHED_MAGLEV] = "LBDR_SCHED_MAGLEV",
	[LBDR_SCHED_WRR] = "LBDR_SCHED_WRR",
	[LBDR_SCHED_WLC] = "LBDR_SCHED_WLC",
	[LBDR_SCHED_SH] = "LBDR_SCHED_SH",
};

static const char *const hash_uapi_names[] = {
	[LBDR_HASH_5TUPLE] = "LBDR_HASH_5TUPLE",
	[LBDR_HASH_SADDR] = "LBDR_HASH_SADDR",
};

static const char *const on_remove_uapi_names[] = {
	[LBDR_ON_REMOVE_RESCHEDULE] = "LBDR_ON_REMOVE_RESCHEDULE",
	[LBDR_ON_REMOVE_DROP] = "LBDR_ON_REMOVE_DROP",
};

static const char *const method_uapi_names[] = {
	[LBDR_METHOD_DR] = "LBDR_METHOD_DR",
	[LBDR_METHOD_IPIP] = "LBDR_METHOD_IPIP",
	[LBDR_METHOD_GUE] = "LBDR_METHOD_GUE",
};

#define UAPI_NAME(names, v) \
	((size_t)(v) < ARRAY_SIZE(names) ? (names)[v] : "?")
#define sched_uapi(v) UAPI_NAME(sched_uapi_names, v)
#define hash_uapi(v) UAPI_NAME(hash_uapi_names, v)
#define on_remove_uapi(v) UAPI_NAME(on_remove_uapi_names, v)

/* What lbadm_svc_opts_parse() asks the kernel for. */
static void describe_svc(const struct lbdr_svc *svc, char *buf, size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	if (!f) {
		snprintf(buf, len, "fmemopen failed");
		return;
	}
	if (svc->mask & LBDR_SVC_SCHED)
		fprintf(f, " sched=%s", sched_uapi(svc->sched));
	if (svc->mask & LBDR_SVC_TABLE)
		fprintf(f, " table=%u", svc->table_size);
	if (svc->mask & LBDR_SVC_HASH)
		fprintf(f, " hash=%s", hash_uapi(svc->hash));
	if (svc->mask & LBDR_SVC_PERSIST)
		fprintf(f, " persist=%u", svc->persist);
	if (svc->mask & LBDR_SVC_PERSIST_MASK)
		fprintf(f, " persist_mask=%u", svc->persist_mask);
	if (svc->mask & LBDR_SVC_SLOPPY)
		fprintf(f, " sloppy=%u", svc->sloppy);
	if (svc->mask & LBDR_SVC_ON_REMOVE)
		fprintf(f, " on_remove=%s", on_remove_uapi(svc->on_remove));
	if (svc->mask & LBDR_SVC_TUN_SRC4) {
		char a[INET_ADDRSTRLEN];

		fprintf(f, " tun_src4=%s",
			inet_ntop(AF_INET, &svc->tun_src4, a, sizeof(a)));
	}
	if (svc->mask & LBDR_SVC_TUN_SRC6) {
		char a[INET6_ADDRSTRLEN];

		fprintf(f, " tun_src6=%s",
			inet_ntop(AF_INET6, &svc->tun_src6, a, sizeof(a)));
	}
	if (!svc->mask)
		fputs(" (none)", f);
	fputc('\0', f);
	fclose(f);
	buf[len - 1] = '\0';
	memmove(buf, buf + 1, strlen(buf));	/* the first blank */
}

static void describe_srv(const struct lbdr_srv *srv, char *buf, size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	if (!f) {
		snprintf(buf, len, "fmemopen failed");
		return;
	}
	if (srv->mask & LBDR_SRV_WEIGHT)
		fprintf(f, " weight=%u", srv->weight);
	if (srv->mask & LBDR_SRV_METHOD)
		fprintf(f, " method=%s", UAPI_NAME(method_uapi_names, srv->method));
	if (srv->mask & LBDR_SRV_TUN_PORT)
		fprintf(f, " tun_port=%u", srv->tun_port);
	if (srv->mask & LBDR_SRV_TUN_CSUM)
		fprintf(f, " tun_csum=%u", srv->tun_csum);
	if (srv->mask & LBDR_SRV_UTHRESHOLD)
		fprintf(f, " uthreshold=%u", srv->uthreshold);
	if (srv->mask & LBDR_SRV_LTHRESHOLD)
		fprintf(f, " lthreshold=%u", srv->lthreshold);
	if (!srv->mask)
		fputs(" (none)", f);
	fputc('\0', f);
	fclose(f);
	buf[len - 1] = '\0';
	memmove(buf, buf + 1, strlen(buf));
}

/* "lbadm ... persist 10 mask 24" for the description; "" as ''. */
static void words_line(char *buf, size_t len, const char *const *words)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; words[i] && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, " %s",
					 words[i][0] ? words[i] : "''");
}

static int count_words(const char *const *words, char **argv)
{
	int n;

	for (n = 0; n < MAX_WORDS && words[n]; n++)
		argv[n] = (char *)words[n];
	argv[n] = NULL;
	return n;
}

/* ---- lbadm_svc_opts_parse ---- */

static const struct {
	int family;
	const char *words[MAX_WORDS];
	const char *expected;
} svc_cases[] = {
	/* Nothing given, nothing sent: the kernel applies its defaults. */
	{ AF_INET, { NULL }, "(none)" },
	/* sched: the four schedulers, by their uapi values. */
	{ AF_INET, { "sched", "maglev", NULL }, "sched=LBDR_SCHED_MAGLEV" },
	{ AF_INET, { "sched", "wrr", NULL }, "sched=LBDR_SCHED_WRR" },
	{ AF_INET, { "sched", "wlc", NULL }, "sched=LBDR_SCHED_WLC" },
	{ AF_INET, { "sched", "sh", NULL }, "sched=LBDR_SCHED_SH" },
	{ AF_INET, { "sched", "rr", NULL }, "error: sched is maglev, wrr, wlc or sh" },
	{ AF_INET, { "sched", "WRR", NULL }, "error: sched is maglev, wrr, wlc or sh" },
	{ AF_INET, { "sched", "1", NULL }, "error: sched is maglev, wrr, wlc or sh" },
	{ AF_INET, { "sched", "", NULL }, "error: sched is maglev, wrr, wlc or sh" },
	/* table and hash, as before. */
	{ AF_INET, { "table", "251", NULL }, "table=251" },
	{ AF_INET, { "table", "0x10", NULL }, "error: table needs a number" },
	{ AF_INET, { "hash", "5tuple", NULL }, "hash=LBDR_HASH_5TUPLE" },
	{ AF_INET, { "hash", "saddr", NULL }, "hash=LBDR_HASH_SADDR" },
	{ AF_INET, { "hash", "daddr", NULL }, "error: hash is 5tuple or saddr" },
	/* persist: 0 (off) to LBDR_TIMEOUT_MAX seconds. */
	{ AF_INET, { "persist", "0", NULL }, "persist=0" },
	{ AF_INET, { "persist", "1", NULL }, "persist=1" },
	{ AF_INET, { "persist", "300", NULL }, "persist=300" },
	{ AF_INET, { "persist", "2592000", NULL }, "persist=2592000" },
	{ AF_INET, { "persist", "2592001", NULL },
	  "error: persist needs seconds, 0..2592000" },
	{ AF_INET, { "persist", "4294967296", NULL },
	  "error: persist needs seconds, 0..2592000" },
	{ AF_INET, { "persist", "-1", NULL },
	  "error: persist needs seconds, 0..2592000" },
	{ AF_INET, { "persist", "5m", NULL },
	  "error: persist needs seconds, 0..2592000" },
	{ AF_INET, { "persist", NULL }, "error: \"persist\" needs a value" },
	/* mask: a prefix length of the service's family, with persist. */
	{ AF_INET, { "persist", "300", "mask", "24", NULL },
	  "persist=300 persist_mask=24" },
	{ AF_INET, { "mask", "24", "persist", "300", NULL },
	  "persist=300 persist_mask=24" },
	{ AF_INET, { "persist", "300", "mask", "0", NULL },
	  "persist=300 persist_mask=0" },
	{ AF_INET, { "persist", "300", "mask", "32", NULL },
	  "persist=300 persist_mask=32" },
	{ AF_INET, { "persist", "300", "mask", "33", NULL },
	  "error: mask needs a prefix length, 0..32" },
	{ AF_INET, { "persist", "300", "mask", "64", NULL },
	  "error: mask needs a prefix length, 0..32" },
	{ AF_INET6, { "persist", "300", "mask", "64", NULL },
	  "persist=300 persist_mask=64" },
	{ AF_INET6, { "persist", "300", "mask", "128", NULL },
	  "persist=300 persist_mask=128" },
	{ AF_INET6, { "persist", "300", "mask", "129", NULL },
	  "error: mask needs a prefix length, 0..128" },
	{ AF_INET, { "persist", "300", "mask", "/24", NULL },
	  "error: mask needs a prefix length, 0..32" },
	{ AF_INET, { "persist", "300", "mask", "255.255.255.0", NULL },
	  "error: mask needs a prefix length, 0..32" },
	/* persist 0 turns it off; the mask is still sent, and harmless. */
	{ AF_INET, { "persist", "0", "mask", "24", NULL },
	  "persist=0 persist_mask=24" },
	/* A mask alone means nothing: refused, whatever else is given. */
	{ AF_INET, { "mask", "24", NULL },
	  "error: mask needs persist SECS in the same command" },
	{ AF_INET6, { "sched", "sh", "mask", "64", NULL },
	  "error: mask needs persist SECS in the same command" },
	/* ... but a bad mask is reported as such first. */
	{ AF_INET, { "mask", "40", NULL },
	  "error: mask needs a prefix length, 0..32" },
	/* sloppy on|off. */
	{ AF_INET, { "sloppy", "on", NULL }, "sloppy=1" },
	{ AF_INET, { "sloppy", "off", NULL }, "sloppy=0" },
	{ AF_INET, { "sloppy", "1", NULL }, "error: sloppy is on or off" },
	{ AF_INET, { "sloppy", "yes", NULL }, "error: sloppy is on or off" },
	{ AF_INET, { "sloppy", "ON", NULL }, "error: sloppy is on or off" },
	{ AF_INET, { "sloppy", NULL }, "error: \"sloppy\" needs a value" },
	/* on-remove reschedule|drop. */
	{ AF_INET, { "on-remove", "reschedule", NULL },
	  "on_remove=LBDR_ON_REMOVE_RESCHEDULE" },
	{ AF_INET, { "on-remove", "drop", NULL }, "on_remove=LBDR_ON_REMOVE_DROP" },
	{ AF_INET, { "on-remove", "resched", NULL },
	  "error: on-remove is reschedule or drop" },
	{ AF_INET, { "on-remove", "1", NULL },
	  "error: on-remove is reschedule or drop" },
	{ AF_INET, { "on_remove", "drop", NULL },
	  "error: unknown service option \"on_remove\"" },
	/* Everything at once, in any order. */
	{ AF_INET6, { "on-remove", "drop", "sloppy", "off", "mask", "48",
		      "persist", "3600", "hash", "saddr", "sched", "wlc", NULL },
	  "sched=LBDR_SCHED_WLC hash=LBDR_HASH_SADDR persist=3600 "
	  "persist_mask=48 sloppy=0 on_remove=LBDR_ON_REMOVE_DROP" },
	/* Given twice: the last value counts. */
	{ AF_INET, { "sched", "wrr", "sched", "sh", NULL }, "sched=LBDR_SCHED_SH" },
	{ AF_INET, { "sloppy", "on", "sloppy", "off", NULL }, "sloppy=0" },
	/* Real server options are not service options. */
	{ AF_INET, { "weight", "1", NULL }, "error: unknown service option \"weight\"" },
	{ AF_INET, { "uthreshold", "10", NULL },
	  "error: unknown service option \"uthreshold\"" },
	/* The first bad word stops it. */
	{ AF_INET, { "sched", "wrr", "persist", "x", "sloppy", "maybe", NULL },
	  "error: persist needs seconds, 0..2592000" },
	/* tun-src: an address of either family, once per family. */
	{ AF_INET, { "tun-src", "192.0.2.9", NULL }, "tun_src4=192.0.2.9" },
	{ AF_INET, { "tun-src", "2001:db8::9", NULL }, "tun_src6=2001:db8::9" },
	{ AF_INET6, { "tun-src", "192.0.2.9", NULL }, "tun_src4=192.0.2.9" },
	{ AF_INET6, { "tun-src", "2001:db8::9", "tun-src", "192.0.2.9", NULL },
	  "tun_src4=192.0.2.9 tun_src6=2001:db8::9" },
	/* All-zero is sent: it resets that family to the routing's choice. */
	{ AF_INET, { "tun-src", "0.0.0.0", NULL }, "tun_src4=0.0.0.0" },
	{ AF_INET, { "tun-src", "::", NULL }, "tun_src6=::" },
	{ AF_INET, { "tun-src", "192.0.2.9", "tun-src", "192.0.2.8", NULL },
	  "error: tun-src is given twice for IPv4" },
	{ AF_INET6, { "tun-src", "::", "tun-src", "2001:db8::9", NULL },
	  "error: tun-src is given twice for IPv6" },
	{ AF_INET, { "tun-src", "192.0.2.9/32", NULL },
	  "error: tun-src needs an IPv4 or IPv6 address" },
	{ AF_INET, { "tun-src", "[2001:db8::9]", NULL },
	  "error: tun-src needs an IPv4 or IPv6 address" },
	{ AF_INET, { "tun-src", "192.0.2.9:80", NULL },
	  "error: tun-src needs an IPv4 or IPv6 address" },
	{ AF_INET, { "tun-src", NULL }, "error: \"tun-src\" needs a value" },
	{ AF_INET, { "tun_src", "192.0.2.9", NULL },
	  "error: unknown service option \"tun_src\"" },
	/* Server options are not service options. */
	{ AF_INET, { "port", "6080", NULL }, "error: unknown service option \"port\"" },
};

static void test_svc_opts_parse(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(svc_cases); i++) {
		char *argv[MAX_WORDS + 1], err[128] = "", got[256], line[256];
		struct lbdr_svc svc = { .family = svc_cases[i].family };
		int argc = count_words(svc_cases[i].words, argv);

		words_line(line, sizeof(line), svc_cases[i].words);
		if (lbadm_svc_opts_parse(argc, argv, &svc, err, sizeof(err)))
			snprintf(got, sizeof(got), "error: %s", err);
		else
			describe_svc(&svc, got, sizeof(got));
		EXPECT_STR(got, svc_cases[i].expected, "service (%s):%s: %s",
			   svc_cases[i].family == AF_INET6 ? "inet6" : "inet",
			   line, svc_cases[i].expected);
	}
}

/* ---- lbadm_srv_opts_parse ---- */

static const struct {
	const char *words[MAX_WORDS];
	const char *expected;
} srv_cases[] = {
	{ { NULL }, "(none)" },
	{ { "weight", "0", NULL }, "weight=0" },
	{ { "weight", "65535", NULL }, "weight=65535" },
	/* Above 65535 is the kernel's to refuse, naming the range. */
	{ { "weight", "65536", NULL }, "weight=65536" },
	{ { "weight", "-1", NULL }, "error: weight needs a number, 0..65535" },
	{ { "method", "dr", NULL }, "method=LBDR_METHOD_DR" },
	{ { "method", "ipip", NULL }, "method=LBDR_METHOD_IPIP" },
	{ { "method", "gue", NULL }, "method=LBDR_METHOD_GUE" },
	{ { "method", "tun", NULL }, "error: method is dr, ipip or gue" },
	{ { "method", "GUE", NULL }, "error: method is dr, ipip or gue" },
	{ { "method", "2", NULL }, "error: method is dr, ipip or gue" },
	/* port and csum: with method gue, or without a method (a change). */
	{ { "method", "gue", "port", "7000", "csum", "on", NULL },
	  "method=LBDR_METHOD_GUE tun_port=7000 tun_csum=1" },
	{ { "csum", "off", "port", "1", "method", "gue", NULL },
	  "method=LBDR_METHOD_GUE tun_port=1 tun_csum=0" },
	{ { "method", "gue", "port", "65535", NULL },
	  "method=LBDR_METHOD_GUE tun_port=65535" },
	{ { "port", "7000", NULL }, "tun_port=7000" },
	{ { "csum", "on", NULL }, "tun_csum=1" },
	{ { "method", "gue", "port", "0", NULL },
	  "error: port needs a number, 1..65535" },
	{ { "method", "gue", "port", "65536", NULL },
	  "error: port needs a number, 1..65535" },
	{ { "port", "x", NULL }, "error: port needs a number, 1..65535" },
	{ { "port", NULL }, "error: \"port\" needs a value" },
	{ { "csum", "1", NULL }, "error: csum is on or off" },
	{ { "csum", "yes", NULL }, "error: csum is on or off" },
	{ { "method", "dr", "port", "7000", NULL },
	  "error: port and csum are options of method gue" },
	{ { "csum", "on", "method", "ipip", NULL },
	  "error: port and csum are options of method gue" },
	/* The last method counts. */
	{ { "method", "gue", "port", "7000", "method", "ipip", NULL },
	  "error: port and csum are options of method gue" },
	{ { "method", "dr", "csum", "off", "method", "gue", NULL },
	  "method=LBDR_METHOD_GUE tun_csum=0" },
	/* Thresholds: any u32, 0 for none. */
	{ { "uthreshold", "0", NULL }, "uthreshold=0" },
	{ { "uthreshold", "100", NULL }, "uthreshold=100" },
	{ { "uthreshold", "4294967295", NULL }, "uthreshold=4294967295" },
	{ { "uthreshold", "4294967296", NULL },
	  "error: uthreshold needs a number, 0..4294967295" },
	{ { "uthreshold", "1k", NULL },
	  "error: uthreshold needs a number, 0..4294967295" },
	{ { "uthreshold", NULL }, "error: \"uthreshold\" needs a value" },
	{ { "lthreshold", "0", NULL }, "lthreshold=0" },
	{ { "lthreshold", "75", NULL }, "lthreshold=75" },
	{ { "lthreshold", "-5", NULL },
	  "error: lthreshold needs a number, 0..4294967295" },
	{ { "lthreshold", NULL }, "error: \"lthreshold\" needs a value" },
	/* Alone, together, in any order; the last value counts. */
	{ { "lthreshold", "75", "weight", "3", "uthreshold", "100", NULL },
	  "weight=3 uthreshold=100 lthreshold=75" },
	{ { "uthreshold", "100", "uthreshold", "0", NULL }, "uthreshold=0" },
	/* Service options are not real server options. */
	{ { "persist", "10", NULL }, "error: unknown server option \"persist\"" },
	{ { "threshold", "10", NULL }, "error: unknown server option \"threshold\"" },
};

static void test_srv_opts_parse(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(srv_cases); i++) {
		char *argv[MAX_WORDS + 1], err[128] = "", got[256], line[256];
		struct lbdr_srv srv = { .addr.family = AF_INET };
		int argc = count_words(srv_cases[i].words, argv);

		words_line(line, sizeof(line), srv_cases[i].words);
		if (lbadm_srv_opts_parse(argc, argv, &srv, err, sizeof(err)))
			snprintf(got, sizeof(got), "error: %s", err);
		else
			describe_srv(&srv, got, sizeof(got));
		EXPECT_STR(got, srv_cases[i].expected, "server:%s: %s", line,
			   srv_cases[i].expected);
	}
}

/* ---- lbadm_server_args_parse: the whole command, RIP of either family ---- */

static const struct {
	const char *words[MAX_WORDS];
	const char *expected;	/* "RIP (FAMILY) OPTIONS" or "error: ..." */
} server_args_cases[] = {
	{ { "add", "tcp", "192.0.2.1:80", "10.0.0.1", NULL }, "10.0.0.1 (inet) (none)" },
	/* The other family: the kernel refuses it but for a tunnel. */
	{ { "add", "tcp", "192.0.2.1:80", "2001:db8::1", "method", "ipip", NULL },
	  "2001:db8::1 (inet6) method=LBDR_METHOD_IPIP" },
	{ { "add", "tcp", "[2001:db8::1]:80", "10.0.0.1", "method", "gue", NULL },
	  "10.0.0.1 (inet) method=LBDR_METHOD_GUE" },
	{ { "add", "tcp", "192.0.2.1:80", "2001:db8::1", NULL },
	  "2001:db8::1 (inet6) (none)" },
	{ { "change", "fwmark", "5", "2001:db8::1", "weight", "0", NULL },
	  "2001:db8::1 (inet6) weight=0" },
	{ { "del", "tcp", "192.0.2.1:80", "2001:db8::1", NULL }, "2001:db8::1 (inet6) (none)" },
	{ { "add", "tcp", "192.0.2.1:80", "10.0.0.1", "method", "gue", "port",
	    "7000", "csum", "on", NULL },
	  "10.0.0.1 (inet) method=LBDR_METHOD_GUE tun_port=7000 tun_csum=1" },
	/* add and replace without a method make a dr server: no port. */
	{ { "add", "tcp", "192.0.2.1:80", "10.0.0.1", "port", "7000", NULL },
	  "error: port and csum are options of method gue" },
	{ { "replace", "tcp", "192.0.2.1:80", "10.0.0.1", "csum", "on", NULL },
	  "error: port and csum are options of method gue" },
	{ { "add", "tcp", "192.0.2.1:80", "10.0.0.1", "method", "ipip", "port",
	    "7000", NULL },
	  "error: port and csum are options of method gue" },
	/* change keeps the method: the kernel knows whether it is gue. */
	{ { "change", "tcp", "192.0.2.1:80", "10.0.0.1", "port", "7000", NULL },
	  "10.0.0.1 (inet) tun_port=7000" },
	{ { "change", "tcp", "192.0.2.1:80", "10.0.0.1", "method", "dr", "csum",
	    "off", NULL },
	  "error: port and csum are options of method gue" },
	{ { "del", "tcp", "192.0.2.1:80", "10.0.0.1", "method", "gue", NULL },
	  "error: server del takes no options" },
	{ { "add", "tcp", "192.0.2.1:80", "10.0.0.1/32", NULL },
	  "error: \"10.0.0.1/32\" is not an IP address" },
};

static void test_server_args_parse(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(server_args_cases); i++) {
		char *argv[MAX_WORDS + 1], err[128] = "", got[256], line[256];
		char opts[192], addr[INET6_ADDRSTRLEN];
		int argc = count_words(server_args_cases[i].words, argv);
		enum lbdr_write how;
		struct lbdr_svc svc;
		struct lbdr_srv srv;

		words_line(line, sizeof(line), server_args_cases[i].words);
		if (lbadm_server_args_parse(argc, argv, &how, &svc, &srv, err,
					    sizeof(err))) {
			snprintf(got, sizeof(got), "error: %s", err);
		} else {
			describe_srv(&srv, opts, sizeof(opts));
			snprintf(got, sizeof(got), "%s (%s) %s",
				 format_addr(&srv.addr, addr, sizeof(addr)),
				 srv.addr.family == AF_INET6 ? "inet6" : "inet", opts);
		}
		EXPECT_STR(got, server_args_cases[i].expected, "server%s: %s", line,
			   server_args_cases[i].expected);
	}
}

/* ---- lbadm_srv_defaults: what the kernel makes of a server add ---- */

static const struct {
	const char *words[MAX_WORDS];
	const char *expected;
} srv_default_cases[] = {
	{ { NULL }, "weight=1 method=LBDR_METHOD_DR uthreshold=0 lthreshold=0" },
	{ { "method", "ipip", NULL },
	  "weight=1 method=LBDR_METHOD_IPIP uthreshold=0 lthreshold=0" },
	/* gue: port 6080 (LBDR_GUE_PORT_DEFAULT), no checksum. */
	{ { "method", "gue", NULL },
	  "weight=1 method=LBDR_METHOD_GUE tun_port=6080 tun_csum=0 uthreshold=0 lthreshold=0" },
	{ { "method", "gue", "csum", "on", NULL },
	  "weight=1 method=LBDR_METHOD_GUE tun_port=6080 tun_csum=1 uthreshold=0 lthreshold=0" },
	{ { "method", "gue", "port", "5555", "weight", "3", NULL },
	  "weight=3 method=LBDR_METHOD_GUE tun_port=5555 tun_csum=0 uthreshold=0 lthreshold=0" },
};

static void test_srv_defaults(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(srv_default_cases); i++) {
		char *argv[MAX_WORDS + 1], err[128] = "", got[256], line[256];
		struct lbdr_srv srv = { .addr.family = AF_INET };
		int argc = count_words(srv_default_cases[i].words, argv);

		words_line(line, sizeof(line), srv_default_cases[i].words);
		if (lbadm_srv_opts_parse(argc, argv, &srv, err, sizeof(err))) {
			snprintf(got, sizeof(got), "error: %s", err);
		} else {
			lbadm_srv_defaults(&srv);
			describe_srv(&srv, got, sizeof(got));
		}
		EXPECT_STR(got, srv_default_cases[i].expected,
			   "server add defaults:%s: %s", line,
			   srv_default_cases[i].expected);
	}
}

/* ---- lbadm_svc_fill_defaults: what a reply left out ---- */

static const struct {
	int family;
	uint8_t sched;
	uint32_t mask;		/* what the reply carried */
	uint8_t persist_mask, sloppy;
	const char *expected;	/* "persist_mask=N sloppy=N" after */
} default_cases[] = {
	/* The kernel's defaults: sloppy for maglev and sh, not wrr, wlc. */
	{ AF_INET, LBDR_SCHED_MAGLEV, LBDR_SVC_SCHED, 0, 0, "persist_mask=32 sloppy=1" },
	{ AF_INET, LBDR_SCHED_WRR, LBDR_SVC_SCHED, 0, 0, "persist_mask=32 sloppy=0" },
	{ AF_INET, LBDR_SCHED_WLC, LBDR_SVC_SCHED, 0, 0, "persist_mask=32 sloppy=0" },
	{ AF_INET, LBDR_SCHED_SH, LBDR_SVC_SCHED, 0, 0, "persist_mask=32 sloppy=1" },
	{ AF_INET6, LBDR_SCHED_MAGLEV, 0, 0, 0, "persist_mask=128 sloppy=1" },
	/* What the kernel sent is kept. */
	{ AF_INET, LBDR_SCHED_MAGLEV, LBDR_SVC_SLOPPY | LBDR_SVC_PERSIST_MASK,
	  24, 0, "persist_mask=24 sloppy=0" },
	{ AF_INET6, LBDR_SCHED_WRR, LBDR_SVC_SLOPPY | LBDR_SVC_PERSIST_MASK,
	  0, 1, "persist_mask=0 sloppy=1" },
};

static void test_fill_defaults(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(default_cases); i++) {
		struct lbdr_svc svc = {
			.family = default_cases[i].family,
			.sched = default_cases[i].sched,
			.mask = default_cases[i].mask,
			.persist_mask = default_cases[i].persist_mask,
			.sloppy = default_cases[i].sloppy,
		};
		char got[64];

		lbadm_svc_fill_defaults(&svc);
		snprintf(got, sizeof(got), "persist_mask=%u sloppy=%u%s",
			 svc.persist_mask, svc.sloppy,
			 svc.mask != default_cases[i].mask ? " (mask changed)" : "");
		EXPECT_STR(got, default_cases[i].expected,
			   "defaults: %s %s, reply mask 0x%x: %s",
			   default_cases[i].family == AF_INET6 ? "inet6" : "inet",
			   sched_uapi(default_cases[i].sched),
			   default_cases[i].mask, default_cases[i].expected);
	}
}

/* ---- names of values this lbadm does not know ---- */

static void test_names(void)
{
	EXPECT_STR(lbadm_name(lbadm_sched_names, LBDR_SCHED_SH), "sh",
		   "name of LBDR_SCHED_SH is sh");
	EXPECT_STR(lbadm_name(lbadm_sched_names, LBDR_SCHED_SH + 1), "unknown",
		   "a scheduler after sh is unknown");
	EXPECT_STR(lbadm_name(lbadm_sched_names, 255), "unknown",
		   "scheduler 255 is unknown");
	EXPECT_STR(lbadm_name(lbadm_on_remove_names, LBDR_ON_REMOVE_DROP), "drop",
		   "name of LBDR_ON_REMOVE_DROP is drop");
	EXPECT_STR(lbadm_name(lbadm_on_remove_names, 2), "unknown",
		   "on-remove 2 is unknown");
	EXPECT_STR(lbadm_method_name(LBDR_METHOD_DR), "dr", "method 0 is dr");
	EXPECT_STR(lbadm_method_name(LBDR_METHOD_IPIP), "ipip", "method 1 is ipip");
	EXPECT_STR(lbadm_method_name(LBDR_METHOD_GUE), "gue", "method 2 is gue");
	EXPECT_STR(lbadm_method_name(LBDR_METHOD_GUE + 1), "unknown",
		   "method 3 is unknown");
}

/* ---- text output: show's words, fed back to the parser ---- */

static char *print_svc(const struct lbdr_svc *svc)
{
	char *doc = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&doc, &len);

	if (!f)
		return NULL;
	lbadm_svc_opts_print(f, svc);
	fclose(f);
	return doc;
}

/* Replies as the kernel would send them: every option. */
#define ALL_SVC (LBDR_SVC_SCHED | LBDR_SVC_TABLE | LBDR_SVC_HASH | \
		 LBDR_SVC_PERSIST | LBDR_SVC_PERSIST_MASK | LBDR_SVC_SLOPPY | \
		 LBDR_SVC_ON_REMOVE)

static const struct {
	const char *what;
	struct lbdr_svc svc;
	const char *expected;
	const char *reparsed;	/* parsing the text again; NULL: not fed back */
} svc_text_cases[] = {
	{ "a maglev service with the defaults",
	  { .family = AF_INET, .sched = LBDR_SCHED_MAGLEV, .table_size = 65537,
	    .persist_mask = 32, .sloppy = 1, .mask = ALL_SVC },
	  " sched maglev table 65537 hash 5tuple sloppy on on-remove reschedule",
	  "sched=LBDR_SCHED_MAGLEV table=65537 hash=LBDR_HASH_5TUPLE sloppy=1 "
	  "on_remove=LBDR_ON_REMOVE_RESCHEDULE" },
	{ "persistence on: persist and mask",
	  { .family = AF_INET6, .sched = LBDR_SCHED_WRR, .table_size = 251,
	    .hash = LBDR_HASH_SADDR, .persist = 300, .persist_mask = 64,
	    .on_remove = LBDR_ON_REMOVE_DROP, .mask = ALL_SVC },
	  " sched wrr table 251 hash saddr persist 300 mask 64 sloppy off on-remove drop",
	  "sched=LBDR_SCHED_WRR table=251 hash=LBDR_HASH_SADDR persist=300 "
	  "persist_mask=64 sloppy=0 on_remove=LBDR_ON_REMOVE_DROP" },
	{ "persist 0: neither persist nor mask",
	  { .family = AF_INET, .sched = LBDR_SCHED_SH, .table_size = 65537,
	    .persist = 0, .persist_mask = 24, .sloppy = 1, .mask = ALL_SVC },
	  " sched sh table 65537 hash 5tuple sloppy on on-remove reschedule",
	  "sched=LBDR_SCHED_SH table=65537 hash=LBDR_HASH_5TUPLE sloppy=1 "
	  "on_remove=LBDR_ON_REMOVE_RESCHEDULE" },
	{ "a module that sends only sched, table and hash",
	  { .family = AF_INET, .sched = LBDR_SCHED_MAGLEV, .table_size = 65537,
	    .sloppy = 1, .persist_mask = 32,
	    .mask = LBDR_SVC_SCHED | LBDR_SVC_TABLE | LBDR_SVC_HASH },
	  " sched maglev table 65537 hash 5tuple",
	  "sched=LBDR_SCHED_MAGLEV table=65537 hash=LBDR_HASH_5TUPLE" },
	{ "a scheduler this lbadm does not know",
	  { .family = AF_INET, .sched = 7, .table_size = 251, .sloppy = 1,
	    .mask = LBDR_SVC_SCHED | LBDR_SVC_TABLE | LBDR_SVC_SLOPPY },
	  " sched unknown table 251 sloppy on", NULL },
	{ "the tunnels' sources of both families, IPv4 first",
	  { .family = AF_INET6, .sched = LBDR_SCHED_MAGLEV, .table_size = 251,
	    .sloppy = 1, .persist_mask = 128,
	    .tun_src4 = { V4(192, 0, 2, 9) },
	    .tun_src6 = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 9 } },
	    .mask = LBDR_SVC_SCHED | LBDR_SVC_TABLE | LBDR_SVC_TUN_SRC4 |
		    LBDR_SVC_TUN_SRC6 },
	  " sched maglev table 251 tun-src 192.0.2.9 tun-src 2001:db8::9",
	  "sched=LBDR_SCHED_MAGLEV table=251 tun_src4=192.0.2.9 tun_src6=2001:db8::9" },
	{ "an all-zero source is the routing's choice: not printed",
	  { .family = AF_INET, .sched = LBDR_SCHED_MAGLEV, .table_size = 251,
	    .mask = LBDR_SVC_SCHED | LBDR_SVC_TABLE | LBDR_SVC_TUN_SRC4 |
		    LBDR_SVC_TUN_SRC6 },
	  " sched maglev table 251",
	  "sched=LBDR_SCHED_MAGLEV table=251" },
};

static void test_svc_text(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(svc_text_cases); i++) {
		const struct lbdr_svc *in = &svc_text_cases[i].svc;
		char *text = print_svc(in), *argv[MAX_WORDS * 2], *w, *save;
		struct lbdr_svc out = { .family = in->family };
		char err[128], got[256];
		int argc = 0;

		EXPECT_STR(text, svc_text_cases[i].expected, "service text: %s",
			   svc_text_cases[i].what);
		if (!svc_text_cases[i].reparsed || !text) {
			free(text);
			continue;
		}
		for (w = strtok_r(text, " ", &save); w && argc < MAX_WORDS * 2;
		     w = strtok_r(NULL, " ", &save))
			argv[argc++] = w;
		if (lbadm_svc_opts_parse(argc, argv, &out, err, sizeof(err)))
			snprintf(got, sizeof(got), "error: %s", err);
		else
			describe_svc(&out, got, sizeof(got));
		EXPECT_STR(got, svc_text_cases[i].reparsed,
			   "service text parses back: %s", svc_text_cases[i].what);
		free(text);
	}
}

static const struct {
	const char *what;
	struct lbdr_srv srv;
	const char *expected;
} srv_text_cases[] = {
	{ "no thresholds", { .weight = 1 }, " weight 1 method dr" },
	{ "both thresholds",
	  { .weight = 0, .uthreshold = 100, .lthreshold = 75 },
	  " weight 0 method dr uthreshold 100 lthreshold 75" },
	{ "the upper threshold alone",
	  { .weight = 65535, .uthreshold = 4294967295u },
	  " weight 65535 method dr uthreshold 4294967295" },
	{ "the lower threshold alone", { .weight = 2, .lthreshold = 5 },
	  " weight 2 method dr lthreshold 5" },
	{ "ipip", { .weight = 1, .method = LBDR_METHOD_IPIP, .mask = LBDR_SRV_METHOD },
	  " weight 1 method ipip" },
	{ "gue: its port and checksum after the method",
	  { .weight = 1, .method = LBDR_METHOD_GUE, .tun_port = 6080,
	    .uthreshold = 10,
	    .mask = LBDR_SRV_METHOD | LBDR_SRV_TUN_PORT | LBDR_SRV_TUN_CSUM },
	  " weight 1 method gue port 6080 csum off uthreshold 10" },
	{ "gue with a checksum",
	  { .weight = 1, .method = LBDR_METHOD_GUE, .tun_port = 5555, .tun_csum = 1,
	    .mask = LBDR_SRV_METHOD | LBDR_SRV_TUN_PORT | LBDR_SRV_TUN_CSUM },
	  " weight 1 method gue port 5555 csum on" },
};

static const struct {
	const char *what;
	struct lbdr_stats st;
	bool srv;
	const char *expected;
} stats_text_cases[] = {
	{ "service counters, zero", { 0 }, false, "conns 0 packets 0 bytes 0" },
	{ "service counters",
	  { .conns = 1, .packets = 2, .bytes = 3, .active = 4, .inactive = 5 },
	  false, "conns 1 packets 2 bytes 3" },
	{ "real server counters, 64 bits",
	  { .conns = 10, .packets = 4294967296ull, .bytes = UINT64_MAX,
	    .active = 4, .inactive = 4294967295u },
	  true, "conns 10 packets 4294967296 bytes 18446744073709551615 "
	  "active 4 inactive 4294967295" },
};

static void test_srv_text(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(srv_text_cases); i++) {
		char *doc = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&doc, &len);

		if (f) {
			lbadm_srv_opts_print(f, &srv_text_cases[i].srv);
			fclose(f);
		}
		EXPECT_STR(doc, srv_text_cases[i].expected, "server text: %s",
			   srv_text_cases[i].what);
		free(doc);
	}
	for (i = 0; i < ARRAY_SIZE(stats_text_cases); i++) {
		char *doc = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&doc, &len);

		if (f) {
			lbadm_stats_print(f, &stats_text_cases[i].st,
					  stats_text_cases[i].srv);
			fclose(f);
		}
		EXPECT_STR(doc, stats_text_cases[i].expected, "stats text: %s",
			   stats_text_cases[i].what);
		free(doc);
	}
}

/* ---- JSON output ---- */

static const struct lbdr_svc *json_svc;
static const struct lbdr_srv *json_srv;

static char *render_json(void)
{
	char *doc = NULL;
	size_t len = 0;
	struct json j;
	FILE *f = open_memstream(&doc, &len);

	if (!f)
		return NULL;
	json_init(&j, f, false);
	json_open_object(&j, NULL);
	if (json_svc)
		lbadm_svc_opts_json(&j, json_svc);
	if (json_srv)
		lbadm_srv_opts_json(&j, json_srv);
	json_close_object(&j);
	json_finish(&j);
	fclose(f);
	return doc;
}

static const struct {
	const char *what;
	struct lbdr_svc svc;
	const char *expected;
} svc_json_cases[] = {
	/* A reply without a stats nest: zeros. */
	{ "defaults, no counters",
	  { .family = AF_INET, .table_size = 65537, .persist_mask = 32, .sloppy = 1 },
	  "{\"sched\":\"maglev\",\"table\":65537,\"hash\":\"5tuple\",\"persist\":0,"
	  "\"persist_mask\":32,\"sloppy\":true,\"on_remove\":\"reschedule\","
	  "\"stats\":{\"conns\":0,\"packets\":0,\"bytes\":0}}\n" },
	{ "every option and counters",
	  { .family = AF_INET6, .sched = LBDR_SCHED_WLC, .table_size = 251,
	    .hash = LBDR_HASH_SADDR, .persist = 2592000, .persist_mask = 56,
	    .sloppy = 0, .on_remove = LBDR_ON_REMOVE_DROP,
	    .stats = { .conns = 7, .packets = 8, .bytes = UINT64_MAX,
		       .active = 9, .inactive = 10 } },
	  "{\"sched\":\"wlc\",\"table\":251,\"hash\":\"saddr\",\"persist\":2592000,"
	  "\"persist_mask\":56,\"sloppy\":false,\"on_remove\":\"drop\","
	  "\"stats\":{\"conns\":7,\"packets\":8,\"bytes\":18446744073709551615}}\n" },
	{ "the tunnels' sources: only those set",
	  { .family = AF_INET, .table_size = 65537, .persist_mask = 32, .sloppy = 1,
	    .tun_src4 = { V4(192, 0, 2, 9) },
	    .mask = LBDR_SVC_TUN_SRC4 | LBDR_SVC_TUN_SRC6 },
	  "{\"sched\":\"maglev\",\"table\":65537,\"hash\":\"5tuple\",\"persist\":0,"
	  "\"persist_mask\":32,\"sloppy\":true,\"on_remove\":\"reschedule\","
	  "\"tun_src4\":\"192.0.2.9\","
	  "\"stats\":{\"conns\":0,\"packets\":0,\"bytes\":0}}\n" },
	{ "an IPv6 tunnels' source alone",
	  { .family = AF_INET, .table_size = 65537, .persist_mask = 32, .sloppy = 1,
	    .tun_src6 = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 9 } },
	    .mask = LBDR_SVC_TUN_SRC6 },
	  "{\"sched\":\"maglev\",\"table\":65537,\"hash\":\"5tuple\",\"persist\":0,"
	  "\"persist_mask\":32,\"sloppy\":true,\"on_remove\":\"reschedule\","
	  "\"tun_src6\":\"2001:db8::9\","
	  "\"stats\":{\"conns\":0,\"packets\":0,\"bytes\":0}}\n" },
};

static const struct {
	const char *what;
	struct lbdr_srv srv;
	const char *expected;
} srv_json_cases[] = {
	{ "no thresholds, no counters", { .weight = 1 },
	  "{\"weight\":1,\"method\":\"dr\",\"uthreshold\":0,\"lthreshold\":0,"
	  "\"stats\":{\"conns\":0,\"packets\":0,\"bytes\":0,\"active\":0,"
	  "\"inactive\":0}}\n" },
	{ "thresholds and counters",
	  { .weight = 5, .uthreshold = 100, .lthreshold = 75,
	    .stats = { .conns = 1, .packets = 2, .bytes = 3, .active = 4,
		       .inactive = 5 } },
	  "{\"weight\":5,\"method\":\"dr\",\"uthreshold\":100,\"lthreshold\":75,"
	  "\"stats\":{\"conns\":1,\"packets\":2,\"bytes\":3,\"active\":4,"
	  "\"inactive\":5}}\n" },
	{ "ipip: no port, no csum",
	  { .weight = 1, .method = LBDR_METHOD_IPIP, .mask = LBDR_SRV_METHOD },
	  "{\"weight\":1,\"method\":\"ipip\",\"uthreshold\":0,\"lthreshold\":0,"
	  "\"stats\":{\"conns\":0,\"packets\":0,\"bytes\":0,\"active\":0,"
	  "\"inactive\":0}}\n" },
	{ "gue: port and csum",
	  { .weight = 1, .method = LBDR_METHOD_GUE, .tun_port = 6080, .tun_csum = 1,
	    .mask = LBDR_SRV_METHOD | LBDR_SRV_TUN_PORT | LBDR_SRV_TUN_CSUM },
	  "{\"weight\":1,\"method\":\"gue\",\"port\":6080,\"csum\":true,"
	  "\"uthreshold\":0,\"lthreshold\":0,"
	  "\"stats\":{\"conns\":0,\"packets\":0,\"bytes\":0,\"active\":0,"
	  "\"inactive\":0}}\n" },
};

/* A real server's address in its own family, and that family. */
static void test_srv_addr_json(void)
{
	static const char *const addrs[] = { "10.0.0.1", "2001:db8::1" };
	static const char *const expected[] = {
		"{\"address\":\"10.0.0.1\",\"family\":\"inet\"}\n",
		"{\"address\":\"2001:db8::1\",\"family\":\"inet6\"}\n",
	};
	size_t i, len;

	for (i = 0; i < ARRAY_SIZE(addrs); i++) {
		struct lbdr_srv srv = { 0 };
		char *doc = NULL;
		struct json j;
		FILE *f = open_memstream(&doc, &len);

		parse_addr(addrs[i], &srv.addr);
		if (f) {
			json_init(&j, f, false);
			json_open_object(&j, NULL);
			lbadm_srv_addr_json(&j, &srv);
			json_close_object(&j);
			json_finish(&j);
			fclose(f);
		}
		EXPECT_STR(doc, expected[i], "server JSON: address %s and its family",
			   addrs[i]);
		free(doc);
	}
}

static void test_json_out(void)
{
	size_t i;
	char *got;

	for (i = 0; i < ARRAY_SIZE(svc_json_cases); i++) {
		json_svc = &svc_json_cases[i].svc;
		json_srv = NULL;
		got = render_json();
		EXPECT_STR(got, svc_json_cases[i].expected, "service JSON: %s",
			   svc_json_cases[i].what);
		free(got);
	}
	for (i = 0; i < ARRAY_SIZE(srv_json_cases); i++) {
		json_svc = NULL;
		json_srv = &srv_json_cases[i].srv;
		got = render_json();
		EXPECT_STR(got, srv_json_cases[i].expected, "server JSON: %s",
			   srv_json_cases[i].what);
		free(got);
	}
	test_srv_addr_json();
}

void test_svcopt(void)
{
	test_svc_opts_parse();
	test_srv_opts_parse();
	test_server_args_parse();
	test_srv_defaults();
	test_fill_defaults();
	test_names();
	test_svc_text();
	test_srv_text();
	test_json_out();
}
