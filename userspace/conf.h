/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The whole configuration of a namespace, as "lbadm save" prints it and
 * "lbadm restore" reads it: the settings, then each service followed by
 * its real servers, one object per line in lbadm's own command syntax.
 * Parsing, ordering, printing and the difference between two: pure
 * functions, unit-tested on the host.
 */
#ifndef LBADM_CONF_H
#define LBADM_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ipc.h"
#include "json.h"

/* One "config set" or "timeout set" line of a restore file. */
struct lbadm_conf_setting {
	unsigned int line;
	struct lbdr_config cfg;
};

struct lbadm_conf {
	struct lbdr_config settings;	/* what the lines set, merged */
	struct lbadm_conf_setting *setlines;
	size_t nsetlines;
	struct lbdr_svc *svcs;		/* each with its servers */
	size_t nsvcs;
	/* Private: capacities, and an index of the services by key. */
	size_t svc_cap, set_cap;
	unsigned int *srv_cap;
	size_t *index, index_size;
};

void lbadm_conf_init(struct lbadm_conf *c);
void lbadm_conf_free(struct lbadm_conf *c);

/*
 * Add a copy of @svc (and of its servers), unless a service of its key is
 * there: then -1 and *@dup is that one's index. -2 without memory.
 * Returns the new service's index.
 */
long lbadm_conf_add_svc(struct lbadm_conf *c, const struct lbdr_svc *svc,
			size_t *dup);
/* Append @srv to service @i; -1 without memory. */
int lbadm_conf_add_srv(struct lbadm_conf *c, size_t i,
		       const struct lbdr_srv *srv);
/* The index of the service of @key's key, or -1. */
long lbadm_conf_find(const struct lbadm_conf *c, const struct lbdr_svc *key);

/*
 * One line of a restore file, already split into words (none: a blank
 * line). Only service add, server add, config set and timeout set
 * belong there; a server's service must come on an earlier line.
 * Returns 0, or -1 with the message (without line number) in @err.
 */
int lbadm_conf_parse_words(struct lbadm_conf *c, unsigned int line, int argc,
			   char **argv, char *err, size_t len);
/*
 * A whole restore file: blank lines and comments (from a word starting
 * with "#" to the end of the line) are skipped. Then lbadm_conf_check().
 * Returns 0, or -1 with "line N: MESSAGE" in @err.
 */
int lbadm_conf_parse(FILE *in, struct lbadm_conf *c, char *err, size_t len);
/*
 * Sort each service's servers by address; a server added twice to a
 * service is an error ("line N: ..." in @err, the first such line).
 */
int lbadm_conf_check(struct lbadm_conf *c, char *err, size_t len);
/* Sort the services in save order (lbadm_svc_key_cmp()). */
void lbadm_conf_sort(struct lbadm_conf *c);
/*
 * What the kernel makes of it: the settings no line sets keep their
 * values in @base (the running ones), each option not given gets its
 * default.
 */
void lbadm_conf_complete(struct lbadm_conf *c, const struct lbdr_config *base);

/* The save form: settings, then each service and its servers. */
void lbadm_conf_save(FILE *f, const struct lbadm_conf *c);
/* {"config": {...}, "services": [...]} */
void lbadm_conf_json(struct json *j, const struct lbadm_conf *c);

/*
 * The save lines that differ between @from and @to, both sorted: @fn is
 * called with '-' for a line of @from only, '+' for a line of @to only,
 * in save order (for an object in both that changed, '-' first).
 * Returns the number of lines.
 */
size_t lbadm_conf_diff(const struct lbadm_conf *from, const struct lbadm_conf *to,
		       void (*fn)(char sign, const char *line, void *data),
		       void *data);

#endif
