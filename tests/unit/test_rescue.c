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

/* Only object-like definitions whose body is storage classes and
 * qualifiers reach spatch's builtins for the rewrite. */
static void storage(void **state)
{
	const char *text = "#define local static\n"
			   "#define EXPORT extern const\n"
			   "#define TLS __thread\n"
			   "#define F(x) static\n"
			   "#define N 3\n"
			   "#define S static int\n"
			   "#define EMPTY\n"
			   "#define staticx staticky\n";
	struct scan s;
	char *out;

	(void)state;
	memset(&s, 0, sizeof(s));
	rescue_defines(text, strlen(text), &s.defines);
	buf_append(&s.defines, "", 0);
	s.defines_read = 1;
	out = rescue_storage_defines(&s);
	assert_string_equal(out, "#define local static\n#define EXPORT extern const\n"
				 "#define TLS __thread\n");
	free(out);
	buf_free(&s.defines);
}

int test_rescue(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defines),
		cmocka_unit_test(storage),
	};

	return cmocka_run_group_tests_name("rescue", tests, NULL, NULL);
}
