/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR MIT) */
/*
 * lbdr: layer-4 direct-routing load balancer, generic netlink interface.
 *
 * This header is the contract between the lbdr module and userspace (lbadm
 * and anything else). It is dual-licensed so that other tools may copy it.
 *
 * Family name LBDR_GENL_NAME, version LBDR_GENL_VERSION; no family header.
 * Every command is validated strictly: an attribute this header does not
 * list for a command, a wrong length or a value out of range is refused
 * with EINVAL (ERANGE for ranges) and an extended-ack message naming the
 * attribute (request NETLINK_EXT_ACK to see it). State is per network
 * namespace: a request acts on the namespace of the socket it came from.
 * Commands that change state need CAP_NET_ADMIN in the user namespace
 * owning that network namespace (GENL_UNS_ADMIN_PERM), so a container
 * manages its own balancer but no one else's.
 *
 * Commands
 * --------
 * LBDR_CMD_INFO_GET (doit)
 *	Request: no attributes.
 *	Reply: LBDR_A_INFO, a nest of lbdr_info_attr: the module version and
 *	the limits this module enforces.
 *
 * LBDR_CMD_CONFIG_GET (doit)
 *	Request: no attributes.
 *	Reply: LBDR_A_CONFIG, a nest holding every lbdr_config_attr.
 *
 * LBDR_CMD_CONFIG_SET (doit, admin)
 *	Request: LBDR_A_CONFIG (required), a nest of any lbdr_config_attr.
 *	Only the attributes given change; all are validated before any is
 *	applied, so a refused request changes nothing. An empty nest is a
 *	valid no-op. Reply: none beyond the ack.
 *
 * Attributes
 * ----------
 * lbdr_info_attr (in LBDR_A_INFO):
 *	VERSION		string	module version (git describe of its source)
 *	CONN_MAX_LIMIT	u32	highest accepted LBDR_CONFIG_A_CONN_MAX
 *	CONN_MAX_DEFAULT u32	conn-max of a new namespace, scaled to RAM
 *	TIMEOUT_MAX	u32	highest accepted timeout, seconds
 *
 * lbdr_config_attr (in LBDR_A_CONFIG), all u32:
 *	CONN_MAX		connection table entries allowed in this
 *				namespace, 1..CONN_MAX_LIMIT
 *	TIMEOUT_TCP		established TCP idle timeout, s (900)
 *	TIMEOUT_TCP_SYN		SYN_RECV timeout, s (60)
 *	TIMEOUT_TCP_FIN		FIN_WAIT and TIME_WAIT timeout, s (120)
 *	TIMEOUT_TCP_CLOSE	CLOSE timeout, s (10)
 *	TIMEOUT_UDP		UDP idle timeout, s (300)
 *	Timeouts range over 1..LBDR_TIMEOUT_MAX seconds; the defaults in
 *	brackets are IPVS's.
 */
#ifndef _UAPI_LINUX_LBDR_H
#define _UAPI_LINUX_LBDR_H

#define LBDR_GENL_NAME		"lbdr"
#define LBDR_GENL_VERSION	1

/* Thirty days: long enough for any idle flow, small enough for u32 ms. */
#define LBDR_TIMEOUT_MAX	2592000

enum lbdr_cmd {
	LBDR_CMD_UNSPEC,
	LBDR_CMD_INFO_GET,
	LBDR_CMD_CONFIG_GET,
	LBDR_CMD_CONFIG_SET,

	__LBDR_CMD_MAX,
	LBDR_CMD_MAX = __LBDR_CMD_MAX - 1
};

enum lbdr_attr {
	LBDR_A_UNSPEC,
	LBDR_A_INFO,		/* nest: lbdr_info_attr */
	LBDR_A_CONFIG,		/* nest: lbdr_config_attr */

	__LBDR_A_MAX,
	LBDR_A_MAX = __LBDR_A_MAX - 1
};

enum lbdr_info_attr {
	LBDR_INFO_A_UNSPEC,
	LBDR_INFO_A_VERSION,		/* string */
	LBDR_INFO_A_CONN_MAX_LIMIT,	/* u32 */
	LBDR_INFO_A_CONN_MAX_DEFAULT,	/* u32 */
	LBDR_INFO_A_TIMEOUT_MAX,	/* u32, seconds */

	__LBDR_INFO_A_MAX,
	LBDR_INFO_A_MAX = __LBDR_INFO_A_MAX - 1
};

enum lbdr_config_attr {
	LBDR_CONFIG_A_UNSPEC,
	LBDR_CONFIG_A_CONN_MAX,		/* u32 */
	LBDR_CONFIG_A_TIMEOUT_TCP,	/* u32, seconds */
	LBDR_CONFIG_A_TIMEOUT_TCP_SYN,	/* u32, seconds */
	LBDR_CONFIG_A_TIMEOUT_TCP_FIN,	/* u32, seconds */
	LBDR_CONFIG_A_TIMEOUT_TCP_CLOSE,	/* u32, seconds */
	LBDR_CONFIG_A_TIMEOUT_UDP,	/* u32, seconds */

	__LBDR_CONFIG_A_MAX,
	LBDR_CONFIG_A_MAX = __LBDR_CONFIG_A_MAX - 1
};

#endif /* _UAPI_LINUX_LBDR_H */
