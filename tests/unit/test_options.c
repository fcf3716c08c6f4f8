#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "unit.h"

static int parse(struct options *o, const char *const *args)
{
	char *argv[32];
	int argc = 0;

	while (args[argc]) {
		argv[argc] = (char *)args[argc];
		argc++;
	}
	argv[argc] = NULL;
	return options_parse(o, argc, argv);
}

static void defaults(void **state)
{
	const char *args[] = { "scan", NULL };
	struct options o;

	(void)state;
	assert_int_equal(parse(&o, args), OPT_OK);
	assert_true(o.jobs >= 1);
	assert_int_equal(o.timeout, 120);
	assert_int_equal(o.format, FORMAT_TEXT);
	assert_int_equal(o.progress, WHEN_AUTO);
	assert_int_equal(o.paths.n, 0);
	assert_false(o.include_vendored);
	assert_false(o.retry);
	options_free(&o);
}

static void every_option(void **state)
{
	const char *args[] = { "scan", "-j", "3", "-p", "db.json", "-I", "inc", "-Dfoo=1",
			       "--macro-file", "m.h", "--lock-type", "uv_mutex_t:uv_mutex_init:uv_mutex_destroy",
			       "--lock-type", "k_t:k_init:k_fini:-ENOMEM",
			       "--timeout", "0", "--max-mem", "512", "--format", "sarif",
			       "--progress", "never", "-q", "--only", "struct stats.rw",
			       "--include-vendored", "--retry", "src", "--", "-odd.c", NULL };
	struct options o;

	(void)state;
	assert_int_equal(parse(&o, args), OPT_OK);
	assert_int_equal(o.jobs, 3);
	assert_string_equal(o.compdb, "db.json");
	assert_string_equal(o.incdirs.v[0], "inc");
	assert_string_equal(o.defines.v[0], "foo=1");
	assert_string_equal(o.macro_file, "m.h");
	assert_int_equal(o.nlock_types, 2);
	assert_string_equal(o.lock_types[0].name, "uv_mutex_t");
	assert_string_equal(o.lock_types[0].init, "uv_mutex_init");
	assert_string_equal(o.lock_types[0].destroy, "uv_mutex_destroy");
	assert_null(o.lock_types[0].nomem);
	assert_string_equal(o.lock_types[1].destroy, "k_fini");
	assert_string_equal(o.lock_types[1].nomem, "-ENOMEM");
	assert_int_equal(o.timeout, 0);
	assert_int_equal(o.max_mem, 512);
	assert_int_equal(o.format, FORMAT_SARIF);
	assert_int_equal(o.progress, WHEN_NEVER);
	assert_true(o.quiet);
	assert_string_equal(o.only.v[0], "struct stats.rw");
	assert_true(o.include_vendored);
	assert_true(o.retry);
	assert_int_equal(o.paths.n, 2);
	assert_string_equal(o.paths.v[0], "src");
	assert_string_equal(o.paths.v[1], "-odd.c");
	options_free(&o);
}

static void errors(void **state)
{
	static const struct {
		const char *args[4];
		const char *msg;
	} cases[] = {
		{ { "scan", "-j", "0" }, "-j '0': expected a number from 1 to 256" },
		{ { "scan", "-j", "257" }, "-j '257': expected a number from 1 to 256" },
		{ { "scan", "-j", " 2" }, "-j ' 2': expected a number from 1 to 256" },
		{ { "scan", "--format", "xml" }, "--format 'xml': expected text, json or sarif" },
		{ { "scan", "--lock-type", "a:b" }, "--lock-type 'a:b': expected NAME:INIT:DESTROY[:NOMEM] (three C identifiers, and what INIT returns when out of memory: an identifier or integer)" },
		{ { "scan", "--lock-type", "a:b:c:d:e" }, "--lock-type 'a:b:c:d:e': expected NAME:INIT:DESTROY[:NOMEM] (three C identifiers, and what INIT returns when out of memory: an identifier or integer)" },
		{ { "scan", "--lock-type", "a:b:c:x y" }, "--lock-type 'a:b:c:x y': expected NAME:INIT:DESTROY[:NOMEM] (three C identifiers, and what INIT returns when out of memory: an identifier or integer)" },
		{ { "scan", "--lock-type", "a:b:c:" }, "--lock-type 'a:b:c:': expected NAME:INIT:DESTROY[:NOMEM] (three C identifiers, and what INIT returns when out of memory: an identifier or integer)" },
		{ { "scan", "--lock-type", "1a:b:c" }, "--lock-type '1a:b:c': expected NAME:INIT:DESTROY[:NOMEM] (three C identifiers, and what INIT returns when out of memory: an identifier or integer)" },
		{ { "scan", "--only", "struct .m" }, "--only 'struct .m': expected TYPE.MEMBER[@FILE], e.g. 'struct stats.rw'" },
		{ { "scan", "--only", "struct x.m@" }, "--only 'struct x.m@': expected TYPE.MEMBER[@FILE], e.g. 'struct stats.rw'" },
		{ { "scan", "--nope" }, "unknown or incomplete option '--nope'" },
		{ { "scan", "-p" }, "option -p needs a value" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct options o;

		assert_int_equal(parse(&o, cases[i].args), OPT_ERROR);
		assert_string_equal(o.error, cases[i].msg);
		options_free(&o);
	}
}

static void help_and_version(void **state)
{
	const char *h[] = { "scan", "--help", NULL }, *v[] = { "scan", "--version", NULL };
	struct options o;

	(void)state;
	assert_int_equal(parse(&o, h), OPT_HELP);
	options_free(&o);
	assert_int_equal(parse(&o, v), OPT_VERSION);
	options_free(&o);
}

static void unit_names(void **state)
{
	char *t, *m;

	(void)state;
	assert_int_equal(split_unit_name("struct stats.rw", &t, &m), 0);
	assert_string_equal(t, "struct stats");
	assert_string_equal(m, "rw");
	free(t);
	free(m);
	assert_int_equal(split_unit_name("queue_t.inner.sl", &t, &m), 0);
	assert_string_equal(t, "queue_t");
	assert_string_equal(m, "inner.sl");
	free(t);
	free(m);
	assert_int_equal(split_unit_name("stats", &t, &m), -1);
	assert_int_equal(split_unit_name("struct stats.", &t, &m), -1);
	assert_int_equal(split_unit_name(".rw", &t, &m), -1);
	assert_int_equal(split_unit_name("a b.rw", &t, &m), -1);
}

int test_options(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(every_option),
		cmocka_unit_test(errors),
		cmocka_unit_test(help_and_version),
		cmocka_unit_test(unit_names),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
