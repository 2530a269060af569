// SPDX-License-Identifier: GPL-2.0
/*
 * Direct-routing transmit: the packet keeps its IP header (destination:
 * the VIP) and leaves on the real server's link addressed to the real
 * server's MAC, through IP output and the neighbour layer like any routed
 * packet, so a packet to a server not yet resolved waits in the neighbour
 * queue instead of being lost. The route comes from route.c.
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

/* Would forwarding refuse @skb for this MTU? As ip_forward() decides. */
bool lbdr_too_big4(const struct sk_buff *skb, unsigned int mtu)
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
bool lbdr_too_big6(const struct sk_buff *skb, unsigned int mtu)
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
 * Hand @skb, IP header untouched, to IP output towards @srv, and return 0;
 * or return why not (enum lbdr_drop_reason) and leave @skb to the caller.
 * A DF packet too big for the server's link gets ICMP frag-needed (or
 * packet-too-big) back to the client, as a router would send. Output
 * re-fragments a reassembled datagram and queues the packet while the
 * neighbour resolves.
 */
int lbdr_xmit_dr(struct net *net, struct sk_buff *skb,
		 const struct lbdr_service *svc, struct lbdr_server *srv)
{
	u8 family = svc->key.family;
	union nf_inet_addr unused;
	unsigned int mtu;

	if (!lbdr_route_set(net, skb, svc, srv, &unused))
		return LBDR_DROP_NO_ROUTE;
	mtu = dst_mtu(skb_dst(skb));
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
