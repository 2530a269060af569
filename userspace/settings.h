/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-namespace settings (LBDR_A_CONFIG): the words of "config set" and
 * "timeout set", parsing, defaults and printing. Pure functions shared by
 * config.c, timeout.c, save, restore and monitor; unit-tested on the host.
 * A setting is a number (val[]), or a tunnels' default outer source: an
 * address of the keyword's family, or "none" (all-zero: the routing's).
 */
#ifndef LBADM_SETTINGS_H
#define LBADM_SETTINGS_H

#include <stddef.h>
#include <stdio.h>

#include "ipc.h"
#include "json.h"

/*
 * A keyword of the command line, the attribute it sets, its JSON key, and
 * for an address (tun_src4 or tun_src6 of struct lbdr_config) its family,
 * else 0.
 */
struct lbadm_param {
	const char *word;
	int attr;
	const char *json;
	int family;
};

/* "config set": conn-max, tun-src4, tun-src6. */
extern const struct lbadm_param lbadm_config_params[];
extern const size_t lbadm_config_nparams;
/* "timeout set": tcp, tcpsyn, tcpfin, tcpclose, udp. */
extern const struct lbadm_param lbadm_timeout_params[];
extern const size_t lbadm_timeout_nparams;

/*
 * "WORD VALUE ..." pairs (at least one) into @cfg, cleared first.
 * Returns 0, or -1 with a one-line message in @err (@len bytes).
 */
int lbadm_params_parse(int argc, char **argv, const struct lbadm_param *p,
		       size_t n, struct lbdr_config *cfg, char *err, size_t len);
/*
 * "WORD VALUE WORD VALUE" of every param of @p, then a newline; an
 * address only when @cfg has it (a module without it does not report it).
 */
void lbadm_params_print(FILE *f, const struct lbdr_config *cfg,
			const struct lbadm_param *p, size_t n);
/* The params of @p that @cfg has (its mask), as "WORD VALUE" pairs. */
void lbadm_params_print_set(FILE *f, const struct lbdr_config *cfg,
			    const struct lbadm_param *p, size_t n);
/* The key of param @p: a number; an address only when set (not zero). */
void lbadm_param_json(struct json *j, const struct lbdr_config *cfg,
		      const struct lbadm_param *p);
/* lbadm_param_json() of every param of @p. */
void lbadm_params_json(struct json *j, const struct lbdr_config *cfg,
		       const struct lbadm_param *p, size_t n);
/* Whether @cfg has (its mask) any param of @p. */
bool lbadm_params_any(const struct lbdr_config *cfg,
		      const struct lbadm_param *p, size_t n);

/* The settings @src has (its mask) into @dst, which then has them too. */
void lbadm_config_merge(struct lbdr_config *dst, const struct lbdr_config *src);
/* Whether attribute @attr has the same value in @a and @b. */
bool lbadm_config_same(const struct lbdr_config *a, const struct lbdr_config *b,
		       int attr);

/*
 * The save form of @cfg: "config set conn-max N tun-src4 A tun-src6 A"
 * and "timeout set tcp N ...", each line only when @cfg has one of its
 * params.
 */
void lbadm_settings_save(FILE *f, const struct lbdr_config *cfg);

#endif
