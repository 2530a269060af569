// SPDX-License-Identifier: GPL-2.0
/*
 * Service and real server options: the words of the command line, what
 * lbadm checks itself (the kernel checks the rest and says why), the
 * defaults the kernel applies, and how show prints them.
 *
 * Service options:	sched maglev|wrr|wlc|sh, table SIZE,
 *			hash 5tuple|saddr, persist SECS, mask PREFIXLEN,
 *			sloppy on|off, on-remove reschedule|drop,
 *			tun-src ADDR (once per family)
 * Real server options:	weight N, method dr|ipip|gue, port P, csum on|off
 *			(those two with gue only), uthreshold N, lthreshold N
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>

#include "parse.h"
#include "svcopt.h"

const char *const lbadm_write_words[] = {
	[LBDR_WRITE_ADD] = "add",
	[LBDR_WRITE_REPLACE] = "replace",
	[LBDR_WRITE_CHANGE] = "change",
	[LBDR_WRITE_DEL] = "del",
	NULL
};

const char *const lbadm_family_words[] = { "inet", "inet6", NULL };

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
	[LBDR_METHOD_IPIP] = "ipip",
	[LBDR_METHOD_GUE] = "gue",
	NULL
};

const char *const lbadm_on_remove_names[] = {
	[LBDR_ON_REMOVE_RESCHEDULE] = "reschedule",
	[LBDR_ON_REMOVE_DROP] = "drop",
	NULL
};

static const char *const onoff_names[] = { "off", "on", NULL };

/* The kernel's words for the same refusal. */
static const char gue_only[] = "port and csum are options of method gue";

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

int lbadm_svc_key_parse(int argc, char **argv, int *i, struct lbdr_svc *svc,
			char *err, size_t len)
{
	int k = *i, f;

	memset(svc, 0, sizeof(*svc));
	if (k < argc && !strcmp(argv[k], "fwmark")) {
		if (k + 1 >= argc || parse_u32(argv[k + 1], 1, UINT32_MAX, &svc->fwmark))
			return opt_error(err, len, "fwmark needs a mark, 1..4294967295");
		svc->family = AF_INET;
		k += 2;
		if (k < argc && !strcmp(argv[k], "family")) {
			f = k + 1 < argc ? parse_keyword(argv[k + 1], lbadm_family_words) : -1;
			if (f < 0)
				return opt_error(err, len, "family is inet or inet6");
			svc->family = f ? AF_INET6 : AF_INET;
			k += 2;
		}
		*i = k;
		return 0;
	}
	if (k + 1 >= argc)
		return opt_error(err, len, "expected PROTO VIP:PORT or fwmark MARK");
	if (parse_proto(argv[k], &svc->proto))
		return opt_error(err, len, "\"%s\": protocol is tcp or udp", argv[k]);
	if (parse_addr_port(argv[k + 1], &svc->addr, &svc->port))
		return opt_error(err, len,
				 "\"%s\": expected VIP:PORT, e.g. 192.0.2.1:80 or [2001:db8::1]:80",
				 argv[k + 1]);
	svc->family = svc->addr.family;
	*i = k + 2;
	return 0;
}

/* argv[0], an action of service or server that writes, into *@how. */
static int write_action(const char *cmd, char **argv, enum lbdr_write *how,
			char *err, size_t len)
{
	int k = parse_keyword(argv[0], lbadm_write_words);

	if (k < 0)
		return opt_error(err, len, "%s: unknown action \"%s\"", cmd, argv[0]);
	*how = (enum lbdr_write)k;
	return 0;
}

int lbadm_service_args_parse(int argc, char **argv, enum lbdr_write *how,
			     struct lbdr_svc *svc, char *err, size_t len)
{
	int i = 1;

	if (argc < 1)
		return opt_error(err, len, "service: missing action");
	if (write_action("service", argv, how, err, len) ||
	    lbadm_svc_key_parse(argc, argv, &i, svc, err, len))
		return -1;
	if (*how == LBDR_WRITE_DEL && i < argc)
		return opt_error(err, len, "service del takes no options");
	return lbadm_svc_opts_parse(argc - i, argv + i, svc, err, len);
}

int lbadm_server_args_parse(int argc, char **argv, enum lbdr_write *how,
			    struct lbdr_svc *svc, struct lbdr_srv *srv,
			    char *err, size_t len)
{
	int i = 1;

	memset(srv, 0, sizeof(*srv));
	if (argc < 1)
		return opt_error(err, len, "server: missing action");
	if (write_action("server", argv, how, err, len) ||
	    lbadm_svc_key_parse(argc, argv, &i, svc, err, len))
		return -1;
	if (i >= argc)
		return opt_error(err, len, "missing the real server address");
	/*
	 * Of either family: a tunnel's may be of the other one, and the
	 * kernel, which knows the method a change keeps, says when not.
	 */
	if (parse_addr(argv[i], &srv->addr))
		return opt_error(err, len, "\"%s\" is not an IP address", argv[i]);
	if (*how == LBDR_WRITE_DEL && i + 1 < argc)
		return opt_error(err, len, "server del takes no options");
	i++;
	if (lbadm_srv_opts_parse(argc - i, argv + i, srv, err, len))
		return -1;
	/* add and replace without a method make a dr server. */
	if ((*how == LBDR_WRITE_ADD || *how == LBDR_WRITE_REPLACE) &&
	    (srv->mask & (LBDR_SRV_TUN_PORT | LBDR_SRV_TUN_CSUM)) &&
	    !(srv->mask & LBDR_SRV_METHOD))
		return opt_error(err, len, "%s", gue_only);
	return 0;
}

/* tun-src ADDR: the source of the tunnels of ADDR's family. */
static int tun_src_parse(const char *val, struct lbdr_svc *svc, char *err,
			 size_t len)
{
	struct lbadm_addr a;
	uint32_t bit;

	if (parse_addr(val, &a))
		return opt_error(err, len, "tun-src needs an IPv4 or IPv6 address");
	bit = a.family == AF_INET6 ? LBDR_SVC_TUN_SRC6 : LBDR_SVC_TUN_SRC4;
	if (svc->mask & bit)
		return opt_error(err, len, "tun-src is given twice for %s",
				 a.family == AF_INET6 ? "IPv6" : "IPv4");
	if (a.family == AF_INET6)
		svc->tun_src6 = a.v6;
	else
		svc->tun_src4 = a.v4;
	svc->mask |= bit;
	return 0;
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
		} else if (!strcmp(opt, "tun-src")) {
			if (tun_src_parse(val, svc, err, len))
				return -1;
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
				return opt_error(err, len, "method is dr, ipip or gue");
			srv->mask |= LBDR_SRV_METHOD;
		} else if (!strcmp(opt, "port")) {
			uint32_t port;

			if (parse_u32(val, 1, 65535, &port))
				return opt_error(err, len, "port needs a number, 1..65535");
			srv->tun_port = (uint16_t)port;
			srv->mask |= LBDR_SRV_TUN_PORT;
		} else if (!strcmp(opt, "csum")) {
			if (!opt_keyword(val, onoff_names, &srv->tun_csum))
				return opt_error(err, len, "csum is on or off");
			srv->mask |= LBDR_SRV_TUN_CSUM;
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
	if ((srv->mask & (LBDR_SRV_TUN_PORT | LBDR_SRV_TUN_CSUM)) &&
	    (srv->mask & LBDR_SRV_METHOD) && srv->method != LBDR_METHOD_GUE)
		return opt_error(err, len, "%s", gue_only);
	return 0;
}

void lbadm_svc_fill_defaults(struct lbdr_svc *svc)
{
	if (!(svc->mask & LBDR_SVC_PERSIST_MASK))
		svc->persist_mask = lbadm_persist_mask_default(svc->family);
	if (!(svc->mask & LBDR_SVC_SLOPPY))
		svc->sloppy = lbadm_sloppy_default(svc->sched);
}

void lbadm_svc_defaults(struct lbdr_svc *svc)
{
	if (!(svc->mask & LBDR_SVC_SCHED))
		svc->sched = LBDR_SCHED_MAGLEV;
	if (!(svc->mask & LBDR_SVC_TABLE))
		svc->table_size = LBDR_TABLE_DEFAULT;
	if (!(svc->mask & LBDR_SVC_HASH))
		svc->hash = LBDR_HASH_5TUPLE;
	if (!(svc->mask & LBDR_SVC_PERSIST))
		svc->persist = 0;
	if (!(svc->mask & LBDR_SVC_ON_REMOVE))
		svc->on_remove = LBDR_ON_REMOVE_RESCHEDULE;
	lbadm_svc_fill_defaults(svc);
	svc->mask |= LBDR_SVC_SCHED | LBDR_SVC_TABLE | LBDR_SVC_HASH |
		     LBDR_SVC_PERSIST | LBDR_SVC_PERSIST_MASK |
		     LBDR_SVC_SLOPPY | LBDR_SVC_ON_REMOVE;
}

void lbadm_srv_defaults(struct lbdr_srv *srv)
{
	if (!(srv->mask & LBDR_SRV_WEIGHT))
		srv->weight = 1;
	if (!(srv->mask & LBDR_SRV_METHOD))
		srv->method = LBDR_METHOD_DR;
	if (!(srv->mask & LBDR_SRV_UTHRESHOLD))
		srv->uthreshold = 0;
	if (!(srv->mask & LBDR_SRV_LTHRESHOLD))
		srv->lthreshold = 0;
	srv->mask |= LBDR_SRV_WEIGHT | LBDR_SRV_METHOD | LBDR_SRV_UTHRESHOLD |
		     LBDR_SRV_LTHRESHOLD;
	/* As the kernel replies: port and csum for gue servers only. */
	if (srv->method != LBDR_METHOD_GUE) {
		srv->tun_port = 0;
		srv->tun_csum = 0;
		srv->mask &= ~(uint32_t)(LBDR_SRV_TUN_PORT | LBDR_SRV_TUN_CSUM);
		return;
	}
	if (!(srv->mask & LBDR_SRV_TUN_PORT))
		srv->tun_port = LBDR_GUE_PORT_DEFAULT;
	if (!(srv->mask & LBDR_SRV_TUN_CSUM))
		srv->tun_csum = 0;
	srv->mask |= LBDR_SRV_TUN_PORT | LBDR_SRV_TUN_CSUM;
}

static size_t addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

int lbadm_addr_cmp(const struct lbadm_addr *a, const struct lbadm_addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(&a->v6, &b->v6, addr_len(a->family));
}

#define CMP(x, y) do { if ((x) != (y)) return (x) < (y) ? -1 : 1; } while (0)

int lbadm_svc_key_cmp(const struct lbdr_svc *a, const struct lbdr_svc *b)
{
	int r;

	CMP(a->family, b->family);
	CMP(a->fwmark != 0, b->fwmark != 0);
	if (a->fwmark) {
		CMP(a->fwmark, b->fwmark);
		return 0;
	}
	CMP(a->proto, b->proto);
	r = memcmp(&a->addr.v6, &b->addr.v6, addr_len(a->family));
	if (r)
		return r < 0 ? -1 : 1;
	CMP(a->port, b->port);
	return 0;
}

bool lbadm_svc_key_equal(const struct lbdr_svc *a, const struct lbdr_svc *b)
{
	return lbadm_svc_key_cmp(a, b) == 0;
}

void lbadm_svc_key_print(FILE *f, const struct lbdr_svc *svc)
{
	char buf[INET6_ADDRSTRLEN + 8];

	if (svc->fwmark) {
		fprintf(f, "fwmark %u family %s", svc->fwmark,
			svc->family == AF_INET6 ? "inet6" : "inet");
		return;
	}
	format_addr_port(&svc->addr, svc->port, buf, sizeof(buf));
	fprintf(f, "%s %s", svc->proto == IPPROTO_UDP ? "udp" : "tcp", buf);
}

void lbadm_svc_key_json(struct json *j, const struct lbdr_svc *svc)
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

/*
 * The tunnels' sources that are set: an all-zero one (a restore file's
 * "tun-src 0.0.0.0") is the routing's choice, as if not given.
 */
static bool tun_src4_set(const struct lbdr_svc *svc)
{
	return (svc->mask & LBDR_SVC_TUN_SRC4) && svc->tun_src4.s_addr;
}

static bool tun_src6_set(const struct lbdr_svc *svc)
{
	return (svc->mask & LBDR_SVC_TUN_SRC6) &&
	       !IN6_IS_ADDR_UNSPECIFIED(&svc->tun_src6);
}

/* " tun-src A" for each family whose source is set, IPv4 first. */
static void tun_src_print(FILE *f, const struct lbdr_svc *svc)
{
	char buf[INET6_ADDRSTRLEN];

	if (tun_src4_set(svc))
		fprintf(f, " tun-src %s",
			inet_ntop(AF_INET, &svc->tun_src4, buf, sizeof(buf)));
	if (tun_src6_set(svc))
		fprintf(f, " tun-src %s",
			inet_ntop(AF_INET6, &svc->tun_src6, buf, sizeof(buf)));
}

void lbadm_svc_opts_save(FILE *f, const struct lbdr_svc *svc)
{
	if (svc->mask & LBDR_SVC_SCHED)
		fprintf(f, " sched %s", lbadm_name(lbadm_sched_names, svc->sched));
	if (svc->mask & LBDR_SVC_TABLE)
		fprintf(f, " table %u", svc->table_size);
	if (svc->mask & LBDR_SVC_HASH)
		fprintf(f, " hash %s", lbadm_name(lbadm_hash_names, svc->hash));
	if (svc->mask & LBDR_SVC_PERSIST) {
		fprintf(f, " persist %u", svc->persist);
		/* A mask goes with persist (lbadm_svc_opts_parse()). */
		if (svc->mask & LBDR_SVC_PERSIST_MASK)
			fprintf(f, " mask %u", svc->persist_mask);
	}
	if (svc->mask & LBDR_SVC_SLOPPY)
		fprintf(f, " sloppy %s", svc->sloppy ? "on" : "off");
	if (svc->mask & LBDR_SVC_ON_REMOVE)
		fprintf(f, " on-remove %s",
			lbadm_name(lbadm_on_remove_names, svc->on_remove));
	tun_src_print(f, svc);
}

/* " port P csum on|off" of a gue server. */
static void srv_tun_print(FILE *f, const struct lbdr_srv *srv)
{
	if (srv->mask & LBDR_SRV_TUN_PORT)
		fprintf(f, " port %u", srv->tun_port);
	if (srv->mask & LBDR_SRV_TUN_CSUM)
		fprintf(f, " csum %s", srv->tun_csum ? "on" : "off");
}

void lbadm_srv_opts_save(FILE *f, const struct lbdr_srv *srv)
{
	if (srv->mask & LBDR_SRV_WEIGHT)
		fprintf(f, " weight %u", srv->weight);
	if (srv->mask & LBDR_SRV_METHOD)
		fprintf(f, " method %s", lbadm_method_name(srv->method));
	srv_tun_print(f, srv);
	if (srv->mask & LBDR_SRV_UTHRESHOLD)
		fprintf(f, " uthreshold %u", srv->uthreshold);
	if (srv->mask & LBDR_SRV_LTHRESHOLD)
		fprintf(f, " lthreshold %u", srv->lthreshold);
}

void lbadm_svc_save(FILE *f, const struct lbdr_svc *svc)
{
	fputs("service add ", f);
	lbadm_svc_key_print(f, svc);
	lbadm_svc_opts_save(f, svc);
	fputc('\n', f);
}

void lbadm_srv_save(FILE *f, const struct lbdr_svc *svc,
		    const struct lbdr_srv *srv)
{
	char buf[INET6_ADDRSTRLEN];

	fputs("server add ", f);
	lbadm_svc_key_print(f, svc);
	fprintf(f, " %s", format_addr(&srv->addr, buf, sizeof(buf)));
	lbadm_srv_opts_save(f, srv);
	fputc('\n', f);
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
	tun_src_print(f, svc);
}

void lbadm_srv_opts_print(FILE *f, const struct lbdr_srv *srv)
{
	fprintf(f, " weight %u method %s", srv->weight,
		lbadm_method_name(srv->method));
	srv_tun_print(f, srv);
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
	lbadm_svc_opts_json_nostats(j, svc);
	stats_json(j, &svc->stats, false);
}

void lbadm_svc_opts_json_nostats(struct json *j, const struct lbdr_svc *svc)
{
	char buf[INET6_ADDRSTRLEN];

	json_string(j, "sched", lbadm_name(lbadm_sched_names, svc->sched));
	json_u64(j, "table", svc->table_size);
	json_string(j, "hash", lbadm_name(lbadm_hash_names, svc->hash));
	json_u64(j, "persist", svc->persist);
	json_u64(j, "persist_mask", svc->persist_mask);
	json_bool(j, "sloppy", svc->sloppy);
	json_string(j, "on_remove",
		    lbadm_name(lbadm_on_remove_names, svc->on_remove));
	/* Only those set: absent is the routing's choice. */
	if (tun_src4_set(svc))
		json_string(j, "tun_src4",
			    inet_ntop(AF_INET, &svc->tun_src4, buf, sizeof(buf)));
	if (tun_src6_set(svc))
		json_string(j, "tun_src6",
			    inet_ntop(AF_INET6, &svc->tun_src6, buf, sizeof(buf)));
}

void lbadm_srv_opts_json(struct json *j, const struct lbdr_srv *srv)
{
	lbadm_srv_opts_json_nostats(j, srv);
	stats_json(j, &srv->stats, true);
}

void lbadm_srv_opts_json_nostats(struct json *j, const struct lbdr_srv *srv)
{
	json_u64(j, "weight", srv->weight);
	json_string(j, "method", lbadm_method_name(srv->method));
	if (srv->mask & LBDR_SRV_TUN_PORT)
		json_u64(j, "port", srv->tun_port);
	if (srv->mask & LBDR_SRV_TUN_CSUM)
		json_bool(j, "csum", srv->tun_csum);
	json_u64(j, "uthreshold", srv->uthreshold);
	json_u64(j, "lthreshold", srv->lthreshold);
}

void lbadm_srv_addr_json(struct json *j, const struct lbdr_srv *srv)
{
	char buf[INET6_ADDRSTRLEN];

	json_string(j, "address", format_addr(&srv->addr, buf, sizeof(buf)));
	json_string(j, "family", srv->addr.family == AF_INET6 ? "inet6" : "inet");
}
