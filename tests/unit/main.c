// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for lbadm's pure code: command-line word parsing
 * (parse.c), global options (options.c), the JSON writer (json.c), the
 * options of services and real servers (svcopt.c), the settings
 * (settings.c), the save and restore file format (conf.c), connection
 * filters and entries (connfmt.c) and the stats output (statsfmt.c).
 * Output is TAP; the exit status is non-zero when a case failed.
 */
#include "tap.h"

int main(void)
{
	test_parse();
	test_options();
	test_json();
	test_svcopt();
	test_settings();
	test_conf();
	test_connfmt();
	test_statsfmt();
	return tap_done();
}
