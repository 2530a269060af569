// SPDX-License-Identifier: GPL-2.0
/*
 * Atomic restore: a whole configuration is staged, then replaces the
 * running one in one step (LBDR_CMD_RESTORE_*).
 *
 * A socket opens a staging area (one per netns), fills it with ordinary
 * SERVICE_NEW, SERVER_NEW and CONFIG_SET requests carrying LBDR_A_STAGE,
 * validated as usual, and commits. The commit first prepares everything
 * that can fail: the scheduler table of every staged service, built from
 * the staged weights, and the netfilter hooks of its families. Then, with
 * nothing left to allocate, it applies the staged configuration in one
 * pass under lbdr_mutex: services and servers present in both keep their
 * objects (their connection entries and counters), the others are added
 * or removed, and each service's new table is published with one pointer
 * swap. A failed commit changes nothing.
 */

#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>

#include "lbdr.h"

struct lbdr_stage {
	u32 portid;			/* the socket that opened it */
	struct lbdr_config config;	/* running one, then what was set */
	unsigned int nsvc;
	struct hlist_head svc_hash[1 << LBDR_SVC_HASH_BITS];
};

/* Objects never published: no grace period needed. */
static void lbdr_stage_free_svc(struct lbdr_service *svc)
{
	struct lbdr_server *srv, *tmp;

	list_for_each_entry_safe(srv, tmp, &svc->servers, list)
		lbdr_server_free(srv);
	kvfree(rcu_dereference_protected(svc->table, true));
	free_percpu(svc->stats);
	kfree(svc);
}

static void lbdr_stage_free(struct lbdr_stage *st)
{
	struct lbdr_service *svc;
	struct hlist_node *tmp;
	int i;

	for (i = 0; i < ARRAY_SIZE(st->svc_hash); i++)
		hlist_for_each_entry_safe(svc, tmp, &st->svc_hash[i], hnode)
			lbdr_stage_free_svc(svc);
	kvfree(st);
}

/* Drop @net's staging area, if @portid owns it (0: whoever does). */
void lbdr_stage_discard(struct net *net, u32 portid)
{
	struct lbdr_net *ln = lbdr_pernet(net);

	lockdep_assert_held(&lbdr_mutex);
	if (ln->stage && (!portid || ln->stage->portid == portid)) {
		lbdr_stage_free(ln->stage);
		ln->stage = NULL;
	}
}

/* The staging area of the requesting socket, or NULL with the reason. */
struct lbdr_stage *lbdr_stage_get(struct net *net, u32 portid,
				  struct netlink_ext_ack *extack)
{
	struct lbdr_stage *st = lbdr_pernet(net)->stage;

	lockdep_assert_held(&lbdr_mutex);
	if (!st || st->portid != portid) {
		NL_SET_ERR_MSG(extack, "no restore open on this socket");
		return NULL;
	}
	return st;
}

struct lbdr_config *lbdr_stage_config(struct lbdr_stage *st)
{
	return &st->config;
}

int lbdr_stage_begin(struct net *net, u32 portid,
		     struct netlink_ext_ack *extack)
{
	struct lbdr_net *ln = lbdr_pernet(net);
	struct lbdr_stage *st;

	lockdep_assert_held(&lbdr_mutex);
	if (ln->stage && ln->stage->portid != portid) {
		NL_SET_ERR_MSG(extack, "another restore is open in this namespace");
		return -EBUSY;
	}
	lbdr_stage_discard(net, portid);
	st = kvzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->portid = portid;
	st->config = ln->config;
	ln->stage = st;
	return 0;
}

static struct lbdr_service *lbdr_stage_find(struct lbdr_stage *st,
					    const struct lbdr_svc_key *key)
{
	struct lbdr_service *svc;

	hlist_for_each_entry(svc, &st->svc_hash[lbdr_svc_hash(key)], hnode)
		if (!memcmp(&svc->key, key, sizeof(*key)))
			return svc;
	return NULL;
}

struct lbdr_service *lbdr_stage_svc_find(struct lbdr_stage *st,
					 const struct lbdr_svc_key *key,
					 struct netlink_ext_ack *extack)
{
	struct lbdr_service *svc = lbdr_stage_find(st, key);

	if (!svc)
		NL_SET_ERR_MSG(extack, "no such service in the restore");
	return svc;
}

int lbdr_stage_svc_add(struct lbdr_stage *st, const struct lbdr_svc_key *key,
		       const struct lbdr_svc_opts *opts, bool replace,
		       struct netlink_ext_ack *extack)
{
	struct lbdr_service *svc = lbdr_stage_find(st, key);

	if (svc && !replace) {
		NL_SET_ERR_MSG(extack, "service exists in the restore");
		return -EEXIST;
	}
	if (!svc) {
		svc = kzalloc(sizeof(*svc), GFP_KERNEL);
		if (!svc)
			return -ENOMEM;
		svc->stats = lbdr_stats_alloc();
		if (!svc->stats) {
			kfree(svc);
			return -ENOMEM;
		}
		svc->key = *key;
		INIT_LIST_HEAD(&svc->servers);
		hlist_add_head(&svc->hnode, &st->svc_hash[lbdr_svc_hash(key)]);
		st->nsvc++;
	}
	svc->sched = opts->sched;
	svc->table_size = opts->table_size;
	lbdr_svc_set_opts(svc, opts);
	return 0;
}

int lbdr_stage_srv_add(struct net *net, struct lbdr_service *svc,
		       const union nf_inet_addr *addr,
		       const struct lbdr_srv_opts *opts, bool replace,
		       struct netlink_ext_ack *extack)
{
	struct lbdr_server *srv, *pos;
	unsigned int weighted = 0;
	int err;

	/*
	 * Refused here, on its own line, rather than by the commit: a
	 * weighted server more than the staged table has slots.
	 */
	list_for_each_entry(pos, &svc->servers, list)
		if (pos->weight && lbdr_server_cmp(pos, opts->family, addr))
			weighted++;
	if (opts->weight && weighted >= svc->table_size) {
		NL_SET_ERR_MSG(extack, "more real servers than table slots");
		return -ENOSPC;
	}
	list_for_each_entry(pos, &svc->servers, list) {
		if (lbdr_server_cmp(pos, opts->family, addr))
			continue;
		if (!replace) {
			NL_SET_ERR_MSG(extack, "real server exists in the restore");
			return -EEXIST;
		}
		if (opts->method != pos->method) {
			err = lbdr_server_check(net, svc, addr, opts, extack);
			if (err)
				return err;
		}
		pos->weight = opts->weight;
		lbdr_server_set_opts(pos, opts);
		return 0;
	}
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
	/* Sorted by address, as the running lists are. */
	list_for_each_entry(pos, &svc->servers, list)
		if (lbdr_server_cmp(pos, opts->family, addr) > 0)
			break;
	list_add_tail(&srv->list, &pos->list);
	svc->nservers++;
	return 0;
}

static struct lbdr_server *lbdr_find_server(struct lbdr_service *svc,
					    const struct lbdr_server *like)
{
	struct lbdr_server *srv;

	list_for_each_entry(srv, &svc->servers, list)
		if (!lbdr_server_cmp(srv, like->family, &like->addr))
			return srv;
	return NULL;
}

/*
 * Build @st_svc's table from its staged servers (their new weights), then
 * point its slots at the running objects of servers that stay.
 */
static int lbdr_stage_build(struct lbdr_service *st_svc,
			    struct lbdr_service *run,
			    struct netlink_ext_ack *extack)
{
	struct lbdr_server **list, *srv, *old;
	struct lbdr_table *t = NULL;
	unsigned int n = 0, i;

	list = kvmalloc_array(max(st_svc->nservers, 1U), sizeof(*list),
			      GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	list_for_each_entry(srv, &st_svc->servers, list)
		if (srv->weight)
			list[n++] = srv;
	if (n > st_svc->table_size) {
		kvfree(list);
		NL_SET_ERR_MSG(extack, "more real servers than table slots");
		return -ENOSPC;
	}
	if (n) {
		t = lbdr_table_build(st_svc->sched, list, n, st_svc->key.family,
				     st_svc->table_size);
		if (!t) {
			kvfree(list);
			NL_SET_ERR_MSG(extack, "no memory for the new scheduler table");
			return -ENOMEM;
		}
		for (i = 0; run && i < t->nservers; i++) {
			old = lbdr_find_server(run, t->servers[i]);
			if (old)
				t->servers[i] = old;
		}
	}
	kvfree(list);
	RCU_INIT_POINTER(st_svc->table, t);
	return 0;
}

/*
 * Give the running @run the staged servers and options of @st_svc. The
 * caller holds the hooks the new servers need; they take their own use.
 */
static void lbdr_stage_merge(struct net *net, struct lbdr_service *run,
			     struct lbdr_service *st_svc)
{
	struct lbdr_net *ln = lbdr_pernet(net);
	struct lbdr_server *srv, *tmp, *old;
	struct lbdr_table *t;
	struct lbdr_svc_opts opts;
	LIST_HEAD(list);

	list_for_each_entry_safe(srv, tmp, &st_svc->servers, list) {
		old = lbdr_find_server(run, srv);
		if (old) {
			WRITE_ONCE(old->weight, srv->weight);
			lbdr_server_set_opts(old, &(struct lbdr_srv_opts) {
				.weight = srv->weight, .method = srv->method,
				.family = srv->family,
				.tun_port = srv->tun_port,
				.tun_csum = srv->tun_csum,
				.uthreshold = srv->uthreshold,
				.lthreshold = srv->lthreshold });
			list_move_tail(&old->list, &list);
			list_del(&srv->list);
			lbdr_server_free(srv);
		} else {
			if (lbdr_server_cross(run, srv))
				ln->hook_users[lbdr_family_index(srv->family)]++;
			list_move_tail(&srv->list, &list);
		}
	}
	/* What is left on the running list is not in the new configuration. */
	list_for_each_entry_safe(srv, tmp, &run->servers, list)
		lbdr_server_unlink(net, run, srv);
	list_splice(&list, &run->servers);
	run->nservers = st_svc->nservers;	/* the unlinks counted down */
	st_svc->nservers = 0;

	t = lbdr_deref(run->table);
	rcu_assign_pointer(run->table, rcu_dereference_protected(st_svc->table,
								 true));
	RCU_INIT_POINTER(st_svc->table, NULL);
	if (t)
		kvfree_rcu(t, rcu);
	run->table_size = st_svc->table_size;
	WRITE_ONCE(run->sched, st_svc->sched);
	opts = (struct lbdr_svc_opts) {
		.hash = st_svc->hash, .persist = st_svc->persist,
		.persist_mask = st_svc->persist_mask,
		.sloppy = st_svc->sloppy, .on_remove = st_svc->on_remove,
		.tun_src4 = st_svc->tun_src4, .tun_src6 = st_svc->tun_src6,
	};
	lbdr_svc_set_opts(run, &opts);
}

/* Returns the number of services and servers now configured, or an error. */
int lbdr_stage_commit(struct net *net, u32 portid,
		      struct netlink_ext_ack *extack)
{
	struct lbdr_net *ln = lbdr_pernet(net);
	struct lbdr_service *svc, *run;
	struct lbdr_server *srv;
	struct hlist_node *tmp;
	struct lbdr_stage *st;
	bool fam[2] = {};
	int i, f = 0, err, count = 0;

	st = lbdr_stage_get(net, portid, extack);
	if (!st)
		return -ENOENT;

	/* Prepare: every table, and a hook reference per family in use. */
	for (i = 0; i < ARRAY_SIZE(st->svc_hash); i++) {
		hlist_for_each_entry(svc, &st->svc_hash[i], hnode) {
			err = lbdr_stage_build(svc, lbdr_svc_find(net, &svc->key),
					       extack);
			if (err)
				goto err_hooks;
			fam[lbdr_family_index(svc->key.family)] = true;
			list_for_each_entry(srv, &svc->servers, list)
				fam[lbdr_family_index(srv->family)] = true;
		}
	}
	for (f = 0; f < 2; f++) {
		if (!fam[f])
			continue;
		err = lbdr_hook_get(net, f ? AF_INET6 : AF_INET);
		if (err) {
			NL_SET_ERR_MSG(extack, "cannot register the netfilter hook");
			goto err_hooks;
		}
	}

	/* Apply: nothing below can fail. First what goes away. */
	for (i = 0; i < ARRAY_SIZE(ln->svc_hash); i++)
		hlist_for_each_entry_safe(run, tmp, &ln->svc_hash[i], hnode)
			if (!lbdr_stage_find(st, &run->key))
				lbdr_svc_del(net, run);
	for (i = 0; i < ARRAY_SIZE(st->svc_hash); i++) {
		hlist_for_each_entry_safe(svc, tmp, &st->svc_hash[i], hnode) {
			count += 1 + svc->nservers;
			run = lbdr_svc_find(net, &svc->key);
			if (run) {
				lbdr_stage_merge(net, run, svc);
				continue;
			}
			/* New: the staged object goes live as it is. */
			hlist_del(&svc->hnode);
			ln->hook_users[lbdr_family_index(svc->key.family)]++;
			list_for_each_entry(srv, &svc->servers, list)
				if (lbdr_server_cross(svc, srv))
					ln->hook_users[lbdr_family_index(srv->family)]++;
			hlist_add_head_rcu(&svc->hnode,
					   &ln->svc_hash[lbdr_svc_hash(&svc->key)]);
		}
	}
	if (lbdr_config_set(&ln->config, &st->config))
		lbdr_routes_drop(net);
	ln->gen++;
	lbdr_est_kick(ln);
	lbdr_stage_discard(net, portid);
	for (f = 0; f < 2; f++)
		if (fam[f])
			lbdr_hook_put(net, f ? AF_INET6 : AF_INET);
	return count;

err_hooks:
	while (--f >= 0)
		if (fam[f])
			lbdr_hook_put(net, f ? AF_INET6 : AF_INET);
	/* Tables built so far stay with the staged services, freed with them. */
	lbdr_stage_discard(net, portid);
	return err;
}

static int lbdr_fill_count(struct sk_buff *skb, const void *arg)
{
	return nla_put_u32(skb, LBDR_A_COUNT, *(const u32 *)arg);
}

int lbdr_nl_restore_begin(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	mutex_lock(&lbdr_mutex);
	err = lbdr_stage_begin(genl_info_net(info), info->snd_portid,
			       info->extack);
	mutex_unlock(&lbdr_mutex);
	return err;
}

int lbdr_nl_restore_commit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	int n;

	mutex_lock(&lbdr_mutex);
	n = lbdr_stage_commit(net, info->snd_portid, info->extack);
	if (n >= 0)
		lbdr_event(net, LBDR_CMD_RESTORE_COMMIT, lbdr_fill_count,
			   &(u32){ n });
	mutex_unlock(&lbdr_mutex);
	return n < 0 ? n : 0;
}

int lbdr_nl_restore_abort(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	int err = 0;

	mutex_lock(&lbdr_mutex);
	if (lbdr_stage_get(net, info->snd_portid, info->extack))
		lbdr_stage_discard(net, info->snd_portid);
	else
		err = -ENOENT;
	mutex_unlock(&lbdr_mutex);
	return err;
}

/*
 * A restore left open by a socket that closes (lbadm killed half-way) is
 * discarded. The netlink notifier runs in atomic context: a work item
 * takes the mutex.
 */
struct lbdr_release {
	struct work_struct work;
	struct net *net;
	u32 portid;
};

static struct workqueue_struct *lbdr_release_wq;

static void lbdr_release_work(struct work_struct *work)
{
	struct lbdr_release *r = container_of(work, struct lbdr_release, work);

	mutex_lock(&lbdr_mutex);
	lbdr_stage_discard(r->net, r->portid);
	mutex_unlock(&lbdr_mutex);
	put_net(r->net);
	kfree(r);
}

static int lbdr_netlink_notify(struct notifier_block *nb, unsigned long state,
			       void *ptr)
{
	struct netlink_notify *n = ptr;
	struct lbdr_release *r;

	if (state != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !READ_ONCE(lbdr_pernet(n->net)->stage))
		return NOTIFY_DONE;
	r = kmalloc(sizeof(*r), GFP_ATOMIC);
	if (!r)
		return NOTIFY_DONE;
	/* A namespace on its way out discards its staging area itself. */
	r->net = maybe_get_net(n->net);
	if (!r->net) {
		kfree(r);
		return NOTIFY_DONE;
	}
	r->portid = n->portid;
	INIT_WORK(&r->work, lbdr_release_work);
	queue_work(lbdr_release_wq, &r->work);
	return NOTIFY_DONE;
}

static struct notifier_block lbdr_netlink_nb = {
	.notifier_call = lbdr_netlink_notify,
};

int __init lbdr_restore_init(void)
{
	int err;

	lbdr_release_wq = alloc_workqueue("lbdr_release", 0, 0);
	if (!lbdr_release_wq)
		return -ENOMEM;
	err = netlink_register_notifier(&lbdr_netlink_nb);
	if (err)
		destroy_workqueue(lbdr_release_wq);
	return err;
}

void lbdr_restore_exit(void)
{
	netlink_unregister_notifier(&lbdr_netlink_nb);
	destroy_workqueue(lbdr_release_wq);
}
