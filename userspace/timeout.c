// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm timeout { show | set [tcp S] [tcpsyn S] [tcpfin S] [tcpclose S]
 * [udp S] }: connection idle timeouts of the namespace, in seconds.
 */
#include <stdio.h>

#include "config.h"
#include "lbadm.h"

static int timeout_show(void)
{
	struct lbdr_config cfg;

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

int cmd_timeout(int argc, char **argv)
{
	return lbadm_settings_cmd("timeout", argc, argv, lbadm_timeout_params,
				  lbadm_timeout_nparams, timeout_show);
}
