/* The helpers of --lock-type lock types, written from their declarations. */
#include <stdlib.h>
#include <string.h>

#include "usertype.h"
#include "unit.h"

static json_t *protos(const char *text)
{
	json_error_t e;
	json_t *f = json_loads(text, 0, &e);

	assert_non_null(f);
	return f;
}

static char *helper(const char *nomem, const char *facts, char **section)
{
	struct lock_type lt = { "usem_t", "usem_init", "usem_fini", (char *)nomem };
	json_t *f = protos(facts);
	char *why = user_helper(&lt, f, section);

	json_decref(f);
	return why;
}

static void unnamed_parameters(void **state)
{
	char *section, *why;

	(void)state;
	/* A prototype without names: the helper names them; the definition,
	 * where there is one, wins. */
	why = helper("-1", "[{\"k\":\"proto\",\"fn\":\"usem_init\",\"ret\":\"int\","
			   "\"params\":\"usem_t * , unsigned int , struct q * \",\"body\":false},"
			   "{\"k\":\"proto\",\"fn\":\"usem_fini\",\"ret\":\"long\","
			   "\"params\":\"usem_t * s\",\"body\":true}]", &section);
	assert_null(why);
	{
		char *h = user_header("usem_t", section), *n = user_header_name("usem_t");

		assert_string_equal(n, "lockptr_usem_t.h");
		assert_non_null(strstr(h, "#ifndef LOCKPTR_HELPERS_USEM_T\n#define LOCKPTR_HELPERS_USEM_T\n"));
		assert_non_null(strstr(h, section));
		free(h);
		free(n);
	}
	assert_non_null(strstr(section, "LOCKPTR_INLINE int lockptr_usem_init(usem_t **l, "
					"unsigned int a1, struct q *a2)\n"));
	assert_non_null(strstr(section, "\t\treturn -1;\n"));
	assert_non_null(strstr(section, "return lockptr_usem_after_init(l, usem_init(*l, a1, a2));"));
	/* A heap box (static ones are never freed); C++ takes malloc's void *
	 * only with a cast. */
	assert_non_null(strstr(section, "b = (struct lockptr_usem_box *)malloc(sizeof(*b));"));
	assert_non_null(strstr(section, "\tb->heap = 1;\n"));
	assert_non_null(strstr(section, "LOCKPTR_INLINE long lockptr_usem_fini(usem_t **l)\n"));
	assert_non_null(strstr(section, "return lockptr_usem_after_destroy(l, usem_fini(*l));"));
	free(section);
}

static void named_and_void(void **state)
{
	char *section, *why;

	(void)state;
	why = helper("E_NOMEM", "[{\"k\":\"proto\",\"fn\":\"usem_init\",\"ret\":\"int\","
				"\"params\":\"usem_t * s , const char * name\",\"body\":true},"
				"{\"k\":\"proto\",\"fn\":\"usem_fini\",\"ret\":\"void\","
				"\"params\":\"usem_t * s\",\"body\":false}]", &section);
	assert_null(why);
	assert_non_null(strstr(section, "lockptr_usem_init(usem_t **l, const char *name)\n"));
	assert_non_null(strstr(section, "usem_init(*l, name)"));
	assert_non_null(strstr(section, "LOCKPTR_INLINE void lockptr_usem_fini(usem_t **l)\n{\n"
					"\tif (!*l)\n\t\treturn;\n\tusem_fini(*l);\n"
					"\tlockptr_usem_release(l);\n"));
	free(section);
}

static void refusals(void **state)
{
	static const struct {
		const char *nomem, *facts, *why;
	} cases[] = {
		{ "-1", "[]", "no declaration of usem_init() was found in the files scanned (a "
			      "macro?): lockptr needs its parameters to write the helper" },
		{ NULL, "[{\"k\":\"proto\",\"fn\":\"usem_init\",\"ret\":\"int\",\"params\":\"usem_t * s\"},"
			"{\"k\":\"proto\",\"fn\":\"usem_fini\",\"ret\":\"int\",\"params\":\"usem_t * s\"}]",
		  "what usem_init() returns when out of memory is not known: give it as "
		  "--lock-type usem_t:usem_init:usem_fini:VALUE" },
		{ "-1", "[{\"k\":\"proto\",\"fn\":\"usem_init\",\"ret\":\"void\",\"params\":\"usem_t * s\"},"
			"{\"k\":\"proto\",\"fn\":\"usem_fini\",\"ret\":\"int\",\"params\":\"usem_t * s\"}]",
		  "usem_init() returns void: a failed allocation of the lock could not be reported" },
		{ "-1", "[{\"k\":\"proto\",\"fn\":\"usem_init\",\"ret\":\"int\",\"params\":\"usem_t * s\","
			"\"file\":\"a.h\",\"line\":3},"
			"{\"k\":\"proto\",\"fn\":\"usem_init\",\"ret\":\"int\",\"params\":\"usem_t * s , int n\","
			"\"file\":\"b.c\",\"line\":9},"
			"{\"k\":\"proto\",\"fn\":\"usem_fini\",\"ret\":\"int\",\"params\":\"usem_t * s\"}]",
		  "usem_init() is declared in two different ways (a.h:3, b.c:9)" },
		{ "-1", "[{\"k\":\"proto\",\"fn\":\"usem_init\",\"ret\":\"int\",\"params\":\"void * s\"},"
			"{\"k\":\"proto\",\"fn\":\"usem_fini\",\"ret\":\"int\",\"params\":\"usem_t * s\"}]",
		  "usem_init() and usem_fini() must take a pointer to usem_t first" },
		{ "-1", "[{\"k\":\"proto\",\"fn\":\"usem_init\",\"ret\":\"int\",\"params\":\"usem_t * s , ...\"},"
			"{\"k\":\"proto\",\"fn\":\"usem_fini\",\"ret\":\"int\",\"params\":\"usem_t * s\"}]",
		  "the parameters of usem_init() or usem_fini() cannot be forwarded by a helper" },
		{ "-1", "[{\"k\":\"proto\",\"fn\":\"usem_init\",\"ret\":\"int\",\"params\":\"usem_t * s\"},"
			"{\"k\":\"proto\",\"fn\":\"usem_fini\",\"ret\":\"int\",\"params\":\"usem_t * s , int f\"}]",
		  "usem_fini() takes more than the lock: its calls are left as they are" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *section, *why = helper(cases[i].nomem, cases[i].facts, &section);

		assert_non_null(why);
		assert_string_equal(why, cases[i].why);
		assert_null(section);
		free(why);
	}
}

int test_usertype(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unnamed_parameters),
		cmocka_unit_test(named_and_void),
		cmocka_unit_test(refusals),
	};

	return cmocka_run_group_tests_name("usertype", tests, NULL, NULL);
}
