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

/* Bits of lbdr_svc.mask / lbdr_srv.mask: options given in a request. */
enum {
	LBDR_SVC_SCHED = 1 << 0,
	LBDR_SVC_TABLE = 1 << 1,
	LBDR_SVC_HASH = 1 << 2,
	LBDR_SRV_WEIGHT = 1 << 0,
	LBDR_SRV_METHOD = 1 << 1,
};

struct lbdr_srv {
	struct lbadm_addr addr;
	uint32_t weight;
	uint8_t method;
	uint32_t mask;
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
	uint32_t mask;
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
void lbdr_ipc_close(void);

#endif
