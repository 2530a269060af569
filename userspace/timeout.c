// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm timeout { show | set [tcp S] [tcpsyn S] [tcpfin S] [tcpclose S]
 * [udp S] }: connection idle timeouts of the namespace, in seconds.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "lbadm.h"

int cmd_timeout(int argc, char **argv)
{
	struct lbdr_config cfg;
	int ret;

	if (argc == 0 || !strcmp(argv[0], "show")) {
		if (argc > 1)
			return lbadm_usage_error("timeout show takes no arguments");
		if (lbdr_ipc_config_get(&cfg))
			return lbadm_ipc_failure();
		if (lbadm_opts.json) {
			struct json j;

			json_init(&j, stdout, lbadm_opts.pretty);
			json_open_object(&j, NULL);
			lbadm_params_json(&j, &cfg, lbadm_timeout_params,
					  lbadm_timeout_nparams);
			json_close_object(&j);
			json_finish(&j);
		} else {
			lbadm_params_print(&cfg, lbadm_timeout_params,
					   lbadm_timeout_nparams);
		}
		return LBADM_EXIT_OK;
	}
	if (strcmp(argv[0], "set"))
		return lbadm_usage_error("timeout: unknown action \"%s\"", argv[0]);
	ret = lbadm_params_parse(argc - 1, argv + 1, lbadm_timeout_params,
				 lbadm_timeout_nparams, &cfg);
	if (ret)
		return ret;
	return lbdr_ipc_config_set(&cfg) ? lbadm_ipc_failure() : LBADM_EXIT_OK;
}
