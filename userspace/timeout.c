// SPDX-License-Identifier: GPL-2.0
/*
 * lbadm timeout { show | set [tcp S] [tcpsyn S] [tcpfin S] [tcpclose S]
 * [udp S] }: connection idle timeouts of the namespace, in seconds.
 */
#include "config.h"
#include "lbadm.h"

int cmd_timeout(int argc, char **argv)
{
	return lbadm_settings_cmd("timeout", argc, argv, lbadm_timeout_params,
				  lbadm_timeout_nparams, lbadm_timeout_show);
}
