/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal TAP producer for the host unit tests.
 *
 * Every check is one test case. The cases are numbered as they run and
 * printed after the plan once all have run, so the output is
 *
 *	1..N
 *	ok 1 - description
 *	not ok 2 - description
 *	#   got:      "..."
 *	#   expected: "..."
 *
 * A case marked TODO (a known bug, see EXPECT_STR_TODO) is printed with a
 * "# TODO reason" directive and does not make the run fail.
 */
#ifndef LBDR_TAP_H
#define LBDR_TAP_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Record one case: it passes when @got equals @expected. Both are printed,
 * C-escaped, as a diagnostic when it does not. @todo is NULL or the reason
 * the case is known to fail. Returns whether the case passed.
 */
bool tap_expect_str(const char *todo, const char *got, const char *expected,
		    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The one check the tests use: EXPECT_STR(got, expected, "what", ...). */
#define EXPECT_STR(got, expected, ...) \
	tap_expect_str(NULL, (got), (expected), __VA_ARGS__)
/* Same, for a case that shows a known, reported bug. */
#define EXPECT_STR_TODO(reason, got, expected, ...) \
	tap_expect_str((reason), (got), (expected), __VA_ARGS__)

/* Printable form of @s for descriptions: quotes, C escapes. */
const char *tap_quote(const char *s);

/* Print the plan and the recorded cases; the exit status for main(). */
int tap_done(void);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The test suites, one per source file under test. */
void test_parse(void);
void test_options(void);
void test_json(void);
void test_svcopt(void);
void test_settings(void);
void test_conf(void);
void test_connfmt(void);
void test_statsfmt(void);

#endif
