// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink commands for services and real servers: parse and check the
 * request, apply it under lbdr_mutex through service.c, and describe
 * services in replies and dumps. Every refusal names its reason in the
 * extended ack.
 */

#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "lbdr.h"

static lbdr_nla_range_const struct netlink_range_validation lbdr_table_range = {
	.min = LBDR_TABLE_MIN,
	.max = LBDR_TABLE_MAX,
};

static lbdr_nla_range_const struct netlink_range_validation lbdr_weight_range = {
	.min = 0,
	.max = LBDR_WEIGHT_MAX,
};

static lbdr_nla_range_const struct netlink_range_validation lbdr_persist_range = {
	.min = 0,
	.max = LBDR_TIMEOUT_MAX,
};

const struct nla_policy lbdr_service_policy[LBDR_SVC_A_MAX + 1] = {
	[LBDR_SVC_A_FAMILY]	= { .type = NLA_U16 },
	[LBDR_SVC_A_PROTO]	= { .type = NLA_U8 },
	[LBDR_SVC_A_ADDR]	= { .type = NLA_BINARY, .len = 16 },
	[LBDR_SVC_A_PORT]	= { .type = NLA_U16 },
	[LBDR_SVC_A_FWMARK]	= NLA_POLICY_MIN(NLA_U32, 1),
	[LBDR_SVC_A_SCHED]	= NLA_POLICY_MAX(NLA_U8, LBDR_SCHED_SH),
	[LBDR_SVC_A_TABLE_SIZE]	= NLA_POLICY_FULL_RANGE(NLA_U32, &lbdr_table_range),
	[LBDR_SVC_A_HASH]	= NLA_POLICY_MAX(NLA_U8, LBDR_HASH_SADDR),
	[LBDR_SVC_A_SERVER]	= { .type = NLA_REJECT },
	[LBDR_SVC_A_PERSIST]	= NLA_POLICY_FULL_RANGE(NLA_U32, &lbdr_persist_range),
	[LBDR_SVC_A_PERSIST_MASK] = NLA_POLICY_MAX(NLA_U8, 128),
	[LBDR_SVC_A_SLOPPY]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBDR_SVC_A_ON_REMOVE]	= NLA_POLICY_MAX(NLA_U8, LBDR_ON_REMOVE_DROP),
	[LBDR_SVC_A_STATS]	= { .type = NLA_REJECT },
	[LBDR_SVC_A_TUN_SRC4]	= NLA_POLICY_EXACT_LEN(4),
	[LBDR_SVC_A_TUN_SRC6]	= NLA_POLICY_EXACT_LEN(16),
};

static lbdr_nla_range_const struct netlink_range_validation lbdr_family_range = {
	.min = AF_INET,
	.max = AF_INET6,
};

const struct nla_policy lbdr_server_policy[LBDR_SRV_A_MAX + 1] = {
	[LBDR_SRV_A_ADDR]	= { .type = NLA_BINARY, .len = 16 },
	[LBDR_SRV_A_WEIGHT]	= NLA_POLICY_FULL_RANGE(NLA_U32, &lbdr_weight_range),
	[LBDR_SRV_A_METHOD]	= NLA_POLICY_MAX(NLA_U8, LBDR_METHOD_GUE),
	[LBDR_SRV_A_UTHRESHOLD]	= { .type = NLA_U32 },
	[LBDR_SRV_A_LTHRESHOLD]	= { .type = NLA_U32 },
	[LBDR_SRV_A_STATS]	= { .type = NLA_REJECT },
	/* A range, then the family check: only AF_INET or AF_INET6. */
	[LBDR_SRV_A_FAMILY]	= NLA_POLICY_FULL_RANGE(NLA_U16, &lbdr_family_range),
	[LBDR_SRV_A_TUN_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[LBDR_SRV_A_TUN_CSUM]	= NLA_POLICY_MAX(NLA_U8, 1),
};

static int lbdr_nl_addr(const struct nlattr *attr, u8 family,
			union nf_inet_addr *addr, struct netlink_ext_ack *extack)
{
	int len = family == AF_INET6 ? 16 : 4;

	if (nla_len(attr) != len) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "address length does not match the family");
		return -EINVAL;
	}
	memset(addr, 0, sizeof(*addr));
	memcpy(addr, nla_data(attr), len);
	return 0;
}

/* True, with the missing type and "missing WHAT" reported, if absent. */
#define LBDR_REQUIRE(extack, nest, tb, type, what) ({			\
	struct netlink_ext_ack *__lbdr_ea = (extack);			\
	bool __missing = !(tb)[type];					\
	if (__missing) {						\
		NL_SET_ERR_ATTR_MISS(__lbdr_ea, nest, type);		\
		NL_SET_ERR_MSG(__lbdr_ea, "missing " what);		\
	}								\
	__missing;							\
})

/* The service key of @nest; the parsed attributes are left in @tb. */
static int lbdr_nl_svc_key(struct nlattr *nest, struct nlattr **tb,
			   struct lbdr_svc_key *key, struct netlink_ext_ack *extack)
{
	int err;

	err = nla_parse_nested(tb, LBDR_SVC_A_MAX, nest, lbdr_service_policy, extack);
	if (err)
		return err;
	memset(key, 0, sizeof(*key));

	if (LBDR_REQUIRE(extack, nest, tb, LBDR_SVC_A_FAMILY, "service family"))
		return -EINVAL;
	key->family = nla_get_u16(tb[LBDR_SVC_A_FAMILY]);
	if (key->family != AF_INET && key->family != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[LBDR_SVC_A_FAMILY],
				    "family must be AF_INET or AF_INET6");
		return -EAFNOSUPPORT;
	}

	if (tb[LBDR_SVC_A_FWMARK]) {
		if (tb[LBDR_SVC_A_PROTO] || tb[LBDR_SVC_A_ADDR] || tb[LBDR_SVC_A_PORT]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[LBDR_SVC_A_FWMARK],
					    "a fwmark service has no protocol, address or port");
			return -EINVAL;
		}
		key->fwmark = nla_get_u32(tb[LBDR_SVC_A_FWMARK]);
		return 0;
	}

	if (LBDR_REQUIRE(extack, nest, tb, LBDR_SVC_A_PROTO, "service protocol") ||
	    LBDR_REQUIRE(extack, nest, tb, LBDR_SVC_A_ADDR, "service address") ||
	    LBDR_REQUIRE(extack, nest, tb, LBDR_SVC_A_PORT, "service port"))
		return -EINVAL;
	key->proto = nla_get_u8(tb[LBDR_SVC_A_PROTO]);
	if (key->proto != IPPROTO_TCP && key->proto != IPPROTO_UDP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[LBDR_SVC_A_PROTO],
				    "protocol must be TCP or UDP");
		return -EPROTONOSUPPORT;
	}
	key->port = htons(nla_get_u16(tb[LBDR_SVC_A_PORT]));
	return lbdr_nl_addr(tb[LBDR_SVC_A_ADDR], key->family, &key->addr, extack);
}

/*
 * Options from @tb over @opts (defaults or the service's current ones).
 * @fresh: a new or replaced service, whose sloppy mode follows its
 * scheduler unless given.
 */
static int lbdr_nl_svc_opts(struct nlattr **tb, u8 family, bool fresh,
			    struct lbdr_svc_opts *opts,
			    struct netlink_ext_ack *extack)
{
	u8 alen_bits = family == AF_INET6 ? 128 : 32;

	if (tb[LBDR_SVC_A_SCHED])
		opts->sched = nla_get_u8(tb[LBDR_SVC_A_SCHED]);
	if (tb[LBDR_SVC_A_HASH])
		opts->hash = nla_get_u8(tb[LBDR_SVC_A_HASH]);
	if (tb[LBDR_SVC_A_TABLE_SIZE]) {
		opts->table_size = nla_get_u32(tb[LBDR_SVC_A_TABLE_SIZE]);
		if (!lbdr_is_prime(opts->table_size)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[LBDR_SVC_A_TABLE_SIZE],
					    "table size must be a prime");
			return -EINVAL;
		}
	}
	if (tb[LBDR_SVC_A_PERSIST])
		opts->persist = nla_get_u32(tb[LBDR_SVC_A_PERSIST]);
	if (fresh)
		opts->persist_mask = alen_bits;
	if (tb[LBDR_SVC_A_PERSIST_MASK]) {
		opts->persist_mask = nla_get_u8(tb[LBDR_SVC_A_PERSIST_MASK]);
		if (opts->persist_mask > alen_bits) {
			NL_SET_ERR_MSG_ATTR(extack, tb[LBDR_SVC_A_PERSIST_MASK],
					    "persistence mask longer than the address");
			return -EINVAL;
		}
	}
	if (fresh)
		opts->sloppy = opts->sched == LBDR_SCHED_MAGLEV ||
			       opts->sched == LBDR_SCHED_SH;
	if (tb[LBDR_SVC_A_SLOPPY])
		opts->sloppy = nla_get_u8(tb[LBDR_SVC_A_SLOPPY]);
	if (tb[LBDR_SVC_A_ON_REMOVE])
		opts->on_remove = nla_get_u8(tb[LBDR_SVC_A_ON_REMOVE]);
	if (tb[LBDR_SVC_A_TUN_SRC4])
		opts->tun_src4 = nla_get_in_addr(tb[LBDR_SVC_A_TUN_SRC4]);
	if (tb[LBDR_SVC_A_TUN_SRC6])
		opts->tun_src6 = nla_get_in6_addr(tb[LBDR_SVC_A_TUN_SRC6]);
	return 0;
}

static const struct lbdr_svc_opts lbdr_svc_defaults = {
	.table_size = LBDR_TABLE_DEFAULT,
	.sched = LBDR_SCHED_MAGLEV,
	.hash = LBDR_HASH_5TUPLE,
	.on_remove = LBDR_ON_REMOVE_RESCHEDULE,
};

static void lbdr_svc_opts_of(const struct lbdr_service *svc,
			     struct lbdr_svc_opts *opts)
{
	opts->table_size = svc->table_size;
	opts->sched = svc->sched;
	opts->hash = svc->hash;
	opts->persist = svc->persist;
	opts->persist_mask = svc->persist_mask;
	opts->sloppy = svc->sloppy;
	opts->on_remove = svc->on_remove;
	opts->tun_src4 = svc->tun_src4;
	opts->tun_src6 = svc->tun_src6;
}

/* The service named by LBDR_A_SERVICE, or NULL with the reason set. */
static struct lbdr_service *lbdr_nl_svc_get(struct genl_info *info,
					    struct nlattr **tb, int *err)
{
	struct lbdr_svc_key key;
	struct lbdr_service *svc;

	if (GENL_REQ_ATTR_CHECK(info, LBDR_A_SERVICE)) {
		GENL_SET_ERR_MSG(info, "missing attribute LBDR_A_SERVICE");
		*err = -EINVAL;
		return NULL;
	}
	*err = lbdr_nl_svc_key(info->attrs[LBDR_A_SERVICE], tb, &key, info->extack);
	if (*err)
		return NULL;
	svc = lbdr_svc_find(genl_info_net(info), &key);
	if (!svc) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LBDR_A_SERVICE],
				    "no such service");
		*err = -ENOENT;
	}
	return svc;
}

/* What a service or server description carries besides its options. */
#define LBDR_FILL_SERVERS	BIT(0)
#define LBDR_FILL_STATS		BIT(1)

static int lbdr_fill_server(struct sk_buff *skb, int type,
			    const struct lbdr_service *svc,
			    const struct lbdr_server *srv, unsigned int what)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    nla_put_u16(skb, LBDR_SRV_A_FAMILY, srv->family) ||
	    nla_put(skb, LBDR_SRV_A_ADDR, srv->family == AF_INET6 ? 16 : 4,
		    &srv->addr) ||
	    nla_put_u32(skb, LBDR_SRV_A_WEIGHT, srv->weight) ||
	    nla_put_u8(skb, LBDR_SRV_A_METHOD, srv->method) ||
	    nla_put_u32(skb, LBDR_SRV_A_UTHRESHOLD, srv->uthreshold) ||
	    nla_put_u32(skb, LBDR_SRV_A_LTHRESHOLD, srv->lthreshold))
		return -EMSGSIZE;
	if (srv->method == LBDR_METHOD_GUE &&
	    (nla_put_u16(skb, LBDR_SRV_A_TUN_PORT, ntohs(srv->tun_port)) ||
	     nla_put_u8(skb, LBDR_SRV_A_TUN_CSUM, srv->tun_csum)))
		return -EMSGSIZE;
	if ((what & LBDR_FILL_STATS) &&
	    lbdr_stats_fill(skb, LBDR_SRV_A_STATS, srv->stats, &srv->est, srv))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* One LBDR_A_SERVICE: key, options, and what @what asks for. */
static int lbdr_fill_service(struct sk_buff *skb, const struct lbdr_service *svc,
			     unsigned int what)
{
	const struct lbdr_svc_key *k = &svc->key;
	const struct lbdr_server *srv;
	struct nlattr *nest;

	nest = nla_nest_start(skb, LBDR_A_SERVICE);
	if (!nest || nla_put_u16(skb, LBDR_SVC_A_FAMILY, k->family))
		return -EMSGSIZE;
	if (k->fwmark) {
		if (nla_put_u32(skb, LBDR_SVC_A_FWMARK, k->fwmark))
			return -EMSGSIZE;
	} else if (nla_put_u8(skb, LBDR_SVC_A_PROTO, k->proto) ||
		   nla_put(skb, LBDR_SVC_A_ADDR, k->family == AF_INET6 ? 16 : 4,
			   &k->addr) ||
		   nla_put_u16(skb, LBDR_SVC_A_PORT, ntohs(k->port))) {
		return -EMSGSIZE;
	}
	if (nla_put_u8(skb, LBDR_SVC_A_SCHED, svc->sched) ||
	    nla_put_u32(skb, LBDR_SVC_A_TABLE_SIZE, svc->table_size) ||
	    nla_put_u8(skb, LBDR_SVC_A_HASH, svc->hash) ||
	    nla_put_u32(skb, LBDR_SVC_A_PERSIST, svc->persist) ||
	    nla_put_u8(skb, LBDR_SVC_A_PERSIST_MASK, svc->persist_mask) ||
	    nla_put_u8(skb, LBDR_SVC_A_SLOPPY, svc->sloppy) ||
	    nla_put_u8(skb, LBDR_SVC_A_ON_REMOVE, svc->on_remove))
		return -EMSGSIZE;
	if (svc->tun_src4 &&
	    nla_put_in_addr(skb, LBDR_SVC_A_TUN_SRC4, svc->tun_src4))
		return -EMSGSIZE;
	if (!ipv6_addr_any(&svc->tun_src6) &&
	    nla_put_in6_addr(skb, LBDR_SVC_A_TUN_SRC6, &svc->tun_src6))
		return -EMSGSIZE;
	if ((what & LBDR_FILL_STATS) &&
	    lbdr_stats_fill(skb, LBDR_SVC_A_STATS, svc->stats, &svc->est, NULL))
		return -EMSGSIZE;
	if (what & LBDR_FILL_SERVERS)
		list_for_each_entry(srv, &svc->servers, list)
			if (lbdr_fill_server(skb, LBDR_SVC_A_SERVER, svc, srv, what))
				return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Events: a service with its options; a server with its service's key. */
static int lbdr_fill_svc_event(struct sk_buff *skb, const void *arg)
{
	return lbdr_fill_service(skb, arg, 0);
}

struct lbdr_srv_event {
	const struct lbdr_service *svc;
	const struct lbdr_server *srv;
};

static int lbdr_fill_srv_event(struct sk_buff *skb, const void *arg)
{
	const struct lbdr_srv_event *ev = arg;

	return lbdr_fill_service(skb, ev->svc, 0) ?:
	       lbdr_fill_server(skb, LBDR_A_SERVER, ev->svc, ev->srv, 0);
}

static struct sk_buff *lbdr_srv_event(struct net *net, u8 cmd,
				      const struct lbdr_service *svc,
				      const struct lbdr_server *srv)
{
	struct lbdr_srv_event ev = { .svc = svc, .srv = srv };

	return lbdr_event_build(net, cmd, lbdr_fill_srv_event, &ev);
}

/* SERVICE_NEW with LBDR_A_STAGE: into the socket's open restore. */
static int lbdr_nl_stage_svc(struct genl_info *info,
			     const struct lbdr_svc_key *key,
			     const struct lbdr_svc_opts *opts, bool replace)
{
	struct lbdr_stage *st;
	int err = -ENOENT;

	mutex_lock(&lbdr_mutex);
	st = lbdr_stage_get(genl_info_net(info), info->snd_portid, info->extack);
	if (st)
		err = lbdr_tun_src_local(genl_info_net(info), opts->tun_src4,
					 &opts->tun_src6, info->extack) ?:
		      lbdr_stage_svc_add(st, key, opts, replace, info->extack);
	mutex_unlock(&lbdr_mutex);
	return err;
}

/* Only additions can be staged: a restore describes a whole configuration. */
static int lbdr_nl_refuse_stage(struct genl_info *info)
{
	if (!info->attrs[LBDR_A_STAGE])
		return 0;
	NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LBDR_A_STAGE],
			    "only additions can be part of a restore");
	return -EINVAL;
}

int lbdr_nl_service_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[LBDR_SVC_A_MAX + 1];
	bool replace = info->attrs[LBDR_A_REPLACE];
	struct lbdr_svc_opts opts = lbdr_svc_defaults;
	struct net *net = genl_info_net(info);
	struct lbdr_service *svc;
	struct lbdr_svc_key key;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, LBDR_A_SERVICE)) {
		GENL_SET_ERR_MSG(info, "missing attribute LBDR_A_SERVICE");
		return -EINVAL;
	}
	err = lbdr_nl_svc_key(info->attrs[LBDR_A_SERVICE], tb, &key, info->extack);
	if (err)
		return err;
	err = lbdr_nl_svc_opts(tb, key.family, true, &opts, info->extack);
	if (err)
		return err;
	if (info->attrs[LBDR_A_STAGE])
		return lbdr_nl_stage_svc(info, &key, &opts, replace);

	mutex_lock(&lbdr_mutex);
	svc = lbdr_svc_find(net, &key);
	if (!svc) {
		err = lbdr_svc_add(net, &key, &opts, info->extack);
		svc = err ? NULL : lbdr_svc_find(net, &key);
	} else if (!replace) {
		GENL_SET_ERR_MSG(info, "service exists");
		err = -EEXIST;
	} else {
		err = lbdr_svc_update(net, svc, &opts, info->extack);
		if (!err)
			lbdr_pernet(net)->gen++;
	}
	if (!err && svc)
		lbdr_event(net, LBDR_CMD_SERVICE_NEW, lbdr_fill_svc_event, svc);
	mutex_unlock(&lbdr_mutex);
	return err;
}

int lbdr_nl_service_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[LBDR_SVC_A_MAX + 1];
	struct lbdr_service *svc;
	struct lbdr_svc_opts opts;
	int err;

	err = lbdr_nl_refuse_stage(info);
	if (err)
		return err;
	mutex_lock(&lbdr_mutex);
	svc = lbdr_nl_svc_get(info, tb, &err);
	if (svc) {
		lbdr_svc_opts_of(svc, &opts);
		err = lbdr_nl_svc_opts(tb, svc->key.family, false, &opts,
				       info->extack);
		if (!err)
			err = lbdr_svc_update(genl_info_net(info), svc, &opts,
					      info->extack);
		if (!err) {
			lbdr_pernet(genl_info_net(info))->gen++;
			lbdr_event(genl_info_net(info), LBDR_CMD_SERVICE_SET,
				   lbdr_fill_svc_event, svc);
		}
	}
	mutex_unlock(&lbdr_mutex);
	return err;
}

int lbdr_nl_service_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[LBDR_SVC_A_MAX + 1];
	struct net *net = genl_info_net(info);
	struct lbdr_service *svc;
	struct sk_buff *ev;
	int err;

	err = lbdr_nl_refuse_stage(info);
	if (err)
		return err;
	mutex_lock(&lbdr_mutex);
	svc = lbdr_nl_svc_get(info, tb, &err);
	if (svc) {
		ev = lbdr_event_build(net, LBDR_CMD_SERVICE_DEL,
				      lbdr_fill_svc_event, svc);
		lbdr_svc_del(net, svc);
		lbdr_event_send(net, ev);
	}
	mutex_unlock(&lbdr_mutex);
	return err;
}

int lbdr_nl_service_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[LBDR_SVC_A_MAX + 1];
	struct lbdr_service *svc;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lbdr_genl_family, 0,
				LBDR_CMD_SERVICE_GET);
	mutex_lock(&lbdr_mutex);
	svc = lbdr_nl_svc_get(info, tb, &err);
	if (svc && hdr)
		err = lbdr_fill_service(msg, svc,
					LBDR_FILL_SERVERS | LBDR_FILL_STATS);
	else if (svc)
		err = -EMSGSIZE;
	mutex_unlock(&lbdr_mutex);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * Every service of the namespace, one message each. cb->args[0] is the
 * next bucket, cb->args[1] how many services of it were sent; the
 * generation counter flags a dump that a change interrupted
 * (NLM_F_DUMP_INTR), and userspace retries it.
 */
int lbdr_nl_service_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lbdr_net *ln = lbdr_pernet(sock_net(skb->sk));
	unsigned long bucket = cb->args[0], skip = cb->args[1], idx;
	struct lbdr_service *svc;
	int err = 0;
	void *hdr;

	if (lbdr_dump_attrs(cb)[LBDR_A_SERVICE]) {
		NL_SET_ERR_MSG(cb->extack, "a service dump takes no attributes");
		return -EINVAL;
	}

	mutex_lock(&lbdr_mutex);
	cb->seq = ln->gen;
	for (; bucket < ARRAY_SIZE(ln->svc_hash); bucket++, skip = 0) {
		idx = 0;
		hlist_for_each_entry(svc, &ln->svc_hash[bucket], hnode) {
			if (idx++ < skip)
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &lbdr_genl_family,
					  NLM_F_MULTI, LBDR_CMD_SERVICE_GET);
			if (!hdr)
				goto full;
			genl_dump_check_consistent(cb, hdr);
			if (lbdr_fill_service(skb, svc, LBDR_FILL_SERVERS |
						       LBDR_FILL_STATS)) {
				genlmsg_cancel(skb, hdr);
				goto full;
			}
			genlmsg_end(skb, hdr);
			skip = idx;
		}
	}
full:
	/* A service too large for an empty message can never be sent. */
	if (bucket < ARRAY_SIZE(ln->svc_hash) && !skb->len)
		err = -EMSGSIZE;
	mutex_unlock(&lbdr_mutex);
	cb->args[0] = bucket;
	cb->args[1] = skip;
	return err ?: skb->len;
}

/* The server part of a server command: address and options. */
struct lbdr_srv_req {
	union nf_inet_addr addr;
	u8 family;
	struct lbdr_srv_opts opts;
	struct nlattr *tb[LBDR_SRV_A_MAX + 1];
};

static int lbdr_nl_srv_req(struct genl_info *info, const struct lbdr_service *svc,
			   struct lbdr_srv_req *req)
{
	struct nlattr *nest = info->attrs[LBDR_A_SERVER];
	struct nlattr **tb = req->tb;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, LBDR_A_SERVER)) {
		GENL_SET_ERR_MSG(info, "missing attribute LBDR_A_SERVER");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, LBDR_SRV_A_MAX, nest, lbdr_server_policy,
			       info->extack);
	if (err)
		return err;
	if (LBDR_REQUIRE(info->extack, nest, tb, LBDR_SRV_A_ADDR, "server address"))
		return -EINVAL;
	req->family = svc->key.family;
	if (tb[LBDR_SRV_A_FAMILY]) {
		req->family = nla_get_u16(tb[LBDR_SRV_A_FAMILY]);
		if (req->family != AF_INET && req->family != AF_INET6) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[LBDR_SRV_A_FAMILY],
					    "family must be AF_INET or AF_INET6");
			return -EAFNOSUPPORT;
		}
	}
	err = lbdr_nl_addr(tb[LBDR_SRV_A_ADDR], req->family, &req->addr,
			   info->extack);
	if (err)
		return err;
	return 0;
}

/* Options from the request over @o (defaults, or the server's own). */
static int lbdr_nl_srv_opts(struct lbdr_srv_req *req, struct lbdr_srv_opts *o,
			    struct netlink_ext_ack *extack)
{
	struct nlattr **tb = req->tb;

	if (tb[LBDR_SRV_A_WEIGHT])
		o->weight = nla_get_u32(tb[LBDR_SRV_A_WEIGHT]);
	o->family = req->family;
	if (tb[LBDR_SRV_A_METHOD])
		o->method = nla_get_u8(tb[LBDR_SRV_A_METHOD]);
	if (o->method != LBDR_METHOD_GUE) {
		if (tb[LBDR_SRV_A_TUN_PORT] || tb[LBDR_SRV_A_TUN_CSUM]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[LBDR_SRV_A_TUN_PORT] ?:
					    tb[LBDR_SRV_A_TUN_CSUM],
					    "port and csum are options of method gue");
			return -EINVAL;
		}
		o->tun_port = 0;
		o->tun_csum = 0;
	} else if (!o->tun_port) {
		o->tun_port = htons(LBDR_GUE_PORT_DEFAULT);
	}
	if (tb[LBDR_SRV_A_TUN_PORT])
		o->tun_port = htons(nla_get_u16(tb[LBDR_SRV_A_TUN_PORT]));
	if (tb[LBDR_SRV_A_TUN_CSUM])
		o->tun_csum = nla_get_u8(tb[LBDR_SRV_A_TUN_CSUM]);
	if (tb[LBDR_SRV_A_UTHRESHOLD])
		o->uthreshold = nla_get_u32(tb[LBDR_SRV_A_UTHRESHOLD]);
	if (tb[LBDR_SRV_A_LTHRESHOLD])
		o->lthreshold = nla_get_u32(tb[LBDR_SRV_A_LTHRESHOLD]);
	if (o->lthreshold && o->lthreshold > o->uthreshold) {
		NL_SET_ERR_MSG_ATTR(extack, tb[LBDR_SRV_A_LTHRESHOLD] ?:
				    tb[LBDR_SRV_A_UTHRESHOLD],
				    "lower threshold above the upper one");
		return -EINVAL;
	}
	req->opts = *o;
	return 0;
}

static const struct lbdr_srv_opts lbdr_srv_defaults = {
	.weight = 1,
	.method = LBDR_METHOD_DR,
};

/* SERVER_NEW with LBDR_A_STAGE: into a service of the open restore. */
static int lbdr_nl_stage_srv(struct genl_info *info, bool replace)
{
	struct lbdr_srv_opts opts = lbdr_srv_defaults;
	struct nlattr *tb[LBDR_SVC_A_MAX + 1];
	struct lbdr_service *svc;
	struct lbdr_srv_req req;
	struct lbdr_svc_key key;
	struct lbdr_stage *st;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, LBDR_A_SERVICE)) {
		GENL_SET_ERR_MSG(info, "missing attribute LBDR_A_SERVICE");
		return -EINVAL;
	}
	err = lbdr_nl_svc_key(info->attrs[LBDR_A_SERVICE], tb, &key, info->extack);
	if (err)
		return err;
	mutex_lock(&lbdr_mutex);
	err = -ENOENT;
	st = lbdr_stage_get(genl_info_net(info), info->snd_portid, info->extack);
	svc = st ? lbdr_stage_svc_find(st, &key, info->extack) : NULL;
	if (svc)
		err = lbdr_nl_srv_req(info, svc, &req) ?:
		      lbdr_nl_srv_opts(&req, &opts, info->extack) ?:
		      lbdr_stage_srv_add(genl_info_net(info), svc, &req.addr,
					 &opts, replace, info->extack);
	mutex_unlock(&lbdr_mutex);
	return err;
}

/* Server commands: NEW (add or replace), SET and DEL, one handler. */
static int lbdr_nl_server_cmd(struct genl_info *info, u8 cmd)
{
	bool replace = info->attrs[LBDR_A_REPLACE];
	struct net *net = genl_info_net(info);
	struct nlattr *tb[LBDR_SVC_A_MAX + 1];
	struct sk_buff *ev = NULL;
	struct lbdr_srv_opts opts;
	struct lbdr_service *svc;
	struct lbdr_server *srv;
	struct lbdr_srv_req req;
	int err;

	if (info->attrs[LBDR_A_STAGE]) {
		if (cmd != LBDR_CMD_SERVER_NEW)
			return lbdr_nl_refuse_stage(info);
		return lbdr_nl_stage_srv(info, replace);
	}
	mutex_lock(&lbdr_mutex);
	svc = lbdr_nl_svc_get(info, tb, &err);
	if (!svc)
		goto out;
	err = lbdr_nl_srv_req(info, svc, &req);
	if (err)
		goto out;
	srv = lbdr_server_find(svc, req.family, &req.addr);
	opts = lbdr_srv_defaults;
	/* SET keeps what it is not given; NEW with REPLACE does not. */
	if (srv && cmd == LBDR_CMD_SERVER_SET) {
		opts.weight = srv->weight;
		opts.method = srv->method;
		opts.tun_port = srv->tun_port;
		opts.tun_csum = srv->tun_csum;
		opts.uthreshold = srv->uthreshold;
		opts.lthreshold = srv->lthreshold;
	}
	if (cmd != LBDR_CMD_SERVER_DEL) {
		err = lbdr_nl_srv_opts(&req, &opts, info->extack);
		if (err)
			goto out;
	}

	if (cmd == LBDR_CMD_SERVER_NEW && !srv) {
		err = lbdr_server_add(net, svc, &req.addr, &opts, info->extack);
		srv = err ? NULL : lbdr_server_find(svc, req.family, &req.addr);
	} else if (!srv) {
		GENL_SET_ERR_MSG(info, "no such real server in this service");
		err = -ENOENT;
	} else if (cmd == LBDR_CMD_SERVER_DEL) {
		ev = lbdr_srv_event(net, cmd, svc, srv);
		lbdr_server_del(net, svc, srv);
		lbdr_pernet(net)->gen++;
		srv = NULL;
	} else if (cmd == LBDR_CMD_SERVER_NEW && !replace) {
		GENL_SET_ERR_MSG(info, "real server exists");
		err = -EEXIST;
	} else {
		err = lbdr_server_update(net, svc, srv, &opts, info->extack);
		if (!err)
			lbdr_pernet(net)->gen++;
	}
	if (!err && srv)
		ev = lbdr_srv_event(net, cmd, svc, srv);
	lbdr_event_send(net, ev);
out:
	mutex_unlock(&lbdr_mutex);
	return err;
}

int lbdr_nl_server_new(struct sk_buff *skb, struct genl_info *info)
{
	return lbdr_nl_server_cmd(info, LBDR_CMD_SERVER_NEW);
}

int lbdr_nl_server_set(struct sk_buff *skb, struct genl_info *info)
{
	return lbdr_nl_server_cmd(info, LBDR_CMD_SERVER_SET);
}

int lbdr_nl_server_del(struct sk_buff *skb, struct genl_info *info)
{
	return lbdr_nl_server_cmd(info, LBDR_CMD_SERVER_DEL);
}

int lbdr_nl_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);

	mutex_lock(&lbdr_mutex);
	lbdr_svc_flush(net);
	lbdr_event_simple(net, LBDR_CMD_FLUSH);
	mutex_unlock(&lbdr_mutex);
	lbdr_conn_flush(&lbdr_pernet(net)->conns);
	return 0;
}
