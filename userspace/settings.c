// SPDX-License-Identifier: GPL-2.0
/*
 * The settings of a namespace: conn-max and the tunnels' default outer
 * sources ("config set"), the idle timeouts ("timeout set"). Ranges, and
 * whether a source is a local address, are the kernel's to enforce: its
 * refusal says why.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "parse.h"
#include "settings.h"

const struct lbadm_param lbadm_config_params[] = {
	{ "conn-max", LBDR_CONFIG_A_CONN_MAX, "conn_max", 0 },
	{ "tun-src4", LBDR_CONFIG_A_TUN_SRC4, "tun_src4", AF_INET },
	{ "tun-src6", LBDR_CONFIG_A_TUN_SRC6, "tun_src6", AF_INET6 },
};
const size_t lbadm_config_nparams =
	sizeof(lbadm_config_params) / sizeof(lbadm_config_params[0]);

const struct lbadm_param lbadm_timeout_params[] = {
	{ "tcp", LBDR_CONFIG_A_TIMEOUT_TCP, "tcp", 0 },
	{ "tcpsyn", LBDR_CONFIG_A_TIMEOUT_TCP_SYN, "tcpsyn", 0 },
	{ "tcpfin", LBDR_CONFIG_A_TIMEOUT_TCP_FIN, "tcpfin", 0 },
	{ "tcpclose", LBDR_CONFIG_A_TIMEOUT_TCP_CLOSE, "tcpclose", 0 },
	{ "udp", LBDR_CONFIG_A_TIMEOUT_UDP, "udp", 0 },
};
const size_t lbadm_timeout_nparams =
	sizeof(lbadm_timeout_params) / sizeof(lbadm_timeout_params[0]);

/* The address of param @p in @cfg: its tun_src4 or tun_src6. */
static const void *param_addr(const struct lbdr_config *cfg,
			      const struct lbadm_param *p)
{
	if (p->family == AF_INET6)
		return &cfg->tun_src6;
	return &cfg->tun_src4;
}

/* Whether the address of param @p is set in @cfg: given and not zero. */
static bool param_addr_set(const struct lbdr_config *cfg,
			   const struct lbadm_param *p)
{
	if (!(cfg->mask & (1U << p->attr)))
		return false;
	if (p->family == AF_INET6)
		return !IN6_IS_ADDR_UNSPECIFIED(&cfg->tun_src6);
	return cfg->tun_src4.s_addr != 0;
}

/* An address of @p's family, or "none" (all-zero), into @cfg. */
static int param_addr_parse(const char *s, const struct lbadm_param *p,
			    struct lbdr_config *cfg, char *err, size_t len)
{
	const char *fam = p->family == AF_INET6 ? "IPv6" : "IPv4";
	struct lbadm_addr a;

	memset(&a, 0, sizeof(a));
	if (strcmp(s, "none")) {
		if (parse_addr(s, &a)) {
			snprintf(err, len,
				 "\"%s\": \"%s\" is not an %s address or none",
				 p->word, s, fam);
			return -1;
		}
		if (a.family != p->family) {
			snprintf(err, len, "\"%s\": \"%s\" is not an %s address",
				 p->word, s, fam);
			return -1;
		}
	}
	if (p->family == AF_INET6)
		cfg->tun_src6 = a.v6;
	else
		cfg->tun_src4 = a.v4;
	return 0;
}

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
		if (p[k].family) {
			if (param_addr_parse(argv[i + 1], &p[k], cfg, err, len))
				return -1;
		} else if (parse_u32(argv[i + 1], 0, UINT32_MAX,
				     &cfg->val[p[k].attr])) {
			snprintf(err, len, "\"%s\": \"%s\" is not a number",
				 argv[i], argv[i + 1]);
			return -1;
		}
		cfg->mask |= 1U << p[k].attr;
	}
	return 0;
}

/* "WORD VALUE" of param @p: the number, the address or "none". */
static void param_print(FILE *f, const struct lbdr_config *cfg,
			const struct lbadm_param *p)
{
	char buf[INET6_ADDRSTRLEN];

	if (!p->family)
		fprintf(f, "%s %u", p->word, cfg->val[p->attr]);
	else if (!param_addr_set(cfg, p))
		fprintf(f, "%s none", p->word);
	else
		fprintf(f, "%s %s", p->word,
			inet_ntop(p->family, param_addr(cfg, p), buf, sizeof(buf)));
}

void lbadm_params_print(FILE *f, const struct lbdr_config *cfg,
			const struct lbadm_param *p, size_t n)
{
	const char *sep = "";
	size_t k;

	for (k = 0; k < n; k++) {
		if (p[k].family && !(cfg->mask & (1U << p[k].attr)))
			continue;
		fputs(sep, f);
		param_print(f, cfg, &p[k]);
		sep = " ";
	}
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
		fputs(sep, f);
		param_print(f, cfg, &p[k]);
		sep = " ";
	}
}

void lbadm_param_json(struct json *j, const struct lbdr_config *cfg,
		      const struct lbadm_param *p)
{
	char buf[INET6_ADDRSTRLEN];

	if (!p->family)
		json_u64(j, p->json, cfg->val[p->attr]);
	else if (param_addr_set(cfg, p))
		json_string(j, p->json, inet_ntop(p->family, param_addr(cfg, p),
						  buf, sizeof(buf)));
}

void lbadm_params_json(struct json *j, const struct lbdr_config *cfg,
		       const struct lbadm_param *p, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		lbadm_param_json(j, cfg, &p[k]);
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

void lbadm_config_merge(struct lbdr_config *dst, const struct lbdr_config *src)
{
	int a;

	for (a = 1; a <= LBDR_CONFIG_A_MAX; a++)
		if (src->mask & (1U << a))
			dst->val[a] = src->val[a];
	if (src->mask & (1U << LBDR_CONFIG_A_TUN_SRC4))
		dst->tun_src4 = src->tun_src4;
	if (src->mask & (1U << LBDR_CONFIG_A_TUN_SRC6))
		dst->tun_src6 = src->tun_src6;
	dst->mask |= src->mask;
}

bool lbadm_config_same(const struct lbdr_config *a, const struct lbdr_config *b,
		       int attr)
{
	if (attr == LBDR_CONFIG_A_TUN_SRC4)
		return a->tun_src4.s_addr == b->tun_src4.s_addr;
	if (attr == LBDR_CONFIG_A_TUN_SRC6)
		return IN6_ARE_ADDR_EQUAL(&a->tun_src6, &b->tun_src6);
	return a->val[attr] == b->val[attr];
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
