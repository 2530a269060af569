// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm config { show | set [conn-max N] [tun-src4 A|none] [tun-src6 A|none] }:
 * per-namespace limits and the tunnels' default outer sources, and the
 * show and set "lbadm timeout" shares (the words: settings.c).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "lbadm.h"

/*
 * Print the namespace's settings: with @limits, conn-max and the tunnel
 * sources, then the timeouts under "timeout" (config show); without, the
 * timeouts alone (timeout show).
 */
static int settings_show(bool limits)
{
	struct lbdr_config cfg;
	struct json j;

	if (lbdr_ipc_config_get(&cfg))
		return lbadm_ipc_failure();
	if (!lbadm_opts.json) {
		if (limits) {
			lbadm_params_print(stdout, &cfg, lbadm_config_params,
					   lbadm_config_nparams);
			fputs("timeout ", stdout);
		}
		lbadm_params_print(stdout, &cfg, lbadm_timeout_params,
				   lbadm_timeout_nparams);
		return LBADM_EXIT_OK;
	}
	json_init(&j, stdout, lbadm_opts.pretty);
	json_open_object(&j, NULL);
	if (limits) {
		lbadm_params_json(&j, &cfg, lbadm_config_params,
				  lbadm_config_nparams);
		json_open_object(&j, "timeout");
	}
	lbadm_params_json(&j, &cfg, lbadm_timeout_params, lbadm_timeout_nparams);
	if (limits)
		json_close_object(&j);
	json_close_object(&j);
	json_finish(&j);
	return LBADM_EXIT_OK;
}

static int config_show(void)
{
	return settings_show(true);
}

int lbadm_timeout_show(void)
{
	return settings_show(false);
}

/* "show" (the default) or "set WORD VALUE...": config and timeout alike. */
int lbadm_settings_cmd(const char *name, int argc, char **argv,
		       const struct lbadm_param *p, size_t n, int (*show)(void))
{
	struct lbdr_config cfg;
	char err[256];

	if (argc == 0 || !strcmp(argv[0], "show")) {
		if (argc > 1)
			return lbadm_usage_error("%s show takes no arguments", name);
		return show();
	}
	if (strcmp(argv[0], "set"))
		return lbadm_usage_error("%s: unknown action \"%s\"", name, argv[0]);
	if (lbadm_params_parse(argc - 1, argv + 1, p, n, &cfg, err, sizeof(err)))
		return lbadm_usage_error("%s", err);
	return lbdr_ipc_config_set(&cfg) ? lbadm_ipc_failure() : LBADM_EXIT_OK;
}

int cmd_config(int argc, char **argv)
{
	return lbadm_settings_cmd("config", argc, argv, lbadm_config_params,
				  lbadm_config_nparams, config_show);
}
