/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lbdr internal interfaces shared between the module's files.
 */
#ifndef _LBDR_H
#define _LBDR_H

#include <linux/bits.h>
#include <linux/types.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/netlink.h>
#include <linux/lbdr.h>

#include "compat.h"

/* config.c: per-netns tunables, indexed by enum lbdr_config_attr. */
#define LBDR_CONN_MAX_LIMIT	BIT(26)
#define LBDR_CONN_MAX_FLOOR	BIT(16)

struct lbdr_config {
	u32 val[LBDR_CONFIG_A_MAX + 1];
};

extern const struct nla_policy lbdr_config_policy[LBDR_CONFIG_A_MAX + 1];

u32 lbdr_conn_max_default(u64 ram_bytes);
u64 lbdr_ram_bytes(void);
void lbdr_config_init(struct lbdr_config *cfg, u64 ram_bytes);
int lbdr_config_apply(struct lbdr_config *cfg, const struct nlattr *nest,
		      struct netlink_ext_ack *extack);
int lbdr_config_fill(struct sk_buff *skb, const struct lbdr_config *cfg);

/* info.c: what LBDR_CMD_INFO_GET reports. */
int lbdr_info_fill(struct sk_buff *skb);

/* netns.c: state of one network namespace. */
struct lbdr_net {
	struct lbdr_config config;
};

extern unsigned int lbdr_net_id;

static inline struct lbdr_net *lbdr_pernet(const struct net *net)
{
	return net_generic(net, lbdr_net_id);
}

int lbdr_netns_init(void);
void lbdr_netns_exit(void);

/* genl.c: the generic netlink family. */
int lbdr_genl_init(void);
void lbdr_genl_exit(void);

#endif /* _LBDR_H */
