// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for lbadm's parsers (make fuzz; tests/fuzz/Makefile).
 *
 * One input is at once:
 *   - a restore file (conf.c): parsed as "lbadm restore" does; what
 *     parses is completed, sorted, saved, and the save output must parse
 *     back to the same bytes (save | restore | save is stable), the
 *     --dry-run difference against itself must be empty and against an
 *     empty configuration must be its every line;
 *   - a command line: the input split on NUL and blanks into words,
 *     "lbadm WORD...". Global options (options.c), then the subcommand
 *     as main() runs it (service.c, server.c, config.c, timeout.c,
 *     conn.c, stats.c, save.c, ...) against stub_ipc.c, which aborts on a
 *     request the parsers should never have let through;
 *   - the same words, and the same less the first one or two, handed to
 *     each parser directly: every word through
 *     parse.c (address:port printed and parsed back must be the same),
 *     the words as a service key, service and server arguments and
 *     options (svcopt.c; what parses is printed and parsed back), config
 *     and timeout settings (settings.c), a conn filter (connfmt.c) and a
 *     restore-file line (conf.c).
 *
 * An input starting with '!' (the '!' removed) makes every ipc call fail.
 * Nothing is printed but a report: stdout goes to /dev/null; the few
 * messages lbadm writes to stderr itself are silenced by
 * -close_fd_mask=2 in "make fuzz" (sanitizer reports still show).
 *
 * Not linked: ipc.c and lbadm.c (netlink, setns: stub_ipc.c instead),
 * restore.c (reads a file or stdin: its parser, conf.c, is driven here
 * directly) and monitor.c (waits for events, parses nothing).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf.h"
#include "connfmt.h"
#include "lbadm.h"
#include "options.h"
#include "parse.h"
#include "settings.h"
#include "stub_ipc.h"
#include "svcopt.h"

#define MAX_INPUT 4096
#define MAX_WORDS 64

int LLVMFuzzerInitialize(int *argc, char ***argv);
const char *__ubsan_default_options(void);

/* A recoverable UBSan check stops the run too, unless ubsan.supp says. */
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1:suppressions=" UBSAN_SUPP;
}
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!freopen("/dev/null", "w", stdout))
		abort();
	return 0;
}

static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f' || c == '\0';
}

/* Split @buf (@n bytes, NUL after them) into words in place. */
static int split(char *buf, size_t n, char **argv, int max)
{
	size_t i = 0;
	int argc = 0;

	while (i < n && argc < max) {
		while (i < n && is_blank((unsigned char)buf[i]))
			i++;
		if (i == n)
			break;
		argv[argc++] = &buf[i];
		while (i < n && !is_blank((unsigned char)buf[i]))
			i++;
		buf[i++] = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

/* A printf into a string *@s (freed by the caller), for the round trips. */
static FILE *render_begin(char **s, size_t *len)
{
	FILE *f;

	*s = NULL;
	f = open_memstream(s, len);
	if (!f)
		abort();
	return f;
}

static char *render_end(FILE *f, char **s)
{
	if (fclose(f) || !*s)
		abort();
	return *s;
}

/* parse.c, word by word. */
static void words(int argc, char **argv)
{
	char buf[INET6_ADDRSTRLEN + 8];
	struct lbadm_addr a, b;
	uint16_t port, port2;
	uint32_t v;
	uint8_t proto, plen;
	int i;

	for (i = 0; i < argc; i++) {
		const char *w = argv[i];

		if (!parse_u32(w, 0, UINT32_MAX, &v)) {
			if (strspn(w, "0123456789") != strlen(w) ||
			    strtoull(w, NULL, 10) != v)
				stub_die("parse_u32(\"%s\") = %u", w, v);
		}
		if (!parse_u32(w, 5, 10, &v) && (v < 5 || v > 10))
			stub_die("parse_u32(\"%s\", 5, 10) = %u", w, v);
		if (!parse_proto(w, &proto) &&
		    proto != IPPROTO_TCP && proto != IPPROTO_UDP)
			stub_die("parse_proto(\"%s\") = %u", w, proto);
		if (!parse_prefix_len(w, AF_INET, &plen) && plen > 32)
			stub_die("parse_prefix_len(\"%s\", inet) = %u", w, plen);
		if (!parse_prefix_len(w, AF_INET6, &plen) && plen > 128)
			stub_die("parse_prefix_len(\"%s\", inet6) = %u", w, plen);
		if (!parse_addr(w, &a) && a.family != AF_INET && a.family != AF_INET6)
			stub_die("parse_addr(\"%s\"): family %d", w, a.family);
		if (parse_addr_port(w, &a, &port))
			continue;
		if (format_addr_port(&a, port, buf, sizeof(buf)))
			stub_die("parse_addr_port(\"%s\") does not print", w);
		if (parse_addr_port(buf, &b, &port2) || port != port2 ||
		    lbadm_addr_cmp(&a, &b))
			stub_die("parse_addr_port(\"%s\") prints \"%s\", which reads otherwise",
				 w, buf);
	}
}

/* A tunnels' source save prints: given, and not all-zero (the default). */
static uint32_t tun_src_set(const struct lbdr_svc *s)
{
	uint32_t set = 0;

	if ((s->mask & LBDR_SVC_TUN_SRC4) && s->tun_src4.s_addr)
		set |= LBDR_SVC_TUN_SRC4;
	if ((s->mask & LBDR_SVC_TUN_SRC6) && !IN6_IS_ADDR_UNSPECIFIED(&s->tun_src6))
		set |= LBDR_SVC_TUN_SRC6;
	return set;
}

static bool svc_same(const struct lbdr_svc *a, const struct lbdr_svc *b)
{
	const uint32_t tun = LBDR_SVC_TUN_SRC4 | LBDR_SVC_TUN_SRC6;

	if (!lbadm_svc_key_equal(a, b) || (a->mask & ~tun) != (b->mask & ~tun) ||
	    tun_src_set(a) != tun_src_set(b))
		return false;
	if ((tun_src_set(a) & LBDR_SVC_TUN_SRC4) &&
	    a->tun_src4.s_addr != b->tun_src4.s_addr)
		return false;
	if ((tun_src_set(a) & LBDR_SVC_TUN_SRC6) &&
	    memcmp(&a->tun_src6, &b->tun_src6, sizeof(a->tun_src6)))
		return false;
#define SAME(bit, field) if ((a->mask & (bit)) && a->field != b->field) return false
	SAME(LBDR_SVC_SCHED, sched);
	SAME(LBDR_SVC_TABLE, table_size);
	SAME(LBDR_SVC_HASH, hash);
	SAME(LBDR_SVC_PERSIST, persist);
	SAME(LBDR_SVC_PERSIST_MASK, persist_mask);
	SAME(LBDR_SVC_SLOPPY, sloppy);
	SAME(LBDR_SVC_ON_REMOVE, on_remove);
	return true;
}

static bool srv_same(const struct lbdr_srv *a, const struct lbdr_srv *b)
{
	if (lbadm_addr_cmp(&a->addr, &b->addr) || a->mask != b->mask)
		return false;
	SAME(LBDR_SRV_WEIGHT, weight);
	SAME(LBDR_SRV_METHOD, method);
	SAME(LBDR_SRV_TUN_PORT, tun_port);
	SAME(LBDR_SRV_TUN_CSUM, tun_csum);
	SAME(LBDR_SRV_UTHRESHOLD, uthreshold);
	SAME(LBDR_SRV_LTHRESHOLD, lthreshold);
#undef SAME
	return true;
}

/* "add KEY OPTIONS" as save prints them must read back the same. */
static void svc_roundtrip(const struct lbdr_svc *svc)
{
	char *argv[MAX_WORDS + 1], err[256], *s;
	struct lbdr_svc back;
	enum lbdr_write how;
	size_t len;
	FILE *f;
	int argc;

	f = render_begin(&s, &len);
	fputs("add ", f);
	lbadm_svc_key_print(f, svc);
	lbadm_svc_opts_save(f, svc);
	render_end(f, &s);
	argc = split(s, strlen(s), argv, MAX_WORDS);
	if (lbadm_service_args_parse(argc, argv, &how, &back, err, sizeof(err)))
		stub_die("service printed as \"%s\" does not parse: %s", s, err);
	if (!svc_same(svc, &back))
		stub_die("service printed as \"%s\" reads otherwise", s);
	free(s);
}

static void srv_roundtrip(const struct lbdr_svc *svc, const struct lbdr_srv *srv)
{
	char *argv[MAX_WORDS + 1], err[256], addr[INET6_ADDRSTRLEN], *s;
	struct lbdr_svc bsvc;
	struct lbdr_srv back;
	enum lbdr_write how;
	size_t len;
	FILE *f;
	int argc;

	if (!inet_ntop(srv->addr.family, &srv->addr.v6, addr, sizeof(addr)))
		stub_die("real server address does not print");
	/*
	 * change: it takes port and csum without a method, as the parsed
	 * command may have (a change); add and replace do not.
	 */
	f = render_begin(&s, &len);
	fputs("change ", f);
	lbadm_svc_key_print(f, svc);
	fprintf(f, " %s", addr);
	lbadm_srv_opts_save(f, srv);
	render_end(f, &s);
	argc = split(s, strlen(s), argv, MAX_WORDS);
	if (lbadm_server_args_parse(argc, argv, &how, &bsvc, &back, err, sizeof(err)))
		stub_die("server printed as \"%s\" does not parse: %s", s, err);
	if (!lbadm_svc_key_equal(svc, &bsvc) || !srv_same(srv, &back))
		stub_die("server printed as \"%s\" reads otherwise", s);
	free(s);
}

/* The parsers of svcopt.c, settings.c, connfmt.c, conf.c on the words. */
static void parsers(int argc, char **argv)
{
	struct lbdr_conn_filter flt;
	struct lbdr_config cfg;
	struct lbadm_conf c;
	struct lbdr_svc svc;
	struct lbdr_srv srv;
	enum lbdr_write how;
	char err[256];
	int i = 0;

	if (!lbadm_svc_key_parse(argc, argv, &i, &svc, err, sizeof(err))) {
		if (i < 1 || i > argc)
			stub_die("service key parse ends at %d of %d words", i, argc);
		stub_check_svc(&svc, true);
		svc_roundtrip(&svc);
		/* The options after the key, as service add takes them. */
		if (!lbadm_svc_opts_parse(argc - i, argv + i, &svc, err, sizeof(err))) {
			stub_check_svc(&svc, false);
			svc_roundtrip(&svc);
		}
	}
	/* The words as the options of an IPv6 service (mask up to 128). */
	memset(&svc, 0, sizeof(svc));
	svc.family = svc.addr.family = AF_INET6;
	svc.proto = IPPROTO_UDP;
	svc.port = 53;
	svc.addr.v6.s6_addr[15] = 1;
	if (!lbadm_svc_opts_parse(argc, argv, &svc, err, sizeof(err)))
		svc_roundtrip(&svc);
	memset(&srv, 0, sizeof(srv));
	lbadm_srv_opts_parse(argc, argv, &srv, err, sizeof(err));

	if (!lbadm_service_args_parse(argc, argv, &how, &svc, err, sizeof(err))) {
		stub_check_svc(&svc, how == LBDR_WRITE_DEL);
		svc_roundtrip(&svc);
	}
	if (!lbadm_server_args_parse(argc, argv, &how, &svc, &srv, err, sizeof(err))) {
		stub_check_svc(&svc, true);
		stub_check_srv(&svc, &srv, how == LBDR_WRITE_DEL);
		srv_roundtrip(&svc, &srv);
	}

	if (!lbadm_params_parse(argc, argv, lbadm_config_params,
				lbadm_config_nparams, &cfg, err, sizeof(err)) &&
	    (!cfg.mask || (cfg.mask & ~(1U << LBDR_CONFIG_A_CONN_MAX |
					1U << LBDR_CONFIG_A_TUN_SRC4 |
					1U << LBDR_CONFIG_A_TUN_SRC6))))
		stub_die("config set mask 0x%x", cfg.mask);
	if (!lbadm_params_parse(argc, argv, lbadm_timeout_params,
				lbadm_timeout_nparams, &cfg, err, sizeof(err)) &&
	    (!cfg.mask || (cfg.mask & ~0x7cU)))
		stub_die("timeout set mask 0x%x", cfg.mask);

	if (!lbadm_conn_filter_parse(argc, argv, &flt, err, sizeof(err)))
		(void)lbadm_conn_filter_any(&flt);

	lbadm_conf_init(&c);
	if (!lbadm_conf_parse_words(&c, 1, argc, argv, err, sizeof(err)))
		lbadm_conf_check(&c, err, sizeof(err));
	lbadm_conf_free(&c);
}

static void diff_count(char sign, const char *line, void *data)
{
	(void)sign;
	(void)line;
	++*(size_t *)data;
}

static char *conf_render(const struct lbadm_conf *c)
{
	size_t len;
	char *s;
	FILE *f = render_begin(&s, &len);

	lbadm_conf_save(f, c);
	return render_end(f, &s);
}

/*
 * A parsed restore file: what restore sends (stub checks), what
 * --dry-run does, and save | restore | save stable.
 */
static void conf_roundtrip(struct lbadm_conf *c)
{
	struct lbadm_conf running, back, empty;
	char err[512], *s1, *s2, *js;
	size_t i, n, lines, len, dummy = 0;
	unsigned int k;
	long failed;
	struct lbdr_op *ops;
	struct json j;
	FILE *f;

	/* restore: each settings line, then each service and its servers. */
	n = c->nsetlines;
	for (i = 0; i < c->nsvcs; i++)
		n += 1 + c->svcs[i].nservers;
	ops = calloc(n ? n : 1, sizeof(*ops));
	if (!ops)
		abort();
	n = 0;
	for (i = 0; i < c->nsetlines; i++)
		ops[n++] = (struct lbdr_op){ LBDR_OP_CONFIG, &c->setlines[i].cfg, NULL, NULL };
	for (i = 0; i < c->nsvcs; i++) {
		ops[n++] = (struct lbdr_op){ LBDR_OP_SERVICE, NULL, &c->svcs[i], NULL };
		for (k = 0; k < c->svcs[i].nservers; k++)
			ops[n++] = (struct lbdr_op){ LBDR_OP_SERVER, NULL, &c->svcs[i],
						     &c->svcs[i].servers[k] };
	}
	lbdr_ipc_restore(ops, n, &failed);
	free(ops);

	/* --dry-run */
	lbadm_conf_init(&running);
	if (lbadm_conf_running(&running)) {
		lbadm_conf_free(&running);
		return;
	}
	lbadm_conf_complete(c, &running.settings);
	lbadm_conf_sort(c);
	lbadm_conf_diff(&running, c, diff_count, &dummy);

	s1 = conf_render(c);
	f = fmemopen(s1, strlen(s1) + 1, "r");
	if (!f)
		abort();
	lbadm_conf_init(&back);
	if (lbadm_conf_parse(f, &back, err, sizeof(err)))
		stub_die("the save output does not restore: %s\n%s", err, s1);
	fclose(f);
	lbadm_conf_complete(&back, &running.settings);
	lbadm_conf_sort(&back);
	s2 = conf_render(&back);
	if (strcmp(s1, s2))
		stub_die("save | restore | save changes:\n%s---\n%s", s1, s2);
	n = 0;
	lbadm_conf_diff(c, &back, diff_count, &n);
	if (n)
		stub_die("%zu lines differ between a file and its save:\n%s", n, s1);
	lbadm_conf_init(&empty);
	n = 0;
	lbadm_conf_diff(&empty, c, diff_count, &n);
	for (lines = 0, js = s1; *js; js++)
		lines += *js == '\n';
	if (n != lines)
		stub_die("the difference with nothing has %zu lines, the save %zu:\n%s",
			 n, lines, s1);
	for (i = 0; i < c->nsvcs; i++)
		if (lbadm_conf_find(c, &c->svcs[i]) != (long)i)
			stub_die("service %zu of %zu not found by its key", i, c->nsvcs);

	f = render_begin(&js, &len);
	json_init(&j, f, true);
	lbadm_conf_json(&j, c);
	json_finish(&j);
	free(render_end(f, &js));

	free(s1);
	free(s2);
	lbadm_conf_free(&back);
	lbadm_conf_free(&running);
	lbadm_conf_free(&empty);
}

static void restore_file(const char *data, size_t size)
{
	struct lbadm_conf c;
	char err[512];
	FILE *f;

	if (!size)
		return;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		abort();
	lbadm_conf_init(&c);
	if (!lbadm_conf_parse(f, &c, err, sizeof(err)))
		conf_roundtrip(&c);
	else if (strncmp(err, "line ", 5))
		stub_die("restore error without a line number: %s", err);
	fclose(f);
	lbadm_conf_free(&c);
}

static const struct lbadm_cmd cmds[] = {
	{ "version", cmd_version, NULL },
	{ "info", cmd_info, NULL },
	{ "config", cmd_config, NULL },
	{ "timeout", cmd_timeout, NULL },
	{ "service", cmd_service, NULL },
	{ "server", cmd_server, NULL },
	{ "flush", cmd_flush, NULL },
	{ "stats", cmd_stats, NULL },
	{ "conn", cmd_conn, NULL },
	{ "save", cmd_save, NULL },
};

/* "lbadm WORD...", as main() runs it (no netns is entered). */
static void dispatch(int argc, char **words_)
{
	char *argv[MAX_WORDS + 2];
	struct sigaction saved_int;
	const char *err = NULL;
	size_t i;
	int first, ret;

	argv[0] = (char *)"lbadm";
	memcpy(argv + 1, words_, (size_t)argc * sizeof(*argv));
	argc++;
	argv[argc] = NULL;
	memset(&lbadm_opts, 0, sizeof(lbadm_opts));
	first = lbadm_options_parse(argc, argv, &lbadm_opts, &err);
	if (first < 0) {
		if (!err)
			stub_die("options refused without a message");
		return;
	}
	if (first < 1 || first > argc)
		stub_die("options end at %d of %d words", first, argc);
	if (lbadm_opts.netns && !lbadm_opts.netns[0])
		stub_die("empty netns name accepted");
	if (lbadm_opts.help || first >= argc)
		return;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[first], cmds[i].name))
			continue;
		sigaction(SIGINT, NULL, &saved_int);
		sigaction(SIGTERM, NULL, &stub_saved_term);
		ret = cmds[i].fn(argc - first - 1, argv + first + 1);
		sigaction(SIGINT, &saved_int, NULL);
		sigaction(SIGTERM, &stub_saved_term, NULL);
		fflush(stdout);
		if (ret < LBADM_EXIT_OK || ret > LBADM_EXIT_NOMODULE)
			stub_die("%s exits %d", cmds[i].name, ret);
		if (!stub_ipc_fail && ret == LBADM_EXIT_NOMODULE)
			stub_die("%s: no module, with a module", cmds[i].name);
		return;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *argv[MAX_WORDS + 1], *copy[MAX_WORDS + 1];
	int argc, k;

	if (size > MAX_INPUT)
		return -1;	/* not added to the corpus */
	stub_ipc_fail = size > 0 && data[0] == '!';
	if (stub_ipc_fail) {
		data++;
		size--;
	}
	/* Exactly @size bytes: ASan sees a read past them. */
	buf = malloc(size + 1);
	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	restore_file(buf, size);

	argc = split(buf, size, argv, MAX_WORDS);
	words(argc, argv);
	/* From the first word, and past "service", "lbadm service", ... */
	for (k = 0; k <= 2 && k <= argc; k++) {
		memcpy(copy, argv, sizeof(argv));
		parsers(argc - k, copy + k);
	}
	memcpy(copy, argv, sizeof(argv));
	dispatch(argc, copy);
	free(buf);
	return 0;
}
