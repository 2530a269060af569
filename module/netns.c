// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state. Everything lbdr knows lives in a struct
 * lbdr_net, created with the namespace and torn down with it, so containers
 * each run their own balancer.
 */

#include <linux/netdevice.h>
#include <linux/percpu.h>

#include "lbdr.h"

unsigned int lbdr_net_id __read_mostly;

static int __net_init lbdr_net_init(struct net *net)
{
	struct lbdr_net *ln = lbdr_pernet(net);
	int err;

	lbdr_config_init(&ln->config, lbdr_ram_bytes());
	INIT_DELAYED_WORK(&ln->est_work, lbdr_est_work);
	ln->drops = lbdr_drops_alloc();
	if (!ln->drops)
		return -ENOMEM;
	err = lbdr_conn_table_init(net, &ln->conns);
	if (err)
		goto err_conns;
	return 0;

err_conns:
	free_percpu(ln->drops);
	return err;
}

static void __net_exit lbdr_net_exit(struct net *net)
{
	struct lbdr_net *ln = lbdr_pernet(net);

	/*
	 * The last service takes the hooks with it; a packet already in the
	 * hook (rmmod under traffic) finishes within a grace period, and only
	 * then may the table go without RCU.
	 */
	mutex_lock(&lbdr_mutex);
	lbdr_stage_discard(net, 0);
	lbdr_svc_flush(net);
	mutex_unlock(&lbdr_mutex);
	/* No service is left, so the estimator does not queue itself again. */
	cancel_delayed_work_sync(&ln->est_work);
	synchronize_net();
	lbdr_conn_table_destroy(&ln->conns);
	free_percpu(ln->drops);
}

static struct pernet_operations lbdr_net_ops = {
	.init = lbdr_net_init,
	.exit = lbdr_net_exit,
	.id = &lbdr_net_id,
	.size = sizeof(struct lbdr_net),
};

int __init lbdr_netns_init(void)
{
	return register_pernet_subsys(&lbdr_net_ops);
}

void lbdr_netns_exit(void)
{
	unregister_pernet_subsys(&lbdr_net_ops);
}
