// SPDX-License-Identifier: GPL-2.0
/*
 * The seam lbadm's commands talk to the kernel through (ipc.h), and the
 * bits of lbadm.c they need, without netlink: fuzz_parse.c links the
 * commands' own files (service.c, server.c, config.c, ...) against this
 * instead of ipc.c and lbadm.c.
 *
 * Every write is checked for what the parsers promise the ipc layer (a
 * known family, an address of the service's family, only known option
 * bits, mask only with persist, ...): a request the kernel would get
 * malformed aborts, and libFuzzer reports it as a crash. Reads return a
 * small fixed configuration, so that show, save and stats print
 * something. stub_ipc_fail makes every call fail (EINVAL, with an
 * extack message), for the commands' error paths.
 */
#include <arpa/inet.h>
#include <sanitizer/common_interface_defs.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipc.h"
#include "lbadm.h"
#include "stub_ipc.h"

struct lbdr_ipc_error lbdr_ipc_err;
struct lbadm_options lbadm_opts;
bool stub_ipc_fail;
struct sigaction stub_saved_term;

/* The harness's own messages go nowhere: they are formatted, that is all. */
int lbadm_usage_error(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return LBADM_EXIT_USAGE;
}

int lbadm_ipc_failure_at(const char *where)
{
	(void)where;
	return lbdr_ipc_err.no_module ? LBADM_EXIT_NOMODULE : LBADM_EXIT_REFUSED;
}

int lbadm_ipc_failure(void)
{
	return lbadm_ipc_failure_at(NULL);
}

/*
 * To the sanitizers' report stream: under -close_fd_mask=2 (make fuzz)
 * stderr goes nowhere, but that stream is libFuzzer's output.
 */
void stub_die(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	int n;

	n = snprintf(msg, sizeof(msg), "fuzz_parse: ");
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", msg);
	__sanitizer_report_error_summary(msg);
	abort();
}

static int fail(void)
{
	memset(&lbdr_ipc_err, 0, sizeof(lbdr_ipc_err));
	lbdr_ipc_err.errnum = EINVAL;
	snprintf(lbdr_ipc_err.msg, sizeof(lbdr_ipc_err.msg), "stub refusal");
	lbdr_ipc_err.has_range = true;
	lbdr_ipc_err.range_max = 65535;
	return -1;
}

#define SVC_MASK_REQ (LBDR_SVC_SCHED | LBDR_SVC_TABLE | LBDR_SVC_HASH | \
		      LBDR_SVC_PERSIST | LBDR_SVC_PERSIST_MASK | \
		      LBDR_SVC_SLOPPY | LBDR_SVC_ON_REMOVE | \
		      LBDR_SVC_TUN_SRC4 | LBDR_SVC_TUN_SRC6)
#define SRV_MASK_REQ (LBDR_SRV_WEIGHT | LBDR_SRV_METHOD | \
		      LBDR_SRV_UTHRESHOLD | LBDR_SRV_LTHRESHOLD | \
		      LBDR_SRV_TUN_PORT | LBDR_SRV_TUN_CSUM)
/* What a reply carries: the options, no tunnel of a dr server. */
#define SRV_MASK_DR (LBDR_SRV_WEIGHT | LBDR_SRV_METHOD | \
		     LBDR_SRV_UTHRESHOLD | LBDR_SRV_LTHRESHOLD)

static void check_addr(const struct lbadm_addr *a, int family, const char *what)
{
	if (a->family != family)
		stub_die("%s: address family %d, expected %d", what, a->family, family);
}

/* What ipc.c would put in LBDR_A_SERVICE. */
void stub_check_svc(const struct lbdr_svc *svc, bool key_only)
{
	if (svc->family != AF_INET && svc->family != AF_INET6)
		stub_die("service with family %d", svc->family);
	if (!svc->fwmark) {
		if (svc->proto != IPPROTO_TCP && svc->proto != IPPROTO_UDP)
			stub_die("service with protocol %u", svc->proto);
		check_addr(&svc->addr, svc->family, "service VIP");
	}
	if (svc->mask & ~SVC_MASK_REQ)
		stub_die("service request mask 0x%x", svc->mask);
	if (key_only && svc->mask)
		stub_die("service key with options, mask 0x%x", svc->mask);
	if ((svc->mask & LBDR_SVC_PERSIST_MASK) && !(svc->mask & LBDR_SVC_PERSIST))
		stub_die("mask without persist");
	if ((svc->mask & LBDR_SVC_PERSIST_MASK) &&
	    svc->persist_mask > (svc->family == AF_INET6 ? 128 : 32))
		stub_die("persist mask %u", svc->persist_mask);
	if ((svc->mask & LBDR_SVC_SCHED) && svc->sched > LBDR_SCHED_SH)
		stub_die("sched %u", svc->sched);
	if ((svc->mask & LBDR_SVC_HASH) && svc->hash > LBDR_HASH_SADDR)
		stub_die("hash %u", svc->hash);
	if ((svc->mask & LBDR_SVC_SLOPPY) && svc->sloppy > 1)
		stub_die("sloppy %u", svc->sloppy);
	if ((svc->mask & LBDR_SVC_ON_REMOVE) && svc->on_remove > LBDR_ON_REMOVE_DROP)
		stub_die("on-remove %u", svc->on_remove);
	if ((svc->mask & LBDR_SVC_PERSIST) && svc->persist > LBDR_TIMEOUT_MAX)
		stub_die("persist %u", svc->persist);
}

void stub_check_srv(const struct lbdr_svc *svc, const struct lbdr_srv *srv,
		    bool key_only)
{
	/* Either family: the kernel refuses the other one for dr. */
	(void)svc;
	if (srv->addr.family != AF_INET && srv->addr.family != AF_INET6)
		stub_die("real server of family %d", srv->addr.family);
	if (srv->mask & ~SRV_MASK_REQ)
		stub_die("server request mask 0x%x", srv->mask);
	if (key_only && srv->mask)
		stub_die("server del with options, mask 0x%x", srv->mask);
	if ((srv->mask & LBDR_SRV_METHOD) && srv->method > LBDR_METHOD_GUE)
		stub_die("method %u", srv->method);
	if ((srv->mask & (LBDR_SRV_TUN_PORT | LBDR_SRV_TUN_CSUM)) &&
	    (srv->mask & LBDR_SRV_METHOD) && srv->method != LBDR_METHOD_GUE)
		stub_die("port or csum with method %u", srv->method);
	if ((srv->mask & LBDR_SRV_TUN_PORT) && !srv->tun_port)
		stub_die("GUE port 0");
	if ((srv->mask & LBDR_SRV_TUN_CSUM) && srv->tun_csum > 1)
		stub_die("csum %u", srv->tun_csum);
}

/* add and replace make a dr server unless told: no port, no csum. */
static void check_srv_new(const struct lbdr_srv *srv)
{
	if ((srv->mask & (LBDR_SRV_TUN_PORT | LBDR_SRV_TUN_CSUM)) &&
	    !(srv->mask & LBDR_SRV_METHOD))
		stub_die("server add with port or csum but no method");
}

static void check_how(enum lbdr_write how)
{
	if (how < LBDR_WRITE_ADD || how > LBDR_WRITE_DEL)
		stub_die("write action %d", (int)how);
}

static void check_cfg(const struct lbdr_config *cfg)
{
	if (!cfg->mask)
		stub_die("CONFIG_SET with nothing to set");
	if (cfg->mask & ~(((1U << (LBDR_CONFIG_A_MAX + 1)) - 1) & ~1U))
		stub_die("config mask 0x%x", cfg->mask);
}

int lbdr_ipc_info(struct lbdr_info *info)
{
	if (stub_ipc_fail)
		return fail();
	memset(info, 0, sizeof(*info));
	snprintf(info->version, sizeof(info->version), "0.0-fuzz");
	info->conn_max_limit = 1U << 24;
	info->conn_max_default = 1U << 20;
	info->timeout_max = LBDR_TIMEOUT_MAX;
	return 0;
}

int lbdr_ipc_config_get(struct lbdr_config *cfg)
{
	if (stub_ipc_fail)
		return fail();
	memset(cfg, 0, sizeof(*cfg));
	cfg->val[LBDR_CONFIG_A_CONN_MAX] = 1000;
	cfg->val[LBDR_CONFIG_A_TIMEOUT_TCP] = 900;
	cfg->val[LBDR_CONFIG_A_TIMEOUT_TCP_SYN] = 60;
	cfg->val[LBDR_CONFIG_A_TIMEOUT_TCP_FIN] = 120;
	cfg->val[LBDR_CONFIG_A_TIMEOUT_TCP_CLOSE] = 10;
	cfg->val[LBDR_CONFIG_A_TIMEOUT_UDP] = 300;
	/* The tunnels' sources: IPv4 unset (zero), IPv6 set. */
	cfg->tun_src6.s6_addr[0] = 0xfd;
	cfg->tun_src6.s6_addr[15] = 1;
	cfg->mask = 0x7e | 1U << LBDR_CONFIG_A_TUN_SRC4 |
		    1U << LBDR_CONFIG_A_TUN_SRC6;
	return 0;
}

int lbdr_ipc_config_set(const struct lbdr_config *cfg)
{
	check_cfg(cfg);
	return stub_ipc_fail ? fail() : 0;
}

int lbdr_ipc_service(enum lbdr_write how, const struct lbdr_svc *svc)
{
	check_how(how);
	stub_check_svc(svc, how == LBDR_WRITE_DEL);
	return stub_ipc_fail ? fail() : 0;
}

int lbdr_ipc_server(enum lbdr_write how, const struct lbdr_svc *svc,
		    const struct lbdr_srv *srv)
{
	check_how(how);
	stub_check_svc(svc, true);
	stub_check_srv(svc, srv, how == LBDR_WRITE_DEL);
	if (how == LBDR_WRITE_ADD || how == LBDR_WRITE_REPLACE)
		check_srv_new(srv);
	return stub_ipc_fail ? fail() : 0;
}

/*
 * The running configuration the reads return: three services; the
 * third with the tunnels' sources and a gue and an ipip server, one
 * of the other family.
 */
static void running(struct lbdr_svc svcs[3], struct lbdr_srv srvs[5])
{
	memset(svcs, 0, 3 * sizeof(*svcs));
	memset(srvs, 0, 5 * sizeof(*srvs));

	svcs[0].family = AF_INET;
	svcs[0].proto = IPPROTO_TCP;
	svcs[0].addr.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.10", &svcs[0].addr.v4);
	svcs[0].port = 80;
	svcs[0].sched = LBDR_SCHED_WRR;
	svcs[0].table_size = 251;
	svcs[0].persist = 300;
	svcs[0].persist_mask = 24;
	svcs[0].stats.conns = 7;
	svcs[0].mask = (SVC_MASK_REQ & ~(uint32_t)(LBDR_SVC_TUN_SRC4 | LBDR_SVC_TUN_SRC6)) |
		       LBDR_SVC_STATS;
	for (int i = 0; i < 2; i++) {
		srvs[i].addr.family = AF_INET;
		srvs[i].addr.v4.s_addr = htonl(0x0a00000b + (uint32_t)i);
		srvs[i].weight = (uint32_t)i;
		srvs[i].uthreshold = 100;
		srvs[i].stats.active = 3;
		srvs[i].mask = SRV_MASK_DR | LBDR_SRV_STATS;
	}
	svcs[0].servers = srvs;
	svcs[0].nservers = 2;

	svcs[1].family = AF_INET6;
	svcs[1].proto = IPPROTO_UDP;
	svcs[1].addr.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::1", &svcs[1].addr.v6);
	svcs[1].port = 0;
	svcs[1].table_size = LBDR_TABLE_DEFAULT;
	svcs[1].mask = LBDR_SVC_SCHED | LBDR_SVC_TABLE;	/* an older module */

	svcs[2].family = AF_INET6;
	svcs[2].fwmark = 5;
	svcs[2].sched = LBDR_SCHED_SH;
	svcs[2].table_size = 509;
	svcs[2].mask = SVC_MASK_REQ;
	srvs[2].addr.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8:a::12", &srvs[2].addr.v6);
	srvs[2].weight = 65535;
	srvs[2].mask = SRV_MASK_DR;
	srvs[3].addr.family = AF_INET;
	inet_pton(AF_INET, "203.0.113.21", &srvs[3].addr.v4);
	srvs[3].weight = 1;
	srvs[3].method = LBDR_METHOD_GUE;
	srvs[3].tun_port = LBDR_GUE_PORT_DEFAULT;
	srvs[3].tun_csum = 1;
	srvs[3].mask = SRV_MASK_REQ;
	srvs[4].addr.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8:b::7", &srvs[4].addr.v6);
	srvs[4].weight = 2;
	srvs[4].method = LBDR_METHOD_IPIP;
	srvs[4].mask = SRV_MASK_DR;
	inet_pton(AF_INET, "198.51.100.2", &svcs[2].tun_src4);
	inet_pton(AF_INET6, "2001:db8:1::2", &svcs[2].tun_src6);
	svcs[2].mask |= LBDR_SVC_TUN_SRC4 | LBDR_SVC_TUN_SRC6;
	svcs[2].servers = &srvs[2];
	svcs[2].nservers = 3;
}

int lbdr_ipc_service_dump(int (*fn)(const struct lbdr_svc *svc, void *data),
			  void *data)
{
	struct lbdr_svc svcs[3];
	struct lbdr_srv srvs[5];
	int i;

	if (stub_ipc_fail)
		return fail();
	running(svcs, srvs);
	for (i = 0; i < 3; i++)
		if (fn(&svcs[i], data))
			return -1;
	return 0;
}

int lbdr_ipc_flush(void)
{
	return stub_ipc_fail ? fail() : 0;
}

int lbdr_ipc_stats(struct lbdr_stats *st)
{
	struct sigaction now;

	/*
	 * stats -w loops until SIGINT or SIGTERM. When its handler is in
	 * place (it replaced the harness's), call it: the loop ends after
	 * this report instead of sleeping.
	 */
	if (sigaction(SIGTERM, NULL, &now) == 0 &&
	    now.sa_handler != stub_saved_term.sa_handler &&
	    now.sa_handler != SIG_DFL && now.sa_handler != SIG_IGN &&
	    !(now.sa_flags & SA_SIGINFO))
		now.sa_handler(SIGTERM);
	if (stub_ipc_fail)
		return fail();
	memset(st, 0, sizeof(*st));
	st->conns = 12345678901ULL;
	st->packets = 99;
	st->bytes = 1ULL << 40;
	st->conn_count = 3;
	st->drop[LBDR_DROP_NO_SERVER] = 2;
	st->drop[LBDR_DROP_MAX] = 1;
	st->cps = 1;
	st->pps = 1000;
	st->bps = 8000000;
	return 0;
}

int lbdr_ipc_stats_zero(void)
{
	return stub_ipc_fail ? fail() : 0;
}

static void check_filter(const struct lbdr_conn_filter *flt)
{
	if (!flt)
		return;
	if (flt->proto && flt->proto != IPPROTO_TCP && flt->proto != IPPROTO_UDP)
		stub_die("conn filter protocol %u", flt->proto);
	if (flt->family && flt->family != AF_INET && flt->family != AF_INET6)
		stub_die("conn filter family %d", flt->family);
	if (flt->has_vaddr)
		check_addr(&flt->vaddr, flt->family, "conn filter VIP");
	/* A tunnel server may be of the other family than the flow. */
	if (flt->has_server && flt->server.family != AF_INET &&
	    flt->server.family != AF_INET6)
		stub_die("conn filter server family %d", flt->server.family);
	if (flt->has_caddr)
		check_addr(&flt->caddr, flt->family, "conn filter client");
	if (flt->has_vport && !flt->has_vaddr)
		stub_die("conn filter port without VIP");
	if (!flt->has_vaddr && !flt->has_server && !flt->has_caddr && flt->family)
		stub_die("conn filter family %d without an address", flt->family);
}

int lbdr_ipc_conn_dump(const struct lbdr_conn_filter *flt,
		       int (*fn)(const struct lbdr_conn_entry *c, void *data),
		       void *data)
{
	struct lbdr_conn_entry e[3];
	int i;

	check_filter(flt);
	if (stub_ipc_fail)
		return fail();
	memset(e, 0, sizeof(e));
	e[0].family = AF_INET;
	e[0].proto = IPPROTO_TCP;
	e[0].caddr.family = e[0].vaddr.family = e[0].server.family = AF_INET;
	e[0].caddr.v4.s_addr = htonl(0xc6336402);
	e[0].vaddr.v4.s_addr = htonl(0xc000020a);
	e[0].server.v4.s_addr = htonl(0x0a00000b);
	e[0].cport = 40000;
	e[0].vport = 80;
	e[0].state = LBDR_CS_ESTABLISHED;
	e[0].expires = 899;
	e[1] = e[0];
	e[1].state = LBDR_CS_TEMPLATE;
	e[1].proto = 0;
	e[1].fwmark = 5;
	e[1].cport = 0;
	e[2].family = AF_INET6;
	e[2].proto = IPPROTO_UDP;
	e[2].caddr.family = e[2].vaddr.family = e[2].server.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8:c::1", &e[2].caddr.v6);
	inet_pton(AF_INET6, "2001:db8::1", &e[2].vaddr.v6);
	inet_pton(AF_INET6, "2001:db8:a::12", &e[2].server.v6);
	e[2].state = 200;	/* a state this lbadm does not know */
	for (i = 0; i < 3; i++)
		if (fn(&e[i], data))
			return -1;
	return 0;
}

int lbdr_ipc_conn_del(const struct lbdr_conn_filter *flt, uint32_t *count)
{
	check_filter(flt);
	if (stub_ipc_fail)
		return fail();
	*count = flt && flt->has_caddr ? 0 : 2;
	return 0;
}

int lbdr_ipc_restore(const struct lbdr_op *ops, size_t n, long *failed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (ops[i].type) {
		case LBDR_OP_CONFIG:
			check_cfg(ops[i].cfg);
			break;
		case LBDR_OP_SERVICE:
			stub_check_svc(ops[i].svc, false);
			break;
		case LBDR_OP_SERVER:
			stub_check_srv(ops[i].svc, ops[i].srv, false);
			check_srv_new(ops[i].srv);
			break;
		default:
			stub_die("restore op type %d", (int)ops[i].type);
		}
	}
	*failed = n ? (long)n - 1 : -1;
	return stub_ipc_fail ? fail() : 0;
}

/* monitor.c is not linked (it prints events, it parses nothing). */
int lbdr_ipc_monitor(int (*fn)(const struct lbdr_event *ev, void *data),
		     void *data)
{
	(void)fn;
	(void)data;
	return fail();
}

void lbdr_ipc_close(void)
{
}
