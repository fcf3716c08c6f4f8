/* The groups of lines that are compiled together (config.h): a
 * conditional directive ends a group and starts the next; a directive in
 * a comment is none; a continued directive is one line of its group. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "unit.h"

static void groups(void **state)
{
	const char *text = "int a;\n"          /* 1: group 0 */
			   "#if A\n"           /* 2: its own */
			   "int b;\n"          /* 3 */
			   "/* #else\n"        /* 4: a comment, same group */
			   "#endif */\n"       /* 5 */
			   "#define M(x) \\\n" /* 6: not a conditional */
			   "  (x)\n"           /* 7 */
			   "#else\n"           /* 8 */
			   "int c;\n"          /* 9 */
			   "# endif\n"         /* 10 */
			   "int d;\n";         /* 11 */
	unsigned seg[12] = { 0 };
	size_t n;

	(void)state;
	n = config_segments(text, strlen(text), seg, 11);
	assert_int_equal(seg[1], 0);
	assert_true(seg[2] != seg[1] && seg[2] != seg[3]);
	assert_int_equal(seg[3], seg[4]);
	assert_int_equal(seg[3], seg[5]);
	assert_int_equal(seg[3], seg[6]);
	assert_int_equal(seg[3], seg[7]);
	assert_true(seg[8] != seg[7] && seg[9] != seg[8]);
	assert_true(seg[9] != seg[3]);
	assert_true(seg[11] != seg[9] && seg[10] != seg[11]);
	assert_int_equal(n, seg[11] + 1);
}

int test_config(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(groups),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
