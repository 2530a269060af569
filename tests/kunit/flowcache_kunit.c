// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the flow cache (module/flowcache.c): a hit is the
 * entry of the key asked for and nothing else, an unlinked entry leaves
 * every slot, also when a writer puts it back after the unlink, and a
 * full set keeps some of its flows and never mixes them up.
 *
 * The entries are the test's own, never in a table: the cache reads only
 * their keys and flags.
 */

#include <kunit/test.h>
#include <linux/slab.h>

#include "../../module/flowcache.c"

#define NCONN	8

struct fc_ctx {
	struct lbdr_flowcache fc;
	struct lbdr_conn conn[NCONN];
};

/* 198.51.100.@host:@sport -> 192.0.2.1:80/UDP. */
static void fc_key(struct lbdr_conn_key *k, u8 host, u16 sport)
{
	memset(k, 0, sizeof(*k));
	k->saddr.ip = htonl(0xc6336400 | host);
	k->daddr.ip = htonl(0xc0000201);
	k->sport = htons(sport);
	k->dport = htons(80);
	k->family = AF_INET;
	k->proto = IPPROTO_UDP;
}

static struct lbdr_conn *fc_get(struct lbdr_flowcache *fc,
				const struct lbdr_conn_key *k)
{
	struct lbdr_conn *c;

	rcu_read_lock();
	c = lbdr_flowcache_get(fc, k);
	rcu_read_unlock();
	return c;
}

/* How many slots of the cache hold @c. */
static int fc_slots_of(struct lbdr_flowcache *fc, const struct lbdr_conn *c)
{
	int i, n = 0;

	for (i = 0; i < LBDR_FLOWCACHE_SETS * LBDR_FLOWCACHE_WAYS; i++)
		n += READ_ONCE(fc->slot[i]) == c;
	return n;
}

/* conn[0..n-1] get keys that share one set. */
static void fc_same_set(struct kunit *test, struct fc_ctx *ctx, int n)
{
	struct lbdr_conn_key *k0 = &ctx->conn[0].key;
	struct lbdr_conn **set;
	u16 sport = 1000;
	int i;

	fc_key(k0, 1, sport);
	set = lbdr_flowcache_set(&ctx->fc, k0);
	for (i = 1; i < n; i++) {
		do {
			KUNIT_ASSERT_LT(test, ++sport, 60000);
			fc_key(&ctx->conn[i].key, 1, sport);
		} while (lbdr_flowcache_set(&ctx->fc, &ctx->conn[i].key) != set);
	}
}

static int lbdr_flowcache_test_init(struct kunit *test)
{
	struct fc_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	int err;

	if (!ctx)
		return -ENOMEM;
	lbdr_flowcache_boot();
	err = lbdr_flowcache_init(&ctx->fc);
	if (err)
		return err;
	test->priv = ctx;
	return 0;
}

static void lbdr_flowcache_test_exit(struct kunit *test)
{
	struct fc_ctx *ctx = test->priv;

	if (ctx)
		lbdr_flowcache_destroy(&ctx->fc);
}

/* A put entry is found by its key, and by no other, even in its set. */
static void lbdr_flowcache_hit_test(struct kunit *test)
{
	struct fc_ctx *ctx = test->priv;
	struct lbdr_conn *a = &ctx->conn[0], *b = &ctx->conn[1];

	fc_same_set(test, ctx, 2);
	KUNIT_EXPECT_NULL(test, fc_get(&ctx->fc, &a->key));
	lbdr_flowcache_put(&ctx->fc, a);
	KUNIT_EXPECT_PTR_EQ(test, a, fc_get(&ctx->fc, &a->key));
	KUNIT_EXPECT_EQ(test, 1, fc_slots_of(&ctx->fc, a));
	/* Same set, another flow: a miss, not a's entry. */
	KUNIT_EXPECT_NULL(test, fc_get(&ctx->fc, &b->key));
	lbdr_flowcache_put(&ctx->fc, b);
	KUNIT_EXPECT_PTR_EQ(test, a, fc_get(&ctx->fc, &a->key));
	KUNIT_EXPECT_PTR_EQ(test, b, fc_get(&ctx->fc, &b->key));
}

/* Forgotten: no slot holds it, its key misses, its neighbour stays. */
static void lbdr_flowcache_forget_test(struct kunit *test)
{
	struct fc_ctx *ctx = test->priv;
	struct lbdr_conn *a = &ctx->conn[0], *b = &ctx->conn[1];

	fc_same_set(test, ctx, 2);
	lbdr_flowcache_put(&ctx->fc, a);
	lbdr_flowcache_put(&ctx->fc, b);
	lbdr_flowcache_forget(&ctx->fc, a);
	KUNIT_EXPECT_TRUE(test, a->flags & LBDR_CONN_F_UNLINKED);
	KUNIT_EXPECT_EQ(test, 0, fc_slots_of(&ctx->fc, a));
	KUNIT_EXPECT_NULL(test, fc_get(&ctx->fc, &a->key));
	KUNIT_EXPECT_PTR_EQ(test, b, fc_get(&ctx->fc, &b->key));
}

/*
 * The race's writer side: a packet found the entry in the table just
 * before it was unlinked, and puts it after the unlinker looked at the
 * slots. The put must not leave it there for the free to come.
 */
static void lbdr_flowcache_put_unlinked_test(struct kunit *test)
{
	struct fc_ctx *ctx = test->priv;
	struct lbdr_conn *a = &ctx->conn[0];

	fc_key(&a->key, 7, 7);
	lbdr_flowcache_forget(&ctx->fc, a);
	rcu_read_lock();
	lbdr_flowcache_put(&ctx->fc, a);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, 0, fc_slots_of(&ctx->fc, a));
	KUNIT_EXPECT_NULL(test, fc_get(&ctx->fc, &a->key));
}

/*
 * More flows than ways in one set: each lookup finds its own entry or
 * nothing, the set stays full, and the last one put is found.
 */
static void lbdr_flowcache_full_set_test(struct kunit *test)
{
	struct fc_ctx *ctx = test->priv;
	int i, j, found;

	fc_same_set(test, ctx, NCONN);
	for (i = 0; i < 3 * NCONN; i++) {
		struct lbdr_conn *c = &ctx->conn[i % NCONN];

		/* As lbdr_conn_lookup(): put on a miss only. */
		if (!fc_get(&ctx->fc, &c->key))
			lbdr_flowcache_put(&ctx->fc, c);
		KUNIT_EXPECT_PTR_EQ(test, c, fc_get(&ctx->fc, &c->key));
		found = 0;
		for (j = 0; j < NCONN; j++) {
			struct lbdr_conn *got = fc_get(&ctx->fc, &ctx->conn[j].key);

			KUNIT_EXPECT_TRUE(test, !got || got == &ctx->conn[j]);
			found += !!got;
		}
		KUNIT_EXPECT_EQ(test, min(i + 1, LBDR_FLOWCACHE_WAYS), found);
	}
}

static struct kunit_case lbdr_flowcache_cases[] = {
	KUNIT_CASE(lbdr_flowcache_hit_test),
	KUNIT_CASE(lbdr_flowcache_forget_test),
	KUNIT_CASE(lbdr_flowcache_put_unlinked_test),
	KUNIT_CASE(lbdr_flowcache_full_set_test),
	{}
};

static struct kunit_suite lbdr_flowcache_suite = {
	.name = "lbdr_flowcache",
	.init = lbdr_flowcache_test_init,
	.exit = lbdr_flowcache_test_exit,
	.test_cases = lbdr_flowcache_cases,
};

kunit_test_suite(lbdr_flowcache_suite);
