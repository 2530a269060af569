/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Connection table entries on the command line and in the output of
 * "lbadm conn": filters, text and JSON. Pure functions, unit-tested on
 * the host.
 */
#ifndef LBADM_CONNFMT_H
#define LBADM_CONNFMT_H

#include <stddef.h>
#include <stdio.h>

#include "ipc.h"
#include "json.h"

/* By enum lbdr_conn_state, NULL-terminated: the JSON names. */
extern const char *const lbadm_conn_state_names[];

/*
 * The filter words "[PROTO [VIP[:PORT]]] [server RIP] [client ADDR]", in
 * any order, into @flt (cleared first): the family is that of the
 * addresses, which must agree. Returns 0, or -1 with a message in @err.
 */
int lbadm_conn_filter_parse(int argc, char **argv, struct lbdr_conn_filter *flt,
			    char *err, size_t len);
/* Whether @flt selects anything less than every entry. */
bool lbadm_conn_filter_any(const struct lbdr_conn_filter *flt);

/*
 * "tcp 198.51.100.2:40000 -> 192.0.2.10:80 server 10.0.0.11 ESTABLISHED
 * expires 899"; a persistence template has no client port and "persist"
 * for its state, a fwmark service's "any" for its protocol and
 * "fwmark MARK" for the VIP.
 */
void lbadm_conn_print(FILE *f, const struct lbdr_conn_entry *c);
/*
 * {"proto", "family", "client", "cport", "vip", "vport" (or "fwmark"),
 * "server", "state", "expires"}
 */
void lbadm_conn_json(struct json *j, const struct lbdr_conn_entry *c);

#endif
