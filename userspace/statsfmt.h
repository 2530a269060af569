/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The output of "lbadm stats": the namespace's counters and drops, then
 * each service's and each of its servers', with the rates. Pure
 * functions, unit-tested on the host.
 */
#ifndef LBADM_STATSFMT_H
#define LBADM_STATSFMT_H

#include <stddef.h>
#include <stdio.h>

#include "ipc.h"
#include "json.h"

/* By enum lbdr_drop_reason, [0] unused: the text and JSON names. */
extern const char *const lbadm_drop_names[LBDR_DROP_MAX + 1];

/*
 * conns N packets N bytes N conn_count N cps N pps N bps N
 * drops no_server N no_route N ...
 * SERVICE conns N packets N bytes N active N inactive N cps N pps N bps N
 *   server RIP conns N packets N bytes N active N inactive N cps N ...
 *
 * A service's active and inactive are the sums of its servers'. @time,
 * when not NULL, comes first on a line "time TIME".
 */
void lbadm_stats_text(FILE *f, const char *time, const struct lbdr_stats *ns,
		      const struct lbdr_svc *svcs, size_t n);
/*
 * One object: "time" (if given), the namespace's counters, "drops" and
 * "services", each with its key, counters and "servers".
 */
void lbadm_stats_json(struct json *j, const char *time,
		      const struct lbdr_stats *ns,
		      const struct lbdr_svc *svcs, size_t n);

#endif
