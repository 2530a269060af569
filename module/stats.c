// SPDX-License-Identifier: GPL-2.0
/*
 * Counters: per service and per real server (connections, packets,
 * bytes), and per netns drops by reason. All per-CPU, written by the
 * packet path without a lock and summed when read.
 */

#include <linux/percpu.h>
#include <linux/workqueue.h>

#include "lbdr.h"

struct lbdr_stats __percpu *lbdr_stats_alloc(void)
{
	struct lbdr_stats __percpu *st;
	int cpu;

	st = alloc_percpu(struct lbdr_stats);
	if (!st)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(st, cpu)->syncp);
	return st;
}

void lbdr_stats_sum(struct lbdr_stats __percpu *st, struct lbdr_stats_sum *sum)
{
	unsigned int start;
	u64 c, p, b;
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct lbdr_stats *s = per_cpu_ptr(st, cpu);

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			c = u64_stats_read(&s->conns);
			p = u64_stats_read(&s->packets);
			b = u64_stats_read(&s->bytes);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum->conns += c;
		sum->packets += p;
		sum->bytes += b;
	}
}

/* Move @avg a quarter of the way to @now, IPVS's estimator weight. */
static void lbdr_ewma(u64 *avg, u64 delta)
{
	s64 now = (s64)((delta << LBDR_EST_SHIFT) * HZ / LBDR_EST_INTERVAL);

	*avg += (now - (s64)*avg) / 4;
}

void lbdr_est_tick(struct lbdr_stats __percpu *st, struct lbdr_est *est)
{
	struct lbdr_stats_sum cur;

	lbdr_stats_sum(st, &cur);
	lbdr_ewma(&est->rate.conns, cur.conns - est->last.conns);
	lbdr_ewma(&est->rate.packets, cur.packets - est->last.packets);
	lbdr_ewma(&est->rate.bytes, cur.bytes - est->last.bytes);
	est->last = cur;
}

void lbdr_est_zero(struct lbdr_stats __percpu *st, struct lbdr_est *est)
{
	lbdr_stats_sum(st, &est->base);
	est->last = est->base;
	memset(&est->rate, 0, sizeof(est->rate));
}

static int lbdr_put_u64(struct sk_buff *skb, int type, u64 v)
{
	return nla_put_u64_64bit(skb, type, v, LBDR_STATS_A_PAD);
}

/*
 * The counters of @st since the last zero, their rates, and @srv's
 * connection counts if given, in a nest of @type.
 */
int lbdr_stats_fill(struct sk_buff *skb, int type,
		    struct lbdr_stats __percpu *st, const struct lbdr_est *est,
		    const struct lbdr_server *srv)
{
	struct nlattr *nest = nla_nest_start(skb, type);
	struct lbdr_stats_sum sum;

	lbdr_stats_sum(st, &sum);
	if (!nest ||
	    lbdr_put_u64(skb, LBDR_STATS_A_CONNS, sum.conns - est->base.conns) ||
	    lbdr_put_u64(skb, LBDR_STATS_A_PACKETS,
			 sum.packets - est->base.packets) ||
	    lbdr_put_u64(skb, LBDR_STATS_A_BYTES, sum.bytes - est->base.bytes) ||
	    lbdr_put_u64(skb, LBDR_STATS_A_CPS,
			 est->rate.conns >> LBDR_EST_SHIFT) ||
	    lbdr_put_u64(skb, LBDR_STATS_A_PPS,
			 est->rate.packets >> LBDR_EST_SHIFT) ||
	    lbdr_put_u64(skb, LBDR_STATS_A_BPS,
			 (est->rate.bytes >> LBDR_EST_SHIFT) * 8))
		return -EMSGSIZE;
	if (srv &&
	    (nla_put_u32(skb, LBDR_STATS_A_ACTIVE,
			 max(atomic_read(&srv->active), 0)) ||
	     nla_put_u32(skb, LBDR_STATS_A_INACTIVE,
			 max(atomic_read(&srv->inactive), 0))))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Every LBDR_EST_INTERVAL while the namespace has services. */
void lbdr_est_work(struct work_struct *work)
{
	struct lbdr_net *ln = container_of(to_delayed_work(work),
					   struct lbdr_net, est_work);
	struct lbdr_service *svc;
	struct lbdr_server *srv;
	bool any = false;
	int i;

	mutex_lock(&lbdr_mutex);
	for (i = 0; i < ARRAY_SIZE(ln->svc_hash); i++) {
		hlist_for_each_entry(svc, &ln->svc_hash[i], hnode) {
			lbdr_est_tick(svc->stats, &svc->est);
			list_for_each_entry(srv, &svc->servers, list)
				lbdr_est_tick(srv->stats, &srv->est);
			any = true;
		}
		cond_resched();
	}
	mutex_unlock(&lbdr_mutex);
	if (any)
		queue_delayed_work(system_power_efficient_wq, &ln->est_work,
				   LBDR_EST_INTERVAL);
}

void lbdr_est_kick(struct lbdr_net *ln)
{
	if (!delayed_work_pending(&ln->est_work))
		queue_delayed_work(system_power_efficient_wq, &ln->est_work,
				   LBDR_EST_INTERVAL);
}

struct lbdr_drops __percpu *lbdr_drops_alloc(void)
{
	struct lbdr_drops __percpu *d;
	int cpu;

	d = alloc_percpu(struct lbdr_drops);
	if (!d)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(d, cpu)->syncp);
	return d;
}

static void lbdr_drops_sum(struct lbdr_drops __percpu *drops,
			   u64 sum[LBDR_DROP_MAX + 1])
{
	unsigned int start;
	int cpu, i;

	memset(sum, 0, sizeof(u64) * (LBDR_DROP_MAX + 1));
	for_each_possible_cpu(cpu) {
		const struct lbdr_drops *d = per_cpu_ptr(drops, cpu);
		u64 v[LBDR_DROP_MAX + 1];

		do {
			start = u64_stats_fetch_begin(&d->syncp);
			for (i = 1; i <= LBDR_DROP_MAX; i++)
				v[i] = u64_stats_read(&d->n[i]);
		} while (u64_stats_fetch_retry(&d->syncp, start));
		for (i = 1; i <= LBDR_DROP_MAX; i++)
			sum[i] += v[i];
	}
}

/* The namespace's totals over its services, table size and drops. */
static int lbdr_netns_stats_fill(struct sk_buff *skb, struct lbdr_net *ln)
{
	struct lbdr_stats_sum total = {}, rate = {}, one;
	u64 drops[LBDR_DROP_MAX + 1];
	struct lbdr_service *svc;
	struct nlattr *nest, *dn;
	int i;

	lockdep_assert_held(&lbdr_mutex);
	for (i = 0; i < ARRAY_SIZE(ln->svc_hash); i++) {
		hlist_for_each_entry(svc, &ln->svc_hash[i], hnode) {
			lbdr_stats_sum(svc->stats, &one);
			total.conns += one.conns - svc->est.base.conns;
			total.packets += one.packets - svc->est.base.packets;
			total.bytes += one.bytes - svc->est.base.bytes;
			rate.conns += svc->est.rate.conns;
			rate.packets += svc->est.rate.packets;
			rate.bytes += svc->est.rate.bytes;
		}
	}
	lbdr_drops_sum(ln->drops, drops);

	nest = nla_nest_start(skb, LBDR_A_STATS);
	if (!nest ||
	    lbdr_put_u64(skb, LBDR_STATS_A_CONNS, total.conns) ||
	    lbdr_put_u64(skb, LBDR_STATS_A_PACKETS, total.packets) ||
	    lbdr_put_u64(skb, LBDR_STATS_A_BYTES, total.bytes) ||
	    lbdr_put_u64(skb, LBDR_STATS_A_CPS, rate.conns >> LBDR_EST_SHIFT) ||
	    lbdr_put_u64(skb, LBDR_STATS_A_PPS, rate.packets >> LBDR_EST_SHIFT) ||
	    lbdr_put_u64(skb, LBDR_STATS_A_BPS,
			 (rate.bytes >> LBDR_EST_SHIFT) * 8) ||
	    nla_put_u32(skb, LBDR_STATS_A_CONN_COUNT,
			lbdr_conn_count(&ln->conns)))
		return -EMSGSIZE;
	dn = nla_nest_start(skb, LBDR_STATS_A_DROP);
	if (!dn)
		return -EMSGSIZE;
	for (i = 1; i <= LBDR_DROP_MAX; i++)
		if (nla_put_u64_64bit(skb, i, drops[i] - ln->drops_base[i],
				      LBDR_DROP_UNSPEC))
			return -EMSGSIZE;
	nla_nest_end(skb, dn);
	nla_nest_end(skb, nest);
	return 0;
}

/* "stats zero": store baselines; the per-CPU counters run on. */
void lbdr_stats_zero(struct lbdr_net *ln)
{
	struct lbdr_service *svc;
	struct lbdr_server *srv;
	int i;

	lockdep_assert_held(&lbdr_mutex);
	for (i = 0; i < ARRAY_SIZE(ln->svc_hash); i++) {
		hlist_for_each_entry(svc, &ln->svc_hash[i], hnode) {
			lbdr_est_zero(svc->stats, &svc->est);
			list_for_each_entry(srv, &svc->servers, list)
				lbdr_est_zero(srv->stats, &srv->est);
		}
	}
	lbdr_drops_sum(ln->drops, ln->drops_base);
}

int lbdr_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct lbdr_net *ln = lbdr_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lbdr_genl_family, 0,
				LBDR_CMD_STATS_GET);
	mutex_lock(&lbdr_mutex);
	err = hdr ? lbdr_netns_stats_fill(msg, ln) : -EMSGSIZE;
	mutex_unlock(&lbdr_mutex);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int lbdr_nl_stats_zero(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);

	mutex_lock(&lbdr_mutex);
	lbdr_stats_zero(lbdr_pernet(net));
	lbdr_event_simple(net, LBDR_CMD_STATS_ZERO);
	mutex_unlock(&lbdr_mutex);
	return 0;
}
