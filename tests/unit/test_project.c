/* The project file's reader (project.h) and the suppression comment
 * (keep.h): what becomes of each line, and the line a fault names. */
#include <stdlib.h>
#include <string.h>

#include "keep.h"
#include "project.h"
#include "unit.h"

/* project_args() on text in directory dir; the fault's line in *line. */
static int args_of(const char *text, const char *dir, struct strvec *args, long *line,
		   char *err)
{
	*line = -1;
	return project_args(text, strlen(text), dir, args, line, err, 256);
}

static void keys_become_options(void **state)
{
	struct strvec a = { 0 };
	char err[256];
	long line;

	(void)state;
	assert_int_equal(args_of("# a comment\n; another\n\ncompdb = build\n"
				 "  include = inc\ndefine = X=1\n"
				 "lock-type = k_t:k_init:k_fini:-1\n"
				 "keep = struct s.m: shared with the kernel\r\n"
				 "test-cmd = make check\nexclude = deps\n",
				 ".", &a, &line, err), 0);
	assert_int_equal(a.n, 14);
	assert_string_equal(a.v[0], "-p");
	assert_string_equal(a.v[1], "build");
	assert_string_equal(a.v[3], "inc");
	assert_string_equal(a.v[5], "X=1");
	assert_string_equal(a.v[8], "--keep");
	assert_string_equal(a.v[9], "struct s.m: shared with the kernel");
	assert_string_equal(a.v[11], "make check");
	assert_string_equal(a.v[13], "deps");
	strvec_free(&a);
}

static void paths_are_the_files_dirs(void **state)
{
	struct strvec a = { 0 };
	char err[256];
	long line;

	(void)state;
	assert_int_equal(args_of("compdb = build/cc.json\nmacro-file = /abs/m.h\n"
				 "test-cmd = make check\n",
				 "sub dir", &a, &line, err), 0);
	assert_string_equal(a.v[1], "sub dir/build/cc.json");
	assert_string_equal(a.v[3], "/abs/m.h");
	/* No shell: env changes the directory. */
	assert_string_equal(a.v[5], "env -C 'sub dir' make check");
	strvec_free(&a);
	/* An exclude glob with a '/' is anchored at the file's directory,
	 * resolved; one without stays a name. */
	assert_int_equal(args_of("exclude = ./src/vendor/\nexclude = deps/\n", "/", &a,
				 &line, err), 0);
	assert_string_equal(a.v[1], "/src/vendor");
	assert_string_equal(a.v[3], "deps");
	strvec_free(&a);
	assert_int_equal(args_of("exclude = a/b\n", "/no/such/dir", &a, &line, err), -1);
	assert_int_equal(line, 1);
	strvec_free(&a);
}

/* The fault and its line: each bad file gives exactly one. */
static void faults_name_their_line(void **state)
{
	static const struct {
		const char *text;
		long line;
		const char *why;
	} cases[] = {
		{ "compdb = a\nnot a pair\n", 2, "expected 'key = value'" },
		{ "\n\nbogus = 1\n", 3, "unknown key 'bogus'" },
		{ "timeout = 1\ntimeout = 2\n", 2, "set twice (first at line 1)" },
		{ "[x]\ncompdb = a\n", 2, "no sections" },
		{ "lock-type = nope\n", 1, "--lock-type 'nope'" },
		{ "keep = struct s.m\n", 1, "--keep 'struct s.m'" },
		{ "define = 1x\n", 1, "-D '1x'" },
		{ "compdb =\n", 1, "has no value" },
		{ "timeout = forever\n", 1, "--timeout 'forever'" },
		/* A later fault does not hide an earlier one. */
		{ "x = 1\nnot a pair\n", 1, "unknown key 'x'" },
		{ "not a pair\nx = 1\n", 1, "expected 'key = value'" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strvec a = { 0 };
		char err[256] = "";
		long line;

		assert_int_equal(args_of(cases[i].text, ".", &a, &line, err), -1);
		assert_int_equal(line, cases[i].line);
		if (!strstr(err, cases[i].why))
			fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].why);
		assert_null(strchr(err, '\n'));
		strvec_free(&a);
	}
}

static void long_lines_and_nul_bytes(void **state)
{
	char text[400], err[256];
	struct strvec a = { 0 };
	long line;

	(void)state;
	memset(text, 'x', sizeof(text));
	memcpy(text, "define = ", 9);
	memcpy(text + 397, "\n\n", 3);
	text[399] = '\0';
	assert_int_equal(args_of(text, ".", &a, &line, err), -1);
	assert_int_equal(line, 1);
	assert_non_null(strstr(err, "longer than 197 bytes"));
	strvec_free(&a);
	/* After an earlier fault a long line is still cut (the fuzzer's
	 * find: it overran inih's line buffer). */
	memcpy(text, "bogus=1\n", 8);
	assert_int_equal(args_of(text, ".", &a, &line, err), -1);
	assert_int_equal(line, 1);
	strvec_free(&a);
	assert_int_equal(project_args("timeout = 1\nx\0y\n", 16, ".", &a, &line, err, 256), -1);
	assert_int_equal(line, 2);
	assert_non_null(strstr(err, "NUL"));
	strvec_free(&a);
}

static void keep_comments(void **state)
{
	static const char *const lines[][2] = {
		{ "\tpthread_mutex_t m; /* lockptr: keep: shared with the kernel */",
		  "shared with the kernel" },
		{ "pthread_mutex_t m; // lockptr:keep:in shm  ", "in shm" },
		{ "pthread_mutex_t m; /* lockptr: keep */", "" },
		{ "pthread_mutex_t m; /* lockptr: keeper */", NULL },
		{ "pthread_mutex_t m; /* keep: no tag */", NULL },
		{ "pthread_mutex_t m;", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		char *got = keep_comment(lines[i][0], strlen(lines[i][0]));

		if (!lines[i][1])
			assert_null(got);
		else
			assert_string_equal(got, lines[i][1]);
		free(got);
	}
}

int test_project(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_become_options),
		cmocka_unit_test(paths_are_the_files_dirs),
		cmocka_unit_test(faults_name_their_line),
		cmocka_unit_test(long_lines_and_nul_bytes),
		cmocka_unit_test(keep_comments),
	};

	return cmocka_run_group_tests_name("project", tests, NULL, NULL);
}
