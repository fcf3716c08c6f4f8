/* The project's #define lines for spatch's macro file (rescue.h): every
 * definition, its continuation lines joined, nothing else. */
#include <stdlib.h>
#include <string.h>

#include "rescue.h"
#include "unit.h"

static void defines(void **state)
{
	const char *text = "#ifndef A_H\n"
			   "#define A_H\n"
			   "  #  define vec_t(T) struct { T *v; }\n"
			   "#define MAP(n, K) \\\n"
			   "\tstruct n##_map { K *k; }\n"
			   "int x; /* #define NOT_ME 1 is text */\n"
			   "#defined_not\n"
			   "#endif\n";
	struct buf out = { 0 };

	(void)state;
	rescue_defines(text, strlen(text), &out);
	assert_string_equal(out.data, "#define A_H\n"
				      "#define vec_t(T) struct { T *v; }\n"
				      "#define MAP(n, K)  \tstruct n##_map { K *k; }\n");
	buf_free(&out);
}

int test_rescue(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defines),
	};

	return cmocka_run_group_tests_name("rescue", tests, NULL, NULL);
}
