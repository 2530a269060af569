// SPDX-License-Identifier: GPL-2.0
/*
 * lbdr: layer-4 load balancer doing direct routing (direct server return).
 * Module entry points: a linear init ladder and its mirror image on exit.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>

#include "lbdr.h"

static int __init lbdr_init(void)
{
	int err;

	/* The connection cache first: every namespace's table uses it. */
	err = lbdr_conn_init();
	if (err)
		goto err_conn;

	/* Per-netns state next: the family's handlers use it. */
	err = lbdr_netns_init();
	if (err)
		goto err_netns;

	/* Servers keep routes from the first packet: devices must see them go. */
	err = lbdr_route_init();
	if (err)
		goto err_route;

	/* Before the family: a socket may open a restore once it exists. */
	err = lbdr_restore_init();
	if (err)
		goto err_restore;

	err = lbdr_genl_init();
	if (err)
		goto err_genl;

	pr_info("version %s loaded\n", LBDR_VERSION);
	return 0;

err_genl:
	lbdr_restore_exit();
err_restore:
	lbdr_route_exit();
err_route:
	lbdr_netns_exit();
err_netns:
	lbdr_conn_exit();
err_conn:
	return err;
}

static void __exit lbdr_exit(void)
{
	lbdr_genl_exit();
	lbdr_restore_exit();
	lbdr_route_exit();
	lbdr_netns_exit();
	lbdr_conn_exit();
}

module_init(lbdr_init);
module_exit(lbdr_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Layer-4 direct-routing (DSR) load balancer");
MODULE_AUTHOR("The lbdr developers");
MODULE_VERSION(LBDR_VERSION);
MODULE_ALIAS_GENL_FAMILY(LBDR_GENL_NAME);
