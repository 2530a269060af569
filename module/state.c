// SPDX-License-Identifier: GPL-2.0
/*
 * TCP state of a balanced connection, from the client->server packets
 * only: a direct-routing balancer never sees the replies. This is IPVS's
 * input-only table, and its timeouts per state.
 */

#include "lbdr.h"

/* rst before syn before fin before ack, as IPVS reads the flags. */
static int lbdr_tcp_event(u8 flags)
{
	if (flags & LBDR_TCP_RST)
		return 3;
	if (flags & LBDR_TCP_SYN)
		return 0;
	if (flags & LBDR_TCP_FIN)
		return 1;
	if (flags & LBDR_TCP_ACK)
		return 2;
	return -1;
}

/* IPVS's INPUT-ONLY rows; a reset does not end a half-open connection. */
#define S_NO LBDR_CS_NONE
#define S_SR LBDR_CS_SYN_RECV
#define S_ES LBDR_CS_ESTABLISHED
#define S_FW LBDR_CS_FIN_WAIT
#define S_TW LBDR_CS_TIME_WAIT
#define S_CL LBDR_CS_CLOSE

static const u8 lbdr_tcp_table[4][LBDR_CS_CLOSE + 1] = {
	/*	   S_NO  S_SR  S_ES  S_FW  S_TW  S_CL */
	/* syn */ { S_SR, S_SR, S_ES, S_SR, S_SR, S_SR },
	/* fin */ { S_CL, S_TW, S_FW, S_FW, S_TW, S_CL },
	/* ack */ { S_ES, S_ES, S_ES, S_FW, S_TW, S_CL },
	/* rst */ { S_CL, S_SR, S_CL, S_CL, S_CL, S_CL },
};

/* The state after a client->server segment with @tcp_flags. */
u8 lbdr_tcp_next(u8 state, u8 tcp_flags)
{
	int ev = lbdr_tcp_event(tcp_flags);

	if (ev < 0 || state > LBDR_CS_CLOSE)
		return state;
	return lbdr_tcp_table[ev][state];
}

/*
 * A SYN on a connection that is closing or closed starts a new one, and
 * is scheduled afresh (IPVS conn_reuse_mode), instead of stalling on an
 * entry the server has already forgotten.
 */
bool lbdr_tcp_syn_reschedules(u8 state)
{
	return state == LBDR_CS_FIN_WAIT || state == LBDR_CS_TIME_WAIT ||
	       state == LBDR_CS_CLOSE;
}

/* Seconds an entry in @state lives after its last packet. */
u32 lbdr_state_timeout(const struct lbdr_config *cfg, u8 state)
{
	static const u8 attr[LBDR_CS_MAX + 1] = {
		[LBDR_CS_SYN_RECV]	= LBDR_CONFIG_A_TIMEOUT_TCP_SYN,
		[LBDR_CS_ESTABLISHED]	= LBDR_CONFIG_A_TIMEOUT_TCP,
		[LBDR_CS_FIN_WAIT]	= LBDR_CONFIG_A_TIMEOUT_TCP_FIN,
		[LBDR_CS_TIME_WAIT]	= LBDR_CONFIG_A_TIMEOUT_TCP_FIN,
		[LBDR_CS_CLOSE]		= LBDR_CONFIG_A_TIMEOUT_TCP_CLOSE,
		[LBDR_CS_UDP]		= LBDR_CONFIG_A_TIMEOUT_UDP,
	};

	/* NONE: a segment we could not place, as IPVS (2 s). */
	if (state > LBDR_CS_MAX || !attr[state])
		return 2;
	return READ_ONCE(cfg->val[attr[state]]);
}
