// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnel transmit: the client's packet, untouched, inside an outer IPv4 or
 * IPv6 header (IPIP), or inside UDP and a GUE variant 0 header in one (GUE,
 * as IPVS's --tun-type gue), to a real server anywhere routable. Servers
 * decapsulate with the kernel's own devices (tunl0, sit0, ip6tnl0, "ip fou
 * add ... gue") and reply to the client directly.
 *
 * The outer UDP source port and IPv6 flow label come from the inner flow's
 * hash: the servers' RSS spreads flows as it would without a tunnel.
 *
 * Outer packets leave through dst_output(), not ip_local_out(): like the
 * direct-routing path they never meet conntrack on the balancer.
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/dsfield.h>
#include <net/gue.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/udp.h>

#include "lbdr.h"

/* Bytes an encapsulation adds in front of the client's packet. */
unsigned int lbdr_tun_overhead(u8 family, u8 method)
{
	unsigned int len = family == AF_INET6 ? sizeof(struct ipv6hdr) :
						sizeof(struct iphdr);

	if (method == LBDR_METHOD_GUE)
		len += sizeof(struct udphdr) + sizeof(struct guehdr);
	return len;
}

/* The UDP source port for a flow hash, in the ephemeral range (as fou). */
static __be16 lbdr_tun_sport(struct net *net, u32 hash)
{
	int lo, hi;

	inet_get_local_port_range(net, &lo, &hi);
	return htons((((u64)hash * (hi - lo)) >> 32) + lo);
}

static void lbdr_push_gue(struct net *net, struct sk_buff *skb, u8 proto,
			  const struct lbdr_tun *t)
{
	struct guehdr *gh;
	struct udphdr *uh;

	gh = skb_push(skb, sizeof(*gh));
	gh->word = 0;			/* variant 0, no options, no flags */
	gh->proto_ctype = proto;

	uh = skb_push(skb, sizeof(*uh));
	skb_reset_transport_header(skb);
	uh->source = lbdr_tun_sport(net, t->hash);
	uh->dest = t->dport;
	uh->len = htons(skb->len);
	uh->check = 0;
}

/*
 * Put @t's headers in front of @skb, whose data and network header are
 * the client's packet of @inner_family, with the room made. Leaves the
 * network header at the outer one. Offloads are the caller's business;
 * the GUE checksum is computed or set up for offload here (udp_set_csum).
 */
int lbdr_tun_push(struct net *net, struct sk_buff *skb, u8 inner_family,
		  const struct lbdr_tun *t)
{
	u8 proto = inner_family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IPIP;
	u8 dsfield = inner_family == AF_INET6 ?
		     ipv6_get_dsfield(ipv6_hdr(skb)) :
		     ipv4_get_dsfield(ip_hdr(skb));
	unsigned int len;

	if (skb_headroom(skb) < lbdr_tun_overhead(t->family, t->method))
		return -ENOBUFS;
	if (t->method == LBDR_METHOD_GUE) {
		lbdr_push_gue(net, skb, proto, t);
		proto = IPPROTO_UDP;
	}
	len = skb->len;

	if (t->family == AF_INET6) {
		struct ipv6hdr *ip6h = skb_push(skb, sizeof(*ip6h));

		skb_reset_network_header(skb);
		ip6_flow_hdr(ip6h, dsfield,
			     (htonl(t->hash) & IPV6_FLOWLABEL_MASK) ?: htonl(1));
		ip6h->payload_len = htons(len);
		ip6h->nexthdr = proto;
		ip6h->hop_limit = t->ttl;
		ip6h->saddr = t->saddr.in6;
		ip6h->daddr = t->daddr.in6;
		if (t->method == LBDR_METHOD_GUE)
			udp6_set_csum(!t->csum, skb, &ip6h->saddr,
				      &ip6h->daddr, len);
		skb->protocol = htons(ETH_P_IPV6);
	} else {
		struct iphdr *iph = skb_push(skb, sizeof(*iph));

		skb_reset_network_header(skb);
		iph->version = 4;
		iph->ihl = sizeof(*iph) >> 2;
		iph->tos = dsfield;
		iph->tot_len = htons(skb->len);
		iph->frag_off = t->df;
		iph->ttl = t->ttl;
		iph->protocol = proto;
		iph->saddr = t->saddr.ip;
		iph->daddr = t->daddr.ip;
		ip_select_ident(net, skb, NULL);
		ip_send_check(iph);
		if (t->method == LBDR_METHOD_GUE)
			udp_set_csum(!t->csum, skb, iph->saddr, iph->daddr, len);
		skb->protocol = htons(ETH_P_IP);
	}
	return 0;
}

/* GSO types the stack needs to segment what we built, as IPVS sets them. */
static int lbdr_tun_offloads(struct sk_buff *skb, u8 inner_family,
			     const struct lbdr_tun *t)
{
	int type = t->family == AF_INET6 ? SKB_GSO_IPXIP6 : SKB_GSO_IPXIP4;

	if (t->method == LBDR_METHOD_GUE)
		type |= t->csum ? SKB_GSO_UDP_TUNNEL_CSUM : SKB_GSO_UDP_TUNNEL;
	if (iptunnel_handle_offloads(skb, type))
		return -ENOMEM;
	skb_set_inner_ipproto(skb, inner_family == AF_INET6 ? IPPROTO_IPV6 :
							       IPPROTO_IPIP);
	return 0;
}

/*
 * As a router would: a DF packet (any IPv6 one) too big for the tunnel
 * gets frag-needed or packet-too-big with the tunnel's MTU. Returns the
 * outer DF bit, or -1 if @skb was refused. An IPv4 packet without DF, or
 * an IPv6 one within the IPv6 minimum MTU, may still exceed the tunnel:
 * then the outer packet is fragmented, and the server reassembles it.
 */
static int lbdr_tun_mtu(struct sk_buff *skb, u8 inner_family,
			unsigned int mtu)
{
	if (inner_family == AF_INET6) {
		if (lbdr_too_big6(skb, max_t(unsigned int, mtu, IPV6_MIN_MTU))) {
			skb_dst_drop(skb);
			icmpv6_send(skb, ICMPV6_PKT_TOOBIG, 0,
				    max_t(u32, mtu, IPV6_MIN_MTU));
			return -1;
		}
		return skb->len > mtu ? 0 : IP_DF;
	}
	if (lbdr_too_big4(skb, mtu)) {
		/*
		 * icmp_send() takes the packet's route for an IPv4 one: give
		 * it the input route, not the tunnel's (maybe IPv6).
		 */
		skb_dst_drop(skb);
		if (!ip_route_input_noref(skb, ip_hdr(skb)->daddr,
					  ip_hdr(skb)->saddr, ip_hdr(skb)->tos,
					  skb->dev))
			icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
				  htonl(mtu));
		return -1;
	}
	return ip_hdr(skb)->frag_off & htons(IP_DF) ? IP_DF : 0;
}

/*
 * An ICMP frag-needed or packet-too-big quoting a packet this host sent
 * that may be a tunnelled one: the path to a real server is narrower than
 * the balancer's link. Lower the route's MTU, as the kernel's tunnel
 * devices do (ipip_err(), ip6_tnl_err()); kept routes see it through
 * dst_check(), and the next client packet too big for the tunnel gets its
 * ICMP error. The stack still gets the error (NF_ACCEPT) for its sockets.
 */
void lbdr_tun_pmtu(struct net *net, struct sk_buff *skb,
		   const struct lbdr_flow *f)
{
	unsigned int off = f->tun_off;
	unsigned int hlen = f->family == AF_INET6 ? sizeof(struct ipv6hdr) :
						    sizeof(struct iphdr);

	/* The update functions read the quoted header at skb->data. */
	if (!pskb_may_pull(skb, off + hlen))
		return;
	__skb_pull(skb, off);
	if (f->family == AF_INET6)
		ip6_update_pmtu(skb, net, htonl(f->tun_mtu), 0, 0,
				sock_net_uid(net, NULL));
	else
		ipv4_update_pmtu(skb, net, f->tun_mtu, 0,
				 ((struct iphdr *)skb->data)->protocol);
	__skb_push(skb, off);
}

/*
 * Encapsulate @skb for @srv and hand it to IP output; return 0, or why
 * not (enum lbdr_drop_reason) with @skb left to the caller.
 */
int lbdr_xmit_tun(struct net *net, struct sk_buff *skb,
		  const struct lbdr_service *svc, struct lbdr_server *srv,
		  u32 hash)
{
	u8 inner_family = svc->key.family;
	struct lbdr_tun t = {
		.family = srv->family,
		.method = READ_ONCE(srv->method),
		.csum = READ_ONCE(srv->tun_csum),
		.dport = READ_ONCE(srv->tun_port),
		.daddr = srv->addr,
		.hash = hash,
	};
	unsigned int overhead = lbdr_tun_overhead(t.family, t.method);
	struct dst_entry *dst;
	unsigned int mtu;
	int df;

	if (!lbdr_route_set(net, skb, svc, srv, &t.saddr))
		return LBDR_DROP_NO_ROUTE;
	dst = skb_dst(skb);
	mtu = dst_mtu(dst);
	mtu = mtu > overhead + IPV4_MIN_MTU ? mtu - overhead : IPV4_MIN_MTU;
	df = lbdr_tun_mtu(skb, inner_family, mtu);
	if (df < 0)
		return LBDR_DROP_MTU;

	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) + overhead) ||
	    lbdr_tun_offloads(skb, inner_family, &t))
		return LBDR_DROP_NOMEM;
	/* The inner header's parse state means nothing to the outer one. */
	memset(skb->cb, 0, max(sizeof(struct inet_skb_parm),
			       sizeof(struct inet6_skb_parm)));
	if (t.family == AF_INET6) {
		t.ttl = ip6_dst_hoplimit(dst);
		/* A fragmentable inner packet may be fragmented outside. */
		skb->ignore_df = !df;
	} else {
		t.ttl = ip4_dst_hoplimit(dst);
		t.df = htons(df);
		skb->ignore_df = 0;
	}
	if (lbdr_tun_push(net, skb, inner_family, &t))
		return LBDR_DROP_NOMEM;
	if (t.family == AF_INET6)
		IP6CB(skb)->nhoff = offsetof(struct ipv6hdr, nexthdr);
	dst_output(net, NULL, skb);
	return 0;
}
