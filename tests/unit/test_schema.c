/* The checks facts and cache entries pass before the model reads them,
 * and the readers that apply them (spatch's output, the cache). */
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "detect.h"
#include "files.h"
#include "schema.h"
#include "unit.h"

static int check(const char *text, char *why, size_t whylen)
{
	json_t *f = json_loads(text, 0, NULL);
	int r;

	if (!f)
		fail_msg("bad fixture: %s", text);
	r = schema_fact(f, why, whylen);
	json_decref(f);
	return r;
}

static void facts_of_every_kind(void **state)
{
	static const char *const good[] = {
		"{\"k\":\"member\",\"file\":\"a.h\",\"line\":2,\"col\":2,\"type\":\"struct s\","
		"\"member\":\"m\",\"mtype\":\"pthread_mutex_t\",\"array\":false}",
		"{\"k\":\"def\",\"file\":\"a.h\",\"line\":2,\"col\":2,\"type\":\"struct s\","
		"\"member\":\"m\",\"mtype\":\"int\",\"mline\":2,\"mcol\":6}",
		"{\"k\":\"typedef\",\"file\":\"a.h\",\"line\":1,\"col\":1,\"name\":\"t\",\"of\":\"struct s\","
		"\"macro\":true}",
		"{\"k\":\"copy\",\"file\":\"a.c\",\"line\":9,\"col\":3,\"kind\":\"init\",\"type\":\"t\","
		"\"func\":\"f\",\"var_line\":9,\"var_col\":5}",
		"{\"k\":\"init\",\"file\":\"a.c\",\"line\":9,\"col\":3,\"fn\":\"pthread_mutex_init\","
		"\"member\":\"m\",\"type\":null}",
		"{\"k\":\"destroy\",\"file\":\"a.c\",\"line\":9,\"col\":3,\"fn\":\"pthread_mutex_destroy\","
		"\"member\":\"m\",\"type\":\"struct s\"}",
		"{\"k\":\"init_unchecked\",\"file\":\"a.c\",\"line\":9,\"col\":3,\"fn\":\"sem_init\"}",
		"{\"k\":\"init_arg\",\"file\":\"a.c\",\"line\":9,\"col\":3,\"fn\":\"sem_init\",\"arg\":\"0\"}",
		"{\"k\":\"pshared\",\"file\":\"a.c\",\"line\":9,\"col\":3,\"attr\":\"&a\"}",
		"{\"k\":\"shm\",\"file\":\"a.c\",\"line\":9,\"col\":3,\"type\":\"struct s\",\"fn\":\"mmap\"}",
		"{\"k\":\"zero_static\",\"file\":\"a.c\",\"line\":9,\"col\":3,\"type\":\"struct s\","
		"\"name\":\"g\",\"init\":true}",
		"{\"k\":\"static_init\",\"file\":\"a.c\",\"line\":9,\"col\":3,\"type\":\"struct s\","
		"\"member\":null,\"init\":\"PTHREAD_MUTEX_INITIALIZER\",\"name\":\"g\",\"array\":false}",
		"{\"k\":\"proto\",\"file\":\"a.h\",\"line\":9,\"col\":3,\"fn\":\"f\",\"ret\":\"int\","
		"\"params\":\"x *l\",\"body\":false}",
		"{\"k\":\"macro_addr\",\"file\":\"a.h\",\"line\":9,\"col\":1,\"macro\":\"M\","
		"\"member\":\"m\",\"path\":[\"st\",\"m\"],\"something_new\":{}}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char why[200] = "";

		if (check(good[i], why, sizeof(why)) != 0)
			fail_msg("rejected %s: %s", good[i], why);
	}
}

static void malformed_facts(void **state)
{
	char why[200];

	(void)state;
	/* The crash of issue 10: a member fact without its type. */
	assert_int_equal(check("{\"k\":\"member\",\"file\":\"a.h\",\"line\":2,\"col\":2,"
			       "\"member\":\"m\",\"mtype\":\"pthread_mutex_t\",\"array\":false}",
			       why, sizeof(why)), -1);
	assert_string_equal(why, "\"member\" fact without \"type\" (a string)");
	assert_int_equal(check("{\"k\":\"copy\",\"file\":\"a.c\",\"line\":1,\"col\":1,"
			       "\"kind\":\"steal\",\"type\":\"t\"}", why, sizeof(why)), -1);
	assert_int_equal(check("{\"k\":\"init\",\"file\":\"a.c\",\"line\":1,\"col\":1,"
			       "\"fn\":7,\"member\":\"m\"}", why, sizeof(why)), -1);
	assert_string_equal(why, "\"init\" fact whose \"fn\" is not a string");
	assert_int_equal(check("{\"k\":\"pshared\",\"file\":\"a.c\",\"line\":-1,\"col\":1,"
			       "\"attr\":\"a\"}", why, sizeof(why)), -1);
	assert_int_equal(check("{\"k\":\"pshared\",\"file\":\"\",\"line\":1,\"col\":1,"
			       "\"attr\":\"a\"}", why, sizeof(why)), -1);
	assert_int_equal(check("{\"k\":\"new\\nkind\",\"file\":\"a.c\",\"line\":1,\"col\":1}",
			       why, sizeof(why)), -1);
	assert_string_equal(why, "fact of unknown kind \"new?kind\"");
	assert_int_equal(check("{\"k\":\"macro_addr\",\"file\":\"a.h\",\"line\":9,\"col\":1,"
			       "\"macro\":\"M\",\"member\":\"m\",\"path\":[\"st\",1]}",
			       why, sizeof(why)), -1);
	assert_int_equal(check("[1]", why, sizeof(why)), -1);
	assert_int_equal(check("{\"k\":\"pshared\",\"line\":1,\"col\":1,\"attr\":\"a\"}", NULL, 0),
			 -1);
}

static void cache_entries(void **state)
{
	static const char good[] =
		"{\"facts\":[{\"k\":\"pshared\",\"file\":\"a.c\",\"line\":1,\"col\":1,\"attr\":\"a\"}],"
		"\"incomplete\":[{\"file\":\"a.c\",\"reason\":\"parse error at line 3\"}]}";
	static const char *const bad[] = {
		/* An incomplete entry without a reason once printed "(null)". */
		"{\"facts\":[],\"incomplete\":[{\"file\":\"a.c\"}]}",
		"{\"facts\":[{\"k\":\"pshared\",\"file\":\"a.c\",\"line\":1,\"col\":1,\"attr\":\"a\"},"
		"{\"k\":\"member\",\"file\":\"a.h\",\"line\":2,\"col\":2}],\"incomplete\":[]}",
		"{\"facts\":[],\"incomplete\":{}}",
		"{\"facts\":[{\"k\":\"pshared\",\"file\":\"a.c\",\"line\":1,\"col\":1,\"attr\":\"a\"}],"
		"\"incomplete\":[]",
		"[]",
		"",
	};
	json_t *facts = json_array(), *inc = json_array();

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(cache_parse(bad[i], strlen(bad[i]), facts, inc), 0);
		/* All or nothing: the valid fact before a bad one is not kept. */
		assert_int_equal(json_array_size(facts), 0);
		assert_int_equal(json_array_size(inc), 0);
	}
	assert_int_equal(cache_parse(good, strlen(good), facts, inc), 1);
	assert_int_equal(json_array_size(facts), 1);
	assert_int_equal(json_array_size(inc), 1);
	json_decref(facts);
	json_decref(inc);
}

static void spatch_facts(void **state)
{
	struct options o = { .timeout = 7, .max_mem = 100 };
	json_t *facts = json_array(), *inc = json_array();
	char why[256] = "";
	static const char out[] =
		"LOCKPTR\t{\"k\":\"pshared\",\"file\":\"./a.c\",\"line\":1,\"col\":1,\"attr\":\"a\"}\n"
		"LOCKPTR\t{\"k\":\"member\",\"file\":\"a.c\",\"line\":2,\"col\":1}\n";

	(void)state;
	assert_int_equal(detect_parse_checked("a.c", out, "", 0, 0, &o, facts, inc, why,
					      sizeof(why)), -1);
	assert_string_equal(why, "line 2 of its output: \"member\" fact without \"type\" "
			    "(a string)");
	assert_int_equal(json_array_size(facts), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(facts, 0), "file")),
			    "a.c");
	/* A run that failed may stop mid-line: the file is incomplete. */
	json_array_clear(facts);
	assert_int_equal(detect_parse_checked("a.c", "LOCKPTR\t{\"k\":", "", 137, 0, &o, facts,
					      inc, why, sizeof(why)), 0);
	assert_int_equal(json_array_size(facts), 0);
	assert_int_equal(json_array_size(inc), 1);
	json_decref(facts);
	json_decref(inc);
}

static void names(void **state)
{
	char *e;

	(void)state;
	assert_true(utf8_valid("caf\xc3\xa9/a.c"));
	assert_false(utf8_valid("\xff.c"));
	assert_false(utf8_valid("\xc0\xae.c"));         /* overlong '.' */
	assert_false(utf8_valid("\xed\xa0\x80.c"));     /* a surrogate */
	assert_false(utf8_valid("\xe2\x82"));           /* cut short */
	e = path_escape("d\\ir/\xff\n\xc3\xa9.c");
	assert_string_equal(e, "d\\\\ir/\\xff\\x0a\xc3\xa9.c");
	free(e);
}

int test_schema(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(facts_of_every_kind),
		cmocka_unit_test(malformed_facts),
		cmocka_unit_test(cache_entries),
		cmocka_unit_test(spatch_facts),
		cmocka_unit_test(names),
	};

	return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
