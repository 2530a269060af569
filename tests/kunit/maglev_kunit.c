// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for Maglev (module/maglev.c): balance, disruption when a
 * server leaves, weights, and a table that depends only on the servers.
 */

#include <kunit/test.h>
#include <linux/slab.h>

#include "../../module/maglev.c"

#define M_DEFAULT 65537

/* @n servers 10.0.x.y with weight 1, as the control path passes them. */
static struct lbdr_server **servers_new(struct kunit *test, unsigned int n)
{
	struct lbdr_server **list;
	unsigned int i;

	list = kunit_kcalloc(test, n, sizeof(*list), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, list);
	for (i = 0; i < n; i++) {
		list[i] = kunit_kzalloc(test, sizeof(*list[i]), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, list[i]);
		list[i]->addr.ip = htonl(0x0a000000 | (i + 1));
		list[i]->weight = 1;
	}
	return list;
}

static struct lbdr_table *build(struct kunit *test, struct lbdr_server **list,
				unsigned int n, u32 size)
{
	struct lbdr_table *mg = lbdr_maglev_build(list, n, AF_INET, size);

	KUNIT_ASSERT_NOT_NULL(test, mg);
	return mg;
}

/* Slots per server of @mg, indexed like @list. */
static u32 *slot_counts(struct kunit *test, const struct lbdr_table *mg)
{
	u32 *count = kunit_kcalloc(test, mg->nservers, sizeof(*count), GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, count);
	for (i = 0; i < mg->size; i++) {
		KUNIT_ASSERT_LT(test, (u32)mg->slot[i], mg->nservers);
		count[mg->slot[i]]++;
	}
	return count;
}

struct prime_case {
	u32 n;
	bool prime;
};

static const struct prime_case prime_cases[] = {
	{ 0, false }, { 1, false }, { 2, true }, { 251, true }, { 253, false },
	{ 65537, true }, { 65535, false }, { 655373, true }, { 655371, false },
};

static void prime_desc(const struct prime_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u", c->n);
}

KUNIT_ARRAY_PARAM(prime, prime_cases, prime_desc);

static void lbdr_maglev_prime_test(struct kunit *test)
{
	const struct prime_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, c->prime, lbdr_is_prime(c->n));
}

/* 100 equal servers on 65537 slots: the busiest within 1% of the mean. */
static void lbdr_maglev_balance_test(struct kunit *test)
{
	struct lbdr_server **list = servers_new(test, 100);
	struct lbdr_table *mg = build(test, list, 100, M_DEFAULT);
	u32 *count = slot_counts(test, mg), max = 0, i;

	for (i = 0; i < 100; i++)
		max = max(max, count[i]);
	/* max / (M / N) <= 1.01 */
	KUNIT_EXPECT_LE(test, (u64)max * 100 * 100, (u64)M_DEFAULT * 101);
	kvfree(mg);
}

/* Removing one of N servers moves at most 2/N of the slots. */
static void lbdr_maglev_disruption_test(struct kunit *test)
{
	const unsigned int n = 100, gone = 37;
	struct lbdr_server **list = servers_new(test, n), **rest;
	struct lbdr_table *before, *after;
	u32 i, moved = 0;

	rest = kunit_kcalloc(test, n - 1, sizeof(*rest), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rest);
	for (i = 0; i < n; i++)
		if (i != gone)
			rest[i - (i > gone)] = list[i];
	before = build(test, list, n, M_DEFAULT);
	after = build(test, rest, n - 1, M_DEFAULT);
	for (i = 0; i < M_DEFAULT; i++)
		moved += before->servers[before->slot[i]] != after->servers[after->slot[i]];
	kunit_info(test, "moved %u of %u slots (ideal %u)", moved, M_DEFAULT, M_DEFAULT / n);
	KUNIT_EXPECT_LE(test, moved * n, 2U * M_DEFAULT);
	/* Every slot of the removed server had to move. */
	KUNIT_EXPECT_GE(test, moved * n, (u32)M_DEFAULT * 98 / 100);
	kvfree(before);
	kvfree(after);
}

/* Weights 1..4: each server's share within 1% of its weight's share. */
static void lbdr_maglev_weights_test(struct kunit *test)
{
	struct lbdr_server **list = servers_new(test, 4);
	struct lbdr_table *mg;
	u32 *count, i;

	for (i = 0; i < 4; i++)
		list[i]->weight = i + 1;
	mg = build(test, list, 4, M_DEFAULT);
	count = slot_counts(test, mg);
	for (i = 0; i < 4; i++) {
		u64 expect = (u64)M_DEFAULT * (i + 1) / 10;
		u64 diff = count[i] > expect ? count[i] - expect : expect - count[i];

		KUNIT_EXPECT_LE(test, diff * 100, expect);
	}
	kvfree(mg);
}

/* Same servers, same table: balancers agree, and failover keeps flows. */
static void lbdr_maglev_deterministic_test(struct kunit *test)
{
	struct lbdr_server **a = servers_new(test, 10), **b = servers_new(test, 10);
	struct lbdr_table *ma = build(test, a, 10, 251);
	struct lbdr_table *mb = build(test, b, 10, 251);

	KUNIT_EXPECT_EQ(test, 0, memcmp(ma->slot, mb->slot, 251 * sizeof(u16)));
	kvfree(ma);
	kvfree(mb);
}

static void lbdr_maglev_refuses_test(struct kunit *test)
{
	struct lbdr_server **list = servers_new(test, 3);

	KUNIT_EXPECT_NULL(test, lbdr_maglev_build(list, 0, AF_INET, 251));
	/* Fewer slots than servers cannot give each one a slot. */
	KUNIT_EXPECT_NULL(test, lbdr_maglev_build(list, 3, AF_INET, 2));
}

static struct kunit_case lbdr_maglev_cases[] = {
	KUNIT_CASE_PARAM(lbdr_maglev_prime_test, prime_gen_params),
	KUNIT_CASE(lbdr_maglev_balance_test),
	KUNIT_CASE(lbdr_maglev_disruption_test),
	KUNIT_CASE(lbdr_maglev_weights_test),
	KUNIT_CASE(lbdr_maglev_deterministic_test),
	KUNIT_CASE(lbdr_maglev_refuses_test),
	{}
};

static struct kunit_suite lbdr_maglev_suite = {
	.name = "lbdr_maglev",
	.test_cases = lbdr_maglev_cases,
};

kunit_test_suite(lbdr_maglev_suite);
