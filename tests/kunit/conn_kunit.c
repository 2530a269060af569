// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the connection table (module/conn.c): insert and lookup
 * of IPv4 and IPv6 keys, duplicates, the conn-max limit, expiry and the GC
 * walk, state and server changes with their accounting, flush, and the
 * flow cache emptied of what they unlink.
 *
 * The servers are the test's own: each keeps the reference the test set,
 * so the table's puts never free them, and once the entries are gone and a
 * grace period has passed their counts must be back where they started.
 */

#include <kunit/test.h>
#include <linux/slab.h>

#include "../../module/conn.c"

#define VIP4		0xc0000201	/* 192.0.2.1 */
#define CLIENT4		0xc6336400	/* 198.51.100.0/24 */
#define NSRV		3

struct conn_ctx {
	struct lbdr_conn_table t;
	struct lbdr_server *srv[NSRV];
};

/* A key of client .@host:@sport -> VIP:80/TCP. */
static void key4(struct lbdr_conn_key *k, u8 host, u16 sport)
{
	struct lbdr_flow f = {
		.family = AF_INET,
		.proto = IPPROTO_TCP,
		.saddr.ip = htonl(CLIENT4 | host),
		.daddr.ip = htonl(VIP4),
		.sport = htons(sport),
		.dport = htons(80),
	};

	lbdr_conn_key_of(k, &f);
}

/* 2001:db8::@host:@sport -> 2001:db8:ffff::1:443/TCP. */
static void key6(struct lbdr_conn_key *k, u8 host, u16 sport)
{
	struct lbdr_flow f = {
		.family = AF_INET6,
		.proto = IPPROTO_TCP,
		.sport = htons(sport),
		.dport = htons(443),
	};

	f.saddr.in6.s6_addr[0] = 0x20;
	f.saddr.in6.s6_addr[1] = 0x01;
	f.saddr.in6.s6_addr[2] = 0x0d;
	f.saddr.in6.s6_addr[3] = 0xb8;
	f.saddr.in6.s6_addr[15] = host;
	f.daddr.in6 = f.saddr.in6;
	f.daddr.in6.s6_addr[4] = 0xff;
	f.daddr.in6.s6_addr[5] = 0xff;
	f.daddr.in6.s6_addr[15] = 1;
	lbdr_conn_key_of(k, &f);
}

static struct lbdr_conn *lookup(struct lbdr_conn_table *t,
				const struct lbdr_conn_key *k)
{
	struct lbdr_conn *c;

	rcu_read_lock();
	c = lbdr_conn_lookup(t, k);
	rcu_read_unlock();
	return c;
}

static struct lbdr_conn *insert(struct kunit *test, struct lbdr_conn_table *t,
				const struct lbdr_conn_key *k,
				struct lbdr_server *srv, u8 state, u32 timeout)
{
	struct lbdr_conn *c = lbdr_conn_insert(t, UINT_MAX, k, srv, state,
					       timeout);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	return c;
}

static bool conn_set(struct lbdr_conn *c, struct lbdr_server *srv, u8 state,
		     u32 timeout)
{
	bool ok;

	rcu_read_lock();
	ok = lbdr_conn_set(c, srv, state, timeout);
	rcu_read_unlock();
	return ok;
}

static void expect_srv_at(struct kunit *test, int line,
			  const struct lbdr_server *srv, unsigned int ref,
			  int active, int inactive)
{
	KUNIT_EXPECT_EQ_MSG(test, ref, refcount_read(&srv->ref), "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, active, atomic_read(&srv->active), "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, inactive, atomic_read(&srv->inactive),
			    "line %d", line);
}

/* The server's reference count and its active and inactive connections. */
#define expect_srv(test, srv, ref, active, inactive) \
	expect_srv_at(test, __LINE__, srv, ref, active, inactive)

/* The GC worker shares t->gc_walk with gc_run(): keep it out of the test. */
static void gc_stop(struct lbdr_conn_table *t)
{
	cancel_delayed_work_sync(&t->gc);
}

static unsigned int gc_run(struct lbdr_conn_table *t, unsigned int budget,
			   bool all)
{
	unsigned int n;

	mutex_lock(&t->gc_lock);
	n = lbdr_conn_gc_run(t, budget, all);
	mutex_unlock(&t->gc_lock);
	return n;
}

static void expire(struct lbdr_conn *c)
{
	WRITE_ONCE(c->expires, lbdr_now() - 1);
}

static int lbdr_conn_test_init(struct kunit *test)
{
	struct conn_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	int i;

	if (!ctx)
		return -ENOMEM;
	for (i = 0; i < NSRV; i++) {
		ctx->srv[i] = kunit_kzalloc(test, sizeof(*ctx->srv[i]), GFP_KERNEL);
		if (!ctx->srv[i])
			return -ENOMEM;
		ctx->srv[i]->addr.ip = htonl(0x0a000001 + i);
		ctx->srv[i]->weight = 1;
		refcount_set(&ctx->srv[i]->ref, 1);
	}
	i = lbdr_conn_table_init(NULL, &ctx->t);
	if (i)
		return i;
	test->priv = ctx;
	return 0;
}

/* Whatever a case left, before KUnit frees the servers. */
static void lbdr_conn_test_exit(struct kunit *test)
{
	struct conn_ctx *ctx = test->priv;

	if (!ctx)	/* init failed, and exit runs all the same */
		return;
	lbdr_conn_flush(&ctx->t);
	lbdr_conn_table_destroy(&ctx->t);
	rcu_barrier();
}

static void lbdr_conn_key_of_test(struct kunit *test)
{
	struct lbdr_flow f = {
		.family = AF_INET,
		.proto = IPPROTO_UDP,
		.saddr.ip = htonl(CLIENT4 | 9),
		.daddr.ip = htonl(VIP4),
		.sport = htons(5353),
		.dport = htons(53),
		.tcp_flags = 0xff,
		.icmp = 1,
	};
	struct lbdr_conn_key k;

	memset(&k, 0xa5, sizeof(k));
	lbdr_conn_key_of(&k, &f);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&k.saddr, &f.saddr, sizeof(k.saddr)));
	KUNIT_EXPECT_EQ(test, 0, memcmp(&k.daddr, &f.daddr, sizeof(k.daddr)));
	KUNIT_EXPECT_EQ(test, f.sport, k.sport);
	KUNIT_EXPECT_EQ(test, f.dport, k.dport);
	KUNIT_EXPECT_EQ(test, AF_INET, k.family);
	KUNIT_EXPECT_EQ(test, IPPROTO_UDP, k.proto);
	/* The table compares bytes: nothing else may be left behind. */
	KUNIT_EXPECT_EQ(test, 0, k.template);
	KUNIT_EXPECT_EQ(test, 0, k.pad);
}

static void lbdr_conn_insert_lookup_test(struct kunit *test)
{
	struct conn_ctx *ctx = test->priv;
	struct lbdr_conn_table *t = &ctx->t;
	struct lbdr_server *srv = ctx->srv[0];
	struct lbdr_conn_key k4, k6, k;
	struct lbdr_conn *c4, *c6, *c;
	u32 before = lbdr_now(), after;

	key4(&k4, 1, 40000);
	key6(&k6, 1, 40000);
	c4 = insert(test, t, &k4, srv, LBDR_CS_SYN_RECV, 60);
	c6 = insert(test, t, &k6, srv, LBDR_CS_UDP, 300);
	after = lbdr_now();
	KUNIT_EXPECT_PTR_NE(test, c4, c6);
	KUNIT_EXPECT_EQ(test, 2U, lbdr_conn_count(t));

	KUNIT_EXPECT_PTR_EQ(test, c4, lookup(t, &k4));
	KUNIT_EXPECT_PTR_EQ(test, c6, lookup(t, &k6));
	KUNIT_EXPECT_PTR_EQ(test, srv, c4->srv);
	KUNIT_EXPECT_EQ(test, LBDR_CS_SYN_RECV, c4->state);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&k4, &c4->key, sizeof(k4)));
	KUNIT_EXPECT_GE(test, c4->expires, before + 60);
	KUNIT_EXPECT_LE(test, c4->expires, after + 60);
	KUNIT_EXPECT_GE(test, c6->expires, before + 300);
	KUNIT_EXPECT_LE(test, c6->expires, after + 300);

	/* One field apart is another flow. */
	k = k4;
	k.sport = htons(40001);
	KUNIT_EXPECT_NULL(test, lookup(t, &k));
	k = k4;
	k.dport = htons(81);
	KUNIT_EXPECT_NULL(test, lookup(t, &k));
	k = k4;
	k.proto = IPPROTO_UDP;
	KUNIT_EXPECT_NULL(test, lookup(t, &k));
	k = k4;
	k.family = AF_INET6;
	KUNIT_EXPECT_NULL(test, lookup(t, &k));
	k = k4;
	k.template = 1;
	KUNIT_EXPECT_NULL(test, lookup(t, &k));
	k = k6;
	k.saddr.in6.s6_addr[15] ^= 1;
	KUNIT_EXPECT_NULL(test, lookup(t, &k));

	/* ...and gets an entry of its own: another port, a template. */
	k = k4;
	k.sport = htons(40001);
	c = insert(test, t, &k, srv, LBDR_CS_SYN_RECV, 60);
	KUNIT_EXPECT_PTR_NE(test, c4, c);
	KUNIT_EXPECT_PTR_EQ(test, c, lookup(t, &k));
	k = k4;
	k.template = 1;
	c = insert(test, t, &k, srv, LBDR_CS_TEMPLATE, 60);
	KUNIT_EXPECT_PTR_NE(test, c4, c);
	KUNIT_EXPECT_PTR_EQ(test, c, lookup(t, &k));
	KUNIT_EXPECT_PTR_EQ(test, c4, lookup(t, &k4));
	KUNIT_EXPECT_EQ(test, 4U, lbdr_conn_count(t));

	/* An entry holds its server; a template is neither active nor not. */
	expect_srv(test, srv, 5, 0, 3);
	lbdr_conn_flush(t);
	KUNIT_EXPECT_EQ(test, 0U, lbdr_conn_count(t));
	KUNIT_EXPECT_NULL(test, lookup(t, &k4));
	rcu_barrier();
	expect_srv(test, srv, 1, 0, 0);
}

/* Another CPU inserted first: its entry is returned, nothing is taken. */
static void lbdr_conn_duplicate_test(struct kunit *test)
{
	struct conn_ctx *ctx = test->priv;
	struct lbdr_conn_table *t = &ctx->t;
	struct lbdr_server *a = ctx->srv[0], *b = ctx->srv[1];
	struct lbdr_conn *c, *dup;
	struct lbdr_conn_key k;

	key4(&k, 2, 1234);
	c = insert(test, t, &k, a, LBDR_CS_ESTABLISHED, 900);
	expect_srv(test, a, 2, 1, 0);

	dup = insert(test, t, &k, b, LBDR_CS_SYN_RECV, 60);
	KUNIT_EXPECT_PTR_EQ(test, c, dup);
	KUNIT_EXPECT_PTR_EQ(test, a, c->srv);
	KUNIT_EXPECT_EQ(test, LBDR_CS_ESTABLISHED, c->state);
	KUNIT_EXPECT_EQ(test, 1U, lbdr_conn_count(t));
	expect_srv(test, a, 2, 1, 0);
	expect_srv(test, b, 1, 0, 0);

	/* The same server again: still one reference for one entry. */
	dup = insert(test, t, &k, a, LBDR_CS_ESTABLISHED, 900);
	KUNIT_EXPECT_PTR_EQ(test, c, dup);
	expect_srv(test, a, 2, 1, 0);

	lbdr_conn_flush(t);
	rcu_barrier();
	expect_srv(test, a, 1, 0, 0);
}

/* conn-max N: the N+1th is refused, and room made by the GC is reused. */
static void lbdr_conn_limit_test(struct kunit *test)
{
	struct conn_ctx *ctx = test->priv;
	struct lbdr_conn_table *t = &ctx->t;
	struct lbdr_server *srv = ctx->srv[0];
	struct lbdr_conn *c, *first = NULL;
	struct lbdr_conn_key k;
	const u32 max = 8;
	u32 i;

	for (i = 0; i < max; i++) {
		key4(&k, 3, 1000 + i);
		c = lbdr_conn_insert(t, max, &k, srv, LBDR_CS_SYN_RECV, 60);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
		if (!first)
			first = c;
	}
	KUNIT_EXPECT_EQ(test, max, lbdr_conn_count(t));
	key4(&k, 3, 1000 + max);
	KUNIT_EXPECT_PTR_EQ(test, ERR_PTR(-ENOSPC),
			    lbdr_conn_insert(t, max, &k, srv, LBDR_CS_SYN_RECV, 60));
	KUNIT_EXPECT_EQ(test, max, lbdr_conn_count(t));
	KUNIT_EXPECT_NULL(test, lookup(t, &k));
	expect_srv(test, srv, max + 1, 0, max);
	/* Full, yet a flow another CPU just inserted is found, not refused. */
	key4(&k, 3, 1000);
	KUNIT_EXPECT_PTR_EQ(test, first,
			    lbdr_conn_insert(t, max, &k, srv, LBDR_CS_SYN_RECV, 60));
	expect_srv(test, srv, max + 1, 0, max);
	key4(&k, 3, 1000 + max);

	gc_stop(t);
	expire(first);
	KUNIT_EXPECT_EQ(test, 1U, gc_run(t, UINT_MAX, false));
	KUNIT_EXPECT_FALSE(test, t->gc_walk.walking);
	c = lbdr_conn_insert(t, max, &k, srv, LBDR_CS_SYN_RECV, 60);
	KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(c));
	KUNIT_EXPECT_EQ(test, max, lbdr_conn_count(t));

	lbdr_conn_flush(t);
	rcu_barrier();
	expect_srv(test, srv, 1, 0, 0);
}

/* A server whose last reference is gone gets no entry. */
static void lbdr_conn_stale_server_test(struct kunit *test)
{
	struct conn_ctx *ctx = test->priv;
	struct lbdr_conn_table *t = &ctx->t;
	struct lbdr_server *gone = ctx->srv[2];
	struct lbdr_conn_key k;

	refcount_set(&gone->ref, 0);
	key4(&k, 4, 1);
	KUNIT_EXPECT_PTR_EQ(test, ERR_PTR(-ESTALE),
			    lbdr_conn_insert(t, UINT_MAX, &k, gone,
					     LBDR_CS_SYN_RECV, 60));
	KUNIT_EXPECT_EQ(test, 0U, lbdr_conn_count(t));
	KUNIT_EXPECT_NULL(test, lookup(t, &k));
	expect_srv(test, gone, 0, 0, 0);
	refcount_set(&gone->ref, 1);
}

/*
 * Pacing: a pass records the soonest expiry it kept; an insert due sooner
 * than the next pass brings it forward, never later, and never more than
 * LBDR_GC_IDLE_MAX ahead.
 */
static void lbdr_conn_gc_pacing_test(struct kunit *test)
{
	static const u32 timeouts[] = { 300, 40, 900, 3600 };
	struct conn_ctx *ctx = test->priv;
	struct lbdr_conn_table *t = &ctx->t;
	struct lbdr_conn_key k;
	u32 now;
	int i;

	now = lbdr_now();
	KUNIT_EXPECT_GT(test, (s32)(t->gc_next - now), LBDR_GC_IDLE_MAX);
	for (i = 0; i < ARRAY_SIZE(timeouts); i++) {
		key4(&k, 6, 3000 + i);
		insert(test, t, &k, ctx->srv[0], LBDR_CS_ESTABLISHED,
		       timeouts[i]);
	}
	/* The first insert set the pass a minute ahead at most. */
	KUNIT_EXPECT_LE(test, (s32)(t->gc_next - now), LBDR_GC_IDLE_MAX);
	gc_stop(t);
	KUNIT_EXPECT_EQ(test, 0U, gc_run(t, UINT_MAX, false));
	KUNIT_EXPECT_FALSE(test, t->gc_walk.walking);
	KUNIT_EXPECT_GE(test, t->gc_soonest, now + 40);
	KUNIT_EXPECT_LE(test, t->gc_soonest, lbdr_now() + 40);

	now = lbdr_now();
	t->gc_next = now + 50;
	lbdr_conn_gc_due(t, now + 500);
	KUNIT_EXPECT_EQ(test, now + 50, t->gc_next);
	lbdr_conn_gc_due(t, now + 10);
	KUNIT_EXPECT_EQ(test, now + 10, t->gc_next);
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&t->gc));
	/* Its own clock may have ticked: a second of slack. */
	t->gc_next = now + S32_MAX;
	lbdr_conn_gc_due(t, now + 5000);
	KUNIT_EXPECT_GE(test, t->gc_next, now + LBDR_GC_IDLE_MAX);
	KUNIT_EXPECT_LE(test, t->gc_next, now + LBDR_GC_IDLE_MAX + 1);
	gc_stop(t);
}

/* Expired entries go, live ones stay, and their servers are released. */
static void lbdr_conn_gc_expiry_test(struct kunit *test)
{
	struct conn_ctx *ctx = test->priv;
	struct lbdr_conn_table *t = &ctx->t;
	struct lbdr_server *a = ctx->srv[0], *b = ctx->srv[1];
	struct lbdr_conn *c[10];
	struct lbdr_conn_key k;
	int i;

	for (i = 0; i < 10; i++) {
		key4(&k, 5, 2000 + i);
		c[i] = insert(test, t, &k, i & 1 ? b : a,
			      i < 5 ? LBDR_CS_ESTABLISHED : LBDR_CS_CLOSE, 60);
	}
	expect_srv(test, a, 6, 3, 2);
	expect_srv(test, b, 6, 2, 3);
	gc_stop(t);
	/* Expired: 0 and 4 on a, 3 and 7 on b; due exactly now is expired. */
	expire(c[0]);
	expire(c[3]);
	WRITE_ONCE(c[4]->expires, lbdr_now() - 1000);
	WRITE_ONCE(c[7]->expires, lbdr_now());

	KUNIT_EXPECT_EQ(test, 4U, gc_run(t, UINT_MAX, false));
	KUNIT_EXPECT_FALSE(test, t->gc_walk.walking);
	KUNIT_EXPECT_EQ(test, 6U, lbdr_conn_count(t));
	for (i = 0; i < 10; i++) {
		key4(&k, 5, 2000 + i);
		if (i == 0 || i == 3 || i == 4 || i == 7)
			KUNIT_EXPECT_NULL_MSG(test, lookup(t, &k), "entry %d", i);
		else
			KUNIT_EXPECT_PTR_EQ_MSG(test, c[i], lookup(t, &k),
						"entry %d", i);
	}
	/* Freed a grace period later, with their accounting. */
	rcu_barrier();
	expect_srv(test, a, 4, 1, 2);
	expect_srv(test, b, 4, 1, 2);

	/* Nothing more to do on a second pass. */
	KUNIT_EXPECT_EQ(test, 0U, gc_run(t, UINT_MAX, false));
	KUNIT_EXPECT_EQ(test, 6U, lbdr_conn_count(t));
}

/*
 * A budget smaller than the table: the pass goes on where it stopped, and
 * reaches every expired entry. Budget 1 stops after every entry, also
 * right after one it unlinked.
 */
static void lbdr_conn_gc_budget_test(struct kunit *test)
{
	static const unsigned int budgets[] = { 1, 7, 64 };
	struct conn_ctx *ctx = test->priv;
	struct lbdr_conn_table *t = &ctx->t;
	struct lbdr_server *srv = ctx->srv[0];
	const unsigned int n = 200;
	unsigned int runs, removed, i, r, budget;
	struct lbdr_conn_key k;
	struct lbdr_conn *c;

	for (r = 0; r < ARRAY_SIZE(budgets); r++) {
		budget = budgets[r];
		for (i = 0; i < n; i++) {
			key4(&k, 6, 1000 * r + i);
			insert(test, t, &k, srv, LBDR_CS_SYN_RECV, 60);
		}
		gc_stop(t);
		for (i = 1; i < n; i += 2) {
			key4(&k, 6, 1000 * r + i);
			c = lookup(t, &k);
			KUNIT_ASSERT_NOT_NULL(test, c);
			expire(c);
		}
		runs = 0;
		removed = 0;
		do {
			removed += gc_run(t, budget, false);
			runs++;
			if (runs == 1)
				KUNIT_EXPECT_TRUE(test, t->gc_walk.walking);
		} while (t->gc_walk.walking && runs < 10 * n);
		KUNIT_EXPECT_FALSE(test, t->gc_walk.walking);
		KUNIT_EXPECT_EQ_MSG(test, n / 2, removed, "budget %u", budget);
		KUNIT_EXPECT_GE_MSG(test, runs, n / budget, "budget %u", budget);
		KUNIT_EXPECT_EQ_MSG(test, n / 2, lbdr_conn_count(t),
				    "budget %u", budget);
		for (i = 0; i < n; i++) {
			key4(&k, 6, 1000 * r + i);
			if (i & 1)
				KUNIT_EXPECT_NULL_MSG(test, lookup(t, &k),
						      "budget %u, entry %u", budget, i);
			else
				KUNIT_EXPECT_NOT_NULL_MSG(test, lookup(t, &k),
							  "budget %u, entry %u",
							  budget, i);
		}
		rcu_barrier();
		expect_srv(test, srv, lbdr_conn_count(t) + 1, 0, lbdr_conn_count(t));
		lbdr_conn_flush(t);
		lbdr_conn_flush(t);	/* in case the first one missed some */
		rcu_barrier();
	}
}

/* State and server changes move the accounting with the entry. */
static void lbdr_conn_set_test(struct kunit *test)
{
	struct conn_ctx *ctx = test->priv;
	struct lbdr_conn_table *t = &ctx->t;
	struct lbdr_server *a = ctx->srv[0], *b = ctx->srv[1];
	struct lbdr_server *gone = ctx->srv[2];
	struct lbdr_conn *c, *tpl;
	struct lbdr_conn_key k;
	u32 before;

	key4(&k, 7, 4000);
	c = insert(test, t, &k, a, LBDR_CS_SYN_RECV, 60);
	expect_srv(test, a, 2, 0, 1);

	/* NULL: the entry keeps its server, the state moves it to active. */
	before = lbdr_now();
	KUNIT_EXPECT_TRUE(test, conn_set(c, NULL, LBDR_CS_ESTABLISHED, 900));
	KUNIT_EXPECT_EQ(test, LBDR_CS_ESTABLISHED, c->state);
	KUNIT_EXPECT_PTR_EQ(test, a, c->srv);
	KUNIT_EXPECT_GE(test, c->expires, before + 900);
	KUNIT_EXPECT_LE(test, c->expires, lbdr_now() + 900);
	expect_srv(test, a, 2, 1, 0);

	KUNIT_EXPECT_TRUE(test, conn_set(c, NULL, LBDR_CS_FIN_WAIT, 120));
	expect_srv(test, a, 2, 0, 1);
	KUNIT_EXPECT_TRUE(test, conn_set(c, NULL, LBDR_CS_ESTABLISHED, 900));
	expect_srv(test, a, 2, 1, 0);

	/* Another server: the reference and the count move together. */
	KUNIT_EXPECT_TRUE(test, conn_set(c, b, LBDR_CS_SYN_RECV, 60));
	KUNIT_EXPECT_PTR_EQ(test, b, c->srv);
	KUNIT_EXPECT_EQ(test, LBDR_CS_SYN_RECV, c->state);
	expect_srv(test, a, 1, 0, 0);
	expect_srv(test, b, 2, 0, 1);

	/* Its own server given explicitly: one reference still. */
	KUNIT_EXPECT_TRUE(test, conn_set(c, b, LBDR_CS_ESTABLISHED, 900));
	expect_srv(test, b, 2, 1, 0);

	/* A server being freed is refused and the entry left alone. */
	refcount_set(&gone->ref, 0);
	KUNIT_EXPECT_FALSE(test, conn_set(c, gone, LBDR_CS_SYN_RECV, 60));
	KUNIT_EXPECT_PTR_EQ(test, b, c->srv);
	KUNIT_EXPECT_EQ(test, LBDR_CS_ESTABLISHED, c->state);
	expect_srv(test, gone, 0, 0, 0);
	expect_srv(test, b, 2, 1, 0);
	refcount_set(&gone->ref, 1);

	/* A template holds its server and counts as neither. */
	k.template = 1;
	tpl = insert(test, t, &k, a, LBDR_CS_TEMPLATE, 300);
	expect_srv(test, a, 2, 0, 0);
	KUNIT_EXPECT_TRUE(test, conn_set(tpl, b, LBDR_CS_TEMPLATE, 300));
	expect_srv(test, a, 1, 0, 0);
	expect_srv(test, b, 3, 1, 0);

	/* Template to connection state and back. */
	KUNIT_EXPECT_TRUE(test, conn_set(tpl, NULL, LBDR_CS_CLOSE, 10));
	expect_srv(test, b, 3, 1, 1);
	KUNIT_EXPECT_TRUE(test, conn_set(tpl, NULL, LBDR_CS_TEMPLATE, 300));
	expect_srv(test, b, 3, 1, 0);

	lbdr_conn_flush(t);
	rcu_barrier();
	expect_srv(test, a, 1, 0, 0);
	expect_srv(test, b, 1, 0, 0);
}

/* More entries than a GC batch, flushed in the middle of a GC pass. */
static void lbdr_conn_flush_test(struct kunit *test)
{
	static const u8 states[] = {
		LBDR_CS_SYN_RECV, LBDR_CS_ESTABLISHED, LBDR_CS_FIN_WAIT,
		LBDR_CS_TIME_WAIT, LBDR_CS_CLOSE, LBDR_CS_UDP, LBDR_CS_TEMPLATE,
	};
	struct conn_ctx *ctx = test->priv;
	struct lbdr_conn_table *t = &ctx->t;
	const unsigned int n = 3 * LBDR_GC_BATCH + 17;
	struct lbdr_conn_key k;
	unsigned int i;

	for (i = 0; i < n; i++) {
		key4(&k, 8, 1 + i);
		if (i % 2)
			key6(&k, 8, 1 + i);
		k.template = states[i % ARRAY_SIZE(states)] == LBDR_CS_TEMPLATE;
		insert(test, t, &k, ctx->srv[i % NSRV],
		       states[i % ARRAY_SIZE(states)], 60);
	}
	KUNIT_EXPECT_EQ(test, n, lbdr_conn_count(t));

	gc_stop(t);
	gc_run(t, 10, false);
	KUNIT_EXPECT_TRUE(test, t->gc_walk.walking);
	lbdr_conn_flush(t);
	KUNIT_EXPECT_EQ(test, 0U, lbdr_conn_count(t));
	key4(&k, 8, 1);
	KUNIT_EXPECT_NULL(test, lookup(t, &k));
	/* The GC pass under way ends on the empty table. */
	KUNIT_EXPECT_EQ(test, 0U, gc_run(t, UINT_MAX, false));
	KUNIT_EXPECT_FALSE(test, t->gc_walk.walking);

	rcu_barrier();
	for (i = 0; i < NSRV; i++)
		expect_srv(test, ctx->srv[i], 1, 0, 0);

	/* An empty table flushes too. */
	lbdr_conn_flush(t);
	KUNIT_EXPECT_EQ(test, 0U, lbdr_conn_count(t));
}

/*
 * Flushes of more entries than a GC batch leave none behind, wherever the
 * walk stops to hand a full batch to RCU. Where the stops fall depends on
 * the table's random hash seed: thirty rounds.
 */
static void lbdr_conn_flush_rounds_test(struct kunit *test)
{
	struct conn_ctx *ctx = test->priv;
	struct lbdr_conn_table *t = &ctx->t;
	const unsigned int n = 3 * LBDR_GC_BATCH + 17, rounds = 30;
	unsigned int i, r, left = 0, bad = 0;
	struct lbdr_conn_key k;

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < n; i++) {
			key4(&k, 11 + r, 1 + i);
			insert(test, t, &k, ctx->srv[0], LBDR_CS_ESTABLISHED, 60);
		}
		gc_stop(t);
		lbdr_conn_flush(t);
		if (lbdr_conn_count(t)) {
			left += lbdr_conn_count(t);
			bad++;
			lbdr_conn_flush(t);
		}
	}
	KUNIT_EXPECT_EQ_MSG(test, 0U, left,
			    "%u entries left by %u of %u flushes of %u", left,
			    bad, rounds, n);
	KUNIT_EXPECT_EQ(test, 0U, lbdr_conn_count(t));
	rcu_barrier();
	expect_srv(test, ctx->srv[0], 1, 0, 0);
}

static bool match_srv(const struct lbdr_conn *c, const void *srv)
{
	return READ_ONCE(c->srv) == srv;
}

/* Deletion by filter: the entries of one server, the others untouched. */
static void lbdr_conn_unlink_all_test(struct kunit *test)
{
	struct conn_ctx *ctx = test->priv;
	struct lbdr_conn_table *t = &ctx->t;
	const unsigned int n = 2 * LBDR_GC_BATCH + 10;
	struct lbdr_conn_key k;
	struct lbdr_conn *c;
	unsigned int i;

	for (i = 0; i < n; i++) {
		key4(&k, 9, 1 + i);
		insert(test, t, &k, ctx->srv[i % 2],
		       i % 4 < 2 ? LBDR_CS_ESTABLISHED : LBDR_CS_SYN_RECV, 60);
	}
	expect_srv(test, ctx->srv[0], n / 2 + 1, n / 4 + 1, n / 4);
	KUNIT_EXPECT_EQ(test, n / 2,
			lbdr_conn_unlink_all(t, match_srv, ctx->srv[1]));
	KUNIT_EXPECT_EQ(test, n / 2, lbdr_conn_count(t));
	for (i = 0; i < n; i++) {
		key4(&k, 9, 1 + i);
		c = lookup(t, &k);
		if (i % 2)
			KUNIT_EXPECT_NULL_MSG(test, c, "entry %u", i);
		else
			KUNIT_EXPECT_PTR_EQ_MSG(test, ctx->srv[0], c ? c->srv : NULL,
						"entry %u", i);
	}
	rcu_barrier();
	expect_srv(test, ctx->srv[1], 1, 0, 0);
	expect_srv(test, ctx->srv[0], n / 2 + 1, n / 4 + 1, n / 4);
	KUNIT_EXPECT_EQ(test, 0U,
			lbdr_conn_unlink_all(t, match_srv, ctx->srv[1]));
}

/* A walk left before its end, by a budget, then abandoned. */
static void lbdr_conn_walk_abort_test(struct kunit *test)
{
	struct conn_ctx *ctx = test->priv;
	struct lbdr_conn_table *t = &ctx->t;
	struct lbdr_conn_walk w = {};
	struct lbdr_conn_key k;
	unsigned int i, removed;

	for (i = 0; i < 20; i++) {
		key4(&k, 10, 1 + i);
		insert(test, t, &k, ctx->srv[0], LBDR_CS_UDP, 60);
	}
	removed = lbdr_conn_unlink(t, &w, 5, match_srv, ctx->srv[0]);
	KUNIT_EXPECT_TRUE(test, w.walking);
	KUNIT_EXPECT_LE(test, removed, 5U);
	KUNIT_EXPECT_EQ(test, 20U - removed, lbdr_conn_count(t));
	lbdr_conn_walk_abort(&w);
	KUNIT_EXPECT_FALSE(test, w.walking);
	lbdr_conn_walk_abort(&w);
	KUNIT_EXPECT_FALSE(test, w.walking);
	/* The table takes walks again, and goes (with no walker left). */
	lbdr_conn_flush(t);
	KUNIT_EXPECT_EQ(test, 0U, lbdr_conn_count(t));
}

/*
 * The flow cache in front of the table: a lookup fills it, and every way
 * of unlinking (GC, flush) empties it of the entries it unlinks, or a
 * cached pointer would outlive its entry.
 */
static void lbdr_conn_flowcache_test(struct kunit *test)
{
	struct conn_ctx *ctx = test->priv;
	struct lbdr_conn_table *t = &ctx->t;
	struct lbdr_conn *c[2];
	struct lbdr_conn_key k[2];
	int i, j;

	gc_stop(t);
	for (i = 0; i < 2; i++) {
		key4(&k[i], 20, 100 + i);
		c[i] = insert(test, t, &k[i], ctx->srv[0], LBDR_CS_UDP, 60);
		KUNIT_EXPECT_PTR_EQ(test, c[i], lookup(t, &k[i]));
		rcu_read_lock();
		KUNIT_EXPECT_PTR_EQ(test, c[i], lbdr_flowcache_get(&t->fc, &k[i]));
		rcu_read_unlock();
	}
	/* The GC unlinks the expired one; the other stays cached. */
	expire(c[0]);
	KUNIT_EXPECT_EQ(test, 1U, gc_run(t, UINT_MAX, false));
	lbdr_conn_flush(t);
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_NULL(test, lookup(t, &k[i]));
		for (j = 0; j < LBDR_FLOWCACHE_SETS * LBDR_FLOWCACHE_WAYS; j++)
			KUNIT_EXPECT_PTR_NE(test, c[i], READ_ONCE(t->fc.slot[j]));
	}
}

/*
 * lbdr_conn_init() is __init. A module's suites run from the module
 * notifier at MODULE_STATE_COMING, before its init sections are freed
 * (kernel/module/main.c), and 6.1 cannot run them again later.
 */
static int __ref lbdr_conn_suite_init(struct kunit_suite *suite)
{
	return lbdr_conn_init();
}

static void lbdr_conn_suite_exit(struct kunit_suite *suite)
{
	lbdr_conn_exit();
}

static struct kunit_case lbdr_conn_cases[] = {
	KUNIT_CASE(lbdr_conn_key_of_test),
	KUNIT_CASE(lbdr_conn_insert_lookup_test),
	KUNIT_CASE(lbdr_conn_duplicate_test),
	KUNIT_CASE(lbdr_conn_limit_test),
	KUNIT_CASE(lbdr_conn_stale_server_test),
	KUNIT_CASE(lbdr_conn_gc_pacing_test),
	KUNIT_CASE(lbdr_conn_gc_expiry_test),
	KUNIT_CASE(lbdr_conn_gc_budget_test),
	KUNIT_CASE(lbdr_conn_set_test),
	KUNIT_CASE(lbdr_conn_flush_test),
	KUNIT_CASE(lbdr_conn_flush_rounds_test),
	KUNIT_CASE(lbdr_conn_unlink_all_test),
	KUNIT_CASE(lbdr_conn_walk_abort_test),
	KUNIT_CASE(lbdr_conn_flowcache_test),
	{}
};

static struct kunit_suite lbdr_conn_suite = {
	.name = "lbdr_conn",
	.suite_init = lbdr_conn_suite_init,
	.suite_exit = lbdr_conn_suite_exit,
	.init = lbdr_conn_test_init,
	.exit = lbdr_conn_test_exit,
	.test_cases = lbdr_conn_cases,
};

kunit_test_suite(lbdr_conn_suite);
