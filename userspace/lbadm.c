// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm: configure the lbdr load balancer.
 *
 *	lbadm [-j|-p] [-s] [-n NETNS] COMMAND [ARGS]
 *
 * One file per subcommand; this one holds the table, the global options
 * and the mapping of failures to exit codes (see lbadm(8)).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "lbadm.h"
#include "options.h"

struct lbadm_options lbadm_opts;

static const struct lbadm_cmd lbadm_cmds[] = {
	{ "version", cmd_version, "version" },
	{ "info", cmd_info, "info" },
	{ "config", cmd_config,
	  "config { show | set [conn-max N] [tun-src4 ADDR|none]\n"
	  "      [tun-src6 ADDR|none] }" },
	{ "timeout", cmd_timeout,
	  "timeout { show | set [tcp S] [tcpsyn S] [tcpfin S] [tcpclose S] [udp S] }" },
	{ "service", cmd_service,
	  "service { add | replace | change | del } SERVICE [sched maglev|wrr|wlc|sh]\n"
	  "      [table SIZE] [hash 5tuple|saddr] [persist SECS [mask PREFIXLEN]]\n"
	  "      [sloppy on|off] [on-remove reschedule|drop] [tun-src ADDR]...\n"
	  "  lbadm service show [SERVICE]" },
	{ "server", cmd_server,
	  "server { add | replace | change | del } SERVICE RIP [weight N]\n"
	  "      [method dr|ipip|gue] [port P] [csum on|off] [uthreshold N]\n"
	  "      [lthreshold N]\n"
	  "  lbadm server show [SERVICE]" },
	{ "flush", cmd_flush, "flush" },
	{ "stats", cmd_stats,
	  "stats [show] [-w [SECONDS]] [SERVICE]\n"
	  "  lbadm stats watch [SECONDS] [SERVICE]\n"
	  "  lbadm stats zero" },
	{ "conn", cmd_conn,
	  "conn [show] [FILTER]\n"
	  "  lbadm conn del FILTER\n"
	  "  lbadm conn flush [FILTER]" },
	{ "save", cmd_save, "save" },
	{ "restore", cmd_restore, "restore [-f FILE] [--dry-run]" },
	{ "monitor", cmd_monitor, "monitor" },
};

#define N_CMDS (sizeof(lbadm_cmds) / sizeof(lbadm_cmds[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: lbadm [-j | -p] [-s] [-n NETNS] COMMAND [ARGS]\n"
		   "Commands:\n");
	for (i = 0; i < N_CMDS; i++)
		fprintf(f, "  lbadm %s\n", lbadm_cmds[i].usage);
	fprintf(f, "  lbadm help\n"
		   "SERVICE := { tcp | udp } VIP:PORT | fwmark MARK [family inet|inet6]\n"
		   "FILTER := [{ tcp | udp } [VIP[:PORT]]] [server RIP] [client ADDR]\n"
		   "Options: -j JSON, -p pretty JSON, -s counters in show output,\n"
		   "  -n NETNS run in a named network namespace.\n");
}

int lbadm_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("lbadm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return LBADM_EXIT_USAGE;
}

int lbadm_ipc_failure_at(const char *where)
{
	const struct lbdr_ipc_error *e = &lbdr_ipc_err;

	if (e->no_module) {
		fprintf(stderr, "lbadm: lbdr module is not loaded\n");
		return LBADM_EXIT_NOMODULE;
	}
	fputs("lbadm: ", stderr);
	if (where)
		fprintf(stderr, "%s: ", where);
	fputs(e->msg[0] ? e->msg : strerror(e->errnum), stderr);
	if (e->msg[0])
		fprintf(stderr, " (%s)", strerror(e->errnum));
	if (e->has_range)
		fprintf(stderr, ", allowed %llu..%llu",
			(unsigned long long)e->range_min,
			(unsigned long long)e->range_max);
	if (e->missing_attr)
		fprintf(stderr, ", missing attribute %d", e->missing_attr);
	fputc('\n', stderr);
	return LBADM_EXIT_REFUSED;
}

int lbadm_ipc_failure(void)
{
	return lbadm_ipc_failure_at(NULL);
}

static int enter_netns(const char *name)
{
	char path[256];
	int fd;

	if (strchr(name, '/') || snprintf(path, sizeof(path), "/run/netns/%s", name) >= (int)sizeof(path))
		return lbadm_usage_error("invalid network namespace name \"%s\"", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return lbadm_usage_error("network namespace \"%s\": %s", name,
					 strerror(errno));
	if (setns(fd, CLONE_NEWNET) < 0) {
		close(fd);
		return lbadm_usage_error("cannot enter network namespace \"%s\": %s",
					 name, strerror(errno));
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	const char *err = NULL;
	size_t i;
	int first, ret;

	first = lbadm_options_parse(argc, argv, &lbadm_opts, &err);
	if (first < 0) {
		lbadm_usage_error("%s", err);
		usage(stderr);
		return LBADM_EXIT_USAGE;
	}
	if (lbadm_opts.help || first >= argc || !strcmp(argv[first], "help")) {
		usage(lbadm_opts.help || first < argc ? stdout : stderr);
		return lbadm_opts.help || first < argc ? LBADM_EXIT_OK : LBADM_EXIT_USAGE;
	}
	if (lbadm_opts.netns) {
		ret = enter_netns(lbadm_opts.netns);
		if (ret)
			return ret;
	}

	for (i = 0; i < N_CMDS; i++) {
		if (strcmp(argv[first], lbadm_cmds[i].name))
			continue;
		ret = lbadm_cmds[i].fn(argc - first - 1, argv + first + 1);
		lbdr_ipc_close();
		if (fflush(stdout) == EOF && ret == LBADM_EXIT_OK) {
			fprintf(stderr, "lbadm: write error: %s\n", strerror(errno));
			ret = LBADM_EXIT_USAGE;
		}
		return ret;
	}
	return lbadm_usage_error("unknown command \"%s\", try \"lbadm help\"",
				 argv[first]);
}
