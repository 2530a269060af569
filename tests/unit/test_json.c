// SPDX-License-Identifier: GPL-2.0
/*
 * json.c: the streaming writer behind lbadm -j and -p.
 *
 * Each row is a short sequence of writer calls and the exact document it
 * must produce (json_finish() ends every document with a newline).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "tap.h"

/* ---- the documents ---- */

static void empty_object(struct json *j)
{
	json_open_object(j, NULL);
	json_close_object(j);
}

static void empty_array(struct json *j)
{
	json_open_array(j, NULL);
	json_close_array(j);
}

static void top_level_string(struct json *j)
{
	json_string(j, NULL, "lbdr");
}

static void scalars(struct json *j)
{
	json_open_object(j, NULL);
	json_string(j, "name", "lbdr");
	json_u64(j, "zero", 0);
	json_u64(j, "max", UINT64_MAX);
	json_bool(j, "on", true);
	json_bool(j, "off", false);
	json_string(j, "empty", "");
	json_close_object(j);
}

static void array_of_numbers(struct json *j)
{
	json_open_array(j, NULL);
	json_u64(j, NULL, 1);
	json_u64(j, NULL, 2);
	json_u64(j, NULL, 3);
	json_close_array(j);
}

static void array_of_objects(struct json *j)
{
	json_open_array(j, NULL);
	json_open_object(j, NULL);
	json_u64(j, "port", 80);
	json_close_object(j);
	json_open_object(j, NULL);
	json_u64(j, "port", 443);
	json_close_object(j);
	json_close_array(j);
}

/* Commas after a closed container, and empty containers between values. */
static void nested(struct json *j)
{
	json_open_object(j, NULL);
	json_open_object(j, "a");
	json_open_array(j, "b");
	json_u64(j, NULL, 1);
	json_open_object(j, NULL);
	json_open_array(j, "c");
	json_close_array(j);
	json_close_object(j);
	json_close_array(j);
	json_close_object(j);
	json_open_object(j, "d");
	json_close_object(j);
	json_open_array(j, "e");
	json_close_array(j);
	json_bool(j, "f", true);
	json_close_object(j);
}

static void escape_quotes(struct json *j)
{
	json_string(j, NULL, "say \"hi\"");
}

static void escape_backslash(struct json *j)
{
	json_string(j, NULL, "C:\\dir\\");
}

static void escape_short_controls(struct json *j)
{
	json_string(j, NULL, "a\nb\rc\td");
}

/* All other control characters: \u00XX (JSON allows either hex case). */
static void escape_other_controls(struct json *j)
{
	json_string(j, NULL, "\x01|\b|\f|\x1b|\x1f");
}

/* Not control characters: passed through as they are. */
static void no_escape(struct json *j)
{
	json_string(j, NULL, " /'\x7f\xc3\xa9~");
}

static void escape_keys(struct json *j)
{
	json_open_object(j, NULL);
	json_u64(j, "a\"b\\c\n", 1);
	json_close_object(j);
}

/* ---- the table ---- */

static const struct {
	const char *what;
	bool pretty;
	void (*build)(struct json *j);
	const char *expected;
} json_cases[] = {
	{ "empty object", false, empty_object, "{}\n" },
	{ "empty array", false, empty_array, "[]\n" },
	{ "empty object, pretty", true, empty_object, "{}\n" },
	{ "empty array, pretty", true, empty_array, "[]\n" },
	{ "a bare string", false, top_level_string, "\"lbdr\"\n" },
	{ "scalars in an object", false, scalars,
	  "{\"name\":\"lbdr\",\"zero\":0,\"max\":18446744073709551615,"
	  "\"on\":true,\"off\":false,\"empty\":\"\"}\n" },
	{ "array of numbers", false, array_of_numbers, "[1,2,3]\n" },
	{ "array of objects", false, array_of_objects,
	  "[{\"port\":80},{\"port\":443}]\n" },
	{ "nesting and empty containers", false, nested,
	  "{\"a\":{\"b\":[1,{\"c\":[]}]},\"d\":{},\"e\":[],\"f\":true}\n" },
	{ "quotes escaped", false, escape_quotes,
	  "\"say \\\"hi\\\"\"\n" },
	{ "backslashes escaped", false, escape_backslash,
	  "\"C:\\\\dir\\\\\"\n" },
	{ "newline, return, tab as \\n \\r \\t", false, escape_short_controls,
	  "\"a\\nb\\rc\\td\"\n" },
	{ "other control characters as \\u00XX", false, escape_other_controls,
	  "\"\\u0001|\\u0008|\\u000c|\\u001b|\\u001f\"\n" },
	{ "space, slash, quote, DEL and UTF-8 unescaped", false, no_escape,
	  "\" /'\x7f\xc3\xa9~\"\n" },
	{ "keys escaped like values", false, escape_keys,
	  "{\"a\\\"b\\\\c\\n\":1}\n" },
	{ "scalars in an object, pretty", true, scalars,
	  "{\n"
	  "  \"name\": \"lbdr\",\n"
	  "  \"zero\": 0,\n"
	  "  \"max\": 18446744073709551615,\n"
	  "  \"on\": true,\n"
	  "  \"off\": false,\n"
	  "  \"empty\": \"\"\n"
	  "}\n" },
	{ "array of numbers, pretty", true, array_of_numbers,
	  "[\n"
	  "  1,\n"
	  "  2,\n"
	  "  3\n"
	  "]\n" },
	{ "array of objects, pretty", true, array_of_objects,
	  "[\n"
	  "  {\n"
	  "    \"port\": 80\n"
	  "  },\n"
	  "  {\n"
	  "    \"port\": 443\n"
	  "  }\n"
	  "]\n" },
	{ "nesting and empty containers, pretty", true, nested,
	  "{\n"
	  "  \"a\": {\n"
	  "    \"b\": [\n"
	  "      1,\n"
	  "      {\n"
	  "        \"c\": []\n"
	  "      }\n"
	  "    ]\n"
	  "  },\n"
	  "  \"d\": {},\n"
	  "  \"e\": [],\n"
	  "  \"f\": true\n"
	  "}\n" },
	{ "a bare string, pretty", true, top_level_string, "\"lbdr\"\n" },
};

/* Run @build on a writer into memory; the document, to free(). */
static char *render(void (*build)(struct json *j), bool pretty)
{
	char *doc = NULL;
	size_t len = 0;
	struct json j;
	FILE *f = open_memstream(&doc, &len);

	if (!f)
		return NULL;
	json_init(&j, f, pretty);
	build(&j);
	json_finish(&j);
	fclose(f);
	return doc;
}

static void test_json_table(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(json_cases); i++) {
		char *got = render(json_cases[i].build, json_cases[i].pretty);

		EXPECT_STR(got, json_cases[i].expected, "json: %s",
			   json_cases[i].what);
		free(got);
	}
}

/*
 * Deep nesting, a value before and after each inner level:
 * "[0,[1,[2,...[N-1,N-1],...,2],1],0]". lbadm never nests this deep, but
 * past JSON_MAX_DEPTH, where the writer stops tracking the depth, the
 * compact output must still be valid JSON.
 */
static const int depth_cases[] = {
	JSON_MAX_DEPTH - 1,	/* the deepest level the writer tracks */
	JSON_MAX_DEPTH,
	JSON_MAX_DEPTH + 2,
};

static int deep_levels;

static void deep(struct json *j)
{
	int i;

	for (i = 0; i < deep_levels; i++) {
		json_open_array(j, NULL);
		json_u64(j, NULL, (uint64_t)i);
	}
	for (i = deep_levels - 1; i >= 0; i--) {
		json_u64(j, NULL, (uint64_t)i);
		json_close_array(j);
	}
}

static void test_json_depth(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(depth_cases); i++) {
		char expected[512], *got;
		size_t used = 0;
		int l;

		deep_levels = depth_cases[i];
		for (l = 0; l < deep_levels; l++)
			used += (size_t)snprintf(expected + used,
						 sizeof(expected) - used,
						 "[%d,", l);
		for (l = deep_levels - 1; l >= 0; l--)
			used += (size_t)snprintf(expected + used,
						 sizeof(expected) - used,
						 "%d]%s", l, l ? "," : "\n");
		got = render(deep, false);
		EXPECT_STR(got, expected, "json: %d nested arrays (JSON_MAX_DEPTH %+d)",
			   deep_levels, deep_levels - JSON_MAX_DEPTH);
		free(got);
	}
}

void test_json(void)
{
	test_json_table();
	test_json_depth();
}
