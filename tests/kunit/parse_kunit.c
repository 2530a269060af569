// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for packet parsing (module/parse.c) on crafted skbs: TCP and
 * UDP over IPv4 and IPv6, transport headers cut short or malformed,
 * fragments, IPv6 extension headers, ICMP and ICMPv6 errors about a reply
 * a real server sent from the VIP, and headers split into a page fragment.
 *
 * Each skb starts at its IP header, as in the PRE_ROUTING hook.
 */

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/skbuff.h>
#include <net/ndisc.h>
#include <net/tcp.h>

#include "../../module/parse.c"

/* Documentation addresses: a client, the VIP, a router on the path. */
#define CLIENT4		0xc6336407	/* 198.51.100.7 */
#define VIP4		0xc0000201	/* 192.0.2.1 */
#define ROUTER4		0xcb007101	/* 203.0.113.1 */
#define OTHER4		0xc0000263	/* 192.0.2.99 */
#define CPORT		40000
#define VPORT		80

/*
 * 2001:db8::7, 2001:db8:ffff::1, 2001:db8:1::1, 2001:db8:ffff::99. All 16
 * bytes spelt out: with "[15] = x", GCC 12 folded ipv6_addr_equal()'s
 * reads of these constants without the last byte.
 */
static const struct in6_addr client6 = { { {
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x07 } } };
static const struct in6_addr vip6 = { { {
	0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 } } };
static const struct in6_addr router6 = { { {
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 } } };
static const struct in6_addr other6 = { { {
	0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x99 } } };

/* A packet being built, from its IP header on. */
struct pkt {
	u8 data[256] __aligned(8);
	unsigned int len;
};

static void *pkt_put(struct kunit *test, struct pkt *p, unsigned int len)
{
	void *at = p->data + p->len;

	KUNIT_ASSERT_LE(test, p->len + len, sizeof(p->data));
	memset(at, 0, len);
	p->len += len;
	return at;
}

/* An IPv4 header with a length fit for an embedded one; ip4_done() fixes it. */
static struct iphdr *put_ip4(struct kunit *test, struct pkt *p, u8 proto,
			     u32 saddr, u32 daddr)
{
	struct iphdr *iph = pkt_put(test, p, sizeof(*iph));

	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(1500);
	iph->ttl = 64;
	iph->protocol = proto;
	iph->saddr = htonl(saddr);
	iph->daddr = htonl(daddr);
	return iph;
}

/* The outer header's length, as the IP layer leaves it (trimmed skb). */
static void ip4_done(struct pkt *p)
{
	((struct iphdr *)p->data)->tot_len = htons(p->len);
}

static struct ipv6hdr *put_ip6(struct kunit *test, struct pkt *p, u8 nexthdr,
			       const struct in6_addr *saddr,
			       const struct in6_addr *daddr)
{
	struct ipv6hdr *ip6h = pkt_put(test, p, sizeof(*ip6h));

	ip6h->version = 6;
	ip6h->payload_len = htons(1460);
	ip6h->nexthdr = nexthdr;
	ip6h->hop_limit = 64;
	ip6h->saddr = *saddr;
	ip6h->daddr = *daddr;
	return ip6h;
}

static void ip6_done(struct pkt *p)
{
	((struct ipv6hdr *)p->data)->payload_len =
		htons(p->len - sizeof(struct ipv6hdr));
}

/* Hop-by-hop or destination options: 8 bytes, one PadN option. */
static void put_opts6(struct kunit *test, struct pkt *p, u8 nexthdr)
{
	u8 *h = pkt_put(test, p, 8);

	h[0] = nexthdr;
	h[1] = 0;
	h[2] = IPV6_TLV_PADN;
	h[3] = 4;
}

/* A fragment header at @offset (in bytes, a multiple of 8). */
static void put_frag6(struct kunit *test, struct pkt *p, u8 nexthdr,
		      u16 offset, bool more)
{
	struct frag_hdr *fh = pkt_put(test, p, sizeof(*fh));

	fh->nexthdr = nexthdr;
	fh->frag_off = htons(offset | more);
	fh->identification = htonl(0x1234);
}

static struct tcphdr *put_tcp(struct kunit *test, struct pkt *p, u16 sport,
			      u16 dport, u8 flags)
{
	struct tcphdr *th = pkt_put(test, p, sizeof(*th));

	th->source = htons(sport);
	th->dest = htons(dport);
	th->seq = htonl(1);
	th->doff = sizeof(*th) / 4;
	((u8 *)th)[13] = flags;
	th->window = htons(65535);
	return th;
}

static void put_udp(struct kunit *test, struct pkt *p, u16 sport, u16 dport)
{
	struct udphdr *uh = pkt_put(test, p, sizeof(*uh));

	uh->source = htons(sport);
	uh->dest = htons(dport);
	uh->len = htons(sizeof(*uh));
}

static void put_icmp(struct kunit *test, struct pkt *p, u8 type, u8 code)
{
	struct icmphdr *ih = pkt_put(test, p, sizeof(*ih));

	ih->type = type;
	ih->code = code;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		ih->un.frag.mtu = htons(1400);
}

static void put_icmp6(struct kunit *test, struct pkt *p, u8 type, u8 code)
{
	struct icmp6hdr *ih = pkt_put(test, p, sizeof(*ih));

	ih->icmp6_type = type;
	ih->icmp6_code = code;
	if (type == ICMPV6_PKT_TOOBIG)
		ih->icmp6_mtu = htonl(1280);
}

static int skb_res_init(struct kunit_resource *res, void *skb)
{
	res->data = skb;
	return 0;
}

static void skb_res_free(struct kunit_resource *res)
{
	kfree_skb(res->data);
}

/*
 * @p as a received skb, freed when the test ends. The first @linear bytes
 * are in the skb's head, the rest in a page fragment.
 */
static struct sk_buff *pkt_skb(struct kunit *test, const struct pkt *p,
			       unsigned int linear)
{
	struct sk_buff *skb;
	struct page *page;

	linear = min(linear, p->len);
	skb = alloc_skb(LL_MAX_HEADER + linear, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	if (!kunit_alloc_resource(test, skb_res_init, skb_res_free, GFP_KERNEL,
				  skb)) {
		kfree_skb(skb);
		KUNIT_ASSERT_FAILURE(test, "no memory for the resource");
	}
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	skb_put_data(skb, p->data, linear);
	if (p->len > linear) {
		page = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, page);
		memcpy(page_address(page), p->data + linear, p->len - linear);
		skb_add_rx_frag(skb, 0, page, 0, p->len - linear, PAGE_SIZE);
	}
	skb->protocol = htons(p->data[0] >> 4 == 6 ? ETH_P_IPV6 : ETH_P_IP);
	KUNIT_ASSERT_EQ(test, p->len, skb->len);
	return skb;
}

static enum lbdr_parse parse(struct kunit *test, const struct pkt *p,
			     unsigned int linear, struct lbdr_flow *f)
{
	struct sk_buff *skb = pkt_skb(test, p, linear);

	/* Stale values must not survive the parse. */
	memset(f, 0xa5, sizeof(*f));
	if (skb->protocol == htons(ETH_P_IPV6))
		return lbdr_parse_v6(skb, f);
	return lbdr_parse_v4(skb, f);
}

#define ALL	UINT_MAX	/* the whole packet linear */

static void expect_flow4(struct kunit *test, const struct lbdr_flow *f,
			 u8 proto, u32 saddr, u32 daddr, u16 sport, u16 dport)
{
	KUNIT_EXPECT_EQ(test, AF_INET, f->family);
	KUNIT_EXPECT_EQ(test, proto, f->proto);
	KUNIT_EXPECT_EQ(test, htonl(saddr), f->saddr.ip);
	KUNIT_EXPECT_EQ(test, htonl(daddr), f->daddr.ip);
	KUNIT_EXPECT_EQ(test, htons(sport), f->sport);
	KUNIT_EXPECT_EQ(test, htons(dport), f->dport);
}

static void expect_flow6(struct kunit *test, const struct lbdr_flow *f,
			 u8 proto, const struct in6_addr *saddr,
			 const struct in6_addr *daddr, u16 sport, u16 dport)
{
	KUNIT_EXPECT_EQ(test, AF_INET6, f->family);
	KUNIT_EXPECT_EQ(test, proto, f->proto);
	KUNIT_EXPECT_TRUE_MSG(test, ipv6_addr_equal(saddr, &f->saddr.in6),
			      "saddr %pI6c, want %pI6c", &f->saddr.in6, saddr);
	KUNIT_EXPECT_TRUE_MSG(test, ipv6_addr_equal(daddr, &f->daddr.in6),
			      "daddr %pI6c, want %pI6c", &f->daddr.in6, daddr);
	KUNIT_EXPECT_EQ(test, htons(sport), f->sport);
	KUNIT_EXPECT_EQ(test, htons(dport), f->dport);
}

static void lbdr_parse_tcp4_test(struct kunit *test)
{
	struct lbdr_flow f;
	struct pkt p = {};

	put_ip4(test, &p, IPPROTO_TCP, CLIENT4, VIP4);
	put_tcp(test, &p, CPORT, VPORT, TCPHDR_SYN | TCPHDR_ECE | TCPHDR_CWR);
	ip4_done(&p);
	KUNIT_EXPECT_EQ(test, LBDR_PARSE_FLOW, parse(test, &p, ALL, &f));
	expect_flow4(test, &f, IPPROTO_TCP, CLIENT4, VIP4, CPORT, VPORT);
	/* The whole flag byte, as lbdr_tcp_next() expects it. */
	KUNIT_EXPECT_EQ(test, TCPHDR_SYN | TCPHDR_ECE | TCPHDR_CWR, f.tcp_flags);
	KUNIT_EXPECT_EQ(test, 0, f.icmp);
}

/* IP options: the transport header is where ihl says. */
static void lbdr_parse_tcp4_options_test(struct kunit *test)
{
	struct lbdr_flow f;
	struct pkt p = {};
	struct iphdr *iph;
	u8 *opt;

	iph = put_ip4(test, &p, IPPROTO_TCP, CLIENT4, VIP4);
	iph->ihl = 7;
	opt = pkt_put(test, &p, 8);
	memset(opt, IPOPT_NOOP, 7);
	opt[7] = IPOPT_END;
	put_tcp(test, &p, CPORT, VPORT, TCPHDR_ACK | TCPHDR_PSH);
	ip4_done(&p);
	KUNIT_EXPECT_EQ(test, LBDR_PARSE_FLOW, parse(test, &p, ALL, &f));
	expect_flow4(test, &f, IPPROTO_TCP, CLIENT4, VIP4, CPORT, VPORT);
	KUNIT_EXPECT_EQ(test, TCPHDR_ACK | TCPHDR_PSH, f.tcp_flags);
}

static void lbdr_parse_udp4_test(struct kunit *test)
{
	struct lbdr_flow f;
	struct pkt p = {};

	put_ip4(test, &p, IPPROTO_UDP, CLIENT4, VIP4);
	put_udp(test, &p, CPORT, 53);
	memset(pkt_put(test, &p, 12), 0x42, 12);
	ip4_done(&p);
	KUNIT_EXPECT_EQ(test, LBDR_PARSE_FLOW, parse(test, &p, ALL, &f));
	expect_flow4(test, &f, IPPROTO_UDP, CLIENT4, VIP4, CPORT, 53);
	KUNIT_EXPECT_EQ(test, 0, f.tcp_flags);
	KUNIT_EXPECT_EQ(test, 0, f.icmp);
}

static void lbdr_parse_tcp6_test(struct kunit *test)
{
	struct lbdr_flow f;
	struct pkt p = {};

	put_ip6(test, &p, IPPROTO_TCP, &client6, &vip6);
	put_tcp(test, &p, CPORT, 443, TCPHDR_FIN | TCPHDR_ACK);
	ip6_done(&p);
	KUNIT_EXPECT_EQ(test, LBDR_PARSE_FLOW, parse(test, &p, ALL, &f));
	expect_flow6(test, &f, IPPROTO_TCP, &client6, &vip6, CPORT, 443);
	KUNIT_EXPECT_EQ(test, TCPHDR_FIN | TCPHDR_ACK, f.tcp_flags);
	KUNIT_EXPECT_EQ(test, 0, f.icmp);
}

static void lbdr_parse_udp6_test(struct kunit *test)
{
	struct lbdr_flow f;
	struct pkt p = {};

	put_ip6(test, &p, IPPROTO_UDP, &client6, &vip6);
	put_udp(test, &p, CPORT, 443);
	ip6_done(&p);
	KUNIT_EXPECT_EQ(test, LBDR_PARSE_FLOW, parse(test, &p, ALL, &f));
	expect_flow6(test, &f, IPPROTO_UDP, &client6, &vip6, CPORT, 443);
}

/* Extension headers before TCP are skipped. */
static void lbdr_parse_exthdr6_test(struct kunit *test)
{
	struct lbdr_flow f;
	struct pkt p = {};

	put_ip6(test, &p, NEXTHDR_HOP, &client6, &vip6);
	put_opts6(test, &p, NEXTHDR_DEST);
	put_opts6(test, &p, IPPROTO_TCP);
	put_tcp(test, &p, CPORT, 443, TCPHDR_SYN);
	ip6_done(&p);
	KUNIT_EXPECT_EQ(test, LBDR_PARSE_FLOW, parse(test, &p, ALL, &f));
	expect_flow6(test, &f, IPPROTO_TCP, &client6, &vip6, CPORT, 443);
	KUNIT_EXPECT_EQ(test, TCPHDR_SYN, f.tcp_flags);

	/* An atomic fragment (offset 0, no more) is a whole packet. */
	p.len = 0;
	put_ip6(test, &p, NEXTHDR_FRAGMENT, &client6, &vip6);
	put_frag6(test, &p, IPPROTO_TCP, 0, false);
	put_tcp(test, &p, CPORT, 443, TCPHDR_SYN);
	ip6_done(&p);
	KUNIT_EXPECT_EQ(test, LBDR_PARSE_FLOW, parse(test, &p, ALL, &f));
	expect_flow6(test, &f, IPPROTO_TCP, &client6, &vip6, CPORT, 443);
}

/* Extension headers that end the parse: not a flow of ours. */
static void lbdr_parse_exthdr6_pass_test(struct kunit *test)
{
	struct lbdr_flow f;
	struct pkt p = {};

	/* A non-first fragment carries no transport header. */
	put_ip6(test, &p, NEXTHDR_FRAGMENT, &client6, &vip6);
	put_frag6(test, &p, IPPROTO_TCP, 1448, true);
	put_tcp(test, &p, CPORT, 443, TCPHDR_ACK);
	ip6_done(&p);
	KUNIT_EXPECT_EQ(test, LBDR_PARSE_PASS, parse(test, &p, ALL, &f));

	/* The last one neither. */
	p.len = 0;
	put_ip6(test, &p, NEXTHDR_FRAGMENT, &client6, &vip6);
	put_frag6(test, &p, IPPROTO_TCP, 8, false);
	put_tcp(test, &p, CPORT, 443, TCPHDR_ACK);
	ip6_done(&p);
	KUNIT_EXPECT_EQ(test, LBDR_PARSE_PASS, parse(test, &p, ALL, &f));

	/* A hop-by-hop header cut off. */
	p.len = 0;
	put_ip6(test, &p, NEXTHDR_HOP, &client6, &vip6);
	pkt_put(test, &p, 1);
	ip6_done(&p);
	KUNIT_EXPECT_EQ(test, LBDR_PARSE_PASS, parse(test, &p, ALL, &f));

	/* No next header. */
	p.len = 0;
	put_ip6(test, &p, NEXTHDR_NONE, &client6, &vip6);
	ip6_done(&p);
	KUNIT_EXPECT_EQ(test, LBDR_PARSE_PASS, parse(test, &p, ALL, &f));
}

/* Other protocols are not ours. */
static void lbdr_parse_other_proto_test(struct kunit *test)
{
	static const u8 protos[] = { IPPROTO_GRE, IPPROTO_SCTP, IPPROTO_ESP,
				     IPPROTO_IPIP, IPPROTO_UDPLITE };
	struct lbdr_flow f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(protos); i++) {
		struct pkt p = {};

		put_ip4(test, &p, protos[i], CLIENT4, VIP4);
		put_udp(test, &p, CPORT, VPORT);	/* port-like bytes */
		ip4_done(&p);
		KUNIT_EXPECT_EQ_MSG(test, LBDR_PARSE_PASS, parse(test, &p, ALL, &f),
				    "v4 protocol %u", protos[i]);
		p.len = 0;
		put_ip6(test, &p, protos[i], &client6, &vip6);
		put_udp(test, &p, CPORT, VPORT);
		ip6_done(&p);
		KUNIT_EXPECT_EQ_MSG(test, LBDR_PARSE_PASS, parse(test, &p, ALL, &f),
				    "v6 protocol %u", protos[i]);
	}
}

/* What defrag left in place is a fragment: not ours. DF is no fragment. */
static void lbdr_parse_fragment4_test(struct kunit *test)
{
	static const struct {
		u16 frag_off;
		enum lbdr_parse expect;
	} cases[] = {
		{ IP_MF, LBDR_PARSE_PASS },
		{ IP_MF | 185, LBDR_PARSE_PASS },
		{ 185, LBDR_PARSE_PASS },
		{ IP_DF, LBDR_PARSE_FLOW },
		{ 0, LBDR_PARSE_FLOW },
	};
	struct lbdr_flow f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct pkt p = {};
		struct iphdr *iph;

		iph = put_ip4(test, &p, IPPROTO_TCP, CLIENT4, VIP4);
		iph->frag_off = htons(cases[i].frag_off);
		put_tcp(test, &p, CPORT, VPORT, TCPHDR_SYN);
		ip4_done(&p);
		KUNIT_EXPECT_EQ_MSG(test, cases[i].expect, parse(test, &p, ALL, &f),
				    "frag_off 0x%04x", cases[i].frag_off);
	}
}

/* A transport header cut short or with a bad data offset. */
struct trunc_case {
	const char *name;
	u8 proto;
	unsigned int l4len;	/* bytes of the transport header kept */
	u8 doff;		/* TCP data offset, in 32-bit words */
	enum lbdr_parse expect;
	bool ports;		/* the ports were read */
};

static const struct trunc_case trunc_cases[] = {
	{ "tcp, no header", IPPROTO_TCP, 0, 5, LBDR_PARSE_MALFORMED, false },
	{ "tcp, 3 bytes", IPPROTO_TCP, 3, 5, LBDR_PARSE_MALFORMED, false },
	{ "tcp, 4 bytes", IPPROTO_TCP, 4, 5, LBDR_PARSE_MALFORMED, true },
	{ "tcp, 13 bytes", IPPROTO_TCP, 13, 5, LBDR_PARSE_MALFORMED, true },
	{ "tcp, 19 bytes", IPPROTO_TCP, 19, 5, LBDR_PARSE_MALFORMED, true },
	{ "tcp, doff 0", IPPROTO_TCP, 20, 0, LBDR_PARSE_MALFORMED, true },
	{ "tcp, doff 4", IPPROTO_TCP, 20, 4, LBDR_PARSE_MALFORMED, true },
	{ "tcp, 20 bytes", IPPROTO_TCP, 20, 5, LBDR_PARSE_FLOW, true },
	{ "tcp, options", IPPROTO_TCP, 32, 8, LBDR_PARSE_FLOW, true },
	{ "udp, no header", IPPROTO_UDP, 0, 0, LBDR_PARSE_MALFORMED, false },
	{ "udp, 3 bytes", IPPROTO_UDP, 3, 0, LBDR_PARSE_MALFORMED, false },
	{ "udp, 4 bytes", IPPROTO_UDP, 4, 0, LBDR_PARSE_MALFORMED, true },
	{ "udp, 7 bytes", IPPROTO_UDP, 7, 0, LBDR_PARSE_MALFORMED, true },
	{ "udp, 8 bytes", IPPROTO_UDP, 8, 0, LBDR_PARSE_FLOW, true },
};

static void trunc_desc(const struct trunc_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(trunc, trunc_cases, trunc_desc);

static void put_l4_cut(struct kunit *test, struct pkt *p,
		       const struct trunc_case *c)
{
	unsigned int start = p->len;

	if (c->proto == IPPROTO_TCP) {
		struct tcphdr *th = put_tcp(test, p, CPORT, VPORT, TCPHDR_ACK);

		th->doff = c->doff;
		if (c->l4len > sizeof(*th))
			memset(pkt_put(test, p, c->l4len - sizeof(*th)),
			       TCPOPT_NOP, c->l4len - sizeof(*th));
	} else {
		put_udp(test, p, CPORT, VPORT);
	}
	p->len = start + c->l4len;
}

static void lbdr_parse_truncated_test(struct kunit *test)
{
	const struct trunc_case *c = test->param_value;
	u16 sport = c->ports ? CPORT : 0, dport = c->ports ? VPORT : 0;
	struct lbdr_flow f;
	struct pkt p = {};

	put_ip4(test, &p, c->proto, CLIENT4, VIP4);
	put_l4_cut(test, &p, c);
	ip4_done(&p);
	KUNIT_EXPECT_EQ_MSG(test, c->expect, parse(test, &p, ALL, &f), "IPv4");
	expect_flow4(test, &f, c->proto, CLIENT4, VIP4, sport, dport);

	p.len = 0;
	put_ip6(test, &p, c->proto, &client6, &vip6);
	put_l4_cut(test, &p, c);
	ip6_done(&p);
	KUNIT_EXPECT_EQ_MSG(test, c->expect, parse(test, &p, ALL, &f), "IPv6");
	expect_flow6(test, &f, c->proto, &client6, &vip6, sport, dport);
}

/*
 * An ICMP error sent to the VIP about the reply VIP:80 -> client:40000
 * that a real server sent: it belongs to client:40000 -> VIP:80.
 */
struct icmp_case {
	const char *name;
	u8 type;
	u8 code;
	u8 proto;		/* of the embedded packet; 0: TCP */
	bool elsewhere;		/* the embedded source is not the VIP */
	u16 frag_off;		/* of the embedded IP header */
	u8 ihl;			/* of the embedded IPv4 header; 0: 5 */
	u8 version;		/* of the embedded IP header; 0: as outer */
	bool exthdr;		/* IPv6: hop-by-hop before the transport */
	int keep;		/* embedded bytes kept; 0: all, <0: ICMP cut */
	enum lbdr_parse expect;
};

static const struct icmp_case icmp4_cases[] = {
	{ .name = "frag needed, TCP", .type = ICMP_DEST_UNREACH,
	  .code = ICMP_FRAG_NEEDED, .expect = LBDR_PARSE_ICMP },
	{ .name = "port unreachable, UDP", .type = ICMP_DEST_UNREACH,
	  .code = ICMP_PORT_UNREACH, .proto = IPPROTO_UDP,
	  .expect = LBDR_PARSE_ICMP },
	{ .name = "time exceeded", .type = ICMP_TIME_EXCEEDED,
	  .expect = LBDR_PARSE_ICMP },
	{ .name = "parameter problem", .type = ICMP_PARAMETERPROB,
	  .expect = LBDR_PARSE_ICMP },
	{ .name = "embedded IP options", .type = ICMP_DEST_UNREACH,
	  .code = ICMP_FRAG_NEEDED, .ihl = 6, .expect = LBDR_PARSE_ICMP },
	{ .name = "embedded first fragment", .type = ICMP_DEST_UNREACH,
	  .code = ICMP_FRAG_NEEDED, .frag_off = IP_MF,
	  .expect = LBDR_PARSE_ICMP },
	{ .name = "embedded ports only", .type = ICMP_DEST_UNREACH,
	  .code = ICMP_FRAG_NEEDED, .keep = 20 + 4, .expect = LBDR_PARSE_ICMP },
	{ .name = "echo request", .type = ICMP_ECHO, .expect = LBDR_PARSE_PASS },
	{ .name = "echo reply", .type = ICMP_ECHOREPLY, .expect = LBDR_PARSE_PASS },
	{ .name = "embedded source not the VIP", .type = ICMP_DEST_UNREACH,
	  .code = ICMP_FRAG_NEEDED, .elsewhere = true, .expect = LBDR_PARSE_PASS },
	{ .name = "embedded ICMP", .type = ICMP_DEST_UNREACH,
	  .code = ICMP_FRAG_NEEDED, .proto = IPPROTO_ICMP,
	  .expect = LBDR_PARSE_PASS },
	{ .name = "embedded non-first fragment", .type = ICMP_DEST_UNREACH,
	  .code = ICMP_FRAG_NEEDED, .frag_off = 185, .expect = LBDR_PARSE_PASS },
	{ .name = "embedded ihl 4", .type = ICMP_DEST_UNREACH,
	  .code = ICMP_FRAG_NEEDED, .ihl = 4, .expect = LBDR_PARSE_PASS },
	{ .name = "embedded version 6", .type = ICMP_DEST_UNREACH,
	  .code = ICMP_FRAG_NEEDED, .version = 6, .expect = LBDR_PARSE_PASS },
	{ .name = "embedded ports cut", .type = ICMP_DEST_UNREACH,
	  .code = ICMP_FRAG_NEEDED, .keep = 20 + 3, .expect = LBDR_PARSE_PASS },
	{ .name = "embedded IP header cut", .type = ICMP_DEST_UNREACH,
	  .code = ICMP_FRAG_NEEDED, .keep = 19, .expect = LBDR_PARSE_PASS },
	{ .name = "ICMP header cut", .type = ICMP_DEST_UNREACH,
	  .code = ICMP_FRAG_NEEDED, .keep = -4, .expect = LBDR_PARSE_PASS },
};

static const struct icmp_case icmp6_cases[] = {
	{ .name = "packet too big, TCP", .type = ICMPV6_PKT_TOOBIG,
	  .expect = LBDR_PARSE_ICMP },
	{ .name = "port unreachable, UDP", .type = ICMPV6_DEST_UNREACH,
	  .code = ICMPV6_PORT_UNREACH, .proto = IPPROTO_UDP,
	  .expect = LBDR_PARSE_ICMP },
	{ .name = "time exceeded", .type = ICMPV6_TIME_EXCEED,
	  .expect = LBDR_PARSE_ICMP },
	{ .name = "embedded hop-by-hop", .type = ICMPV6_PKT_TOOBIG,
	  .exthdr = true, .expect = LBDR_PARSE_ICMP },
	{ .name = "embedded first fragment", .type = ICMPV6_PKT_TOOBIG,
	  .frag_off = 1, .expect = LBDR_PARSE_ICMP },
	{ .name = "embedded ports only", .type = ICMPV6_PKT_TOOBIG,
	  .keep = 40 + 4, .expect = LBDR_PARSE_ICMP },
	{ .name = "echo request", .type = ICMPV6_ECHO_REQUEST,
	  .expect = LBDR_PARSE_PASS },
	{ .name = "echo reply", .type = ICMPV6_ECHO_REPLY,
	  .expect = LBDR_PARSE_PASS },
	{ .name = "neighbour solicitation", .type = NDISC_NEIGHBOUR_SOLICITATION,
	  .expect = LBDR_PARSE_PASS },
	{ .name = "embedded source not the VIP", .type = ICMPV6_PKT_TOOBIG,
	  .elsewhere = true, .expect = LBDR_PARSE_PASS },
	{ .name = "embedded ICMPv6", .type = ICMPV6_PKT_TOOBIG,
	  .proto = IPPROTO_ICMPV6, .expect = LBDR_PARSE_PASS },
	{ .name = "embedded non-first fragment", .type = ICMPV6_PKT_TOOBIG,
	  .frag_off = 1448, .expect = LBDR_PARSE_PASS },
	{ .name = "embedded version 4", .type = ICMPV6_PKT_TOOBIG,
	  .version = 4, .expect = LBDR_PARSE_PASS },
	{ .name = "embedded ports cut", .type = ICMPV6_PKT_TOOBIG,
	  .keep = 40 + 3, .expect = LBDR_PARSE_PASS },
	{ .name = "embedded hop-by-hop cut", .type = ICMPV6_PKT_TOOBIG,
	  .exthdr = true, .keep = 40 + 4, .expect = LBDR_PARSE_PASS },
	{ .name = "embedded IPv6 header cut", .type = ICMPV6_PKT_TOOBIG,
	  .keep = 39, .expect = LBDR_PARSE_PASS },
	{ .name = "ICMPv6 header cut", .type = ICMPV6_PKT_TOOBIG,
	  .keep = -4, .expect = LBDR_PARSE_PASS },
};

static void icmp_desc(const struct icmp_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(icmp4, icmp4_cases, icmp_desc);
KUNIT_ARRAY_PARAM(icmp6, icmp6_cases, icmp_desc);

static u8 icmp_case_proto(const struct icmp_case *c)
{
	return c->proto ?: IPPROTO_TCP;
}

/* The embedded reply's transport header: VIP port -> client port. */
static void put_reply_l4(struct kunit *test, struct pkt *p, u8 proto)
{
	if (proto == IPPROTO_TCP)
		put_tcp(test, p, VPORT, CPORT, TCPHDR_ACK);
	else if (proto == IPPROTO_UDP)
		put_udp(test, p, VPORT, CPORT);
	else
		put_icmp(test, p, ICMP_ECHOREPLY, 0);
}

/* Cut the embedded packet, which starts at @start, as @c says. */
static void icmp_cut(struct pkt *p, const struct icmp_case *c,
		     unsigned int start)
{
	if (c->keep > 0)
		p->len = start + c->keep;
	else if (c->keep < 0)
		p->len = start - 8 - c->keep;
}

static void build_icmp4(struct kunit *test, struct pkt *p,
			const struct icmp_case *c)
{
	u8 proto = icmp_case_proto(c);
	struct iphdr *iph;
	unsigned int start;

	put_ip4(test, p, IPPROTO_ICMP, ROUTER4, VIP4);
	put_icmp(test, p, c->type, c->code);
	start = p->len;
	iph = put_ip4(test, p, proto, c->elsewhere ? OTHER4 : VIP4, CLIENT4);
	iph->frag_off = htons(c->frag_off);
	iph->version = c->version ?: 4;
	if (c->ihl) {
		iph->ihl = c->ihl;
		if (c->ihl > 5)
			memset(pkt_put(test, p, (c->ihl - 5) * 4), IPOPT_NOOP,
			       (c->ihl - 5) * 4);
		else
			p->len -= (5 - c->ihl) * 4;
	}
	put_reply_l4(test, p, proto);
	icmp_cut(p, c, start);
	ip4_done(p);
}

static void lbdr_parse_icmp4_test(struct kunit *test)
{
	const struct icmp_case *c = test->param_value;
	struct lbdr_flow f;
	struct pkt p = {};

	build_icmp4(test, &p, c);
	KUNIT_ASSERT_EQ(test, c->expect, parse(test, &p, ALL, &f));
	if (c->expect != LBDR_PARSE_ICMP)
		return;
	/* The flow the reply belongs to, as its first packet went. */
	expect_flow4(test, &f, icmp_case_proto(c), CLIENT4, VIP4, CPORT, VPORT);
	KUNIT_EXPECT_EQ(test, 1, f.icmp);
}

static void build_icmp6(struct kunit *test, struct pkt *p,
			const struct icmp_case *c)
{
	u8 proto = icmp_case_proto(c), next = proto;
	struct ipv6hdr *ip6h;
	unsigned int start;

	if (c->exthdr)
		next = NEXTHDR_HOP;
	else if (c->frag_off)
		next = NEXTHDR_FRAGMENT;
	put_ip6(test, p, IPPROTO_ICMPV6, &router6, &vip6);
	put_icmp6(test, p, c->type, c->code);
	start = p->len;
	ip6h = put_ip6(test, p, next, c->elsewhere ? &other6 : &vip6, &client6);
	ip6h->version = c->version ?: 6;
	if (c->exthdr)
		put_opts6(test, p, proto);
	else if (c->frag_off)
		put_frag6(test, p, proto, c->frag_off & ~7, c->frag_off & 1);
	if (proto == IPPROTO_ICMPV6)
		put_icmp6(test, p, ICMPV6_ECHO_REPLY, 0);
	else
		put_reply_l4(test, p, proto);
	icmp_cut(p, c, start);
	ip6_done(p);
}

static void lbdr_parse_icmp6_test(struct kunit *test)
{
	const struct icmp_case *c = test->param_value;
	struct lbdr_flow f;
	struct pkt p = {};

	build_icmp6(test, &p, c);
	KUNIT_ASSERT_EQ(test, c->expect, parse(test, &p, ALL, &f));
	if (c->expect != LBDR_PARSE_ICMP)
		return;
	expect_flow6(test, &f, icmp_case_proto(c), &client6, &vip6, CPORT, VPORT);
	KUNIT_EXPECT_EQ(test, 1, f.icmp);
}

/*
 * The same packets with everything past byte @split of the IP header in a
 * page fragment, for every split that keeps the IP header linear: the
 * result may not depend on where the head ends.
 */
static void lbdr_parse_nonlinear_test(struct kunit *test)
{
	const unsigned int npkt = 4;
	struct pkt *p = kunit_kcalloc(test, npkt, sizeof(*p), GFP_KERNEL);
	unsigned int i, split, iphlen;
	struct lbdr_flow f, whole;
	enum lbdr_parse want;

	KUNIT_ASSERT_NOT_NULL(test, p);
	put_ip4(test, &p[0], IPPROTO_TCP, CLIENT4, VIP4);
	put_tcp(test, &p[0], CPORT, VPORT, TCPHDR_SYN);
	ip4_done(&p[0]);
	build_icmp4(test, &p[1], &icmp4_cases[0]);
	put_ip6(test, &p[2], NEXTHDR_HOP, &client6, &vip6);
	put_opts6(test, &p[2], IPPROTO_UDP);
	put_udp(test, &p[2], CPORT, 443);
	ip6_done(&p[2]);
	build_icmp6(test, &p[3], &icmp6_cases[3]);

	for (i = 0; i < npkt; i++) {
		want = parse(test, &p[i], ALL, &whole);
		KUNIT_EXPECT_NE_MSG(test, LBDR_PARSE_PASS, want, "packet %u", i);
		iphlen = p[i].data[0] >> 4 == 6 ? sizeof(struct ipv6hdr) :
						  sizeof(struct iphdr);
		for (split = iphlen; split < p[i].len; split++) {
			KUNIT_EXPECT_EQ_MSG(test, want, parse(test, &p[i], split, &f),
					    "packet %u split at %u", i, split);
			KUNIT_EXPECT_EQ_MSG(test, 0, memcmp(&whole, &f, sizeof(f)),
					    "packet %u split at %u", i, split);
		}
	}
}

/* Cut short in a page fragment: still caught. */
static void lbdr_parse_nonlinear_truncated_test(struct kunit *test)
{
	struct lbdr_flow f;
	struct pkt p = {};

	put_ip4(test, &p, IPPROTO_TCP, CLIENT4, VIP4);
	put_tcp(test, &p, CPORT, VPORT, TCPHDR_SYN);
	p.len -= 1;
	ip4_done(&p);
	KUNIT_EXPECT_EQ(test, LBDR_PARSE_MALFORMED, parse(test, &p, 22, &f));
	expect_flow4(test, &f, IPPROTO_TCP, CLIENT4, VIP4, CPORT, VPORT);
}

static struct kunit_case lbdr_parse_cases[] = {
	KUNIT_CASE(lbdr_parse_tcp4_test),
	KUNIT_CASE(lbdr_parse_tcp4_options_test),
	KUNIT_CASE(lbdr_parse_udp4_test),
	KUNIT_CASE(lbdr_parse_tcp6_test),
	KUNIT_CASE(lbdr_parse_udp6_test),
	KUNIT_CASE(lbdr_parse_exthdr6_test),
	KUNIT_CASE(lbdr_parse_exthdr6_pass_test),
	KUNIT_CASE(lbdr_parse_other_proto_test),
	KUNIT_CASE(lbdr_parse_fragment4_test),
	KUNIT_CASE_PARAM(lbdr_parse_truncated_test, trunc_gen_params),
	KUNIT_CASE_PARAM(lbdr_parse_icmp4_test, icmp4_gen_params),
	KUNIT_CASE_PARAM(lbdr_parse_icmp6_test, icmp6_gen_params),
	KUNIT_CASE(lbdr_parse_nonlinear_test),
	KUNIT_CASE(lbdr_parse_nonlinear_truncated_test),
	{}
};

static struct kunit_suite lbdr_parse_suite = {
	.name = "lbdr_parse",
	.test_cases = lbdr_parse_cases,
};

kunit_test_suite(lbdr_parse_suite);
