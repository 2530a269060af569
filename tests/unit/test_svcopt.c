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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "svcopt.h"
#include "tap.h"

#define MAX_WORDS 16

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
		fprintf(f, " method=%s", srv->method == LBDR_METHOD_DR ?
			"LBDR_METHOD_DR" : "?");
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
	{ { "method", "tun", NULL }, "error: method is dr" },
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
	EXPECT_STR(lbadm_method_name(1), "unknown", "method 1 is unknown");
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
};

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
}

void test_svcopt(void)
{
	test_svc_opts_parse();
	test_srv_opts_parse();
	test_fill_defaults();
	test_names();
	test_svc_text();
	test_srv_text();
	test_json_out();
}
