/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seam between lbadm's commands and the kernel: commands fill and
 * read these structures; only ipc.c speaks netlink.
 */
#ifndef LBADM_IPC_H
#define LBADM_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/lbdr.h>

#include "parse.h"

struct lbdr_info {
	char version[64];
	uint32_t conn_max_limit;
	uint32_t conn_max_default;
	uint32_t timeout_max;
};

/*
 * Bit N of @mask marks attribute N of enum lbdr_config_attr: val[N] for
 * the u32 ones, tun_src4 and tun_src6 for the tunnels' default outer
 * sources (binary; all-zero: the routing's choice).
 */
struct lbdr_config {
	uint32_t val[LBDR_CONFIG_A_MAX + 1];
	struct in_addr tun_src4;
	struct in6_addr tun_src6;
	uint32_t mask;
};

/*
 * Bits of lbdr_svc.mask / lbdr_srv.mask. In a request: the options given,
 * the only ones sent. In a reply: the attributes the kernel sent.
 */
enum {
	LBDR_SVC_SCHED = 1 << 0,
	LBDR_SVC_TABLE = 1 << 1,
	LBDR_SVC_HASH = 1 << 2,
	LBDR_SVC_PERSIST = 1 << 3,
	LBDR_SVC_PERSIST_MASK = 1 << 4,
	LBDR_SVC_SLOPPY = 1 << 5,
	LBDR_SVC_ON_REMOVE = 1 << 6,
	LBDR_SVC_STATS = 1 << 7,	/* replies only */
	/* Requests: all-zero resets; replies: only when not all-zero. */
	LBDR_SVC_TUN_SRC4 = 1 << 8,
	LBDR_SVC_TUN_SRC6 = 1 << 9,
	LBDR_SRV_WEIGHT = 1 << 0,
	LBDR_SRV_METHOD = 1 << 1,
	LBDR_SRV_UTHRESHOLD = 1 << 2,
	LBDR_SRV_LTHRESHOLD = 1 << 3,
	LBDR_SRV_STATS = 1 << 4,	/* replies only */
	LBDR_SRV_TUN_PORT = 1 << 5,	/* replies: GUE servers only */
	LBDR_SRV_TUN_CSUM = 1 << 6,	/* replies: GUE servers only */
};

/*
 * Counters (enum lbdr_stats_attr) of a service, a real server or the
 * whole namespace; each carries the ones the kernel reports for it, the
 * others stay 0.
 */
struct lbdr_stats {
	uint64_t conns;
	uint64_t packets;
	uint64_t bytes;
	uint32_t active;
	uint32_t inactive;
	uint32_t conn_count;
	uint64_t drop[LBDR_DROP_MAX + 1];	/* by enum lbdr_drop_reason */
	uint64_t cps;		/* connections/s, the kernel's average */
	uint64_t pps;		/* packets/s */
	uint64_t bps;		/* bits/s */
};

/*
 * A real server. addr.family is the server's own family: the service's,
 * or the other one with a tunnel method (LBDR_SRV_A_FAMILY).
 */
struct lbdr_srv {
	struct lbadm_addr addr;
	uint32_t weight;
	uint8_t method;
	uint16_t tun_port;		/* GUE destination port, host order */
	uint8_t tun_csum;		/* GUE: 1 computes the UDP checksum */
	uint32_t uthreshold;
	uint32_t lthreshold;
	uint32_t mask;
	struct lbdr_stats stats;	/* replies only */
	unsigned int line;		/* of a restore file, else 0 */
};

/* A service: the key (fwmark, or proto/addr/port), options, servers. */
struct lbdr_svc {
	int family;
	uint32_t fwmark;
	uint8_t proto;
	struct lbadm_addr addr;
	uint16_t port;
	uint8_t sched;
	uint8_t hash;
	uint32_t table_size;
	uint32_t persist;
	uint8_t persist_mask;
	uint8_t sloppy;
	uint8_t on_remove;
	/* The tunnels' outer source per family; all-zero: the routing's. */
	struct in_addr tun_src4;
	struct in6_addr tun_src6;
	uint32_t mask;
	struct lbdr_stats stats;	/* replies only */
	unsigned int line;		/* of a restore file, else 0 */
	unsigned int nservers;
	/* Dumps and restore files; a dump's are freed by the ipc layer. */
	struct lbdr_srv *servers;
};

/*
 * A filter of connection table entries (CONN_GET, CONN_DEL): each field
 * given must match. family is 0 when no field needs one.
 */
struct lbdr_conn_filter {
	int family;
	uint8_t proto;			/* 0: any */
	bool has_vaddr, has_vport, has_server, has_caddr;
	struct lbadm_addr vaddr, server, caddr;
	uint16_t vport;
};

/* One connection table entry (enum lbdr_conn_attr). */
struct lbdr_conn_entry {
	int family;
	uint8_t proto;			/* 0: template of a fwmark service */
	/* server.family by its length: a tunnel's may be the other one. */
	struct lbadm_addr caddr, vaddr, server;
	uint16_t cport, vport;
	uint8_t state;			/* enum lbdr_conn_state */
	uint32_t expires;		/* seconds left */
	uint32_t fwmark;		/* template of a fwmark service, else 0 */
};

/* One write of a restore, staged between RESTORE_BEGIN and _COMMIT. */
enum lbdr_op_type {
	LBDR_OP_CONFIG,		/* CONFIG_SET of @cfg */
	LBDR_OP_SERVICE,	/* SERVICE_NEW of @svc */
	LBDR_OP_SERVER,		/* SERVER_NEW of @srv in service @svc */
};

struct lbdr_op {
	enum lbdr_op_type type;
	const struct lbdr_config *cfg;
	const struct lbdr_svc *svc;
	const struct lbdr_srv *srv;
};

/*
 * A change multicast to the "events" group: @cmd is the command that
 * made it (enum lbdr_cmd), with what it carried.
 */
struct lbdr_event {
	uint8_t cmd;
	bool lost;		/* events were lost (receive buffer full) */
	bool replace;		/* LBDR_A_REPLACE */
	bool has_svc, has_srv, has_cfg, has_count;
	struct lbdr_svc svc;	/* key and options; servers not kept */
	struct lbdr_srv srv;
	struct lbdr_config cfg;
	uint32_t count;		/* LBDR_A_COUNT */
};

/* What a write does with an object that exists, or does not. */
enum lbdr_write {
	LBDR_WRITE_ADD,		/* create; EEXIST if it exists */
	LBDR_WRITE_REPLACE,	/* create or update */
	LBDR_WRITE_CHANGE,	/* update the options given; ENOENT if missing */
	LBDR_WRITE_DEL,		/* remove; ENOENT if missing */
};

/* Why the last call failed. */
struct lbdr_ipc_error {
	int errnum;		/* positive errno */
	bool no_module;		/* the lbdr family is not registered */
	char msg[256];		/* the kernel's extended ack, if any */
	int missing_attr;	/* NLMSGERR_ATTR_MISS_TYPE, or 0 */
	bool has_range;		/* allowed range from NLMSGERR_ATTR_POLICY */
	uint64_t range_min, range_max;
};

extern struct lbdr_ipc_error lbdr_ipc_err;

/* Each returns 0, or -1 with lbdr_ipc_err describing the failure. */
int lbdr_ipc_info(struct lbdr_info *info);
int lbdr_ipc_config_get(struct lbdr_config *cfg);
int lbdr_ipc_config_set(const struct lbdr_config *cfg);
int lbdr_ipc_service(enum lbdr_write how, const struct lbdr_svc *svc);
int lbdr_ipc_server(enum lbdr_write how, const struct lbdr_svc *svc,
		    const struct lbdr_srv *srv);
/* Calls @fn for every service; a dump a change interrupted is retried. */
int lbdr_ipc_service_dump(int (*fn)(const struct lbdr_svc *svc, void *data),
			  void *data);
int lbdr_ipc_flush(void);
/* The namespace's counters (LBDR_CMD_STATS_GET). */
int lbdr_ipc_stats(struct lbdr_stats *st);
int lbdr_ipc_stats_zero(void);
/* Calls @fn for every entry @flt (NULL: none) selects, as they come. */
int lbdr_ipc_conn_dump(const struct lbdr_conn_filter *flt,
		       int (*fn)(const struct lbdr_conn_entry *c, void *data),
		       void *data);
/* Removes the entries @flt selects; *@count: how many. */
int lbdr_ipc_conn_del(const struct lbdr_conn_filter *flt, uint32_t *count);
/*
 * RESTORE_BEGIN, the @n writes of @ops staged, RESTORE_COMMIT, on one
 * socket, many writes per send. On a refusal, RESTORE_ABORT: nothing
 * changed, lbdr_ipc_err says why and *@failed is the index of the op
 * refused, or -1 when BEGIN or COMMIT was.
 */
int lbdr_ipc_restore(const struct lbdr_op *ops, size_t n, long *failed);
/*
 * The same, but RESTORE_ABORT instead of RESTORE_COMMIT: the kernel checks
 * every object as a restore would, and nothing changes.
 */
int lbdr_ipc_restore_check(const struct lbdr_op *ops, size_t n, long *failed);
/*
 * Subscribe to the events group and call @fn for each event until it
 * returns non-zero (returned) or receiving fails (-1).
 */
int lbdr_ipc_monitor(int (*fn)(const struct lbdr_event *ev, void *data),
		     void *data);
void lbdr_ipc_close(void);

#endif
