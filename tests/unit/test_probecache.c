/* The cache of cc -E runs (probecache.h): the runs read from an output,
 * and the check of a stored entry, which must take nothing from one that
 * is not exactly of the shape written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probecache.h"
#include "unit.h"

static void runs_of_output(void **state)
{
	const char *out = "# 1 \"a.c\"\n"
			  "# 1 \"<built-in>\"\n"
			  "#define __STDC__ 1\n"
			  "# 1 \"a.c\"\n"
			  "# 1 \"s.h\" 1\n"
			  "struct s {\n"       /* s.h 1 */
			  "  int n;\n"         /* s.h 2 */
			  "\n"                 /* s.h 3: nothing */
			  "};\n"               /* s.h 4 */
			  "# 3 \"a.c\" 2\n"
			  "int f(void)\n"      /* a.c 3 */
			  "{ return 0; }\n"    /* a.c 4 */
			  "   \n"              /* a.c 5: blanks */
			  "int g;";            /* a.c 6, no newline */
	struct probe_runs r = { 0 };

	(void)state;
	probe_runs_parse(out, &r);
	/* Every file a marker names, first seen first. */
	assert_int_equal(r.files.n, 3);
	assert_string_equal(r.files.v[0], "a.c");
	assert_string_equal(r.files.v[1], "<built-in>");
	assert_string_equal(r.files.v[2], "s.h");
	assert_int_equal(r.n, 5);
	assert_int_equal(r.v[0].file, 1);
	assert_int_equal(r.v[0].line, 1);
	assert_int_equal(r.v[0].count, 1);
	assert_int_equal(r.v[1].file, 2);
	assert_int_equal(r.v[1].line, 1);
	assert_int_equal(r.v[1].count, 2);
	assert_int_equal(r.v[2].line, 4);
	assert_int_equal(r.v[2].count, 1);
	assert_int_equal(r.v[3].file, 0);
	assert_int_equal(r.v[3].line, 3);
	assert_int_equal(r.v[3].count, 2);
	assert_int_equal(r.v[4].line, 6);
	probe_runs_free(&r);
}

static void entry_check(void **state)
{
	static const char sum[] = "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"";
	char good[512];
	const char *const bad[] = {
		"",
		"[]",
		"{\"files\": [], \"dirs\": [], \"runfiles\": []}",
		"{\"files\": [[\"a.c\", \"00\"]], \"dirs\": [], \"runfiles\": [], \"runs\": []}",
		"{\"files\": [], \"dirs\": [[\"d\"]], \"runfiles\": [], \"runs\": []}",
		"{\"files\": [], \"dirs\": [], \"runfiles\": [1], \"runs\": []}",
		"{\"files\": [], \"dirs\": [], \"runfiles\": [\"a.c\"], \"runs\": [[1, 1, 1]]}",
		"{\"files\": [], \"dirs\": [], \"runfiles\": [\"a.c\"], \"runs\": [[-1, 1, 1]]}",
		"{\"files\": [], \"dirs\": [], \"runfiles\": [\"a.c\"], \"runs\": [[0, 0, 1]]}",
		"{\"files\": [], \"dirs\": [], \"runfiles\": [\"a.c\"], \"runs\": [[0, 1, 0]]}",
		"{\"files\": [], \"dirs\": [], \"runfiles\": [\"a.c\"], \"runs\": [[0, 2147483647, 2]]}",
		"{\"files\": [], \"dirs\": [], \"runfiles\": [\"a.c\"], \"runs\": [[0, 1]]}",
		"{\"files\": [], \"dirs\": [], \"runfiles\": [\"a.c\"], \"runs\": [[0, 1, \"2\"]]}",
	};
	struct probe_runs r = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(probe_entry_parse(bad[i], strlen(bad[i]), &r), 0);
		assert_int_equal(r.n + r.files.n, 0);
	}
	snprintf(good, sizeof(good),
		 "{\"files\": [[\"a.c\", %s]], \"dirs\": [[\".\", \"1:2:3.000000004:5\"]], "
		 "\"runfiles\": [\"a.c\", \"s.h\"], \"runs\": [[1, 1, 2], [0, 3, 4]]}", sum);
	assert_int_equal(probe_entry_parse(good, strlen(good), &r), 1);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.files.v[r.v[0].file], "s.h");
	assert_int_equal(r.v[0].count, 2);
	assert_string_equal(r.files.v[r.v[1].file], "a.c");
	assert_int_equal(r.v[1].line, 3);
	probe_runs_free(&r);
}

int test_probecache(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runs_of_output),
		cmocka_unit_test(entry_check),
	};

	return cmocka_run_group_tests_name("probecache", tests, NULL, NULL);
}
