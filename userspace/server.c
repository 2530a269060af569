// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm server { add | replace | change | del } SERVICE RIP [weight N]
 *	[method dr|ipip|gue] [port P] [csum on|off] [uthreshold N]
 *	[lthreshold N]
 *
 * RIP is of the service's family, or of the other one with a tunnel.
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

static void show_servers(const struct lbdr_svc *svc, struct json *j)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned int s;

	for (s = 0; s < svc->nservers; s++) {
		const struct lbdr_srv *srv = &svc->servers[s];

		format_addr(&srv->addr, buf, sizeof(buf));
		if (j) {
			json_open_object(j, NULL);
			json_open_object(j, "service");
			lbadm_svc_key_json(j, svc);
			json_close_object(j);
			lbadm_srv_addr_json(j, srv);
			lbadm_srv_opts_json(j, srv);
			json_close_object(j);
			continue;
		}
		lbadm_svc_key_print(stdout, svc);
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
	enum lbdr_write how;
	struct lbdr_svc svc;
	struct lbdr_srv srv;
	char err[256];

	if (argc == 0 || !strcmp(argv[0], "show"))
		return lbadm_show(argc ? argc - 1 : 0, argv + 1, show_servers);
	if (lbadm_server_args_parse(argc, argv, &how, &svc, &srv, err, sizeof(err)))
		return lbadm_usage_error("%s", err);
	return lbdr_ipc_server(how, &svc, &srv) ? lbadm_ipc_failure() : LBADM_EXIT_OK;
}
