// SPDX-License-Identifier: GPL-2.0
/*
 * What the packet path reads of a packet: addresses, ports and TCP flags
 * of a TCP or UDP packet, or, for an ICMP error about a reply a real
 * server sent from the VIP, the flow that reply belongs to.
 *
 * Runs after defragmentation and the IP layer's header checks; everything
 * past the IP header is read with skb_header_pointer(), so a short or
 * non-linear packet is safe. The KUnit suite feeds it crafted skbs.
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "lbdr.h"

/* Ports, and for TCP the flags, of the header at @thoff. */
static enum lbdr_parse lbdr_parse_l4(const struct sk_buff *skb,
				     unsigned int thoff, struct lbdr_flow *f)
{
	struct tcphdr _th;
	const struct tcphdr *th;
	const __be16 *ports;
	__be16 _ports[2];

	if (f->proto != IPPROTO_TCP && f->proto != IPPROTO_UDP)
		return LBDR_PARSE_PASS;
	ports = skb_header_pointer(skb, thoff, sizeof(_ports), _ports);
	if (!ports)
		return LBDR_PARSE_MALFORMED;
	f->sport = ports[0];
	f->dport = ports[1];

	if (f->proto == IPPROTO_UDP)
		return skb->len - thoff < sizeof(struct udphdr) ?
		       LBDR_PARSE_MALFORMED : LBDR_PARSE_FLOW;
	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th || th->doff < sizeof(_th) / 4)
		return LBDR_PARSE_MALFORMED;
	/* FIN, SYN, RST, PSH, ACK, URG: the byte after the data offset. */
	f->tcp_flags = ((const u8 *)th)[13];
	return LBDR_PARSE_FLOW;
}

/*
 * The embedded packet at @off went VIP:port -> client: describe the
 * client->VIP flow it belongs to. @outer_daddr must be the embedded
 * source (the error went back to the VIP).
 */
static enum lbdr_parse lbdr_parse_embedded(const struct sk_buff *skb,
					   unsigned int off, u8 proto,
					   struct lbdr_flow *f)
{
	const __be16 *ports;
	__be16 _ports[2];

	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP)
		return LBDR_PARSE_PASS;
	ports = skb_header_pointer(skb, off, sizeof(_ports), _ports);
	if (!ports)
		return LBDR_PARSE_PASS;
	swap(f->saddr, f->daddr);
	f->proto = proto;
	f->sport = ports[1];
	f->dport = ports[0];
	f->icmp = 1;
	return LBDR_PARSE_ICMP;
}

/* Could a packet of @proto be one of our tunnels' (IPIP, GUE)? */
static bool lbdr_tun_proto(u8 proto)
{
	return proto == IPPROTO_IPIP || proto == IPPROTO_IPV6 ||
	       proto == IPPROTO_UDP;
}

static enum lbdr_parse lbdr_parse_icmp4(const struct sk_buff *skb,
					unsigned int thoff, struct lbdr_flow *f)
{
	const struct icmphdr *ih;
	const struct iphdr *iph;
	struct icmphdr _ih;
	struct iphdr _iph;

	ih = skb_header_pointer(skb, thoff, sizeof(_ih), &_ih);
	if (!ih || !icmp_is_err(ih->type))
		return LBDR_PARSE_PASS;
	thoff += sizeof(_ih);
	iph = skb_header_pointer(skb, thoff, sizeof(_iph), &_iph);
	if (!iph || iph->ihl < 5 || iph->version != 4 ||
	    (iph->frag_off & htons(IP_OFFSET)) || iph->saddr != f->daddr.ip)
		return LBDR_PARSE_PASS;
	if (ih->type == ICMP_DEST_UNREACH && ih->code == ICMP_FRAG_NEEDED &&
	    lbdr_tun_proto(iph->protocol)) {
		f->tun_off = thoff;
		f->tun_mtu = ntohs(ih->un.frag.mtu);
	}
	/* f holds the outer addresses; the embedded ones are the reply's. */
	f->saddr.ip = iph->saddr;
	f->daddr.ip = iph->daddr;
	return lbdr_parse_embedded(skb, thoff + iph->ihl * 4, iph->protocol, f);
}

enum lbdr_parse lbdr_parse_v4(const struct sk_buff *skb, struct lbdr_flow *f)
{
	const struct iphdr *iph = ip_hdr(skb);

	memset(f, 0, sizeof(*f));
	f->family = AF_INET;
	/* Defrag reassembled what it could; a fragment left is not ours. */
	if (ip_is_fragment(iph))
		return LBDR_PARSE_PASS;
	f->proto = iph->protocol;
	f->saddr.ip = iph->saddr;
	f->daddr.ip = iph->daddr;
	if (f->proto == IPPROTO_ICMP)
		return lbdr_parse_icmp4(skb, ip_hdrlen(skb), f);
	return lbdr_parse_l4(skb, ip_hdrlen(skb), f);
}

static enum lbdr_parse lbdr_parse_icmp6(const struct sk_buff *skb,
					unsigned int thoff, struct lbdr_flow *f)
{
	const struct icmp6hdr *ih;
	const struct ipv6hdr *ip6h;
	struct icmp6hdr _ih;
	struct ipv6hdr _ip6h;
	__be16 frag_off;
	u8 nexthdr;
	int off;

	ih = skb_header_pointer(skb, thoff, sizeof(_ih), &_ih);
	if (!ih || (ih->icmp6_type & ICMPV6_INFOMSG_MASK))
		return LBDR_PARSE_PASS;
	thoff += sizeof(_ih);
	ip6h = skb_header_pointer(skb, thoff, sizeof(_ip6h), &_ip6h);
	if (!ip6h || ip6h->version != 6 ||
	    !ipv6_addr_equal(&ip6h->saddr, &f->daddr.in6))
		return LBDR_PARSE_PASS;
	nexthdr = ip6h->nexthdr;
	off = ipv6_skip_exthdr(skb, thoff + sizeof(_ip6h), &nexthdr, &frag_off);
	if (off < 0 || (frag_off & htons(~0x7)))
		return LBDR_PARSE_PASS;
	if (ih->icmp6_type == ICMPV6_PKT_TOOBIG && lbdr_tun_proto(nexthdr)) {
		f->tun_off = thoff;
		f->tun_mtu = ntohl(ih->icmp6_mtu);
	}
	f->saddr.in6 = ip6h->saddr;
	f->daddr.in6 = ip6h->daddr;
	return lbdr_parse_embedded(skb, off, nexthdr, f);
}

enum lbdr_parse lbdr_parse_v6(const struct sk_buff *skb, struct lbdr_flow *f)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	u8 nexthdr = ip6h->nexthdr;
	__be16 frag_off;
	int thoff;

	memset(f, 0, sizeof(*f));
	f->family = AF_INET6;
	thoff = ipv6_skip_exthdr(skb, sizeof(*ip6h), &nexthdr, &frag_off);
	if (thoff < 0 || (frag_off & htons(~0x7)))
		return LBDR_PARSE_PASS;
	f->proto = nexthdr;
	f->saddr.in6 = ip6h->saddr;
	f->daddr.in6 = ip6h->daddr;
	if (f->proto == IPPROTO_ICMPV6)
		return lbdr_parse_icmp6(skb, thoff, f);
	return lbdr_parse_l4(skb, thoff, f);
}
