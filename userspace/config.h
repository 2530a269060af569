/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-namespace settings shared by "lbadm config" and "lbadm timeout".
 */
#ifndef LBADM_CONFIG_H
#define LBADM_CONFIG_H

#include <stddef.h>

#include "ipc.h"
#include "json.h"

/* A keyword of the command line, the attribute it sets, its JSON key. */
struct lbadm_param {
	const char *word;
	int attr;
	const char *json;
};

extern const struct lbadm_param lbadm_timeout_params[];
extern const size_t lbadm_timeout_nparams;

/* "WORD VALUE ..." pairs into @cfg; returns an exit code. */
int lbadm_params_parse(int argc, char **argv, const struct lbadm_param *p,
		       size_t n, struct lbdr_config *cfg);
void lbadm_params_print(const struct lbdr_config *cfg,
			const struct lbadm_param *p, size_t n);
int lbadm_timeout_show(void);
int lbadm_settings_cmd(const char *name, int argc, char **argv,
		       const struct lbadm_param *p, size_t n, int (*show)(void));
void lbadm_params_json(struct json *j, const struct lbdr_config *cfg,
		       const struct lbadm_param *p, size_t n);

#endif
