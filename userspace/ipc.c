// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink transport for lbadm (libmnl). Resolves the "lbdr" generic netlink
 * family once, turns on extended acks so the kernel's reason for a refusal
 * reaches the user, and converts messages to and from the structures of
 * ipc.h. Nothing else in lbadm includes a netlink header.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "ipc.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

/* Large enough for any reply: a dump packs many messages per read. */
#define IPC_BUF_SIZE (32 * 1024)

struct lbdr_ipc_error lbdr_ipc_err;

static struct mnl_socket *ipc_sock;
static uint16_t ipc_family;
static unsigned int ipc_seq;

typedef int (*ipc_parse_fn)(const struct nlmsghdr *nlh, void *data);

static int ipc_fail(int errnum)
{
	lbdr_ipc_err.errnum = errnum;
	return -1;
}

static int ipc_policy_attr(const struct nlattr *attr, void *data)
{
	struct lbdr_ipc_error *e = data;

	switch (mnl_attr_get_type(attr)) {
	case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
		e->range_min = mnl_attr_get_u64(attr);
		e->has_range = true;
		break;
	case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
		e->range_max = mnl_attr_get_u64(attr);
		e->has_range = true;
		break;
	}
	return MNL_CB_OK;
}

static int ipc_ack_attr(const struct nlattr *attr, void *data)
{
	struct lbdr_ipc_error *e = data;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			snprintf(e->msg, sizeof(e->msg), "%s",
				 mnl_attr_get_str(attr));
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			e->missing_attr = (int)mnl_attr_get_u32(attr);
		break;
	case NLMSGERR_ATTR_POLICY:
		mnl_attr_parse_nested(attr, ipc_policy_attr, e);
		break;
	}
	return MNL_CB_OK;
}

/* NLMSG_ERROR: an ack (error 0) ends the exchange, else record why. */
static int ipc_error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*err);

	(void)data;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		ipc_fail(EBADMSG);
		return MNL_CB_ERROR;
	}
	if (err->error == 0)
		return MNL_CB_STOP;

	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += err->msg.nlmsg_len - sizeof(err->msg);
		mnl_attr_parse(nlh, off, ipc_ack_attr, &lbdr_ipc_err);
	}
	ipc_fail(-err->error);
	errno = -err->error;
	return MNL_CB_ERROR;
}

static int ipc_done_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_STOP;
}

static int ipc_noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static mnl_cb_t ipc_ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = ipc_noop_cb,
	[NLMSG_ERROR] = ipc_error_cb,
	[NLMSG_DONE] = ipc_done_cb,
};

struct ipc_parse_ctx {
	ipc_parse_fn fn;
	void *data;
};

static int ipc_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ipc_parse_ctx *ctx = data;

	if (!ctx->fn)
		return MNL_CB_OK;
	if (ctx->fn(nlh, ctx->data) < 0)
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

/* Send @nlh and read replies until the kernel's ack, feeding @fn. */
static int ipc_exchange(struct nlmsghdr *nlh, ipc_parse_fn fn, void *data)
{
	struct ipc_parse_ctx ctx = { fn, data };
	char *buf;
	unsigned int portid = mnl_socket_get_portid(ipc_sock);
	unsigned int seq = nlh->nlmsg_seq;
	int ret;

	if (mnl_socket_sendto(ipc_sock, nlh, nlh->nlmsg_len) < 0)
		return ipc_fail(errno);

	buf = malloc(IPC_BUF_SIZE);
	if (!buf)
		return ipc_fail(ENOMEM);
	do {
		ret = (int)mnl_socket_recvfrom(ipc_sock, buf, IPC_BUF_SIZE);
		if (ret < 0) {
			ipc_fail(errno);
			break;
		}
		ret = mnl_cb_run2(buf, (size_t)ret, seq, portid, ipc_data_cb,
				  &ctx, ipc_ctl_cbs, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_ERROR) {
			if (!lbdr_ipc_err.errnum)
				ipc_fail(errno ? errno : EPROTO);
			ret = -1;
		}
	} while (ret > MNL_CB_STOP);
	free(buf);
	return ret < 0 ? -1 : 0;
}

static struct nlmsghdr *ipc_msg(char *buf, uint16_t type, uint8_t cmd,
				uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++ipc_seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

static int ipc_family_attr(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
		*(uint16_t *)data = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int ipc_family_parse(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, GENL_HDRLEN, ipc_family_attr, data);
}

static int ipc_open(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int one = 1;

	memset(&lbdr_ipc_err, 0, sizeof(lbdr_ipc_err));
	if (ipc_sock)
		return 0;

	ipc_sock = mnl_socket_open(NETLINK_GENERIC);
	if (!ipc_sock)
		return ipc_fail(errno);
	if (mnl_socket_bind(ipc_sock, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;
	/* Best effort: old kernels simply send no extended ack. */
	mnl_socket_setsockopt(ipc_sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(ipc_sock, NETLINK_CAP_ACK, &one, sizeof(one));
	ipc_seq = (unsigned int)time(NULL);

	nlh = ipc_msg(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, LBDR_GENL_NAME);
	if (ipc_exchange(nlh, ipc_family_parse, &ipc_family) < 0 || !ipc_family) {
		if (lbdr_ipc_err.errnum == ENOENT || !lbdr_ipc_err.errnum) {
			memset(&lbdr_ipc_err, 0, sizeof(lbdr_ipc_err));
			lbdr_ipc_err.no_module = true;
			lbdr_ipc_err.errnum = ENOENT;
		}
		lbdr_ipc_close();
		return -1;
	}
	return 0;
err:
	ipc_fail(errno);
	lbdr_ipc_close();
	return -1;
}

void lbdr_ipc_close(void)
{
	if (ipc_sock)
		mnl_socket_close(ipc_sock);
	ipc_sock = NULL;
	ipc_family = 0;
}

/* Request @cmd, optionally with attributes from @build, parse with @fn. */
static int ipc_request(uint8_t cmd, void (*build)(struct nlmsghdr *, const void *),
		       const void *arg, ipc_parse_fn fn, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	if (ipc_open() < 0)
		return -1;
	nlh = ipc_msg(buf, ipc_family, cmd, LBDR_GENL_VERSION, 0);
	if (build)
		build(nlh, arg);
	return ipc_exchange(nlh, fn, data);
}

/* The nest @type of a reply, as a table indexed by attribute type. */
struct ipc_nest {
	uint16_t type;
	int max;
	const struct nlattr **tb;
};

static int ipc_nest_attr(const struct nlattr *attr, void *data)
{
	struct ipc_nest *n = data;
	int type = mnl_attr_get_type(attr);

	/* Attributes from a newer module are skipped, not fatal. */
	if (type > 0 && type <= n->max)
		n->tb[type] = attr;
	return MNL_CB_OK;
}

static int ipc_top_attr(const struct nlattr *attr, void *data)
{
	struct ipc_nest *n = data;

	if (mnl_attr_get_type(attr) == n->type &&
	    mnl_attr_validate(attr, MNL_TYPE_NESTED) == 0)
		mnl_attr_parse_nested(attr, ipc_nest_attr, n);
	return MNL_CB_OK;
}

static int ipc_parse_nest(const struct nlmsghdr *nlh, struct ipc_nest *n)
{
	return mnl_attr_parse(nlh, GENL_HDRLEN, ipc_top_attr, n) < 0 ? -1 : 0;
}

static uint32_t ipc_u32(const struct nlattr *attr)
{
	if (!attr || mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return 0;
	return mnl_attr_get_u32(attr);
}

static int ipc_info_parse(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[LBDR_INFO_A_MAX + 1] = { 0 };
	struct ipc_nest n = { LBDR_A_INFO, LBDR_INFO_A_MAX, tb };
	struct lbdr_info *info = data;

	if (ipc_parse_nest(nlh, &n))
		return -1;
	if (tb[LBDR_INFO_A_VERSION] &&
	    mnl_attr_validate(tb[LBDR_INFO_A_VERSION], MNL_TYPE_NUL_STRING) == 0)
		snprintf(info->version, sizeof(info->version), "%s",
			 mnl_attr_get_str(tb[LBDR_INFO_A_VERSION]));
	info->conn_max_limit = ipc_u32(tb[LBDR_INFO_A_CONN_MAX_LIMIT]);
	info->conn_max_default = ipc_u32(tb[LBDR_INFO_A_CONN_MAX_DEFAULT]);
	info->timeout_max = ipc_u32(tb[LBDR_INFO_A_TIMEOUT_MAX]);
	return 0;
}

int lbdr_ipc_info(struct lbdr_info *info)
{
	memset(info, 0, sizeof(*info));
	return ipc_request(LBDR_CMD_INFO_GET, NULL, NULL, ipc_info_parse, info);
}

static int ipc_config_parse(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[LBDR_CONFIG_A_MAX + 1] = { 0 };
	struct ipc_nest n = { LBDR_A_CONFIG, LBDR_CONFIG_A_MAX, tb };
	struct lbdr_config *cfg = data;
	int i;

	if (ipc_parse_nest(nlh, &n))
		return -1;
	for (i = 1; i <= LBDR_CONFIG_A_MAX; i++) {
		if (!tb[i])
			continue;
		cfg->val[i] = ipc_u32(tb[i]);
		cfg->mask |= 1U << i;
	}
	return 0;
}

int lbdr_ipc_config_get(struct lbdr_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	return ipc_request(LBDR_CMD_CONFIG_GET, NULL, NULL, ipc_config_parse, cfg);
}

static void ipc_config_build(struct nlmsghdr *nlh, const void *arg)
{
	const struct lbdr_config *cfg = arg;
	struct nlattr *nest;
	int i;

	nest = mnl_attr_nest_start(nlh, LBDR_A_CONFIG);
	for (i = 1; i <= LBDR_CONFIG_A_MAX; i++)
		if (cfg->mask & (1U << i))
			mnl_attr_put_u32(nlh, (uint16_t)i, cfg->val[i]);
	mnl_attr_nest_end(nlh, nest);
}

int lbdr_ipc_config_set(const struct lbdr_config *cfg)
{
	return ipc_request(LBDR_CMD_CONFIG_SET, ipc_config_build, cfg, NULL, NULL);
}
