// SPDX-License-Identifier: GPL-2.0
/*
 * The packet path's entry: PRE_ROUTING hooks for IPv4 and IPv6.
 *
 * They run after defragmentation and before conntrack, so a balanced flow
 * costs no conntrack entry and a fragmented datagram arrives whole. A
 * namespace gets the hook of a family only while it has a service of that
 * family. Packets that match no service go on untouched.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/siphash.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "lbdr.h"

/* What scheduling needs of a packet. */
struct lbdr_flow {
	union nf_inet_addr saddr;
	union nf_inet_addr daddr;
	__be16 sport;
	__be16 dport;
	u8 proto;
};

/* Fixed, so that every balancer hashes a flow the same way (failover). */
static const siphash_key_t lbdr_flow_key = {
	{ 0x6c6264722d666c6fULL, 0x772d686173682d31ULL }
};

static u32 lbdr_flow_hash(const struct lbdr_flow *f, u8 family, u8 mode)
{
	size_t alen = family == AF_INET6 ? 16 : 4;
	struct {
		u8 saddr[16];
		u8 daddr[16];
		__be16 sport, dport;
		u32 proto;
	} in = {};

	memcpy(in.saddr, &f->saddr, alen);
	if (mode == LBDR_HASH_SADDR)
		return (u32)siphash(in.saddr, alen, &lbdr_flow_key);
	memcpy(in.daddr, &f->daddr, alen);
	in.sport = f->sport;
	in.dport = f->dport;
	in.proto = f->proto;
	return (u32)siphash(&in, sizeof(in), &lbdr_flow_key);
}

/* Ports of a TCP or UDP packet; false for anything we do not balance. */
static bool lbdr_parse_ports(const struct sk_buff *skb, unsigned int thoff,
			     struct lbdr_flow *f)
{
	__be16 _ports[2];
	const __be16 *ports;

	if (f->proto != IPPROTO_TCP && f->proto != IPPROTO_UDP)
		return false;
	ports = skb_header_pointer(skb, thoff, sizeof(_ports), _ports);
	if (!ports)
		return false;
	f->sport = ports[0];
	f->dport = ports[1];
	return true;
}

static unsigned int lbdr_handle(struct net *net, struct sk_buff *skb,
				u8 family, const struct lbdr_flow *f)
{
	struct lbdr_service *svc;
	struct lbdr_maglev *mg;
	struct lbdr_server *srv;

	svc = lbdr_svc_lookup_rcu(net, family, f->proto, &f->daddr, f->dport,
				  skb->mark);
	if (!svc)
		return NF_ACCEPT;

	mg = rcu_dereference(svc->maglev);
	if (!mg)
		return NF_DROP;
	srv = lbdr_maglev_pick(mg, lbdr_flow_hash(f, family, READ_ONCE(svc->hash)));
	return lbdr_xmit_dr(net, skb, family, &srv->addr);
}

static unsigned int lbdr_hook_v4(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct lbdr_flow f = {};

	/* ip_rcv() validated the header; fragments were reassembled. */
	if (ip_is_fragment(iph))
		return NF_ACCEPT;
	f.proto = iph->protocol;
	f.saddr.ip = iph->saddr;
	f.daddr.ip = iph->daddr;
	if (!lbdr_parse_ports(skb, ip_hdrlen(skb), &f))
		return NF_ACCEPT;
	return lbdr_handle(state->net, skb, AF_INET, &f);
}

static unsigned int lbdr_hook_v6(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct lbdr_flow f = {};
	__be16 frag_off;
	u8 nexthdr = ip6h->nexthdr;
	int thoff;

	thoff = ipv6_skip_exthdr(skb, sizeof(*ip6h), &nexthdr, &frag_off);
	if (thoff < 0 || (frag_off & htons(~0x7)))
		return NF_ACCEPT;
	f.proto = nexthdr;
	f.saddr.in6 = ip6h->saddr;
	f.daddr.in6 = ip6h->daddr;
	if (!lbdr_parse_ports(skb, thoff, &f))
		return NF_ACCEPT;
	return lbdr_handle(state->net, skb, AF_INET6, &f);
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

/* A service of @family is being added: hook that family if it is the first. */
int lbdr_hook_get(struct net *net, u8 family)
{
	struct lbdr_net *ln = lbdr_pernet(net);
	int idx = lbdr_family_index(family);
	int err;

	lockdep_assert_held(&lbdr_mutex);
	if (ln->nsvc[idx]++)
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
	ln->nsvc[idx]--;
	return err;
}

void lbdr_hook_put(struct net *net, u8 family)
{
	struct lbdr_net *ln = lbdr_pernet(net);
	int idx = lbdr_family_index(family);

	lockdep_assert_held(&lbdr_mutex);
	if (--ln->nsvc[idx])
		return;
	nf_unregister_net_hook(net, &lbdr_nf_ops[idx]);
	lbdr_defrag_disable(net, family);
}
