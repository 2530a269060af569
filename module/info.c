// SPDX-License-Identifier: GPL-2.0
/*
 * LBDR_CMD_INFO_GET's answer: which module this is and the limits it
 * enforces, so tools can check a request before sending it.
 */

#include "lbdr.h"

int lbdr_info_fill(struct sk_buff *skb)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, LBDR_A_INFO);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_string(skb, LBDR_INFO_A_VERSION, LBDR_VERSION) ||
	    nla_put_u32(skb, LBDR_INFO_A_CONN_MAX_LIMIT, LBDR_CONN_MAX_LIMIT) ||
	    nla_put_u32(skb, LBDR_INFO_A_CONN_MAX_DEFAULT,
			lbdr_conn_max_default(lbdr_ram_bytes())) ||
	    nla_put_u32(skb, LBDR_INFO_A_TIMEOUT_MAX, LBDR_TIMEOUT_MAX)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}
