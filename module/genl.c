// SPDX-License-Identifier: GPL-2.0
/*
 * The "lbdr" generic netlink family: the only way to configure lbdr.
 *
 * Every command has its own strict policy (the core rejects attributes of
 * commands without one), state-changing commands need CAP_NET_ADMIN over
 * the socket's network namespace, and requests act on that namespace.
 * include/uapi/linux/lbdr.h documents the commands for userspace.
 */

#include <net/genetlink.h>

#include "lbdr.h"

/* A reply of one message whose body @fill writes. */
static int lbdr_nl_reply(struct genl_info *info, u8 cmd,
			 int (*fill)(struct sk_buff *skb, const void *arg),
			 const void *arg)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &lbdr_genl_family, 0, cmd);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}

	err = fill(msg, arg);
	if (err)
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

static int lbdr_fill_info(struct sk_buff *skb, const void *arg)
{
	return lbdr_info_fill(skb);
}

static int lbdr_fill_config(struct sk_buff *skb, const void *arg)
{
	return lbdr_config_fill(skb, arg);
}

static int lbdr_nl_info_get(struct sk_buff *skb, struct genl_info *info)
{
	return lbdr_nl_reply(info, LBDR_CMD_INFO_GET, lbdr_fill_info, NULL);
}

static int lbdr_nl_config_get(struct sk_buff *skb, struct genl_info *info)
{
	struct lbdr_net *ln = lbdr_pernet(genl_info_net(info));

	return lbdr_nl_reply(info, LBDR_CMD_CONFIG_GET, lbdr_fill_config,
			     &ln->config);
}

static int lbdr_nl_config_set(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct lbdr_net *ln = lbdr_pernet(net);
	int err;

	/* Flags the missing type for tools; the text is for people. */
	if (GENL_REQ_ATTR_CHECK(info, LBDR_A_CONFIG)) {
		GENL_SET_ERR_MSG(info, "missing attribute LBDR_A_CONFIG");
		return -EINVAL;
	}

	if (info->attrs[LBDR_A_STAGE]) {
		struct lbdr_stage *st;

		mutex_lock(&lbdr_mutex);
		err = -ENOENT;
		st = lbdr_stage_get(net, info->snd_portid, info->extack);
		if (st)
			err = lbdr_config_apply(net, lbdr_stage_config(st),
						info->attrs[LBDR_A_CONFIG],
						info->extack);
		mutex_unlock(&lbdr_mutex);
		return min(err, 0);
	}

	mutex_lock(&lbdr_mutex);
	err = lbdr_config_apply(net, &ln->config, info->attrs[LBDR_A_CONFIG],
				info->extack);
	if (err > 0)
		lbdr_routes_drop(net);
	mutex_unlock(&lbdr_mutex);
	if (err < 0)
		return err;
	lbdr_event(net, LBDR_CMD_CONFIG_SET, lbdr_fill_config, &ln->config);
	return 0;
}

static const struct nla_policy lbdr_config_set_policy[LBDR_A_MAX + 1] = {
	[LBDR_A_CONFIG] = NLA_POLICY_NESTED(lbdr_config_policy),
	[LBDR_A_STAGE] = { .type = NLA_FLAG },
};

static const struct nla_policy lbdr_service_cmd_policy[LBDR_A_MAX + 1] = {
	[LBDR_A_SERVICE] = NLA_POLICY_NESTED(lbdr_service_policy),
	[LBDR_A_REPLACE] = { .type = NLA_FLAG },
	[LBDR_A_STAGE] = { .type = NLA_FLAG },
};

static const struct nla_policy lbdr_server_cmd_policy[LBDR_A_MAX + 1] = {
	[LBDR_A_SERVICE] = NLA_POLICY_NESTED(lbdr_service_policy),
	[LBDR_A_SERVER] = NLA_POLICY_NESTED(lbdr_server_policy),
	[LBDR_A_REPLACE] = { .type = NLA_FLAG },
	[LBDR_A_STAGE] = { .type = NLA_FLAG },
};

static const struct nla_policy lbdr_conn_cmd_policy[LBDR_A_MAX + 1] = {
	[LBDR_A_CONN] = NLA_POLICY_NESTED(lbdr_conn_policy),
};

#define LBDR_OP_SERVICE(c, fn) {					\
	.cmd = (c),							\
	.doit = (fn),							\
	.policy = lbdr_service_cmd_policy,				\
	.maxattr = LBDR_A_MAX,						\
	.flags = GENL_UNS_ADMIN_PERM,					\
}

#define LBDR_OP_SERVER(c, fn) {						\
	.cmd = (c),							\
	.doit = (fn),							\
	.policy = lbdr_server_cmd_policy,				\
	.maxattr = LBDR_A_MAX,						\
	.flags = GENL_UNS_ADMIN_PERM,					\
}

/* Commands without .policy take no attributes: the core refuses any. */
static const struct genl_ops lbdr_genl_ops[] = {
	{
		.cmd = LBDR_CMD_INFO_GET,
		.doit = lbdr_nl_info_get,
	},
	{
		.cmd = LBDR_CMD_CONFIG_GET,
		.doit = lbdr_nl_config_get,
	},
	{
		.cmd = LBDR_CMD_CONFIG_SET,
		.doit = lbdr_nl_config_set,
		.policy = lbdr_config_set_policy,
		.maxattr = LBDR_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	LBDR_OP_SERVICE(LBDR_CMD_SERVICE_NEW, lbdr_nl_service_new),
	LBDR_OP_SERVICE(LBDR_CMD_SERVICE_SET, lbdr_nl_service_set),
	LBDR_OP_SERVICE(LBDR_CMD_SERVICE_DEL, lbdr_nl_service_del),
	{
		.cmd = LBDR_CMD_SERVICE_GET,
		.doit = lbdr_nl_service_get,
		.dumpit = lbdr_nl_service_dump,
		.policy = lbdr_service_cmd_policy,
		.maxattr = LBDR_A_MAX,
	},
	LBDR_OP_SERVER(LBDR_CMD_SERVER_NEW, lbdr_nl_server_new),
	LBDR_OP_SERVER(LBDR_CMD_SERVER_SET, lbdr_nl_server_set),
	LBDR_OP_SERVER(LBDR_CMD_SERVER_DEL, lbdr_nl_server_del),
	{
		.cmd = LBDR_CMD_FLUSH,
		.doit = lbdr_nl_flush,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LBDR_CMD_STATS_GET,
		.doit = lbdr_nl_stats_get,
	},
	{
		.cmd = LBDR_CMD_CONN_GET,
		.start = lbdr_nl_conn_dump_start,
		.dumpit = lbdr_nl_conn_dump,
		.done = lbdr_nl_conn_dump_done,
		.policy = lbdr_conn_cmd_policy,
		.maxattr = LBDR_A_MAX,
	},
	{
		.cmd = LBDR_CMD_STATS_ZERO,
		.doit = lbdr_nl_stats_zero,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LBDR_CMD_RESTORE_BEGIN,
		.doit = lbdr_nl_restore_begin,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LBDR_CMD_RESTORE_COMMIT,
		.doit = lbdr_nl_restore_commit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LBDR_CMD_RESTORE_ABORT,
		.doit = lbdr_nl_restore_abort,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = LBDR_CMD_CONN_DEL,
		.doit = lbdr_nl_conn_del,
		.policy = lbdr_conn_cmd_policy,
		.maxattr = LBDR_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group lbdr_mcgrps[] = {
	{ .name = LBDR_MCGRP_EVENTS },
};

/*
 * An event for the "events" group: @cmd with what @fill writes, or NULL
 * when nobody listens in @net (or no memory: events are best effort,
 * like every netlink notification). Built before a deletion, sent after.
 */
struct sk_buff *lbdr_event_build(struct net *net, u8 cmd,
				 int (*fill)(struct sk_buff *skb, const void *arg),
				 const void *arg)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&lbdr_genl_family, net, 0))
		return NULL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return NULL;
	hdr = genlmsg_put(msg, 0, 0, &lbdr_genl_family, 0, cmd);
	if (!hdr || (fill && fill(msg, arg))) {
		nlmsg_free(msg);
		return NULL;
	}
	genlmsg_end(msg, hdr);
	return msg;
}

void lbdr_event_send(struct net *net, struct sk_buff *msg)
{
	if (msg)
		genlmsg_multicast_netns(&lbdr_genl_family, net, msg, 0, 0,
					GFP_KERNEL);
}

void lbdr_event(struct net *net, u8 cmd,
		int (*fill)(struct sk_buff *skb, const void *arg),
		const void *arg)
{
	lbdr_event_send(net, lbdr_event_build(net, cmd, fill, arg));
}

void lbdr_event_simple(struct net *net, u8 cmd)
{
	lbdr_event(net, cmd, NULL, NULL);
}

struct genl_family lbdr_genl_family __ro_after_init = {
	.name = LBDR_GENL_NAME,
	.version = LBDR_GENL_VERSION,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = lbdr_genl_ops,
	.n_ops = ARRAY_SIZE(lbdr_genl_ops),
	.mcgrps = lbdr_mcgrps,
	.n_mcgrps = ARRAY_SIZE(lbdr_mcgrps),
	/* Strict header and attribute checks for every command. */
	.resv_start_op = 0,
};

int __init lbdr_genl_init(void)
{
	return genl_register_family(&lbdr_genl_family);
}

void lbdr_genl_exit(void)
{
	genl_unregister_family(&lbdr_genl_family);
}
