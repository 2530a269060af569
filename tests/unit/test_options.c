// SPDX-License-Identifier: GPL-2.0
/*
 * options.c: lbadm's global options, in front of the subcommand.
 *
 *	lbadm [-j|--json] [-p|--pretty] [-s|--stats] [-n|--netns NAME]
 *	      [-h|--help] [-V|--version] [--] SUBCOMMAND ...
 *
 * Each row is a command line and the outcome, written as
 *
 *	"ret=I [json] [pretty] [stats] [help] [netns=NAME] [word=ARGV[I]]"
 *
 * where I is the index of the subcommand in argv (argc when there is
 * none) and word is the subcommand found there, or as "error: MESSAGE"
 * when lbadm_options_parse() refuses the command line.
 */
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "tap.h"

#define MAX_ARGS 8

static const struct {
	const char *args[MAX_ARGS];	/* argv[1..], NULL-terminated */
	const char *expected;
} option_cases[] = {
	/* No options: the subcommand is the first word, if any. */
	{ { NULL },				"ret=1" },
	{ { "info", NULL },			"ret=1 word=info" },
	{ { "config", "-j", NULL },		"ret=1 word=config" },
	/* Each option, short and long. */
	{ { "-j", "info", NULL },		"ret=2 json word=info" },
	{ { "--json", "info", NULL },		"ret=2 json word=info" },
	{ { "-p", "info", NULL },		"ret=2 json pretty word=info" },
	{ { "--pretty", "info", NULL },		"ret=2 json pretty word=info" },
	{ { "-s", "service", NULL },		"ret=2 stats word=service" },
	{ { "--stats", "server", "show", NULL },	"ret=2 stats word=server" },
	{ { "-n", "blue", "info", NULL },	"ret=3 netns=blue word=info" },
	{ { "--netns", "blue", "info", NULL },	"ret=3 netns=blue word=info" },
	{ { "-h", NULL },			"ret=2 help" },
	{ { "--help", "config", NULL },		"ret=2 help word=config" },
	/* Options combine; the last -n wins. */
	{ { "-j", "-p", "-n", "red", "-h", "info", NULL },
	  "ret=6 json pretty help netns=red word=info" },
	{ { "-n", "red", "-n", "blue", NULL },	"ret=5 netns=blue" },
	{ { "-s", "-j", "-s", "stats", NULL },	"ret=4 json stats word=stats" },
	/* -s goes with -j and -p too (JSON has the counters anyway). */
	{ { "-p", "-s", "service", "show", NULL },
	  "ret=3 json pretty stats word=service" },
	/* The word after -n is its value, whatever it looks like. */
	{ { "-n", "-j", "info", NULL },		"ret=3 netns=-j word=info" },
	/* -V is the "version" subcommand: argv[i] is rewritten. */
	{ { "-V", NULL },			"ret=1 word=version" },
	{ { "--version", NULL },		"ret=1 word=version" },
	{ { "-j", "-V", "extra", NULL },	"ret=2 json word=version" },
	/* "--" ends the options; what follows is the subcommand. */
	{ { "--", NULL },			"ret=2" },
	{ { "--", "-j", NULL },			"ret=2 word=-j" },
	{ { "-j", "--", "info", NULL },		"ret=3 json word=info" },
	/* A lone "-" is a word, not an option. */
	{ { "-", NULL },			"ret=1 word=-" },
	/* -n needs a non-empty name. */
	{ { "-n", NULL },
	  "error: option -n needs a network namespace name" },
	{ { "--netns", NULL },
	  "error: option -n needs a network namespace name" },
	{ { "-n", "", "info", NULL },
	  "error: option -n needs a network namespace name" },
	/* Unknown options, including bundled and "=value" forms. */
	{ { "-x", "info", NULL },		"error: unknown option \"-x\"" },
	{ { "--jsonx", NULL },			"error: unknown option \"--jsonx\"" },
	{ { "-jp", NULL },			"error: unknown option \"-jp\"" },
	{ { "-js", NULL },			"error: unknown option \"-js\"" },
	{ { "--stat", NULL },			"error: unknown option \"--stat\"" },
	{ { "--netns=blue", NULL },		"error: unknown option \"--netns=blue\"" },
	{ { "-j", "-q", "info", NULL },		"error: unknown option \"-q\"" },
	/* A long unknown option is quoted, cut to 64 characters. */
	{ { "--0123456789012345678901234567890123456789012345678901234567890123456789", NULL },
	  "error: unknown option \"--01234567890123456789012345678901234567890123456789012345678901\"" },
};

static void describe(char *buf, size_t len, int ret, int argc, char **argv,
		     const struct lbadm_options *o, const char *err)
{
	FILE *f = fmemopen(buf, len, "w");

	if (!f) {
		snprintf(buf, len, "fmemopen failed");
		return;
	}
	if (ret < 0) {
		fprintf(f, "error: %s", err ? err : "(no message)");
	} else {
		fprintf(f, "ret=%d", ret);
		if (o->json)
			fputs(" json", f);
		if (o->pretty)
			fputs(" pretty", f);
		if (o->stats)
			fputs(" stats", f);
		if (o->help)
			fputs(" help", f);
		if (o->netns)
			fprintf(f, " netns=%s", o->netns);
		if (ret < argc)
			fprintf(f, " word=%s", argv[ret]);
		if (err)
			fputs(" (err set on success)", f);
	}
	fputc('\0', f);
	fclose(f);
	buf[len - 1] = '\0';
}

/* "lbadm -j info" for the description. */
static void command_line(char *buf, size_t len, char **argv)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; argv[i] && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i ? " " : "", argv[i][0] ?
					 argv[i] : "''");
}

static void test_options_table(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(option_cases); i++) {
		char *argv[MAX_ARGS + 2];
		struct lbadm_options o = { 0 };
		const char *err = NULL;
		char got[160], cmd[160];
		int argc, ret;

		/* A writable argv, as main() gets: -V rewrites an entry. */
		argv[0] = (char *)"lbadm";
		for (argc = 1; argc - 1 < MAX_ARGS &&
			       option_cases[i].args[argc - 1]; argc++)
			argv[argc] = (char *)option_cases[i].args[argc - 1];
		argv[argc] = NULL;
		command_line(cmd, sizeof(cmd), argv);

		ret = lbadm_options_parse(argc, argv, &o, &err);
		describe(got, sizeof(got), ret, argc, argv, &o, err);
		EXPECT_STR(got, option_cases[i].expected, "%s: %s",
			   cmd, option_cases[i].expected);
	}
}

void test_options(void)
{
	test_options_table();
}
