// SPDX-License-Identifier: GPL-2.0
/*
 * TAP output. The plan ("1..N") comes first, but N is only known once all
 * cases have run, so the case lines are kept in memory until tap_done().
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static FILE *lines;
static char *lines_buf;
static size_t lines_len;
static int cases;
static int failed;

static void tap_start(void)
{
	if (lines)
		return;
	lines = open_memstream(&lines_buf, &lines_len);
	if (!lines) {
		perror("open_memstream");
		exit(2);
	}
}

/* Write @s to @f between double quotes, C-escaped; "(null)" for NULL. */
static void put_quoted(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("(null)", f);
		return;
	}
	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\r')
			fputs("\\r", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/*
 * The description, on one line, with "#" escaped as "\#": a bare "#"
 * would start a TAP directive.
 */
static void put_description(FILE *f, const char *fmt, va_list ap)
{
	char buf[512];
	const char *p;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	for (p = buf; *p; p++) {
		if (*p == '#')
			fputs("\\#", f);
		else if (*p == '\n')
			fputs("\\n", f);
		else
			fputc(*p, f);
	}
}

const char *tap_quote(const char *s)
{
	/* A few rotating buffers, so one description can quote twice. */
	static char bufs[4][256];
	static int next;
	char *buf = bufs[next++ % 4];
	FILE *f = fmemopen(buf, sizeof(bufs[0]), "w");

	if (!f)
		return "?";
	put_quoted(f, s);
	fputc('\0', f);
	fclose(f);
	buf[sizeof(bufs[0]) - 1] = '\0';
	return buf;
}

bool tap_expect_str(const char *todo, const char *got, const char *expected,
		    const char *fmt, ...)
{
	bool ok = got && expected && !strcmp(got, expected);
	va_list ap;

	tap_start();
	cases++;
	if (!ok && !todo)
		failed++;
	fprintf(lines, "%s %d - ", ok ? "ok" : "not ok", cases);
	va_start(ap, fmt);
	put_description(lines, fmt, ap);
	va_end(ap);
	if (todo)
		fprintf(lines, " # TODO %s", todo);
	fputc('\n', lines);
	if (!ok) {
		fputs("#   got:      ", lines);
		put_quoted(lines, got);
		fputs("\n#   expected: ", lines);
		put_quoted(lines, expected);
		fputc('\n', lines);
	}
	return ok;
}

int tap_done(void)
{
	tap_start();
	fclose(lines);
	printf("1..%d\n", cases);
	fwrite(lines_buf, 1, lines_len, stdout);
	free(lines_buf);
	if (failed)
		printf("# %d of %d failed\n", failed, cases);
	fflush(stdout);
	return failed ? 1 : 0;
}
