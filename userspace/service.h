/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Service keys and their printing, shared by "lbadm service" and
 * "lbadm server".
 */
#ifndef LBADM_SERVICE_H
#define LBADM_SERVICE_H

#include <stdbool.h>

#include "ipc.h"
#include "json.h"
#include "svcopt.h"

/*
 * "PROTO VIP:PORT" or "fwmark MARK [family inet|inet6]" at argv[*i];
 * advances *i. Returns an exit code (usage error message printed).
 */
int lbadm_parse_svc_key(int argc, char **argv, int *i, struct lbdr_svc *svc);
/*
 * "show [SERVICE]" for service and server: dump, filter, and hand each
 * matching service to @fn (@j is NULL for text output). Returns an exit
 * code; a SERVICE that does not exist is refused.
 */
int lbadm_show(int argc, char **argv,
	       void (*fn)(const struct lbdr_svc *svc, struct json *j));

#endif
