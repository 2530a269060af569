// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm stats output. The text and JSON use the same names, given here
 * once: the namespace's counters, the drop reasons, and the counters of
 * a service or a real server.
 */
#include <arpa/inet.h>
#include <inttypes.h>

#include "statsfmt.h"
#include "svcopt.h"

const char *const lbadm_drop_names[LBDR_DROP_MAX + 1] = {
	[LBDR_DROP_NO_SERVER] = "no_server",
	[LBDR_DROP_NO_ROUTE] = "no_route",
	[LBDR_DROP_MTU] = "mtu",
	[LBDR_DROP_TABLE_FULL] = "table_full",
	[LBDR_DROP_MALFORMED] = "malformed",
	[LBDR_DROP_NO_CONN] = "no_conn",
	[LBDR_DROP_SERVER_GONE] = "server_gone",
	[LBDR_DROP_NOMEM] = "nomem",
};

/* A name and a value, for one kind of object. */
struct field {
	const char *name;
	uint64_t val;
};

#define NS_FIELDS 7
#define OBJ_FIELDS 8

static void ns_fields(const struct lbdr_stats *st, struct field f[NS_FIELDS])
{
	f[0] = (struct field){ "conns", st->conns };
	f[1] = (struct field){ "packets", st->packets };
	f[2] = (struct field){ "bytes", st->bytes };
	f[3] = (struct field){ "conn_count", st->conn_count };
	f[4] = (struct field){ "cps", st->cps };
	f[5] = (struct field){ "pps", st->pps };
	f[6] = (struct field){ "bps", st->bps };
}

/* A service's or server's; @active and @inactive given apart. */
static void obj_fields(const struct lbdr_stats *st, uint64_t active,
		       uint64_t inactive, struct field f[OBJ_FIELDS])
{
	f[0] = (struct field){ "conns", st->conns };
	f[1] = (struct field){ "packets", st->packets };
	f[2] = (struct field){ "bytes", st->bytes };
	f[3] = (struct field){ "active", active };
	f[4] = (struct field){ "inactive", inactive };
	f[5] = (struct field){ "cps", st->cps };
	f[6] = (struct field){ "pps", st->pps };
	f[7] = (struct field){ "bps", st->bps };
}

/* The service's active and inactive: its servers'. */
static void svc_fields(const struct lbdr_svc *svc, struct field f[OBJ_FIELDS])
{
	uint64_t active = 0, inactive = 0;
	unsigned int k;

	for (k = 0; k < svc->nservers; k++) {
		active += svc->servers[k].stats.active;
		inactive += svc->servers[k].stats.inactive;
	}
	obj_fields(&svc->stats, active, inactive, f);
}

static void text_fields(FILE *f, const struct field *fl, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, " %s %" PRIu64, fl[i].name, fl[i].val);
}

void lbadm_stats_text(FILE *f, const char *time, const struct lbdr_stats *ns,
		      const struct lbdr_svc *svcs, size_t n)
{
	struct field fl[OBJ_FIELDS];
	char buf[INET6_ADDRSTRLEN];
	unsigned int k;
	size_t i;

	if (time)
		fprintf(f, "time %s\n", time);
	ns_fields(ns, fl);
	for (i = 0; i < NS_FIELDS; i++)
		fprintf(f, "%s%s %" PRIu64, i ? " " : "", fl[i].name, fl[i].val);
	fputs("\ndrops", f);
	for (i = 1; i <= LBDR_DROP_MAX; i++)
		fprintf(f, " %s %" PRIu64, lbadm_drop_names[i], ns->drop[i]);
	fputc('\n', f);
	for (i = 0; i < n; i++) {
		const struct lbdr_svc *svc = &svcs[i];

		lbadm_svc_key_print(f, svc);
		svc_fields(svc, fl);
		text_fields(f, fl, OBJ_FIELDS);
		fputc('\n', f);
		for (k = 0; k < svc->nservers; k++) {
			const struct lbdr_srv *srv = &svc->servers[k];

			fprintf(f, "  server %s",
				format_addr(&srv->addr, buf, sizeof(buf)));
			obj_fields(&srv->stats, srv->stats.active,
				   srv->stats.inactive, fl);
			text_fields(f, fl, OBJ_FIELDS);
			fputc('\n', f);
		}
	}
}

static void json_fields(struct json *j, const struct field *fl, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		json_u64(j, fl[i].name, fl[i].val);
}

void lbadm_stats_json(struct json *j, const char *time,
		      const struct lbdr_stats *ns,
		      const struct lbdr_svc *svcs, size_t n)
{
	struct field fl[OBJ_FIELDS];
	char buf[INET6_ADDRSTRLEN];
	unsigned int k;
	size_t i;

	json_open_object(j, NULL);
	if (time)
		json_string(j, "time", time);
	ns_fields(ns, fl);
	json_fields(j, fl, NS_FIELDS);
	json_open_object(j, "drops");
	for (i = 1; i <= LBDR_DROP_MAX; i++)
		json_u64(j, lbadm_drop_names[i], ns->drop[i]);
	json_close_object(j);
	json_open_array(j, "services");
	for (i = 0; i < n; i++) {
		const struct lbdr_svc *svc = &svcs[i];

		json_open_object(j, NULL);
		lbadm_svc_key_json(j, svc);
		svc_fields(svc, fl);
		json_fields(j, fl, OBJ_FIELDS);
		json_open_array(j, "servers");
		for (k = 0; k < svc->nservers; k++) {
			const struct lbdr_srv *srv = &svc->servers[k];

			json_open_object(j, NULL);
			json_string(j, "address",
				    format_addr(&srv->addr, buf, sizeof(buf)));
			obj_fields(&srv->stats, srv->stats.active,
				   srv->stats.inactive, fl);
			json_fields(j, fl, OBJ_FIELDS);
			json_close_object(j);
		}
		json_close_array(j);
		json_close_object(j);
	}
	json_close_array(j);
	json_close_object(j);
}
