// SPDX-License-Identifier: GPL-2.0
/*
 * Direct-routing transmit: the packet keeps its IP header (destination:
 * the VIP) and leaves on the real server's link addressed to the real
 * server's MAC, through IP output and the neighbour layer like any routed
 * packet, so a packet to a server not yet resolved waits in the neighbour
 * queue instead of being lost.
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/netdevice.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ip6_route.h>
#include <net/route.h>

#include "lbdr.h"

#define LBDR_MSG_LOCAL	"the real server's address is local"
#define LBDR_MSG_OFFLINK "real server not on a directly connected network"

/* The on-link route to @addr, for configuration checks; or an ERR_PTR. */
static struct dst_entry *lbdr_route4(struct net *net, __be32 addr,
				     struct netlink_ext_ack *extack)
{
	struct flowi4 fl4 = { .daddr = addr };
	struct rtable *rt = ip_route_output_key(net, &fl4);

	if (IS_ERR(rt)) {
		NL_SET_ERR_MSG(extack, "no route to the real server");
		return ERR_CAST(rt);
	}
	if (rt->rt_type == RTN_LOCAL) {
		NL_SET_ERR_MSG(extack, LBDR_MSG_LOCAL);
		ip_rt_put(rt);
		return ERR_PTR(-EINVAL);
	}
	if (rt->rt_gw_family || rt->rt_type != RTN_UNICAST) {
		NL_SET_ERR_MSG(extack, LBDR_MSG_OFFLINK);
		ip_rt_put(rt);
		return ERR_PTR(-EHOSTUNREACH);
	}
	return &rt->dst;
}

static struct dst_entry *lbdr_route6(struct net *net, const struct in6_addr *addr,
				     struct netlink_ext_ack *extack)
{
	struct flowi6 fl6 = { .daddr = *addr };
	struct dst_entry *dst = ip6_route_output(net, NULL, &fl6);
	struct rt6_info *rt = (struct rt6_info *)dst;
	int err = dst->error;

	if (err) {
		NL_SET_ERR_MSG(extack, "no route to the real server");
		dst_release(dst);
		return ERR_PTR(err);
	}
	if (rt->rt6i_flags & RTF_LOCAL) {
		NL_SET_ERR_MSG(extack, LBDR_MSG_LOCAL);
		dst_release(dst);
		return ERR_PTR(-EINVAL);
	}
	if (rt->rt6i_flags & (RTF_GATEWAY | RTF_REJECT)) {
		NL_SET_ERR_MSG(extack, LBDR_MSG_OFFLINK);
		dst_release(dst);
		return ERR_PTR(-EHOSTUNREACH);
	}
	return dst;
}

/* Configuration time: refuse a real server direct routing cannot reach. */
int lbdr_dr_check(struct net *net, u8 family, const union nf_inet_addr *addr,
		  struct netlink_ext_ack *extack)
{
	struct dst_entry *dst = family == AF_INET6 ?
				lbdr_route6(net, &addr->in6, extack) :
				lbdr_route4(net, addr->ip, extack);

	if (IS_ERR(dst))
		return PTR_ERR(dst);
	dst_release(dst);
	return 0;
}

/*
 * A route to @rip whose next hop is @rip itself (FLOWI_FLAG_KNOWN_NH, as
 * IPVS asks for): IP output then resolves the real server's MAC, not the
 * VIP's the packet is addressed to. Such routes are not cached.
 */
static struct dst_entry *lbdr_route_nh(struct net *net, u8 family,
				       const union nf_inet_addr *rip)
{
	struct flowi4 fl4 = {
		.daddr = rip->ip,
		.flowi4_flags = FLOWI_FLAG_KNOWN_NH,
	};
	struct flowi6 fl6 = {
		.daddr = rip->in6,
		.flowi6_flags = FLOWI_FLAG_KNOWN_NH,
	};
	struct dst_entry *dst;
	struct rtable *rt;

	if (family == AF_INET6) {
		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error || (((struct rt6_info *)dst)->rt6i_flags &
				   (RTF_GATEWAY | RTF_LOCAL | RTF_REJECT))) {
			dst_release(dst);
			return NULL;
		}
		return dst;
	}
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return NULL;
	if (rt->rt_uses_gateway || rt->rt_type != RTN_UNICAST) {
		ip_rt_put(rt);
		return NULL;
	}
	return &rt->dst;
}

/* Would forwarding refuse @skb for this MTU? As ip_forward() decides. */
static bool lbdr_too_big4(const struct sk_buff *skb, unsigned int mtu)
{
	if (skb->len <= mtu || !(ip_hdr(skb)->frag_off & htons(IP_DF)))
		return false;
	/* A datagram defrag reassembled from DF fragments: keep their size. */
	if (IPCB(skb)->frag_max_size > mtu)
		return true;
	if (skb->ignore_df)
		return false;
	return !skb_is_gso(skb) || !skb_gso_validate_network_len(skb, mtu);
}

/* As ip6_forward() decides: IPv6 routers never fragment. */
static bool lbdr_too_big6(const struct sk_buff *skb, unsigned int mtu)
{
	if (skb->len <= mtu)
		return false;
	if (IP6CB(skb)->frag_max_size && IP6CB(skb)->frag_max_size > mtu)
		return true;
	if (skb->ignore_df)
		return false;
	return !skb_is_gso(skb) || !skb_gso_validate_network_len(skb, mtu);
}

/*
 * Hand @skb, IP header untouched, to IP output towards @rip, and return 0;
 * or return why not (enum lbdr_drop_reason) and leave @skb to the caller.
 * A DF packet too big for the server's link gets ICMP frag-needed (or
 * packet-too-big) back to the client, as a router would send. Output
 * re-fragments a reassembled datagram and queues the packet while the
 * neighbour resolves.
 */
int lbdr_xmit_dr(struct net *net, struct sk_buff *skb, u8 family,
		 const union nf_inet_addr *rip)
{
	struct dst_entry *dst = lbdr_route_nh(net, family, rip);
	unsigned int mtu;

	if (!dst)
		return LBDR_DROP_NO_ROUTE;

	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	mtu = dst_mtu(dst);
	if (family == AF_INET6) {
		if (lbdr_too_big6(skb, mtu)) {
			/* icmpv6_send() needs the device the packet came in on. */
			icmpv6_send(skb, ICMPV6_PKT_TOOBIG, 0, max_t(u32, mtu, IPV6_MIN_MTU));
			return LBDR_DROP_MTU;
		}
	} else if (lbdr_too_big4(skb, mtu)) {
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
		return LBDR_DROP_MTU;
	}
	skb_forward_csum(skb);
	dst_output(net, NULL, skb);
	return 0;
}

/*
 * No real server can take the packet: tell the client, as IPVS does, with
 * ICMP port unreachable. The hook runs before routing; ICMPv6 routes its
 * error itself, ICMP needs the packet's input route to pick a source.
 */
void lbdr_unreach(struct sk_buff *skb, u8 family)
{
	if (family == AF_INET6) {
		icmpv6_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH, 0);
		return;
	}
	if (!skb_dst(skb) &&
	    ip_route_input_noref(skb, ip_hdr(skb)->daddr, ip_hdr(skb)->saddr,
				 ip_hdr(skb)->tos, skb->dev))
		return;
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
}
