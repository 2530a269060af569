// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm server { add | replace | change | del } SERVICE RIP [weight N]
 *	[method dr]
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
static const char *const method_names[] = { "dr", NULL };

static int parse_server(int argc, char **argv, int i, const struct lbdr_svc *svc,
			struct lbdr_srv *srv, bool del)
{
	int k;

	memset(srv, 0, sizeof(*srv));
	if (i >= argc)
		return lbadm_usage_error("missing the real server address");
	if (parse_addr(argv[i], &srv->addr))
		return lbadm_usage_error("\"%s\" is not an IP address", argv[i]);
	if (srv->addr.family != svc->family)
		return lbadm_usage_error("direct routing needs the real server in the service's family");
	if (del && i + 1 < argc)
		return lbadm_usage_error("server del takes no options");
	for (i++; i < argc; i += 2) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			return lbadm_usage_error("\"%s\" needs a value", opt);
		if (!strcmp(opt, "weight")) {
			if (parse_u32(val, 0, UINT32_MAX, &srv->weight))
				return lbadm_usage_error("weight needs a number, 0..65535");
			srv->mask |= LBDR_SRV_WEIGHT;
		} else if (!strcmp(opt, "method")) {
			k = parse_keyword(val, method_names);
			if (k < 0)
				return lbadm_usage_error("method is dr");
			srv->method = (uint8_t)k;
			srv->mask |= LBDR_SRV_METHOD;
		} else {
			return lbadm_usage_error("unknown server option \"%s\"", opt);
		}
	}
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
			json_u64(j, "weight", srv->weight);
			json_string(j, "method", lbadm_method_name(srv->method));
			json_close_object(j);
		} else {
			lbadm_print_svc_key(svc);
			printf(" %s weight %u method %s\n", buf, srv->weight,
			       lbadm_method_name(srv->method));
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
