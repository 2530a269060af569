// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm version: the tool's version and the loaded module's.
 */
#include <stdio.h>

#include "ipc.h"
#include "json.h"
#include "lbadm.h"

int cmd_version(int argc, char **argv)
{
	struct lbdr_info info;
	int err;

	(void)argv;
	if (argc > 0)
		return lbadm_usage_error("version takes no arguments");

	err = lbdr_ipc_info(&info);
	if (lbadm_opts.json) {
		struct json j;

		json_init(&j, stdout, lbadm_opts.pretty);
		json_open_object(&j, NULL);
		json_string(&j, "tool", LBDR_VERSION);
		if (!err)
			json_string(&j, "module", info.version);
		json_close_object(&j);
		json_finish(&j);
	} else {
		printf("lbadm %s\n", LBDR_VERSION);
		if (!err)
			printf("lbdr module %s\n", info.version);
	}
	return err ? lbadm_ipc_failure() : LBADM_EXIT_OK;
}
