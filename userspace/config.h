/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "lbadm config" and "lbadm timeout" share their show and set.
 */
#ifndef LBADM_CONFIG_H
#define LBADM_CONFIG_H

#include <stddef.h>

#include "settings.h"

int lbadm_timeout_show(void);
int lbadm_settings_cmd(const char *name, int argc, char **argv,
		       const struct lbadm_param *p, size_t n, int (*show)(void));

#endif
