// SPDX-License-Identifier: GPL-2.0
/*
 * The settings of a namespace: conn-max ("config set") and the idle
 * timeouts ("timeout set"). Ranges are the kernel's to enforce: its
 * refusal names the limits.
 */
#include <string.h>

#include "parse.h"
#include "settings.h"

const struct lbadm_param lbadm_config_params[] = {
	{ "conn-max", LBDR_CONFIG_A_CONN_MAX, "conn_max" },
};
const size_t lbadm_config_nparams =
	sizeof(lbadm_config_params) / sizeof(lbadm_config_params[0]);

const struct lbadm_param lbadm_timeout_params[] = {
	{ "tcp", LBDR_CONFIG_A_TIMEOUT_TCP, "tcp" },
	{ "tcpsyn", LBDR_CONFIG_A_TIMEOUT_TCP_SYN, "tcpsyn" },
	{ "tcpfin", LBDR_CONFIG_A_TIMEOUT_TCP_FIN, "tcpfin" },
	{ "tcpclose", LBDR_CONFIG_A_TIMEOUT_TCP_CLOSE, "tcpclose" },
	{ "udp", LBDR_CONFIG_A_TIMEOUT_UDP, "udp" },
};
const size_t lbadm_timeout_nparams =
	sizeof(lbadm_timeout_params) / sizeof(lbadm_timeout_params[0]);

int lbadm_params_parse(int argc, char **argv, const struct lbadm_param *p,
		       size_t n, struct lbdr_config *cfg, char *err, size_t len)
{
	size_t k;
	int i;

	memset(cfg, 0, sizeof(*cfg));
	if (argc == 0) {
		snprintf(err, len, "set needs at least one setting");
		return -1;
	}
	for (i = 0; i < argc; i += 2) {
		for (k = 0; k < n; k++)
			if (!strcmp(argv[i], p[k].word))
				break;
		if (k == n) {
			snprintf(err, len, "unknown setting \"%s\"", argv[i]);
			return -1;
		}
		if (i + 1 >= argc) {
			snprintf(err, len, "\"%s\" needs a value", argv[i]);
			return -1;
		}
		if (parse_u32(argv[i + 1], 0, UINT32_MAX, &cfg->val[p[k].attr])) {
			snprintf(err, len, "\"%s\": \"%s\" is not a number",
				 argv[i], argv[i + 1]);
			return -1;
		}
		cfg->mask |= 1U << p[k].attr;
	}
	return 0;
}

void lbadm_params_print(FILE *f, const struct lbdr_config *cfg,
			const struct lbadm_param *p, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		fprintf(f, "%s%s %u", k ? " " : "", p[k].word, cfg->val[p[k].attr]);
	fputc('\n', f);
}

void lbadm_params_print_set(FILE *f, const struct lbdr_config *cfg,
			    const struct lbadm_param *p, size_t n)
{
	const char *sep = "";
	size_t k;

	for (k = 0; k < n; k++) {
		if (!(cfg->mask & (1U << p[k].attr)))
			continue;
		fprintf(f, "%s%s %u", sep, p[k].word, cfg->val[p[k].attr]);
		sep = " ";
	}
}

void lbadm_params_json(struct json *j, const struct lbdr_config *cfg,
		       const struct lbadm_param *p, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		json_u64(j, p[k].json, cfg->val[p[k].attr]);
}

bool lbadm_params_any(const struct lbdr_config *cfg,
		      const struct lbadm_param *p, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (cfg->mask & (1U << p[k].attr))
			return true;
	return false;
}

void lbadm_settings_save(FILE *f, const struct lbdr_config *cfg)
{
	if (lbadm_params_any(cfg, lbadm_config_params, lbadm_config_nparams)) {
		fputs("config set ", f);
		lbadm_params_print_set(f, cfg, lbadm_config_params,
				       lbadm_config_nparams);
		fputc('\n', f);
	}
	if (lbadm_params_any(cfg, lbadm_timeout_params, lbadm_timeout_nparams)) {
		fputs("timeout set ", f);
		lbadm_params_print_set(f, cfg, lbadm_timeout_params,
				       lbadm_timeout_nparams);
		fputc('\n', f);
	}
}
