// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm stats: the counters of the network namespace (all services
 * together, the entries in the connection table, the packets dropped by
 * reason), then each service's and each of its real servers', with the
 * kernel's rates (statsfmt.c).
 *
 *	lbadm stats [show] [-w [SECONDS]] [SERVICE]
 *	lbadm stats watch [SECONDS] [SERVICE]
 *	lbadm stats zero
 *
 * -w (watch) prints them again every SECONDS (2) until interrupted, each
 * time with the time, as a block of text or as one JSON document.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "ipc.h"
#include "json.h"
#include "lbadm.h"
#include "parse.h"
#include "statsfmt.h"
#include "svcopt.h"

#define WATCH_DEFAULT 2
#define WATCH_MAX 86400

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct stats_req {
	bool watch;
	uint32_t interval;
	bool has_filter;
	struct lbdr_svc filter;
};

struct dump_ctx {
	const struct stats_req *req;
	struct lbadm_conf *c;
};

static int add_svc(const struct lbdr_svc *svc, void *data)
{
	struct dump_ctx *ctx = data;
	size_t dup;

	if (ctx->req->has_filter && !lbadm_svc_key_equal(&ctx->req->filter, svc))
		return 0;
	if (lbadm_conf_add_svc(ctx->c, svc, &dup) == -2) {
		lbdr_ipc_err.errnum = ENOMEM;
		return -1;
	}
	return 0;
}

/* One report: an exit code. */
static int report(const struct stats_req *req, bool first)
{
	char stamp[64], *time_str = NULL;
	struct lbdr_stats ns;
	struct lbadm_conf c;
	struct dump_ctx ctx = { req, &c };
	struct json j;
	time_t now;

	lbadm_conf_init(&c);
	if (lbdr_ipc_stats(&ns) || lbdr_ipc_service_dump(add_svc, &ctx)) {
		lbadm_conf_free(&c);
		return lbadm_ipc_failure();
	}
	if (req->has_filter && !c.nsvcs) {
		lbadm_conf_free(&c);
		fprintf(stderr, "lbadm: no such service\n");
		return LBADM_EXIT_REFUSED;
	}
	lbadm_conf_sort(&c);
	if (req->watch) {
		now = time(NULL);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S%z", localtime(&now));
		time_str = stamp;
	}
	if (lbadm_opts.json) {
		json_init(&j, stdout, lbadm_opts.pretty);
		lbadm_stats_json(&j, time_str, &ns, c.svcs, c.nsvcs);
		json_finish(&j);
	} else {
		if (!first)
			putchar('\n');
		lbadm_stats_text(stdout, time_str, &ns, c.svcs, c.nsvcs);
	}
	lbadm_conf_free(&c);
	if (fflush(stdout) == EOF) {
		fprintf(stderr, "lbadm: write error: %s\n", strerror(errno));
		return LBADM_EXIT_USAGE;
	}
	return LBADM_EXIT_OK;
}

static int watch(const struct stats_req *req)
{
	struct sigaction sa;
	struct timespec ts = { (time_t)req->interval, 0 };
	bool first = true;
	int ret;

	/* No SA_RESTART: the signal ends the sleep. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop) {
		ret = report(req, first);
		if (ret)
			return ret;
		first = false;
		ts.tv_sec = (time_t)req->interval;
		ts.tv_nsec = 0;
		while (!stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
	return LBADM_EXIT_OK;
}

/* An optional number of seconds at argv[*i]. */
static int parse_interval(int argc, char **argv, int *i, struct stats_req *req)
{
	req->watch = true;
	if (*i < argc && argv[*i][0] >= '0' && argv[*i][0] <= '9') {
		if (parse_u32(argv[*i], 1, WATCH_MAX, &req->interval))
			return lbadm_usage_error("stats: the interval is 1..%d seconds",
						 WATCH_MAX);
		(*i)++;
	}
	return LBADM_EXIT_OK;
}

int cmd_stats(int argc, char **argv)
{
	struct stats_req req = { .interval = WATCH_DEFAULT };
	char err[256];
	int i = 0, ret;

	if (argc > 0 && !strcmp(argv[0], "zero")) {
		if (argc > 1)
			return lbadm_usage_error("stats zero takes no arguments");
		return lbdr_ipc_stats_zero() ? lbadm_ipc_failure() : LBADM_EXIT_OK;
	}
	if (argc > 0 && !strcmp(argv[0], "show")) {
		i = 1;
	} else if (argc > 0 && !strcmp(argv[0], "watch")) {
		i = 1;
		ret = parse_interval(argc, argv, &i, &req);
		if (ret)
			return ret;
	}
	while (i < argc) {
		if (!strcmp(argv[i], "-w") || !strcmp(argv[i], "--watch")) {
			i++;
			ret = parse_interval(argc, argv, &i, &req);
			if (ret)
				return ret;
		} else if (!req.has_filter &&
			   (!strcmp(argv[i], "tcp") || !strcmp(argv[i], "udp") ||
			    !strcmp(argv[i], "fwmark"))) {
			if (lbadm_svc_key_parse(argc, argv, &i, &req.filter, err,
						sizeof(err)))
				return lbadm_usage_error("%s", err);
			req.has_filter = true;
		} else if (i == 0) {
			return lbadm_usage_error("stats: unknown action \"%s\"", argv[0]);
		} else {
			return lbadm_usage_error("stats: unexpected \"%s\"", argv[i]);
		}
	}
	return req.watch ? watch(&req) : report(&req, true);
}
