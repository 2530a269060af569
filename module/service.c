// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual services and their real servers.
 *
 * Services live in a per-netns hash table that the packet path walks under
 * RCU; every change is made under lbdr_mutex. A change to a service's
 * servers builds a new scheduler table first and publishes it with one
 * pointer swap, so the packet path sees the old set or the new one, never
 * a mix, and a failed allocation changes nothing. Objects are freed after
 * a grace period: a packet may still hold the old table and its servers.
 * A deleted server is marked dead and lives on while connection entries
 * point to it (lbdr_server_put()).
 */

#include <linux/jhash.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "lbdr.h"

/* Serialises every configuration change, in all namespaces. */
DEFINE_MUTEX(lbdr_mutex);

u32 lbdr_svc_hash(const struct lbdr_svc_key *k)
{
	u32 a = k->family == AF_INET6 ? ipv6_addr_hash(&k->addr.in6) :
					(__force u32)k->addr.ip;

	return jhash_3words(a, (__force u32)k->port | k->proto << 16 |
			    k->family << 24, k->fwmark, 0) >>
	       (32 - LBDR_SVC_HASH_BITS);
}

static struct lbdr_service *lbdr_svc_get_rcu(struct lbdr_net *ln,
					     const struct lbdr_svc_key *key)
{
	struct lbdr_service *svc;

	hlist_for_each_entry_rcu(svc, &ln->svc_hash[lbdr_svc_hash(key)], hnode,
				 lockdep_is_held(&lbdr_mutex))
		if (!memcmp(&svc->key, key, sizeof(*key)))
			return svc;
	return NULL;
}

struct lbdr_service *lbdr_svc_find(struct net *net, const struct lbdr_svc_key *key)
{
	lockdep_assert_held(&lbdr_mutex);
	return lbdr_svc_get_rcu(lbdr_pernet(net), key);
}

/* Packet path: a firewall-mark service first, then exact, then port 0. */
struct lbdr_service *lbdr_svc_lookup_rcu(struct net *net, u8 family, u8 proto,
					 const union nf_inet_addr *daddr,
					 __be16 dport, u32 mark)
{
	struct lbdr_net *ln = lbdr_pernet(net);
	struct lbdr_svc_key key = { .family = family };
	struct lbdr_service *svc;

	if (mark) {
		key.fwmark = mark;
		svc = lbdr_svc_get_rcu(ln, &key);
		if (svc)
			return svc;
		key.fwmark = 0;
	}
	key.proto = proto;
	key.addr = *daddr;
	key.port = dport;
	svc = lbdr_svc_get_rcu(ln, &key);
	if (svc || !dport)
		return svc;
	key.port = 0;
	return lbdr_svc_get_rcu(ln, &key);
}

/*
 * Build the table for @svc's servers, as they are now, and publish it. On
 * failure nothing is published and the caller undoes its change.
 */
static int lbdr_svc_rebuild(struct lbdr_service *svc, u8 sched, u32 size,
			    struct netlink_ext_ack *extack)
{
	struct lbdr_table *new = NULL, *old;
	struct lbdr_server **list, *srv;
	unsigned int n = 0;

	list = kvmalloc_array(max(svc->nservers, 1U), sizeof(*list), GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	list_for_each_entry(srv, &svc->servers, list)
		if (srv->weight)
			list[n++] = srv;
	if (n > size) {
		kvfree(list);
		NL_SET_ERR_MSG(extack, "more real servers than table slots");
		return -ENOSPC;
	}
	if (n) {
		new = lbdr_table_build(sched, list, n, svc->key.family, size);
		if (!new) {
			kvfree(list);
			NL_SET_ERR_MSG(extack, "no memory for the new scheduler table");
			return -ENOMEM;
		}
	}
	kvfree(list);

	old = lbdr_deref(svc->table);
	rcu_assign_pointer(svc->table, new);
	svc->table_size = size;
	WRITE_ONCE(svc->sched, sched);
	if (old)
		kvfree_rcu(old, rcu);
	return 0;
}

static void lbdr_svc_free_rcu(struct rcu_head *head)
{
	struct lbdr_service *svc = container_of(head, struct lbdr_service, rcu);

	free_percpu(svc->stats);
	kfree(svc);
}

/* A server with its counters, not yet on any list. */
struct lbdr_server *lbdr_server_alloc(const union nf_inet_addr *addr,
				      const struct lbdr_srv_opts *opts)
{
	struct lbdr_server *srv = kzalloc(sizeof(*srv), GFP_KERNEL);

	if (!srv)
		return NULL;
	srv->stats = lbdr_stats_alloc();
	if (!srv->stats)
		goto err_stats;
	spin_lock_init(&srv->route_lock);
	srv->addr = *addr;
	srv->family = opts->family;
	srv->weight = opts->weight;
	refcount_set(&srv->ref, 1);
	lbdr_server_set_opts(srv, opts);
	return srv;

err_stats:
	kfree(srv);
	return NULL;
}

/* Never published, or a grace period after the last reference. */
void lbdr_server_free(struct lbdr_server *srv)
{
	lbdr_route_free(srv);
	free_percpu(srv->stats);
	kfree(srv);
}

static void lbdr_server_free_rcu(struct rcu_head *head)
{
	lbdr_server_free(container_of(head, struct lbdr_server, rcu));
}

/* Drop a reference; the last one frees @srv after a grace period. */
void lbdr_server_put(struct lbdr_server *srv)
{
	if (refcount_dec_and_test(&srv->ref))
		call_rcu(&srv->rcu, lbdr_server_free_rcu);
}

void lbdr_svc_set_opts(struct lbdr_service *svc,
		       const struct lbdr_svc_opts *opts)
{
	WRITE_ONCE(svc->hash, opts->hash);
	WRITE_ONCE(svc->persist, opts->persist);
	WRITE_ONCE(svc->persist_mask, opts->persist_mask);
	WRITE_ONCE(svc->sloppy, opts->sloppy);
	WRITE_ONCE(svc->on_remove, opts->on_remove);
	if (svc->tun_src4 != opts->tun_src4 ||
	    !ipv6_addr_equal(&svc->tun_src6, &opts->tun_src6)) {
		/* Lookups racing this may use a torn address: they fail. */
		WRITE_ONCE(svc->tun_src4, opts->tun_src4);
		svc->tun_src6 = opts->tun_src6;
		lbdr_svc_routes_drop(svc);
	}
}

int lbdr_svc_add(struct net *net, const struct lbdr_svc_key *key,
		 const struct lbdr_svc_opts *opts, struct netlink_ext_ack *extack)
{
	struct lbdr_net *ln = lbdr_pernet(net);
	struct lbdr_service *svc;
	int err;

	lockdep_assert_held(&lbdr_mutex);
	err = lbdr_tun_src_local(net, opts->tun_src4, &opts->tun_src6,
				 extack);
	if (err)
		return err;
	svc = kzalloc(sizeof(*svc), GFP_KERNEL);
	if (!svc)
		return -ENOMEM;
	svc->stats = lbdr_stats_alloc();
	if (!svc->stats) {
		kfree(svc);
		return -ENOMEM;
	}
	svc->key = *key;
	svc->sched = opts->sched;
	svc->table_size = opts->table_size;
	INIT_LIST_HEAD(&svc->servers);	/* before the options: they walk it */
	lbdr_svc_set_opts(svc, opts);

	err = lbdr_hook_get(net, key->family);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot register the netfilter hook");
		free_percpu(svc->stats);
		kfree(svc);
		return err;
	}
	hlist_add_head_rcu(&svc->hnode, &ln->svc_hash[lbdr_svc_hash(key)]);
	ln->gen++;
	lbdr_est_kick(ln);
	return 0;
}

int lbdr_svc_update(struct net *net, struct lbdr_service *svc,
		    const struct lbdr_svc_opts *opts,
		    struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&lbdr_mutex);
	err = lbdr_tun_src_local(net, opts->tun_src4, &opts->tun_src6,
				 extack);
	if (err)
		return err;
	if (opts->table_size != svc->table_size || opts->sched != svc->sched) {
		err = lbdr_svc_rebuild(svc, opts->sched, opts->table_size, extack);
		if (err)
			return err;
	}
	lbdr_svc_set_opts(svc, opts);
	return 0;
}

/* Off the list and out of new flows; entries still pointing here decide. */
void lbdr_server_unlink(struct net *net, struct lbdr_service *svc,
			struct lbdr_server *srv)
{
	list_del(&srv->list);
	svc->nservers--;
	if (lbdr_server_cross(svc, srv))
		lbdr_hook_put(net, srv->family);
	WRITE_ONCE(srv->dead, 1);
	lbdr_route_drop(srv);
	lbdr_server_put(srv);
}

void lbdr_svc_del(struct net *net, struct lbdr_service *svc)
{
	struct lbdr_net *ln = lbdr_pernet(net);
	struct lbdr_server *srv, *tmp;
	struct lbdr_table *t;

	lockdep_assert_held(&lbdr_mutex);
	hlist_del_rcu(&svc->hnode);
	t = lbdr_deref(svc->table);
	if (t)
		kvfree_rcu(t, rcu);
	list_for_each_entry_safe(srv, tmp, &svc->servers, list)
		lbdr_server_unlink(net, svc, srv);
	lbdr_hook_put(net, svc->key.family);
	call_rcu(&svc->rcu, lbdr_svc_free_rcu);
	ln->gen++;
}

void lbdr_svc_flush(struct net *net)
{
	struct lbdr_net *ln = lbdr_pernet(net);
	struct lbdr_service *svc;
	struct hlist_node *tmp;
	int i;

	lockdep_assert_held(&lbdr_mutex);
	for (i = 0; i < ARRAY_SIZE(ln->svc_hash); i++)
		hlist_for_each_entry_safe(svc, tmp, &ln->svc_hash[i], hnode)
			lbdr_svc_del(net, svc);
}

struct lbdr_server *lbdr_server_find(struct lbdr_service *svc, u8 family,
				     const union nf_inet_addr *addr)
{
	struct lbdr_server *srv;

	lockdep_assert_held(&lbdr_mutex);
	list_for_each_entry(srv, &svc->servers, list)
		if (!lbdr_server_cmp(srv, family, addr))
			return srv;
	return NULL;
}

/*
 * Can @svc reach a server at @addr as @opts say? Direct routing needs the
 * service's family and an on-link server; a tunnel, any route from the
 * service's outer source.
 */
int lbdr_server_check(struct net *net, const struct lbdr_service *svc,
		      const union nf_inet_addr *addr,
		      const struct lbdr_srv_opts *opts,
		      struct netlink_ext_ack *extack)
{
	union nf_inet_addr src;

	if (opts->method == LBDR_METHOD_DR) {
		if (opts->family != svc->key.family) {
			NL_SET_ERR_MSG(extack,
				       "direct routing needs a server of the service's family; a tunnel does not");
			return -EAFNOSUPPORT;
		}
		return lbdr_dr_check(net, opts->family, addr, extack);
	}
	lbdr_tun_src(net, svc, opts->family, &src);
	return lbdr_tun_check(net, opts->family, addr, &src, extack);
}

/* Options of @srv; a new method or tunnel takes a new route. */
void lbdr_server_set_opts(struct lbdr_server *srv,
			  const struct lbdr_srv_opts *opts)
{
	bool reroute = srv->method != opts->method;

	WRITE_ONCE(srv->tun_port, opts->tun_port);
	WRITE_ONCE(srv->tun_csum, opts->tun_csum);
	WRITE_ONCE(srv->method, opts->method);
	if (reroute)
		lbdr_route_drop(srv);
	WRITE_ONCE(srv->uthreshold, opts->uthreshold);
	WRITE_ONCE(srv->lthreshold, opts->lthreshold);
	WRITE_ONCE(srv->overloaded, 0);
}

int lbdr_server_add(struct net *net, struct lbdr_service *svc,
		    const union nf_inet_addr *addr,
		    const struct lbdr_srv_opts *opts,
		    struct netlink_ext_ack *extack)
{
	struct lbdr_server *srv, *pos;
	int err;

	lockdep_assert_held(&lbdr_mutex);
	if (svc->nservers >= U16_MAX) {
		NL_SET_ERR_MSG(extack, "too many real servers in this service");
		return -ENOSPC;
	}
	err = lbdr_server_check(net, svc, addr, opts, extack);
	if (err)
		return err;

	srv = lbdr_server_alloc(addr, opts);
	if (!srv)
		return -ENOMEM;
	if (lbdr_server_cross(svc, srv)) {
		err = lbdr_hook_get(net, srv->family);
		if (err) {
			NL_SET_ERR_MSG(extack, "cannot register the netfilter hook");
			lbdr_server_free(srv);
			return err;
		}
	}

	/* Sorted by address: the Maglev table must not depend on add order. */
	list_for_each_entry(pos, &svc->servers, list)
		if (lbdr_server_cmp(pos, opts->family, addr) > 0)
			break;
	list_add_tail(&srv->list, &pos->list);
	svc->nservers++;

	err = lbdr_svc_rebuild(svc, svc->sched, svc->table_size, extack);
	if (err) {
		list_del(&srv->list);
		svc->nservers--;
		if (lbdr_server_cross(svc, srv))
			lbdr_hook_put(net, srv->family);
		lbdr_server_free(srv);
		return err;
	}
	lbdr_pernet(net)->gen++;
	return 0;
}

int lbdr_server_update(struct net *net, struct lbdr_service *svc,
		       struct lbdr_server *srv,
		       const struct lbdr_srv_opts *opts,
		       struct netlink_ext_ack *extack)
{
	u16 old_weight = srv->weight;
	int err;

	lockdep_assert_held(&lbdr_mutex);
	if (opts->method != srv->method) {
		err = lbdr_server_check(net, svc, &srv->addr, opts, extack);
		if (err)
			return err;
	}
	if (opts->weight != old_weight) {
		WRITE_ONCE(srv->weight, opts->weight);
		err = lbdr_svc_rebuild(svc, svc->sched, svc->table_size, extack);
		if (err) {
			WRITE_ONCE(srv->weight, old_weight);
			return err;
		}
	}
	lbdr_server_set_opts(srv, opts);
	return 0;
}

void lbdr_server_del(struct net *net, struct lbdr_service *svc,
		     struct lbdr_server *srv)
{
	lockdep_assert_held(&lbdr_mutex);
	list_del(&srv->list);
	svc->nservers--;
	if (lbdr_server_cross(svc, srv))
		lbdr_hook_put(net, srv->family);
	/*
	 * A smaller table needs no more memory than the old one had, but the
	 * allocation can still fail: then no server is usable until the next
	 * change, rather than packets going to a removed server.
	 */
	if (lbdr_svc_rebuild(svc, svc->sched, svc->table_size, NULL)) {
		struct lbdr_table *old = lbdr_deref(svc->table);

		RCU_INIT_POINTER(svc->table, NULL);
		if (old)
			kvfree_rcu(old, rcu);
	}
	WRITE_ONCE(srv->dead, 1);
	lbdr_route_drop(srv);
	lbdr_server_put(srv);
}
