// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm info: the loaded module's version and limits.
 */
#include <stdio.h>

#include "ipc.h"
#include "json.h"
#include "lbadm.h"

int cmd_info(int argc, char **argv)
{
	struct lbdr_info info;

	(void)argv;
	if (argc > 0)
		return lbadm_usage_error("info takes no arguments");
	if (lbdr_ipc_info(&info))
		return lbadm_ipc_failure();

	if (lbadm_opts.json) {
		struct json j;

		json_init(&j, stdout, lbadm_opts.pretty);
		json_open_object(&j, NULL);
		json_string(&j, "version", info.version);
		json_open_object(&j, "limits");
		json_u64(&j, "conn_max", info.conn_max_limit);
		json_u64(&j, "conn_max_default", info.conn_max_default);
		json_u64(&j, "timeout_max", info.timeout_max);
		json_close_object(&j);
		json_close_object(&j);
		json_finish(&j);
		return LBADM_EXIT_OK;
	}
	printf("version %s\n", info.version);
	printf("limits conn-max %u conn-max-default %u timeout-max %u\n",
	       info.conn_max_limit, info.conn_max_default, info.timeout_max);
	return LBADM_EXIT_OK;
}
