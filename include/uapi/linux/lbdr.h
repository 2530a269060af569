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
 * LBDR_CMD_SERVICE_NEW (doit, admin)
 *	Request: LBDR_A_SERVICE with the key (FAMILY plus PROTO, ADDR, PORT;
 *	or FAMILY plus FWMARK) and any options. An existing service is
 *	refused (EEXIST) unless LBDR_A_REPLACE is given: then it gets the
 *	options given, defaults for the others, and keeps its servers.
 *	(Generic netlink refuses NLM_F_EXCL/NLM_F_REPLACE for new families:
 *	they share bits with NLM_F_DUMP.)
 *
 * LBDR_CMD_SERVICE_SET (doit, admin)
 *	Request: LBDR_A_SERVICE, key and the options to change (only those).
 *	ENOENT when the service does not exist.
 *
 * LBDR_CMD_SERVICE_DEL (doit, admin)
 *	Request: LBDR_A_SERVICE with the key. ENOENT when missing.
 *
 * LBDR_CMD_SERVICE_GET (doit, or dump)
 *	doit: LBDR_A_SERVICE with the key; dump: no attributes. Each reply
 *	message is one LBDR_A_SERVICE holding every option and one
 *	LBDR_SVC_A_SERVER nest per real server, so one dump returns the whole
 *	configuration of the namespace.
 *
 * LBDR_CMD_SERVER_NEW / _SET / _DEL (doit, admin)
 *	Request: LBDR_A_SERVICE (key only) and LBDR_A_SERVER (ADDR plus
 *	options). NEW honours LBDR_A_REPLACE as for services;
 *	SET changes only the options given. A real server reached by direct
 *	routing must be on a directly connected network of this namespace:
 *	anything else is refused (EHOSTUNREACH) with a message.
 *
 * LBDR_CMD_FLUSH (doit, admin)
 *	Removes every service and server of the namespace, and every
 *	connection table entry.
 *
 * LBDR_CMD_STATS_GET (doit)
 *	Request: no attributes. Reply: LBDR_A_STATS with the namespace's
 *	CONNS, PACKETS, BYTES (all services), their rates, CONN_COUNT and
 *	the DROP nest.
 *
 * LBDR_CMD_STATS_ZERO (doit, admin)
 *	Zeroes every counter of the namespace (services, servers, drops).
 *
 * LBDR_CMD_CONN_GET (dump)
 *	Request: optional LBDR_A_CONN holding a filter: FAMILY, PROTO,
 *	VADDR, VPORT (the service), SERVER, CADDR (the client); each given
 *	attribute must match. One LBDR_A_CONN per entry in the reply, with
 *	every attribute; a persistence template has CPORT 0 and STATE
 *	LBDR_CS_TEMPLATE.
 *
 * LBDR_CMD_CONN_DEL (doit, admin)
 *	Request: LBDR_A_CONN, a filter as for CONN_GET (an empty nest
 *	selects every entry). Removes the matching entries: their flows are
 *	scheduled again from their next packet. Reply: LBDR_A_COUNT, the
 *	number removed.
 *
 * LBDR_CMD_RESTORE_BEGIN / _COMMIT / _ABORT (doit, admin)
 *	An atomic replacement of the namespace's configuration. BEGIN opens
 *	an empty staging configuration owned by the requesting socket (EBUSY
 *	while another socket has one open). SERVICE_NEW, SERVER_NEW and
 *	CONFIG_SET carrying LBDR_A_STAGE then write into it, validated as
 *	usual, without touching the running configuration. COMMIT replaces
 *	the running configuration with the staged one in one step: services
 *	and servers present in both keep their identity (their connections
 *	and counters), the others come and go, and the packet path sees the
 *	old or the new configuration, never a mix. ABORT, or closing the
 *	socket, discards the staging configuration.
 *
 * Events
 * ------
 * Every change is multicast to group LBDR_MCGRP_EVENTS as the command
 * that made it (SERVICE_NEW/SET/DEL with the service, SERVER_NEW/SET/DEL
 * with LBDR_A_SERVICE key and LBDR_A_SERVER, CONFIG_SET with the whole
 * LBDR_A_CONFIG, FLUSH, STATS_ZERO, RESTORE_COMMIT with LBDR_A_COUNT),
 * in the namespace where it happened.
 *
 * Attributes
 * ----------
 * lbdr_info_attr (in LBDR_A_INFO):
 *	VERSION		string	module version (git describe of its source)
 *	CONN_MAX_LIMIT	u32	highest accepted LBDR_CONFIG_A_CONN_MAX
 *	CONN_MAX_DEFAULT u32	conn-max of a new namespace, scaled to RAM
 *	TIMEOUT_MAX	u32	highest accepted timeout, seconds
 *
 * lbdr_config_attr (in LBDR_A_CONFIG), u32 but for the tunnel sources:
 *	CONN_MAX		connection table entries allowed in this
 *				namespace, 1..CONN_MAX_LIMIT
 *	TIMEOUT_TCP		established TCP idle timeout, s (900)
 *	TIMEOUT_TCP_SYN		SYN_RECV timeout, s (60)
 *	TIMEOUT_TCP_FIN		FIN_WAIT and TIME_WAIT timeout, s (120)
 *	TIMEOUT_TCP_CLOSE	CLOSE timeout, s (10)
 *	TIMEOUT_UDP		UDP idle timeout, s (300)
 *	Timeouts range over 1..LBDR_TIMEOUT_MAX seconds; the defaults in
 *	brackets are IPVS's.
 *	TUN_SRC4	binary	4 bytes: outer source of IPv4 tunnels for the
 *				services without their own SVC_A_TUN_SRC4;
 *				a local address, or 0.0.0.0 for routing's
 *				choice (the default)
 *	TUN_SRC6	binary	16 bytes: the same for IPv6 tunnels; :: for
 *				routing's choice
 *	CONFIG_GET reports both, zero when unset.
 *
 * lbdr_service_attr (in LBDR_A_SERVICE):
 *	FAMILY		u16	AF_INET or AF_INET6 (key)
 *	PROTO		u8	IPPROTO_TCP or IPPROTO_UDP (key)
 *	ADDR		binary	virtual address, 4 or 16 bytes by FAMILY (key)
 *	PORT		u16	virtual port, host order; 0 means all ports (key)
 *	FWMARK		u32	non-zero: a firewall-mark service (key, instead
 *				of PROTO, ADDR and PORT)
 *	SCHED		u8	enum lbdr_sched (LBDR_SCHED_MAGLEV)
 *	TABLE_SIZE	u32	Maglev/sh table entries, a prime in
 *				LBDR_TABLE_MIN..LBDR_TABLE_MAX (65537)
 *	HASH		u8	enum lbdr_hash: what maglev and sh hash on
 *	PERSIST		u32	seconds a client keeps its server across
 *				connections, 0..LBDR_TIMEOUT_MAX (0: off)
 *	PERSIST_MASK	u8	client prefix length persistence keys on
 *				(32 or 128 by family: the whole address)
 *	SLOPPY		u8	1: a TCP non-SYN without an entry is scheduled
 *				(failover pickup); default 1 for maglev and
 *				sh, 0 for wrr and wlc
 *	ON_REMOVE	u8	enum lbdr_on_remove (RESCHEDULE)
 *	TUN_SRC4	binary	4 bytes: outer source of IPv4 tunnels (absent:
 *				the route's preferred source)
 *	TUN_SRC6	binary	16 bytes: the same for IPv6 tunnels
 *	SERVER		nest	lbdr_server_attr, one per server (replies)
 *	STATS		nest	lbdr_stats_attr CONNS, PACKETS, BYTES (replies)
 *
 * lbdr_server_attr (in LBDR_A_SERVER and LBDR_SVC_A_SERVER):
 *	FAMILY		u16	the address's family: the service's (default),
 *				or the other one with a tunnel method
 *	ADDR		binary	real server address, 4 or 16 bytes by FAMILY;
 *				with a tunnel method, the tunnel endpoint
 *	WEIGHT		u32	0..65535 (1); 0 drains: no new flows
 *	METHOD		u8	enum lbdr_method (LBDR_METHOD_DR)
 *	TUN_PORT	u16	GUE destination port (LBDR_GUE_PORT_DEFAULT);
 *				only with LBDR_METHOD_GUE
 *	TUN_CSUM	u8	1: GUE's UDP checksum is computed (0: zero)
 *	UTHRESHOLD	u32	no new connections while it has this many
 *				(active + inactive); 0: no limit
 *	LTHRESHOLD	u32	takes new connections again below this many;
 *				0: below 3/4 of UTHRESHOLD (IPVS)
 *	STATS		nest	lbdr_stats_attr CONNS, PACKETS, BYTES, ACTIVE,
 *				INACTIVE (replies)
 */
#ifndef _UAPI_LINUX_LBDR_H
#define _UAPI_LINUX_LBDR_H

#define LBDR_GENL_NAME		"lbdr"
#define LBDR_GENL_VERSION	1

/* Thirty days: long enough for any idle flow, small enough for u32 ms. */
#define LBDR_TIMEOUT_MAX	2592000

#define LBDR_TABLE_MIN		251
#define LBDR_TABLE_DEFAULT	65537
#define LBDR_TABLE_MAX		655373
#define LBDR_WEIGHT_MAX		65535

enum lbdr_sched {
	LBDR_SCHED_MAGLEV,	/* Maglev consistent hashing */
	LBDR_SCHED_WRR,		/* weighted round robin */
	LBDR_SCHED_WLC,		/* weighted least connection (IPVS overhead) */
	LBDR_SCHED_SH,		/* source hashing, weighted, not consistent */
};

enum lbdr_hash {
	LBDR_HASH_5TUPLE,	/* addresses, ports and protocol */
	LBDR_HASH_SADDR,	/* client address only */
};

enum lbdr_method {
	LBDR_METHOD_DR,		/* direct routing: new L2 destination */
	LBDR_METHOD_IPIP,	/* IP in IP: IPv4 or IPv6 outer header */
	LBDR_METHOD_GUE,	/* IP in GUE (variant 0) in UDP in IP */
};

/* Default destination port of GUE (as the kernel's fou examples use). */
#define LBDR_GUE_PORT_DEFAULT	6080

/* What happens to a connection whose real server was deleted. */
enum lbdr_on_remove {
	LBDR_ON_REMOVE_RESCHEDULE,	/* next packet picks a new server */
	LBDR_ON_REMOVE_DROP,		/* next packet is dropped, entry expires */
};

/* Per-netns drop counters (LBDR_STATS_A_DROP nest), by reason. */
enum lbdr_drop_reason {
	LBDR_DROP_UNSPEC,
	LBDR_DROP_NO_SERVER,	/* no usable real server */
	LBDR_DROP_NO_ROUTE,	/* no on-link route to the real server */
	LBDR_DROP_MTU,		/* DF packet larger than the egress MTU */
	LBDR_DROP_TABLE_FULL,	/* connection table at conn-max */
	LBDR_DROP_MALFORMED,	/* truncated or invalid headers */
	LBDR_DROP_NO_CONN,	/* non-SYN TCP without an entry, not sloppy */
	LBDR_DROP_SERVER_GONE,	/* server deleted, service on-remove drop */
	LBDR_DROP_NOMEM,	/* no memory to encapsulate for a tunnel */

	__LBDR_DROP_MAX,
	LBDR_DROP_MAX = __LBDR_DROP_MAX - 1
};

enum lbdr_cmd {
	LBDR_CMD_UNSPEC,
	LBDR_CMD_INFO_GET,
	LBDR_CMD_CONFIG_GET,
	LBDR_CMD_CONFIG_SET,
	LBDR_CMD_SERVICE_NEW,
	LBDR_CMD_SERVICE_SET,
	LBDR_CMD_SERVICE_DEL,
	LBDR_CMD_SERVICE_GET,
	LBDR_CMD_SERVER_NEW,
	LBDR_CMD_SERVER_SET,
	LBDR_CMD_SERVER_DEL,
	LBDR_CMD_FLUSH,
	LBDR_CMD_STATS_GET,
	LBDR_CMD_CONN_GET,
	LBDR_CMD_CONN_DEL,
	LBDR_CMD_STATS_ZERO,
	LBDR_CMD_RESTORE_BEGIN,
	LBDR_CMD_RESTORE_COMMIT,
	LBDR_CMD_RESTORE_ABORT,

	__LBDR_CMD_MAX,
	LBDR_CMD_MAX = __LBDR_CMD_MAX - 1
};

enum lbdr_attr {
	LBDR_A_UNSPEC,
	LBDR_A_INFO,		/* nest: lbdr_info_attr */
	LBDR_A_CONFIG,		/* nest: lbdr_config_attr */
	LBDR_A_SERVICE,		/* nest: lbdr_service_attr */
	LBDR_A_SERVER,		/* nest: lbdr_server_attr */
	LBDR_A_REPLACE,		/* flag: NEW updates an existing object */
	LBDR_A_STATS,		/* nest: lbdr_stats_attr, per netns */
	LBDR_A_CONN,		/* nest: lbdr_conn_attr */
	LBDR_A_STAGE,		/* flag: a write into the open restore */
	LBDR_A_COUNT,		/* u32: how many objects a command touched */

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
	LBDR_CONFIG_A_TUN_SRC4,		/* binary, 4 bytes */
	LBDR_CONFIG_A_TUN_SRC6,		/* binary, 16 bytes */

	__LBDR_CONFIG_A_MAX,
	LBDR_CONFIG_A_MAX = __LBDR_CONFIG_A_MAX - 1
};

enum lbdr_service_attr {
	LBDR_SVC_A_UNSPEC,
	LBDR_SVC_A_FAMILY,		/* u16 */
	LBDR_SVC_A_PROTO,		/* u8 */
	LBDR_SVC_A_ADDR,		/* binary, 4 or 16 bytes */
	LBDR_SVC_A_PORT,		/* u16, host order */
	LBDR_SVC_A_FWMARK,		/* u32 */
	LBDR_SVC_A_SCHED,		/* u8, enum lbdr_sched */
	LBDR_SVC_A_TABLE_SIZE,		/* u32 */
	LBDR_SVC_A_HASH,		/* u8, enum lbdr_hash */
	LBDR_SVC_A_SERVER,		/* nest: lbdr_server_attr, replies only */
	LBDR_SVC_A_PERSIST,		/* u32, seconds; 0: off */
	LBDR_SVC_A_PERSIST_MASK,	/* u8, prefix length */
	LBDR_SVC_A_SLOPPY,		/* u8, 0 or 1 */
	LBDR_SVC_A_ON_REMOVE,		/* u8, enum lbdr_on_remove */
	LBDR_SVC_A_STATS,		/* nest: lbdr_stats_attr, replies only */
	LBDR_SVC_A_PAD,
	LBDR_SVC_A_TUN_SRC4,		/* binary, 4 bytes */
	LBDR_SVC_A_TUN_SRC6,		/* binary, 16 bytes */

	__LBDR_SVC_A_MAX,
	LBDR_SVC_A_MAX = __LBDR_SVC_A_MAX - 1
};

enum lbdr_server_attr {
	LBDR_SRV_A_UNSPEC,
	LBDR_SRV_A_ADDR,		/* binary, 4 or 16 bytes */
	LBDR_SRV_A_WEIGHT,		/* u32 */
	LBDR_SRV_A_METHOD,		/* u8, enum lbdr_method */
	LBDR_SRV_A_UTHRESHOLD,		/* u32, 0: none */
	LBDR_SRV_A_LTHRESHOLD,		/* u32, 0: 3/4 of the upper one */
	LBDR_SRV_A_STATS,		/* nest: lbdr_stats_attr, replies only */
	LBDR_SRV_A_PAD,
	LBDR_SRV_A_FAMILY,		/* u16, AF_INET or AF_INET6 */
	LBDR_SRV_A_TUN_PORT,		/* u16, host order: GUE port */
	LBDR_SRV_A_TUN_CSUM,		/* u8, 0 or 1: GUE UDP checksum */

	__LBDR_SRV_A_MAX,
	LBDR_SRV_A_MAX = __LBDR_SRV_A_MAX - 1
};

enum lbdr_stats_attr {
	LBDR_STATS_A_UNSPEC,
	LBDR_STATS_A_CONNS,		/* u64, connections scheduled */
	LBDR_STATS_A_PACKETS,		/* u64, packets forwarded */
	LBDR_STATS_A_BYTES,		/* u64, bytes forwarded (IP length) */
	LBDR_STATS_A_ACTIVE,		/* u32, connections ESTABLISHED now */
	LBDR_STATS_A_INACTIVE,		/* u32, other connections now */
	LBDR_STATS_A_DROP,		/* nest: u64 per enum lbdr_drop_reason */
	LBDR_STATS_A_CONN_COUNT,	/* u32, entries in the table now */
	LBDR_STATS_A_PAD,
	LBDR_STATS_A_CPS,		/* u64, connections/s, EWMA */
	LBDR_STATS_A_PPS,		/* u64, packets/s, EWMA */
	LBDR_STATS_A_BPS,		/* u64, bits/s, EWMA */

	__LBDR_STATS_A_MAX,
	LBDR_STATS_A_MAX = __LBDR_STATS_A_MAX - 1
};

/* State of a connection entry (LBDR_CONN_A_STATE). */
enum lbdr_conn_state {
	LBDR_CS_NONE,
	LBDR_CS_SYN_RECV,
	LBDR_CS_ESTABLISHED,
	LBDR_CS_FIN_WAIT,
	LBDR_CS_TIME_WAIT,
	LBDR_CS_CLOSE,
	LBDR_CS_UDP,
	LBDR_CS_TEMPLATE,		/* persistence: client -> server */
	LBDR_CS_MAX = LBDR_CS_TEMPLATE
};

enum lbdr_conn_attr {
	LBDR_CONN_A_UNSPEC,
	LBDR_CONN_A_FAMILY,		/* u16 */
	LBDR_CONN_A_PROTO,		/* u8 */
	LBDR_CONN_A_CADDR,		/* binary: client address */
	LBDR_CONN_A_CPORT,		/* u16, host order: client port */
	LBDR_CONN_A_VADDR,		/* binary: virtual address */
	LBDR_CONN_A_VPORT,		/* u16, host order: virtual port */
	LBDR_CONN_A_SERVER,		/* binary, 4 or 16 bytes: its family */
	LBDR_CONN_A_STATE,		/* u8, enum lbdr_conn_state (replies) */
	LBDR_CONN_A_EXPIRES,		/* u32, seconds left (replies) */
	LBDR_CONN_A_FWMARK,		/* u32: template of a fwmark service */

	__LBDR_CONN_A_MAX,
	LBDR_CONN_A_MAX = __LBDR_CONN_A_MAX - 1
};

/* Multicast group of configuration events (LBDR_MCGRP_EVENTS). */
#define LBDR_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_LBDR_H */
