// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduling a new flow: persistence first, then the service's scheduler,
 * skipping servers over their connection threshold.
 *
 *   maglev  consistent hash (maglev.c): few flows move when servers change
 *   sh      hash into a table of weighted slots: cheap, not consistent
 *   wrr     a shared position walking a smooth weighted sequence
 *   wlc     least (active * 256 + inactive) / weight, IPVS's overhead
 *
 * Tables are built on the control path from the servers with a weight,
 * and read here under RCU.
 */

#include <linux/gcd.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/inetdevice.h>
#include <net/ipv6.h>

#include "lbdr.h"

/* Fixed, so that every balancer hashes a flow the same way (failover). */
static const siphash_key_t lbdr_flow_key = {
	{ 0x6c6264722d666c6fULL, 0x772d686173682d31ULL }
};

u32 lbdr_flow_hash(const struct lbdr_flow *f, u8 mode)
{
	size_t alen = f->family == AF_INET6 ? 16 : 4;
	struct {
		u8 saddr[16];
		u8 daddr[16];
		__be16 sport, dport;
		u32 proto;
	} in = {};

	memcpy(in.saddr, &f->saddr, alen);
	if (mode == LBDR_HASH_SADDR)
		return (u32)siphash(in.saddr, alen, &lbdr_flow_key);
	memcpy(in.daddr, &f->daddr, alen);
	in.sport = f->sport;
	in.dport = f->dport;
	in.proto = f->proto;
	return (u32)siphash(&in, sizeof(in), &lbdr_flow_key);
}

static struct lbdr_table *lbdr_table_alloc(struct lbdr_server *const *servers,
					   unsigned int n, u32 size)
{
	struct lbdr_table *t;
	size_t slots_end = ALIGN(struct_size(t, slot, size), sizeof(void *));

	t = kvzalloc(slots_end + n * sizeof(*t->servers), GFP_KERNEL);
	if (!t)
		return NULL;
	t->size = size;
	t->nservers = n;
	t->servers = (struct lbdr_server **)((char *)t + slots_end);
	memcpy(t->servers, servers, n * sizeof(*servers));
	return t;
}

/*
 * @size slots in smooth weighted round-robin order (each server's share
 * follows its weight, and its slots are spread, not bunched). For wrr the
 * sequence is one period, sum(weights) / gcd, when that fits in @size.
 */
static struct lbdr_table *lbdr_wrr_build(struct lbdr_server *const *servers,
					 unsigned int n, u32 size, bool period)
{
	unsigned long g = 0;
	struct lbdr_table *t;
	u64 total = 0;
	s64 *cur;
	u32 i, j, best;

	for (i = 0; i < n; i++) {
		total += servers[i]->weight;
		g = gcd(g, servers[i]->weight);
	}
	if (period && total / g < size)
		size = total / g;
	cur = kvcalloc(n, sizeof(*cur), GFP_KERNEL);
	t = cur ? lbdr_table_alloc(servers, n, size) : NULL;
	if (!t) {
		kvfree(cur);
		return NULL;
	}
	for (i = 0; i < size; i++) {
		best = 0;
		for (j = 0; j < n; j++) {
			cur[j] += servers[j]->weight;
			if (cur[j] > cur[best])
				best = j;
		}
		cur[best] -= total;
		t->slot[i] = best;
	}
	kvfree(cur);
	return t;
}

/* The table for @sched over @n servers, all with a weight; NULL: no memory. */
struct lbdr_table *lbdr_table_build(u8 sched, struct lbdr_server *const *servers,
				    unsigned int n, int family, u32 size)
{
	struct lbdr_table *t;

	if (!n || n > U16_MAX || size < n)
		return NULL;
	switch (sched) {
	case LBDR_SCHED_WRR:
		t = lbdr_wrr_build(servers, n, size, true);
		break;
	case LBDR_SCHED_SH:
		t = lbdr_wrr_build(servers, n, size, false);
		break;
	case LBDR_SCHED_WLC:
		t = lbdr_table_alloc(servers, n, 0);
		break;
	default:
		t = lbdr_maglev_build(servers, n, family, size);
		break;
	}
	if (t)
		t->sched = sched;
	return t;
}

/*
 * IPVS's thresholds: a server with uthreshold connections or more takes
 * no new ones until it is below lthreshold (3/4 of uthreshold if 0).
 */
bool lbdr_server_overloaded(struct lbdr_server *srv)
{
	u32 upper = READ_ONCE(srv->uthreshold), lower, n;

	if (!upper)
		return false;
	n = atomic_read(&srv->active) + atomic_read(&srv->inactive);
	if (READ_ONCE(srv->overloaded)) {
		lower = READ_ONCE(srv->lthreshold);
		/* IPVS: below lower, or below 3/4 of upper without rounding. */
		if (lower ? n >= lower : (u64)n * 4 >= (u64)upper * 3)
			return true;
		WRITE_ONCE(srv->overloaded, 0);
		return false;
	}
	if (n < upper)
		return false;
	WRITE_ONCE(srv->overloaded, 1);
	return true;
}

/* May a persistent client or a SYN stay on @srv? */
bool lbdr_server_usable(struct lbdr_server *srv)
{
	return READ_ONCE(srv->weight) && !READ_ONCE(srv->dead);
}

/* Slot @idx, or the next ones if its server is over its threshold. */
static struct lbdr_server *lbdr_table_probe(const struct lbdr_table *t, u32 idx)
{
	struct lbdr_server *srv;
	unsigned int i;

	for (i = 0; i < 8; i++) {
		srv = t->servers[t->slot[idx]];
		if (!lbdr_server_overloaded(srv))
			return srv;
		if (++idx == t->size)
			idx = 0;
	}
	for (i = 0; i < t->nservers; i++)
		if (!lbdr_server_overloaded(t->servers[i]))
			return t->servers[i];
	return NULL;
}

static struct lbdr_server *lbdr_wlc_pick(const struct lbdr_table *t)
{
	struct lbdr_server *least = NULL, *srv;
	u64 loh = 0, oh;
	unsigned int i;

	for (i = 0; i < t->nservers; i++) {
		srv = t->servers[i];
		if (lbdr_server_overloaded(srv))
			continue;
		oh = (u64)atomic_read(&srv->active) * 256 +
		     atomic_read(&srv->inactive);
		/* oh / weight < loh / least's weight, without dividing. */
		if (!least || oh * READ_ONCE(least->weight) <
			      loh * READ_ONCE(srv->weight)) {
			least = srv;
			loh = oh;
		}
	}
	return least;
}

static struct lbdr_server *lbdr_sched_pick(struct lbdr_service *svc,
					   const struct lbdr_flow *f)
{
	struct lbdr_table *t = rcu_dereference(svc->table);
	u32 pos;

	if (!t)
		return NULL;
	switch (t->sched) {
	case LBDR_SCHED_WLC:
		return lbdr_wlc_pick(t);
	case LBDR_SCHED_WRR:
		if (!t->size)
			return NULL;
		pos = (u32)atomic_inc_return(&svc->rr) % t->size;
		return lbdr_table_probe(t, pos);
	default:
		if (!t->size)
			return NULL;
		pos = reciprocal_scale(lbdr_flow_hash(f, READ_ONCE(svc->hash)),
				       t->size);
		return lbdr_table_probe(t, pos);
	}
}

/* A persistence template: (client & mask, service) -> server. */
static void lbdr_persist_key(struct lbdr_conn_key *k,
			     const struct lbdr_service *svc,
			     const struct lbdr_flow *f)
{
	u8 mask = READ_ONCE(svc->persist_mask);

	memset(k, 0, sizeof(*k));
	k->family = f->family;
	k->template = 1;
	k->proto = svc->key.proto;
	k->dport = svc->key.port;
	if (svc->key.fwmark)
		k->daddr.all[0] = svc->key.fwmark;
	else
		k->daddr = svc->key.addr;
	if (f->family == AF_INET6)
		ipv6_addr_prefix(&k->saddr.in6, &f->saddr.in6, min_t(u8, mask, 128));
	else
		k->saddr.ip = f->saddr.ip & inet_make_mask(min_t(u8, mask, 32));
}

/*
 * The server for a new flow of @svc, or NULL if none can take it. Under
 * rcu_read_lock(). A persistent client returns to its server while that
 * server has a weight and exists; its template lives PERSIST seconds
 * after its last new connection, and as long as the connections it placed
 * (lbdr_persist_extend()).
 */
struct lbdr_server *lbdr_schedule(struct net *net, struct lbdr_service *svc,
				  const struct lbdr_flow *f)
{
	struct lbdr_conn_table *ct = &lbdr_pernet(net)->conns;
	u32 persist = READ_ONCE(svc->persist), now;
	struct lbdr_conn *tpl = NULL;
	struct lbdr_server *srv;
	struct lbdr_conn_key k;

	if (!persist)
		return lbdr_sched_pick(svc, f);

	now = lbdr_now();
	lbdr_persist_key(&k, svc, f);
	tpl = lbdr_conn_lookup(ct, &k);
	if (tpl && !lbdr_conn_expired(tpl, now)) {
		srv = READ_ONCE(tpl->srv);
		if (lbdr_server_usable(srv)) {
			WRITE_ONCE(tpl->expires, now + persist);
			return srv;
		}
	}
	srv = lbdr_sched_pick(svc, f);
	if (!srv)
		return NULL;
	if (tpl)
		lbdr_conn_set(tpl, srv, LBDR_CS_TEMPLATE, persist);
	else
		lbdr_conn_insert(ct, lbdr_conn_max(net), &k, srv,
				 LBDR_CS_TEMPLATE, persist);
	return srv;
}

/*
 * IPVS keeps a template while connections it placed are alive: when such a
 * connection's expiry moves (at most once a second), its template is kept
 * at least as long. Under rcu_read_lock().
 */
void lbdr_persist_extend(struct net *net, struct lbdr_service *svc,
			 const struct lbdr_flow *f, struct lbdr_server *srv,
			 u32 until)
{
	struct lbdr_conn_key k;
	struct lbdr_conn *tpl;

	if (!READ_ONCE(svc->persist))
		return;
	lbdr_persist_key(&k, svc, f);
	tpl = lbdr_conn_lookup(&lbdr_pernet(net)->conns, &k);
	if (tpl && READ_ONCE(tpl->srv) == srv &&
	    !lbdr_conn_expired(tpl, lbdr_now()) &&
	    READ_ONCE(tpl->expires) < until)
		WRITE_ONCE(tpl->expires, until);
}
