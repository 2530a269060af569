// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink transport for lbadm (libmnl). Resolves the "lbdr" generic netlink
 * family once, turns on extended acks so the kernel's reason for a refusal
 * reaches the user, and converts messages to and from the structures of
 * ipc.h. Nothing else in lbadm includes a netlink header.
 */
#define _GNU_SOURCE		/* recvmmsg() */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
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
/* An event: a service with its options (and servers, if the kernel sends them). */
#define IPC_EVENT_BUF_SIZE (64 * 1024)

struct lbdr_ipc_error lbdr_ipc_err;

static struct mnl_socket *ipc_sock;
static uint16_t ipc_family;
static uint32_t ipc_events_group;	/* 0: the module has none */
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

/*
 * An NLMSG_ERROR: 0 for an ack, else the positive errno, recorded in @e
 * with the kernel's extended ack.
 */
static int ipc_nlerr(const struct nlmsghdr *nlh, struct lbdr_ipc_error *e)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*err);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		e->errnum = EBADMSG;
		return EBADMSG;
	}
	if (err->error == 0)
		return 0;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += err->msg.nlmsg_len - sizeof(err->msg);
		mnl_attr_parse(nlh, off, ipc_ack_attr, e);
	}
	e->errnum = -err->error;
	return e->errnum;
}

/* NLMSG_ERROR: an ack (error 0) ends the exchange, else record why. */
static int ipc_error_cb(const struct nlmsghdr *nlh, void *data)
{
	int err = ipc_nlerr(nlh, &lbdr_ipc_err);

	(void)data;
	if (!err)
		return MNL_CB_STOP;
	errno = err;
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
	bool interrupted;	/* NLM_F_DUMP_INTR seen */
};

static int ipc_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ipc_parse_ctx *ctx = data;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		ctx->interrupted = true;
	if (!ctx->fn)
		return MNL_CB_OK;
	if (ctx->fn(nlh, ctx->data) < 0)
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

/*
 * Send @nlh and read replies until the kernel's ack (or a dump's end),
 * feeding @fn. *@interrupted, if given, tells whether a dump was
 * interrupted by a change.
 */
static int ipc_exchange_dump(struct nlmsghdr *nlh, ipc_parse_fn fn, void *data,
			     bool *interrupted)
{
	struct ipc_parse_ctx ctx = { fn, data, false };
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
	if (interrupted)
		*interrupted = ctx.interrupted;
	return ret < 0 ? -1 : 0;
}

static int ipc_exchange(struct nlmsghdr *nlh, ipc_parse_fn fn, void *data)
{
	return ipc_exchange_dump(nlh, fn, data, NULL);
}

static struct nlmsghdr *ipc_msg(char *buf, uint16_t type, uint8_t cmd,
				uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	/* A dump ends with NLMSG_DONE; everything else with an ack. */
	nlh->nlmsg_flags = NLM_F_REQUEST | flags |
			   ((flags & NLM_F_DUMP) == NLM_F_DUMP ? 0 : NLM_F_ACK);
	nlh->nlmsg_seq = ++ipc_seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

/* One group of CTRL_ATTR_MCAST_GROUPS: the id of LBDR_MCGRP_EVENTS. */
static void ipc_mcast_group(const struct nlattr *grp)
{
	const struct nlattr *attr;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(attr, grp) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_MCAST_GRP_NAME:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(attr);
			break;
		case CTRL_ATTR_MCAST_GRP_ID:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				id = mnl_attr_get_u32(attr);
			break;
		}
	}
	if (name && !strcmp(name, LBDR_MCGRP_EVENTS))
		ipc_events_group = id;
}

static int ipc_family_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr *grp;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
			*(uint16_t *)data = mnl_attr_get_u16(attr);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			break;
		mnl_attr_for_each_nested(grp, attr)
			if (mnl_attr_validate(grp, MNL_TYPE_NESTED) == 0)
				ipc_mcast_group(grp);
		break;
	}
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
	ipc_events_group = 0;
}

/*
 * Request @cmd with netlink @flags, attributes from @build, replies parsed
 * by @fn.
 */
static int ipc_request_flags(uint8_t cmd, uint16_t flags,
			     void (*build)(struct nlmsghdr *, const void *),
			     const void *arg, ipc_parse_fn fn, void *data,
			     bool *interrupted)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	if (ipc_open() < 0)
		return -1;
	nlh = ipc_msg(buf, ipc_family, cmd, LBDR_GENL_VERSION, flags);
	if (build)
		build(nlh, arg);
	return ipc_exchange_dump(nlh, fn, data, interrupted);
}

static int ipc_request(uint8_t cmd, void (*build)(struct nlmsghdr *, const void *),
		       const void *arg, ipc_parse_fn fn, void *data)
{
	return ipc_request_flags(cmd, 0, build, arg, fn, data, NULL);
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

static uint8_t ipc_u8(const struct nlattr *attr)
{
	if (!attr || mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
		return 0;
	return mnl_attr_get_u8(attr);
}

static uint16_t ipc_u16(const struct nlattr *attr)
{
	if (!attr || mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
		return 0;
	return mnl_attr_get_u16(attr);
}

static uint32_t ipc_u32(const struct nlattr *attr)
{
	if (!attr || mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return 0;
	return mnl_attr_get_u32(attr);
}

/* Sent with nla_put_u64_64bit(): 8 bytes, read unaligned-safe by libmnl. */
static uint64_t ipc_u64(const struct nlattr *attr)
{
	if (!attr || mnl_attr_get_payload_len(attr) != sizeof(uint64_t))
		return 0;
	return mnl_attr_get_u64(attr);
}

/* A fixed-size binary attribute into @out, if it has that size. */
static bool ipc_get_bin(const struct nlattr *attr, void *out, size_t len)
{
	if (!attr || mnl_attr_get_payload_len(attr) != len)
		return false;
	memcpy(out, mnl_attr_get_payload(attr), len);
	return true;
}

/*
 * A nest of lbdr_stats_attr into @st. Attributes a newer module adds,
 * and drop reasons this lbadm has no name for, are skipped. Returns
 * whether @nest was a valid nest.
 */
static bool ipc_stats_nest(const struct nlattr *nest, struct lbdr_stats *st)
{
	const struct nlattr *attr, *drop;
	int type;

	memset(st, 0, sizeof(*st));
	if (!nest || mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
		return false;
	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case LBDR_STATS_A_CONNS:
			st->conns = ipc_u64(attr);
			break;
		case LBDR_STATS_A_PACKETS:
			st->packets = ipc_u64(attr);
			break;
		case LBDR_STATS_A_BYTES:
			st->bytes = ipc_u64(attr);
			break;
		case LBDR_STATS_A_ACTIVE:
			st->active = ipc_u32(attr);
			break;
		case LBDR_STATS_A_INACTIVE:
			st->inactive = ipc_u32(attr);
			break;
		case LBDR_STATS_A_CONN_COUNT:
			st->conn_count = ipc_u32(attr);
			break;
		case LBDR_STATS_A_CPS:
			st->cps = ipc_u64(attr);
			break;
		case LBDR_STATS_A_PPS:
			st->pps = ipc_u64(attr);
			break;
		case LBDR_STATS_A_BPS:
			st->bps = ipc_u64(attr);
			break;
		case LBDR_STATS_A_DROP:
			if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
				break;
			mnl_attr_for_each_nested(drop, attr) {
				type = mnl_attr_get_type(drop);
				if (type > LBDR_DROP_UNSPEC && type <= LBDR_DROP_MAX)
					st->drop[type] = ipc_u64(drop);
			}
			break;
		}
	}
	return true;
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
		/* The tunnel sources are binary: skipped unless of their size. */
		if (i == LBDR_CONFIG_A_TUN_SRC4) {
			if (!ipc_get_bin(tb[i], &cfg->tun_src4, 4))
				continue;
		} else if (i == LBDR_CONFIG_A_TUN_SRC6) {
			if (!ipc_get_bin(tb[i], &cfg->tun_src6, 16))
				continue;
		} else {
			cfg->val[i] = ipc_u32(tb[i]);
		}
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
	for (i = 1; i <= LBDR_CONFIG_A_MAX; i++) {
		if (!(cfg->mask & (1U << i)))
			continue;
		if (i == LBDR_CONFIG_A_TUN_SRC4)
			mnl_attr_put(nlh, (uint16_t)i, 4, &cfg->tun_src4);
		else if (i == LBDR_CONFIG_A_TUN_SRC6)
			mnl_attr_put(nlh, (uint16_t)i, 16, &cfg->tun_src6);
		else
			mnl_attr_put_u32(nlh, (uint16_t)i, cfg->val[i]);
	}
	mnl_attr_nest_end(nlh, nest);
}

int lbdr_ipc_config_set(const struct lbdr_config *cfg)
{
	return ipc_request(LBDR_CMD_CONFIG_SET, ipc_config_build, cfg, NULL, NULL);
}

static size_t ipc_addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

static void ipc_put_svc_key(struct nlmsghdr *nlh, const struct lbdr_svc *svc)
{
	mnl_attr_put_u16(nlh, LBDR_SVC_A_FAMILY, (uint16_t)svc->family);
	if (svc->fwmark) {
		mnl_attr_put_u32(nlh, LBDR_SVC_A_FWMARK, svc->fwmark);
		return;
	}
	mnl_attr_put_u8(nlh, LBDR_SVC_A_PROTO, svc->proto);
	mnl_attr_put(nlh, LBDR_SVC_A_ADDR, ipc_addr_len(svc->family), &svc->addr.v6);
	mnl_attr_put_u16(nlh, LBDR_SVC_A_PORT, svc->port);
}

struct ipc_write_req {
	enum lbdr_write how;
	const struct lbdr_svc *svc;
	const struct lbdr_srv *srv;
	bool stage;		/* LBDR_A_STAGE: into the open restore */
};

static void ipc_service_build(struct nlmsghdr *nlh, const void *arg)
{
	const struct ipc_write_req *req = arg;
	const struct lbdr_svc *svc = req->svc;
	struct nlattr *nest = mnl_attr_nest_start(nlh, LBDR_A_SERVICE);

	ipc_put_svc_key(nlh, svc);
	if (svc->mask & LBDR_SVC_SCHED)
		mnl_attr_put_u8(nlh, LBDR_SVC_A_SCHED, svc->sched);
	if (svc->mask & LBDR_SVC_TABLE)
		mnl_attr_put_u32(nlh, LBDR_SVC_A_TABLE_SIZE, svc->table_size);
	if (svc->mask & LBDR_SVC_HASH)
		mnl_attr_put_u8(nlh, LBDR_SVC_A_HASH, svc->hash);
	if (svc->mask & LBDR_SVC_PERSIST)
		mnl_attr_put_u32(nlh, LBDR_SVC_A_PERSIST, svc->persist);
	if (svc->mask & LBDR_SVC_PERSIST_MASK)
		mnl_attr_put_u8(nlh, LBDR_SVC_A_PERSIST_MASK, svc->persist_mask);
	if (svc->mask & LBDR_SVC_SLOPPY)
		mnl_attr_put_u8(nlh, LBDR_SVC_A_SLOPPY, svc->sloppy);
	if (svc->mask & LBDR_SVC_ON_REMOVE)
		mnl_attr_put_u8(nlh, LBDR_SVC_A_ON_REMOVE, svc->on_remove);
	/* All-zero is sent too: it resets to the routing's choice. */
	if (svc->mask & LBDR_SVC_TUN_SRC4)
		mnl_attr_put(nlh, LBDR_SVC_A_TUN_SRC4, 4, &svc->tun_src4);
	if (svc->mask & LBDR_SVC_TUN_SRC6)
		mnl_attr_put(nlh, LBDR_SVC_A_TUN_SRC6, 16, &svc->tun_src6);
	mnl_attr_nest_end(nlh, nest);
	if (req->how == LBDR_WRITE_REPLACE)
		mnl_attr_put(nlh, LBDR_A_REPLACE, 0, NULL);
	if (req->stage)
		mnl_attr_put(nlh, LBDR_A_STAGE, 0, NULL);
}

/* The netlink command of a write. */
static uint8_t ipc_write_cmd(enum lbdr_write how, uint8_t new, uint8_t set,
			     uint8_t del)
{
	switch (how) {
	case LBDR_WRITE_ADD:
	case LBDR_WRITE_REPLACE:
		return new;
	case LBDR_WRITE_CHANGE:
		return set;
	case LBDR_WRITE_DEL:
	default:
		return del;
	}
}

int lbdr_ipc_service(enum lbdr_write how, const struct lbdr_svc *svc)
{
	struct ipc_write_req req = { how, svc, NULL, false };
	uint8_t cmd = ipc_write_cmd(how, LBDR_CMD_SERVICE_NEW, LBDR_CMD_SERVICE_SET,
				    LBDR_CMD_SERVICE_DEL);

	return ipc_request(cmd, ipc_service_build, &req, NULL, NULL);
}

static void ipc_server_build(struct nlmsghdr *nlh, const void *arg)
{
	const struct ipc_write_req *req = arg;
	struct nlattr *nest;

	nest = mnl_attr_nest_start(nlh, LBDR_A_SERVICE);
	ipc_put_svc_key(nlh, req->svc);
	mnl_attr_nest_end(nlh, nest);

	nest = mnl_attr_nest_start(nlh, LBDR_A_SERVER);
	/* Always: a tunnel's server may be of the other family. */
	mnl_attr_put_u16(nlh, LBDR_SRV_A_FAMILY, (uint16_t)req->srv->addr.family);
	mnl_attr_put(nlh, LBDR_SRV_A_ADDR, ipc_addr_len(req->srv->addr.family),
		     &req->srv->addr.v6);
	if (req->srv->mask & LBDR_SRV_WEIGHT)
		mnl_attr_put_u32(nlh, LBDR_SRV_A_WEIGHT, req->srv->weight);
	if (req->srv->mask & LBDR_SRV_METHOD)
		mnl_attr_put_u8(nlh, LBDR_SRV_A_METHOD, req->srv->method);
	if (req->srv->mask & LBDR_SRV_TUN_PORT)
		mnl_attr_put_u16(nlh, LBDR_SRV_A_TUN_PORT, req->srv->tun_port);
	if (req->srv->mask & LBDR_SRV_TUN_CSUM)
		mnl_attr_put_u8(nlh, LBDR_SRV_A_TUN_CSUM, req->srv->tun_csum);
	if (req->srv->mask & LBDR_SRV_UTHRESHOLD)
		mnl_attr_put_u32(nlh, LBDR_SRV_A_UTHRESHOLD, req->srv->uthreshold);
	if (req->srv->mask & LBDR_SRV_LTHRESHOLD)
		mnl_attr_put_u32(nlh, LBDR_SRV_A_LTHRESHOLD, req->srv->lthreshold);
	mnl_attr_nest_end(nlh, nest);
	if (req->how == LBDR_WRITE_REPLACE)
		mnl_attr_put(nlh, LBDR_A_REPLACE, 0, NULL);
	if (req->stage)
		mnl_attr_put(nlh, LBDR_A_STAGE, 0, NULL);
}

int lbdr_ipc_server(enum lbdr_write how, const struct lbdr_svc *svc,
		    const struct lbdr_srv *srv)
{
	struct ipc_write_req req = { how, svc, srv, false };
	uint8_t cmd = ipc_write_cmd(how, LBDR_CMD_SERVER_NEW, LBDR_CMD_SERVER_SET,
				    LBDR_CMD_SERVER_DEL);

	return ipc_request(cmd, ipc_server_build, &req, NULL, NULL);
}

int lbdr_ipc_flush(void)
{
	return ipc_request(LBDR_CMD_FLUSH, NULL, NULL, NULL, NULL);
}

static int ipc_stats_parse(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == LBDR_A_STATS)
			ipc_stats_nest(attr, data);
	return 0;
}

int lbdr_ipc_stats(struct lbdr_stats *st)
{
	memset(st, 0, sizeof(*st));
	return ipc_request(LBDR_CMD_STATS_GET, NULL, NULL, ipc_stats_parse, st);
}

static void ipc_get_addr(const struct nlattr *attr, int family,
			 struct lbadm_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	addr->family = family;
	if (attr && mnl_attr_get_payload_len(attr) == ipc_addr_len(family))
		memcpy(&addr->v6, mnl_attr_get_payload(attr), ipc_addr_len(family));
}

/* An address whose family is its length's (4: IPv4, 16: IPv6), else @family's. */
static void ipc_get_addr_any(const struct nlattr *attr, int family,
			     struct lbadm_addr *addr)
{
	if (attr && mnl_attr_get_payload_len(attr) == 4)
		family = AF_INET;
	else if (attr && mnl_attr_get_payload_len(attr) == 16)
		family = AF_INET6;
	ipc_get_addr(attr, family, addr);
}

/* A dump is collected whole, then handed out: it may have to be retried. */
struct ipc_dump_ctx {
	struct lbdr_svc *svcs;
	size_t n, cap;
};

static void ipc_dump_free(struct ipc_dump_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->n; i++)
		free(ctx->svcs[i].servers);
	free(ctx->svcs);
	memset(ctx, 0, sizeof(*ctx));
}

static int ipc_srv_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (type > 0 && type <= LBDR_SRV_A_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

/* Which option attributes a reply carried: lbdr_svc.mask, lbdr_srv.mask. */
struct ipc_bit {
	int attr;
	uint32_t bit;
};

#define IPC_N(a) (sizeof(a) / sizeof((a)[0]))

static const struct ipc_bit ipc_svc_bits[] = {
	{ LBDR_SVC_A_SCHED, LBDR_SVC_SCHED },
	{ LBDR_SVC_A_TABLE_SIZE, LBDR_SVC_TABLE },
	{ LBDR_SVC_A_HASH, LBDR_SVC_HASH },
	{ LBDR_SVC_A_PERSIST, LBDR_SVC_PERSIST },
	{ LBDR_SVC_A_PERSIST_MASK, LBDR_SVC_PERSIST_MASK },
	{ LBDR_SVC_A_SLOPPY, LBDR_SVC_SLOPPY },
	{ LBDR_SVC_A_ON_REMOVE, LBDR_SVC_ON_REMOVE },
};

static const struct ipc_bit ipc_srv_bits[] = {
	{ LBDR_SRV_A_WEIGHT, LBDR_SRV_WEIGHT },
	{ LBDR_SRV_A_METHOD, LBDR_SRV_METHOD },
	{ LBDR_SRV_A_UTHRESHOLD, LBDR_SRV_UTHRESHOLD },
	{ LBDR_SRV_A_LTHRESHOLD, LBDR_SRV_LTHRESHOLD },
	{ LBDR_SRV_A_TUN_PORT, LBDR_SRV_TUN_PORT },
	{ LBDR_SRV_A_TUN_CSUM, LBDR_SRV_TUN_CSUM },
};

static uint32_t ipc_mask(const struct nlattr **tb, const struct ipc_bit *bits,
			 size_t n)
{
	uint32_t mask = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (tb[bits[i].attr])
			mask |= bits[i].bit;
	return mask;
}

/*
 * A nest of lbdr_server_attr into @srv, a server of a @family service:
 * the server's family is its FAMILY, or @family from a module without it.
 */
static void ipc_srv_nest(const struct nlattr *nest, int family,
			 struct lbdr_srv *srv)
{
	const struct nlattr *stb[LBDR_SRV_A_MAX + 1] = { 0 };
	uint16_t f;

	memset(srv, 0, sizeof(*srv));
	mnl_attr_parse_nested(nest, ipc_srv_attr, stb);
	f = ipc_u16(stb[LBDR_SRV_A_FAMILY]);
	if (f == AF_INET || f == AF_INET6)
		family = f;
	ipc_get_addr(stb[LBDR_SRV_A_ADDR], family, &srv->addr);
	srv->weight = ipc_u32(stb[LBDR_SRV_A_WEIGHT]);
	srv->method = ipc_u8(stb[LBDR_SRV_A_METHOD]);
	srv->tun_port = ipc_u16(stb[LBDR_SRV_A_TUN_PORT]);
	srv->tun_csum = ipc_u8(stb[LBDR_SRV_A_TUN_CSUM]);
	srv->uthreshold = ipc_u32(stb[LBDR_SRV_A_UTHRESHOLD]);
	srv->lthreshold = ipc_u32(stb[LBDR_SRV_A_LTHRESHOLD]);
	srv->mask = ipc_mask(stb, ipc_srv_bits, IPC_N(ipc_srv_bits));
	if (ipc_stats_nest(stb[LBDR_SRV_A_STATS], &srv->stats))
		srv->mask |= LBDR_SRV_STATS;
}

/*
 * A LBDR_A_SERVICE nest into @svc: key and options and, with @servers,
 * each LBDR_SVC_A_SERVER into svc->servers (allocated). Returns 0, 1 for
 * a nest without a family (skipped), -1 without memory.
 */
static int ipc_svc_nest(const struct nlattr *nest, struct lbdr_svc *svc,
			bool servers)
{
	const struct nlattr *tb[LBDR_SVC_A_MAX + 1] = { 0 };
	struct ipc_nest n = { LBDR_A_SERVICE, LBDR_SVC_A_MAX, tb };
	const struct nlattr *attr;
	unsigned int count = 0;

	memset(svc, 0, sizeof(*svc));
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
		return 1;
	mnl_attr_parse_nested(nest, ipc_nest_attr, &n);
	if (!tb[LBDR_SVC_A_FAMILY])
		return 1;
	svc->family = ipc_u16(tb[LBDR_SVC_A_FAMILY]);
	svc->fwmark = ipc_u32(tb[LBDR_SVC_A_FWMARK]);
	svc->proto = ipc_u8(tb[LBDR_SVC_A_PROTO]);
	ipc_get_addr(tb[LBDR_SVC_A_ADDR], svc->family, &svc->addr);
	svc->port = ipc_u16(tb[LBDR_SVC_A_PORT]);
	svc->sched = ipc_u8(tb[LBDR_SVC_A_SCHED]);
	svc->hash = ipc_u8(tb[LBDR_SVC_A_HASH]);
	svc->table_size = ipc_u32(tb[LBDR_SVC_A_TABLE_SIZE]);
	svc->persist = ipc_u32(tb[LBDR_SVC_A_PERSIST]);
	svc->persist_mask = ipc_u8(tb[LBDR_SVC_A_PERSIST_MASK]);
	svc->sloppy = ipc_u8(tb[LBDR_SVC_A_SLOPPY]);
	svc->on_remove = ipc_u8(tb[LBDR_SVC_A_ON_REMOVE]);
	svc->mask = ipc_mask(tb, ipc_svc_bits, IPC_N(ipc_svc_bits));
	if (ipc_get_bin(tb[LBDR_SVC_A_TUN_SRC4], &svc->tun_src4, 4))
		svc->mask |= LBDR_SVC_TUN_SRC4;
	if (ipc_get_bin(tb[LBDR_SVC_A_TUN_SRC6], &svc->tun_src6, 16))
		svc->mask |= LBDR_SVC_TUN_SRC6;
	if (ipc_stats_nest(tb[LBDR_SVC_A_STATS], &svc->stats))
		svc->mask |= LBDR_SVC_STATS;
	if (!servers)
		return 0;

	/* ipc_nest kept the last server only: walk the nest again. */
	mnl_attr_for_each_nested(attr, nest)
		count += mnl_attr_get_type(attr) == LBDR_SVC_A_SERVER;
	svc->servers = calloc(count ? count : 1, sizeof(*svc->servers));
	if (!svc->servers)
		return -1;
	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) != LBDR_SVC_A_SERVER ||
		    mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			continue;
		ipc_srv_nest(attr, svc->family, &svc->servers[svc->nservers++]);
	}
	return 0;
}

/* The top-level attribute @type of a message, or NULL. */
static const struct nlattr *ipc_top(const struct nlmsghdr *nlh, uint16_t type)
{
	const struct nlattr *attr, *found = NULL;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == type)
			found = attr;
	return found;
}

/* One service of a dump: key and options, then each LBDR_SVC_A_SERVER. */
static int ipc_service_parse(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *nest = ipc_top(nlh, LBDR_A_SERVICE);
	struct ipc_dump_ctx *ctx = data;
	struct lbdr_svc svc;
	int ret;

	if (!nest)
		return 0;
	if (ctx->n == ctx->cap) {
		size_t cap = ctx->cap ? 2 * ctx->cap : 64;
		struct lbdr_svc *more = realloc(ctx->svcs, cap * sizeof(*more));

		if (!more)
			return ipc_fail(ENOMEM);
		ctx->svcs = more;
		ctx->cap = cap;
	}
	ret = ipc_svc_nest(nest, &svc, true);
	if (ret < 0)
		return ipc_fail(ENOMEM);
	if (ret == 0)
		ctx->svcs[ctx->n++] = svc;
	return 0;
}

int lbdr_ipc_service_dump(int (*fn)(const struct lbdr_svc *svc, void *data),
			  void *data)
{
	struct ipc_dump_ctx ctx = { 0 };
	bool interrupted = true;
	int tries, ret = 0;
	size_t i;

	/* A change during the dump (NLM_F_DUMP_INTR): start again. */
	for (tries = 0; tries < 8 && interrupted; tries++) {
		ipc_dump_free(&ctx);
		if (ipc_request_flags(LBDR_CMD_SERVICE_GET, NLM_F_DUMP, NULL, NULL,
				      ipc_service_parse, &ctx, &interrupted)) {
			ipc_dump_free(&ctx);
			return -1;
		}
	}
	if (interrupted) {
		ipc_dump_free(&ctx);
		return ipc_fail(EAGAIN);
	}
	for (i = 0; i < ctx.n && !ret; i++)
		ret = fn(&ctx.svcs[i], data);
	ipc_dump_free(&ctx);
	return ret;
}

int lbdr_ipc_stats_zero(void)
{
	return ipc_request(LBDR_CMD_STATS_ZERO, NULL, NULL, NULL, NULL);
}

/* LBDR_A_CONN holding the fields @arg (a struct lbdr_conn_filter) gives. */
static void ipc_conn_filter_build(struct nlmsghdr *nlh, const void *arg)
{
	const struct lbdr_conn_filter *f = arg;
	size_t alen = ipc_addr_len(f->family);
	struct nlattr *nest;

	nest = mnl_attr_nest_start(nlh, LBDR_A_CONN);
	if (f->family)
		mnl_attr_put_u16(nlh, LBDR_CONN_A_FAMILY, (uint16_t)f->family);
	if (f->proto)
		mnl_attr_put_u8(nlh, LBDR_CONN_A_PROTO, f->proto);
	if (f->has_vaddr)
		mnl_attr_put(nlh, LBDR_CONN_A_VADDR, alen, &f->vaddr.v6);
	if (f->has_vport)
		mnl_attr_put_u16(nlh, LBDR_CONN_A_VPORT, f->vport);
	if (f->has_server)
		mnl_attr_put(nlh, LBDR_CONN_A_SERVER,
			     ipc_addr_len(f->server.family), &f->server.v6);
	if (f->has_caddr)
		mnl_attr_put(nlh, LBDR_CONN_A_CADDR, alen, &f->caddr.v6);
	mnl_attr_nest_end(nlh, nest);
}

struct ipc_conn_ctx {
	int (*fn)(const struct lbdr_conn_entry *c, void *data);
	void *data;
};

static int ipc_conn_parse(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[LBDR_CONN_A_MAX + 1] = { 0 };
	struct ipc_nest n = { LBDR_A_CONN, LBDR_CONN_A_MAX, tb };
	struct ipc_conn_ctx *ctx = data;
	struct lbdr_conn_entry c;

	if (ipc_parse_nest(nlh, &n))
		return -1;
	if (!tb[LBDR_CONN_A_FAMILY])
		return 0;
	memset(&c, 0, sizeof(c));
	c.family = ipc_u16(tb[LBDR_CONN_A_FAMILY]);
	c.proto = ipc_u8(tb[LBDR_CONN_A_PROTO]);
	ipc_get_addr(tb[LBDR_CONN_A_CADDR], c.family, &c.caddr);
	ipc_get_addr(tb[LBDR_CONN_A_VADDR], c.family, &c.vaddr);
	ipc_get_addr_any(tb[LBDR_CONN_A_SERVER], c.family, &c.server);
	c.cport = ipc_u16(tb[LBDR_CONN_A_CPORT]);
	c.vport = ipc_u16(tb[LBDR_CONN_A_VPORT]);
	c.state = ipc_u8(tb[LBDR_CONN_A_STATE]);
	c.expires = ipc_u32(tb[LBDR_CONN_A_EXPIRES]);
	c.fwmark = ipc_u32(tb[LBDR_CONN_A_FWMARK]);
	return ctx->fn(&c, ctx->data);
}

int lbdr_ipc_conn_dump(const struct lbdr_conn_filter *flt,
		       int (*fn)(const struct lbdr_conn_entry *c, void *data),
		       void *data)
{
	struct ipc_conn_ctx ctx = { fn, data };

	return ipc_request_flags(LBDR_CMD_CONN_GET, NLM_F_DUMP,
				 flt ? ipc_conn_filter_build : NULL, flt,
				 ipc_conn_parse, &ctx, NULL);
}

static int ipc_count_parse(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr = ipc_top(nlh, LBDR_A_COUNT);

	if (attr)
		*(uint32_t *)data = ipc_u32(attr);
	return 0;
}

int lbdr_ipc_conn_del(const struct lbdr_conn_filter *flt, uint32_t *count)
{
	*count = 0;
	return ipc_request(LBDR_CMD_CONN_DEL, ipc_conn_filter_build, flt,
			   ipc_count_parse, count);
}

/*
 * Restore: the writes go many to a send. The kernel handles a send's
 * messages one after the other before sendto() returns, and queues an
 * ack for each on our socket, each ack an skb of its own: a batch may
 * hold only as many messages as the receive buffer holds acks, or acks
 * are dropped (ENOBUFS). A batch's acks are read (recvmmsg(), many per
 * call) before the next batch is sent.
 */
#define IPC_BATCH_BYTES (64 * 1024)
#define IPC_ACK_SLOTS 64
#define IPC_ACK_SIZE 4096	/* an ack with its extended-ack attributes */
#define IPC_ACK_TRUESIZE 2048	/* what an ack costs the receive buffer, and more */

/* How many messages a batch may hold. */
static size_t ipc_window(void)
{
	int fd = mnl_socket_get_fd(ipc_sock);
	int size = 8 << 20;
	socklen_t len = sizeof(size);
	size_t w;

	/* Forcing needs CAP_NET_ADMIN, which a restore needs anyway. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, &len) < 0 || size <= 0)
		size = 212992;
	w = (size_t)size / IPC_ACK_TRUESIZE;
	return w < 16 ? 16 : w > 4096 ? 4096 : w;
}

/* The message of @op, staged, at @buf: its length. */
static size_t ipc_put_op(char *buf, const struct lbdr_op *op)
{
	struct ipc_write_req req = { LBDR_WRITE_ADD, op->svc, op->srv, true };
	struct nlmsghdr *nlh;

	switch (op->type) {
	case LBDR_OP_CONFIG:
		nlh = ipc_msg(buf, ipc_family, LBDR_CMD_CONFIG_SET,
			      LBDR_GENL_VERSION, 0);
		ipc_config_build(nlh, op->cfg);
		mnl_attr_put(nlh, LBDR_A_STAGE, 0, NULL);
		break;
	case LBDR_OP_SERVICE:
		nlh = ipc_msg(buf, ipc_family, LBDR_CMD_SERVICE_NEW,
			      LBDR_GENL_VERSION, 0);
		ipc_service_build(nlh, &req);
		break;
	case LBDR_OP_SERVER:
	default:
		nlh = ipc_msg(buf, ipc_family, LBDR_CMD_SERVER_NEW,
			      LBDR_GENL_VERSION, 0);
		ipc_server_build(nlh, &req);
		break;
	}
	return MNL_ALIGN(nlh->nlmsg_len);
}

/*
 * Read the acks of the @count messages sent from sequence number @first.
 * The first refusal among them goes to lbdr_ipc_err and *@bad (its
 * sequence number), unless *@bad already has one. Returns -1 when
 * receiving failed.
 */
static int ipc_read_acks(uint32_t first, size_t count, bool *refused,
			 uint32_t *bad)
{
	static char bufs[IPC_ACK_SLOTS][IPC_ACK_SIZE];
	struct mmsghdr msgs[IPC_ACK_SLOTS];
	struct iovec iov[IPC_ACK_SLOTS];
	int fd = mnl_socket_get_fd(ipc_sock);
	size_t total = count;	/* the range of sequence numbers */
	int i, n;

	while (count > 0) {
		memset(msgs, 0, sizeof(msgs));
		for (i = 0; i < IPC_ACK_SLOTS; i++) {
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = IPC_ACK_SIZE;
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		n = recvmmsg(fd, msgs, IPC_ACK_SLOTS, MSG_WAITFORONE, NULL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return ipc_fail(errno);
		}
		for (i = 0; i < n; i++) {
			const struct nlmsghdr *nlh = (const void *)bufs[i];
			int len = (int)msgs[i].msg_len;

			for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
				struct lbdr_ipc_error e = { 0 };

				if (nlh->nlmsg_type != NLMSG_ERROR ||
				    nlh->nlmsg_seq - first >= total)
					continue;
				count--;
				if (ipc_nlerr(nlh, &e) && !*refused) {
					lbdr_ipc_err = e;
					*refused = true;
					*bad = nlh->nlmsg_seq;
				}
			}
		}
	}
	return 0;
}

static int ipc_restore(const struct lbdr_op *ops, size_t n, long *failed,
		       bool commit)
{
	struct lbdr_ipc_error saved;
	struct nlmsghdr *nlh;
	uint32_t begin, first, bad = 0;
	size_t i = 0, used, batch, window;
	bool refused = false;
	char *buf;

	*failed = -1;
	if (ipc_open() < 0)
		return -1;
	window = ipc_window();
	buf = malloc(IPC_BATCH_BYTES + MNL_SOCKET_BUFFER_SIZE);
	if (!buf)
		return ipc_fail(ENOMEM);

	/* BEGIN heads the first batch: if it is refused, so is the rest. */
	nlh = ipc_msg(buf, ipc_family, LBDR_CMD_RESTORE_BEGIN, LBDR_GENL_VERSION, 0);
	begin = first = nlh->nlmsg_seq;
	used = MNL_ALIGN(nlh->nlmsg_len);
	batch = 1;
	for (;;) {
		while (i < n && batch < window && used < IPC_BATCH_BYTES) {
			used += ipc_put_op(buf + used, &ops[i++]);
			batch++;
		}
		if (!batch)
			break;
		if (mnl_socket_sendto(ipc_sock, buf, used) < 0) {
			ipc_fail(errno);
			goto abort;
		}
		if (ipc_read_acks(first, batch, &refused, &bad) < 0)
			goto abort;
		if (refused) {
			if (bad != begin)
				*failed = (long)(bad - begin - 1);
			goto abort;
		}
		first += (uint32_t)batch;
		used = 0;
		batch = 0;
	}
	free(buf);
	buf = NULL;
	if (!commit) {
		/* Every object staged, so every one checked: drop them. */
		return ipc_request(LBDR_CMD_RESTORE_ABORT, NULL, NULL, NULL,
				   NULL) ? -1 : 0;
	}
	if (ipc_request(LBDR_CMD_RESTORE_COMMIT, NULL, NULL, NULL, NULL) == 0)
		return 0;
abort:
	free(buf);
	saved = lbdr_ipc_err;
	ipc_request(LBDR_CMD_RESTORE_ABORT, NULL, NULL, NULL, NULL);
	lbdr_ipc_err = saved;
	return -1;
}

int lbdr_ipc_restore(const struct lbdr_op *ops, size_t n, long *failed)
{
	return ipc_restore(ops, n, failed, true);
}

int lbdr_ipc_restore_check(const struct lbdr_op *ops, size_t n, long *failed)
{
	return ipc_restore(ops, n, failed, false);
}

/* One event: what its command carried. */
static void ipc_event_parse(const struct nlmsghdr *nlh, struct lbdr_event *ev)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;

	memset(ev, 0, sizeof(*ev));
	ev->cmd = g->cmd;
	attr = ipc_top(nlh, LBDR_A_SERVICE);
	if (attr)
		ev->has_svc = ipc_svc_nest(attr, &ev->svc, false) == 0;
	attr = ipc_top(nlh, LBDR_A_SERVER);
	if (attr && ev->has_svc && mnl_attr_validate(attr, MNL_TYPE_NESTED) == 0) {
		ipc_srv_nest(attr, ev->svc.family, &ev->srv);
		ev->has_srv = true;
	}
	if (ipc_top(nlh, LBDR_A_CONFIG)) {
		ipc_config_parse(nlh, &ev->cfg);
		ev->has_cfg = true;
	}
	attr = ipc_top(nlh, LBDR_A_COUNT);
	if (attr) {
		ev->count = ipc_u32(attr);
		ev->has_count = true;
	}
	ev->replace = ipc_top(nlh, LBDR_A_REPLACE) != NULL;
}

int lbdr_ipc_monitor(int (*fn)(const struct lbdr_event *ev, void *data),
		     void *data)
{
	struct mnl_socket *sock;
	struct lbdr_event ev;
	int size = 4 << 20, fd, ret = -1, len;
	uint32_t grp;
	char *buf;

	if (ipc_open() < 0)
		return -1;
	if (!ipc_events_group) {
		snprintf(lbdr_ipc_err.msg, sizeof(lbdr_ipc_err.msg),
			 "the lbdr module has no \"%s\" multicast group",
			 LBDR_MCGRP_EVENTS);
		return ipc_fail(EOPNOTSUPP);
	}
	grp = ipc_events_group;
	buf = malloc(IPC_EVENT_BUF_SIZE);
	sock = mnl_socket_open(NETLINK_GENERIC);
	if (!buf || !sock) {
		ipc_fail(buf ? errno : ENOMEM);
		goto out;
	}
	fd = mnl_socket_get_fd(sock);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_setsockopt(sock, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0) {
		ipc_fail(errno);
		goto out;
	}
	for (;;) {
		const struct nlmsghdr *nlh = (const void *)buf;

		len = (int)mnl_socket_recvfrom(sock, buf, IPC_EVENT_BUF_SIZE);
		if (len < 0 && errno == ENOBUFS) {
			memset(&ev, 0, sizeof(ev));
			ev.lost = true;
			ret = fn(&ev, data);
			if (ret)
				goto out;
			continue;
		}
		if (len < 0 && errno == EINTR) {
			ret = fn(NULL, data);
			if (ret)
				goto out;
			continue;
		}
		if (len < 0) {
			ret = ipc_fail(errno);
			goto out;
		}
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type != ipc_family ||
			    nlh->nlmsg_len < mnl_nlmsg_size(GENL_HDRLEN))
				continue;
			ipc_event_parse(nlh, &ev);
			ret = fn(&ev, data);
			if (ret)
				goto out;
		}
	}
out:
	if (sock)
		mnl_socket_close(sock);
	free(buf);
	return ret;
}
