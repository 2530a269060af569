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

static int __init lbdr_canary_init(void)
{
	int i;

	WARN_ON(warn);
	/*
	 * Lose the pointers. Many of them: a stale copy of one may survive in
	 * a cached thread stack, which kmemleak scans as a reference.
	 */
	for (i = 0; leak && i < 32; i++)
		kmalloc(128, GFP_KERNEL);
	return 0;
}

static void __exit lbdr_canary_exit(void)
{
}

module_init(lbdr_canary_init);
module_exit(lbdr_canary_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("lbdr test harness self-test: planted bugs");
