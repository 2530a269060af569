// SPDX-License-Identifier: GPL-2.0
/*
 * conf.c: the file format of lbadm save and restore.
 *
 * Restore files are parsed into a configuration, completed as restore
 * --dry-run does (the running settings for those the file leaves out, the
 * defaults for the options), and printed back by the
 * save printer: the rows give the file and the exact save output, or
 * "error: line N: MESSAGE" for a file restore refuses. Then every option
 * value goes through printer -> parser -> printer unchanged, and the
 * differences --dry-run prints between two configurations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf.h"
#include "settings.h"
#include "svcopt.h"
#include "tap.h"

/* The running settings restore --dry-run completes a file with. */
#define RUNNING_VALS \
	.val = { \
		[LBDR_CONFIG_A_CONN_MAX] = 1000, \
		[LBDR_CONFIG_A_TIMEOUT_TCP] = 900, \
		[LBDR_CONFIG_A_TIMEOUT_TCP_SYN] = 60, \
		[LBDR_CONFIG_A_TIMEOUT_TCP_FIN] = 120, \
		[LBDR_CONFIG_A_TIMEOUT_TCP_CLOSE] = 10, \
		[LBDR_CONFIG_A_TIMEOUT_UDP] = 300, \
	}

static const struct lbdr_config running = {
	RUNNING_VALS,
	.mask = 0x7e,	/* attributes 1..6 */
};

#define DEFAULT_SETTINGS \
	"config set conn-max 1000\n" \
	"timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 300\n"

/* The same from a module with the tunnels' default sources: none set. */
static const struct lbdr_config running_tun = {
	RUNNING_VALS,
	.mask = 0x7e | 1U << LBDR_CONFIG_A_TUN_SRC4 | 1U << LBDR_CONFIG_A_TUN_SRC6,
};

#define TIMEOUTS "timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 300\n"

/*
 * The save output of @text parsed and completed with @base (NULL: not
 * completed), or "error: ...".
 */
static char *restore_then_save_on(const char *text,
				  const struct lbdr_config *base)
{
	struct lbadm_conf c;
	char err[512], *out = NULL;
	size_t len = 0;
	FILE *in = tmpfile(), *f;

	if (!in)
		return strdup("tmpfile failed");
	fputs(text, in);
	rewind(in);
	lbadm_conf_init(&c);
	f = open_memstream(&out, &len);
	if (lbadm_conf_parse(in, &c, err, sizeof(err))) {
		fprintf(f, "error: %s", err);
	} else {
		if (base)
			lbadm_conf_complete(&c, base);
		lbadm_conf_sort(&c);
		lbadm_conf_save(f, &c);
	}
	fclose(f);
	fclose(in);
	lbadm_conf_free(&c);
	return out;
}

static char *restore_then_save(const char *text, bool complete)
{
	return restore_then_save_on(text, complete ? &running : NULL);
}

/* ---- restore files: parsing, comments, defaults, order ---- */

static const struct {
	const char *what;
	const char *file;
	const char *expected;
} parse_cases[] = {
	{ "an empty file: the running settings, nothing else", "", DEFAULT_SETTINGS },
	{ "blank lines and comments only",
	  "\n# a comment\n   # an indented one\n\t\n\r\n", DEFAULT_SETTINGS },
	{ "a service with no options: every default",
	  "service add tcp 192.0.2.1:80\n",
	  DEFAULT_SETTINGS
	  "service add tcp 192.0.2.1:80 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n" },
	{ "an IPv6 service: mask 128 by default",
	  "service add udp [2001:db8::1]:53\n",
	  DEFAULT_SETTINGS
	  "service add udp [2001:db8::1]:53 sched maglev table 65537 hash 5tuple persist 0 mask 128 sloppy on on-remove reschedule\n" },
	{ "wrr and wlc: sloppy off by default",
	  "service add tcp 192.0.2.1:80 sched wrr\nservice add tcp 192.0.2.1:81 sched wlc\n",
	  DEFAULT_SETTINGS
	  "service add tcp 192.0.2.1:80 sched wrr table 65537 hash 5tuple persist 0 mask 32 sloppy off on-remove reschedule\n"
	  "service add tcp 192.0.2.1:81 sched wlc table 65537 hash 5tuple persist 0 mask 32 sloppy off on-remove reschedule\n" },
	{ "a server with no options: weight 1, method dr, no thresholds",
	  "service add tcp 192.0.2.1:80 table 251\nserver add tcp 192.0.2.1:80 10.0.0.1\n",
	  DEFAULT_SETTINGS
	  "service add tcp 192.0.2.1:80 sched maglev table 251 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "server add tcp 192.0.2.1:80 10.0.0.1 weight 1 method dr uthreshold 0 lthreshold 0\n" },
	{ "comments after the words, tabs, CRLF, a word starting with #",
	  "config set conn-max 5 # five\r\n"
	  "\tservice\tadd  tcp 192.0.2.1:80   #sched wrr\n"
	  "server add tcp 192.0.2.1:80 10.0.0.1 weight 2#not a comment\n",
	  "error: line 3: weight needs a number, 0..65535" },
	{ "comments after the words, tabs, CRLF",
	  "config set conn-max 5 # five\r\n"
	  "\tservice\tadd  tcp 192.0.2.1:80   #sched wrr\n"
	  "server add tcp 192.0.2.1:80 10.0.0.1 weight 2 #weight 3\r\n",
	  "config set conn-max 5\n"
	  "timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 300\n"
	  "service add tcp 192.0.2.1:80 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "server add tcp 192.0.2.1:80 10.0.0.1 weight 2 method dr uthreshold 0 lthreshold 0\n" },
	{ "no newline at the end of the last line",
	  "timeout set udp 5", "config set conn-max 1000\n"
	  "timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 5\n" },
	{ "settings over several lines: the last value of each counts",
	  "timeout set udp 5 tcp 1\ntimeout set tcpfin 7 udp 6\nconfig set conn-max 9\n",
	  "config set conn-max 9\n"
	  "timeout set tcp 1 tcpsyn 60 tcpfin 7 tcpclose 10 udp 6\n" },
	{ "services in save order: family, address ones before fwmark, proto, address, port",
	  "service add fwmark 2 family inet6\n"
	  "service add fwmark 9\n"
	  "service add fwmark 3\n"
	  "service add udp [2001:db8::1]:53\n"
	  "service add udp 192.0.2.1:53\n"
	  "service add tcp 192.0.2.10:80\n"
	  "service add tcp 192.0.2.2:443\n"
	  "service add tcp 192.0.2.2:80\n"
	  "service add tcp [2001:db8::1]:80\n",
	  DEFAULT_SETTINGS
	  "service add tcp 192.0.2.2:80 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "service add tcp 192.0.2.2:443 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "service add tcp 192.0.2.10:80 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "service add udp 192.0.2.1:53 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "service add fwmark 3 family inet sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "service add fwmark 9 family inet sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "service add tcp [2001:db8::1]:80 sched maglev table 65537 hash 5tuple persist 0 mask 128 sloppy on on-remove reschedule\n"
	  "service add udp [2001:db8::1]:53 sched maglev table 65537 hash 5tuple persist 0 mask 128 sloppy on on-remove reschedule\n"
	  "service add fwmark 2 family inet6 sched maglev table 65537 hash 5tuple persist 0 mask 128 sloppy on on-remove reschedule\n" },
	{ "servers by address, each under its service, whatever the file's order",
	  "service add tcp 192.0.2.1:80\n"
	  "service add tcp 192.0.2.1:8\n"
	  "server add tcp 192.0.2.1:80 10.0.0.20\n"
	  "server add tcp 192.0.2.1:8 10.0.0.3\n"
	  "server add tcp 192.0.2.1:80 10.0.0.3 weight 0\n"
	  "server add tcp 192.0.2.1:80 10.0.0.100\n",
	  DEFAULT_SETTINGS
	  "service add tcp 192.0.2.1:8 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "server add tcp 192.0.2.1:8 10.0.0.3 weight 1 method dr uthreshold 0 lthreshold 0\n"
	  "service add tcp 192.0.2.1:80 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "server add tcp 192.0.2.1:80 10.0.0.3 weight 0 method dr uthreshold 0 lthreshold 0\n"
	  "server add tcp 192.0.2.1:80 10.0.0.20 weight 1 method dr uthreshold 0 lthreshold 0\n"
	  "server add tcp 192.0.2.1:80 10.0.0.100 weight 1 method dr uthreshold 0 lthreshold 0\n" },
	/* Tunnels. */
	{ "a gue server with port and csum",
	  "service add tcp 192.0.2.1:80\n"
	  "server add tcp 192.0.2.1:80 10.0.0.1 method gue port 7000 csum on weight 3\n",
	  DEFAULT_SETTINGS
	  "service add tcp 192.0.2.1:80 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "server add tcp 192.0.2.1:80 10.0.0.1 weight 3 method gue port 7000 csum on uthreshold 0 lthreshold 0\n" },
	{ "a gue server without them: port 6080, csum off",
	  "service add tcp 192.0.2.1:80\nserver add tcp 192.0.2.1:80 10.0.0.1 method gue\n",
	  DEFAULT_SETTINGS
	  "service add tcp 192.0.2.1:80 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "server add tcp 192.0.2.1:80 10.0.0.1 weight 1 method gue port 6080 csum off uthreshold 0 lthreshold 0\n" },
	{ "servers of the other family: ipip, gue; IPv4 servers first",
	  "service add tcp 192.0.2.1:80\n"
	  "service add udp [2001:db8::1]:53\n"
	  "server add tcp 192.0.2.1:80 2001:db8::1 method ipip\n"
	  "server add tcp 192.0.2.1:80 10.0.0.1 method ipip\n"
	  "server add udp [2001:db8::1]:53 10.0.0.2 method gue csum on\n"
	  "server add udp [2001:db8::1]:53 2001:db8:a::1\n",
	  DEFAULT_SETTINGS
	  "service add tcp 192.0.2.1:80 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "server add tcp 192.0.2.1:80 10.0.0.1 weight 1 method ipip uthreshold 0 lthreshold 0\n"
	  "server add tcp 192.0.2.1:80 2001:db8::1 weight 1 method ipip uthreshold 0 lthreshold 0\n"
	  "service add udp [2001:db8::1]:53 sched maglev table 65537 hash 5tuple persist 0 mask 128 sloppy on on-remove reschedule\n"
	  "server add udp [2001:db8::1]:53 10.0.0.2 weight 1 method gue port 6080 csum on uthreshold 0 lthreshold 0\n"
	  "server add udp [2001:db8::1]:53 2001:db8:a::1 weight 1 method dr uthreshold 0 lthreshold 0\n" },
	/* lbadm leaves a dr server of the other family to the kernel to refuse. */
	{ "a dr server of the other family: the kernel's to refuse",
	  "service add tcp 192.0.2.1:80\nserver add tcp 192.0.2.1:80 2001:db8::1\n",
	  DEFAULT_SETTINGS
	  "service add tcp 192.0.2.1:80 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "server add tcp 192.0.2.1:80 2001:db8::1 weight 1 method dr uthreshold 0 lthreshold 0\n" },
	{ "the tunnels' sources of both families, IPv4 first",
	  "service add fwmark 3 tun-src 2001:db8::9 tun-src 192.0.2.9\n",
	  DEFAULT_SETTINGS
	  "service add fwmark 3 family inet sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule tun-src 192.0.2.9 tun-src 2001:db8::9\n" },
	{ "tun-src 0.0.0.0 and ::: the routing's choice, not saved",
	  "service add tcp 192.0.2.1:80 tun-src :: tun-src 0.0.0.0\n"
	  "service add tcp 192.0.2.1:81 tun-src 2001:db8::9 tun-src 0.0.0.0\n",
	  DEFAULT_SETTINGS
	  "service add tcp 192.0.2.1:80 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "service add tcp 192.0.2.1:81 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule tun-src 2001:db8::9\n" },
	{ "the same address under two services",
	  "service add tcp 192.0.2.1:80\nservice add udp 192.0.2.1:80\n"
	  "server add udp 192.0.2.1:80 10.0.0.1\nserver add tcp 192.0.2.1:80 10.0.0.1\n",
	  DEFAULT_SETTINGS
	  "service add tcp 192.0.2.1:80 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "server add tcp 192.0.2.1:80 10.0.0.1 weight 1 method dr uthreshold 0 lthreshold 0\n"
	  "service add udp 192.0.2.1:80 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "server add udp 192.0.2.1:80 10.0.0.1 weight 1 method dr uthreshold 0 lthreshold 0\n" },

	/* Errors: the first line at fault, counting blank and comment lines. */
	{ "an unknown command",
	  "# header\n\nfoo bar\n", "error: line 3: \"foo\": only service add, server add, config set and timeout set belong in a restore file" },
	{ "flush", "flush\n",
	  "error: line 1: \"flush\": only service add, server add, config set and timeout set belong in a restore file" },
	{ "service del",
	  "service add tcp 192.0.2.1:80\nservice del tcp 192.0.2.1:80\n",
	  "error: line 2: service del: only service add, server add, config set and timeout set belong in a restore file" },
	{ "service replace", "service replace tcp 192.0.2.1:80\n",
	  "error: line 1: service replace: only service add, server add, config set and timeout set belong in a restore file" },
	{ "service change", "service change tcp 192.0.2.1:80 table 251\n",
	  "error: line 1: service change: only service add, server add, config set and timeout set belong in a restore file" },
	{ "service show", "service show\n",
	  "error: line 1: service show: only service add, server add, config set and timeout set belong in a restore file" },
	{ "server change",
	  "service add tcp 192.0.2.1:80\nserver change tcp 192.0.2.1:80 10.0.0.1 weight 2\n",
	  "error: line 2: server change: only service add, server add, config set and timeout set belong in a restore file" },
	{ "server del", "server del tcp 192.0.2.1:80 10.0.0.1\n",
	  "error: line 1: server del: only service add, server add, config set and timeout set belong in a restore file" },
	{ "service alone", "service\n", "error: line 1: service: missing action" },
	{ "server alone", "\nserver\n", "error: line 2: server: missing action" },
	{ "an unknown action", "service frob tcp 192.0.2.1:80\n",
	  "error: line 1: service: unknown action \"frob\"" },
	{ "service add without a key", "service add\n",
	  "error: line 1: expected PROTO VIP:PORT or fwmark MARK" },
	{ "a bad VIP:PORT", "service add tcp 192.0.2.1\n",
	  "error: line 1: \"192.0.2.1\": expected VIP:PORT, e.g. 192.0.2.1:80 or [2001:db8::1]:80" },
	{ "a bad option value on line 2",
	  "service add tcp 192.0.2.1:80\nservice add tcp 192.0.2.1:81 sched rr\n",
	  "error: line 2: sched is maglev, wrr, wlc or sh" },
	{ "an unknown service option", "service add tcp 192.0.2.1:80 colour blue\n",
	  "error: line 1: unknown service option \"colour\"" },
	{ "mask without persist", "service add tcp 192.0.2.1:80 mask 24\n",
	  "error: line 1: mask needs persist SECS in the same command" },
	{ "a server before its service",
	  "server add tcp 192.0.2.1:80 10.0.0.1\nservice add tcp 192.0.2.1:80\n",
	  "error: line 1: no earlier line adds service tcp 192.0.2.1:80" },
	{ "a server of a fwmark service of the other family",
	  "service add fwmark 5\nserver add fwmark 5 family inet6 2001:db8::1\n",
	  "error: line 2: no earlier line adds service fwmark 5 family inet6" },
	{ "port with method dr",
	  "service add tcp 192.0.2.1:80\nserver add tcp 192.0.2.1:80 10.0.0.1 method dr port 7000\n",
	  "error: line 2: port and csum are options of method gue" },
	{ "csum without a method: a dr server",
	  "service add tcp 192.0.2.1:80\nserver add tcp 192.0.2.1:80 10.0.0.1 csum on\n",
	  "error: line 2: port and csum are options of method gue" },
	{ "a bad GUE port",
	  "service add tcp 192.0.2.1:80\nserver add tcp 192.0.2.1:80 10.0.0.1 method gue port 0\n",
	  "error: line 2: port needs a number, 1..65535" },
	{ "tun-src twice for one family",
	  "service add tcp 192.0.2.1:80 tun-src 192.0.2.9 tun-src 192.0.2.9\n",
	  "error: line 1: tun-src is given twice for IPv4" },
	{ "a server twice, of the other family",
	  "service add tcp 192.0.2.1:80\n"
	  "server add tcp 192.0.2.1:80 2001:db8::1 method ipip\n"
	  "server add tcp 192.0.2.1:80 2001:db8::1 method gue\n",
	  "error: line 3: server 2001:db8::1 of service tcp 192.0.2.1:80 is already added on line 2" },
	{ "a server without an address", "service add tcp 192.0.2.1:80\nserver add tcp 192.0.2.1:80\n",
	  "error: line 2: missing the real server address" },
	{ "a service twice",
	  "# x\nservice add tcp 192.0.2.1:80\nservice add tcp 192.0.2.1:81\nservice add tcp 192.0.2.1:80 sched wrr\n",
	  "error: line 4: service tcp 192.0.2.1:80 is already added on line 2" },
	{ "a fwmark service twice, family inet given once",
	  "service add fwmark 5\nservice add fwmark 5 family inet\n",
	  "error: line 2: service fwmark 5 family inet is already added on line 1" },
	{ "a server twice, another one between",
	  "service add tcp 192.0.2.1:80\n\n"
	  "server add tcp 192.0.2.1:80 10.0.0.1\n"
	  "server add tcp 192.0.2.1:80 10.0.0.2\n"
	  "server add tcp 192.0.2.1:80 10.0.0.1 weight 3\n",
	  "error: line 5: server 10.0.0.1 of service tcp 192.0.2.1:80 is already added on line 3" },
	{ "two servers twice: the earlier line is reported",
	  "service add tcp 192.0.2.1:80\nservice add tcp 192.0.2.1:81\n"
	  "server add tcp 192.0.2.1:80 10.0.0.9\n"
	  "server add tcp 192.0.2.1:81 10.0.0.1\n"
	  "server add tcp 192.0.2.1:80 10.0.0.9\n"
	  "server add tcp 192.0.2.1:81 10.0.0.1\n",
	  "error: line 5: server 10.0.0.9 of service tcp 192.0.2.1:80 is already added on line 3" },
	{ "config set without a setting", "config set\n",
	  "error: line 1: set needs at least one setting" },
	{ "config alone", "config\n",
	  "error: line 1: config: only service add, server add, config set and timeout set belong in a restore file" },
	{ "timeout show", "timeout show\n",
	  "error: line 1: timeout show: only service add, server add, config set and timeout set belong in a restore file" },
	{ "timeout with an unknown action", "timeout get udp\n",
	  "error: line 1: timeout: unknown action \"get\"" },
	{ "a timeout without its value", "timeout set udp 5 tcp\n",
	  "error: line 1: \"tcp\" needs a value" },
	{ "a timeout word on a config line", "config set tcp 5\n",
	  "error: line 1: unknown setting \"tcp\"" },
	{ "a setting that is not a number", "config set conn-max 1k\n",
	  "error: line 1: \"conn-max\": \"1k\" is not a number" },
	{ "65 words on a line",
	  "service add tcp 192.0.2.1:80 a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a"
	  " a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a\n",
	  "error: line 1: more than 64 words" },
};

static void test_parse_files(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(parse_cases); i++) {
		char *got = restore_then_save(parse_cases[i].file, true);

		EXPECT_STR(got, parse_cases[i].expected, "restore file: %s",
			   parse_cases[i].what);
		free(got);
	}
}

/* ---- every option value: printer -> parser -> printer ---- */

#define ALL_SVC (LBDR_SVC_SCHED | LBDR_SVC_TABLE | LBDR_SVC_HASH | \
		 LBDR_SVC_PERSIST | LBDR_SVC_PERSIST_MASK | LBDR_SVC_SLOPPY | \
		 LBDR_SVC_ON_REMOVE)
#define ALL_SRV (LBDR_SRV_WEIGHT | LBDR_SRV_METHOD | LBDR_SRV_UTHRESHOLD | \
		 LBDR_SRV_LTHRESHOLD)

/* A configuration as the kernel reports it, printed by save. */
static char *save_of(const struct lbadm_conf *c)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	lbadm_conf_save(f, c);
	fclose(f);
	return out;
}

static void add_svc(struct lbadm_conf *c, const struct lbdr_svc *svc)
{
	size_t dup;

	lbadm_conf_add_svc(c, svc, &dup);
}

/* A service whose key depends on @n, of @family (fwmark if @fwmark). */
static struct lbdr_svc key_of(unsigned int n, int family, bool fwmark)
{
	struct lbdr_svc s;

	memset(&s, 0, sizeof(s));
	s.family = family;
	if (fwmark) {
		s.fwmark = n + 1;
		return s;
	}
	s.proto = n % 2 ? IPPROTO_UDP : IPPROTO_TCP;
	s.addr.family = family;
	if (family == AF_INET6) {
		s.addr.v6.s6_addr[0] = 0x20;
		s.addr.v6.s6_addr[1] = 0x01;
		s.addr.v6.s6_addr[15] = (uint8_t)n;
	} else {
		s.addr.v4.s_addr = htonl(0xc0000200u + n);
	}
	s.port = (uint16_t)(n * 7);
	return s;
}

/*
 * Every value of every service option, on services of each kind of key,
 * and every server option: save's output parses back to itself.
 */
static void test_round_trip(void)
{
	static const uint32_t tables[] = { 251, 65537, 655373 };
	static const uint32_t persists[] = { 0, 1, 300, LBDR_TIMEOUT_MAX };
	static const int families[] = { AF_INET, AF_INET6 };
	static const uint32_t weights[] = { 0, 1, 65535 };
	static const uint32_t thresholds[] = { 0, 1, 4294967295u };
	static const uint16_t ports[] = { 1, LBDR_GUE_PORT_DEFAULT, 65535 };
	struct lbadm_conf c;
	unsigned int n = 0, f, fw, v, k;
	char *first, *second, what[64];

	lbadm_conf_init(&c);
	c.settings = running;
	c.settings.val[LBDR_CONFIG_A_CONN_MAX] = 4194304;
	c.settings.val[LBDR_CONFIG_A_TIMEOUT_UDP] = LBDR_TIMEOUT_MAX;
	for (f = 0; f < 2; f++) {
		for (fw = 0; fw < 2; fw++) {
			/* One service per value of each option. */
			for (v = 0; v < 16; v++) {
				struct lbdr_svc s = key_of(n++, families[f], fw);
				struct lbdr_srv srv[4];

				s.sched = (uint8_t)(v % 4);
				s.table_size = tables[v % 3];
				s.hash = (uint8_t)(v % 2);
				s.persist = persists[v % 4];
				s.persist_mask = (uint8_t)(v * 9 % (families[f] == AF_INET6 ? 129 : 33));
				s.sloppy = (uint8_t)(v / 2 % 2);
				s.on_remove = (uint8_t)(v / 4 % 2);
				s.mask = ALL_SVC;
				/* The tunnels' sources: none, IPv4, IPv6, both. */
				if (v % 4 & 1) {
					s.tun_src4.s_addr = htonl(0xc6336400u + v);
					s.mask |= LBDR_SVC_TUN_SRC4;
				}
				if (v % 4 & 2) {
					s.tun_src6.s6_addr[0] = 0x20;
					s.tun_src6.s6_addr[1] = 0x01;
					s.tun_src6.s6_addr[15] = (uint8_t)v;
					s.mask |= LBDR_SVC_TUN_SRC6;
				}
				memset(srv, 0, sizeof(srv));
				for (k = 0; k < 3; k++) {
					srv[k].addr = s.addr;
					srv[k].addr.family = families[f];
					if (families[f] == AF_INET6)
						srv[k].addr.v6.s6_addr[14] = (uint8_t)(k + 1);
					else
						srv[k].addr.v4.s_addr = htonl(0x0a000001u + k);
					srv[k].weight = weights[(v + k) % 3];
					srv[k].uthreshold = thresholds[(v + k) % 3];
					srv[k].lthreshold = thresholds[(v + 2 * k) % 3];
					srv[k].mask = ALL_SRV;
				}
				/* A tunnel's server, of the other family. */
				srv[3].weight = weights[v % 3];
				srv[3].mask = ALL_SRV;
				if (families[f] == AF_INET6) {
					srv[3].addr.family = AF_INET;
					srv[3].addr.v4.s_addr = htonl(0x0a000100u + v);
				} else {
					srv[3].addr.family = AF_INET6;
					srv[3].addr.v6.s6_addr[0] = 0xfd;
					srv[3].addr.v6.s6_addr[15] = (uint8_t)v;
				}
				if (v % 2) {
					srv[3].method = LBDR_METHOD_IPIP;
				} else {
					srv[3].method = LBDR_METHOD_GUE;
					srv[3].tun_port = ports[v / 2 % 3];
					srv[3].tun_csum = (uint8_t)(v / 2 % 2);
					srv[3].mask |= LBDR_SRV_TUN_PORT | LBDR_SRV_TUN_CSUM;
				}
				s.servers = srv;
				s.nservers = 4;
				add_svc(&c, &s);
			}
		}
	}
	lbadm_conf_sort(&c);
	first = save_of(&c);
	second = restore_then_save(first, true);
	EXPECT_STR(second, first,
		   "save -> restore -> save: every option value, %u services of every key kind",
		   n);
	free(second);
	/* Not completed: what the file says alone is the same here. */
	second = restore_then_save(first, false);
	EXPECT_STR(second, first, "save -> restore -> save: nothing left to defaults");
	free(second);
	free(first);
	lbadm_conf_free(&c);

	/* One case per option value, as single lines. */
	for (v = 0; v < 4; v++) {
		lbadm_conf_init(&c);
		{
			struct lbdr_svc s = key_of(v, AF_INET, false);

			s.sched = (uint8_t)v;
			s.table_size = 251;
			s.mask = ALL_SVC;
			s.persist_mask = 32;
			add_svc(&c, &s);
		}
		first = save_of(&c);
		second = restore_then_save(first, false);
		snprintf(what, sizeof(what), "sched %s", lbadm_sched_names[v]);
		EXPECT_STR(second, first, "round trip: %s", what);
		free(first);
		free(second);
		lbadm_conf_free(&c);
	}
}

/* ---- the tunnels' default sources: config set tun-src4, tun-src6 ---- */

static const struct {
	const char *what;
	const char *file;
	bool complete;		/* with running_tun, else as the file says */
	const char *expected;
} tun_cases[] = {
	{ "an empty file: both words, none", "", true,
	  "config set conn-max 1000 tun-src4 none tun-src6 none\n" TIMEOUTS },
	{ "an IPv4 source, the IPv6 one running",
	  "config set tun-src4 192.0.2.5\n", true,
	  "config set conn-max 1000 tun-src4 192.0.2.5 tun-src6 none\n" TIMEOUTS },
	{ "with conn-max, over two lines",
	  "config set tun-src6 2001:db8::5 conn-max 7\nconfig set tun-src4 10.0.0.1\n",
	  true,
	  "config set conn-max 7 tun-src4 10.0.0.1 tun-src6 2001:db8::5\n" TIMEOUTS },
	{ "a source set, then none: the last counts",
	  "config set tun-src4 10.0.0.1\nconfig set tun-src4 none\n", true,
	  "config set conn-max 1000 tun-src4 none tun-src6 none\n" TIMEOUTS },
	{ "the zero addresses are none",
	  "config set tun-src4 0.0.0.0 tun-src6 ::\n", false,
	  "config set tun-src4 none tun-src6 none\n" },
	{ "not completed: what the file says, in save order",
	  "config set tun-src6 fd00::1 tun-src4 192.0.2.5\n", false,
	  "config set tun-src4 192.0.2.5 tun-src6 fd00::1\n" },
	{ "an IPv6 address for tun-src4",
	  "config set conn-max 5\nconfig set tun-src4 2001:db8::1\n", true,
	  "error: line 2: \"tun-src4\": \"2001:db8::1\" is not an IPv4 address" },
	{ "an IPv4 address for tun-src6", "config set tun-src6 192.0.2.5\n", true,
	  "error: line 1: \"tun-src6\": \"192.0.2.5\" is not an IPv6 address" },
	{ "not an address", "config set tun-src4 lb1\n", true,
	  "error: line 1: \"tun-src4\": \"lb1\" is not an IPv4 address or none" },
	{ "a source without its value", "config set conn-max 5 tun-src6\n", true,
	  "error: line 1: \"tun-src6\" needs a value" },
	{ "a source on a timeout line", "timeout set tun-src4 192.0.2.5\n", true,
	  "error: line 1: unknown setting \"tun-src4\"" },
};

static void test_tun_src(void)
{
	struct lbadm_conf c;
	char *first, *second;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tun_cases); i++) {
		char *got = restore_then_save_on(tun_cases[i].file,
						 tun_cases[i].complete ?
						 &running_tun : NULL);

		EXPECT_STR(got, tun_cases[i].expected, "restore file: %s",
			   tun_cases[i].what);
		free(got);
	}

	/* The running sources, saved, restored and saved again. */
	lbadm_conf_init(&c);
	c.settings = running_tun;
	c.settings.tun_src4.s_addr = htonl(0xc0000205u);
	c.settings.tun_src6.s6_addr[0] = 0xfd;
	c.settings.tun_src6.s6_addr[15] = 0x07;
	first = save_of(&c);
	EXPECT_STR(first, "config set conn-max 1000 tun-src4 192.0.2.5 tun-src6 fd00::7\n"
		   TIMEOUTS, "save: the running sources");
	second = restore_then_save(first, false);
	EXPECT_STR(second, first, "save -> restore -> save: the sources");
	free(second);
	free(first);
	lbadm_conf_free(&c);
}

/* ---- restore --dry-run: the difference of two configurations ---- */

static void diff_line(char sign, const char *line, void *data)
{
	fprintf(data, "%c %s\n", sign, line);
}

/* Both files parsed and completed with @base, and the lines that differ. */
static char *diff_of_on(const char *from, const char *to,
			const struct lbdr_config *base)
{
	struct lbadm_conf a, b;
	char err[256], *out = NULL;
	size_t len = 0;
	FILE *fa = tmpfile(), *fb = tmpfile(), *f;

	fputs(from, fa);
	fputs(to, fb);
	rewind(fa);
	rewind(fb);
	lbadm_conf_init(&a);
	lbadm_conf_init(&b);
	f = open_memstream(&out, &len);
	if (lbadm_conf_parse(fa, &a, err, sizeof(err)) ||
	    lbadm_conf_parse(fb, &b, err, sizeof(err))) {
		fprintf(f, "error: %s", err);
	} else {
		lbadm_conf_complete(&a, base);
		lbadm_conf_complete(&b, base);
		lbadm_conf_sort(&a);
		lbadm_conf_sort(&b);
		lbadm_conf_diff(&a, &b, diff_line, f);
	}
	fclose(f);
	fclose(fa);
	fclose(fb);
	lbadm_conf_free(&a);
	lbadm_conf_free(&b);
	return out;
}

static char *diff_of(const char *from, const char *to)
{
	return diff_of_on(from, to, &running);
}

#define SVC80 "service add tcp 192.0.2.1:80"
#define SVC80_LINE SVC80 " sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule"
#define SRV(a) "server add tcp 192.0.2.1:80 " a
#define SRV_LINE(a, w) SRV(a) " weight " w " method dr uthreshold 0 lthreshold 0"
#define SVC6 "service add udp [2001:db8::1]:53"
#define SVC6_LINE SVC6 " sched maglev table 65537 hash 5tuple persist 0 mask 128 sloppy on on-remove reschedule"

static const struct {
	const char *what;
	const char *from, *to;
	const char *expected;
} diff_cases[] = {
	{ "the same: nothing", SVC80 "\n" SRV("10.0.0.1") "\n",
	  "# written by hand\n" SVC80 " sched maglev\n" SRV("10.0.0.1") " weight 1\n", "" },
	{ "both empty: nothing", "", "", "" },
	{ "conn-max", "", "config set conn-max 5\n",
	  "- config set conn-max 1000\n+ config set conn-max 5\n" },
	{ "a timeout",
	  "timeout set udp 5\n", "",
	  "- timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 5\n"
	  "+ timeout set tcp 900 tcpsyn 60 tcpfin 120 tcpclose 10 udp 300\n" },
	{ "a service and its servers added", "",
	  SVC80 "\n" SRV("10.0.0.2") "\n" SRV("10.0.0.1") "\n",
	  "+ " SVC80_LINE "\n+ " SRV_LINE("10.0.0.1", "1") "\n+ " SRV_LINE("10.0.0.2", "1") "\n" },
	{ "a service and its servers removed",
	  SVC80 "\n" SRV("10.0.0.1") "\n", "",
	  "- " SVC80_LINE "\n- " SRV_LINE("10.0.0.1", "1") "\n" },
	{ "an option of a service changed, its servers the same",
	  SVC80 "\n" SRV("10.0.0.1") "\n", SVC80 " hash saddr\n" SRV("10.0.0.1") "\n",
	  "- " SVC80_LINE "\n"
	  "+ " SVC80 " sched maglev table 65537 hash saddr persist 0 mask 32 sloppy on on-remove reschedule\n" },
	{ "a weight changed, a server removed, one added",
	  SVC80 "\n" SRV("10.0.0.1") "\n" SRV("10.0.0.2") "\n" SRV("10.0.0.4") "\n",
	  SVC80 "\n" SRV("10.0.0.3") "\n" SRV("10.0.0.1") " weight 0\n" SRV("10.0.0.4") "\n",
	  "- " SRV_LINE("10.0.0.1", "1") "\n+ " SRV_LINE("10.0.0.1", "0") "\n"
	  "- " SRV_LINE("10.0.0.2", "1") "\n+ " SRV_LINE("10.0.0.3", "1") "\n" },
	{ "services on both sides of one that stays, in save order",
	  SVC80 "\nservice add udp 192.0.2.1:53\n",
	  SVC6 "\nservice add udp 192.0.2.1:53\nservice add tcp 192.0.2.0:80\n",
	  "+ service add tcp 192.0.2.0:80 sched maglev table 65537 hash 5tuple persist 0 mask 32 sloppy on on-remove reschedule\n"
	  "- " SVC80_LINE "\n"
	  "+ " SVC6_LINE "\n" },
	{ "a server's method: dr to gue",
	  SVC80 "\n" SRV("10.0.0.1") "\n", SVC80 "\n" SRV("10.0.0.1") " method gue\n",
	  "- " SRV_LINE("10.0.0.1", "1") "\n"
	  "+ " SRV("10.0.0.1") " weight 1 method gue port 6080 csum off uthreshold 0 lthreshold 0\n" },
	{ "a gue server's port and csum",
	  SVC80 "\n" SRV("10.0.0.1") " method gue\n",
	  SVC80 "\n" SRV("10.0.0.1") " method gue port 6081 csum on\n",
	  "- " SRV("10.0.0.1") " weight 1 method gue port 6080 csum off uthreshold 0 lthreshold 0\n"
	  "+ " SRV("10.0.0.1") " weight 1 method gue port 6081 csum on uthreshold 0 lthreshold 0\n" },
	{ "gue's defaults given or not: nothing",
	  SVC80 "\n" SRV("10.0.0.1") " method gue\n",
	  SVC80 "\n" SRV("10.0.0.1") " method gue port 6080 csum off\n", "" },
	{ "the same address in the other family is another server",
	  SVC80 "\n" SRV("10.0.0.1") " method ipip\n",
	  SVC80 "\n" SRV("10.0.0.1") " method ipip\n" SRV("::ffff:10.0.0.1") " method ipip\n",
	  "+ " SRV("::ffff:10.0.0.1") " weight 1 method ipip uthreshold 0 lthreshold 0\n" },
	{ "a tunnels' source added, one reset",
	  SVC80 " tun-src 2001:db8::9\n", SVC80 " tun-src 192.0.2.9 tun-src ::\n",
	  "- " SVC80_LINE " tun-src 2001:db8::9\n+ " SVC80_LINE " tun-src 192.0.2.9\n" },
	{ "a file with a mistake", "", "service add tcp x\n",
	  "error: line 1: \"x\": expected VIP:PORT, e.g. 192.0.2.1:80 or [2001:db8::1]:80" },
};

static void test_diff(void)
{
	struct lbdr_config src = running_tun;
	size_t i;
	char *got;

	for (i = 0; i < ARRAY_SIZE(diff_cases); i++) {
		got = diff_of(diff_cases[i].from, diff_cases[i].to);
		EXPECT_STR(got, diff_cases[i].expected, "dry-run difference: %s",
			   diff_cases[i].what);
		free(got);
	}

	got = diff_of_on("", "config set tun-src4 192.0.2.5\n", &running_tun);
	EXPECT_STR(got, "- config set conn-max 1000 tun-src4 none tun-src6 none\n"
		   "+ config set conn-max 1000 tun-src4 192.0.2.5 tun-src6 none\n",
		   "dry-run difference: an IPv4 source set");
	free(got);
	/* A saved file resets a source set since it was saved. */
	src.tun_src6.s6_addr[0] = 0xfd;
	src.tun_src6.s6_addr[15] = 0x07;
	got = diff_of_on("", "config set conn-max 1000 tun-src4 none tun-src6 none\n",
			 &src);
	EXPECT_STR(got, "- config set conn-max 1000 tun-src4 none tun-src6 fd00::7\n"
		   "+ config set conn-max 1000 tun-src4 none tun-src6 none\n",
		   "dry-run difference: a running IPv6 source reset by the file");
	free(got);
	got = diff_of_on("", "config set tun-src6 fd00::7\n", &src);
	EXPECT_STR(got, "", "dry-run difference: the running source given again");
	free(got);
}

/* ---- save -j ---- */

static void test_save_json(void)
{
	struct lbadm_conf c;
	char err[256], *out = NULL;
	size_t len = 0;
	struct json j;
	FILE *in = tmpfile(), *f;

	fputs("config set conn-max 7\n"
	      "service add tcp 192.0.2.1:80 persist 30 mask 24\n"
	      "server add tcp 192.0.2.1:80 10.0.0.1 uthreshold 5\n"
	      "service add fwmark 4 family inet6 tun-src 192.0.2.9\n"
	      "server add fwmark 4 family inet6 10.0.0.2 method gue csum on\n"
	      "server add fwmark 4 family inet6 2001:db8::2 method ipip\n", in);
	rewind(in);
	lbadm_conf_init(&c);
	f = open_memstream(&out, &len);
	if (lbadm_conf_parse(in, &c, err, sizeof(err))) {
		fprintf(f, "error: %s", err);
	} else {
		lbadm_conf_complete(&c, &running);
		lbadm_conf_sort(&c);
		json_init(&j, f, false);
		lbadm_conf_json(&j, &c);
		json_finish(&j);
	}
	fclose(f);
	fclose(in);
	EXPECT_STR(out,
		   "{\"config\":{\"conn_max\":7,\"timeout\":{\"tcp\":900,\"tcpsyn\":60,"
		   "\"tcpfin\":120,\"tcpclose\":10,\"udp\":300}},\"services\":["
		   "{\"family\":\"inet\",\"proto\":\"tcp\",\"vip\":\"192.0.2.1\",\"port\":80,"
		   "\"sched\":\"maglev\",\"table\":65537,\"hash\":\"5tuple\",\"persist\":30,"
		   "\"persist_mask\":24,\"sloppy\":true,\"on_remove\":\"reschedule\","
		   "\"servers\":[{\"address\":\"10.0.0.1\",\"family\":\"inet\",\"weight\":1,"
		   "\"method\":\"dr\",\"uthreshold\":5,\"lthreshold\":0}]},"
		   "{\"family\":\"inet6\",\"fwmark\":4,\"sched\":\"maglev\",\"table\":65537,"
		   "\"hash\":\"5tuple\",\"persist\":0,\"persist_mask\":128,\"sloppy\":true,"
		   "\"on_remove\":\"reschedule\",\"tun_src4\":\"192.0.2.9\",\"servers\":["
		   "{\"address\":\"10.0.0.2\",\"family\":\"inet\",\"weight\":1,\"method\":\"gue\","
		   "\"port\":6080,\"csum\":true,\"uthreshold\":0,\"lthreshold\":0},"
		   "{\"address\":\"2001:db8::2\",\"family\":\"inet6\",\"weight\":1,"
		   "\"method\":\"ipip\",\"uthreshold\":0,\"lthreshold\":0}]}]}\n",
		   "save -j: config, then services with their servers, no counters");
	free(out);
	lbadm_conf_free(&c);

	/* The sources: a key only for one that is set. */
	lbadm_conf_init(&c);
	c.settings = running_tun;
	c.settings.tun_src4.s_addr = htonl(0xc0000205u);
	out = NULL;
	f = open_memstream(&out, &len);
	json_init(&j, f, false);
	lbadm_conf_json(&j, &c);
	json_finish(&j);
	fclose(f);
	EXPECT_STR(out,
		   "{\"config\":{\"conn_max\":1000,\"tun_src4\":\"192.0.2.5\","
		   "\"timeout\":{\"tcp\":900,\"tcpsyn\":60,\"tcpfin\":120,"
		   "\"tcpclose\":10,\"udp\":300}},\"services\":[]}\n",
		   "save -j: tun_src4 set, tun_src6 none and left out");
	free(out);
	lbadm_conf_free(&c);
}

/* ---- many services: the index finds them all ---- */

static void test_many(void)
{
	struct lbadm_conf c;
	char err[256], *got;
	unsigned int i, found = 0;
	FILE *in = tmpfile();

	for (i = 0; i < 20000; i++)
		fprintf(in, "service add tcp 10.%u.%u.1:80\nserver add tcp 10.%u.%u.1:80 10.255.0.%u\n",
			i / 256, i % 256, i / 256, i % 256, i % 200 + 1);
	fprintf(in, "service add tcp 10.1.2.1:80\n");
	rewind(in);
	lbadm_conf_init(&c);
	if (lbadm_conf_parse(in, &c, err, sizeof(err))) {
		got = err;
	} else {
		for (i = 0; i < c.nsvcs; i++)
			found += c.svcs[i].nservers == 1;
		snprintf(err, sizeof(err), "%zu services, %u with one server", c.nsvcs, found);
		got = err;
	}
	EXPECT_STR(got, "line 40001: service tcp 10.1.2.1:80 is already added on line 517",
		   "20000 services: a duplicate of the 259th found by the index");
	fclose(in);
	lbadm_conf_free(&c);
}

void test_conf(void)
{
	test_parse_files();
	test_round_trip();
	test_tun_src();
	test_diff();
	test_save_json();
	test_many();
}
