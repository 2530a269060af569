/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lbadm: shared declarations between the subcommands.
 */
#ifndef LBADM_H
#define LBADM_H

#include <stdbool.h>

/* Exit codes, documented in lbadm(8). */
enum {
	LBADM_EXIT_OK = 0,
	LBADM_EXIT_USAGE = 1,
	LBADM_EXIT_REFUSED = 2,
	LBADM_EXIT_NOMODULE = 3,
};

struct lbadm_options {
	bool json;
	bool pretty;
	bool stats;
	const char *netns;
	bool help;
};

extern struct lbadm_options lbadm_opts;

struct lbadm_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
};

int cmd_version(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_timeout(int argc, char **argv);
int cmd_service(int argc, char **argv);
int cmd_server(int argc, char **argv);
int cmd_flush(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_save(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_conn(int argc, char **argv);
int cmd_monitor(int argc, char **argv);

/* Print "lbadm: <message>" and return LBADM_EXIT_USAGE. */
int lbadm_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* Print the last netlink failure and return its exit code. */
int lbadm_ipc_failure(void);
/* The same, the message after "lbadm: WHERE: " (e.g. "line 12"). */
int lbadm_ipc_failure_at(const char *where);

struct lbadm_conf;
/*
 * The running configuration into @c (initialized, empty): settings and
 * every service with its servers, in save order. 0, or -1 with
 * lbdr_ipc_err set (save.c).
 */
int lbadm_conf_running(struct lbadm_conf *c);

#endif
