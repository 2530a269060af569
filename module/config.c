// SPDX-License-Identifier: GPL-2.0
/*
 * Per-netns tunables: connection limit, protocol timeouts and the default
 * outer sources of tunnels.
 *
 * The u32 values are kept in an array indexed by their netlink attribute,
 * so the policy, the defaults, the setter and the dump are one table each.
 * Writers are serialised by the genetlink mutex (the family is not
 * parallel_ops); the packet path reads with READ_ONCE and needs no lock.
 */

#include <linux/mm.h>
#include <linux/minmax.h>
#include <net/ipv6.h>

#include "lbdr.h"

/* IPVS's defaults for a director that sees client->server packets only. */
static const u32 lbdr_config_defaults[LBDR_CONFIG_U32_LAST + 1] = {
	[LBDR_CONFIG_A_TIMEOUT_TCP]		= 900,
	[LBDR_CONFIG_A_TIMEOUT_TCP_SYN]		= 60,
	[LBDR_CONFIG_A_TIMEOUT_TCP_FIN]		= 120,
	[LBDR_CONFIG_A_TIMEOUT_TCP_CLOSE]	= 10,
	[LBDR_CONFIG_A_TIMEOUT_UDP]		= 300,
};

static lbdr_nla_range_const struct netlink_range_validation lbdr_conn_max_range = {
	.min = 1,
	.max = LBDR_CONN_MAX_LIMIT,
};

static lbdr_nla_range_const struct netlink_range_validation lbdr_timeout_range = {
	.min = 1,
	.max = LBDR_TIMEOUT_MAX,
};

const struct nla_policy lbdr_config_policy[LBDR_CONFIG_A_MAX + 1] = {
	[LBDR_CONFIG_A_CONN_MAX] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &lbdr_conn_max_range),
	[LBDR_CONFIG_A_TIMEOUT_TCP] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &lbdr_timeout_range),
	[LBDR_CONFIG_A_TIMEOUT_TCP_SYN] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &lbdr_timeout_range),
	[LBDR_CONFIG_A_TIMEOUT_TCP_FIN] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &lbdr_timeout_range),
	[LBDR_CONFIG_A_TIMEOUT_TCP_CLOSE] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &lbdr_timeout_range),
	[LBDR_CONFIG_A_TIMEOUT_UDP] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &lbdr_timeout_range),
	[LBDR_CONFIG_A_TUN_SRC4] = NLA_POLICY_EXACT_LEN(4),
	[LBDR_CONFIG_A_TUN_SRC6] = NLA_POLICY_EXACT_LEN(16),
};

u64 lbdr_ram_bytes(void)
{
	return (u64)totalram_pages() << PAGE_SHIFT;
}

/*
 * Default connection limit: a sixteenth of RAM at 128 bytes accounted per
 * entry (the entry, its hash linkage and slab rounding), so a full table
 * cannot starve the machine, kept between a useful floor and the limit.
 */
u32 lbdr_conn_max_default(u64 ram_bytes)
{
	u64 entries = ram_bytes >> 11;

	return clamp_t(u64, entries, LBDR_CONN_MAX_FLOOR, LBDR_CONN_MAX_LIMIT);
}

void lbdr_config_init(struct lbdr_config *cfg, u64 ram_bytes)
{
	memset(cfg, 0, sizeof(*cfg));
	memcpy(cfg->val, lbdr_config_defaults, sizeof(cfg->val));
	cfg->val[LBDR_CONFIG_A_CONN_MAX] = lbdr_conn_max_default(ram_bytes);
}

/*
 * Make @cfg what @new says. Returns whether the outer sources changed:
 * then the caller drops the routes kept with the old ones.
 */
bool lbdr_config_set(struct lbdr_config *cfg, const struct lbdr_config *new)
{
	bool src = cfg->tun_src4 != new->tun_src4 ||
		   !ipv6_addr_equal(&cfg->tun_src6, &new->tun_src6);
	int i;

	for (i = 1; i <= LBDR_CONFIG_U32_LAST; i++)
		WRITE_ONCE(cfg->val[i], new->val[i]);
	WRITE_ONCE(cfg->tun_src4, new->tun_src4);
	cfg->tun_src6 = new->tun_src6;
	return src;
}

/*
 * Apply the attributes present in @nest. Every attribute is validated
 * before the first store, so a refused request leaves @cfg as it was.
 * Returns 1 when the outer sources changed, 0 when not, or an error.
 */
int lbdr_config_apply(struct net *net, struct lbdr_config *cfg,
		      const struct nlattr *nest, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LBDR_CONFIG_A_MAX + 1];
	struct lbdr_config new = *cfg;
	int i, err;

	err = nla_parse_nested(tb, LBDR_CONFIG_A_MAX, nest,
			       lbdr_config_policy, extack);
	if (err)
		return err;

	for (i = 1; i <= LBDR_CONFIG_U32_LAST; i++)
		if (tb[i])
			new.val[i] = nla_get_u32(tb[i]);
	if (tb[LBDR_CONFIG_A_TUN_SRC4])
		new.tun_src4 = nla_get_in_addr(tb[LBDR_CONFIG_A_TUN_SRC4]);
	if (tb[LBDR_CONFIG_A_TUN_SRC6])
		new.tun_src6 = nla_get_in6_addr(tb[LBDR_CONFIG_A_TUN_SRC6]);
	err = lbdr_tun_src_local(net, new.tun_src4, &new.tun_src6, extack);
	if (err)
		return err;
	return lbdr_config_set(cfg, &new);
}

int lbdr_config_fill(struct sk_buff *skb, const struct lbdr_config *cfg)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, LBDR_A_CONFIG);
	if (!nest)
		return -EMSGSIZE;

	for (i = 1; i <= LBDR_CONFIG_U32_LAST; i++)
		if (nla_put_u32(skb, i, READ_ONCE(cfg->val[i])))
			goto err_cancel;
	if (nla_put_in_addr(skb, LBDR_CONFIG_A_TUN_SRC4, cfg->tun_src4) ||
	    nla_put_in6_addr(skb, LBDR_CONFIG_A_TUN_SRC6, &cfg->tun_src6))
		goto err_cancel;
	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}
