// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm restore [-f FILE] [--dry-run]: replace the namespace's whole
 * configuration with the one FILE (standard input by default) describes,
 * in the format of lbadm save, atomically.
 *
 * Every line is parsed and checked first (a mistake: "line N: ...",
 * status 1, nothing sent). Then, on one netlink socket, RESTORE_BEGIN,
 * every object staged (CONFIG_SET, SERVICE_NEW, SERVER_NEW with
 * LBDR_A_STAGE, many per send), RESTORE_COMMIT. A refusal aborts the
 * restore (RESTORE_ABORT): nothing changes, status 2, and the message
 * names the line of the object refused.
 *
 * Settings no line sets keep their values.
 * --dry-run stages the same transaction and aborts it instead of
 * committing, so the kernel checks every object and nothing changes
 * (refusals as above); then it prints how the running configuration
 * would change, as save lines, "- " for those that would go, "+ " for
 * those that would come.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "ipc.h"
#include "lbadm.h"

/* The writes of a restore, and the line each comes from. */
struct restore_ops {
	struct lbdr_op *ops;
	unsigned int *lines;
	size_t n;
};

static void add_op(struct restore_ops *r, enum lbdr_op_type type,
		   const struct lbdr_config *cfg, const struct lbdr_svc *svc,
		   const struct lbdr_srv *srv, unsigned int line)
{
	struct lbdr_op *op = &r->ops[r->n];

	op->type = type;
	op->cfg = cfg;
	op->svc = svc;
	op->srv = srv;
	r->lines[r->n++] = line;
}

/* Each settings line, then each service followed by its servers. */
static int build_ops(const struct lbadm_conf *c, struct restore_ops *r)
{
	size_t i, n = c->nsetlines;
	unsigned int k;

	for (i = 0; i < c->nsvcs; i++)
		n += 1 + c->svcs[i].nservers;
	r->ops = calloc(n ? n : 1, sizeof(*r->ops));
	r->lines = calloc(n ? n : 1, sizeof(*r->lines));
	if (!r->ops || !r->lines)
		return -1;
	r->n = 0;
	for (i = 0; i < c->nsetlines; i++)
		add_op(r, LBDR_OP_CONFIG, &c->setlines[i].cfg, NULL, NULL,
		       c->setlines[i].line);
	for (i = 0; i < c->nsvcs; i++) {
		const struct lbdr_svc *s = &c->svcs[i];

		add_op(r, LBDR_OP_SERVICE, NULL, s, NULL, s->line);
		for (k = 0; k < s->nservers; k++)
			add_op(r, LBDR_OP_SERVER, NULL, s, &s->servers[k],
			       s->servers[k].line);
	}
	return 0;
}

/*
 * Send @c in one restore transaction: committed, or with @check_only
 * aborted once every object is staged (the kernel's checks, no change).
 */
static int restore(const struct lbadm_conf *c, bool check_only)
{
	struct restore_ops r = { 0 };
	char where[32];
	long failed;
	int ret = LBADM_EXIT_OK, err;

	if (build_ops(c, &r)) {
		free(r.ops);
		free(r.lines);
		fprintf(stderr, "lbadm: %s\n", strerror(ENOMEM));
		return LBADM_EXIT_REFUSED;
	}
	err = check_only ? lbdr_ipc_restore_check(r.ops, r.n, &failed) :
			   lbdr_ipc_restore(r.ops, r.n, &failed);
	if (err) {
		if (failed < 0)
			snprintf(where, sizeof(where), "restore");
		else
			snprintf(where, sizeof(where), "line %u", r.lines[failed]);
		ret = lbadm_ipc_failure_at(where);
	}
	free(r.ops);
	free(r.lines);
	return ret;
}

struct diff_print {
	char sign;		/* JSON: the sign of this pass */
	struct json *j;
};

static void diff_line(char sign, const char *line, void *data)
{
	struct diff_print *p = data;

	if (!p->j)
		printf("%c %s\n", sign, line);
	else if (sign == p->sign)
		json_string(p->j, NULL, line);
}

/*
 * The kernel checks the file as a restore (staged, then aborted); then
 * the running configuration against the file's, completed with the
 * running settings and the options' defaults.
 */
static int dry_run(struct lbadm_conf *file)
{
	struct diff_print p = { 0, NULL };
	struct lbadm_conf running;
	struct json j;
	int ret;

	ret = restore(file, true);
	if (ret != LBADM_EXIT_OK)
		return ret;
	lbadm_conf_init(&running);
	if (lbadm_conf_running(&running)) {
		lbadm_conf_free(&running);
		return lbadm_ipc_failure();
	}
	lbadm_conf_complete(file, &running.settings);
	lbadm_conf_sort(file);
	if (!lbadm_opts.json) {
		lbadm_conf_diff(&running, file, diff_line, &p);
	} else {
		json_init(&j, stdout, lbadm_opts.pretty);
		p.j = &j;
		json_open_object(&j, NULL);
		json_open_array(&j, "add");
		p.sign = '+';
		lbadm_conf_diff(&running, file, diff_line, &p);
		json_close_array(&j);
		json_open_array(&j, "remove");
		p.sign = '-';
		lbadm_conf_diff(&running, file, diff_line, &p);
		json_close_array(&j);
		json_close_object(&j);
		json_finish(&j);
	}
	lbadm_conf_free(&running);
	return LBADM_EXIT_OK;
}

int cmd_restore(int argc, char **argv)
{
	const char *path = NULL;
	struct lbadm_conf c;
	bool dry = false;
	char err[512];
	FILE *in = stdin;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run")) {
			dry = true;
		} else if (!strcmp(argv[i], "-f") || !strcmp(argv[i], "--file")) {
			if (i + 1 >= argc || !argv[i + 1][0])
				return lbadm_usage_error("-f needs a file name");
			path = argv[++i];
		} else {
			return lbadm_usage_error("restore: unexpected \"%s\"", argv[i]);
		}
	}
	if (path && strcmp(path, "-")) {
		in = fopen(path, "r");
		if (!in)
			return lbadm_usage_error("%s: %s", path, strerror(errno));
	}
	lbadm_conf_init(&c);
	ret = lbadm_conf_parse(in, &c, err, sizeof(err));
	if (in != stdin)
		fclose(in);
	if (ret) {
		lbadm_conf_free(&c);
		return lbadm_usage_error("%s", err);
	}
	ret = dry ? dry_run(&c) : restore(&c, false);
	lbadm_conf_free(&c);
	return ret;
}
