// SPDX-License-Identifier: GPL-2.0
/*
 * Planted bugs for the VM harness's self-test: loaded with warn=1 it hits a
 * WARN_ON, with leak=1 it leaks an allocation. tests/run-all checks that
 * tests/vm/run reports both, so a kernel log scan that cannot fail would
 * be noticed.
 */
#include <linux/module.h>
#include <linux/slab.h>

static bool warn;
module_param(warn, bool, 0444);
static bool leak;
module_param(leak, bool, 0444);

static void *lbdr_canary_lost;

static int __init lbdr_canary_init(void)
{
	WARN_ON(warn);
	if (leak) {
		lbdr_canary_lost = kmalloc(128, GFP_KERNEL);
		/* Forget it: kmemleak must notice. */
		lbdr_canary_lost = NULL;
	}
	return 0;
}

static void __exit lbdr_canary_exit(void)
{
}

module_init(lbdr_canary_init);
module_exit(lbdr_canary_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("lbdr test harness self-test: planted bugs");
