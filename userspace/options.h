/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LBADM_OPTIONS_H
#define LBADM_OPTIONS_H

#include "lbadm.h"

/*
 * Parse the global options in front of the subcommand. Returns the index
 * of the subcommand in argv (argc when there is none), or -1 with *err
 * set to a message for the user.
 */
int lbadm_options_parse(int argc, char **argv, struct lbadm_options *o,
			const char **err);

#endif
