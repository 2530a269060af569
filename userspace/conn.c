// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm conn [show] [FILTER]: the connection table, filtered in the kernel
 * lbadm conn del FILTER: remove the entries it selects (at least one)
 * lbadm conn flush [FILTER]: the same, none being fine, everything by
 *	default
 *
 * FILTER := [PROTO [VIP[:PORT]]] [server RIP] [client ADDR] (connfmt.c).
 * A removed entry's flow is scheduled again from its next packet.
 */
#include <stdio.h>
#include <string.h>

#include "connfmt.h"
#include "ipc.h"
#include "lbadm.h"
#include "parse.h"

static const char *const conn_words[] = { "show", "del", "flush", NULL };

static int show_one(const struct lbdr_conn_entry *c, void *data)
{
	struct json *j = data;

	if (j)
		lbadm_conn_json(j, c);
	else
		lbadm_conn_print(stdout, c);
	return 0;
}

static int conn_show(const struct lbdr_conn_filter *flt)
{
	struct json j;
	int ret;

	if (lbadm_opts.json) {
		json_init(&j, stdout, lbadm_opts.pretty);
		json_open_array(&j, NULL);
	}
	ret = lbdr_ipc_conn_dump(flt, show_one, lbadm_opts.json ? &j : NULL);
	if (lbadm_opts.json) {
		json_close_array(&j);
		json_finish(&j);
	}
	return ret ? lbadm_ipc_failure() : LBADM_EXIT_OK;
}

static int conn_del(const struct lbdr_conn_filter *flt, bool flush)
{
	uint32_t n;
	struct json j;

	if (lbdr_ipc_conn_del(flt, &n))
		return lbadm_ipc_failure();
	if (!n && !flush) {
		fprintf(stderr, "lbadm: no matching connection\n");
		return LBADM_EXIT_REFUSED;
	}
	if (lbadm_opts.json) {
		json_init(&j, stdout, lbadm_opts.pretty);
		json_open_object(&j, NULL);
		json_u64(&j, "removed", n);
		json_close_object(&j);
		json_finish(&j);
	} else {
		printf("removed %u\n", n);
	}
	return LBADM_EXIT_OK;
}

int cmd_conn(int argc, char **argv)
{
	struct lbdr_conn_filter flt;
	int action = 0, first = 0;
	char err[256];

	if (argc > 0) {
		action = parse_keyword(argv[0], conn_words);
		if (action < 0)
			action = 0;	/* show, the default: a filter follows */
		else
			first = 1;
	}
	if (lbadm_conn_filter_parse(argc - first, argv + first, &flt, err, sizeof(err)))
		return lbadm_usage_error("%s", err);
	switch (action) {
	case 1:
		if (!lbadm_conn_filter_any(&flt))
			return lbadm_usage_error("conn del needs a filter; conn flush removes every entry");
		return conn_del(&flt, false);
	case 2:
		return conn_del(&flt, true);
	default:
		return conn_show(&flt);
	}
}
