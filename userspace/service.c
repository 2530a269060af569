// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm service { add | replace | change | del } SERVICE [OPTIONS]
 * lbadm service show [SERVICE]
 *
 * SERVICE is "PROTO VIP:PORT" or "fwmark MARK [family inet|inet6]";
 * OPTIONS (svcopt.c) are sched maglev|wrr|wlc|sh, table SIZE,
 * hash 5tuple|saddr, persist SECS [mask PREFIXLEN], sloppy on|off,
 * on-remove reschedule|drop and tun-src ADDR (once per family).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "lbadm.h"
#include "parse.h"
#include "service.h"

int lbadm_parse_svc_key(int argc, char **argv, int *i, struct lbdr_svc *svc)
{
	char err[256];

	if (lbadm_svc_key_parse(argc, argv, i, svc, err, sizeof(err)))
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
		lbadm_svc_key_json(j, svc);
		lbadm_svc_opts_json(j, svc);
		json_open_array(j, "servers");
		for (s = 0; s < svc->nservers; s++) {
			json_open_object(j, NULL);
			lbadm_srv_addr_json(j, &svc->servers[s]);
			lbadm_srv_opts_json(j, &svc->servers[s]);
			json_close_object(j);
		}
		json_close_array(j);
		json_close_object(j);
		return;
	}
	lbadm_svc_key_print(stdout, svc);
	lbadm_svc_opts_print(stdout, svc);
	putchar('\n');
	/* A module without counters sends no nest: no line then. */
	if (lbadm_opts.stats && (svc->mask & LBDR_SVC_STATS)) {
		fputs("  stats ", stdout);
		lbadm_stats_print(stdout, &svc->stats, false);
		putchar('\n');
	}
	for (s = 0; s < svc->nservers; s++) {
		printf("  server %s",
		       format_addr(&svc->servers[s].addr, buf, sizeof(buf)));
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
	enum lbdr_write how;
	struct lbdr_svc svc;
	char err[256];

	if (argc == 0 || !strcmp(argv[0], "show"))
		return lbadm_show(argc ? argc - 1 : 0, argv + 1, show_one);
	if (lbadm_service_args_parse(argc, argv, &how, &svc, err, sizeof(err)))
		return lbadm_usage_error("%s", err);
	return lbdr_ipc_service(how, &svc) ? lbadm_ipc_failure() : LBADM_EXIT_OK;
}
