// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the schedulers (module/sched.c): the wrr and sh tables'
 * proportions and spread, wlc's least overhead, the connection thresholds
 * and their hysteresis, picks through a service's table, flow hashing and
 * persistence template keys.
 */

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/slab.h>

#include "../../module/sched.c"

#define MAXSRV	8

/* @n servers 10.0.0.x with @weights, sorted by address. */
static struct lbdr_server **servers_new(struct kunit *test, const u16 *weights,
					unsigned int n)
{
	struct lbdr_server **list;
	unsigned int i;

	list = kunit_kcalloc(test, n, sizeof(*list), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, list);
	for (i = 0; i < n; i++) {
		list[i] = kunit_kzalloc(test, sizeof(*list[i]), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, list[i]);
		list[i]->addr.ip = htonl(0x0a000001 + i);
		list[i]->weight = weights[i];
		refcount_set(&list[i]->ref, 1);
	}
	return list;
}

static int table_res_init(struct kunit_resource *res, void *t)
{
	res->data = t;
	return 0;
}

static void table_res_free(struct kunit_resource *res)
{
	kvfree(res->data);
}

/* A table freed when the test ends. */
static struct lbdr_table *build(struct kunit *test, u8 sched,
				struct lbdr_server **list, unsigned int n,
				u32 size)
{
	struct lbdr_table *t = lbdr_table_build(sched, list, n, AF_INET, size);

	KUNIT_ASSERT_NOT_NULL(test, t);
	if (!kunit_alloc_resource(test, table_res_init, table_res_free,
				  GFP_KERNEL, t)) {
		kvfree(t);
		KUNIT_ASSERT_FAILURE(test, "no memory for the resource");
	}
	KUNIT_EXPECT_EQ(test, sched, t->sched);
	KUNIT_EXPECT_EQ(test, n, t->nservers);
	return t;
}

/* Slots per server of @t, indexed like its servers. */
static u32 *slot_counts(struct kunit *test, const struct lbdr_table *t)
{
	u32 *count = kunit_kcalloc(test, t->nservers, sizeof(*count), GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, count);
	for (i = 0; i < t->size; i++) {
		KUNIT_ASSERT_LT(test, (u32)t->slot[i], t->nservers);
		count[t->slot[i]]++;
	}
	return count;
}

/* wrr: one period, sum(weights) / gcd slots, when it fits. */
struct wrr_case {
	const char *name;
	u16 w[MAXSRV];
	unsigned int n;
	u32 size;
	u32 period;		/* the table's size */
};

static const struct wrr_case wrr_cases[] = {
	{ "1,2,3", { 1, 2, 3 }, 3, 251, 6 },
	{ "2,4,6: gcd 2", { 2, 4, 6 }, 3, 251, 6 },
	{ "5,5", { 5, 5 }, 2, 251, 2 },
	{ "one server", { 9 }, 1, 251, 1 },
	{ "30,10,20,40", { 30, 10, 20, 40 }, 4, 251, 10 },
	{ "7,1,1,1,1,1,1,1", { 7, 1, 1, 1, 1, 1, 1, 1 }, 8, 251, 14 },
	{ "period fills the size", { 1, 2, 3 }, 3, 6, 6 },
	{ "period over the size", { 1, 100 }, 2, 11, 11 },
	{ "large weights", { 65535, 65534 }, 2, 65537, 65537 },
};

static void wrr_desc(const struct wrr_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wrr, wrr_cases, wrr_desc);

static void lbdr_wrr_table_test(struct kunit *test)
{
	const struct wrr_case *c = test->param_value;
	struct lbdr_server **list = servers_new(test, c->w, c->n);
	struct lbdr_table *t = build(test, LBDR_SCHED_WRR, list, c->n, c->size);
	unsigned long g = 0;
	u64 total = 0;
	u32 *count;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, c->period, t->size);
	for (i = 0; i < c->n; i++) {
		KUNIT_EXPECT_PTR_EQ(test, list[i], t->servers[i]);
		g = gcd(g, c->w[i]);
		total += c->w[i];
	}
	count = slot_counts(test, t);
	if (total / g > c->size)
		return;		/* a part of a period: no exact shares */
	for (i = 0; i < c->n; i++)
		KUNIT_EXPECT_EQ_MSG(test, (u32)(c->w[i] / g), count[i],
				    "server %u", i);
}

/* Equal weights: never the same server twice in a row, wrap included. */
static void lbdr_wrr_spread_test(struct kunit *test)
{
	static const u16 w[MAXSRV] = { 3, 3, 3, 3, 3 };
	struct lbdr_server **list = servers_new(test, w, 5);
	struct lbdr_table *t;
	u32 i;

	t = build(test, LBDR_SCHED_WRR, list, 5, 251);
	KUNIT_ASSERT_EQ(test, 5U, t->size);
	for (i = 0; i < t->size; i++)
		KUNIT_EXPECT_NE_MSG(test, t->slot[i], t->slot[(i + 1) % t->size],
				    "slots %u and %u", i, (i + 1) % t->size);

	t = build(test, LBDR_SCHED_SH, list, 5, 251);
	KUNIT_ASSERT_EQ(test, 251U, t->size);
	for (i = 0; i + 1 < t->size; i++)
		KUNIT_EXPECT_NE_MSG(test, t->slot[i], t->slot[i + 1],
				    "slots %u and %u", i, i + 1);
}

/* Unequal weights: a server's slots are spread, not bunched. */
static void lbdr_wrr_smooth_test(struct kunit *test)
{
	static const u16 w[MAXSRV] = { 1, 1, 4 };
	struct lbdr_server **list = servers_new(test, w, 3);
	struct lbdr_table *t = build(test, LBDR_SCHED_WRR, list, 3, 251);
	u32 i, run = 0, longest = 0;

	/*
	 * 4 of 6 slots: runs of two at most within the period, never the 4
	 * at once. (Smooth weighted round-robin may put a run across the
	 * end of the period and its start.)
	 */
	KUNIT_ASSERT_EQ(test, 6U, t->size);
	for (i = 0; i < t->size; i++) {
		run = t->slot[i] == 2 ? run + 1 : 0;
		longest = max(longest, run);
	}
	KUNIT_EXPECT_LE(test, longest, 2U);
}

/* sh: a prime number of slots shared by weight. */
static void lbdr_sh_table_test(struct kunit *test)
{
	static const u16 w[MAXSRV] = { 1, 2, 3 };
	struct lbdr_server **list = servers_new(test, w, 3);
	struct lbdr_table *t = build(test, LBDR_SCHED_SH, list, 3, 251);
	u32 *count = slot_counts(test, t);
	unsigned int i;

	KUNIT_ASSERT_EQ(test, 251U, t->size);
	for (i = 0; i < 3; i++) {
		/* 251 * w / 6, give or take one slot. */
		u32 ideal6 = 251 * w[i];

		KUNIT_EXPECT_LE_MSG(test, count[i] * 6, ideal6 + 6, "server %u", i);
		KUNIT_EXPECT_GE_MSG(test, count[i] * 6 + 6, ideal6, "server %u", i);
	}
}

static void lbdr_table_refuses_test(struct kunit *test)
{
	static const u8 scheds[] = { LBDR_SCHED_MAGLEV, LBDR_SCHED_WRR,
				     LBDR_SCHED_WLC, LBDR_SCHED_SH };
	static const u16 w[MAXSRV] = { 1, 1, 1 };
	struct lbdr_server **list = servers_new(test, w, 3);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(scheds); i++) {
		KUNIT_EXPECT_NULL_MSG(test, lbdr_table_build(scheds[i], list, 0,
							     AF_INET, 251),
				      "sched %u", scheds[i]);
		KUNIT_EXPECT_NULL_MSG(test, lbdr_table_build(scheds[i], list, 3,
							     AF_INET, 2),
				      "sched %u", scheds[i]);
	}
}

/* wlc keeps no slots, only the servers. */
static void lbdr_wlc_table_test(struct kunit *test)
{
	static const u16 w[MAXSRV] = { 1, 2, 3 };
	struct lbdr_server **list = servers_new(test, w, 3);
	struct lbdr_table *t = build(test, LBDR_SCHED_WLC, list, 3, 251);
	unsigned int i;

	KUNIT_EXPECT_EQ(test, 0U, t->size);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_PTR_EQ(test, list[i], t->servers[i]);
}

static void set_conns(struct lbdr_server *srv, int active, int inactive)
{
	atomic_set(&srv->active, active);
	atomic_set(&srv->inactive, inactive);
}

/* Least (active * 256 + inactive) / weight; the first of equals. */
static void lbdr_wlc_pick_test(struct kunit *test)
{
	static const u16 w[MAXSRV] = { 1, 2, 3 };
	struct lbdr_server **s = servers_new(test, w, 3);
	struct lbdr_table *t = build(test, LBDR_SCHED_WLC, s, 3, 3);

	KUNIT_EXPECT_PTR_EQ(test, s[0], lbdr_wlc_pick(t));

	set_conns(s[0], 1, 0);		/* 256 */
	set_conns(s[1], 1, 100);	/* 178 */
	set_conns(s[2], 2, 0);		/* 170.7 */
	KUNIT_EXPECT_PTR_EQ(test, s[2], lbdr_wlc_pick(t));
	set_conns(s[2], 2, 30);		/* 180.7 */
	KUNIT_EXPECT_PTR_EQ(test, s[1], lbdr_wlc_pick(t));
	set_conns(s[0], 0, 177);	/* 177 */
	KUNIT_EXPECT_PTR_EQ(test, s[0], lbdr_wlc_pick(t));

	/* Equal overhead per weight: the first. */
	set_conns(s[0], 0, 100);
	set_conns(s[1], 0, 200);
	set_conns(s[2], 0, 300);
	KUNIT_EXPECT_PTR_EQ(test, s[0], lbdr_wlc_pick(t));
	/* One active outweighs 255 inactive. */
	set_conns(s[0], 1, 0);
	set_conns(s[1], 0, 2 * 255);
	set_conns(s[2], 0, 3 * 255 + 3);
	KUNIT_EXPECT_PTR_EQ(test, s[1], lbdr_wlc_pick(t));
}

/* wlc passes over a server at its threshold; none left: none. */
static void lbdr_wlc_overloaded_test(struct kunit *test)
{
	static const u16 w[MAXSRV] = { 1, 2, 3 };
	struct lbdr_server **s = servers_new(test, w, 3);
	struct lbdr_table *t = build(test, LBDR_SCHED_WLC, s, 3, 3);

	set_conns(s[0], 1, 0);
	set_conns(s[1], 1, 100);
	set_conns(s[2], 2, 0);
	s[2]->uthreshold = 2;
	KUNIT_EXPECT_PTR_EQ(test, s[1], lbdr_wlc_pick(t));
	s[1]->uthreshold = 50;
	KUNIT_EXPECT_PTR_EQ(test, s[0], lbdr_wlc_pick(t));
	s[0]->uthreshold = 1;
	KUNIT_EXPECT_NULL(test, lbdr_wlc_pick(t));
	/* Below the lower thresholds again: back in. */
	s[0]->lthreshold = 1;
	set_conns(s[0], 0, 0);
	KUNIT_EXPECT_PTR_EQ(test, s[0], lbdr_wlc_pick(t));
}

/*
 * Thresholds, as IPVS: overloaded at uthreshold connections (active and
 * inactive), until below lthreshold or, if that is 0, below 75% of
 * uthreshold rounded up: l_threshold_val = u - (u >> 2) in the IPVS of
 * Debian's 6.1 (ip_vs_ctl.c), conns * 4 < u * 3 in older IPVS, the same
 * cut-off.
 */
struct ovl_step {
	u32 conns;
	bool overloaded;
};

struct ovl_case {
	const char *name;
	u32 upper;
	u32 lower;
	struct ovl_step step[10];
	unsigned int n;
};

static const struct ovl_case ovl_cases[] = {
	{ "no threshold", 0, 0, { { 0, false }, { 100000, false } }, 2 },
	{ "upper 10, lower 3/4", 10, 0,
	  { { 9, false }, { 10, true }, { 9, true }, { 8, true }, { 7, false },
	    { 9, false }, { 11, true }, { 0, false } }, 8 },
	{ "upper 10, lower 5", 10, 5,
	  { { 10, true }, { 6, true }, { 5, true }, { 4, false }, { 9, false },
	    { 10, true } }, 6 },
	{ "upper 4, lower 3/4", 4, 0,
	  { { 3, false }, { 4, true }, { 3, true }, { 2, false } }, 4 },
	{ "upper 2, lower 3/4", 2, 0,
	  { { 1, false }, { 2, true }, { 1, false } }, 3 },
	{ "upper 1, lower 3/4", 1, 0,
	  { { 0, false }, { 1, true }, { 0, false } }, 3 },
};

static void ovl_desc(const struct ovl_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ovl, ovl_cases, ovl_desc);

static void lbdr_server_overloaded_test(struct kunit *test)
{
	const struct ovl_case *c = test->param_value;
	struct lbdr_server *srv = kunit_kzalloc(test, sizeof(*srv), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, srv);
	srv->uthreshold = c->upper;
	srv->lthreshold = c->lower;
	for (i = 0; i < c->n; i++) {
		u32 n = c->step[i].conns;

		/* Both kinds of connection count; each step needs the last. */
		set_conns(srv, n / 2, n - n / 2);
		KUNIT_ASSERT_EQ_MSG(test, c->step[i].overloaded,
				    lbdr_server_overloaded(srv),
				    "step %u: %u connections", i, n);
		KUNIT_EXPECT_EQ_MSG(test, c->step[i].overloaded, !!srv->overloaded,
				    "step %u: the flag", i);
	}
}

static void lbdr_server_usable_test(struct kunit *test)
{
	struct lbdr_server srv = { .weight = 1 };

	KUNIT_EXPECT_TRUE(test, lbdr_server_usable(&srv));
	srv.weight = 0;
	KUNIT_EXPECT_FALSE(test, lbdr_server_usable(&srv));
	srv.weight = 1;
	srv.dead = 1;
	KUNIT_EXPECT_FALSE(test, lbdr_server_usable(&srv));
}

static struct lbdr_service *svc_new(struct kunit *test, struct lbdr_table *t,
				    u8 hash)
{
	struct lbdr_service *svc = kunit_kzalloc(test, sizeof(*svc), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, svc);
	RCU_INIT_POINTER(svc->table, t);
	svc->hash = hash;
	return svc;
}

static struct lbdr_server *pick(struct lbdr_service *svc,
				const struct lbdr_flow *f)
{
	struct lbdr_server *srv;

	rcu_read_lock();
	srv = lbdr_sched_pick(svc, f);
	rcu_read_unlock();
	return srv;
}

static void flow4(struct lbdr_flow *f, u32 client, u16 sport)
{
	memset(f, 0, sizeof(*f));
	f->family = AF_INET;
	f->proto = IPPROTO_TCP;
	f->saddr.ip = htonl(client);
	f->daddr.ip = htonl(0xc0000201);
	f->sport = htons(sport);
	f->dport = htons(80);
}

/* wrr through the service: each period gives each server its weight. */
static void lbdr_sched_pick_wrr_test(struct kunit *test)
{
	static const u16 w[MAXSRV] = { 1, 2, 3 };
	struct lbdr_server **s = servers_new(test, w, 3);
	struct lbdr_table *t = build(test, LBDR_SCHED_WRR, s, 3, 251);
	struct lbdr_service *svc = svc_new(test, t, LBDR_HASH_5TUPLE);
	unsigned int count[3] = {}, i, j;
	struct lbdr_server *srv;
	struct lbdr_flow f;

	flow4(&f, 0xc6336407, 40000);
	for (i = 0; i < 10 * t->size; i++) {
		srv = pick(svc, &f);
		KUNIT_ASSERT_NOT_NULL(test, srv);
		for (j = 0; j < 3; j++)
			count[j] += srv == s[j];
	}
	for (j = 0; j < 3; j++)
		KUNIT_EXPECT_EQ_MSG(test, 10U * w[j], count[j], "server %u", j);

	/* Over its threshold, a server's turns go to the others. */
	s[2]->uthreshold = 1;
	set_conns(s[2], 1, 0);
	for (i = 0; i < 10 * t->size; i++) {
		srv = pick(svc, &f);
		KUNIT_EXPECT_TRUE(test, srv == s[0] || srv == s[1]);
	}
	s[0]->uthreshold = 1;
	set_conns(s[0], 0, 1);
	s[1]->uthreshold = 1;
	set_conns(s[1], 0, 1);
	KUNIT_EXPECT_NULL(test, pick(svc, &f));
}

/* Hashing schedulers: a flow, or a client, always to the same server. */
static void lbdr_sched_pick_hash_test(struct kunit *test)
{
	static const u8 scheds[] = { LBDR_SCHED_MAGLEV, LBDR_SCHED_SH };
	static const u16 w[MAXSRV] = { 1, 1, 1, 1, 1 };
	struct lbdr_server **s = servers_new(test, w, 5);
	struct lbdr_server *first, *srv;
	struct lbdr_service *svc;
	struct lbdr_table *t;
	struct lbdr_flow f;
	unsigned int i, k, moved;

	for (k = 0; k < ARRAY_SIZE(scheds); k++) {
		t = build(test, scheds[k], s, 5, 251);
		svc = svc_new(test, t, LBDR_HASH_5TUPLE);
		flow4(&f, 0xc6336407, 40000);
		first = pick(svc, &f);
		KUNIT_ASSERT_NOT_NULL(test, first);
		KUNIT_EXPECT_PTR_EQ(test, first, pick(svc, &f));

		/* 5-tuple: the client's flows spread over the servers. */
		for (i = 0, moved = 0; i < 100; i++) {
			flow4(&f, 0xc6336407, 40001 + i);
			moved += pick(svc, &f) != first;
		}
		KUNIT_EXPECT_GT_MSG(test, moved, 0U, "sched %u", scheds[k]);

		/* Source address: all of them where the first went. */
		svc->hash = LBDR_HASH_SADDR;
		flow4(&f, 0xc6336407, 40000);
		first = pick(svc, &f);
		for (i = 0; i < 100; i++) {
			flow4(&f, 0xc6336407, 40001 + i);
			f.dport = htons(443);
			KUNIT_EXPECT_PTR_EQ(test, first, pick(svc, &f));
		}

		/* The hashed slot's server over its threshold: another one. */
		first->uthreshold = 1;
		set_conns(first, 1, 0);
		srv = pick(svc, &f);
		KUNIT_EXPECT_NOT_NULL(test, srv);
		KUNIT_EXPECT_PTR_NE(test, first, srv);
		first->uthreshold = 0;
		first->overloaded = 0;
		set_conns(first, 0, 0);
	}
}

static void lbdr_sched_pick_wlc_test(struct kunit *test)
{
	static const u16 w[MAXSRV] = { 1, 1 };
	struct lbdr_server **s = servers_new(test, w, 2);
	struct lbdr_table *t = build(test, LBDR_SCHED_WLC, s, 2, 2);
	struct lbdr_service *svc = svc_new(test, t, LBDR_HASH_5TUPLE);
	struct lbdr_flow f;

	flow4(&f, 0xc6336407, 40000);
	set_conns(s[0], 0, 1);
	KUNIT_EXPECT_PTR_EQ(test, s[1], pick(svc, &f));
	set_conns(s[1], 0, 2);
	KUNIT_EXPECT_PTR_EQ(test, s[0], pick(svc, &f));
}

/* No usable server: no table, no pick. */
static void lbdr_sched_pick_empty_test(struct kunit *test)
{
	struct lbdr_service *svc = svc_new(test, NULL, LBDR_HASH_5TUPLE);
	struct lbdr_flow f;

	flow4(&f, 0xc6336407, 40000);
	KUNIT_EXPECT_NULL(test, pick(svc, &f));
}

static void lbdr_flow_hash_test(struct kunit *test)
{
	struct lbdr_flow a, b;

	flow4(&a, 0xc6336407, 40000);
	b = a;
	KUNIT_EXPECT_EQ(test, lbdr_flow_hash(&a, LBDR_HASH_5TUPLE),
			lbdr_flow_hash(&b, LBDR_HASH_5TUPLE));
	b.sport = htons(40001);
	KUNIT_EXPECT_NE(test, lbdr_flow_hash(&a, LBDR_HASH_5TUPLE),
			lbdr_flow_hash(&b, LBDR_HASH_5TUPLE));
	/* The source address alone: nothing else counts. */
	b.daddr.ip = htonl(0xc0000202);
	b.dport = htons(443);
	b.proto = IPPROTO_UDP;
	b.tcp_flags = 0x12;
	KUNIT_EXPECT_EQ(test, lbdr_flow_hash(&a, LBDR_HASH_SADDR),
			lbdr_flow_hash(&b, LBDR_HASH_SADDR));
	b.saddr.ip = htonl(0xc6336408);
	KUNIT_EXPECT_NE(test, lbdr_flow_hash(&a, LBDR_HASH_SADDR),
			lbdr_flow_hash(&b, LBDR_HASH_SADDR));

	/* IPv4 hashes 4 address bytes, whatever follows them. */
	b = a;
	b.saddr.all[3] = 0xdeadbeef;
	b.daddr.all[2] = 0xdeadbeef;
	KUNIT_EXPECT_EQ(test, lbdr_flow_hash(&a, LBDR_HASH_5TUPLE),
			lbdr_flow_hash(&b, LBDR_HASH_5TUPLE));
	KUNIT_EXPECT_EQ(test, lbdr_flow_hash(&a, LBDR_HASH_SADDR),
			lbdr_flow_hash(&b, LBDR_HASH_SADDR));

	/* IPv6 hashes all 16. */
	a.family = AF_INET6;
	b = a;
	b.saddr.in6.s6_addr[15] ^= 1;
	KUNIT_EXPECT_NE(test, lbdr_flow_hash(&a, LBDR_HASH_SADDR),
			lbdr_flow_hash(&b, LBDR_HASH_SADDR));
}

/* Templates: (client & mask, service) -> server. */
static void lbdr_persist_key_test(struct kunit *test)
{
	struct lbdr_service svc = {
		.key = {
			.family = AF_INET,
			.proto = IPPROTO_TCP,
			.addr.ip = htonl(0xc0000201),
			.port = htons(80),
		},
		.persist_mask = 24,
	};
	struct lbdr_conn_key k, k2;
	struct lbdr_flow f;

	flow4(&f, 0xc6336407, 40000);
	memset(&k, 0xa5, sizeof(k));
	lbdr_persist_key(&k, &svc, &f);
	KUNIT_EXPECT_EQ(test, 1, k.template);
	KUNIT_EXPECT_EQ(test, AF_INET, k.family);
	KUNIT_EXPECT_EQ(test, IPPROTO_TCP, k.proto);
	KUNIT_EXPECT_EQ(test, htonl(0xc6336400), k.saddr.ip);
	KUNIT_EXPECT_EQ(test, htonl(0xc0000201), k.daddr.ip);
	KUNIT_EXPECT_EQ(test, htons(80), k.dport);
	KUNIT_EXPECT_EQ(test, 0, k.sport);
	KUNIT_EXPECT_EQ(test, 0, k.pad);

	/* Another port, another host of the /24: the same template. */
	flow4(&f, 0xc63364fe, 1);
	lbdr_persist_key(&k2, &svc, &f);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&k, &k2, sizeof(k)));
	flow4(&f, 0xc6336507, 40000);
	lbdr_persist_key(&k2, &svc, &f);
	KUNIT_EXPECT_NE(test, 0, memcmp(&k, &k2, sizeof(k)));

	/* A mask past the address length is the whole address. */
	svc.persist_mask = 128;
	flow4(&f, 0xc6336407, 40000);
	lbdr_persist_key(&k, &svc, &f);
	KUNIT_EXPECT_EQ(test, htonl(0xc6336407), k.saddr.ip);
	svc.persist_mask = 0;
	lbdr_persist_key(&k, &svc, &f);
	KUNIT_EXPECT_EQ(test, 0U, k.saddr.ip);

	/* A firewall-mark service is keyed by its mark. */
	memset(&svc.key, 0, sizeof(svc.key));
	svc.key.family = AF_INET;
	svc.key.fwmark = 7;
	svc.persist_mask = 32;
	lbdr_persist_key(&k, &svc, &f);
	KUNIT_EXPECT_EQ(test, 7U, k.daddr.all[0]);
	KUNIT_EXPECT_EQ(test, 0, k.proto);
	KUNIT_EXPECT_EQ(test, 0, k.dport);

	/* IPv6: a prefix of the client's address. */
	memset(&f, 0, sizeof(f));
	f.family = AF_INET6;
	memset(&f.saddr.in6, 0xff, sizeof(f.saddr.in6));
	svc.key.family = AF_INET6;
	svc.persist_mask = 64;
	lbdr_persist_key(&k, &svc, &f);
	KUNIT_EXPECT_EQ(test, AF_INET6, k.family);
	KUNIT_EXPECT_EQ(test, ~0U, k.saddr.all[0]);
	KUNIT_EXPECT_EQ(test, ~0U, k.saddr.all[1]);
	KUNIT_EXPECT_EQ(test, 0U, k.saddr.all[2]);
	KUNIT_EXPECT_EQ(test, 0U, k.saddr.all[3]);
}

static struct kunit_case lbdr_sched_cases[] = {
	KUNIT_CASE_PARAM(lbdr_wrr_table_test, wrr_gen_params),
	KUNIT_CASE(lbdr_wrr_spread_test),
	KUNIT_CASE(lbdr_wrr_smooth_test),
	KUNIT_CASE(lbdr_sh_table_test),
	KUNIT_CASE(lbdr_table_refuses_test),
	KUNIT_CASE(lbdr_wlc_table_test),
	KUNIT_CASE(lbdr_wlc_pick_test),
	KUNIT_CASE(lbdr_wlc_overloaded_test),
	KUNIT_CASE_PARAM(lbdr_server_overloaded_test, ovl_gen_params),
	KUNIT_CASE(lbdr_server_usable_test),
	KUNIT_CASE(lbdr_sched_pick_wrr_test),
	KUNIT_CASE(lbdr_sched_pick_hash_test),
	KUNIT_CASE(lbdr_sched_pick_wlc_test),
	KUNIT_CASE(lbdr_sched_pick_empty_test),
	KUNIT_CASE(lbdr_flow_hash_test),
	KUNIT_CASE(lbdr_persist_key_test),
	{}
};

static struct kunit_suite lbdr_sched_suite = {
	.name = "lbdr_sched",
	.test_cases = lbdr_sched_cases,
};

kunit_test_suite(lbdr_sched_suite);
