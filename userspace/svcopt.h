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
 * The options of a reply as words for service add (" sched maglev
 * table 65537 ..."), each with a leading blank: those the kernel sent,
 * but persist and its mask only when persist is on.
 */
void lbadm_svc_opts_print(FILE *f, const struct lbdr_svc *svc);
/* " weight 1 method dr", and the thresholds that are set. */
void lbadm_srv_opts_print(FILE *f, const struct lbdr_srv *srv);
/* "conns N packets N bytes N" (and " active N inactive N" with @srv). */
void lbadm_stats_print(FILE *f, const struct lbdr_stats *st, bool srv);

/* The same as JSON members: every option and a "stats" object. */
void lbadm_svc_opts_json(struct json *j, const struct lbdr_svc *svc);
void lbadm_srv_opts_json(struct json *j, const struct lbdr_srv *srv);

#endif
