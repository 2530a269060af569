// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink access to the connection table: list entries (a dump, filtered
 * in the kernel) and delete them by filter, e.g. to finish draining a
 * server or to move a client off a server at once.
 */

#include <linux/rhashtable.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "lbdr.h"

const struct nla_policy lbdr_conn_policy[LBDR_CONN_A_MAX + 1] = {
	[LBDR_CONN_A_FAMILY]	= { .type = NLA_U16 },
	[LBDR_CONN_A_PROTO]	= { .type = NLA_U8 },
	[LBDR_CONN_A_CADDR]	= { .type = NLA_BINARY, .len = 16 },
	[LBDR_CONN_A_CPORT]	= { .type = NLA_REJECT },
	[LBDR_CONN_A_VADDR]	= { .type = NLA_BINARY, .len = 16 },
	[LBDR_CONN_A_VPORT]	= { .type = NLA_U16 },
	[LBDR_CONN_A_SERVER]	= { .type = NLA_BINARY, .len = 16 },
	[LBDR_CONN_A_STATE]	= { .type = NLA_REJECT },
	[LBDR_CONN_A_EXPIRES]	= { .type = NLA_REJECT },
	[LBDR_CONN_A_FWMARK]	= { .type = NLA_REJECT },
};

/* Which entries a request selects: each field given must match. */
struct lbdr_conn_filter {
	union nf_inet_addr caddr, vaddr, server;
	__be16 vport;
	u8 family, proto, server_family;
	bool has_caddr, has_vaddr, has_server, has_vport;
};

static int lbdr_conn_filter_addr(const struct nlattr *attr, u8 family,
				 union nf_inet_addr *addr,
				 struct netlink_ext_ack *extack)
{
	if (!family) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "an address needs the family");
		return -EINVAL;
	}
	if (nla_len(attr) != (family == AF_INET6 ? 16 : 4)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "address length does not match the family");
		return -EINVAL;
	}
	memset(addr, 0, sizeof(*addr));
	memcpy(addr, nla_data(attr), nla_len(attr));
	return 0;
}

static int lbdr_conn_filter_parse(const struct nlattr *nest,
				  struct lbdr_conn_filter *flt,
				  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LBDR_CONN_A_MAX + 1];
	int err;

	memset(flt, 0, sizeof(*flt));
	if (!nest)
		return 0;
	err = nla_parse_nested(tb, LBDR_CONN_A_MAX, nest, lbdr_conn_policy, extack);
	if (err)
		return err;
	if (tb[LBDR_CONN_A_FAMILY]) {
		flt->family = nla_get_u16(tb[LBDR_CONN_A_FAMILY]);
		if (flt->family != AF_INET && flt->family != AF_INET6) {
			NL_SET_ERR_MSG_ATTR(extack, tb[LBDR_CONN_A_FAMILY],
					    "family must be AF_INET or AF_INET6");
			return -EAFNOSUPPORT;
		}
	}
	if (tb[LBDR_CONN_A_PROTO])
		flt->proto = nla_get_u8(tb[LBDR_CONN_A_PROTO]);
	if (tb[LBDR_CONN_A_VPORT]) {
		flt->vport = htons(nla_get_u16(tb[LBDR_CONN_A_VPORT]));
		flt->has_vport = true;
	}
	if (tb[LBDR_CONN_A_CADDR]) {
		err = lbdr_conn_filter_addr(tb[LBDR_CONN_A_CADDR], flt->family,
					    &flt->caddr, extack);
		if (err)
			return err;
		flt->has_caddr = true;
	}
	if (tb[LBDR_CONN_A_VADDR]) {
		err = lbdr_conn_filter_addr(tb[LBDR_CONN_A_VADDR], flt->family,
					    &flt->vaddr, extack);
		if (err)
			return err;
		flt->has_vaddr = true;
	}
	if (tb[LBDR_CONN_A_SERVER]) {
		/* A tunnel's server may be of either family: its length says. */
		flt->server_family = nla_len(tb[LBDR_CONN_A_SERVER]) == 16 ?
				     AF_INET6 : AF_INET;
		err = lbdr_conn_filter_addr(tb[LBDR_CONN_A_SERVER],
					    flt->server_family, &flt->server,
					    extack);
		if (err)
			return err;
		flt->has_server = true;
	}
	return 0;
}

static bool lbdr_conn_match(const struct lbdr_conn *c, const void *arg)
{
	const struct lbdr_conn_filter *flt = arg;
	const struct lbdr_conn_key *k = &c->key;
	const struct lbdr_server *srv = READ_ONCE(c->srv);

	if ((flt->family && k->family != flt->family) ||
	    (flt->proto && k->proto != flt->proto) ||
	    (flt->has_vport && k->dport != flt->vport))
		return false;
	if (flt->has_caddr && !nf_inet_addr_cmp(&k->saddr, &flt->caddr))
		return false;
	if (flt->has_vaddr && !nf_inet_addr_cmp(&k->daddr, &flt->vaddr))
		return false;
	return !flt->has_server ||
	       !lbdr_server_cmp(srv, flt->server_family, &flt->server);
}

static int lbdr_conn_fill(struct sk_buff *skb, const struct lbdr_conn *c,
			  u32 now)
{
	const struct lbdr_conn_key *k = &c->key;
	const struct lbdr_server *srv = READ_ONCE(c->srv);
	int alen = k->family == AF_INET6 ? 16 : 4;
	u8 state = READ_ONCE(c->state);
	s32 left = READ_ONCE(c->expires) - now;
	struct nlattr *nest;

	nest = nla_nest_start(skb, LBDR_A_CONN);
	if (!nest ||
	    nla_put_u16(skb, LBDR_CONN_A_FAMILY, k->family) ||
	    nla_put_u8(skb, LBDR_CONN_A_PROTO, k->proto) ||
	    nla_put(skb, LBDR_CONN_A_CADDR, alen, &k->saddr) ||
	    nla_put_u16(skb, LBDR_CONN_A_CPORT, ntohs(k->sport)) ||
	    nla_put_u16(skb, LBDR_CONN_A_VPORT, ntohs(k->dport)) ||
	    nla_put(skb, LBDR_CONN_A_SERVER, srv->family == AF_INET6 ? 16 : 4,
		    &srv->addr) ||
	    nla_put_u8(skb, LBDR_CONN_A_STATE, state) ||
	    nla_put_u32(skb, LBDR_CONN_A_EXPIRES, max(left, 0)))
		return -EMSGSIZE;
	/* A fwmark service's template holds the mark where the VIP goes. */
	if (k->template && !k->proto) {
		if (nla_put_u32(skb, LBDR_CONN_A_FWMARK, k->daddr.all[0]))
			return -EMSGSIZE;
	} else if (nla_put(skb, LBDR_CONN_A_VADDR, alen, &k->daddr)) {
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* A dump's walk and filter live across its calls. */
struct lbdr_conn_dump {
	struct lbdr_conn_walk walk;
	struct lbdr_conn_filter flt;
	bool pending;			/* walked, not sent: the skb was full */
};

int lbdr_nl_conn_dump_start(struct netlink_callback *cb)
{
	struct lbdr_conn_dump *d;
	int err;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	err = lbdr_conn_filter_parse(lbdr_dump_attrs(cb)[LBDR_A_CONN], &d->flt,
				     cb->extack);
	if (err) {
		kfree(d);
		return err;
	}
	cb->args[0] = (long)d;
	return 0;
}

int lbdr_nl_conn_dump_done(struct netlink_callback *cb)
{
	struct lbdr_conn_dump *d = (struct lbdr_conn_dump *)cb->args[0];

	if (d) {
		lbdr_conn_walk_abort(&d->walk);
		kfree(d);
	}
	return 0;
}

static int lbdr_conn_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			      const struct lbdr_conn *c, u32 now)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &lbdr_genl_family, NLM_F_MULTI, LBDR_CMD_CONN_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (lbdr_conn_fill(skb, c, now)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * The table changes while it is dumped: an entry may be missed or sent
 * twice across a resize, as with any rhashtable walk. An entry that did
 * not fit is not held between calls: the walker's position is, and
 * rhashtable_walk_peek() returns it (or its successor, if it went).
 */
int lbdr_nl_conn_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lbdr_net *ln = lbdr_pernet(sock_net(skb->sk));
	struct lbdr_conn_dump *d = (struct lbdr_conn_dump *)cb->args[0];
	u32 now = lbdr_now();
	struct lbdr_conn *c;
	int err = 0;

	if (!d->walk.walking) {
		if (cb->args[1])	/* the walk ended in an earlier call */
			return 0;
		rhashtable_walk_enter(&ln->conns.ht, &d->walk.iter);
		d->walk.walking = true;
	}
	rhashtable_walk_start(&d->walk.iter);
	if (d->pending) {
		c = rhashtable_walk_peek(&d->walk.iter);
		if (!IS_ERR_OR_NULL(c) && lbdr_conn_match(c, &d->flt) &&
		    lbdr_conn_dump_one(skb, cb, c, now))
			goto out;
		d->pending = false;
	}
	for (;;) {
		c = rhashtable_walk_next(&d->walk.iter);
		if (IS_ERR(c)) {
			if (PTR_ERR(c) == -EAGAIN)
				continue;
			err = PTR_ERR(c);
			break;
		}
		if (!c) {
			rhashtable_walk_stop(&d->walk.iter);
			lbdr_conn_walk_abort(&d->walk);
			cb->args[1] = 1;
			return skb->len;
		}
		if (!lbdr_conn_match(c, &d->flt))
			continue;
		if (lbdr_conn_dump_one(skb, cb, c, now)) {
			d->pending = true;
			break;
		}
	}
out:
	rhashtable_walk_stop(&d->walk.iter);
	return err ?: skb->len;
}

int lbdr_nl_conn_del(struct sk_buff *skb, struct genl_info *info)
{
	struct lbdr_net *ln = lbdr_pernet(genl_info_net(info));
	struct lbdr_conn_filter flt;
	struct sk_buff *msg;
	void *hdr;
	int err, n;

	if (GENL_REQ_ATTR_CHECK(info, LBDR_A_CONN)) {
		GENL_SET_ERR_MSG(info, "missing attribute LBDR_A_CONN (a filter)");
		return -EINVAL;
	}
	err = lbdr_conn_filter_parse(info->attrs[LBDR_A_CONN], &flt, info->extack);
	if (err)
		return err;
	n = lbdr_conn_unlink_all(&ln->conns, lbdr_conn_match, &flt);
	if (n < 0) {
		GENL_SET_ERR_MSG(info, "out of memory: some connections may remain");
		return n;
	}

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lbdr_genl_family, 0, LBDR_CMD_CONN_DEL);
	if (!hdr || nla_put_u32(msg, LBDR_A_COUNT, n)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}
