// SPDX-License-Identifier: GPL-2.0
/*
 * statsfmt.c: the output of lbadm stats, as text and JSON: the
 * namespace's counters and rates, the drops by reason, then each service
 * (active and inactive summed over its servers) and each of its servers.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "statsfmt.h"
#include "tap.h"

static struct lbdr_srv servers[2];
static struct lbdr_svc svcs[2];
static struct lbdr_stats ns;

static void setup(void)
{
	int i;

	memset(&ns, 0, sizeof(ns));
	ns.conns = 30;
	ns.packets = 4294967296ull;
	ns.bytes = UINT64_MAX;
	ns.conn_count = 12;
	ns.cps = 3;
	ns.pps = 120;
	ns.bps = 96000;
	for (i = 1; i <= LBDR_DROP_MAX; i++)
		ns.drop[i] = (uint64_t)i;

	memset(svcs, 0, sizeof(svcs));
	memset(servers, 0, sizeof(servers));
	svcs[0].family = AF_INET;
	svcs[0].proto = IPPROTO_TCP;
	svcs[0].addr.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.10", &svcs[0].addr.v4);
	svcs[0].port = 80;
	svcs[0].stats = (struct lbdr_stats){ .conns = 30, .packets = 300, .bytes = 30000,
					     .cps = 1, .pps = 2, .bps = 3 };
	for (i = 0; i < 2; i++) {
		servers[i].addr.family = AF_INET;
		servers[i].addr.v4.s_addr = htonl(0x0a00000bu + (uint32_t)i);
		servers[i].stats = (struct lbdr_stats){
			.conns = 10 + 10 * (uint64_t)i, .packets = 100, .bytes = 10000,
			.active = 2 + (uint32_t)i, .inactive = 5, .cps = 7, .pps = 8, .bps = 9 };
	}
	svcs[0].servers = servers;
	svcs[0].nservers = 2;
	svcs[1].family = AF_INET6;
	svcs[1].fwmark = 5;
}

static char *render(bool json, const char *time, size_t n)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct json j;

	if (json) {
		json_init(&j, f, false);
		lbadm_stats_json(&j, time, &ns, svcs, n);
		json_finish(&j);
	} else {
		lbadm_stats_text(f, time, &ns, svcs, n);
	}
	fclose(f);
	return out;
}

void test_statsfmt(void)
{
	char *got;

	setup();
	got = render(false, NULL, 0);
	EXPECT_STR(got,
		   "conns 30 packets 4294967296 bytes 18446744073709551615 conn_count 12 cps 3 pps 120 bps 96000\n"
		   "drops no_server 1 no_route 2 mtu 3 table_full 4 malformed 5 no_conn 6 server_gone 7 nomem 8\n",
		   "stats text: the namespace alone");
	free(got);

	got = render(false, "2026-11-27T10:00:02+0000", 2);
	EXPECT_STR(got,
		   "time 2026-11-27T10:00:02+0000\n"
		   "conns 30 packets 4294967296 bytes 18446744073709551615 conn_count 12 cps 3 pps 120 bps 96000\n"
		   "drops no_server 1 no_route 2 mtu 3 table_full 4 malformed 5 no_conn 6 server_gone 7 nomem 8\n"
		   "tcp 192.0.2.10:80 conns 30 packets 300 bytes 30000 active 5 inactive 10 cps 1 pps 2 bps 3\n"
		   "  server 10.0.0.11 conns 10 packets 100 bytes 10000 active 2 inactive 5 cps 7 pps 8 bps 9\n"
		   "  server 10.0.0.12 conns 20 packets 100 bytes 10000 active 3 inactive 5 cps 7 pps 8 bps 9\n"
		   "fwmark 5 family inet6 conns 0 packets 0 bytes 0 active 0 inactive 0 cps 0 pps 0 bps 0\n",
		   "stats text: watch time, services summing their servers' active and inactive, servers");
	free(got);

	got = render(true, NULL, 0);
	EXPECT_STR(got,
		   "{\"conns\":30,\"packets\":4294967296,\"bytes\":18446744073709551615,"
		   "\"conn_count\":12,\"cps\":3,\"pps\":120,\"bps\":96000,"
		   "\"drops\":{\"no_server\":1,\"no_route\":2,\"mtu\":3,\"table_full\":4,"
		   "\"malformed\":5,\"no_conn\":6,\"server_gone\":7,\"nomem\":8},\"services\":[]}\n",
		   "stats JSON: the namespace alone, an empty services array");
	free(got);

	got = render(true, "2026-11-27T10:00:02+0000", 2);
	EXPECT_STR(got,
		   "{\"time\":\"2026-11-27T10:00:02+0000\",\"conns\":30,\"packets\":4294967296,"
		   "\"bytes\":18446744073709551615,\"conn_count\":12,\"cps\":3,\"pps\":120,"
		   "\"bps\":96000,\"drops\":{\"no_server\":1,\"no_route\":2,\"mtu\":3,"
		   "\"table_full\":4,\"malformed\":5,\"no_conn\":6,\"server_gone\":7,\"nomem\":8},"
		   "\"services\":[{\"family\":\"inet\",\"proto\":\"tcp\",\"vip\":\"192.0.2.10\","
		   "\"port\":80,\"conns\":30,\"packets\":300,\"bytes\":30000,\"active\":5,"
		   "\"inactive\":10,\"cps\":1,\"pps\":2,\"bps\":3,\"servers\":["
		   "{\"address\":\"10.0.0.11\",\"conns\":10,\"packets\":100,\"bytes\":10000,"
		   "\"active\":2,\"inactive\":5,\"cps\":7,\"pps\":8,\"bps\":9},"
		   "{\"address\":\"10.0.0.12\",\"conns\":20,\"packets\":100,\"bytes\":10000,"
		   "\"active\":3,\"inactive\":5,\"cps\":7,\"pps\":8,\"bps\":9}]},"
		   "{\"family\":\"inet6\",\"fwmark\":5,\"conns\":0,\"packets\":0,\"bytes\":0,"
		   "\"active\":0,\"inactive\":0,\"cps\":0,\"pps\":0,\"bps\":0,\"servers\":[]}]}\n",
		   "stats JSON: watch time, services, servers, rates");
	free(got);
}
