// SPDX-License-Identifier: GPL-2.0
/*
 * A cache in front of the connection table: the entries recent packets
 * found, two per set, the set chosen by a keyed hash of the flow.
 *
 * Why: the table (an rhashtable) inserts at the head of a bucket's chain,
 * so a long-lived flow sits behind every entry added to its bucket after
 * it, and each of its packets reads those entries first: a cache miss
 * each, in a table of millions (tests/bench/chainpos: 1.4x the cost at 4M
 * entries for flows established before the fill). A flow found here
 * costs its set's line and its own entry, whatever the table holds.
 *
 * A slot holds a pointer only. A hit is an entry whose key is the
 * packet's and that is still in the table; colliding flows only miss,
 * never see each other's entry. Slots are written on a table hit and
 * cleared by whoever unlinks the entry they hold (lbdr_flowcache_forget),
 * before the entry's grace period starts, so a slot read under RCU never
 * leads to freed memory. A writer racing an unlink checks the entry's
 * UNLINKED flag after its write, the unlinker the slots after setting the
 * flag: with a full barrier on each side one of them sees the other.
 */

#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/random.h>

#include "lbdr.h"

static u32 lbdr_flowcache_seed __read_mostly;

static u32 lbdr_flowcache_hash(const struct lbdr_conn_key *key)
{
	BUILD_BUG_ON(sizeof(*key) % sizeof(u32));
	return jhash2((const u32 *)key, sizeof(*key) / sizeof(u32),
		      lbdr_flowcache_seed);
}

static struct lbdr_conn **lbdr_flowcache_set(struct lbdr_flowcache *fc,
					     const struct lbdr_conn_key *key)
{
	u32 set = lbdr_flowcache_hash(key) & (LBDR_FLOWCACHE_SETS - 1);

	return &fc->slot[set * LBDR_FLOWCACHE_WAYS];
}

static bool lbdr_flowcache_hit(const struct lbdr_conn *c,
			       const struct lbdr_conn_key *key)
{
	return c && !memcmp(&c->key, key, sizeof(*key)) &&
	       !(READ_ONCE(c->flags) & LBDR_CONN_F_UNLINKED);
}

/* Under rcu_read_lock(): @key's entry if a slot holds it, or NULL. */
struct lbdr_conn *lbdr_flowcache_get(struct lbdr_flowcache *fc,
				     const struct lbdr_conn_key *key)
{
	struct lbdr_conn **set = lbdr_flowcache_set(fc, key);
	struct lbdr_conn *c;
	int i;

	for (i = 0; i < LBDR_FLOWCACHE_WAYS; i++) {
		c = READ_ONCE(set[i]);
		if (lbdr_flowcache_hit(c, key))
			return c;
	}
	return NULL;
}

/*
 * Under rcu_read_lock(): remember @c, which the table just gave for its
 * key, in an empty slot of its set, or in place of another.
 */
void lbdr_flowcache_put(struct lbdr_flowcache *fc, struct lbdr_conn *c)
{
	struct lbdr_conn **set = lbdr_flowcache_set(fc, &c->key);
	struct lbdr_conn **slot = &set[0];
	int i;

	for (i = 0; i < LBDR_FLOWCACHE_WAYS; i++) {
		if (!READ_ONCE(set[i])) {
			slot = &set[i];
			goto write;
		}
	}
	/* Full: the entry's address picks; of three flows, one stays put. */
	slot = &set[hash_ptr(c, ilog2(LBDR_FLOWCACHE_WAYS))];
write:
	WRITE_ONCE(*slot, c);
	/* Pairs with lbdr_flowcache_forget(): @c may just have been unlinked. */
	smp_mb();
	if (READ_ONCE(c->flags) & LBDR_CONN_F_UNLINKED)
		cmpxchg(slot, c, NULL);
}

/*
 * @c was just unlinked from the table: no slot may hold it once its grace
 * period starts. Called before the caller queues it for freeing.
 */
void lbdr_flowcache_forget(struct lbdr_flowcache *fc, struct lbdr_conn *c)
{
	struct lbdr_conn **set = lbdr_flowcache_set(fc, &c->key);
	int i;

	WRITE_ONCE(c->flags, c->flags | LBDR_CONN_F_UNLINKED);
	/* Pairs with lbdr_flowcache_put(). */
	smp_mb();
	for (i = 0; i < LBDR_FLOWCACHE_WAYS; i++)
		if (READ_ONCE(set[i]) == c)
			cmpxchg(&set[i], c, NULL);
}

int lbdr_flowcache_init(struct lbdr_flowcache *fc)
{
	fc->slot = kvcalloc(LBDR_FLOWCACHE_SETS * LBDR_FLOWCACHE_WAYS,
			    sizeof(*fc->slot), GFP_KERNEL_ACCOUNT);
	return fc->slot ? 0 : -ENOMEM;
}

void lbdr_flowcache_destroy(struct lbdr_flowcache *fc)
{
	kvfree(fc->slot);
	fc->slot = NULL;
}

void lbdr_flowcache_boot(void)
{
	lbdr_flowcache_seed = get_random_u32();
}
