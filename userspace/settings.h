/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-namespace settings (LBDR_A_CONFIG): the words of "config set" and
 * "timeout set", parsing, defaults and printing. Pure functions shared by
 * config.c, timeout.c, save, restore and monitor; unit-tested on the host.
 */
#ifndef LBADM_SETTINGS_H
#define LBADM_SETTINGS_H

#include <stddef.h>
#include <stdio.h>

#include "ipc.h"
#include "json.h"

/* A keyword of the command line, the attribute it sets, its JSON key. */
struct lbadm_param {
	const char *word;
	int attr;
	const char *json;
};

/* "config set": conn-max. */
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
/* "WORD VALUE WORD VALUE" of every param of @p, then a newline. */
void lbadm_params_print(FILE *f, const struct lbdr_config *cfg,
			const struct lbadm_param *p, size_t n);
/* The params of @p that @cfg has (its mask), as "WORD VALUE" pairs. */
void lbadm_params_print_set(FILE *f, const struct lbdr_config *cfg,
			    const struct lbadm_param *p, size_t n);
void lbadm_params_json(struct json *j, const struct lbdr_config *cfg,
		       const struct lbadm_param *p, size_t n);
/* Whether @cfg has (its mask) any param of @p. */
bool lbadm_params_any(const struct lbdr_config *cfg,
		      const struct lbadm_param *p, size_t n);

/*
 * The save form of @cfg: "config set conn-max N" and "timeout set tcp N
 * ...", each line only when @cfg has one of its params.
 */
void lbadm_settings_save(FILE *f, const struct lbdr_config *cfg);

#endif
