/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The options of services and real servers: their words, parsing,
 * defaults and printing (text and JSON), shared by "lbadm service" and
 * "lbadm server". Pure functions, unit-tested on the host.
 */
#ifndef LBADM_SVCOPT_H
#define LBADM_SVCOPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ipc.h"
#include "json.h"

/* The actions of service and server that write, by enum lbdr_write. */
extern const char *const lbadm_write_words[];
/* "family" of a fwmark service: inet, inet6. */
extern const char *const lbadm_family_words[];

/* NULL-terminated, indexed by the uapi enums. */
extern const char *const lbadm_sched_names[];		/* enum lbdr_sched */
extern const char *const lbadm_hash_names[];		/* enum lbdr_hash */
extern const char *const lbadm_method_names[];		/* enum lbdr_method */
extern const char *const lbadm_on_remove_names[];	/* enum lbdr_on_remove */

/* @names[@i], or "unknown" for a value this lbadm has no word for. */
const char *lbadm_name(const char *const *names, unsigned int i);
const char *lbadm_method_name(uint8_t method);

/* Whether a service of scheduler @sched is sloppy when not told. */
bool lbadm_sloppy_default(uint8_t sched);
/* The prefix length persistence keys on when not told: the address. */
uint8_t lbadm_persist_mask_default(int family);

/*
 * A service key, "PROTO VIP:PORT" or "fwmark MARK [family inet|inet6]",
 * at argv[*i] into @svc (cleared first); advances *i. Returns 0, or -1
 * with a one-line message in @err (@len bytes), as all parsers here.
 */
int lbadm_svc_key_parse(int argc, char **argv, int *i, struct lbdr_svc *svc,
			char *err, size_t len);
/*
 * The arguments of "lbadm service" that write: ACTION SERVICE [OPTIONS]
 * (argv[0] is add, replace, change or del).
 */
int lbadm_service_args_parse(int argc, char **argv, enum lbdr_write *how,
			     struct lbdr_svc *svc, char *err, size_t len);
/* The same for "lbadm server": ACTION SERVICE RIP [OPTIONS]. */
int lbadm_server_args_parse(int argc, char **argv, enum lbdr_write *how,
			    struct lbdr_svc *svc, struct lbdr_srv *srv,
			    char *err, size_t len);

/*
 * "OPTION VALUE" pairs of service add, replace and change into @svc,
 * whose family is set: the options given get their bit in svc->mask.
 * Returns 0, or -1 with a one-line message in @err (@len bytes).
 */
int lbadm_svc_opts_parse(int argc, char **argv, struct lbdr_svc *svc,
			 char *err, size_t len);
/* The same for the options of server add, replace and change. */
int lbadm_srv_opts_parse(int argc, char **argv, struct lbdr_srv *srv,
			 char *err, size_t len);

/*
 * A service's options of a reply the kernel left out: their defaults.
 * Their bits in svc->mask stay clear.
 */
void lbadm_svc_fill_defaults(struct lbdr_svc *svc);

/*
 * What the kernel makes of a service add or server add: the options not
 * given get their defaults, and every option its bit in the mask.
 */
void lbadm_svc_defaults(struct lbdr_svc *svc);
void lbadm_srv_defaults(struct lbdr_srv *srv);

/* Address order: family, then the bytes (network order). */
int lbadm_addr_cmp(const struct lbadm_addr *a, const struct lbadm_addr *b);
/*
 * The order of save: family; services of an address (by protocol,
 * address, port) before fwmark services (by mark).
 */
int lbadm_svc_key_cmp(const struct lbdr_svc *a, const struct lbdr_svc *b);
bool lbadm_svc_key_equal(const struct lbdr_svc *a, const struct lbdr_svc *b);

/* "tcp 192.0.2.1:80" or "fwmark 5 family inet". */
void lbadm_svc_key_print(FILE *f, const struct lbdr_svc *svc);
/* family, proto, vip, port; or family, fwmark. */
void lbadm_svc_key_json(struct json *j, const struct lbdr_svc *svc);
/*
 * The save lines: "service add KEY OPTIONS" and "server add KEY RIP
 * OPTIONS", with every option the mask has (all, from the kernel).
 */
void lbadm_svc_save(FILE *f, const struct lbdr_svc *svc);
void lbadm_srv_save(FILE *f, const struct lbdr_svc *svc,
		    const struct lbdr_srv *srv);
/* " sched maglev ... on-remove reschedule": the options of the save line. */
void lbadm_svc_opts_save(FILE *f, const struct lbdr_svc *svc);
/* " weight 1 method gue port 6080 csum off uthreshold 0 lthreshold 0" */
void lbadm_srv_opts_save(FILE *f, const struct lbdr_srv *srv);
/* The options as JSON members, without the counters. */
void lbadm_svc_opts_json_nostats(struct json *j, const struct lbdr_svc *svc);
void lbadm_srv_opts_json_nostats(struct json *j, const struct lbdr_srv *srv);

/*
 * The options of a reply as words for service add (" sched maglev
 * table 65537 ..."), each with a leading blank: those the kernel sent,
 * but persist and its mask only when persist is on.
 */
void lbadm_svc_opts_print(FILE *f, const struct lbdr_svc *svc);
/* " weight 1 method dr" (gue: port and csum), and the thresholds set. */
void lbadm_srv_opts_print(FILE *f, const struct lbdr_srv *srv);
/* "conns N packets N bytes N" (and " active N inactive N" with @srv). */
void lbadm_stats_print(FILE *f, const struct lbdr_stats *st, bool srv);

/*
 * A real server's "address" and "family" (of the address: the service's,
 * or the other one for a tunnel) as JSON members.
 */
void lbadm_srv_addr_json(struct json *j, const struct lbdr_srv *srv);

/* The same as JSON members: every option and a "stats" object. */
void lbadm_svc_opts_json(struct json *j, const struct lbdr_svc *svc);
void lbadm_srv_opts_json(struct json *j, const struct lbdr_srv *srv);

#endif
