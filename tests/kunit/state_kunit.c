// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the TCP state of a connection (module/state.c): every
 * state against every flag byte, checked against IPVS's input-only table,
 * the SYN that starts a connection afresh, and the timeout of each state.
 */

#include <kunit/test.h>

#include "../../module/state.c"

static const char *const state_names[LBDR_CS_MAX + 1] = {
	[LBDR_CS_NONE] = "NONE",
	[LBDR_CS_SYN_RECV] = "SYN_RECV",
	[LBDR_CS_ESTABLISHED] = "ESTABLISHED",
	[LBDR_CS_FIN_WAIT] = "FIN_WAIT",
	[LBDR_CS_TIME_WAIT] = "TIME_WAIT",
	[LBDR_CS_CLOSE] = "CLOSE",
	[LBDR_CS_UDP] = "UDP",
	[LBDR_CS_TEMPLATE] = "TEMPLATE",
};

/*
 * The INPUT-ONLY rows of tcp_states[] in net/netfilter/ipvs/ip_vs_proto_tcp.c
 * (Linux 6.1), for the states lbdr has: columns sNO, sSR, sES, sFW, sTW,
 * sCL here, where IPVS orders them sNO, sES, sSS, sSR, sFW, sTW, sCL.
 */
enum { IPVS_EV_SYN, IPVS_EV_FIN, IPVS_EV_ACK, IPVS_EV_RST, IPVS_EV_NONE };

static const u8 ipvs_input_only[IPVS_EV_NONE][LBDR_CS_CLOSE + 1] = {
	/*	     NONE              SYN_RECV           ESTABLISHED */
	/*	     FIN_WAIT          TIME_WAIT          CLOSE */
	[IPVS_EV_SYN] = { LBDR_CS_SYN_RECV, LBDR_CS_SYN_RECV, LBDR_CS_ESTABLISHED,
		     LBDR_CS_SYN_RECV, LBDR_CS_SYN_RECV, LBDR_CS_SYN_RECV },
	[IPVS_EV_FIN] = { LBDR_CS_CLOSE, LBDR_CS_TIME_WAIT, LBDR_CS_FIN_WAIT,
		     LBDR_CS_FIN_WAIT, LBDR_CS_TIME_WAIT, LBDR_CS_CLOSE },
	[IPVS_EV_ACK] = { LBDR_CS_ESTABLISHED, LBDR_CS_ESTABLISHED, LBDR_CS_ESTABLISHED,
		     LBDR_CS_FIN_WAIT, LBDR_CS_TIME_WAIT, LBDR_CS_CLOSE },
	/* IPVS: an RST in sSR leaves it in sSR. */
	[IPVS_EV_RST] = { LBDR_CS_CLOSE, LBDR_CS_SYN_RECV, LBDR_CS_CLOSE,
		     LBDR_CS_CLOSE, LBDR_CS_CLOSE, LBDR_CS_CLOSE },
};

/* tcp_state_idx() of IPVS: rst, then syn, then fin, then ack. */
static int ipvs_event(u8 flags)
{
	if (flags & 0x04)
		return IPVS_EV_RST;
	if (flags & 0x02)
		return IPVS_EV_SYN;
	if (flags & 0x01)
		return IPVS_EV_FIN;
	if (flags & 0x10)
		return IPVS_EV_ACK;
	return IPVS_EV_NONE;
}

static u8 ipvs_next(u8 state, u8 flags)
{
	int ev = ipvs_event(flags);

	/* No flag IPVS reads, or not a TCP state: nothing changes. */
	if (ev == IPVS_EV_NONE || state > LBDR_CS_CLOSE)
		return state;
	return ipvs_input_only[ev][state];
}

static const u8 all_states[] = {
	LBDR_CS_NONE, LBDR_CS_SYN_RECV, LBDR_CS_ESTABLISHED, LBDR_CS_FIN_WAIT,
	LBDR_CS_TIME_WAIT, LBDR_CS_CLOSE, LBDR_CS_UDP, LBDR_CS_TEMPLATE,
};

static void state_desc(const u8 *state, char *desc)
{
	strscpy(desc, state_names[*state], KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(state, all_states, state_desc);

/*
 * One state, all 256 flag bytes (PSH, URG, ECE and CWR change nothing).
 * A wrong transition is reported once, for the first byte that shows it.
 */
static void lbdr_tcp_next_test(struct kunit *test)
{
	const u8 state = *(const u8 *)test->param_value;
	unsigned int flags, bad[IPVS_EV_NONE + 1] = {};

	for (flags = 0; flags <= 0xff; flags++) {
		u8 want = ipvs_next(state, flags), got = lbdr_tcp_next(state, flags);

		if (want == got || bad[ipvs_event(flags)]++)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, want, got,
				    "%s + flags 0x%02x: want %s, got %s",
				    state_names[state], flags, state_names[want],
				    got <= LBDR_CS_MAX ? state_names[got] : "?");
	}
}

/* The named transitions, each from the flag byte a client sends. */
static void lbdr_tcp_next_named_test(struct kunit *test)
{
	/* Handshake, data, close by the client. */
	KUNIT_EXPECT_EQ(test, LBDR_CS_SYN_RECV,
			lbdr_tcp_next(LBDR_CS_NONE, LBDR_TCP_SYN));
	KUNIT_EXPECT_EQ(test, LBDR_CS_ESTABLISHED,
			lbdr_tcp_next(LBDR_CS_SYN_RECV, LBDR_TCP_ACK));
	KUNIT_EXPECT_EQ(test, LBDR_CS_ESTABLISHED,
			lbdr_tcp_next(LBDR_CS_ESTABLISHED, LBDR_TCP_ACK | 0x08));
	KUNIT_EXPECT_EQ(test, LBDR_CS_FIN_WAIT,
			lbdr_tcp_next(LBDR_CS_ESTABLISHED, LBDR_TCP_FIN | LBDR_TCP_ACK));
	KUNIT_EXPECT_EQ(test, LBDR_CS_FIN_WAIT,
			lbdr_tcp_next(LBDR_CS_FIN_WAIT, LBDR_TCP_ACK));
	/* A retransmitted SYN on an established flow does not reset it. */
	KUNIT_EXPECT_EQ(test, LBDR_CS_ESTABLISHED,
			lbdr_tcp_next(LBDR_CS_ESTABLISHED, LBDR_TCP_SYN));
	KUNIT_EXPECT_EQ(test, LBDR_CS_SYN_RECV,
			lbdr_tcp_next(LBDR_CS_TIME_WAIT, LBDR_TCP_SYN));
	/* Priority: RST over SYN over FIN over ACK. */
	KUNIT_EXPECT_EQ(test, LBDR_CS_CLOSE,
			lbdr_tcp_next(LBDR_CS_ESTABLISHED, 0xff));
	KUNIT_EXPECT_EQ(test, LBDR_CS_SYN_RECV,
			lbdr_tcp_next(LBDR_CS_NONE,
				      LBDR_TCP_SYN | LBDR_TCP_FIN | LBDR_TCP_ACK));
	KUNIT_EXPECT_EQ(test, LBDR_CS_FIN_WAIT,
			lbdr_tcp_next(LBDR_CS_ESTABLISHED, LBDR_TCP_FIN | LBDR_TCP_ACK));
	/* No flag read: unchanged, and so is a state TCP does not use. */
	KUNIT_EXPECT_EQ(test, LBDR_CS_SYN_RECV, lbdr_tcp_next(LBDR_CS_SYN_RECV, 0));
	KUNIT_EXPECT_EQ(test, LBDR_CS_UDP, lbdr_tcp_next(LBDR_CS_UDP, LBDR_TCP_RST));
	KUNIT_EXPECT_EQ(test, 200, lbdr_tcp_next(200, LBDR_TCP_SYN));
}

static void lbdr_tcp_syn_reschedules_test(struct kunit *test)
{
	unsigned int s;

	for (s = 0; s <= 0xff; s++) {
		bool want = s == LBDR_CS_FIN_WAIT || s == LBDR_CS_TIME_WAIT ||
			    s == LBDR_CS_CLOSE;

		KUNIT_EXPECT_EQ_MSG(test, want, lbdr_tcp_syn_reschedules(s),
				    "state %u", s);
	}
}

static void lbdr_state_timeout_test(struct kunit *test)
{
	struct lbdr_config cfg = {};

	cfg.val[LBDR_CONFIG_A_CONN_MAX] = 1000;
	cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP] = 901;
	cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP_SYN] = 61;
	cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP_FIN] = 121;
	cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP_CLOSE] = 11;
	cfg.val[LBDR_CONFIG_A_TIMEOUT_UDP] = 301;

	KUNIT_EXPECT_EQ(test, 61U, lbdr_state_timeout(&cfg, LBDR_CS_SYN_RECV));
	KUNIT_EXPECT_EQ(test, 901U, lbdr_state_timeout(&cfg, LBDR_CS_ESTABLISHED));
	KUNIT_EXPECT_EQ(test, 121U, lbdr_state_timeout(&cfg, LBDR_CS_FIN_WAIT));
	KUNIT_EXPECT_EQ(test, 121U, lbdr_state_timeout(&cfg, LBDR_CS_TIME_WAIT));
	KUNIT_EXPECT_EQ(test, 11U, lbdr_state_timeout(&cfg, LBDR_CS_CLOSE));
	KUNIT_EXPECT_EQ(test, 301U, lbdr_state_timeout(&cfg, LBDR_CS_UDP));
	/* Not placed, as IPVS's 2 s; a template's lifetime is the caller's. */
	KUNIT_EXPECT_EQ(test, 2U, lbdr_state_timeout(&cfg, LBDR_CS_NONE));
	KUNIT_EXPECT_EQ(test, 2U, lbdr_state_timeout(&cfg, LBDR_CS_TEMPLATE));
	KUNIT_EXPECT_EQ(test, 2U, lbdr_state_timeout(&cfg, LBDR_CS_MAX + 1));
	KUNIT_EXPECT_EQ(test, 2U, lbdr_state_timeout(&cfg, 0xff));

	/* A changed setting applies at once. */
	cfg.val[LBDR_CONFIG_A_TIMEOUT_TCP] = 7200;
	KUNIT_EXPECT_EQ(test, 7200U, lbdr_state_timeout(&cfg, LBDR_CS_ESTABLISHED));
}

static struct kunit_case lbdr_tcp_state_cases[] = {
	KUNIT_CASE_PARAM(lbdr_tcp_next_test, state_gen_params),
	KUNIT_CASE(lbdr_tcp_next_named_test),
	KUNIT_CASE(lbdr_tcp_syn_reschedules_test),
	KUNIT_CASE(lbdr_state_timeout_test),
	{}
};

static struct kunit_suite lbdr_tcp_state_suite = {
	.name = "lbdr_tcp_state",
	.test_cases = lbdr_tcp_state_cases,
};

kunit_test_suite(lbdr_tcp_state_suite);
