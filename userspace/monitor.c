// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm monitor: print every change of the namespace's configuration as
 * the kernel multicasts it (group "events"), one line each, in the syntax
 * of the command that makes it:
 *
 *	service add|replace|change|del SERVICE [OPTIONS]
 *	server add|replace|change|del SERVICE RIP [OPTIONS]
 *	config set conn-max N tun-src4 A ... / timeout set ...
 *				(the settings it changed)
 *	flush
 *	stats zero
 *	restore commit N objects
 *
 * With -j, one JSON object per line: {"event": "service add", ...}.
 * Standard output is flushed after each event: scripts read it.
 * Runs until interrupted (status 0).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "ipc.h"
#include "json.h"
#include "lbadm.h"
#include "parse.h"
#include "settings.h"
#include "svcopt.h"

#define MON_STOP 1
#define MON_WRITE_ERROR 2

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* The settings as last known, to print those a CONFIG_SET changed. */
struct monitor {
	struct lbdr_config last;
	bool have_last;
};

/* "add", "change" or "del" for the write commands. */
static const char *event_action(const struct lbdr_event *ev)
{
	switch (ev->cmd) {
	case LBDR_CMD_SERVICE_NEW:
	case LBDR_CMD_SERVER_NEW:
		return ev->replace ? "replace" : "add";
	case LBDR_CMD_SERVICE_SET:
	case LBDR_CMD_SERVER_SET:
		return "change";
	default:
		return "del";
	}
}

/* The settings of @cfg that differ from the last known ones. */
static struct lbdr_config changed_settings(struct monitor *m,
					   const struct lbdr_config *cfg)
{
	struct lbdr_config ch = *cfg;
	int a;

	ch.mask = 0;
	for (a = 1; a <= LBDR_CONFIG_A_MAX; a++) {
		if (!(cfg->mask & (1U << a)))
			continue;
		if (!m->have_last || !(m->last.mask & (1U << a)) ||
		    !lbadm_config_same(&m->last, cfg, a))
			ch.mask |= 1U << a;
	}
	lbadm_config_merge(&m->last, cfg);
	m->have_last = true;
	/* A set that changed nothing: all of them. */
	if (!ch.mask)
		ch.mask = cfg->mask;
	return ch;
}

static void refresh_settings(struct monitor *m)
{
	m->have_last = lbdr_ipc_config_get(&m->last) == 0;
}

static void event_text(struct monitor *m, const struct lbdr_event *ev)
{
	char buf[INET6_ADDRSTRLEN];
	struct lbdr_config ch;

	switch (ev->cmd) {
	case LBDR_CMD_SERVICE_NEW:
	case LBDR_CMD_SERVICE_SET:
	case LBDR_CMD_SERVICE_DEL:
		printf("service %s ", event_action(ev));
		lbadm_svc_key_print(stdout, &ev->svc);
		if (ev->cmd != LBDR_CMD_SERVICE_DEL)
			lbadm_svc_opts_save(stdout, &ev->svc);
		putchar('\n');
		break;
	case LBDR_CMD_SERVER_NEW:
	case LBDR_CMD_SERVER_SET:
	case LBDR_CMD_SERVER_DEL:
		printf("server %s ", event_action(ev));
		lbadm_svc_key_print(stdout, &ev->svc);
		printf(" %s", format_addr(&ev->srv.addr, buf, sizeof(buf)));
		if (ev->cmd != LBDR_CMD_SERVER_DEL)
			lbadm_srv_opts_save(stdout, &ev->srv);
		putchar('\n');
		break;
	case LBDR_CMD_CONFIG_SET:
		ch = changed_settings(m, &ev->cfg);
		lbadm_settings_save(stdout, &ch);
		break;
	case LBDR_CMD_FLUSH:
		puts("flush");
		break;
	case LBDR_CMD_STATS_ZERO:
		puts("stats zero");
		break;
	case LBDR_CMD_RESTORE_COMMIT:
		printf("restore commit %u objects\n", ev->count);
		refresh_settings(m);
		break;
	default:
		printf("event %u\n", ev->cmd);
		break;
	}
}

/* The "event" of the JSON output: the command's words. */
static const char *event_name(const struct lbdr_event *ev, char *buf, size_t len)
{
	switch (ev->cmd) {
	case LBDR_CMD_SERVICE_NEW:
	case LBDR_CMD_SERVICE_SET:
	case LBDR_CMD_SERVICE_DEL:
		snprintf(buf, len, "service %s", event_action(ev));
		return buf;
	case LBDR_CMD_SERVER_NEW:
	case LBDR_CMD_SERVER_SET:
	case LBDR_CMD_SERVER_DEL:
		snprintf(buf, len, "server %s", event_action(ev));
		return buf;
	case LBDR_CMD_CONFIG_SET:
		return "config set";
	case LBDR_CMD_FLUSH:
		return "flush";
	case LBDR_CMD_STATS_ZERO:
		return "stats zero";
	case LBDR_CMD_RESTORE_COMMIT:
		return "restore commit";
	default:
		snprintf(buf, len, "event %u", ev->cmd);
		return buf;
	}
}

static void event_json(struct monitor *m, const struct lbdr_event *ev)
{
	char name[32];
	bool write = ev->cmd >= LBDR_CMD_SERVICE_NEW &&
		     ev->cmd <= LBDR_CMD_SERVER_DEL &&
		     ev->cmd != LBDR_CMD_SERVICE_GET;
	struct json j;

	json_init(&j, stdout, lbadm_opts.pretty);
	json_open_object(&j, NULL);
	json_string(&j, "event", event_name(ev, name, sizeof(name)));
	if (ev->has_svc && write) {
		json_open_object(&j, "service");
		lbadm_svc_key_json(&j, &ev->svc);
		if (ev->cmd == LBDR_CMD_SERVICE_NEW || ev->cmd == LBDR_CMD_SERVICE_SET)
			lbadm_svc_opts_json_nostats(&j, &ev->svc);
		json_close_object(&j);
	}
	if (ev->has_srv && write) {
		json_open_object(&j, "server");
		lbadm_srv_addr_json(&j, &ev->srv);
		if (ev->cmd != LBDR_CMD_SERVER_DEL)
			lbadm_srv_opts_json_nostats(&j, &ev->srv);
		json_close_object(&j);
	}
	if (ev->has_cfg) {
		json_open_object(&j, "config");
		lbadm_params_json(&j, &ev->cfg, lbadm_config_params,
				  lbadm_config_nparams);
		json_open_object(&j, "timeout");
		lbadm_params_json(&j, &ev->cfg, lbadm_timeout_params,
				  lbadm_timeout_nparams);
		json_close_object(&j);
		json_close_object(&j);
		changed_settings(m, &ev->cfg);
	}
	if (ev->has_count)
		json_u64(&j, "count", ev->count);
	json_close_object(&j);
	json_finish(&j);
	if (ev->cmd == LBDR_CMD_RESTORE_COMMIT)
		refresh_settings(m);
}

static int on_event(const struct lbdr_event *ev, void *data)
{
	struct monitor *m = data;

	if (!ev)	/* a signal */
		return stop ? MON_STOP : 0;
	if (ev->lost) {
		fprintf(stderr, "lbadm: events lost: the receive buffer was full\n");
		return 0;
	}
	if (lbadm_opts.json)
		event_json(m, ev);
	else
		event_text(m, ev);
	if (fflush(stdout) == EOF || ferror(stdout))
		return MON_WRITE_ERROR;
	return 0;
}

int cmd_monitor(int argc, char **argv)
{
	struct monitor m = { 0 };
	struct sigaction sa;
	int ret;

	(void)argv;
	if (argc > 0)
		return lbadm_usage_error("monitor takes no arguments");
	/* No SA_RESTART: the signal ends the wait for an event. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	refresh_settings(&m);
	ret = lbdr_ipc_monitor(on_event, &m);
	if (ret < 0)
		return lbadm_ipc_failure();
	if (ret == MON_WRITE_ERROR) {
		fprintf(stderr, "lbadm: write error: %s\n", strerror(errno));
		return LBADM_EXIT_USAGE;
	}
	return LBADM_EXIT_OK;
}
