// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm flush: remove every service and real server of the namespace.
 */
#include "ipc.h"
#include "lbadm.h"

int cmd_flush(int argc, char **argv)
{
	(void)argv;
	if (argc > 0)
		return lbadm_usage_error("flush takes no arguments");
	return lbdr_ipc_flush() ? lbadm_ipc_failure() : LBADM_EXIT_OK;
}
