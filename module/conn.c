// SPDX-License-Identifier: GPL-2.0
/*
 * The connection table: which real server each flow (and, for persistent
 * services, each client) was given.
 *
 * One resizable hash table (rhashtable) per netns, looked up under RCU
 * without a lock. It grows and shrinks with the number of entries, and is
 * keyed by SipHash with a random module secret mixed with the table's own
 * random seed, so clients cannot aim collisions at one bucket.
 *
 * An entry has no timer: it carries its expiry time, refreshed by its
 * packets, and a GC worker per netns walks the table a slice at a time,
 * unlinking expired entries and freeing them in batches after a grace
 * period. A pass starts when the first expiry it knows of is due: the
 * soonest the last pass kept, or a sooner one reported since by whoever
 * set it (lbdr_conn_gc_due: inserts, state changes, lowered timeouts, a
 * deleted server's flows). So a table of long-lived flows is not walked
 * over and over, a walk that would cost every packet on the machine; the
 * passes are at most five minutes apart, for expiries that raced a pass.
 * A full table hurries it.
 * An entry is 64 bytes, one cache line.
 *
 * The packet path changes an entry's state or server under a lock taken
 * from a small striped array, only when something changes; the
 * established-flow path takes no lock. Connection accounting (a server's
 * active and inactive counts) moves with those changes and is undone
 * when the entry is freed, after the grace period, when no packet can
 * still be changing it.
 */

#include <linux/hash.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/siphash.h>
#include <linux/slab.h>

#include "lbdr.h"

/*
 * Entries the GC examines per slice; how soon it continues a pass that
 * finds expired entries (or a full table), and one that finds few; the
 * longest wait between passes, in seconds.
 */
#define LBDR_GC_BUDGET		8192
#define LBDR_GC_NEXT_SLICE	(HZ / 50)
#define LBDR_GC_IDLE_SLICE	(HZ / 10)
#define LBDR_GC_IDLE_MAX	300

#define LBDR_CONN_LOCK_BITS	8

static struct kmem_cache *lbdr_conn_cache __read_mostly;
static siphash_key_t lbdr_conn_secret __read_mostly;
static spinlock_t lbdr_conn_locks[1 << LBDR_CONN_LOCK_BITS];

static u32 lbdr_conn_hashfn(const void *data, u32 len, u32 seed)
{
	siphash_key_t key = lbdr_conn_secret;

	key.key[1] ^= seed;
	return (u32)siphash(data, sizeof(struct lbdr_conn_key), &key);
}

static const struct rhashtable_params lbdr_conn_params = {
	.head_offset = offsetof(struct lbdr_conn, node),
	.key_offset = offsetof(struct lbdr_conn, key),
	.key_len = sizeof(struct lbdr_conn_key),
	.hashfn = lbdr_conn_hashfn,
	.automatic_shrinking = true,
};

static spinlock_t *lbdr_conn_lock(const struct lbdr_conn *c)
{
	return &lbdr_conn_locks[hash_ptr(c, LBDR_CONN_LOCK_BITS)];
}

static void lbdr_conn_account(struct lbdr_server *srv, u8 state, int delta)
{
	if (state == LBDR_CS_TEMPLATE)
		return;
	atomic_add(delta, state == LBDR_CS_ESTABLISHED ? &srv->active :
							&srv->inactive);
}

/* The key of @f's flow; padding zeroed, as the table compares bytes. */
void lbdr_conn_key_of(struct lbdr_conn_key *key, const struct lbdr_flow *f)
{
	memset(key, 0, sizeof(*key));
	key->saddr = f->saddr;
	key->daddr = f->daddr;
	key->sport = f->sport;
	key->dport = f->dport;
	key->family = f->family;
	key->proto = f->proto;
}

/* Under rcu_read_lock(). The flow cache first: see flowcache.c. */
struct lbdr_conn *lbdr_conn_lookup(struct lbdr_conn_table *t,
				   const struct lbdr_conn_key *key)
{
	struct lbdr_conn *c = lbdr_flowcache_get(&t->fc, key);

	if (c)
		return c;
	c = rhashtable_lookup(&t->ht, key, lbdr_conn_params);
	if (c)
		lbdr_flowcache_put(&t->fc, c);
	return c;
}

/*
 * An entry now expires at @expires: bring the next pass forward if it was
 * due later. Lockless: a race costs an early pass, or one that comes at
 * most LBDR_GC_IDLE_MAX late.
 */
void lbdr_conn_gc_due(struct lbdr_conn_table *t, u32 expires)
{
	u32 now = lbdr_now();
	s32 wait;

	if ((s32)(expires - READ_ONCE(t->gc_next)) >= 0)
		return;
	wait = clamp_t(s32, expires - now, 0, LBDR_GC_IDLE_MAX);
	WRITE_ONCE(t->gc_next, now + wait);
	mod_delayed_work(system_power_efficient_wq, &t->gc, wait * HZ);
}

/* Full: reclaim what has expired now, at most once a second. */
static void lbdr_conn_gc_hurry(struct lbdr_conn_table *t)
{
	unsigned long last = READ_ONCE(t->gc_hurry);

	if (time_in_range(jiffies, last, last + HZ))
		return;
	WRITE_ONCE(t->gc_hurry, jiffies);
	mod_delayed_work(system_power_efficient_wq, &t->gc, 0);
}

/*
 * A new entry for @key on @srv. Returns it, the entry another CPU
 * inserted first, or ERR_PTR(-ENOSPC) when the table holds @max entries
 * (the caller counts the drop), or another error.
 */
struct lbdr_conn *lbdr_conn_insert(struct lbdr_conn_table *t, u32 max,
				   const struct lbdr_conn_key *key,
				   struct lbdr_server *srv, u8 state, u32 timeout)
{
	struct lbdr_conn *c, *old;

	if (atomic_read(&t->ht.nelems) >= max) {
		/* Full, but another CPU may have just inserted this flow. */
		old = rhashtable_lookup_fast(&t->ht, key, lbdr_conn_params);
		if (!old)
			lbdr_conn_gc_hurry(t);
		return old ?: ERR_PTR(-ENOSPC);
	}
	c = kmem_cache_alloc(lbdr_conn_cache, GFP_ATOMIC);
	if (!c)
		return ERR_PTR(-ENOMEM);
	c->key = *key;
	c->srv = srv;
	c->state = state;
	c->flags = 0;
	c->pad = 0;
	c->expires = lbdr_now() + timeout;
	/* The scheduler's pick may have been deleted since: then no entry. */
	if (!lbdr_server_tryhold(srv)) {
		kmem_cache_free(lbdr_conn_cache, c);
		return ERR_PTR(-ESTALE);
	}
	lbdr_conn_account(srv, state, 1);

	old = rhashtable_lookup_get_insert_fast(&t->ht, &c->node,
						lbdr_conn_params);
	if (!old) {
		lbdr_conn_gc_due(t, c->expires);
		return c;
	}
	lbdr_conn_account(srv, state, -1);
	lbdr_server_put(srv);
	kmem_cache_free(lbdr_conn_cache, c);
	return old;
}

/*
 * Give @c the server @srv (NULL: keep its own) and @state, and @timeout
 * seconds more. Under rcu_read_lock(); the lock orders concurrent changes
 * of one entry so the accounting follows what the entry ends up holding.
 * False, and @c unchanged, if @srv is being deleted.
 */
bool lbdr_conn_set(struct lbdr_conn *c, struct lbdr_server *srv, u8 state,
		   u32 timeout)
{
	spinlock_t *lock = lbdr_conn_lock(c);
	struct lbdr_server *old;

	if (srv && !lbdr_server_tryhold(srv))
		return false;
	spin_lock_bh(lock);
	old = c->srv;
	lbdr_conn_account(old, c->state, -1);
	if (srv)
		WRITE_ONCE(c->srv, srv);
	lbdr_conn_account(c->srv, state, 1);
	WRITE_ONCE(c->state, state);
	WRITE_ONCE(c->expires, lbdr_now() + timeout);
	spin_unlock_bh(lock);
	/* The entry's reference moved to @srv; a grace period covers @old. */
	if (srv)
		lbdr_server_put(old);
	return true;
}

/* No packet can see @c any more: undo its accounting and free it. */
static void lbdr_conn_free(struct lbdr_conn *c)
{
	lbdr_conn_account(c->srv, c->state, -1);
	lbdr_server_put(c->srv);
	kmem_cache_free(lbdr_conn_cache, c);
}

static void lbdr_conn_free_fn(void *ptr, void *arg)
{
	lbdr_conn_free(ptr);
}

/* Unlinked entries waiting for a grace period; about 2 KiB. */
#define LBDR_GC_BATCH	250

struct lbdr_gc_batch {
	struct rcu_head rcu;
	unsigned int n;
	struct lbdr_conn *conn[LBDR_GC_BATCH];
};

static void lbdr_gc_batch_free_rcu(struct rcu_head *head)
{
	struct lbdr_gc_batch *b = container_of(head, struct lbdr_gc_batch, rcu);
	unsigned int i;

	for (i = 0; i < b->n; i++)
		lbdr_conn_free(b->conn[i]);
	kfree(b);
}

static void lbdr_gc_batch_submit(struct lbdr_gc_batch *b)
{
	if (b->n)
		call_rcu(&b->rcu, lbdr_gc_batch_free_rcu);
	else
		kfree(b);
}

/*
 * Examine up to @budget entries where @w's last run stopped, unlinking
 * those @match selects. Returns how many were unlinked; w->walking is
 * false once the walk has reached the end of the table. Entries are freed
 * after a grace period.
 *
 * A walk that stops is left on an entry it has not looked at yet
 * (w->pending), never on one it unlinked: the walker finds its place
 * again by its current entry, and would skip live entries if that one had
 * gone. rhashtable_walk_peek() takes it up again.
 */
unsigned int lbdr_conn_unlink(struct lbdr_conn_table *t,
			      struct lbdr_conn_walk *w, unsigned int budget,
			      lbdr_conn_match_t match, const void *arg)
{
	struct lbdr_gc_batch *b;
	unsigned int removed = 0;
	struct lbdr_conn *c;

	w->nomem = false;
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b) {
		w->nomem = true;
		return 0;
	}
	if (!w->walking) {
		rhashtable_walk_enter(&t->ht, &w->iter);
		w->walking = true;
		w->pending = false;
	}
	rhashtable_walk_start(&w->iter);
	for (;;) {
		if (w->pending) {
			w->pending = false;
			c = rhashtable_walk_peek(&w->iter);
		} else {
			c = rhashtable_walk_next(&w->iter);
		}
		if (IS_ERR(c)) {
			if (PTR_ERR(c) == -EAGAIN)	/* resized: go on */
				continue;
			break;
		}
		if (!c) {
			rhashtable_walk_stop(&w->iter);
			rhashtable_walk_exit(&w->iter);
			w->walking = false;
			lbdr_gc_batch_submit(b);
			return removed;
		}
		if (!budget) {
			w->pending = true;
			break;
		}
		if (b->n == LBDR_GC_BATCH) {
			/* Full: hand it to RCU, take a new one outside RCU. */
			w->pending = true;
			rhashtable_walk_stop(&w->iter);
			lbdr_gc_batch_submit(b);
			b = kzalloc(sizeof(*b), GFP_KERNEL);
			if (!b)
				return removed;
			rhashtable_walk_start(&w->iter);
			continue;
		}
		budget--;
		if (!match(c, arg))
			continue;
		if (rhashtable_remove_fast(&t->ht, &c->node, lbdr_conn_params))
			continue;
		lbdr_flowcache_forget(&t->fc, c);
		b->conn[b->n++] = c;
		removed++;
	}
	rhashtable_walk_stop(&w->iter);
	lbdr_gc_batch_submit(b);
	return removed;
}

/* Stop a walk before its end. */
void lbdr_conn_walk_abort(struct lbdr_conn_walk *w)
{
	if (w->walking)
		rhashtable_walk_exit(&w->iter);
	w->walking = false;
	w->pending = false;
}

struct lbdr_gc_scan {
	u32 now;
	u32 *soonest;		/* lowered to the expiry of entries kept */
};

static bool lbdr_conn_match_expired(const struct lbdr_conn *c, const void *arg)
{
	const struct lbdr_gc_scan *scan = arg;
	u32 expires = READ_ONCE(c->expires);

	if ((s32)(scan->now - expires) >= 0)
		return true;
	if ((s32)(expires - *scan->soonest) < 0)
		*scan->soonest = expires;
	return false;
}

static bool lbdr_conn_match_all(const struct lbdr_conn *c, const void *arg)
{
	return true;
}

/*
 * One GC slice: the expired entries (or all) among the next @budget;
 * t->gc_walk.walking stays true until the pass reaches the end, and
 * t->gc_soonest is then the first expiry among the entries it kept.
 */
unsigned int lbdr_conn_gc_run(struct lbdr_conn_table *t, unsigned int budget,
			      bool all)
{
	struct lbdr_gc_scan scan = { .now = lbdr_now(),
				     .soonest = &t->gc_soonest };

	if (!t->gc_walk.walking)
		t->gc_soonest = scan.now + LBDR_GC_IDLE_MAX;
	return lbdr_conn_unlink(t, &t->gc_walk, budget,
				all ? lbdr_conn_match_all : lbdr_conn_match_expired,
				&scan);
}

static void lbdr_conn_gc_work(struct work_struct *work)
{
	struct lbdr_conn_table *t = container_of(to_delayed_work(work),
						 struct lbdr_conn_table, gc);
	unsigned long delay;
	unsigned int n;
	u32 now;

	mutex_lock(&t->gc_lock);
	n = lbdr_conn_gc_run(t, LBDR_GC_BUDGET, false);
	now = lbdr_now();
	if (t->gc_walk.walking) {
		/* Mid-pass: inserts need not bring it forward. */
		WRITE_ONCE(t->gc_next, now);
		delay = n >= LBDR_GC_BUDGET / 16 ||
			time_in_range(jiffies, READ_ONCE(t->gc_hurry),
				      READ_ONCE(t->gc_hurry) + 2 * HZ) ?
			LBDR_GC_NEXT_SLICE : LBDR_GC_IDLE_SLICE;
	} else if (atomic_read(&t->ht.nelems)) {
		/* Whole seconds: the entry is expired when the pass runs. */
		delay = clamp_t(s32, t->gc_soonest - now, 1, LBDR_GC_IDLE_MAX);
		WRITE_ONCE(t->gc_next, now + delay);
		delay *= HZ;
	} else {
		/* Empty: the next insert says when. */
		WRITE_ONCE(t->gc_next, now + S32_MAX);
		mutex_unlock(&t->gc_lock);
		return;
	}
	mutex_unlock(&t->gc_lock);
	queue_delayed_work(system_power_efficient_wq, &t->gc, delay);
}

/*
 * Unlink every entry @match selects, in one whole pass; returns how many,
 * or -ENOMEM when a step found no memory (some may remain).
 */
int lbdr_conn_unlink_all(struct lbdr_conn_table *t, lbdr_conn_match_t match,
			 const void *arg)
{
	struct lbdr_conn_walk w = {};
	unsigned int n = 0;

	do {
		n += lbdr_conn_unlink(t, &w, UINT_MAX, match, arg);
	} while (w.walking && !w.nomem);
	if (w.nomem) {
		lbdr_conn_walk_abort(&w);
		return -ENOMEM;
	}
	return min_t(unsigned int, n, INT_MAX);
}

/* Remove every entry; flows still running are scheduled again. */
void lbdr_conn_flush(struct lbdr_conn_table *t)
{
	lbdr_conn_unlink_all(t, lbdr_conn_match_all, NULL);
}

unsigned int lbdr_conn_count(struct lbdr_conn_table *t)
{
	return atomic_read(&t->ht.nelems);
}

int lbdr_conn_table_init(struct net *net, struct lbdr_conn_table *t)
{
	int err;

	t->net = net;
	t->gc_walk.walking = false;
	t->gc_next = lbdr_now() + S32_MAX;
	t->gc_hurry = jiffies - 2 * HZ;
	mutex_init(&t->gc_lock);
	INIT_DELAYED_WORK(&t->gc, lbdr_conn_gc_work);
	err = lbdr_flowcache_init(&t->fc);
	if (err)
		goto err_fc;
	err = rhashtable_init(&t->ht, &lbdr_conn_params);
	if (err)
		goto err_ht;
	return 0;

err_ht:
	lbdr_flowcache_destroy(&t->fc);
err_fc:
	return err;
}

/* The namespace is going: no hook runs any more. */
void lbdr_conn_table_destroy(struct lbdr_conn_table *t)
{
	cancel_delayed_work_sync(&t->gc);
	lbdr_conn_walk_abort(&t->gc_walk);
	rhashtable_free_and_destroy(&t->ht, lbdr_conn_free_fn, NULL);
	lbdr_flowcache_destroy(&t->fc);
}

int __init lbdr_conn_init(void)
{
	int i;

	BUILD_BUG_ON(sizeof(struct lbdr_conn) > 64);
	for (i = 0; i < ARRAY_SIZE(lbdr_conn_locks); i++)
		spin_lock_init(&lbdr_conn_locks[i]);
	get_random_bytes(&lbdr_conn_secret, sizeof(lbdr_conn_secret));
	lbdr_flowcache_boot();
	lbdr_conn_cache = kmem_cache_create("lbdr_conn", sizeof(struct lbdr_conn),
					    0, SLAB_HWCACHE_ALIGN, NULL);
	return lbdr_conn_cache ? 0 : -ENOMEM;
}

void lbdr_conn_exit(void)
{
	/*
	 * Batches waiting for a grace period free entries, and may queue the
	 * last frees of their servers: wait for both generations.
	 */
	rcu_barrier();
	rcu_barrier();
	kmem_cache_destroy(lbdr_conn_cache);
}
