// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm save: the namespace's whole configuration, as the commands that
 * make it, one object per line (conf.c):
 *
 *	config set conn-max N tun-src4 A|none tun-src6 A|none
 *	timeout set tcp S tcpsyn S tcpfin S tcpclose S udp S
 *	service add SERVICE OPTIONS	(every option)
 *	server add SERVICE RIP OPTIONS	(after its service)
 *
 * in a fixed order, so that "lbadm save | lbadm restore" then "lbadm
 * save" prints the same bytes. -j: the same as one JSON object.
 */
#include <errno.h>
#include <stdio.h>

#include "conf.h"
#include "ipc.h"
#include "lbadm.h"

static int add_running(const struct lbdr_svc *svc, void *data)
{
	size_t dup;

	/* A dump sends each service once: a duplicate is the kernel's. */
	if (lbadm_conf_add_svc(data, svc, &dup) == -2) {
		lbdr_ipc_err.errnum = ENOMEM;
		return -1;
	}
	return 0;
}

int lbadm_conf_running(struct lbadm_conf *c)
{
	if (lbdr_ipc_config_get(&c->settings) ||
	    lbdr_ipc_service_dump(add_running, c))
		return -1;
	lbadm_conf_sort(c);
	return 0;
}

int cmd_save(int argc, char **argv)
{
	struct lbadm_conf c;
	struct json j;

	(void)argv;
	if (argc > 0)
		return lbadm_usage_error("save takes no arguments");
	lbadm_conf_init(&c);
	if (lbadm_conf_running(&c)) {
		lbadm_conf_free(&c);
		return lbadm_ipc_failure();
	}
	if (lbadm_opts.json) {
		json_init(&j, stdout, lbadm_opts.pretty);
		lbadm_conf_json(&j, &c);
		json_finish(&j);
	} else {
		lbadm_conf_save(stdout, &c);
	}
	lbadm_conf_free(&c);
	return LBADM_EXIT_OK;
}
