/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seam between lbadm's commands and the kernel: commands fill and
 * read these structures; only ipc.c speaks netlink.
 */
#ifndef LBADM_IPC_H
#define LBADM_IPC_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/lbdr.h>

#include "parse.h"

struct lbdr_info {
	char version[64];
	uint32_t conn_max_limit;
	uint32_t conn_max_default;
	uint32_t timeout_max;
};

/* val[] is indexed by enum lbdr_config_attr; bit N of @mask marks val[N]. */
struct lbdr_config {
	uint32_t val[LBDR_CONFIG_A_MAX + 1];
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
	LBDR_SRV_WEIGHT = 1 << 0,
	LBDR_SRV_METHOD = 1 << 1,
	LBDR_SRV_UTHRESHOLD = 1 << 2,
	LBDR_SRV_LTHRESHOLD = 1 << 3,
	LBDR_SRV_STATS = 1 << 4,	/* replies only */
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
};

struct lbdr_srv {
	struct lbadm_addr addr;
	uint32_t weight;
	uint8_t method;
	uint32_t uthreshold;
	uint32_t lthreshold;
	uint32_t mask;
	struct lbdr_stats stats;	/* replies only */
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
	uint32_t mask;
	struct lbdr_stats stats;	/* replies only */
	unsigned int nservers;
	struct lbdr_srv *servers;	/* dumps only; freed by the ipc layer */
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
void lbdr_ipc_close(void);

#endif
