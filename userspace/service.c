// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm service { add | replace | change | del } SERVICE [OPTIONS]
 * lbadm service show [SERVICE]
 *
 * SERVICE is "PROTO VIP:PORT" or "fwmark MARK [family inet|inet6]";
 * OPTIONS (svcopt.c) are sched maglev|wrr|wlc|sh, table SIZE,
 * hash 5tuple|saddr, persist SECS [mask PREFIXLEN], sloppy on|off and
 * on-remove reschedule|drop.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "lbadm.h"
#include "parse.h"
#include "service.h"

static const char *const write_words[] = { "add", "replace", "change", "del", NULL };
static const char *const family_names[] = { "inet", "inet6", NULL };

int lbadm_parse_svc_key(int argc, char **argv, int *i, struct lbdr_svc *svc)
{
	int k = *i, f;

	memset(svc, 0, sizeof(*svc));
	if (k < argc && !strcmp(argv[k], "fwmark")) {
		if (k + 1 >= argc || parse_u32(argv[k + 1], 1, UINT32_MAX, &svc->fwmark))
			return lbadm_usage_error("fwmark needs a mark, 1..4294967295");
		svc->family = AF_INET;
		k += 2;
		if (k < argc && !strcmp(argv[k], "family")) {
			f = k + 1 < argc ? parse_keyword(argv[k + 1], family_names) : -1;
			if (f < 0)
				return lbadm_usage_error("family is inet or inet6");
			svc->family = f ? AF_INET6 : AF_INET;
			k += 2;
		}
		*i = k;
		return LBADM_EXIT_OK;
	}
	if (k + 1 >= argc)
		return lbadm_usage_error("expected PROTO VIP:PORT or fwmark MARK");
	if (parse_proto(argv[k], &svc->proto))
		return lbadm_usage_error("\"%s\": protocol is tcp or udp", argv[k]);
	if (parse_addr_port(argv[k + 1], &svc->addr, &svc->port))
		return lbadm_usage_error("\"%s\": expected VIP:PORT, e.g. 192.0.2.1:80 or [2001:db8::1]:80",
					 argv[k + 1]);
	svc->family = svc->addr.family;
	*i = k + 2;
	return LBADM_EXIT_OK;
}

bool lbadm_svc_key_equal(const struct lbdr_svc *a, const struct lbdr_svc *b)
{
	size_t len = a->family == AF_INET6 ? 16 : 4;

	if (a->family != b->family || a->fwmark != b->fwmark)
		return false;
	return a->fwmark || (a->proto == b->proto && a->port == b->port &&
			     !memcmp(&a->addr.v6, &b->addr.v6, len));
}

void lbadm_print_svc_key(const struct lbdr_svc *svc)
{
	char buf[INET6_ADDRSTRLEN + 8];

	if (svc->fwmark) {
		printf("fwmark %u family %s", svc->fwmark,
		       svc->family == AF_INET6 ? "inet6" : "inet");
		return;
	}
	format_addr_port(&svc->addr, svc->port, buf, sizeof(buf));
	printf("%s %s", svc->proto == IPPROTO_UDP ? "udp" : "tcp", buf);
}

void lbadm_json_svc_key(struct json *j, const struct lbdr_svc *svc)
{
	char buf[INET6_ADDRSTRLEN];

	json_string(j, "family", svc->family == AF_INET6 ? "inet6" : "inet");
	if (svc->fwmark) {
		json_u64(j, "fwmark", svc->fwmark);
		return;
	}
	inet_ntop(svc->family, &svc->addr.v6, buf, sizeof(buf));
	json_string(j, "proto", svc->proto == IPPROTO_UDP ? "udp" : "tcp");
	json_string(j, "vip", buf);
	json_u64(j, "port", svc->port);
}

static int parse_options(int argc, char **argv, int i, struct lbdr_svc *svc)
{
	char err[128];

	if (lbadm_svc_opts_parse(argc - i, argv + i, svc, err, sizeof(err)))
		return lbadm_usage_error("%s", err);
	return LBADM_EXIT_OK;
}

struct show_ctx {
	void (*fn)(const struct lbdr_svc *svc, struct json *j);
	struct json *j;
	const struct lbdr_svc *filter;
	bool found;
};

static int show_filtered(const struct lbdr_svc *reply, void *data)
{
	struct show_ctx *ctx = data;
	struct lbdr_svc svc = *reply;

	if (ctx->filter && !lbadm_svc_key_equal(ctx->filter, &svc))
		return 0;
	ctx->found = true;
	lbadm_svc_fill_defaults(&svc);
	ctx->fn(&svc, ctx->j);
	return 0;
}

int lbadm_show(int argc, char **argv,
	       void (*fn)(const struct lbdr_svc *svc, struct json *j))
{
	struct show_ctx ctx = { .fn = fn };
	struct lbdr_svc filter;
	struct json j;
	int i = 0, ret;

	if (argc > 0) {
		ret = lbadm_parse_svc_key(argc, argv, &i, &filter);
		if (ret)
			return ret;
		if (i < argc)
			return lbadm_usage_error("unexpected \"%s\"", argv[i]);
		ctx.filter = &filter;
	}
	if (lbadm_opts.json) {
		json_init(&j, stdout, lbadm_opts.pretty);
		json_open_array(&j, NULL);
		ctx.j = &j;
	}
	if (lbdr_ipc_service_dump(show_filtered, &ctx))
		return lbadm_ipc_failure();
	if (ctx.j) {
		json_close_array(&j);
		json_finish(&j);
	}
	if (ctx.filter && !ctx.found) {
		fprintf(stderr, "lbadm: no such service\n");
		return LBADM_EXIT_REFUSED;
	}
	return LBADM_EXIT_OK;
}

static void show_one(const struct lbdr_svc *svc, struct json *j)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned int s;

	if (j) {
		json_open_object(j, NULL);
		lbadm_json_svc_key(j, svc);
		lbadm_svc_opts_json(j, svc);
		json_open_array(j, "servers");
		for (s = 0; s < svc->nservers; s++) {
			inet_ntop(svc->family, &svc->servers[s].addr.v6, buf, sizeof(buf));
			json_open_object(j, NULL);
			json_string(j, "address", buf);
			lbadm_srv_opts_json(j, &svc->servers[s]);
			json_close_object(j);
		}
		json_close_array(j);
		json_close_object(j);
		return;
	}
	lbadm_print_svc_key(svc);
	lbadm_svc_opts_print(stdout, svc);
	putchar('\n');
	/* A module without counters sends no nest: no line then. */
	if (lbadm_opts.stats && (svc->mask & LBDR_SVC_STATS)) {
		fputs("  stats ", stdout);
		lbadm_stats_print(stdout, &svc->stats, false);
		putchar('\n');
	}
	for (s = 0; s < svc->nservers; s++) {
		inet_ntop(svc->family, &svc->servers[s].addr.v6, buf, sizeof(buf));
		printf("  server %s", buf);
		lbadm_srv_opts_print(stdout, &svc->servers[s]);
		putchar('\n');
		if (lbadm_opts.stats && (svc->servers[s].mask & LBDR_SRV_STATS)) {
			fputs("    stats ", stdout);
			lbadm_stats_print(stdout, &svc->servers[s].stats, true);
			putchar('\n');
		}
	}
}

int cmd_service(int argc, char **argv)
{
	struct lbdr_svc svc;
	int how, i = 1, ret;

	if (argc == 0 || !strcmp(argv[0], "show"))
		return lbadm_show(argc ? argc - 1 : 0, argv + 1, show_one);
	how = parse_keyword(argv[0], write_words);
	if (how < 0)
		return lbadm_usage_error("service: unknown action \"%s\"", argv[0]);
	ret = lbadm_parse_svc_key(argc, argv, &i, &svc);
	if (ret)
		return ret;
	if (how == LBDR_WRITE_DEL && i < argc)
		return lbadm_usage_error("service del takes no options");
	ret = parse_options(argc, argv, i, &svc);
	if (ret)
		return ret;
	return lbdr_ipc_service((enum lbdr_write)how, &svc) ?
	       lbadm_ipc_failure() : LBADM_EXIT_OK;
}
