// SPDX-License-Identifier: GPL-2.0
/*
 * The packet path's entry: PRE_ROUTING hooks for IPv4 and IPv6.
 *
 * They run after defragmentation and before conntrack, so a balanced flow
 * costs no conntrack entry and a fragmented datagram arrives whole. A
 * namespace gets the hook of a family only while it has a service of that
 * family. Packets that match no service go on untouched.
 *
 * Per packet: parse (parse.c), find the service, find the flow's entry
 * (conn.c); a known flow goes to its server, a new one to the scheduler's
 * choice (sched.c), and out by direct routing (xmit.c).
 */

#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "lbdr.h"

/* Send @skb to @srv and count it, or drop it and count why. */
static unsigned int lbdr_forward(struct net *net, struct sk_buff *skb,
				 struct lbdr_service *svc,
				 struct lbdr_server *srv,
				 const struct lbdr_flow *f, bool new_conn)
{
	unsigned int len = skb->len;
	int drop;

	if (READ_ONCE(srv->method) == LBDR_METHOD_DR)
		drop = lbdr_xmit_dr(net, skb, svc, srv);
	else
		drop = lbdr_xmit_tun(net, skb, svc, srv,
				     lbdr_flow_hash(f, LBDR_HASH_5TUPLE));
	if (drop) {
		lbdr_drop_count(lbdr_pernet(net), drop);
		return NF_DROP;
	}
	lbdr_stats_count(svc->stats, len, new_conn);
	lbdr_stats_count(srv->stats, len, new_conn);
	return NF_STOLEN;
}

static unsigned int lbdr_drop(struct net *net, int reason)
{
	lbdr_drop_count(lbdr_pernet(net), reason);
	return NF_DROP;
}

static unsigned int lbdr_no_server(struct net *net, struct sk_buff *skb,
				   const struct lbdr_flow *f)
{
	if (!f->icmp)
		lbdr_unreach(skb, f->family);
	return lbdr_drop(net, LBDR_DROP_NO_SERVER);
}

/* Only a SYN opens a TCP connection. */
static bool lbdr_is_syn(const struct lbdr_flow *f)
{
	return f->proto == IPPROTO_TCP &&
	       (f->tcp_flags & (LBDR_TCP_SYN | LBDR_TCP_ACK | LBDR_TCP_FIN |
				LBDR_TCP_RST)) == LBDR_TCP_SYN;
}

static u8 lbdr_first_state(const struct lbdr_flow *f)
{
	if (f->proto != IPPROTO_TCP)
		return LBDR_CS_UDP;
	return lbdr_tcp_next(LBDR_CS_NONE, f->tcp_flags);
}

/*
 * A packet of a flow with an entry. The established path: no lock, no
 * allocation; the entry is written only when its state changes or its
 * expiry moves by a second.
 */
static unsigned int lbdr_handle_conn(struct net *net, struct sk_buff *skb,
				     struct lbdr_service *svc,
				     const struct lbdr_flow *f,
				     struct lbdr_conn *c, u32 now)
{
	const struct lbdr_config *cfg = &lbdr_pernet(net)->config;
	struct lbdr_server *srv = READ_ONCE(c->srv);
	u8 state = READ_ONCE(c->state), next;
	u32 expires;

	if (lbdr_conn_expired(c, now)) {
		/* As if there were no entry; GC has not reaped it yet. */
		if (f->proto == IPPROTO_TCP && !lbdr_is_syn(f) &&
		    !READ_ONCE(svc->sloppy))
			return lbdr_drop(net, LBDR_DROP_NO_CONN);
		goto reschedule;
	}
	if (lbdr_is_syn(f) &&
	    (lbdr_tcp_syn_reschedules(state) || !lbdr_server_usable(srv)))
		goto reschedule;
	if (READ_ONCE(srv->dead)) {
		if (READ_ONCE(svc->on_remove) == LBDR_ON_REMOVE_RESCHEDULE)
			goto reschedule;
		WRITE_ONCE(c->expires, now);
		lbdr_conn_gc_due(&lbdr_pernet(net)->conns, now);
		return lbdr_drop(net, LBDR_DROP_SERVER_GONE);
	}

	next = f->proto == IPPROTO_TCP ? lbdr_tcp_next(state, f->tcp_flags) :
					 state;
	expires = now + lbdr_state_timeout(cfg, next);
	if (next != state) {
		lbdr_conn_set(c, NULL, next, lbdr_state_timeout(cfg, next));
		lbdr_conn_gc_due(&lbdr_pernet(net)->conns, expires);
		lbdr_persist_extend(net, svc, f, srv, expires);
	} else if (READ_ONCE(c->expires) != expires) {
		/* Sooner than before: the timeout was lowered; tell the GC. */
		if ((s32)(expires - READ_ONCE(c->expires)) < 0)
			lbdr_conn_gc_due(&lbdr_pernet(net)->conns, expires);
		WRITE_ONCE(c->expires, expires);
		lbdr_persist_extend(net, svc, f, srv, expires);
	}
	return lbdr_forward(net, skb, svc, srv, f, false);

reschedule:
	srv = lbdr_schedule(net, svc, f);
	if (!srv)
		return lbdr_no_server(net, skb, f);
	next = lbdr_first_state(f);
	if (!lbdr_conn_set(c, srv, next, lbdr_state_timeout(cfg, next)))
		return lbdr_no_server(net, skb, f);
	lbdr_conn_gc_due(&lbdr_pernet(net)->conns,
			 now + lbdr_state_timeout(cfg, next));
	return lbdr_forward(net, skb, svc, srv, f, true);
}

/* The first packet of a flow (or one a standby picks up: sloppy). */
static unsigned int lbdr_handle_new(struct net *net, struct sk_buff *skb,
				    struct lbdr_service *svc,
				    const struct lbdr_flow *f,
				    const struct lbdr_conn_key *key)
{
	const struct lbdr_config *cfg = &lbdr_pernet(net)->config;
	struct lbdr_server *srv;
	struct lbdr_conn *c;
	u8 state;

	if (f->proto == IPPROTO_TCP && !lbdr_is_syn(f) &&
	    !READ_ONCE(svc->sloppy))
		return lbdr_drop(net, LBDR_DROP_NO_CONN);
	srv = lbdr_schedule(net, svc, f);
	if (!srv)
		return lbdr_no_server(net, skb, f);
	/* A reset ends what it would open: forward it, keep nothing. */
	if (f->tcp_flags & LBDR_TCP_RST)
		return lbdr_forward(net, skb, svc, srv, f, false);

	state = lbdr_first_state(f);
	c = lbdr_conn_insert(&lbdr_pernet(net)->conns, lbdr_conn_max(net), key,
			     srv, state, lbdr_state_timeout(cfg, state));
	if (IS_ERR(c)) {
		if (PTR_ERR(c) == -ENOSPC)
			return lbdr_drop(net, LBDR_DROP_TABLE_FULL);
		if (PTR_ERR(c) == -ESTALE)
			return lbdr_no_server(net, skb, f);
		/* No memory: the flow still goes where its hash says. */
	} else {
		/* Another CPU may have placed the flow first. */
		srv = READ_ONCE(c->srv);
	}
	return lbdr_forward(net, skb, svc, srv, f, true);
}

/*
 * An ICMP error about a reply a real server sent from the VIP: it goes to
 * the server that owns the flow (path MTU discovery needs it there), or
 * to the one the scheduler would pick for it.
 */
static unsigned int lbdr_handle_icmp(struct net *net, struct sk_buff *skb,
				     struct lbdr_service *svc,
				     const struct lbdr_flow *f,
				     const struct lbdr_conn_key *key)
{
	struct lbdr_conn *c = lbdr_conn_lookup(&lbdr_pernet(net)->conns, key);
	struct lbdr_server *srv = NULL;

	if (c && !lbdr_conn_expired(c, lbdr_now()))
		srv = READ_ONCE(c->srv);
	if (!srv || READ_ONCE(srv->dead))
		srv = lbdr_schedule(net, svc, f);
	if (!srv)
		return lbdr_no_server(net, skb, f);
	return lbdr_forward(net, skb, svc, srv, f, false);
}

static unsigned int lbdr_handle(struct net *net, struct sk_buff *skb,
				const struct lbdr_flow *f, enum lbdr_parse res)
{
	struct lbdr_service *svc;
	struct lbdr_conn_key key;
	struct lbdr_conn *c;

	if (res == LBDR_PARSE_PASS)
		goto pass;
	svc = lbdr_svc_lookup_rcu(net, f->family, f->proto, &f->daddr,
				  f->dport, skb->mark);
	if (!svc)
		goto pass;
	if (res == LBDR_PARSE_MALFORMED)
		return lbdr_drop(net, LBDR_DROP_MALFORMED);

	lbdr_conn_key_of(&key, f);
	if (res == LBDR_PARSE_ICMP)
		return lbdr_handle_icmp(net, skb, svc, f, &key);
	c = lbdr_conn_lookup(&lbdr_pernet(net)->conns, &key);
	if (c)
		return lbdr_handle_conn(net, skb, svc, f, c, lbdr_now());
	return lbdr_handle_new(net, skb, svc, f, &key);

pass:
	/* The path beyond our link may be narrower than the tunnel thinks. */
	if (unlikely(f->tun_mtu))
		lbdr_tun_pmtu(net, skb, f);
	return NF_ACCEPT;
}

static unsigned int lbdr_hook_v4(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct lbdr_flow f;

	return lbdr_handle(state->net, skb, &f, lbdr_parse_v4(skb, &f));
}

static unsigned int lbdr_hook_v6(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct lbdr_flow f;

	return lbdr_handle(state->net, skb, &f, lbdr_parse_v6(skb, &f));
}

static const struct nf_hook_ops lbdr_nf_ops[2] = {
	{
		.hook = lbdr_hook_v4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_CONNTRACK - 1,
	},
	{
		.hook = lbdr_hook_v6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_CONNTRACK - 1,
	},
};

static int lbdr_defrag_enable(struct net *net, u8 family)
{
	return family == AF_INET6 ? nf_defrag_ipv6_enable(net) :
				    nf_defrag_ipv4_enable(net);
}

static void lbdr_defrag_disable(struct net *net, u8 family)
{
	if (family == AF_INET6)
		nf_defrag_ipv6_disable(net);
	else
		nf_defrag_ipv4_disable(net);
}

/* A user of @family's hook comes (lbdr_net.hook_users): hook it if first. */
int lbdr_hook_get(struct net *net, u8 family)
{
	struct lbdr_net *ln = lbdr_pernet(net);
	int idx = lbdr_family_index(family);
	int err;

	lockdep_assert_held(&lbdr_mutex);
	if (ln->hook_users[idx]++)
		return 0;
	err = lbdr_defrag_enable(net, family);
	if (err)
		goto err_defrag;
	err = nf_register_net_hook(net, &lbdr_nf_ops[idx]);
	if (err)
		goto err_hook;
	return 0;

err_hook:
	lbdr_defrag_disable(net, family);
err_defrag:
	ln->hook_users[idx]--;
	return err;
}

void lbdr_hook_put(struct net *net, u8 family)
{
	struct lbdr_net *ln = lbdr_pernet(net);
	int idx = lbdr_family_index(family);

	lockdep_assert_held(&lbdr_mutex);
	if (--ln->hook_users[idx])
		return;
	nf_unregister_net_hook(net, &lbdr_nf_ops[idx]);
	lbdr_defrag_disable(net, family);
}
