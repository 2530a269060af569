// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for services (module/service.c): the packet path's service
 * lookup, the hook references services hold, real servers and the tables
 * built from them, and persistence through lbdr_schedule().
 *
 * The suite registers lbdr's per-netns state (module/netns.c) as the
 * module does, and works in the initial namespace: lbdr_pernet(&init_net)
 * is real, and so are its connection table and its rate estimator.
 */

#include <kunit/test.h>
#include <linux/percpu.h>

#include "../../module/service.c"
#include "../../module/netns.c"
#include "../../module/stats.c"

/*
 * Stubs for what lbdr_kunit.ko does not build in: the netfilter hooks
 * (hook.c), the route check (route.c), the generic netlink family and
 * events (genl.c) that stats.c's netlink handlers use, which no suite
 * calls, and restore staging (restore.c), which no suite starts. The hook
 * stubs count references per family; the route check fails when told to.
 */
static int stub_hook_refs[2];
static int stub_hook_err;
static int stub_dr_err;

int lbdr_hook_get(struct net *net, u8 family)
{
	if (stub_hook_err)
		return stub_hook_err;
	stub_hook_refs[lbdr_family_index(family)]++;
	return 0;
}

void lbdr_hook_put(struct net *net, u8 family)
{
	stub_hook_refs[lbdr_family_index(family)]--;
}

int lbdr_dr_check(struct net *net, u8 family, const union nf_inet_addr *addr,
		  struct netlink_ext_ack *extack)
{
	return stub_dr_err;
}

/* No packet is sent here, so no server ever keeps a route. */
void lbdr_route_drop(struct lbdr_server *srv)
{
}

void lbdr_route_free(struct lbdr_server *srv)
{
}

void lbdr_svc_routes_drop(struct lbdr_service *svc)
{
}

void lbdr_tun_src(struct net *net, const struct lbdr_service *svc, u8 family,
		  union nf_inet_addr *src)
{
	memset(src, 0, sizeof(*src));
}

/* Also config_kunit.c's: any address is local here. */
int lbdr_tun_src_local(struct net *net, __be32 src4,
		       const struct in6_addr *src6,
		       struct netlink_ext_ack *extack)
{
	return 0;
}

void lbdr_routes_drop(struct net *net)
{
}

int lbdr_tun_check(struct net *net, u8 family, const union nf_inet_addr *addr,
		   const union nf_inet_addr *src, struct netlink_ext_ack *extack)
{
	return stub_dr_err;
}

struct genl_family lbdr_genl_family;

void lbdr_event_simple(struct net *net, u8 cmd)
{
}

void lbdr_stage_discard(struct net *net, u32 portid)
{
}

#define VIP4		0xc0000201	/* 192.0.2.1 */
#define OTHER4		0xc0000202	/* 192.0.2.2 */
#define CLIENT4		0xc6336407	/* 198.51.100.7 */
#define RIP4(i)		(0x0a000001 + (i))	/* 10.0.0.1... */

static struct lbdr_net *ln_of(struct kunit *test)
{
	return test->priv;
}

static struct lbdr_svc_key key4(u8 proto, u32 addr, u16 port)
{
	struct lbdr_svc_key k = {
		.family = AF_INET,
		.proto = proto,
		.addr.ip = htonl(addr),
		.port = htons(port),
	};

	return k;
}

/* 2001:db8:ffff::1 */
static struct lbdr_svc_key key6(u8 proto, u16 port)
{
	struct lbdr_svc_key k = {
		.family = AF_INET6,
		.proto = proto,
		.port = htons(port),
	};

	k.addr.in6.s6_addr[0] = 0x20;
	k.addr.in6.s6_addr[1] = 0x01;
	k.addr.in6.s6_addr[2] = 0x0d;
	k.addr.in6.s6_addr[3] = 0xb8;
	k.addr.in6.s6_addr[4] = 0xff;
	k.addr.in6.s6_addr[5] = 0xff;
	k.addr.in6.s6_addr[15] = 1;
	return k;
}

static struct lbdr_svc_key mark_key(u8 family, u32 mark)
{
	struct lbdr_svc_key k = { .family = family, .fwmark = mark };

	return k;
}

static int svc_add_opts(const struct lbdr_svc_key *key,
			const struct lbdr_svc_opts *opts,
			struct lbdr_service **svc)
{
	int err;

	mutex_lock(&lbdr_mutex);
	err = lbdr_svc_add(&init_net, key, opts, NULL);
	*svc = lbdr_svc_find(&init_net, key);
	mutex_unlock(&lbdr_mutex);
	return err;
}

static struct lbdr_service *svc_add(struct kunit *test,
				    const struct lbdr_svc_key *key)
{
	struct lbdr_svc_opts opts = { .table_size = 251 };
	struct lbdr_service *svc;

	KUNIT_ASSERT_EQ(test, 0, svc_add_opts(key, &opts, &svc));
	KUNIT_ASSERT_NOT_NULL(test, svc);
	return svc;
}

static void svc_del(struct lbdr_service *svc)
{
	mutex_lock(&lbdr_mutex);
	lbdr_svc_del(&init_net, svc);
	mutex_unlock(&lbdr_mutex);
}

static int srv_add(struct lbdr_service *svc, u32 addr, u16 weight)
{
	struct lbdr_srv_opts opts = {
		.weight = weight, .family = svc->key.family,
	};
	union nf_inet_addr a = { .ip = htonl(addr) };
	int err;

	mutex_lock(&lbdr_mutex);
	err = lbdr_server_add(&init_net, svc, &a, &opts, NULL);
	mutex_unlock(&lbdr_mutex);
	return err;
}

static struct lbdr_server *srv_find(struct lbdr_service *svc, u32 addr)
{
	union nf_inet_addr a = { .ip = htonl(addr) };
	struct lbdr_server *srv;

	mutex_lock(&lbdr_mutex);
	srv = lbdr_server_find(svc, svc->key.family, &a);
	mutex_unlock(&lbdr_mutex);
	return srv;
}

static int srv_set_weight(struct lbdr_service *svc, struct lbdr_server *srv,
			  u16 weight)
{
	struct lbdr_srv_opts opts = {
		.weight = weight, .family = srv->family,
	};
	int err;

	mutex_lock(&lbdr_mutex);
	err = lbdr_server_update(&init_net, svc, srv, &opts, NULL);
	mutex_unlock(&lbdr_mutex);
	return err;
}

static struct lbdr_service *lookup(u8 family, u8 proto,
				   const union nf_inet_addr *daddr, u16 dport,
				   u32 mark)
{
	struct lbdr_service *svc;

	rcu_read_lock();
	svc = lbdr_svc_lookup_rcu(&init_net, family, proto, daddr, htons(dport),
				  mark);
	rcu_read_unlock();
	return svc;
}

static struct lbdr_service *lookup4(u8 proto, u32 daddr, u16 dport, u32 mark)
{
	union nf_inet_addr a = { .ip = htonl(daddr) };

	return lookup(AF_INET, proto, &a, dport, mark);
}

/* The servers of @svc's current table; NULL: none. */
static const struct lbdr_table *table_of(struct lbdr_service *svc)
{
	return rcu_access_pointer(svc->table);
}

static int lbdr_service_test_init(struct kunit *test)
{
	struct lbdr_net *ln = lbdr_pernet(&init_net);

	stub_hook_err = 0;
	stub_dr_err = 0;
	test->priv = ln;
	return 0;
}

/* Services, servers and connections a case left, then their frees. */
static void lbdr_service_test_exit(struct kunit *test)
{
	struct lbdr_net *ln = test->priv;

	mutex_lock(&lbdr_mutex);
	lbdr_svc_flush(&init_net);
	mutex_unlock(&lbdr_mutex);
	lbdr_conn_flush(&ln->conns);
	rcu_barrier();
	rcu_barrier();
	KUNIT_EXPECT_EQ(test, 0, stub_hook_refs[0]);
	KUNIT_EXPECT_EQ(test, 0, stub_hook_refs[1]);
	stub_hook_refs[0] = 0;
	stub_hook_refs[1] = 0;
}

/* Firewall mark first, then address and port, then port 0. */
static void lbdr_svc_lookup_order_test(struct kunit *test)
{
	struct lbdr_svc_key k80 = key4(IPPROTO_TCP, VIP4, 80);
	struct lbdr_svc_key k0 = key4(IPPROTO_TCP, VIP4, 0);
	struct lbdr_svc_key kudp = key4(IPPROTO_UDP, VIP4, 53);
	struct lbdr_svc_key kmark = mark_key(AF_INET, 7);
	struct lbdr_svc_key k6 = key6(IPPROTO_TCP, 80);
	struct lbdr_service *s80, *s0, *sudp, *smark, *s6;

	s80 = svc_add(test, &k80);
	s0 = svc_add(test, &k0);
	sudp = svc_add(test, &kudp);
	smark = svc_add(test, &kmark);
	s6 = svc_add(test, &k6);

	KUNIT_EXPECT_PTR_EQ(test, s80, lookup4(IPPROTO_TCP, VIP4, 80, 0));
	KUNIT_EXPECT_PTR_EQ(test, smark, lookup4(IPPROTO_TCP, VIP4, 80, 7));
	KUNIT_EXPECT_PTR_EQ(test, smark, lookup4(IPPROTO_UDP, OTHER4, 9, 7));
	KUNIT_EXPECT_PTR_EQ(test, s80, lookup4(IPPROTO_TCP, VIP4, 80, 8));
	KUNIT_EXPECT_PTR_EQ(test, s0, lookup4(IPPROTO_TCP, VIP4, 443, 0));
	KUNIT_EXPECT_PTR_EQ(test, s0, lookup4(IPPROTO_TCP, VIP4, 0, 0));
	KUNIT_EXPECT_PTR_EQ(test, sudp, lookup4(IPPROTO_UDP, VIP4, 53, 0));
	KUNIT_EXPECT_NULL(test, lookup4(IPPROTO_UDP, VIP4, 54, 0));
	KUNIT_EXPECT_NULL(test, lookup4(IPPROTO_TCP, OTHER4, 80, 0));
	KUNIT_EXPECT_NULL(test, lookup4(IPPROTO_TCP, OTHER4, 80, 8));

	/* Families apart: a v4 mark does not catch v6 packets. */
	KUNIT_EXPECT_PTR_EQ(test, s6, lookup(AF_INET6, IPPROTO_TCP, &k6.addr, 80, 0));
	KUNIT_EXPECT_PTR_EQ(test, s6, lookup(AF_INET6, IPPROTO_TCP, &k6.addr, 80, 7));
	KUNIT_EXPECT_NULL(test, lookup(AF_INET6, IPPROTO_TCP, &k6.addr, 443, 0));

	/* Deleted: the next one in the order takes over. */
	svc_del(s80);
	KUNIT_EXPECT_PTR_EQ(test, s0, lookup4(IPPROTO_TCP, VIP4, 80, 0));
	KUNIT_EXPECT_PTR_EQ(test, smark, lookup4(IPPROTO_TCP, VIP4, 80, 7));
	svc_del(smark);
	KUNIT_EXPECT_PTR_EQ(test, s0, lookup4(IPPROTO_TCP, VIP4, 80, 7));
	svc_del(s0);
	KUNIT_EXPECT_NULL(test, lookup4(IPPROTO_TCP, VIP4, 80, 7));
}

/* Each service holds its family's hook; a refused hook adds nothing. */
static void lbdr_svc_hook_refs_test(struct kunit *test)
{
	struct lbdr_svc_key k80 = key4(IPPROTO_TCP, VIP4, 80);
	struct lbdr_svc_key k443 = key4(IPPROTO_TCP, VIP4, 443);
	struct lbdr_svc_key k6 = key6(IPPROTO_UDP, 53);
	struct lbdr_svc_opts opts = { .table_size = 251 };
	struct lbdr_service *s80, *svc;

	s80 = svc_add(test, &k80);
	svc_add(test, &k443);
	svc_add(test, &k6);
	KUNIT_EXPECT_EQ(test, 2, stub_hook_refs[0]);
	KUNIT_EXPECT_EQ(test, 1, stub_hook_refs[1]);
	svc_del(s80);
	KUNIT_EXPECT_EQ(test, 1, stub_hook_refs[0]);

	stub_hook_err = -ENOMEM;
	KUNIT_EXPECT_EQ(test, -ENOMEM, svc_add_opts(&k80, &opts, &svc));
	KUNIT_EXPECT_NULL(test, svc);
	KUNIT_EXPECT_NULL(test, lookup4(IPPROTO_TCP, VIP4, 80, 0));
	KUNIT_EXPECT_EQ(test, 1, stub_hook_refs[0]);
	stub_hook_err = 0;

	mutex_lock(&lbdr_mutex);
	lbdr_svc_flush(&init_net);
	mutex_unlock(&lbdr_mutex);
	KUNIT_EXPECT_EQ(test, 0, stub_hook_refs[0]);
	KUNIT_EXPECT_EQ(test, 0, stub_hook_refs[1]);
	KUNIT_EXPECT_NULL(test, lookup4(IPPROTO_TCP, VIP4, 443, 0));
}

/*
 * A tunnel server of the other family holds that family's hook too, so
 * routers' ICMP about its tunnel packets is seen; a refused hook refuses
 * the server.
 */
static void lbdr_svc_cross_server_hook_test(struct kunit *test)
{
	struct lbdr_svc_key k = key4(IPPROTO_TCP, VIP4, 80);
	struct lbdr_service *svc = svc_add(test, &k);
	struct lbdr_srv_opts opts = {
		.weight = 1, .family = AF_INET6, .method = LBDR_METHOD_IPIP,
	};
	union nf_inet_addr a6 = { .in6 = { { { 0xfd, [15] = 7 } } } };
	union nf_inet_addr b6 = { .in6 = { { { 0xfd, [15] = 8 } } } };
	struct lbdr_server *srv;

	KUNIT_EXPECT_EQ(test, 1, stub_hook_refs[0]);
	KUNIT_EXPECT_EQ(test, 0, stub_hook_refs[1]);
	mutex_lock(&lbdr_mutex);
	KUNIT_EXPECT_EQ(test, 0, lbdr_server_add(&init_net, svc, &a6, &opts,
						 NULL));
	KUNIT_EXPECT_EQ(test, 1, stub_hook_refs[1]);
	stub_hook_err = -ENOMEM;
	KUNIT_EXPECT_EQ(test, -ENOMEM, lbdr_server_add(&init_net, svc, &b6,
						       &opts, NULL));
	stub_hook_err = 0;
	KUNIT_EXPECT_NULL(test, lbdr_server_find(svc, AF_INET6, &b6));
	KUNIT_EXPECT_EQ(test, 1U, svc->nservers);
	/* A server of the service's own family takes no second hook. */
	opts.family = AF_INET;
	a6 = (union nf_inet_addr){ .ip = htonl(RIP4(1)) };
	KUNIT_EXPECT_EQ(test, 0, lbdr_server_add(&init_net, svc, &a6, &opts,
						 NULL));
	a6 = (union nf_inet_addr){ .in6 = { { { 0xfd, [15] = 7 } } } };
	KUNIT_EXPECT_EQ(test, 1, stub_hook_refs[0]);
	srv = lbdr_server_find(svc, AF_INET6, &a6);
	KUNIT_ASSERT_NOT_NULL(test, srv);
	lbdr_server_del(&init_net, svc, srv);
	KUNIT_EXPECT_EQ(test, 0, stub_hook_refs[1]);
	/* Deleting the service lets go of its servers' hooks as well. */
	opts.family = AF_INET6;
	KUNIT_EXPECT_EQ(test, 0, lbdr_server_add(&init_net, svc, &b6, &opts,
						 NULL));
	KUNIT_EXPECT_EQ(test, 1, stub_hook_refs[1]);
	mutex_unlock(&lbdr_mutex);
	svc_del(svc);
	KUNIT_EXPECT_EQ(test, 0, stub_hook_refs[0]);
	KUNIT_EXPECT_EQ(test, 0, stub_hook_refs[1]);
}

/* Servers: sorted, in the table while they have a weight. */
static void lbdr_svc_servers_test(struct kunit *test)
{
	struct lbdr_svc_key k = key4(IPPROTO_TCP, VIP4, 80);
	struct lbdr_service *svc = svc_add(test, &k);
	struct lbdr_svc_opts opts = { .table_size = 251 };
	const struct lbdr_table *t;
	struct lbdr_server *srv, *s2;
	u32 prev = 0;
	int i;

	KUNIT_EXPECT_NULL(test, table_of(svc));
	for (i = 3; i >= 0; i--)
		KUNIT_ASSERT_EQ(test, 0, srv_add(svc, RIP4(i), i ? 1 : 0));
	KUNIT_EXPECT_EQ(test, 4U, svc->nservers);
	list_for_each_entry(srv, &svc->servers, list) {
		KUNIT_EXPECT_GT(test, ntohl(srv->addr.ip), prev);
		prev = ntohl(srv->addr.ip);
		KUNIT_EXPECT_EQ(test, 1U, refcount_read(&srv->ref));
		KUNIT_EXPECT_FALSE(test, srv->dead);
	}
	/* The weight-0 server is in the service, not in its table. */
	t = table_of(svc);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ(test, (u8)LBDR_SCHED_MAGLEV, t->sched);
	KUNIT_EXPECT_EQ(test, 3U, t->nservers);
	KUNIT_EXPECT_EQ(test, 251U, t->size);
	s2 = srv_find(svc, RIP4(2));
	KUNIT_ASSERT_NOT_NULL(test, s2);
	KUNIT_EXPECT_PTR_EQ(test, s2, t->servers[1]);

	/* Refused: no route, and a table too small. Nothing changes. */
	stub_dr_err = -ENETUNREACH;
	KUNIT_EXPECT_EQ(test, -ENETUNREACH, srv_add(svc, RIP4(9), 1));
	stub_dr_err = 0;
	KUNIT_EXPECT_NULL(test, srv_find(svc, RIP4(9)));
	opts.table_size = 2;
	mutex_lock(&lbdr_mutex);
	KUNIT_EXPECT_EQ(test, -ENOSPC, lbdr_svc_update(&init_net, svc, &opts, NULL));
	mutex_unlock(&lbdr_mutex);
	KUNIT_EXPECT_PTR_EQ(test, t, table_of(svc));
	KUNIT_EXPECT_EQ(test, 251U, svc->table_size);

	/* Weight 0: out of the table; back: in. */
	KUNIT_EXPECT_EQ(test, 0, srv_set_weight(svc, s2, 0));
	t = table_of(svc);
	KUNIT_EXPECT_EQ(test, 2U, t->nservers);
	for (i = 0; i < t->nservers; i++)
		KUNIT_EXPECT_PTR_NE(test, s2, t->servers[i]);
	KUNIT_EXPECT_EQ(test, 0, srv_set_weight(svc, s2, 5));
	KUNIT_EXPECT_EQ(test, 3U, table_of(svc)->nservers);

	/* Another scheduler: a new table of its kind. */
	opts.table_size = 251;
	opts.sched = LBDR_SCHED_WRR;
	mutex_lock(&lbdr_mutex);
	KUNIT_EXPECT_EQ(test, 0, lbdr_svc_update(&init_net, svc, &opts, NULL));
	mutex_unlock(&lbdr_mutex);
	t = table_of(svc);
	KUNIT_EXPECT_EQ(test, (u8)LBDR_SCHED_WRR, t->sched);
	KUNIT_EXPECT_EQ(test, 7U, t->size);	/* weights 1, 5, 1 */

	/* Deleted: out of the list and the table. */
	mutex_lock(&lbdr_mutex);
	lbdr_server_del(&init_net, svc, s2);
	mutex_unlock(&lbdr_mutex);
	KUNIT_EXPECT_EQ(test, 3U, svc->nservers);
	KUNIT_EXPECT_NULL(test, srv_find(svc, RIP4(2)));
	KUNIT_EXPECT_EQ(test, 2U, table_of(svc)->nservers);
}

/* A deleted server lives on, dead, while connections point to it. */
static void lbdr_svc_server_del_conns_test(struct kunit *test)
{
	struct lbdr_net *ln = ln_of(test);
	struct lbdr_svc_key k = key4(IPPROTO_TCP, VIP4, 80);
	struct lbdr_service *svc = svc_add(test, &k);
	struct lbdr_conn_key ck = {
		.family = AF_INET,
		.proto = IPPROTO_TCP,
		.saddr.ip = htonl(CLIENT4),
		.daddr.ip = htonl(VIP4),
		.sport = htons(40000),
		.dport = htons(80),
	};
	struct lbdr_server *srv;
	struct lbdr_conn *c;

	KUNIT_ASSERT_EQ(test, 0, srv_add(svc, RIP4(0), 1));
	srv = srv_find(svc, RIP4(0));
	KUNIT_ASSERT_NOT_NULL(test, srv);
	c = lbdr_conn_insert(&ln->conns, UINT_MAX, &ck, srv,
			     LBDR_CS_ESTABLISHED, 900);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c);
	KUNIT_EXPECT_EQ(test, 2U, refcount_read(&srv->ref));

	mutex_lock(&lbdr_mutex);
	lbdr_server_del(&init_net, svc, srv);
	mutex_unlock(&lbdr_mutex);
	KUNIT_EXPECT_NULL(test, table_of(svc));
	rcu_barrier();
	/* Still there for its connection: KASAN would see a use after free. */
	KUNIT_EXPECT_TRUE(test, srv->dead);
	KUNIT_EXPECT_EQ(test, 1U, refcount_read(&srv->ref));
	KUNIT_EXPECT_EQ(test, 1, atomic_read(&srv->active));
	KUNIT_EXPECT_FALSE(test, lbdr_server_usable(srv));
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, c, lbdr_conn_lookup(&ln->conns, &ck));
	rcu_read_unlock();
	/* The last connection gone, it is freed (kmemleak would tell). */
	lbdr_conn_flush(&ln->conns);
}

static struct lbdr_server *sched_flow(struct lbdr_service *svc,
				      const struct lbdr_flow *f)
{
	struct lbdr_server *srv;

	rcu_read_lock();
	srv = lbdr_schedule(&init_net, svc, f);
	rcu_read_unlock();
	return srv;
}

/* The template of @f's client on IPv4 @svc, persistent per /24. */
static struct lbdr_conn *template_of(struct lbdr_net *ln,
				     struct lbdr_service *svc,
				     const struct lbdr_flow *f)
{
	struct lbdr_conn_key k = {
		.family = AF_INET,
		.template = 1,
		.proto = svc->key.proto,
		.dport = svc->key.port,
		.daddr = svc->key.addr,
		.saddr.ip = f->saddr.ip & htonl(0xffffff00),
	};
	struct lbdr_conn *c;

	rcu_read_lock();
	c = lbdr_conn_lookup(&ln->conns, &k);
	rcu_read_unlock();
	return c;
}

static void flow4(struct lbdr_flow *f, u32 client, u16 sport)
{
	memset(f, 0, sizeof(*f));
	f->family = AF_INET;
	f->proto = IPPROTO_TCP;
	f->saddr.ip = htonl(client);
	f->daddr.ip = htonl(VIP4);
	f->sport = htons(sport);
	f->dport = htons(80);
}

/* A persistent client returns to its server while that one is usable. */
static void lbdr_schedule_persist_test(struct kunit *test)
{
	struct lbdr_net *ln = ln_of(test);
	struct lbdr_svc_key k = key4(IPPROTO_TCP, VIP4, 80);
	struct lbdr_svc_opts opts = {
		.table_size = 251,
		.persist = 300,
		.persist_mask = 24,
	};
	struct lbdr_server *first, *srv;
	struct lbdr_service *svc;
	struct lbdr_flow f;
	struct lbdr_conn *tpl;
	unsigned int i, moved = 0;

	KUNIT_ASSERT_EQ(test, 0, svc_add_opts(&k, &opts, &svc));
	KUNIT_ASSERT_NOT_NULL(test, svc);
	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, 0, srv_add(svc, RIP4(i), 1));

	flow4(&f, CLIENT4, 40000);
	first = sched_flow(svc, &f);
	KUNIT_ASSERT_NOT_NULL(test, first);
	tpl = template_of(ln, svc, &f);
	KUNIT_ASSERT_NOT_NULL(test, tpl);
	KUNIT_EXPECT_PTR_EQ(test, first, tpl->srv);
	KUNIT_EXPECT_EQ(test, LBDR_CS_TEMPLATE, tpl->state);
	KUNIT_EXPECT_EQ(test, 1, tpl->key.template);
	KUNIT_EXPECT_EQ(test, 1U, lbdr_conn_count(&ln->conns));
	/* The template holds the server and is no connection. */
	KUNIT_EXPECT_EQ(test, 2U, refcount_read(&first->ref));
	KUNIT_EXPECT_EQ(test, 0, atomic_read(&first->active));
	KUNIT_EXPECT_EQ(test, 0, atomic_read(&first->inactive));

	/* The client's network, any port: the same server, one template. */
	for (i = 0; i < 50; i++) {
		flow4(&f, (CLIENT4 & ~0xff) | i, 1000 + i);
		KUNIT_EXPECT_PTR_EQ(test, first, sched_flow(svc, &f));
	}
	KUNIT_EXPECT_EQ(test, 1U, lbdr_conn_count(&ln->conns));

	/* Other networks: a template each, spread over the servers. */
	for (i = 1; i <= 50; i++) {
		flow4(&f, CLIENT4 + (i << 8), 40000);
		srv = sched_flow(svc, &f);
		KUNIT_EXPECT_NOT_NULL(test, srv);
		moved += srv != first;
	}
	KUNIT_EXPECT_EQ(test, 51U, lbdr_conn_count(&ln->conns));
	KUNIT_EXPECT_GT(test, moved, 0U);

	/* Drained: the client moves, and its template with it. */
	KUNIT_ASSERT_EQ(test, 0, srv_set_weight(svc, first, 0));
	flow4(&f, CLIENT4, 40001);
	srv = sched_flow(svc, &f);
	KUNIT_ASSERT_NOT_NULL(test, srv);
	KUNIT_EXPECT_PTR_NE(test, first, srv);
	tpl = template_of(ln, svc, &f);
	KUNIT_ASSERT_NOT_NULL(test, tpl);
	KUNIT_EXPECT_PTR_EQ(test, srv, tpl->srv);
	KUNIT_EXPECT_PTR_EQ(test, srv, sched_flow(svc, &f));

	/* Expired: scheduled afresh, and the template lives on. */
	WRITE_ONCE(tpl->expires, lbdr_now() - 1);
	srv = sched_flow(svc, &f);
	KUNIT_ASSERT_NOT_NULL(test, srv);
	tpl = template_of(ln, svc, &f);
	KUNIT_ASSERT_NOT_NULL(test, tpl);
	KUNIT_EXPECT_PTR_EQ(test, srv, tpl->srv);
	KUNIT_EXPECT_FALSE(test, lbdr_conn_expired(tpl, lbdr_now()));
}

/* Without persistence, no template. */
static void lbdr_schedule_plain_test(struct kunit *test)
{
	struct lbdr_net *ln = ln_of(test);
	struct lbdr_svc_key k = key4(IPPROTO_TCP, VIP4, 80);
	struct lbdr_service *svc = svc_add(test, &k);
	struct lbdr_flow f;

	flow4(&f, CLIENT4, 40000);
	KUNIT_EXPECT_NULL(test, sched_flow(svc, &f));
	KUNIT_ASSERT_EQ(test, 0, srv_add(svc, RIP4(0), 1));
	KUNIT_EXPECT_PTR_EQ(test, srv_find(svc, RIP4(0)), sched_flow(svc, &f));
	KUNIT_EXPECT_EQ(test, 0U, lbdr_conn_count(&ln->conns));
}

/*
 * lbdr_conn_init() and lbdr_netns_init() are __init. A module's suites
 * run from the module notifier at MODULE_STATE_COMING, before its init
 * sections are freed (kernel/module/main.c), and 6.1 cannot run them
 * again later.
 */
static int __ref lbdr_service_suite_init(struct kunit_suite *suite)
{
	int err = lbdr_conn_init();

	if (err)
		return err;
	err = lbdr_netns_init();
	if (err)
		lbdr_conn_exit();
	return err;
}

static void lbdr_service_suite_exit(struct kunit_suite *suite)
{
	lbdr_netns_exit();
	lbdr_conn_exit();
}

static struct kunit_case lbdr_service_cases[] = {
	KUNIT_CASE(lbdr_svc_lookup_order_test),
	KUNIT_CASE(lbdr_svc_hook_refs_test),
	KUNIT_CASE(lbdr_svc_cross_server_hook_test),
	KUNIT_CASE(lbdr_svc_servers_test),
	KUNIT_CASE(lbdr_svc_server_del_conns_test),
	KUNIT_CASE(lbdr_schedule_persist_test),
	KUNIT_CASE(lbdr_schedule_plain_test),
	{}
};

static struct kunit_suite lbdr_service_suite = {
	.name = "lbdr_service",
	.suite_init = lbdr_service_suite_init,
	.suite_exit = lbdr_service_suite_exit,
	.init = lbdr_service_test_init,
	.exit = lbdr_service_test_exit,
	.test_cases = lbdr_service_cases,
};

kunit_test_suite(lbdr_service_suite);
