// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration of a namespace as lines of lbadm commands:
 *
 *	config set conn-max N tun-src4 A|none tun-src6 A|none
 *	timeout set tcp S tcpsyn S tcpfin S tcpclose S udp S
 *	service add SERVICE OPTION VALUE...
 *	server add SERVICE RIP OPTION VALUE...
 *
 * save prints it (every option, in a fixed order: lbadm_svc_key_cmp()
 * for services, address order for servers), restore reads it with the
 * parsers of the commands themselves (svcopt.c, settings.c), and
 * restore --dry-run compares two of them line by line.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "parse.h"
#include "settings.h"
#include "svcopt.h"

#define MAX_WORDS 64
#define LINE_MAX_LEN 512	/* a save line: about 250 characters at most */

static int conf_error(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int conf_error(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

void lbadm_conf_init(struct lbadm_conf *c)
{
	memset(c, 0, sizeof(*c));
}

void lbadm_conf_free(struct lbadm_conf *c)
{
	size_t i;

	for (i = 0; i < c->nsvcs; i++)
		free(c->svcs[i].servers);
	free(c->svcs);
	free(c->srv_cap);
	free(c->setlines);
	free(c->index);
	lbadm_conf_init(c);
}

/* FNV-1a of a service key. */
static size_t key_hash(const struct lbdr_svc *s)
{
	uint64_t h = 14695981039346656037ULL;
	unsigned char b[28];
	size_t i;

	memset(b, 0, sizeof(b));
	b[0] = (unsigned char)s->family;
	b[1] = s->proto;
	memcpy(b + 2, &s->fwmark, 4);
	memcpy(b + 6, &s->port, 2);
	if (!s->fwmark)
		memcpy(b + 8, &s->addr.v6, s->family == AF_INET6 ? 16 : 4);
	for (i = 0; i < sizeof(b); i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot of @key's key in the index: its service's, or an empty one. */
static size_t *index_slot(const struct lbadm_conf *c, const struct lbdr_svc *key)
{
	size_t mask = c->index_size - 1, k = key_hash(key) & mask;

	while (c->index[k] && !lbadm_svc_key_equal(&c->svcs[c->index[k] - 1], key))
		k = (k + 1) & mask;
	return &c->index[k];
}

/* Keep the index at most half full: services are never removed. */
static int index_grow(struct lbadm_conf *c)
{
	size_t size = 256, i;
	size_t *old = c->index;

	if (2 * (c->nsvcs + 1) <= c->index_size)
		return 0;
	while (size < 2 * (c->nsvcs + 1))
		size *= 2;
	c->index = calloc(size, sizeof(*c->index));
	if (!c->index) {
		c->index = old;
		return -1;
	}
	free(old);
	c->index_size = size;
	for (i = 0; i < c->nsvcs; i++)
		*index_slot(c, &c->svcs[i]) = i + 1;
	return 0;
}

long lbadm_conf_find(const struct lbadm_conf *c, const struct lbdr_svc *key)
{
	size_t i;

	if (c->index_size) {
		i = *index_slot(c, key);
		return i ? (long)i - 1 : -1;
	}
	for (i = 0; i < c->nsvcs; i++)
		if (lbadm_svc_key_equal(&c->svcs[i], key))
			return (long)i;
	return -1;
}

long lbadm_conf_add_svc(struct lbadm_conf *c, const struct lbdr_svc *svc,
			size_t *dup)
{
	struct lbdr_svc *s;
	long found;

	if (index_grow(c))
		return -2;
	found = lbadm_conf_find(c, svc);
	if (found >= 0) {
		*dup = (size_t)found;
		return -1;
	}
	if (c->nsvcs == c->svc_cap) {
		size_t cap = c->svc_cap ? 2 * c->svc_cap : 64;
		struct lbdr_svc *more = realloc(c->svcs, cap * sizeof(*more));
		unsigned int *caps;

		if (!more)
			return -2;
		c->svcs = more;
		caps = realloc(c->srv_cap, cap * sizeof(*caps));
		if (!caps)
			return -2;
		c->srv_cap = caps;
		c->svc_cap = cap;
	}
	s = &c->svcs[c->nsvcs];
	*s = *svc;
	s->servers = NULL;
	c->srv_cap[c->nsvcs] = 0;
	if (svc->nservers) {
		s->servers = malloc(svc->nservers * sizeof(*s->servers));
		if (!s->servers)
			return -2;
		memcpy(s->servers, svc->servers, svc->nservers * sizeof(*s->servers));
		c->srv_cap[c->nsvcs] = svc->nservers;
	}
	c->nsvcs++;
	*index_slot(c, s) = c->nsvcs;
	return (long)c->nsvcs - 1;
}

int lbadm_conf_add_srv(struct lbadm_conf *c, size_t i,
		       const struct lbdr_srv *srv)
{
	struct lbdr_svc *s = &c->svcs[i];

	if (s->nservers == c->srv_cap[i]) {
		unsigned int cap = c->srv_cap[i] ? 2 * c->srv_cap[i] : 4;
		struct lbdr_srv *more = realloc(s->servers, cap * sizeof(*more));

		if (!more)
			return -1;
		s->servers = more;
		c->srv_cap[i] = cap;
	}
	s->servers[s->nservers++] = *srv;
	return 0;
}

/* @fn's output as a string in @buf, without its newline. */
#define RENDER(buf, call) do {						\
	FILE *f_ = fmemopen((buf), sizeof(buf), "w");			\
									\
	(buf)[0] = '\0';						\
	if (f_) {							\
		call;							\
		fputc('\0', f_);					\
		fclose(f_);						\
	}								\
	(buf)[sizeof(buf) - 1] = '\0';					\
	(buf)[strcspn((buf), "\n")] = '\0';				\
} while (0)

static const char restore_words[] =
	"only service add, server add, config set and timeout set belong in a restore file";

static int parse_service(struct lbadm_conf *c, unsigned int line, int argc,
			 char **argv, char *err, size_t len)
{
	char key[LINE_MAX_LEN];
	enum lbdr_write how;
	struct lbdr_svc svc;
	size_t dup;
	long i;

	if (argc > 0 && (!strcmp(argv[0], "show") ||
			 parse_keyword(argv[0], lbadm_write_words) > LBDR_WRITE_ADD))
		return conf_error(err, len, "service %s: %s", argv[0], restore_words);
	if (lbadm_service_args_parse(argc, argv, &how, &svc, err, len))
		return -1;
	svc.line = line;
	i = lbadm_conf_add_svc(c, &svc, &dup);
	if (i == -2)
		return conf_error(err, len, "out of memory");
	if (i < 0) {
		RENDER(key, lbadm_svc_key_print(f_, &svc));
		return conf_error(err, len, "service %s is already added on line %u",
				  key, c->svcs[dup].line);
	}
	return 0;
}

static int parse_server(struct lbadm_conf *c, unsigned int line, int argc,
			char **argv, char *err, size_t len)
{
	char key[LINE_MAX_LEN];
	enum lbdr_write how;
	struct lbdr_svc svc;
	struct lbdr_srv srv;
	long i;

	if (argc > 0 && (!strcmp(argv[0], "show") ||
			 parse_keyword(argv[0], lbadm_write_words) > LBDR_WRITE_ADD))
		return conf_error(err, len, "server %s: %s", argv[0], restore_words);
	if (lbadm_server_args_parse(argc, argv, &how, &svc, &srv, err, len))
		return -1;
	i = lbadm_conf_find(c, &svc);
	if (i < 0) {
		RENDER(key, lbadm_svc_key_print(f_, &svc));
		return conf_error(err, len, "no earlier line adds service %s", key);
	}
	srv.line = line;
	if (lbadm_conf_add_srv(c, (size_t)i, &srv))
		return conf_error(err, len, "out of memory");
	return 0;
}

static int parse_settings(struct lbadm_conf *c, unsigned int line,
			  const char *cmd, int argc, char **argv,
			  char *err, size_t len)
{
	const struct lbadm_param *p = lbadm_timeout_params;
	size_t n = lbadm_timeout_nparams;
	struct lbadm_conf_setting *s;

	if (!strcmp(cmd, "config")) {
		p = lbadm_config_params;
		n = lbadm_config_nparams;
	}
	if (argc == 0 || !strcmp(argv[0], "show"))
		return conf_error(err, len, "%s%s%s: %s", cmd, argc ? " " : "",
				  argc ? argv[0] : "", restore_words);
	if (strcmp(argv[0], "set"))
		return conf_error(err, len, "%s: unknown action \"%s\"", cmd, argv[0]);
	if (c->nsetlines == c->set_cap) {
		size_t cap = c->set_cap ? 2 * c->set_cap : 4;

		s = realloc(c->setlines, cap * sizeof(*s));
		if (!s)
			return conf_error(err, len, "out of memory");
		c->setlines = s;
		c->set_cap = cap;
	}
	s = &c->setlines[c->nsetlines];
	if (lbadm_params_parse(argc - 1, argv + 1, p, n, &s->cfg, err, len))
		return -1;
	s->line = line;
	c->nsetlines++;
	lbadm_config_merge(&c->settings, &s->cfg);
	return 0;
}

int lbadm_conf_parse_words(struct lbadm_conf *c, unsigned int line, int argc,
			   char **argv, char *err, size_t len)
{
	if (argc == 0)
		return 0;
	if (!strcmp(argv[0], "service"))
		return parse_service(c, line, argc - 1, argv + 1, err, len);
	if (!strcmp(argv[0], "server"))
		return parse_server(c, line, argc - 1, argv + 1, err, len);
	if (!strcmp(argv[0], "config") || !strcmp(argv[0], "timeout"))
		return parse_settings(c, line, argv[0], argc - 1, argv + 1, err, len);
	return conf_error(err, len, "\"%s\": %s", argv[0], restore_words);
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' ||
	       ch == '\v' || ch == '\f';
}

/* The words of @s, split in place, up to a comment; -1 if over @max. */
static int split_words(char *s, char **argv, int max)
{
	int n = 0;

	for (;;) {
		while (is_blank(*s))
			s++;
		if (!*s || *s == '#')
			return n;
		if (n == max)
			return -1;
		argv[n++] = s;
		while (*s && !is_blank(*s))
			s++;
		if (*s)
			*s++ = '\0';
	}
}

int lbadm_conf_parse(FILE *in, struct lbadm_conf *c, char *err, size_t len)
{
	char *buf = NULL, *argv[MAX_WORDS + 1], msg[LINE_MAX_LEN];
	unsigned int line = 0;
	size_t cap = 0;
	int argc, ret = 0;

	while (getline(&buf, &cap, in) >= 0) {
		line++;
		argc = split_words(buf, argv, MAX_WORDS);
		if (argc < 0) {
			ret = conf_error(err, len, "line %u: more than %d words",
					 line, MAX_WORDS);
			break;
		}
		argv[argc] = NULL;
		if (lbadm_conf_parse_words(c, line, argc, argv, msg, sizeof(msg))) {
			ret = conf_error(err, len, "line %u: %s", line, msg);
			break;
		}
	}
	free(buf);
	if (!ret && ferror(in))
		ret = conf_error(err, len, "read error");
	return ret ? ret : lbadm_conf_check(c, err, len);
}

static int srv_cmp(const void *a, const void *b)
{
	const struct lbdr_srv *x = a, *y = b;
	int r = lbadm_addr_cmp(&x->addr, &y->addr);

	if (r)
		return r;
	return x->line < y->line ? -1 : x->line > y->line;
}

int lbadm_conf_check(struct lbadm_conf *c, char *err, size_t len)
{
	const struct lbdr_srv *bad = NULL, *first = NULL;
	const struct lbdr_svc *bad_svc = NULL;
	char key[LINE_MAX_LEN], addr[INET6_ADDRSTRLEN];
	unsigned int k;
	size_t i;

	for (i = 0; i < c->nsvcs; i++) {
		struct lbdr_svc *s = &c->svcs[i];

		qsort(s->servers, s->nservers, sizeof(*s->servers), srv_cmp);
		for (k = 1; k < s->nservers; k++) {
			if (lbadm_addr_cmp(&s->servers[k - 1].addr, &s->servers[k].addr))
				continue;
			if (!bad || s->servers[k].line < bad->line) {
				bad = &s->servers[k];
				first = &s->servers[k - 1];
				bad_svc = s;
			}
		}
	}
	if (!bad)
		return 0;
	RENDER(key, lbadm_svc_key_print(f_, bad_svc));
	format_addr(&bad->addr, addr, sizeof(addr));
	return conf_error(err, len,
			  "line %u: server %s of service %s is already added on line %u",
			  bad->line, addr, key, first->line);
}

static int svc_cmp(const void *a, const void *b)
{
	return lbadm_svc_key_cmp(a, b);
}

void lbadm_conf_sort(struct lbadm_conf *c)
{
	size_t i;

	qsort(c->svcs, c->nsvcs, sizeof(*c->svcs), svc_cmp);
	/* srv_cap followed the services it was for: keep it true enough. */
	for (i = 0; i < c->nsvcs; i++) {
		c->srv_cap[i] = c->svcs[i].nservers;
		qsort(c->svcs[i].servers, c->svcs[i].nservers,
		      sizeof(*c->svcs[i].servers), srv_cmp);
	}
	free(c->index);
	c->index = NULL;
	c->index_size = 0;
	if (index_grow(c)) {
		/* lbadm_conf_find() falls back to a linear search. */
		c->index_size = 0;
	}
}

void lbadm_conf_complete(struct lbadm_conf *c, const struct lbdr_config *base)
{
	struct lbdr_config cfg = *base;
	unsigned int k;
	size_t i;

	lbadm_config_merge(&cfg, &c->settings);
	c->settings = cfg;
	for (i = 0; i < c->nsvcs; i++) {
		lbadm_svc_defaults(&c->svcs[i]);
		for (k = 0; k < c->svcs[i].nservers; k++)
			lbadm_srv_defaults(&c->svcs[i].servers[k]);
	}
}

void lbadm_conf_save(FILE *f, const struct lbadm_conf *c)
{
	unsigned int k;
	size_t i;

	lbadm_settings_save(f, &c->settings);
	for (i = 0; i < c->nsvcs; i++) {
		lbadm_svc_save(f, &c->svcs[i]);
		for (k = 0; k < c->svcs[i].nservers; k++)
			lbadm_srv_save(f, &c->svcs[i], &c->svcs[i].servers[k]);
	}
}

/* The params of @p that @cfg has. */
static void params_json(struct json *j, const struct lbdr_config *cfg,
			const struct lbadm_param *p, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (cfg->mask & (1U << p[k].attr))
			lbadm_param_json(j, cfg, &p[k]);
}

void lbadm_conf_json(struct json *j, const struct lbadm_conf *c)
{
	unsigned int k;
	size_t i;

	json_open_object(j, NULL);
	json_open_object(j, "config");
	params_json(j, &c->settings, lbadm_config_params, lbadm_config_nparams);
	json_open_object(j, "timeout");
	params_json(j, &c->settings, lbadm_timeout_params, lbadm_timeout_nparams);
	json_close_object(j);
	json_close_object(j);
	json_open_array(j, "services");
	for (i = 0; i < c->nsvcs; i++) {
		const struct lbdr_svc *s = &c->svcs[i];

		json_open_object(j, NULL);
		lbadm_svc_key_json(j, s);
		lbadm_svc_opts_json_nostats(j, s);
		json_open_array(j, "servers");
		for (k = 0; k < s->nservers; k++) {
			json_open_object(j, NULL);
			lbadm_srv_addr_json(j, &s->servers[k]);
			lbadm_srv_opts_json_nostats(j, &s->servers[k]);
			json_close_object(j);
		}
		json_close_array(j);
		json_close_object(j);
	}
	json_close_array(j);
	json_close_object(j);
}

struct diff_out {
	void (*fn)(char sign, const char *line, void *data);
	void *data;
	size_t n;
};

/* Line @a of the old configuration and line @b of the new (NULL: none). */
static void diff_pair(struct diff_out *o, const char *a, const char *b)
{
	if (a && b && !strcmp(a, b))
		return;
	if (a) {
		o->fn('-', a, o->data);
		o->n++;
	}
	if (b) {
		o->fn('+', b, o->data);
		o->n++;
	}
}

/* The save line of settings @p of @cfg ("config set ..."), or NULL. */
static const char *settings_line(char *buf, size_t len, const char *cmd,
				 const struct lbdr_config *cfg,
				 const struct lbadm_param *p, size_t n)
{
	FILE *f;

	if (!lbadm_params_any(cfg, p, n))
		return NULL;
	f = fmemopen(buf, len, "w");
	if (!f)
		return NULL;
	fprintf(f, "%s set ", cmd);
	lbadm_params_print_set(f, cfg, p, n);
	fputc('\0', f);
	fclose(f);
	buf[len - 1] = '\0';
	return buf;
}

/* Every line of service @s, with @sign. */
static void diff_whole(struct diff_out *o, char sign, const struct lbdr_svc *s)
{
	char line[LINE_MAX_LEN];
	unsigned int k;

	RENDER(line, lbadm_svc_save(f_, s));
	diff_pair(o, sign == '-' ? line : NULL, sign == '+' ? line : NULL);
	for (k = 0; k < s->nservers; k++) {
		RENDER(line, lbadm_srv_save(f_, s, &s->servers[k]));
		diff_pair(o, sign == '-' ? line : NULL, sign == '+' ? line : NULL);
	}
}

static void diff_servers(struct diff_out *o, const struct lbdr_svc *a,
			 const struct lbdr_svc *b)
{
	char la[LINE_MAX_LEN], lb[LINE_MAX_LEN];
	unsigned int i = 0, k = 0;
	int r;

	while (i < a->nservers || k < b->nservers) {
		if (i == a->nservers)
			r = 1;
		else if (k == b->nservers)
			r = -1;
		else
			r = lbadm_addr_cmp(&a->servers[i].addr, &b->servers[k].addr);
		if (r <= 0)
			RENDER(la, lbadm_srv_save(f_, a, &a->servers[i]));
		if (r >= 0)
			RENDER(lb, lbadm_srv_save(f_, b, &b->servers[k]));
		diff_pair(o, r <= 0 ? la : NULL, r >= 0 ? lb : NULL);
		i += r <= 0;
		k += r >= 0;
	}
}

size_t lbadm_conf_diff(const struct lbadm_conf *from, const struct lbadm_conf *to,
		       void (*fn)(char sign, const char *line, void *data),
		       void *data)
{
	struct diff_out o = { fn, data, 0 };
	char la[LINE_MAX_LEN], lb[LINE_MAX_LEN];
	size_t i = 0, k = 0;
	int r;

	diff_pair(&o, settings_line(la, sizeof(la), "config", &from->settings,
				    lbadm_config_params, lbadm_config_nparams),
		  settings_line(lb, sizeof(lb), "config", &to->settings,
				lbadm_config_params, lbadm_config_nparams));
	diff_pair(&o, settings_line(la, sizeof(la), "timeout", &from->settings,
				    lbadm_timeout_params, lbadm_timeout_nparams),
		  settings_line(lb, sizeof(lb), "timeout", &to->settings,
				lbadm_timeout_params, lbadm_timeout_nparams));
	while (i < from->nsvcs || k < to->nsvcs) {
		if (i == from->nsvcs)
			r = 1;
		else if (k == to->nsvcs)
			r = -1;
		else
			r = lbadm_svc_key_cmp(&from->svcs[i], &to->svcs[k]);
		if (r < 0) {
			diff_whole(&o, '-', &from->svcs[i++]);
		} else if (r > 0) {
			diff_whole(&o, '+', &to->svcs[k++]);
		} else {
			RENDER(la, lbadm_svc_save(f_, &from->svcs[i]));
			RENDER(lb, lbadm_svc_save(f_, &to->svcs[k]));
			diff_pair(&o, la, lb);
			diff_servers(&o, &from->svcs[i++], &to->svcs[k++]);
		}
	}
	return o.n;
}
