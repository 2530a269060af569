// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink commands for services and real servers: parse and check the
 * request, apply it under lbdr_mutex through service.c, and describe
 * services in replies and dumps. Every refusal names its reason in the
 * extended ack.
 */

#include <net/genetlink.h>
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

const struct nla_policy lbdr_service_policy[LBDR_SVC_A_MAX + 1] = {
	[LBDR_SVC_A_FAMILY]	= { .type = NLA_U16 },
	[LBDR_SVC_A_PROTO]	= { .type = NLA_U8 },
	[LBDR_SVC_A_ADDR]	= { .type = NLA_BINARY, .len = 16 },
	[LBDR_SVC_A_PORT]	= { .type = NLA_U16 },
	[LBDR_SVC_A_FWMARK]	= NLA_POLICY_MIN(NLA_U32, 1),
	[LBDR_SVC_A_SCHED]	= NLA_POLICY_MAX(NLA_U8, LBDR_SCHED_MAGLEV),
	[LBDR_SVC_A_TABLE_SIZE]	= NLA_POLICY_FULL_RANGE(NLA_U32, &lbdr_table_range),
	[LBDR_SVC_A_HASH]	= NLA_POLICY_MAX(NLA_U8, LBDR_HASH_SADDR),
	[LBDR_SVC_A_SERVER]	= { .type = NLA_REJECT },
};

const struct nla_policy lbdr_server_policy[LBDR_SRV_A_MAX + 1] = {
	[LBDR_SRV_A_ADDR]	= { .type = NLA_BINARY, .len = 16 },
	[LBDR_SRV_A_WEIGHT]	= NLA_POLICY_FULL_RANGE(NLA_U32, &lbdr_weight_range),
	[LBDR_SRV_A_METHOD]	= NLA_POLICY_MAX(NLA_U8, LBDR_METHOD_DR),
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

/* Options from @tb over @opts (defaults or the service's current ones). */
static int lbdr_nl_svc_opts(struct nlattr **tb, struct lbdr_svc_opts *opts,
			    struct netlink_ext_ack *extack)
{
	if (tb[LBDR_SVC_A_SCHED])
		opts->sched = nla_get_u8(tb[LBDR_SVC_A_SCHED]);
	if (tb[LBDR_SVC_A_HASH])
		opts->hash = nla_get_u8(tb[LBDR_SVC_A_HASH]);
	if (tb[LBDR_SVC_A_TABLE_SIZE]) {
		opts->table_size = nla_get_u32(tb[LBDR_SVC_A_TABLE_SIZE]);
		if (!lbdr_is_prime(opts->table_size)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[LBDR_SVC_A_TABLE_SIZE],
					    "Maglev table size must be a prime");
			return -EINVAL;
		}
	}
	return 0;
}

static const struct lbdr_svc_opts lbdr_svc_defaults = {
	.table_size = LBDR_TABLE_DEFAULT,
	.sched = LBDR_SCHED_MAGLEV,
	.hash = LBDR_HASH_5TUPLE,
};

static void lbdr_svc_opts_of(const struct lbdr_service *svc,
			     struct lbdr_svc_opts *opts)
{
	opts->table_size = svc->table_size;
	opts->sched = svc->sched;
	opts->hash = svc->hash;
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
	err = lbdr_nl_svc_opts(tb, &opts, info->extack);
	if (err)
		return err;

	mutex_lock(&lbdr_mutex);
	svc = lbdr_svc_find(net, &key);
	if (!svc) {
		err = lbdr_svc_add(net, &key, &opts, info->extack);
	} else if (!replace) {
		GENL_SET_ERR_MSG(info, "service exists");
		err = -EEXIST;
	} else {
		err = lbdr_svc_update(svc, &opts, info->extack);
		if (!err)
			lbdr_pernet(net)->gen++;
	}
	mutex_unlock(&lbdr_mutex);
	return err;
}

int lbdr_nl_service_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[LBDR_SVC_A_MAX + 1];
	struct lbdr_service *svc;
	struct lbdr_svc_opts opts;
	int err;

	mutex_lock(&lbdr_mutex);
	svc = lbdr_nl_svc_get(info, tb, &err);
	if (svc) {
		lbdr_svc_opts_of(svc, &opts);
		err = lbdr_nl_svc_opts(tb, &opts, info->extack);
		if (!err)
			err = lbdr_svc_update(svc, &opts, info->extack);
		if (!err)
			lbdr_pernet(genl_info_net(info))->gen++;
	}
	mutex_unlock(&lbdr_mutex);
	return err;
}

int lbdr_nl_service_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[LBDR_SVC_A_MAX + 1];
	struct lbdr_service *svc;
	int err;

	mutex_lock(&lbdr_mutex);
	svc = lbdr_nl_svc_get(info, tb, &err);
	if (svc)
		lbdr_svc_del(genl_info_net(info), svc);
	mutex_unlock(&lbdr_mutex);
	return err;
}

static int lbdr_fill_server(struct sk_buff *skb, const struct lbdr_service *svc,
			    const struct lbdr_server *srv)
{
	struct nlattr *nest = nla_nest_start(skb, LBDR_SVC_A_SERVER);

	if (!nest ||
	    nla_put(skb, LBDR_SRV_A_ADDR, svc->key.family == AF_INET6 ? 16 : 4,
		    &srv->addr) ||
	    nla_put_u32(skb, LBDR_SRV_A_WEIGHT, srv->weight) ||
	    nla_put_u8(skb, LBDR_SRV_A_METHOD, srv->method))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* One LBDR_A_SERVICE: key, options and every server. */
static int lbdr_fill_service(struct sk_buff *skb, const struct lbdr_service *svc)
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
	    nla_put_u8(skb, LBDR_SVC_A_HASH, svc->hash))
		return -EMSGSIZE;
	list_for_each_entry(srv, &svc->servers, list)
		if (lbdr_fill_server(skb, svc, srv))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
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
		err = lbdr_fill_service(msg, svc);
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
			if (lbdr_fill_service(skb, svc)) {
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
	u32 weight;
	u8 method;
	bool has_weight, has_method;
};

static int lbdr_nl_srv_req(struct genl_info *info, const struct lbdr_service *svc,
			   struct lbdr_srv_req *req)
{
	struct nlattr *nest = info->attrs[LBDR_A_SERVER];
	struct nlattr *tb[LBDR_SRV_A_MAX + 1];
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
	err = lbdr_nl_addr(tb[LBDR_SRV_A_ADDR], svc->key.family, &req->addr,
			   info->extack);
	if (err)
		return err;
	req->has_weight = tb[LBDR_SRV_A_WEIGHT];
	req->weight = req->has_weight ? nla_get_u32(tb[LBDR_SRV_A_WEIGHT]) : 1;
	req->has_method = tb[LBDR_SRV_A_METHOD];
	req->method = req->has_method ? nla_get_u8(tb[LBDR_SRV_A_METHOD]) :
					LBDR_METHOD_DR;
	return 0;
}

/* Server commands: NEW (add or replace), SET and DEL, one handler. */
static int lbdr_nl_server_cmd(struct genl_info *info, u8 cmd)
{
	bool replace = info->attrs[LBDR_A_REPLACE];
	struct net *net = genl_info_net(info);
	struct nlattr *tb[LBDR_SVC_A_MAX + 1];
	struct lbdr_service *svc;
	struct lbdr_server *srv;
	struct lbdr_srv_req req;
	int err;

	mutex_lock(&lbdr_mutex);
	svc = lbdr_nl_svc_get(info, tb, &err);
	if (!svc)
		goto out;
	err = lbdr_nl_srv_req(info, svc, &req);
	if (err)
		goto out;
	srv = lbdr_server_find(svc, &req.addr);

	if (cmd == LBDR_CMD_SERVER_NEW && !srv) {
		err = lbdr_server_add(net, svc, &req.addr, req.weight, req.method,
				      info->extack);
	} else if (!srv) {
		GENL_SET_ERR_MSG(info, "no such real server in this service");
		err = -ENOENT;
	} else if (cmd == LBDR_CMD_SERVER_DEL) {
		lbdr_server_del(svc, srv);
		lbdr_pernet(net)->gen++;
	} else if (cmd == LBDR_CMD_SERVER_NEW && !replace) {
		GENL_SET_ERR_MSG(info, "real server exists");
		err = -EEXIST;
	} else {
		/* SET keeps what it is not given; NEW with REPLACE does not. */
		if (cmd == LBDR_CMD_SERVER_SET) {
			if (!req.has_weight)
				req.weight = srv->weight;
			if (!req.has_method)
				req.method = srv->method;
		}
		err = lbdr_server_update(svc, srv, req.weight, req.method,
					 info->extack);
		if (!err)
			lbdr_pernet(net)->gen++;
	}
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
	mutex_lock(&lbdr_mutex);
	lbdr_svc_flush(genl_info_net(info));
	mutex_unlock(&lbdr_mutex);
	return 0;
}
