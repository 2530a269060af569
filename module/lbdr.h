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
#include <linux/refcount.h>
#include <linux/rhashtable-types.h>
#include <linux/u64_stats_sync.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <linux/lbdr.h>

#include "compat.h"

/* config.c: per-netns tunables, indexed by enum lbdr_config_attr. */
#define LBDR_CONN_MAX_LIMIT	BIT(26)
#define LBDR_CONN_MAX_FLOOR	BIT(16)
#define LBDR_CONFIG_U32_LAST	LBDR_CONFIG_A_TIMEOUT_UDP

struct lbdr_config {
	u32 val[LBDR_CONFIG_U32_LAST + 1];
	__be32 tun_src4;		/* default outer sources; 0: routing's */
	struct in6_addr tun_src6;
};

extern const struct nla_policy lbdr_config_policy[LBDR_CONFIG_A_MAX + 1];

u32 lbdr_conn_max_default(u64 ram_bytes);
u64 lbdr_ram_bytes(void);
void lbdr_config_init(struct lbdr_config *cfg, u64 ram_bytes);
int lbdr_config_apply(struct net *net, struct lbdr_config *cfg,
		      const struct nlattr *nest, struct netlink_ext_ack *extack);
bool lbdr_config_set(struct lbdr_config *cfg, const struct lbdr_config *new);
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

/* stats.c: per-CPU counters, summed on read. */
struct lbdr_stats {
	u64_stats_t conns;
	u64_stats_t packets;
	u64_stats_t bytes;
	struct u64_stats_sync syncp;
};

struct lbdr_stats_sum {
	u64 conns, packets, bytes;
};

/*
 * Rates: an EWMA per second (fixed point, << LBDR_EST_SHIFT) updated
 * every LBDR_EST_INTERVAL by one worker per netns, not a timer per object;
 * and the baseline "stats zero" stored (per-CPU counters are never reset).
 */
#define LBDR_EST_INTERVAL	(2 * HZ)
#define LBDR_EST_SHIFT		10

struct lbdr_est {
	struct lbdr_stats_sum last;	/* raw sums at the last tick */
	struct lbdr_stats_sum rate;	/* per second, << LBDR_EST_SHIFT */
	struct lbdr_stats_sum base;	/* raw sums at the last zero */
};

struct lbdr_stats __percpu *lbdr_stats_alloc(void);
void lbdr_stats_sum(struct lbdr_stats __percpu *st, struct lbdr_stats_sum *sum);
void lbdr_est_tick(struct lbdr_stats __percpu *st, struct lbdr_est *est);
void lbdr_est_zero(struct lbdr_stats __percpu *st, struct lbdr_est *est);
struct lbdr_server;
int lbdr_stats_fill(struct sk_buff *skb, int type,
		    struct lbdr_stats __percpu *st, const struct lbdr_est *est,
		    const struct lbdr_server *srv);

static inline void lbdr_stats_count(struct lbdr_stats __percpu *st,
				    unsigned int len, bool new_conn)
{
	struct lbdr_stats *s = this_cpu_ptr(st);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->packets);
	u64_stats_add(&s->bytes, len);
	if (new_conn)
		u64_stats_inc(&s->conns);
	u64_stats_update_end(&s->syncp);
}

/*
 * A real server. The service's list holds one reference and every
 * connection entry pointing here one more, so a deleted server lives on
 * (marked dead) until its last connection is gone; it is freed a grace
 * period after the last reference drops.
 */
struct lbdr_server {
	struct list_head list;		/* in lbdr_service.servers */
	struct rcu_head rcu;
	union nf_inet_addr addr;
	refcount_t ref;
	atomic_t active;		/* connections ESTABLISHED */
	atomic_t inactive;		/* connections in other states */
	u32 uthreshold;
	u32 lthreshold;
	u16 weight;
	u8 family;			/* of addr: the service's, or not (tunnel) */
	u8 method;
	u8 tun_csum;			/* GUE: compute the UDP checksum */
	__be16 tun_port;		/* GUE: destination port */
	u8 dead;			/* deleted: reschedule or drop its flows */
	u8 overloaded;			/* over uthreshold, until below lower */
	struct lbdr_stats __percpu *stats;
	struct lbdr_route __rcu *route;	/* to addr, kept by route.c */
	spinlock_t route_lock;		/* route's writers */
	struct lbdr_est est;		/* under lbdr_mutex */
};

struct lbdr_table;

struct lbdr_service {
	struct hlist_node hnode;	/* in lbdr_net.svc_hash, RCU */
	struct rcu_head rcu;
	struct lbdr_svc_key key;
	u32 table_size;
	u32 persist;			/* seconds, 0: off */
	u8 persist_mask;		/* prefix length */
	u8 sched;
	u8 hash;
	u8 sloppy;
	u8 on_remove;
	__be32 tun_src4;		/* tunnels' outer source; 0: routing's */
	struct in6_addr tun_src6;	/* the same for IPv6; :: for routing's */
	atomic_t rr;			/* wrr position */
	struct list_head servers;	/* sorted by address */
	unsigned int nservers;
	struct lbdr_table __rcu *table;	/* NULL: no usable server */
	struct lbdr_stats __percpu *stats;
	struct lbdr_est est;		/* under lbdr_mutex */
};

u32 lbdr_svc_hash(const struct lbdr_svc_key *k);

/* Options of a service, as parsed from netlink. */
struct lbdr_svc_opts {
	u32 table_size;
	u32 persist;
	u8 persist_mask;
	u8 sched;
	u8 hash;
	u8 sloppy;
	u8 on_remove;
	__be32 tun_src4;
	struct in6_addr tun_src6;
};

/* Options of a real server; family is part of its identity. */
struct lbdr_srv_opts {
	u32 uthreshold;
	u32 lthreshold;
	u16 weight;
	u8 family;
	u8 method;
	u8 tun_csum;
	__be16 tun_port;
};

/* Order of servers in a service: family, then address. */
static inline int lbdr_server_cmp(const struct lbdr_server *srv, u8 family,
				  const union nf_inet_addr *addr)
{
	if (srv->family != family)
		return srv->family < family ? -1 : 1;
	return memcmp(&srv->addr, addr, sizeof(*addr));
}

#define LBDR_SVC_HASH_BITS	10

struct lbdr_service *lbdr_svc_find(struct net *net, const struct lbdr_svc_key *key);
struct lbdr_service *lbdr_svc_lookup_rcu(struct net *net, u8 family, u8 proto,
					 const union nf_inet_addr *daddr,
					 __be16 dport, u32 mark);
int lbdr_svc_add(struct net *net, const struct lbdr_svc_key *key,
		 const struct lbdr_svc_opts *opts, struct netlink_ext_ack *extack);
int lbdr_svc_update(struct net *net, struct lbdr_service *svc,
		    const struct lbdr_svc_opts *opts,
		    struct netlink_ext_ack *extack);
void lbdr_svc_del(struct net *net, struct lbdr_service *svc);
void lbdr_svc_flush(struct net *net);
struct lbdr_server *lbdr_server_find(struct lbdr_service *svc, u8 family,
				     const union nf_inet_addr *addr);
int lbdr_server_check(struct net *net, const struct lbdr_service *svc,
		      const union nf_inet_addr *addr,
		      const struct lbdr_srv_opts *opts,
		      struct netlink_ext_ack *extack);
int lbdr_server_add(struct net *net, struct lbdr_service *svc,
		    const union nf_inet_addr *addr,
		    const struct lbdr_srv_opts *opts,
		    struct netlink_ext_ack *extack);
int lbdr_server_update(struct net *net, struct lbdr_service *svc,
		       struct lbdr_server *srv,
		       const struct lbdr_srv_opts *opts,
		       struct netlink_ext_ack *extack);
void lbdr_server_del(struct net *net, struct lbdr_service *svc,
		     struct lbdr_server *srv);
struct lbdr_server *lbdr_server_alloc(const union nf_inet_addr *addr,
				      const struct lbdr_srv_opts *opts);
void lbdr_server_free(struct lbdr_server *srv);
void lbdr_server_put(struct lbdr_server *srv);
void lbdr_server_unlink(struct net *net, struct lbdr_service *svc,
			struct lbdr_server *srv);
void lbdr_svc_set_opts(struct lbdr_service *svc,
		       const struct lbdr_svc_opts *opts);
void lbdr_server_set_opts(struct lbdr_server *srv,
			  const struct lbdr_srv_opts *opts);

/* restore.c: a staged configuration, committed at once. */
struct lbdr_stage;
void lbdr_stage_discard(struct net *net, u32 portid);
struct lbdr_stage *lbdr_stage_get(struct net *net, u32 portid,
				  struct netlink_ext_ack *extack);
struct lbdr_config *lbdr_stage_config(struct lbdr_stage *st);
int lbdr_stage_begin(struct net *net, u32 portid,
		     struct netlink_ext_ack *extack);
struct lbdr_service *lbdr_stage_svc_find(struct lbdr_stage *st,
					 const struct lbdr_svc_key *key,
					 struct netlink_ext_ack *extack);
int lbdr_stage_svc_add(struct lbdr_stage *st, const struct lbdr_svc_key *key,
		       const struct lbdr_svc_opts *opts, bool replace,
		       struct netlink_ext_ack *extack);
int lbdr_stage_srv_add(struct net *net, struct lbdr_service *svc,
		       const union nf_inet_addr *addr,
		       const struct lbdr_srv_opts *opts, bool replace,
		       struct netlink_ext_ack *extack);
int lbdr_stage_commit(struct net *net, u32 portid,
		      struct netlink_ext_ack *extack);
int lbdr_nl_restore_begin(struct sk_buff *skb, struct genl_info *info);
int lbdr_nl_restore_commit(struct sk_buff *skb, struct genl_info *info);
int lbdr_nl_restore_abort(struct sk_buff *skb, struct genl_info *info);
int lbdr_restore_init(void);
void lbdr_restore_exit(void);

/* A server found under RCU may be on its way out: take it only if not. */
static inline bool lbdr_server_tryhold(struct lbdr_server *srv)
{
	return refcount_inc_not_zero(&srv->ref);
}

/*
 * A scheduler's table, built on the control path and published under
 * RCU: the usable servers (weight > 0) and, for maglev, sh and wrr, the
 * slots mapping a hash or a position to one of them.
 */
struct lbdr_table {
	struct rcu_head rcu;
	u8 sched;			/* enum lbdr_sched it was built for */
	u32 size;			/* slots; 0 for wlc */
	u32 nservers;
	struct lbdr_server **servers;
	u16 slot[];
};

/* maglev.c: consistent hashing. */
bool lbdr_is_prime(u32 n);
struct lbdr_table *lbdr_maglev_build(struct lbdr_server *const *servers,
				     unsigned int n, int family, u32 size);

/* sched.c: the schedulers, thresholds and persistence. */
struct lbdr_table *lbdr_table_build(u8 sched, struct lbdr_server *const *servers,
				    unsigned int n, int family, u32 size);
bool lbdr_server_overloaded(struct lbdr_server *srv);
bool lbdr_server_usable(struct lbdr_server *srv);

/* What scheduling and the connection table need of a packet. */
struct lbdr_flow {
	union nf_inet_addr saddr;
	union nf_inet_addr daddr;
	__be16 sport;
	__be16 dport;
	u8 family;
	u8 proto;
	u8 tcp_flags;			/* the TCP header's flag byte */
	u8 icmp;			/* an ICMP error about this flow */
	u16 tun_off;			/* frag-needed about a packet we may */
	u32 tun_mtu;			/* have tunnelled: where it is quoted */
};

u32 lbdr_flow_hash(const struct lbdr_flow *f, u8 mode);
struct lbdr_server *lbdr_schedule(struct net *net, struct lbdr_service *svc,
				  const struct lbdr_flow *f);
void lbdr_persist_extend(struct net *net, struct lbdr_service *svc,
			 const struct lbdr_flow *f, struct lbdr_server *srv,
			 u32 until);

/* state.c: TCP states from client->server packets only, and timeouts. */
/* enum lbdr_conn_state is in the uapi header: connection dumps carry it. */
#define LBDR_TCP_FIN	0x01
#define LBDR_TCP_SYN	0x02
#define LBDR_TCP_RST	0x04
#define LBDR_TCP_ACK	0x10

u8 lbdr_tcp_next(u8 state, u8 tcp_flags);
bool lbdr_tcp_syn_reschedules(u8 state);
u32 lbdr_state_timeout(const struct lbdr_config *cfg, u8 state);

/* conn.c: the connection table. */
struct lbdr_conn_key {
	union nf_inet_addr saddr;
	union nf_inet_addr daddr;
	__be16 sport;
	__be16 dport;
	u8 family;
	u8 proto;
	u8 template;			/* 1: a persistence template */
	u8 pad;
};

/*
 * One entry: 64 bytes, one cache line. No timer and no rcu_head: the GC
 * worker finds expired entries by their expiry time and frees them in
 * batches after a grace period.
 */
/* lbdr_conn.flags */
#define LBDR_CONN_F_UNLINKED	BIT(0)	/* out of the table, freed after RCU */

struct lbdr_conn {
	struct rhash_head node;
	struct lbdr_conn_key key;
	struct lbdr_server *srv;	/* READ_ONCE; changes under the lock */
	u32 expires;			/* lbdr_now() seconds */
	u8 state;
	u8 flags;
	u16 pad;
};

/* flowcache.c: the entries recent packets found (2 ways, 32 KiB). */
#define LBDR_FLOWCACHE_SETS	2048
#define LBDR_FLOWCACHE_WAYS	2

struct lbdr_flowcache {
	struct lbdr_conn **slot;	/* SETS * WAYS; RCU, see flowcache.c */
};

void lbdr_flowcache_boot(void);
int lbdr_flowcache_init(struct lbdr_flowcache *fc);
void lbdr_flowcache_destroy(struct lbdr_flowcache *fc);
struct lbdr_conn *lbdr_flowcache_get(struct lbdr_flowcache *fc,
				     const struct lbdr_conn_key *key);
void lbdr_flowcache_put(struct lbdr_flowcache *fc, struct lbdr_conn *c);
void lbdr_flowcache_forget(struct lbdr_flowcache *fc, struct lbdr_conn *c);

/* A walk over the table that may stop and resume. */
struct lbdr_conn_walk {
	struct rhashtable_iter iter;
	bool walking;			/* entered, end not reached yet */
	bool pending;			/* stopped on an entry not looked at */
	bool nomem;			/* the last step found no memory */
};

struct lbdr_conn_table {
	struct rhashtable ht;
	struct lbdr_flowcache fc;
	struct delayed_work gc;
	struct mutex gc_lock;		/* gc_walk, gc_soonest */
	struct lbdr_conn_walk gc_walk;
	u32 gc_soonest;			/* first expiry the pass has seen */
	u32 gc_next;			/* lbdr_now() the next pass is due */
	unsigned long gc_hurry;		/* jiffies the table was last full */
	struct net *net;
};

/* Seconds on a clock that does not wrap in practice; timeouts are >= 1 s. */
static inline u32 lbdr_now(void)
{
	return (u32)(get_jiffies_64() / HZ);
}

static inline bool lbdr_conn_expired(const struct lbdr_conn *c, u32 now)
{
	return (s32)(now - READ_ONCE(c->expires)) >= 0;
}

int lbdr_conn_init(void);
void lbdr_conn_exit(void);
int lbdr_conn_table_init(struct net *net, struct lbdr_conn_table *t);
void lbdr_conn_table_destroy(struct lbdr_conn_table *t);
void lbdr_conn_key_of(struct lbdr_conn_key *key, const struct lbdr_flow *f);
struct lbdr_conn *lbdr_conn_lookup(struct lbdr_conn_table *t,
				   const struct lbdr_conn_key *key);
struct lbdr_conn *lbdr_conn_insert(struct lbdr_conn_table *t, u32 max,
				   const struct lbdr_conn_key *key,
				   struct lbdr_server *srv, u8 state, u32 timeout);

bool lbdr_conn_set(struct lbdr_conn *c, struct lbdr_server *srv, u8 state,
		   u32 timeout);
typedef bool (*lbdr_conn_match_t)(const struct lbdr_conn *c, const void *arg);

unsigned int lbdr_conn_unlink(struct lbdr_conn_table *t,
			      struct lbdr_conn_walk *w, unsigned int budget,
			      lbdr_conn_match_t match, const void *arg);
int lbdr_conn_unlink_all(struct lbdr_conn_table *t, lbdr_conn_match_t match,
			 const void *arg);
void lbdr_conn_walk_abort(struct lbdr_conn_walk *w);
void lbdr_conn_flush(struct lbdr_conn_table *t);
unsigned int lbdr_conn_count(struct lbdr_conn_table *t);
unsigned int lbdr_conn_gc_run(struct lbdr_conn_table *t, unsigned int budget,
			      bool all);
void lbdr_conn_gc_due(struct lbdr_conn_table *t, u32 expires);

/* hook.c: the netfilter entry points, registered per family on demand. */
int lbdr_hook_get(struct net *net, u8 family);
void lbdr_hook_put(struct net *net, u8 family);

/* parse.c: the headers of a packet, on crafted skbs too (KUnit). */
enum lbdr_parse {
	LBDR_PARSE_PASS,		/* not ours: no TCP/UDP or an ICMP error */
	LBDR_PARSE_FLOW,		/* TCP or UDP, ports and flags read */
	LBDR_PARSE_ICMP,		/* an ICMP error about a TCP/UDP flow */
	LBDR_PARSE_MALFORMED,		/* a TCP or UDP header cut short */
};

enum lbdr_parse lbdr_parse_v4(const struct sk_buff *skb, struct lbdr_flow *f);
enum lbdr_parse lbdr_parse_v6(const struct sk_buff *skb, struct lbdr_flow *f);

/* route.c: routes to real servers, checked and kept. */
int lbdr_dr_check(struct net *net, u8 family, const union nf_inet_addr *addr,
		  struct netlink_ext_ack *extack);
int lbdr_tun_check(struct net *net, u8 family, const union nf_inet_addr *addr,
		   const union nf_inet_addr *src, struct netlink_ext_ack *extack);
bool lbdr_route_set(struct net *net, struct sk_buff *skb,
		    const struct lbdr_service *svc, struct lbdr_server *srv,
		    union nf_inet_addr *saddr);
void lbdr_tun_src(struct net *net, const struct lbdr_service *svc, u8 family,
		  union nf_inet_addr *src);
int lbdr_tun_src_local(struct net *net, __be32 src4,
		       const struct in6_addr *src6,
		       struct netlink_ext_ack *extack);
void lbdr_routes_drop(struct net *net);
void lbdr_route_drop(struct lbdr_server *srv);
void lbdr_svc_routes_drop(struct lbdr_service *svc);
void lbdr_route_free(struct lbdr_server *srv);
int lbdr_route_init(void);
void lbdr_route_exit(void);

/* xmit.c: direct-routing transmit; returns 0 or an lbdr_drop_reason. */
int lbdr_xmit_dr(struct net *net, struct sk_buff *skb,
		 const struct lbdr_service *svc, struct lbdr_server *srv);
bool lbdr_too_big4(const struct sk_buff *skb, unsigned int mtu);
bool lbdr_too_big6(const struct sk_buff *skb, unsigned int mtu);
void lbdr_unreach(struct sk_buff *skb, u8 family);

/* tunnel.c: IPIP and GUE encapsulation and transmit. */
struct lbdr_tun {
	union nf_inet_addr saddr;
	union nf_inet_addr daddr;
	u8 family;			/* outer */
	u8 method;			/* LBDR_METHOD_IPIP or _GUE */
	u8 csum;			/* GUE: UDP checksum */
	u8 ttl;
	__be16 df;			/* IPv4 outer: IP_DF or 0 */
	__be16 dport;			/* GUE */
	u32 hash;			/* the inner flow's: source port, label */
};

unsigned int lbdr_tun_overhead(u8 family, u8 method);
int lbdr_tun_push(struct net *net, struct sk_buff *skb, u8 inner_family,
		  const struct lbdr_tun *t);
int lbdr_xmit_tun(struct net *net, struct sk_buff *skb,
		  const struct lbdr_service *svc, struct lbdr_server *srv,
		  u32 hash);
void lbdr_tun_pmtu(struct net *net, struct sk_buff *skb,
		   const struct lbdr_flow *f);

/* netns.c: state of one network namespace. */
struct lbdr_drops {
	u64_stats_t n[LBDR_DROP_MAX + 1];
	struct u64_stats_sync syncp;
};

struct lbdr_net {
	struct lbdr_config config;
	struct hlist_head svc_hash[1 << LBDR_SVC_HASH_BITS];
	/*
	 * Users of each family's hook (v4, v6): its services, and tunnel
	 * servers of that family in services of the other, whose routers'
	 * ICMP errors teach the path MTU (tunnel.c).
	 */
	unsigned int hook_users[2];
	u32 gen;			/* bumped by every change, for dumps */
	struct lbdr_conn_table conns;
	struct lbdr_drops __percpu *drops;
	u64 drops_base[LBDR_DROP_MAX + 1];	/* at the last zero */
	struct lbdr_stage *stage;	/* an open restore, under lbdr_mutex */
	struct delayed_work est_work;	/* rates of every service and server */
};

struct lbdr_drops __percpu *lbdr_drops_alloc(void);
void lbdr_est_work(struct work_struct *work);
void lbdr_est_kick(struct lbdr_net *ln);
void lbdr_stats_zero(struct lbdr_net *ln);

static inline void lbdr_drop_count(struct lbdr_net *ln, int reason)
{
	struct lbdr_drops *d = this_cpu_ptr(ln->drops);

	u64_stats_update_begin(&d->syncp);
	u64_stats_inc(&d->n[reason]);
	u64_stats_update_end(&d->syncp);
}

extern unsigned int lbdr_net_id;

static inline struct lbdr_net *lbdr_pernet(const struct net *net)
{
	return net_generic(net, lbdr_net_id);
}

static inline u32 lbdr_conn_max(struct net *net)
{
	return READ_ONCE(lbdr_pernet(net)->config.val[LBDR_CONFIG_A_CONN_MAX]);
}

static inline int lbdr_family_index(u8 family)
{
	return family == AF_INET6;
}

/* A tunnel server of the other family: it holds its own family's hook. */
static inline bool lbdr_server_cross(const struct lbdr_service *svc,
				     const struct lbdr_server *srv)
{
	return srv->family != svc->key.family;
}

int lbdr_netns_init(void);
void lbdr_netns_exit(void);

/* genl.c: the generic netlink family; service_nl.c: its service commands. */
int lbdr_genl_init(void);
void lbdr_genl_exit(void);
struct sk_buff *lbdr_event_build(struct net *net, u8 cmd,
				 int (*fill)(struct sk_buff *skb, const void *arg),
				 const void *arg);
void lbdr_event_send(struct net *net, struct sk_buff *msg);
void lbdr_event(struct net *net, u8 cmd,
		int (*fill)(struct sk_buff *skb, const void *arg),
		const void *arg);
void lbdr_event_simple(struct net *net, u8 cmd);
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
int lbdr_nl_stats_get(struct sk_buff *skb, struct genl_info *info);
int lbdr_nl_stats_zero(struct sk_buff *skb, struct genl_info *info);

/* conn_nl.c: connection listing and deletion. */
extern const struct nla_policy lbdr_conn_policy[LBDR_CONN_A_MAX + 1];
int lbdr_nl_conn_dump_start(struct netlink_callback *cb);
int lbdr_nl_conn_dump(struct sk_buff *skb, struct netlink_callback *cb);
int lbdr_nl_conn_dump_done(struct netlink_callback *cb);
int lbdr_nl_conn_del(struct sk_buff *skb, struct genl_info *info);
extern struct genl_family lbdr_genl_family;

#endif /* _LBDR_H */
