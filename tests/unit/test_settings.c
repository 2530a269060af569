// SPDX-License-Identifier: GPL-2.0
/*
 * settings.c: the words of "config set" and "timeout set".
 *
 * The parsing rows are the words after "config set" and what lbadm would
 * send: the attributes, named as in the uapi header
 * ("CONN_MAX=5 TUN_SRC4=192.0.2.1"), or "error: MESSAGE" for a usage
 * error. Then how config show prints a reply, as text and as JSON, the
 * save line, and merging the settings of several lines.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "settings.h"
#include "tap.h"

#define MAX_WORDS 16
#define BIT(a) (1U << LBDR_CONFIG_A_##a)

/* The attributes @cfg would send, written apart from settings.c. */
static void render_sent(FILE *f, const struct lbdr_config *cfg)
{
	char buf[INET6_ADDRSTRLEN];
	const char *sep = "";

	if (cfg->mask & BIT(CONN_MAX)) {
		fprintf(f, "CONN_MAX=%u", cfg->val[LBDR_CONFIG_A_CONN_MAX]);
		sep = " ";
	}
	if (cfg->mask & BIT(TUN_SRC4)) {
		fprintf(f, "%sTUN_SRC4=%s", sep,
			inet_ntop(AF_INET, &cfg->tun_src4, buf, sizeof(buf)));
		sep = " ";
	}
	if (cfg->mask & BIT(TUN_SRC6))
		fprintf(f, "%sTUN_SRC6=%s", sep,
			inet_ntop(AF_INET6, &cfg->tun_src6, buf, sizeof(buf)));
	if (cfg->mask & ~(BIT(CONN_MAX) | BIT(TUN_SRC4) | BIT(TUN_SRC6)))
		fprintf(f, " other=0x%x", cfg->mask);
}

/* "config set WORDS": what would be sent, or "error: ...". */
static char *config_set(const char *words)
{
	char *copy = strdup(words), *argv[MAX_WORDS], *w, *out = NULL;
	char err[256];
	struct lbdr_config cfg;
	size_t len = 0;
	int argc = 0;
	FILE *f;

	for (w = strtok(copy, " "); w && argc < MAX_WORDS; w = strtok(NULL, " "))
		argv[argc++] = w;
	/* Whatever was there before is cleared. */
	memset(&cfg, 0xa5, sizeof(cfg));
	f = open_memstream(&out, &len);
	if (lbadm_params_parse(argc, argv, lbadm_config_params,
			       lbadm_config_nparams, &cfg, err, sizeof(err)))
		fprintf(f, "error: %s", err);
	else
		render_sent(f, &cfg);
	fclose(f);
	free(copy);
	return out;
}

static const struct {
	const char *words;
	const char *expected;
} parse_cases[] = {
	{ "conn-max 5", "CONN_MAX=5" },
	{ "tun-src4 192.0.2.1", "TUN_SRC4=192.0.2.1" },
	{ "tun-src6 2001:db8::1", "TUN_SRC6=2001:db8::1" },
	{ "tun-src4 none", "TUN_SRC4=0.0.0.0" },
	{ "tun-src6 none", "TUN_SRC6=::" },
	{ "tun-src4 0.0.0.0", "TUN_SRC4=0.0.0.0" },
	{ "tun-src6 ::", "TUN_SRC6=::" },
	{ "tun-src6 ::ffff:192.0.2.1", "TUN_SRC6=::ffff:192.0.2.1" },
	{ "tun-src6 2001:db8::1 conn-max 9 tun-src4 192.0.2.1",
	  "CONN_MAX=9 TUN_SRC4=192.0.2.1 TUN_SRC6=2001:db8::1" },
	{ "tun-src4 192.0.2.1 tun-src4 none", "TUN_SRC4=0.0.0.0" },
	{ "tun-src4 none tun-src4 192.0.2.7", "TUN_SRC4=192.0.2.7" },
	{ "tun-src4 2001:db8::1",
	  "error: \"tun-src4\": \"2001:db8::1\" is not an IPv4 address" },
	{ "tun-src6 192.0.2.1",
	  "error: \"tun-src6\": \"192.0.2.1\" is not an IPv6 address" },
	{ "tun-src4 web1",
	  "error: \"tun-src4\": \"web1\" is not an IPv4 address or none" },
	{ "tun-src6 2001:db8::1/64",
	  "error: \"tun-src6\": \"2001:db8::1/64\" is not an IPv6 address or none" },
	{ "tun-src4 192.0.2.1:80",
	  "error: \"tun-src4\": \"192.0.2.1:80\" is not an IPv4 address or none" },
	{ "tun-src4 None",
	  "error: \"tun-src4\": \"None\" is not an IPv4 address or none" },
	{ "conn-max 5 tun-src6", "error: \"tun-src6\" needs a value" },
	{ "tun-src 192.0.2.1", "error: unknown setting \"tun-src\"" },
	{ "conn-max none", "error: \"conn-max\": \"none\" is not a number" },
};

static void test_parse_words(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(parse_cases); i++) {
		char *got = config_set(parse_cases[i].words);

		EXPECT_STR(got, parse_cases[i].expected, "config set %s",
			   parse_cases[i].words);
		free(got);
	}
}

static void test_timeout_words(void)
{
	struct lbdr_config cfg;
	char err[256] = "", *argv[] = { "tun-src4", "192.0.2.1" };

	lbadm_params_parse(2, argv, lbadm_timeout_params,
			   lbadm_timeout_nparams, &cfg, err, sizeof(err));
	EXPECT_STR(err, "unknown setting \"tun-src4\"",
		   "timeout set does not take tun-src4");
}

/* A reply of CONFIG_GET: @mask of the attributes the kernel sent. */
static struct lbdr_config reply(uint32_t mask, const char *src4,
				const char *src6)
{
	struct lbdr_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.val[LBDR_CONFIG_A_CONN_MAX] = 1000;
	cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP] = 900;
	cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP_SYN] = 60;
	cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP_FIN] = 120;
	cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP_CLOSE] = 10;
	cfg.val[LBDR_CONFIG_A_TIMEOUT_UDP] = 300;
	if (src4)
		inet_pton(AF_INET, src4, &cfg.tun_src4);
	if (src6)
		inet_pton(AF_INET6, src6, &cfg.tun_src6);
	cfg.mask = mask;
	return cfg;
}

#define ALL_U32 0x7eU	/* attributes 1..6 */
#define ALL (ALL_U32 | BIT(TUN_SRC4) | BIT(TUN_SRC6))

enum out_kind { OUT_SHOW, OUT_JSON, OUT_SAVE };

static char *output(const struct lbdr_config *cfg, enum out_kind kind)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct json j;

	switch (kind) {
	case OUT_SHOW:
		lbadm_params_print(f, cfg, lbadm_config_params,
				   lbadm_config_nparams);
		break;
	case OUT_JSON:
		json_init(&j, f, false);
		json_open_object(&j, NULL);
		lbadm_params_json(&j, cfg, lbadm_config_params,
				  lbadm_config_nparams);
		json_close_object(&j);
		json_finish(&j);
		break;
	case OUT_SAVE:
		lbadm_settings_save(f, cfg);
		break;
	}
	fclose(f);
	return out;
}

static const struct {
	const char *what;
	uint32_t mask;
	const char *src4, *src6;
	const char *show, *json, *save;
} print_cases[] = {
	{ "both sources unset", ALL, NULL, NULL,
	  "conn-max 1000 tun-src4 none tun-src6 none\n",
	  "{\"conn_max\":1000}\n",
	  "config set conn-max 1000 tun-src4 none tun-src6 none\n"
	  "timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 300\n" },
	{ "an IPv4 source", ALL, "10.0.0.1", NULL,
	  "conn-max 1000 tun-src4 10.0.0.1 tun-src6 none\n",
	  "{\"conn_max\":1000,\"tun_src4\":\"10.0.0.1\"}\n",
	  "config set conn-max 1000 tun-src4 10.0.0.1 tun-src6 none\n"
	  "timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 300\n" },
	{ "both sources", ALL, "10.0.0.1", "2001:db8::1",
	  "conn-max 1000 tun-src4 10.0.0.1 tun-src6 2001:db8::1\n",
	  "{\"conn_max\":1000,\"tun_src4\":\"10.0.0.1\",\"tun_src6\":\"2001:db8::1\"}\n",
	  "config set conn-max 1000 tun-src4 10.0.0.1 tun-src6 2001:db8::1\n"
	  "timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 300\n" },
	{ "a module without the sources: as before", ALL_U32, "10.0.0.1", NULL,
	  "conn-max 1000\n",
	  "{\"conn_max\":1000}\n",
	  "config set conn-max 1000\n"
	  "timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 300\n" },
	{ "an event with an IPv6 source alone", BIT(TUN_SRC6), NULL, "fd00::5",
	  "conn-max 1000 tun-src6 fd00::5\n",
	  "{\"conn_max\":1000,\"tun_src6\":\"fd00::5\"}\n",
	  "config set tun-src6 fd00::5\n" },
	{ "an event with the timeouts alone", ALL_U32 & ~BIT(CONN_MAX), NULL, NULL,
	  "conn-max 1000\n",
	  "{\"conn_max\":1000}\n",
	  "timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 300\n" },
};

static void test_print(void)
{
	static const char *const kinds[] = { "config show", "config show -j", "save" };
	size_t i;
	int k;

	for (i = 0; i < ARRAY_SIZE(print_cases); i++) {
		struct lbdr_config cfg = reply(print_cases[i].mask,
					       print_cases[i].src4,
					       print_cases[i].src6);
		const char *expected[] = { print_cases[i].show,
					   print_cases[i].json,
					   print_cases[i].save };

		for (k = OUT_SHOW; k <= OUT_SAVE; k++) {
			char *got = output(&cfg, k);

			EXPECT_STR(got, expected[k], "%s: %s", kinds[k],
				   print_cases[i].what);
			free(got);
		}
	}
}

/* What config show prints is what config set takes back. */
static void test_show_set(void)
{
	struct lbdr_config cfg = reply(ALL, "192.0.2.1", "2001:db8::1");
	char *shown = output(&cfg, OUT_SHOW), *sent;

	shown[strlen(shown) - 1] = '\0';
	sent = config_set(shown);
	EXPECT_STR(sent, "CONN_MAX=1000 TUN_SRC4=192.0.2.1 TUN_SRC6=2001:db8::1",
		   "config show's line fed back to config set");
	free(sent);
	free(shown);
}

/* Settings of later lines over earlier ones; the same or not. */
static void test_merge(void)
{
	struct lbdr_config base = reply(ALL, "10.0.0.1", "2001:db8::1");
	struct lbdr_config set = reply(BIT(TUN_SRC4), NULL, "fd00::9");
	struct lbdr_config m = base;
	char *got;

	lbadm_config_merge(&m, &set);
	got = output(&m, OUT_SHOW);
	EXPECT_STR(got, "conn-max 1000 tun-src4 none tun-src6 2001:db8::1\n",
		   "merge: the IPv4 source reset, the IPv6 one kept");
	free(got);
	EXPECT_STR(lbadm_config_same(&m, &base, LBDR_CONFIG_A_TUN_SRC4) ?
		   "same" : "differs", "differs", "same: a changed IPv4 source");
	EXPECT_STR(lbadm_config_same(&m, &base, LBDR_CONFIG_A_TUN_SRC6) ?
		   "same" : "differs", "same", "same: an unchanged IPv6 source");
	m.tun_src6.s6_addr[15] ^= 1;
	EXPECT_STR(lbadm_config_same(&m, &base, LBDR_CONFIG_A_TUN_SRC6) ?
		   "same" : "differs", "differs",
		   "same: IPv6 sources differing in their last byte");
	EXPECT_STR(lbadm_config_same(&m, &base, LBDR_CONFIG_A_CONN_MAX) ?
		   "same" : "differs", "same", "same: conn-max");

	m = reply(0, NULL, NULL);
	lbadm_config_merge(&m, &base);
	got = output(&m, OUT_SAVE);
	EXPECT_STR(got, "config set conn-max 1000 tun-src4 10.0.0.1 tun-src6 2001:db8::1\n"
		   "timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 300\n",
		   "merge into nothing: every setting");
	free(got);
}

void test_settings(void)
{
	test_parse_words();
	test_timeout_words();
	test_print();
	test_show_set();
	test_merge();
}
