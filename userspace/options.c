// SPDX-License-Identifier: GPL-2.0
/*
 * Global options: -j, -p, -s, -n NETNS, -h, -V. Kept apart from main() so the
 * host unit tests can drive it.
 */
#include <stdio.h>
#include <string.h>

#include "options.h"

int lbadm_options_parse(int argc, char **argv, struct lbadm_options *o,
			const char **err)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || !strcmp(a, "-"))
			return i;
		if (!strcmp(a, "--"))
			return i + 1;
		if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			o->json = true;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--pretty")) {
			o->json = true;
			o->pretty = true;
		} else if (!strcmp(a, "-s") || !strcmp(a, "--stats")) {
			o->stats = true;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--netns")) {
			if (i + 1 >= argc || !argv[i + 1][0]) {
				*err = "option -n needs a network namespace name";
				return -1;
			}
			o->netns = argv[++i];
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			o->help = true;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			/* Same as the "version" subcommand. */
			argv[i] = (char *)"version";
			return i;
		} else {
			static char msg[96];

			snprintf(msg, sizeof(msg), "unknown option \"%.64s\"", a);
			*err = msg;
			return -1;
		}
	}
	return i;
}
