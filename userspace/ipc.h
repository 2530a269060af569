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
void lbdr_ipc_close(void);

#endif
