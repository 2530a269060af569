// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the per-netns settings (module/config.c) and the info
 * reply (module/info.c): policy, defaults, partial updates, atomicity of a
 * refused update, and what the replies carry.
 */

#include <kunit/test.h>
#include <linux/skbuff.h>

#include "../../module/config.c"
#include "../../module/info.c"

/* A nest of u32 attributes built in an skb, the way userspace sends them. */
struct cfg_attr {
	int type;
	u64 val;	/* wide enough for the over-long case */
	int len;	/* bytes of payload; 0 means 4 */
};

static struct nlattr *build_nest(struct kunit *test, struct sk_buff *skb,
				 const struct cfg_attr *attrs, int n)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, LBDR_A_CONFIG);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, 0, nla_put(skb, attrs[i].type,
						 attrs[i].len ?: 4,
						 &attrs[i].val));
	nla_nest_end(skb, nest);
	return nest;
}

static struct sk_buff *test_skb(struct kunit *test)
{
	struct sk_buff *skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	return skb;
}

/* Default conn-max: RAM / 2048, clamped to [floor, limit]. */
struct conn_max_case {
	const char *name;
	u64 ram;
	u32 expect;
};

static const struct conn_max_case conn_max_cases[] = {
	{ "no RAM", 0, LBDR_CONN_MAX_FLOOR },
	{ "64 MiB", 64ULL << 20, LBDR_CONN_MAX_FLOOR },
	{ "2 GiB", 2ULL << 30, 1U << 20 },
	{ "24 GiB", 24ULL << 30, 12U << 20 },
	{ "128 GiB", 128ULL << 30, LBDR_CONN_MAX_LIMIT },
	{ "16 TiB", 16ULL << 40, LBDR_CONN_MAX_LIMIT },
};

static void conn_max_desc(const struct conn_max_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(conn_max, conn_max_cases, conn_max_desc);

static void lbdr_config_conn_max_default_test(struct kunit *test)
{
	const struct conn_max_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, c->expect, lbdr_conn_max_default(c->ram));
}

static void lbdr_config_init_test(struct kunit *test)
{
	struct lbdr_config cfg;

	memset(&cfg, 0xff, sizeof(cfg));
	lbdr_config_init(&cfg, 2ULL << 30);
	KUNIT_EXPECT_EQ(test, 1U << 20, cfg.val[LBDR_CONFIG_A_CONN_MAX]);
	KUNIT_EXPECT_EQ(test, 900U, cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP]);
	KUNIT_EXPECT_EQ(test, 60U, cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP_SYN]);
	KUNIT_EXPECT_EQ(test, 120U, cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP_FIN]);
	KUNIT_EXPECT_EQ(test, 10U, cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP_CLOSE]);
	KUNIT_EXPECT_EQ(test, 300U, cfg.val[LBDR_CONFIG_A_TIMEOUT_UDP]);
}

/* Only the attributes given change. */
static void lbdr_config_apply_partial_test(struct kunit *test)
{
	static const struct cfg_attr set[] = {
		{ LBDR_CONFIG_A_TIMEOUT_UDP, 42 },
		{ LBDR_CONFIG_A_CONN_MAX, 1000 },
	};
	struct sk_buff *skb = test_skb(test);
	struct lbdr_config cfg, before;
	struct nlattr *nest;
	int i;

	lbdr_config_init(&cfg, 2ULL << 30);
	before = cfg;
	nest = build_nest(test, skb, set, ARRAY_SIZE(set));
	KUNIT_EXPECT_EQ(test, 0, lbdr_config_apply(&init_net, &cfg, nest, NULL));
	for (i = 1; i <= LBDR_CONFIG_U32_LAST; i++) {
		if (i == LBDR_CONFIG_A_TIMEOUT_UDP)
			KUNIT_EXPECT_EQ(test, 42U, cfg.val[i]);
		else if (i == LBDR_CONFIG_A_CONN_MAX)
			KUNIT_EXPECT_EQ(test, 1000U, cfg.val[i]);
		else
			KUNIT_EXPECT_EQ(test, before.val[i], cfg.val[i]);
	}
	kfree_skb(skb);
}

/* The outer sources: set, kept when absent, cleared by zero; 1 on change. */
static void lbdr_config_apply_tun_src_test(struct kunit *test)
{
	static const struct in6_addr src6 = { { { 0xfd, [15] = 1 } } };
	struct sk_buff *skb = test_skb(test);
	struct lbdr_config cfg, before;
	struct nlattr *nest;

	lbdr_config_init(&cfg, 1ULL << 30);
	before = cfg;
	nest = nla_nest_start(skb, LBDR_A_CONFIG);
	KUNIT_ASSERT_EQ(test, 0, nla_put_in_addr(skb, LBDR_CONFIG_A_TUN_SRC4,
						 htonl(0x0a000001)));
	KUNIT_ASSERT_EQ(test, 0, nla_put_in6_addr(skb, LBDR_CONFIG_A_TUN_SRC6,
						  &src6));
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, 1, lbdr_config_apply(&init_net, &cfg, nest, NULL));
	KUNIT_EXPECT_EQ(test, htonl(0x0a000001), cfg.tun_src4);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&src6, &cfg.tun_src6));
	KUNIT_EXPECT_EQ(test, 0, memcmp(before.val, cfg.val, sizeof(cfg.val)));
	/* The same again changes nothing. */
	KUNIT_EXPECT_EQ(test, 0, lbdr_config_apply(&init_net, &cfg, nest, NULL));
	kfree_skb(skb);

	/* Zero clears IPv4's; IPv6's, absent, stays. */
	skb = test_skb(test);
	nest = nla_nest_start(skb, LBDR_A_CONFIG);
	KUNIT_ASSERT_EQ(test, 0, nla_put_in_addr(skb, LBDR_CONFIG_A_TUN_SRC4,
						 0));
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, 1, lbdr_config_apply(&init_net, &cfg, nest, NULL));
	KUNIT_EXPECT_EQ(test, 0U, cfg.tun_src4);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&src6, &cfg.tun_src6));
	kfree_skb(skb);
}

static void lbdr_config_apply_empty_test(struct kunit *test)
{
	struct sk_buff *skb = test_skb(test);
	struct lbdr_config cfg, before;
	struct nlattr *nest;

	lbdr_config_init(&cfg, 1ULL << 30);
	before = cfg;
	nest = build_nest(test, skb, NULL, 0);
	KUNIT_EXPECT_EQ(test, 0, lbdr_config_apply(&init_net, &cfg, nest, NULL));
	KUNIT_EXPECT_EQ(test, 0, memcmp(&before, &cfg, sizeof(cfg)));
	kfree_skb(skb);
}

/*
 * Refused updates: the error, an extack message, and no change at all even
 * when valid attributes precede the bad one.
 */
struct bad_case {
	const char *name;
	struct cfg_attr attrs[2];
	int n;
	int err;
};

static const struct bad_case bad_cases[] = {
	{ "conn-max 0", { { LBDR_CONFIG_A_CONN_MAX, 0 } }, 1, -ERANGE },
	{ "conn-max above limit",
	  { { LBDR_CONFIG_A_CONN_MAX, LBDR_CONN_MAX_LIMIT + 1 } }, 1, -ERANGE },
	{ "timeout 0", { { LBDR_CONFIG_A_TIMEOUT_TCP, 0 } }, 1, -ERANGE },
	{ "timeout above max",
	  { { LBDR_CONFIG_A_TIMEOUT_UDP, LBDR_TIMEOUT_MAX + 1 } }, 1, -ERANGE },
	{ "u32 sent as 2 bytes",
	  { { LBDR_CONFIG_A_TIMEOUT_TCP, 5, 2 } }, 1, -EINVAL },
	{ "u32 sent as 8 bytes",
	  { { LBDR_CONFIG_A_CONN_MAX, 5, 8 } }, 1, -EINVAL },
	{ "unknown attribute",
	  { { LBDR_CONFIG_A_MAX + 1, 5 } }, 1, -EINVAL },
	{ "valid then invalid",
	  { { LBDR_CONFIG_A_TIMEOUT_UDP, 7 },
	    { LBDR_CONFIG_A_TIMEOUT_TCP, 0 } }, 2, -ERANGE },
	{ "tun-src4 sent as 8 bytes",
	  { { LBDR_CONFIG_A_TUN_SRC4, 0x0100000a, 8 } }, 1, -ERANGE },
	{ "tun-src6 sent as 4 bytes",
	  { { LBDR_CONFIG_A_TUN_SRC6, 1, 4 } }, 1, -ERANGE },
};

static void bad_desc(const struct bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad, bad_cases, bad_desc);

static void lbdr_config_apply_refused_test(struct kunit *test)
{
	const struct bad_case *c = test->param_value;
	struct netlink_ext_ack extack = {};
	struct sk_buff *skb = test_skb(test);
	struct lbdr_config cfg, before;
	struct nlattr *nest;

	lbdr_config_init(&cfg, 4ULL << 30);
	before = cfg;
	nest = build_nest(test, skb, c->attrs, c->n);

	KUNIT_EXPECT_EQ(test, c->err, lbdr_config_apply(&init_net, &cfg, nest, &extack));
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&before, &cfg, sizeof(cfg)));
	kfree_skb(skb);
}

/* The dump carries every setting, and reads back through the policy. */
static void lbdr_config_fill_test(struct kunit *test)
{
	struct nlattr *tb[LBDR_CONFIG_A_MAX + 1];
	struct sk_buff *skb = test_skb(test);
	struct lbdr_config cfg;
	struct in6_addr src6;
	struct nlattr *nest;
	int i;

	lbdr_config_init(&cfg, 8ULL << 30);
	cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP_SYN] = 33;
	nest = (struct nlattr *)skb_tail_pointer(skb);
	KUNIT_ASSERT_EQ(test, 0, lbdr_config_fill(skb, &cfg));
	KUNIT_EXPECT_EQ(test, LBDR_A_CONFIG, nla_type(nest));
	KUNIT_ASSERT_EQ(test, 0, nla_parse_nested(tb, LBDR_CONFIG_A_MAX, nest,
						  lbdr_config_policy, NULL));
	for (i = 1; i <= LBDR_CONFIG_U32_LAST; i++) {
		KUNIT_ASSERT_NOT_NULL(test, tb[i]);
		KUNIT_EXPECT_EQ(test, cfg.val[i], nla_get_u32(tb[i]));
	}
	/* Unset sources are reported as zero, so a dump says everything. */
	KUNIT_ASSERT_NOT_NULL(test, tb[LBDR_CONFIG_A_TUN_SRC4]);
	KUNIT_EXPECT_EQ(test, 0U, nla_get_in_addr(tb[LBDR_CONFIG_A_TUN_SRC4]));
	KUNIT_ASSERT_NOT_NULL(test, tb[LBDR_CONFIG_A_TUN_SRC6]);
	src6 = nla_get_in6_addr(tb[LBDR_CONFIG_A_TUN_SRC6]);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_any(&src6));
	kfree_skb(skb);
}

/* No room left: the fill fails cleanly and leaves no partial nest behind. */
static void lbdr_config_fill_full_skb_test(struct kunit *test)
{
	struct sk_buff *skb = test_skb(test);
	struct lbdr_config cfg;
	unsigned int len;

	/* Room for the nest header and one attribute, not for all. */
	skb_put(skb, skb_tailroom(skb) - 2 * nla_total_size(sizeof(u32)));
	len = skb->len;
	lbdr_config_init(&cfg, 0);
	KUNIT_EXPECT_EQ(test, -EMSGSIZE, lbdr_config_fill(skb, &cfg));
	KUNIT_EXPECT_EQ(test, len, skb->len);
	kfree_skb(skb);
}

static void lbdr_info_fill_test(struct kunit *test)
{
	struct nlattr *tb[LBDR_INFO_A_MAX + 1];
	struct sk_buff *skb = test_skb(test);
	struct nlattr *nest;

	nest = (struct nlattr *)skb_tail_pointer(skb);
	KUNIT_ASSERT_EQ(test, 0, lbdr_info_fill(skb));
	KUNIT_EXPECT_EQ(test, LBDR_A_INFO, nla_type(nest));
	KUNIT_ASSERT_EQ(test, 0, nla_parse_nested_deprecated(tb, LBDR_INFO_A_MAX,
							     nest, NULL, NULL));
	KUNIT_ASSERT_NOT_NULL(test, tb[LBDR_INFO_A_VERSION]);
	KUNIT_EXPECT_STREQ(test, LBDR_VERSION,
			   (char *)nla_data(tb[LBDR_INFO_A_VERSION]));
	KUNIT_ASSERT_NOT_NULL(test, tb[LBDR_INFO_A_CONN_MAX_LIMIT]);
	KUNIT_EXPECT_EQ(test, LBDR_CONN_MAX_LIMIT,
			nla_get_u32(tb[LBDR_INFO_A_CONN_MAX_LIMIT]));
	KUNIT_ASSERT_NOT_NULL(test, tb[LBDR_INFO_A_CONN_MAX_DEFAULT]);
	KUNIT_EXPECT_EQ(test, lbdr_conn_max_default(lbdr_ram_bytes()),
			nla_get_u32(tb[LBDR_INFO_A_CONN_MAX_DEFAULT]));
	KUNIT_ASSERT_NOT_NULL(test, tb[LBDR_INFO_A_TIMEOUT_MAX]);
	KUNIT_EXPECT_EQ(test, LBDR_TIMEOUT_MAX,
			nla_get_u32(tb[LBDR_INFO_A_TIMEOUT_MAX]));
	kfree_skb(skb);
}

static struct kunit_case lbdr_config_cases[] = {
	KUNIT_CASE_PARAM(lbdr_config_conn_max_default_test, conn_max_gen_params),
	KUNIT_CASE(lbdr_config_init_test),
	KUNIT_CASE(lbdr_config_apply_partial_test),
	KUNIT_CASE(lbdr_config_apply_tun_src_test),
	KUNIT_CASE(lbdr_config_apply_empty_test),
	KUNIT_CASE_PARAM(lbdr_config_apply_refused_test, bad_gen_params),
	KUNIT_CASE(lbdr_config_fill_test),
	KUNIT_CASE(lbdr_config_fill_full_skb_test),
	{}
};

static struct kunit_suite lbdr_config_suite = {
	.name = "lbdr_config",
	.test_cases = lbdr_config_cases,
};

static struct kunit_case lbdr_info_cases[] = {
	KUNIT_CASE(lbdr_info_fill_test),
	{}
};

static struct kunit_suite lbdr_info_suite = {
	.name = "lbdr_info",
	.test_cases = lbdr_info_cases,
};

kunit_test_suites(&lbdr_config_suite, &lbdr_info_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for lbdr");
