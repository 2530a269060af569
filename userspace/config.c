// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm config { show | set [conn-max N] }: per-namespace limits, and the
 * keyword tables and helpers "lbadm timeout" shares.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "lbadm.h"
#include "parse.h"

const struct lbadm_param lbadm_timeout_params[] = {
	{ "tcp", LBDR_CONFIG_A_TIMEOUT_TCP, "tcp" },
	{ "tcpsyn", LBDR_CONFIG_A_TIMEOUT_TCP_SYN, "tcpsyn" },
	{ "tcpfin", LBDR_CONFIG_A_TIMEOUT_TCP_FIN, "tcpfin" },
	{ "tcpclose", LBDR_CONFIG_A_TIMEOUT_TCP_CLOSE, "tcpclose" },
	{ "udp", LBDR_CONFIG_A_TIMEOUT_UDP, "udp" },
};
const size_t lbadm_timeout_nparams =
	sizeof(lbadm_timeout_params) / sizeof(lbadm_timeout_params[0]);

static const struct lbadm_param config_params[] = {
	{ "conn-max", LBDR_CONFIG_A_CONN_MAX, "conn_max" },
};
#define CONFIG_NPARAMS (sizeof(config_params) / sizeof(config_params[0]))

/* Ranges are the kernel's to enforce: its refusal names the limits. */
int lbadm_params_parse(int argc, char **argv, const struct lbadm_param *p,
		       size_t n, struct lbdr_config *cfg)
{
	size_t k;
	int i;

	memset(cfg, 0, sizeof(*cfg));
	if (argc == 0)
		return lbadm_usage_error("set needs at least one setting");
	for (i = 0; i < argc; i += 2) {
		for (k = 0; k < n; k++)
			if (!strcmp(argv[i], p[k].word))
				break;
		if (k == n)
			return lbadm_usage_error("unknown setting \"%s\"", argv[i]);
		if (i + 1 >= argc)
			return lbadm_usage_error("\"%s\" needs a value", argv[i]);
		if (parse_u32(argv[i + 1], 0, UINT32_MAX, &cfg->val[p[k].attr]))
			return lbadm_usage_error("\"%s\": \"%s\" is not a number",
						 argv[i], argv[i + 1]);
		cfg->mask |= 1U << p[k].attr;
	}
	return LBADM_EXIT_OK;
}

void lbadm_params_print(const struct lbdr_config *cfg,
			const struct lbadm_param *p, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		printf("%s%s %u", k ? " " : "", p[k].word, cfg->val[p[k].attr]);
	putchar('\n');
}

void lbadm_params_json(struct json *j, const struct lbdr_config *cfg,
		       const struct lbadm_param *p, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		json_u64(j, p[k].json, cfg->val[p[k].attr]);
}

/*
 * Print the namespace's settings: with @limits, conn-max and then the
 * timeouts under "timeout" (config show); without, the timeouts alone
 * (timeout show).
 */
static int settings_show(bool limits)
{
	struct lbdr_config cfg;
	struct json j;

	if (lbdr_ipc_config_get(&cfg))
		return lbadm_ipc_failure();
	if (!lbadm_opts.json) {
		if (limits) {
			lbadm_params_print(&cfg, config_params, CONFIG_NPARAMS);
			fputs("timeout ", stdout);
		}
		lbadm_params_print(&cfg, lbadm_timeout_params,
				   lbadm_timeout_nparams);
		return LBADM_EXIT_OK;
	}
	json_init(&j, stdout, lbadm_opts.pretty);
	json_open_object(&j, NULL);
	if (limits) {
		lbadm_params_json(&j, &cfg, config_params, CONFIG_NPARAMS);
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
	int ret;

	if (argc == 0 || !strcmp(argv[0], "show")) {
		if (argc > 1)
			return lbadm_usage_error("%s show takes no arguments", name);
		return show();
	}
	if (strcmp(argv[0], "set"))
		return lbadm_usage_error("%s: unknown action \"%s\"", name, argv[0]);
	ret = lbadm_params_parse(argc - 1, argv + 1, p, n, &cfg);
	if (ret)
		return ret;
	return lbdr_ipc_config_set(&cfg) ? lbadm_ipc_failure() : LBADM_EXIT_OK;
}

int cmd_config(int argc, char **argv)
{
	return lbadm_settings_cmd("config", argc, argv, config_params,
				  CONFIG_NPARAMS, config_show);
}
