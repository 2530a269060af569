// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm server { add | replace | change | del } SERVICE RIP [weight N]
 *	[method dr] [uthreshold N] [lthreshold N]
 * lbadm server show [SERVICE]
 *
 * keepalived's notify scripts use "replace" (create or update) to set a
 * weight, 0 to drain.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "lbadm.h"
#include "parse.h"
#include "service.h"

static const char *const write_words[] = { "add", "replace", "change", "del", NULL };

static int parse_server(int argc, char **argv, int i, const struct lbdr_svc *svc,
			struct lbdr_srv *srv, bool del)
{
	char err[128];

	memset(srv, 0, sizeof(*srv));
	if (i >= argc)
		return lbadm_usage_error("missing the real server address");
	if (parse_addr(argv[i], &srv->addr))
		return lbadm_usage_error("\"%s\" is not an IP address", argv[i]);
	if (srv->addr.family != svc->family)
		return lbadm_usage_error("direct routing needs the real server in the service's family");
	if (del && i + 1 < argc)
		return lbadm_usage_error("server del takes no options");
	i++;
	if (lbadm_srv_opts_parse(argc - i, argv + i, srv, err, sizeof(err)))
		return lbadm_usage_error("%s", err);
	return LBADM_EXIT_OK;
}

static void show_servers(const struct lbdr_svc *svc, struct json *j)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned int s;

	for (s = 0; s < svc->nservers; s++) {
		const struct lbdr_srv *srv = &svc->servers[s];

		inet_ntop(svc->family, &srv->addr.v6, buf, sizeof(buf));
		if (j) {
			json_open_object(j, NULL);
			json_open_object(j, "service");
			lbadm_json_svc_key(j, svc);
			json_close_object(j);
			json_string(j, "address", buf);
			lbadm_srv_opts_json(j, srv);
			json_close_object(j);
			continue;
		}
		lbadm_print_svc_key(svc);
		printf(" %s", buf);
		lbadm_srv_opts_print(stdout, srv);
		putchar('\n');
		/* A module without counters sends no nest: no line then. */
		if (lbadm_opts.stats && (srv->mask & LBDR_SRV_STATS)) {
			fputs("  stats ", stdout);
			lbadm_stats_print(stdout, &srv->stats, true);
			putchar('\n');
		}
	}
}

int cmd_server(int argc, char **argv)
{
	struct lbdr_svc svc;
	struct lbdr_srv srv;
	int how, i = 1, ret;

	if (argc == 0 || !strcmp(argv[0], "show"))
		return lbadm_show(argc ? argc - 1 : 0, argv + 1, show_servers);
	how = parse_keyword(argv[0], write_words);
	if (how < 0)
		return lbadm_usage_error("server: unknown action \"%s\"", argv[0]);
	ret = lbadm_parse_svc_key(argc, argv, &i, &svc);
	if (ret)
		return ret;
	ret = parse_server(argc, argv, i, &svc, &srv, how == LBDR_WRITE_DEL);
	if (ret)
		return ret;
	return lbdr_ipc_server((enum lbdr_write)how, &svc, &srv) ?
	       lbadm_ipc_failure() : LBADM_EXIT_OK;
}
