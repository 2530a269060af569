// SPDX-License-Identifier: GPL-2.0
/*
 * Service and real server options: the words of the command line, what
 * lbadm checks itself (the kernel checks the rest and says why), the
 * defaults the kernel applies, and how show prints them.
 *
 * Service options:	sched maglev|wrr|wlc|sh, table SIZE,
 *			hash 5tuple|saddr, persist SECS, mask PREFIXLEN,
 *			sloppy on|off, on-remove reschedule|drop
 * Real server options:	weight N, method dr, uthreshold N, lthreshold N
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>

#include "parse.h"
#include "svcopt.h"

const char *const lbadm_sched_names[] = {
	[LBDR_SCHED_MAGLEV] = "maglev",
	[LBDR_SCHED_WRR] = "wrr",
	[LBDR_SCHED_WLC] = "wlc",
	[LBDR_SCHED_SH] = "sh",
	NULL
};

const char *const lbadm_hash_names[] = {
	[LBDR_HASH_5TUPLE] = "5tuple",
	[LBDR_HASH_SADDR] = "saddr",
	NULL
};

const char *const lbadm_method_names[] = {
	[LBDR_METHOD_DR] = "dr",
	NULL
};

const char *const lbadm_on_remove_names[] = {
	[LBDR_ON_REMOVE_RESCHEDULE] = "reschedule",
	[LBDR_ON_REMOVE_DROP] = "drop",
	NULL
};

static const char *const onoff_names[] = { "off", "on", NULL };

const char *lbadm_name(const char *const *names, unsigned int i)
{
	unsigned int k;

	for (k = 0; k <= i; k++)
		if (!names[k])
			return "unknown";
	return names[i];
}

const char *lbadm_method_name(uint8_t method)
{
	return lbadm_name(lbadm_method_names, method);
}

bool lbadm_sloppy_default(uint8_t sched)
{
	return sched == LBDR_SCHED_MAGLEV || sched == LBDR_SCHED_SH;
}

uint8_t lbadm_persist_mask_default(int family)
{
	return family == AF_INET6 ? 128 : 32;
}

static int opt_error(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int opt_error(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* A keyword of @names into *@out. */
static bool opt_keyword(const char *val, const char *const *names, uint8_t *out)
{
	int k = parse_keyword(val, names);

	if (k < 0)
		return false;
	*out = (uint8_t)k;
	return true;
}

int lbadm_svc_opts_parse(int argc, char **argv, struct lbdr_svc *svc,
			 char *err, size_t len)
{
	uint8_t maxlen = lbadm_persist_mask_default(svc->family);
	int i;

	for (i = 0; i < argc; i += 2) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			return opt_error(err, len, "\"%s\" needs a value", opt);
		if (!strcmp(opt, "sched")) {
			if (!opt_keyword(val, lbadm_sched_names, &svc->sched))
				return opt_error(err, len, "sched is maglev, wrr, wlc or sh");
			svc->mask |= LBDR_SVC_SCHED;
		} else if (!strcmp(opt, "table")) {
			/* The kernel checks the range and that it is a prime. */
			if (parse_u32(val, 0, UINT32_MAX, &svc->table_size))
				return opt_error(err, len, "table needs a number");
			svc->mask |= LBDR_SVC_TABLE;
		} else if (!strcmp(opt, "hash")) {
			if (!opt_keyword(val, lbadm_hash_names, &svc->hash))
				return opt_error(err, len, "hash is 5tuple or saddr");
			svc->mask |= LBDR_SVC_HASH;
		} else if (!strcmp(opt, "persist")) {
			if (parse_u32(val, 0, LBDR_TIMEOUT_MAX, &svc->persist))
				return opt_error(err, len, "persist needs seconds, 0..%u",
						 (unsigned int)LBDR_TIMEOUT_MAX);
			svc->mask |= LBDR_SVC_PERSIST;
		} else if (!strcmp(opt, "mask")) {
			if (parse_prefix_len(val, svc->family, &svc->persist_mask))
				return opt_error(err, len, "mask needs a prefix length, 0..%u",
						 (unsigned int)maxlen);
			svc->mask |= LBDR_SVC_PERSIST_MASK;
		} else if (!strcmp(opt, "sloppy")) {
			if (!opt_keyword(val, onoff_names, &svc->sloppy))
				return opt_error(err, len, "sloppy is on or off");
			svc->mask |= LBDR_SVC_SLOPPY;
		} else if (!strcmp(opt, "on-remove")) {
			if (!opt_keyword(val, lbadm_on_remove_names, &svc->on_remove))
				return opt_error(err, len, "on-remove is reschedule or drop");
			svc->mask |= LBDR_SVC_ON_REMOVE;
		} else {
			return opt_error(err, len, "unknown service option \"%s\"", opt);
		}
	}
	if ((svc->mask & LBDR_SVC_PERSIST_MASK) && !(svc->mask & LBDR_SVC_PERSIST))
		return opt_error(err, len, "mask needs persist SECS in the same command");
	return 0;
}

int lbadm_srv_opts_parse(int argc, char **argv, struct lbdr_srv *srv,
			 char *err, size_t len)
{
	int i;

	for (i = 0; i < argc; i += 2) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			return opt_error(err, len, "\"%s\" needs a value", opt);
		if (!strcmp(opt, "weight")) {
			/* The kernel checks the range, and names it. */
			if (parse_u32(val, 0, UINT32_MAX, &srv->weight))
				return opt_error(err, len, "weight needs a number, 0..65535");
			srv->mask |= LBDR_SRV_WEIGHT;
		} else if (!strcmp(opt, "method")) {
			if (!opt_keyword(val, lbadm_method_names, &srv->method))
				return opt_error(err, len, "method is dr");
			srv->mask |= LBDR_SRV_METHOD;
		} else if (!strcmp(opt, "uthreshold")) {
			if (parse_u32(val, 0, UINT32_MAX, &srv->uthreshold))
				return opt_error(err, len, "uthreshold needs a number, 0..%u",
						 UINT32_MAX);
			srv->mask |= LBDR_SRV_UTHRESHOLD;
		} else if (!strcmp(opt, "lthreshold")) {
			if (parse_u32(val, 0, UINT32_MAX, &srv->lthreshold))
				return opt_error(err, len, "lthreshold needs a number, 0..%u",
						 UINT32_MAX);
			srv->mask |= LBDR_SRV_LTHRESHOLD;
		} else {
			return opt_error(err, len, "unknown server option \"%s\"", opt);
		}
	}
	return 0;
}

void lbadm_svc_fill_defaults(struct lbdr_svc *svc)
{
	if (!(svc->mask & LBDR_SVC_PERSIST_MASK))
		svc->persist_mask = lbadm_persist_mask_default(svc->family);
	if (!(svc->mask & LBDR_SVC_SLOPPY))
		svc->sloppy = lbadm_sloppy_default(svc->sched);
}

void lbadm_svc_opts_print(FILE *f, const struct lbdr_svc *svc)
{
	if (svc->mask & LBDR_SVC_SCHED)
		fprintf(f, " sched %s", lbadm_name(lbadm_sched_names, svc->sched));
	if (svc->mask & LBDR_SVC_TABLE)
		fprintf(f, " table %u", svc->table_size);
	if (svc->mask & LBDR_SVC_HASH)
		fprintf(f, " hash %s", lbadm_name(lbadm_hash_names, svc->hash));
	if ((svc->mask & LBDR_SVC_PERSIST) && svc->persist)
		fprintf(f, " persist %u mask %u", svc->persist, svc->persist_mask);
	if (svc->mask & LBDR_SVC_SLOPPY)
		fprintf(f, " sloppy %s", svc->sloppy ? "on" : "off");
	if (svc->mask & LBDR_SVC_ON_REMOVE)
		fprintf(f, " on-remove %s",
			lbadm_name(lbadm_on_remove_names, svc->on_remove));
}

void lbadm_srv_opts_print(FILE *f, const struct lbdr_srv *srv)
{
	fprintf(f, " weight %u method %s", srv->weight,
		lbadm_method_name(srv->method));
	if (srv->uthreshold)
		fprintf(f, " uthreshold %u", srv->uthreshold);
	if (srv->lthreshold)
		fprintf(f, " lthreshold %u", srv->lthreshold);
}

void lbadm_stats_print(FILE *f, const struct lbdr_stats *st, bool srv)
{
	fprintf(f, "conns %" PRIu64 " packets %" PRIu64 " bytes %" PRIu64,
		st->conns, st->packets, st->bytes);
	if (srv)
		fprintf(f, " active %u inactive %u", st->active, st->inactive);
}

static void stats_json(struct json *j, const struct lbdr_stats *st, bool srv)
{
	json_open_object(j, "stats");
	json_u64(j, "conns", st->conns);
	json_u64(j, "packets", st->packets);
	json_u64(j, "bytes", st->bytes);
	if (srv) {
		json_u64(j, "active", st->active);
		json_u64(j, "inactive", st->inactive);
	}
	json_close_object(j);
}

void lbadm_svc_opts_json(struct json *j, const struct lbdr_svc *svc)
{
	json_string(j, "sched", lbadm_name(lbadm_sched_names, svc->sched));
	json_u64(j, "table", svc->table_size);
	json_string(j, "hash", lbadm_name(lbadm_hash_names, svc->hash));
	json_u64(j, "persist", svc->persist);
	json_u64(j, "persist_mask", svc->persist_mask);
	json_bool(j, "sloppy", svc->sloppy);
	json_string(j, "on_remove",
		    lbadm_name(lbadm_on_remove_names, svc->on_remove));
	stats_json(j, &svc->stats, false);
}

void lbadm_srv_opts_json(struct json *j, const struct lbdr_srv *srv)
{
	json_u64(j, "weight", srv->weight);
	json_string(j, "method", lbadm_method_name(srv->method));
	json_u64(j, "uthreshold", srv->uthreshold);
	json_u64(j, "lthreshold", srv->lthreshold);
	stats_json(j, &srv->stats, true);
}
