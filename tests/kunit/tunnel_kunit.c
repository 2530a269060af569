// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the tunnel encapsulation builder (module/tunnel.c) on
 * crafted skbs: IPIP and GUE, over IPv4 and IPv6, same and mixed family.
 * Checked: every outer header field, the IPv4 header checksum, the GUE
 * UDP checksum once finished as a device would (skb_checksum_help()), the
 * source port and flow label taken from the flow hash, and the client's
 * packet left byte for byte as it came.
 */

#include <kunit/test.h>
#include <linux/skbuff.h>
#include <net/ip6_checksum.h>

#include "../../module/tunnel.c"
#include "../../module/xmit.c"

/* route.c is not part of this suite: no packet is sent here. */
bool lbdr_route_set(struct net *net, struct sk_buff *skb,
		    const struct lbdr_service *svc, struct lbdr_server *srv,
		    union nf_inet_addr *saddr)
{
	return false;
}

#define LB4	0xc0000202	/* 192.0.2.2, the balancer */
#define RS4	0xcb007105	/* 203.0.113.5, a real server */
#define CLIENT4	0xc6336407	/* 198.51.100.7 */
#define VIP4	0xc0000201	/* 192.0.2.1 */
#define HASH	0x9e3779b9	/* any flow hash */

static const struct in6_addr lb6 = { { {
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02 } } };
static const struct in6_addr rs6 = { { {
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05 } } };
static const struct in6_addr client6 = { { {
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x07 } } };
static const struct in6_addr vip6 = { { {
	0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 } } };

#define HEADROOM	128
#define PAYLOAD		37	/* odd: checksums must handle the last byte */

/*
 * A client's UDP datagram to the VIP as the hook sees it: data and network
 * header at the IP header, transport header set, DSCP 0x28 with ECT(0).
 */
static struct sk_buff *client_skb(struct kunit *test, u8 family,
				  unsigned int room)
{
	unsigned int l3 = family == AF_INET6 ? sizeof(struct ipv6hdr) :
					       sizeof(struct iphdr);
	unsigned int len = l3 + sizeof(struct udphdr) + PAYLOAD;
	struct sk_buff *skb = alloc_skb(room + len, GFP_KERNEL);
	struct udphdr *uh;
	u8 *payload;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, room);
	skb_put(skb, len);
	memset(skb->data, 0, len);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, l3);
	if (family == AF_INET6) {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		ip6_flow_hdr(ip6h, 0x2a, htonl(0x12345));
		ip6h->payload_len = htons(len - l3);
		ip6h->nexthdr = IPPROTO_UDP;
		ip6h->hop_limit = 63;
		ip6h->saddr = client6;
		ip6h->daddr = vip6;
		skb->protocol = htons(ETH_P_IPV6);
	} else {
		struct iphdr *iph = ip_hdr(skb);

		iph->version = 4;
		iph->ihl = 5;
		iph->tos = 0x2a;
		iph->tot_len = htons(len);
		iph->frag_off = htons(IP_DF);
		iph->ttl = 63;
		iph->protocol = IPPROTO_UDP;
		iph->saddr = htonl(CLIENT4);
		iph->daddr = htonl(VIP4);
		ip_send_check(iph);
		skb->protocol = htons(ETH_P_IP);
	}
	uh = udp_hdr(skb);
	uh->source = htons(40000);
	uh->dest = htons(53);
	uh->len = htons(len - l3);
	payload = (u8 *)(uh + 1);
	for (i = 0; i < PAYLOAD; i++)
		payload[i] = i * 7 + 1;
	skb->ip_summed = CHECKSUM_NONE;
	return skb;
}

static struct lbdr_tun tun(u8 family, u8 method, bool csum)
{
	struct lbdr_tun t = {
		.family = family, .method = method, .csum = csum,
		.ttl = 64, .df = htons(IP_DF), .dport = htons(6080),
		.hash = HASH,
	};

	if (family == AF_INET6) {
		t.saddr.in6 = lb6;
		t.daddr.in6 = rs6;
	} else {
		t.saddr.ip = htonl(LB4);
		t.daddr.ip = htonl(RS4);
	}
	return t;
}

/*
 * Encapsulate a fresh client packet of @inner as @t says; check the inner
 * packet is intact behind @overhead bytes and return the skb.
 */
static struct sk_buff *encap(struct kunit *test, u8 inner,
			     const struct lbdr_tun *t)
{
	struct sk_buff *skb = client_skb(test, inner, HEADROOM);
	unsigned int overhead = lbdr_tun_overhead(t->family, t->method);
	unsigned int len = skb->len;
	u8 *copy = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, skb->data, len);
	KUNIT_ASSERT_EQ(test, 0, lbdr_tun_push(&init_net, skb, inner, t));
	KUNIT_EXPECT_EQ(test, len + overhead, skb->len);
	KUNIT_EXPECT_PTR_EQ(test, skb->data, skb_network_header(skb));
	KUNIT_EXPECT_EQ(test, 0, memcmp(skb->data + overhead, copy, len));
	return skb;
}

static void check_outer4(struct kunit *test, struct sk_buff *skb, u8 proto)
{
	struct iphdr *iph = ip_hdr(skb);

	KUNIT_EXPECT_EQ(test, 4, (int)iph->version);
	KUNIT_EXPECT_EQ(test, 5, (int)iph->ihl);
	KUNIT_EXPECT_EQ(test, proto, iph->protocol);
	KUNIT_EXPECT_EQ(test, skb->len, ntohs(iph->tot_len));
	KUNIT_EXPECT_EQ(test, htonl(LB4), iph->saddr);
	KUNIT_EXPECT_EQ(test, htonl(RS4), iph->daddr);
	KUNIT_EXPECT_EQ(test, 64, iph->ttl);
	KUNIT_EXPECT_EQ(test, 0x2a, iph->tos);	/* DSCP and ECN copied */
	KUNIT_EXPECT_EQ(test, htons(IP_DF), iph->frag_off);
	KUNIT_EXPECT_EQ(test, 0, (int)ip_fast_csum(iph, iph->ihl));
	KUNIT_EXPECT_EQ(test, htons(ETH_P_IP), skb->protocol);
}

static void check_outer6(struct kunit *test, struct sk_buff *skb, u8 proto)
{
	struct ipv6hdr *ip6h = ipv6_hdr(skb);

	KUNIT_EXPECT_EQ(test, 6, (int)ip6h->version);
	KUNIT_EXPECT_EQ(test, proto, ip6h->nexthdr);
	KUNIT_EXPECT_EQ(test, skb->len - sizeof(*ip6h), ntohs(ip6h->payload_len));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&lb6, &ip6h->saddr));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&rs6, &ip6h->daddr));
	KUNIT_EXPECT_EQ(test, 64, ip6h->hop_limit);
	KUNIT_EXPECT_EQ(test, 0x2a, ipv6_get_dsfield(ip6h));
	/* The flow label is the flow hash's low 20 bits. */
	KUNIT_EXPECT_EQ(test, htonl(HASH & 0xfffff), ip6_flowlabel(ip6h));
	KUNIT_EXPECT_EQ(test, htons(ETH_P_IPV6), skb->protocol);
}

/* GUE variant 0 with no options, and its UDP header, behind @l3 bytes. */
static void check_gue(struct kunit *test, struct sk_buff *skb,
		      unsigned int l3, u8 inner_proto)
{
	struct udphdr *uh = (struct udphdr *)(skb->data + l3);
	struct guehdr *gh = (struct guehdr *)(uh + 1);
	int lo, hi;

	KUNIT_EXPECT_PTR_EQ(test, (void *)uh, (void *)udp_hdr(skb));
	KUNIT_EXPECT_EQ(test, htons(6080), uh->dest);
	KUNIT_EXPECT_EQ(test, skb->len - l3, ntohs(uh->len));
	inet_get_local_port_range(&init_net, &lo, &hi);
	KUNIT_EXPECT_GE(test, ntohs(uh->source), lo);
	KUNIT_EXPECT_LE(test, ntohs(uh->source), hi);
	KUNIT_EXPECT_EQ(test, 0, (int)gh->version);
	KUNIT_EXPECT_EQ(test, 0, (int)gh->control);
	KUNIT_EXPECT_EQ(test, 0, (int)gh->hlen);
	KUNIT_EXPECT_EQ(test, 0, (int)gh->flags);
	KUNIT_EXPECT_EQ(test, inner_proto, gh->proto_ctype);
}

/* The UDP checksum as a receiver verifies it: 0 when the sum is right. */
static __sum16 udp_verify(struct kunit *test, struct sk_buff *skb, u8 family)
{
	unsigned int off = skb_transport_offset(skb), len = skb->len - off;
	__wsum sum;

	if (skb->ip_summed == CHECKSUM_PARTIAL)
		KUNIT_ASSERT_EQ(test, 0, skb_checksum_help(skb));
	KUNIT_EXPECT_NE(test, 0, (int)udp_hdr(skb)->check);
	sum = skb_checksum(skb, off, len, 0);
	if (family == AF_INET6)
		return csum_ipv6_magic(&ipv6_hdr(skb)->saddr,
				       &ipv6_hdr(skb)->daddr, len, IPPROTO_UDP,
				       sum);
	return csum_tcpudp_magic(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr, len,
				 IPPROTO_UDP, sum);
}

static void lbdr_tun_overhead_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 20, lbdr_tun_overhead(AF_INET, LBDR_METHOD_IPIP));
	KUNIT_EXPECT_EQ(test, 40, lbdr_tun_overhead(AF_INET6, LBDR_METHOD_IPIP));
	KUNIT_EXPECT_EQ(test, 32, lbdr_tun_overhead(AF_INET, LBDR_METHOD_GUE));
	KUNIT_EXPECT_EQ(test, 52, lbdr_tun_overhead(AF_INET6, LBDR_METHOD_GUE));
}

static void lbdr_tun_ipip4_test(struct kunit *test)
{
	struct lbdr_tun t = tun(AF_INET, LBDR_METHOD_IPIP, false);
	struct sk_buff *skb = encap(test, AF_INET, &t);

	check_outer4(test, skb, IPPROTO_IPIP);
	kfree_skb(skb);
}

/* A client packet without DF: the outer one may be fragmented. */
static void lbdr_tun_ipip4_nodf_test(struct kunit *test)
{
	struct lbdr_tun t = tun(AF_INET, LBDR_METHOD_IPIP, false);
	struct sk_buff *skb;

	t.df = 0;
	skb = encap(test, AF_INET, &t);
	KUNIT_EXPECT_EQ(test, 0, (int)ip_hdr(skb)->frag_off);
	KUNIT_EXPECT_EQ(test, 0, (int)ip_fast_csum(ip_hdr(skb), 5));
	kfree_skb(skb);
}

static void lbdr_tun_ip6ip6_test(struct kunit *test)
{
	struct lbdr_tun t = tun(AF_INET6, LBDR_METHOD_IPIP, false);
	struct sk_buff *skb = encap(test, AF_INET6, &t);

	check_outer6(test, skb, IPPROTO_IPV6);
	kfree_skb(skb);
}

/* Mixed families: IPv6 in IPv4 (a sit endpoint) and IPv4 in IPv6. */
static void lbdr_tun_mixed_test(struct kunit *test)
{
	struct lbdr_tun t4 = tun(AF_INET, LBDR_METHOD_IPIP, false);
	struct lbdr_tun t6 = tun(AF_INET6, LBDR_METHOD_IPIP, false);
	struct sk_buff *skb;

	skb = encap(test, AF_INET6, &t4);
	check_outer4(test, skb, IPPROTO_IPV6);
	kfree_skb(skb);
	skb = encap(test, AF_INET, &t6);
	check_outer6(test, skb, IPPROTO_IPIP);
	kfree_skb(skb);
}

static void lbdr_tun_gue4_test(struct kunit *test)
{
	struct lbdr_tun t = tun(AF_INET, LBDR_METHOD_GUE, false);
	struct sk_buff *skb = encap(test, AF_INET, &t);

	check_outer4(test, skb, IPPROTO_UDP);
	check_gue(test, skb, sizeof(struct iphdr), IPPROTO_IPIP);
	KUNIT_EXPECT_EQ(test, 0, (int)udp_hdr(skb)->check);	/* csum off */
	kfree_skb(skb);
}

static void lbdr_tun_gue4_csum_test(struct kunit *test)
{
	struct lbdr_tun t = tun(AF_INET, LBDR_METHOD_GUE, true);
	struct sk_buff *skb = encap(test, AF_INET6, &t);

	check_outer4(test, skb, IPPROTO_UDP);
	check_gue(test, skb, sizeof(struct iphdr), IPPROTO_IPV6);
	KUNIT_EXPECT_EQ(test, 0, (int)udp_verify(test, skb, AF_INET));
	kfree_skb(skb);
}

static void lbdr_tun_gue6_csum_test(struct kunit *test)
{
	struct lbdr_tun t = tun(AF_INET6, LBDR_METHOD_GUE, true);
	struct sk_buff *skb = encap(test, AF_INET, &t);

	check_outer6(test, skb, IPPROTO_UDP);
	check_gue(test, skb, sizeof(struct ipv6hdr), IPPROTO_IPIP);
	KUNIT_EXPECT_EQ(test, 0, (int)udp_verify(test, skb, AF_INET6));
	kfree_skb(skb);
}

/* One flow, one source port; flows spread over the ephemeral range. */
static void lbdr_tun_sport_test(struct kunit *test)
{
	int lo, hi;

	inet_get_local_port_range(&init_net, &lo, &hi);
	KUNIT_EXPECT_EQ(test, lbdr_tun_sport(&init_net, HASH),
			lbdr_tun_sport(&init_net, HASH));
	KUNIT_EXPECT_EQ(test, lo, ntohs(lbdr_tun_sport(&init_net, 0)));
	KUNIT_EXPECT_LT(test, ntohs(lbdr_tun_sport(&init_net, U32_MAX)), hi);
	KUNIT_EXPECT_GT(test, ntohs(lbdr_tun_sport(&init_net, U32_MAX)),
			(lo + hi) / 2);
	KUNIT_EXPECT_NE(test, lbdr_tun_sport(&init_net, HASH),
			lbdr_tun_sport(&init_net, ~HASH));
}

/* Without the room, nothing is written and the caller drops the packet. */
static void lbdr_tun_headroom_test(struct kunit *test)
{
	struct lbdr_tun t = tun(AF_INET6, LBDR_METHOD_GUE, false);
	struct sk_buff *skb;
	unsigned int len;

	/* 51 bytes: one short of IPv6, UDP and GUE. */
	skb = client_skb(test, AF_INET, 51);
	KUNIT_ASSERT_EQ(test, 51, skb_headroom(skb));
	len = skb->len;
	KUNIT_EXPECT_EQ(test, -ENOBUFS,
			lbdr_tun_push(&init_net, skb, AF_INET, &t));
	KUNIT_EXPECT_EQ(test, 51, skb_headroom(skb));
	KUNIT_EXPECT_EQ(test, len, skb->len);
	kfree_skb(skb);
}

static struct kunit_case lbdr_tunnel_cases[] = {
	KUNIT_CASE(lbdr_tun_overhead_test),
	KUNIT_CASE(lbdr_tun_ipip4_test),
	KUNIT_CASE(lbdr_tun_ipip4_nodf_test),
	KUNIT_CASE(lbdr_tun_ip6ip6_test),
	KUNIT_CASE(lbdr_tun_mixed_test),
	KUNIT_CASE(lbdr_tun_gue4_test),
	KUNIT_CASE(lbdr_tun_gue4_csum_test),
	KUNIT_CASE(lbdr_tun_gue6_csum_test),
	KUNIT_CASE(lbdr_tun_sport_test),
	KUNIT_CASE(lbdr_tun_headroom_test),
	{}
};

static struct kunit_suite lbdr_tunnel_suite = {
	.name = "lbdr_tunnel",
	.test_cases = lbdr_tunnel_cases,
};

kunit_test_suite(lbdr_tunnel_suite);
