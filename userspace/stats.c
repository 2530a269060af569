// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm stats: the counters of the network namespace, all services
 * together: connections scheduled, packets and bytes forwarded, entries
 * in the connection table now, and packets dropped, by reason.
 *
 *	lbadm stats [show]
 *
 * What is printed, in text and JSON, follows from field_names and
 * drop_names.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ipc.h"
#include "json.h"
#include "lbadm.h"

/* By enum lbdr_drop_reason; the text and JSON names alike. */
static const char *const drop_names[LBDR_DROP_MAX + 1] = {
	[LBDR_DROP_NO_SERVER] = "no_server",
	[LBDR_DROP_NO_ROUTE] = "no_route",
	[LBDR_DROP_MTU] = "mtu",
	[LBDR_DROP_TABLE_FULL] = "table_full",
	[LBDR_DROP_MALFORMED] = "malformed",
	[LBDR_DROP_NO_CONN] = "no_conn",
	[LBDR_DROP_SERVER_GONE] = "server_gone",
};

/* The counters, the text and JSON names alike; see field_values(). */
static const char *const field_names[] = {
	"conns", "packets", "bytes", "conn_count",
};

#define N_FIELDS (sizeof(field_names) / sizeof(field_names[0]))

static void field_values(const struct lbdr_stats *st, uint64_t v[N_FIELDS])
{
	v[0] = st->conns;
	v[1] = st->packets;
	v[2] = st->bytes;
	v[3] = st->conn_count;
}

/*
 * conns N packets N bytes N conn_count N
 * drops no_server N no_route N ...
 */
static void stats_text(const struct lbdr_stats *st)
{
	uint64_t v[N_FIELDS];
	size_t i;

	field_values(st, v);
	for (i = 0; i < N_FIELDS; i++)
		printf("%s%s %" PRIu64, i ? " " : "", field_names[i], v[i]);
	fputs("\ndrops", stdout);
	for (i = 1; i <= LBDR_DROP_MAX; i++)
		printf(" %s %" PRIu64, drop_names[i], st->drop[i]);
	putchar('\n');
}

static void stats_json(const struct lbdr_stats *st)
{
	uint64_t v[N_FIELDS];
	struct json j;
	size_t i;

	field_values(st, v);
	json_init(&j, stdout, lbadm_opts.pretty);
	json_open_object(&j, NULL);
	for (i = 0; i < N_FIELDS; i++)
		json_u64(&j, field_names[i], v[i]);
	json_open_object(&j, "drops");
	for (i = 1; i <= LBDR_DROP_MAX; i++)
		json_u64(&j, drop_names[i], st->drop[i]);
	json_close_object(&j);
	json_close_object(&j);
	json_finish(&j);
}

int cmd_stats(int argc, char **argv)
{
	struct lbdr_stats st;

	/* "show", the default, leaves room for other actions. */
	if (argc > 0 && strcmp(argv[0], "show"))
		return lbadm_usage_error("stats: unknown action \"%s\"", argv[0]);
	if (argc > 1)
		return lbadm_usage_error("stats show takes no arguments");
	if (lbdr_ipc_stats(&st))
		return lbadm_ipc_failure();
	if (lbadm_opts.json)
		stats_json(&st);
	else
		stats_text(&st);
	return LBADM_EXIT_OK;
}
