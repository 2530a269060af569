/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lbdr internal interfaces shared between the module's files.
 */
#ifndef _LBDR_H
#define _LBDR_H

#include <linux/bits.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/genetlink.h>
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

/*
 * Every configuration change happens under lbdr_mutex; the packet path
 * reads services, servers and Maglev tables under RCU only.
 */
extern struct mutex lbdr_mutex;
#define lbdr_deref(p) rcu_dereference_protected(p, lockdep_is_held(&lbdr_mutex))

/* service.c: virtual services and their real servers. */
struct lbdr_svc_key {
	union nf_inet_addr addr;
	u32 fwmark;
	__be16 port;
	u8 family;
	u8 proto;
};

struct lbdr_server {
	struct list_head list;		/* in lbdr_service.servers */
	struct rcu_head rcu;
	union nf_inet_addr addr;
	u16 weight;
	u8 method;
};

struct lbdr_maglev;

struct lbdr_service {
	struct hlist_node hnode;	/* in lbdr_net.svc_hash, RCU */
	struct rcu_head rcu;
	struct lbdr_svc_key key;
	u32 table_size;
	u8 sched;
	u8 hash;
	struct list_head servers;	/* sorted by address */
	unsigned int nservers;
	struct lbdr_maglev __rcu *maglev;	/* NULL: no usable server */
};

/* Options of a service, as parsed from netlink. */
struct lbdr_svc_opts {
	u32 table_size;
	u8 sched;
	u8 hash;
};

#define LBDR_SVC_HASH_BITS	10

struct lbdr_service *lbdr_svc_find(struct net *net, const struct lbdr_svc_key *key);
struct lbdr_service *lbdr_svc_lookup_rcu(struct net *net, u8 family, u8 proto,
					 const union nf_inet_addr *daddr,
					 __be16 dport, u32 mark);
int lbdr_svc_add(struct net *net, const struct lbdr_svc_key *key,
		 const struct lbdr_svc_opts *opts, struct netlink_ext_ack *extack);
int lbdr_svc_update(struct lbdr_service *svc, const struct lbdr_svc_opts *opts,
		    struct netlink_ext_ack *extack);
void lbdr_svc_del(struct net *net, struct lbdr_service *svc);
void lbdr_svc_flush(struct net *net);
struct lbdr_server *lbdr_server_find(struct lbdr_service *svc,
				     const union nf_inet_addr *addr);
int lbdr_server_add(struct net *net, struct lbdr_service *svc,
		    const union nf_inet_addr *addr, u16 weight, u8 method,
		    struct netlink_ext_ack *extack);
int lbdr_server_update(struct lbdr_service *svc, struct lbdr_server *srv,
		       u16 weight, u8 method, struct netlink_ext_ack *extack);
void lbdr_server_del(struct lbdr_service *svc, struct lbdr_server *srv);

/* maglev.c: consistent hashing, built on the control path. */
struct lbdr_maglev {
	struct rcu_head rcu;
	u32 size;
	u32 nservers;
	struct lbdr_server **servers;
	u16 slot[];
};

bool lbdr_is_prime(u32 n);
struct lbdr_maglev *lbdr_maglev_build(struct lbdr_server *const *servers,
				      unsigned int n, int family, u32 size);

static inline struct lbdr_server *lbdr_maglev_pick(const struct lbdr_maglev *mg,
						   u32 hash)
{
	return mg->servers[mg->slot[reciprocal_scale(hash, mg->size)]];
}

/* hook.c: the netfilter entry points, registered per family on demand. */
int lbdr_hook_get(struct net *net, u8 family);
void lbdr_hook_put(struct net *net, u8 family);

/* xmit.c: direct-routing transmit. */
int lbdr_dr_check(struct net *net, u8 family, const union nf_inet_addr *addr,
		  struct netlink_ext_ack *extack);
unsigned int lbdr_xmit_dr(struct net *net, struct sk_buff *skb, u8 family,
			  const union nf_inet_addr *rip);

/* netns.c: state of one network namespace. */
struct lbdr_net {
	struct lbdr_config config;
	struct hlist_head svc_hash[1 << LBDR_SVC_HASH_BITS];
	unsigned int nsvc[2];		/* services per family: v4, v6 */
	u32 gen;			/* bumped by every change, for dumps */
};

extern unsigned int lbdr_net_id;

static inline struct lbdr_net *lbdr_pernet(const struct net *net)
{
	return net_generic(net, lbdr_net_id);
}

static inline int lbdr_family_index(u8 family)
{
	return family == AF_INET6;
}

int lbdr_netns_init(void);
void lbdr_netns_exit(void);

/* genl.c: the generic netlink family; service_nl.c: its service commands. */
int lbdr_genl_init(void);
void lbdr_genl_exit(void);
extern const struct nla_policy lbdr_service_policy[LBDR_SVC_A_MAX + 1];
extern const struct nla_policy lbdr_server_policy[LBDR_SRV_A_MAX + 1];
int lbdr_nl_service_new(struct sk_buff *skb, struct genl_info *info);
int lbdr_nl_service_set(struct sk_buff *skb, struct genl_info *info);
int lbdr_nl_service_del(struct sk_buff *skb, struct genl_info *info);
int lbdr_nl_service_get(struct sk_buff *skb, struct genl_info *info);
int lbdr_nl_service_dump(struct sk_buff *skb, struct netlink_callback *cb);
int lbdr_nl_server_new(struct sk_buff *skb, struct genl_info *info);
int lbdr_nl_server_set(struct sk_buff *skb, struct genl_info *info);
int lbdr_nl_server_del(struct sk_buff *skb, struct genl_info *info);
int lbdr_nl_flush(struct sk_buff *skb, struct genl_info *info);
extern struct genl_family lbdr_genl_family;

#endif /* _LBDR_H */
