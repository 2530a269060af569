// SPDX-License-Identifier: GPL-2.0
/*
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016), with weights.
 *
 * Each server gets a permutation of the table's slots from two hashes of
 * its address; servers take turns claiming their next free preferred slot
 * until the table is full. A server's turns are paid in credit equal to its
 * weight, so its share of the slots follows its weight. The caller passes
 * the servers sorted by address and without weight-0 servers, so the table
 * depends only on the set of servers and their weights, never on the order
 * they were added, and a drained server owns no slot.
 *
 * The hashes use a fixed key: balancers with the same configuration build
 * the same table, so a standby picks up flows where the active one left
 * them. Built on the control path, published under RCU.
 */

#include <linux/siphash.h>
#include <linux/slab.h>

#include "lbdr.h"

static const siphash_key_t lbdr_maglev_key[2] = {
	{ { 0x6c6264726d61676cULL, 0x65762d6f66667365ULL } },	/* offset */
	{ { 0x6c6264726d61676cULL, 0x65762d736b697070ULL } },	/* skip */
};

bool lbdr_is_prime(u32 n)
{
	u32 d;

	if (n < 2)
		return false;
	for (d = 2; d <= n / d; d++)
		if (n % d == 0)
			return false;
	return true;
}

/* What the build needs per server, apart from the table itself. */
struct lbdr_maglev_perm {
	u32 offset;
	u32 skip;
	u32 next;
	u32 credit;
};

struct lbdr_table *lbdr_maglev_build(struct lbdr_server *const *servers,
				     unsigned int n, int family, u32 size)
{
	size_t alen = family == AF_INET6 ? 16 : 4;
	struct lbdr_maglev_perm *perm;
	struct lbdr_table *mg;
	size_t slots_end;
	u32 wmax = 0, filled = 0;
	unsigned int i;

	if (!n || n > U16_MAX || size < n)
		return NULL;

	slots_end = ALIGN(struct_size(mg, slot, size), sizeof(void *));
	mg = kvzalloc(slots_end + n * sizeof(*mg->servers), GFP_KERNEL);
	perm = kvcalloc(n, sizeof(*perm), GFP_KERNEL);
	if (!mg || !perm) {
		kvfree(mg);
		kvfree(perm);
		return NULL;
	}
	mg->size = size;
	mg->nservers = n;
	mg->servers = (struct lbdr_server **)((char *)mg + slots_end);
	memset(mg->slot, 0xff, size * sizeof(mg->slot[0]));

	for (i = 0; i < n; i++) {
		const void *a = &servers[i]->addr;

		mg->servers[i] = servers[i];
		perm[i].offset = siphash(a, alen, &lbdr_maglev_key[0]) % size;
		perm[i].skip = siphash(a, alen, &lbdr_maglev_key[1]) % (size - 1) + 1;
		wmax = max_t(u32, wmax, servers[i]->weight);
	}

	while (filled < size) {
		for (i = 0; i < n && filled < size; i++) {
			struct lbdr_maglev_perm *p = &perm[i];

			p->credit += mg->servers[i]->weight;
			while (p->credit >= wmax && filled < size) {
				u32 c;

				/* The server's next preferred slot that is still free. */
				do {
					c = (p->offset + (u64)p->next * p->skip) % size;
					p->next++;
				} while (mg->slot[c] != U16_MAX);
				mg->slot[c] = i;
				p->credit -= wmax;
				filled++;
			}
		}
	}
	kvfree(perm);
	return mg;
}
