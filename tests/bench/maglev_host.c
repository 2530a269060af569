// SPDX-License-Identifier: GPL-2.0
/*
 * Measure 6 on the host: module/maglev.c itself, built in userspace against
 * tests/bench/maglev-shim (no kernel hook, no KUnit), for N servers and M
 * slots: build time, balance (max/avg slots per server) and the slots that
 * change owner when one server is removed, against the ideal 1/N.
 *
 *   maglev_host REPS "N..." "M..."    one "BENCH {json}" line per (N, M)
 *
 * Servers are 10.x.y.z numbered from 10.0.0.1, sorted by address and of
 * weight 1, as service.c hands them to the build.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lbdr.h"
#include "linux/siphash.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The servers list without @skip (or all when skip >= n). */
static struct lbdr_table *build(struct lbdr_server **all, unsigned int n,
				unsigned int skip, u32 m)
{
	struct lbdr_server **s = calloc(n, sizeof(*s));
	struct lbdr_table *t;
	unsigned int i, k = 0;

	for (i = 0; i < n; i++)
		if (i != skip)
			s[k++] = all[i];
	t = lbdr_maglev_build(s, k, AF_INET, m);
	free(s);
	return t;
}

int main(int argc, char **argv)
{
	/* Reference vector of SipHash-2-4 (key 00..0f, empty message), as in
	 * lib/siphash_kunit.c: the shim must hash as the kernel does. */
	const siphash_key_t tk = { { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL } };
	int reps = argc > 1 ? atoi(argv[1]) : 5;
	char *ns, *ms, *save1, *save2, *tn, *tm;

	if (argc != 4 || reps < 1) {
		fprintf(stderr, "usage: maglev_host REPS \"N...\" \"M...\"\n");
		return 1;
	}
	if (siphash("", 0, &tk) != 0x726fdb47dd0e0e31ULL) {
		fprintf(stderr, "maglev_host: siphash shim differs from the kernel's\n");
		return 1;
	}
	ns = strdup(argv[2]);
	for (tn = strtok_r(ns, " ", &save1); tn; tn = strtok_r(NULL, " ", &save1)) {
		unsigned int n = atoi(tn), i, r;
		struct lbdr_server *srv = calloc(n, sizeof(*srv));
		struct lbdr_server **all = calloc(n, sizeof(*all));

		for (i = 0; i < n; i++) {
			srv[i].addr.ip = htonl(0x0a000001 + i);
			srv[i].weight = 1;
			all[i] = &srv[i];
		}
		ms = strdup(argv[3]);
		for (tm = strtok_r(ms, " ", &save2); tm; tm = strtok_r(NULL, " ", &save2)) {
			u32 m = strtoul(tm, NULL, 10), *count = calloc(n, sizeof(u32)), max = 0;
			double *t = calloc(reps, sizeof(double)), moved_sum = 0, moved_max = 0;
			struct lbdr_table *full = NULL;
			unsigned int removals = n < 5 ? n : 5;

			/* Build time: the median of REPS builds of the full table. */
			for (r = 0; r < (unsigned int)reps; r++) {
				double t0 = now();

				free(full);
				full = build(all, n, n, m);
				t[r] = now() - t0;
				if (!full)
					return 1;
			}
			qsort(t, reps, sizeof(double), cmp_double);
			for (i = 0; i < m; i++)
				count[full->slot[i]]++;
			for (i = 0; i < n; i++)
				max = count[i] > max ? count[i] : max;
			/* Remove one server (5 spread over the list, one at a time):
			 * a slot moved when its owner, by address, is not the same. */
			for (r = 0; r < removals; r++) {
				unsigned int skip = r * n / removals, moved = 0;
				struct lbdr_table *less = build(all, n, skip, m);

				if (!less)
					return 1;
				for (i = 0; i < m; i++)
					if (full->servers[full->slot[i]] != less->servers[less->slot[i]])
						moved++;
				moved_sum += (double)moved / m;
				moved_max = (double)moved / m > moved_max ? (double)moved / m : moved_max;
				free(less);
			}
			printf("BENCH {\"measure\":\"maglev_host\",\"servers\":%u,\"slots\":%u,"
			       "\"reps\":%d,\"build_s_median\":%.6f,\"max_over_avg\":%.5f,"
			       "\"removals\":%u,\"moved_frac_mean\":%.6f,\"moved_frac_max\":%.6f,"
			       "\"ideal_frac\":%.6f}\n", n, m, reps, t[reps / 2],
			       max / ((double)m / n), removals, moved_sum / removals,
			       moved_max, 1.0 / n);
			fflush(stdout);
			free(full);
			free(count);
			free(t);
		}
		free(ms);
		free(srv);
		free(all);
	}
	free(ns);
	return 0;
}
