#define _GNU_SOURCE
/* What a project installs (install.h), what is vendored or public
 * (scope.h), and the stored verdicts' check (verdict.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compdb.h"
#include "install.h"
#include "scope.h"
#include "unit.h"
#include "verdict.h"

static int has(const struct installs *in, const char *name, const char *where)
{
	for (size_t i = 0; i < in->names.n; i++)
		if (!strcmp(in->names.v[i], name) && (!where || !strcmp(in->where.v[i], where)))
			return 1;
	return 0;
}

static void cmake_rules(void **state)
{
	const char *text =
		"# install(FILES commented.h DESTINATION include)\n"
		"set(HDRS a.h \"b.h\")\n"
		"list(APPEND HDRS c.h)\n"
		"file(GLOB MORE CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/more/*.h)\n"
		"install(FILES ${HDRS} DESTINATION include)\n"
		"INSTALL(DIRECTORY\n  ${PROJECT_SOURCE_DIR}/include/\n  DESTINATION include\n"
		"  FILES_MATCHING PATTERN \"*.h\")\n"
		"install(FILES ${MORE} ${UNKNOWN}/x.h ../../../up.h /abs.h DESTINATION include)\n"
		"install(TARGETS lib PUBLIC_HEADER DESTINATION include)\n"
		"set_target_properties(lib PROPERTIES PUBLIC_HEADER \"p1.h;p2.h\")\n"
		"target_sources(lib PUBLIC FILE_SET HEADERS BASE_DIRS fs FILES fs/f.h)\n"
		"add_library(lib src.c private.h)\n";
	struct installs in = { 0 };

	(void)state;
	install_cmake(text, "lib", "lib/CMakeLists.txt", &in);
	assert_true(has(&in, "lib/a.h", "lib/CMakeLists.txt:5"));
	assert_true(has(&in, "lib/b.h", NULL));
	assert_true(has(&in, "lib/c.h", NULL));
	assert_true(has(&in, "include", "lib/CMakeLists.txt:6"));
	assert_true(has(&in, "lib/more/*.h", "lib/CMakeLists.txt:10"));
	assert_true(has(&in, "lib/p1.h", NULL));
	assert_true(has(&in, "lib/p2.h", NULL));
	assert_true(has(&in, "lib/fs", NULL));
	assert_true(has(&in, "lib/fs/f.h", NULL));
	/* Never a destination, a comment, an unknown variable, a path
	 * outside the tree, or a source that is not installed. */
	assert_false(has(&in, "lib/include", NULL));
	assert_false(has(&in, "lib/commented.h", NULL));
	assert_false(has(&in, "lib/private.h", NULL));
	for (size_t i = 0; i < in.names.n; i++) {
		assert_null(strstr(in.names.v[i], "x.h"));
		assert_null(strstr(in.names.v[i], "up.h"));
		assert_null(strstr(in.names.v[i], "abs.h"));
	}
	install_free(&in);
}

static void make_rules(void **state)
{
	const char *text =
		"INCS = api.h \\\n\tutil.h\n"
		"PREFIX ?= /usr/local\n"
		"include_HEADERS = am.h\n"
		"pkginclude_HEADERS += sub/pk.h\n"
		"noinst_HEADERS = internal.h\n"
		"install: all\n"
		"\tinstall -d $(DESTDIR)$(PREFIX)/include\n"
		"\tinstall -m 644 $(INCS) $(DESTDIR)$(PREFIX)/include\n"
		"\t$(INSTALL_DATA) one.h $(DESTDIR)/include # a comment.h\n"
		"\tinstall -m 0644 -t $(DESTDIR)/inc target.h\n";
	struct installs in = { 0 };

	(void)state;
	install_make(text, "", "Makefile", &in);
	assert_true(has(&in, "api.h", "Makefile:9"));
	assert_true(has(&in, "util.h", "Makefile:9"));
	assert_true(has(&in, "am.h", "Makefile:4"));
	assert_true(has(&in, "sub/pk.h", NULL));
	assert_true(has(&in, "one.h", NULL));
	assert_false(has(&in, "internal.h", NULL));
	assert_false(has(&in, "comment.h", NULL));
	assert_false(has(&in, "target.h", NULL));
	assert_false(has(&in, "include", NULL));
	install_free(&in);
	assert_true(install_names("include", "include/a/b.h"));
	assert_false(install_names("include", "include2/b.h"));
	assert_true(install_names("lib/*.h", "lib/x.h"));
	assert_false(install_names("lib/*.h", "lib/x.c"));
}

static void vendored_and_public(void **state)
{
	struct scope s = { 0 };
	char *why;

	(void)state;
	scope_gitmodules("[submodule \"x\"]\n\tpath = third/libx\n\turl = u\n"
			 "[submodule \"y\"]\n path=mod/y/ \n", &s.submodules);
	assert_int_equal(s.submodules.n, 2);
	assert_string_equal(s.submodules.v[0], "third/libx");
	assert_string_equal(s.submodules.v[1], "mod/y");
	why = scope_why(&s, "deps/lib/v.h");
	assert_string_equal(why, "deps/lib/v.h is vendored code (deps/)");
	free(why);
	why = scope_why(&s, "src/external/e.c");
	assert_string_equal(why, "src/external/e.c is vendored code (src/external/)");
	free(why);
	why = scope_why(&s, "third/libx/a.c");
	assert_string_equal(why, "third/libx/a.c is vendored code (third/libx/, a git submodule)");
	free(why);
	/* No install rule: a header under include/ is public, a .c is not. */
	why = scope_why(&s, "include/p/a.h");
	assert_non_null(strstr(why, "is a public header (under include/;"));
	free(why);
	assert_null(scope_why(&s, "include/p/a.c"));
	assert_null(scope_why(&s, "src/depsx/a.h"));
	/* With install rules, only what they name. */
	strvec_push(&s.inst.names, "src/api.h");
	strvec_push(&s.inst.where, "CMakeLists.txt:3");
	assert_null(scope_why(&s, "include/p/a.h"));
	why = scope_why(&s, "src/api.h");
	assert_string_equal(why, "src/api.h is a public header (installed by CMakeLists.txt:3)");
	free(why);
	scope_free(&s);
}

static void stored_verdicts(void **state)
{
	const char *hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	const char *bad[] = {
		"", "[]", "{}", "not json",
		"{\"version\":2,\"status\":\"refused\",\"reason\":\"r\",\"stage\":\"verify\",\"inputs\":\"HEX\",\"changed\":[]}",
		"{\"version\":1,\"status\":\"migrated\",\"reason\":\"r\",\"stage\":\"verify\",\"inputs\":\"HEX\",\"changed\":[]}",
		"{\"version\":1,\"status\":\"refused\",\"reason\":\"\",\"stage\":\"verify\",\"inputs\":\"HEX\",\"changed\":[]}",
		"{\"version\":1,\"status\":\"refused\",\"reason\":\"r\",\"stage\":\"later\",\"inputs\":\"HEX\",\"changed\":[]}",
		"{\"version\":1,\"status\":\"refused\",\"reason\":\"r\",\"stage\":\"verify\",\"inputs\":\"HEX-\",\"changed\":[]}",
		"{\"version\":1,\"status\":\"refused\",\"reason\":\"r\",\"stage\":\"verify\",\"inputs\":\"HEX\",\"changed\":[\"../x.c\"]}",
		"{\"version\":1,\"status\":\"refused\",\"reason\":\"r\",\"stage\":\"verify\",\"inputs\":\"HEX\",\"changed\":[\"/etc/x\"]}",
		"{\"version\":1,\"status\":\"refused\",\"reason\":\"r\",\"stage\":\"verify\",\"inputs\":\"HEX\",\"changed\":[1]}",
		"{\"version\":1,\"status\":\"refused\",\"reason\":\"r\",\"stage\":\"verify\",\"inputs\":\"HEX\",\"changed\":[],\"entries\":[{\"file\":\"a.c\",\"entry\":0,\"compiled\":true}]}",
		NULL,
	};
	char text[1024];
	struct verdict v;

	(void)state;
	for (int i = 0; bad[i]; i++) {
		const char *at = strstr(bad[i], "HEX");

		/* HEX is the 64 digits; HEX- one digit short. */
		if (at)
			snprintf(text, sizeof(text), "%.*s%.*s%s", (int)(at - bad[i]), bad[i],
				 at[3] == '-' ? 63 : 64, hex, at + (at[3] == '-' ? 4 : 3));
		else
			snprintf(text, sizeof(text), "%s", bad[i]);
		assert_int_equal(verdict_parse(text, strlen(text), &v), -1);
	}
	snprintf(text, sizeof(text), "{\"version\":1,\"status\":\"rolled-back\",\"reason\":\"does "
		 "not compile\",\"stage\":\"verify\",\"inputs\":\"%s\",\"changed\":[\"src/a.c\"],"
		 "\"entries\":[{\"file\":\"a.c\",\"entry\":2,\"compiled\":true,\"borrowed\":\"b.c\"}]}",
		 hex);
	assert_int_equal(verdict_parse(text, strlen(text), &v), 0);
	assert_string_equal(v.status, "rolled-back");
	assert_string_equal(v.stage, "verify");
	assert_string_equal(v.inputs, hex);
	assert_string_equal(v.changed.v[0], "src/a.c");
	assert_int_equal(json_array_size(v.entries), 1);
	verdict_free(&v);
}

static void borrowed_entry(void **state)
{
	char dir[] = "/tmp/lockptr-unit.XXXXXX", *db, *json;
	struct compdb *c;
	char err[256];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	db = xasprintf("%s/compile_commands.json", dir);
	json = xasprintf("[{\"directory\":\"%s\",\"file\":\"src/a.c\",\"arguments\":[\"cc\",\"-DA\"]},"
			 "{\"directory\":\"%s\",\"file\":\"src/b.c\",\"arguments\":[\"cc\",\"-DB\"]},"
			 "{\"directory\":\"%s\",\"file\":\"src/c.c\",\"arguments\":[\"cc\",\"-DB\"]},"
			 "{\"directory\":\"%s\",\"file\":\"lib/x/d.c\",\"arguments\":[\"cc\",\"-DD\"]},"
			 "{\"directory\":\"%s\",\"file\":\"e.c\",\"arguments\":[\"cc\",\"-DB\"]}]",
			 dir, dir, dir, dir, dir);
	assert_non_null(f = fopen(db, "w"));
	fputs(json, f);
	fclose(f);
	assert_int_equal(compdb_load(db, &c, err, sizeof(err)), 0);
	{
		char *in_src = xasprintf("%s/src/new.c", dir), *in_sub = xasprintf("%s/lib/x/y/n.c", dir);
		char *in_lib = xasprintf("%s/lib/n.c", dir), *top = xasprintf("%s/n.c", dir);

		/* Its directory's most common flags (entry 2 before 3). */
		assert_int_equal(compdb_borrow(c, in_src), 1);
		/* The nearest parent directory that has entries. */
		assert_int_equal(compdb_borrow(c, in_sub), 3);
		/* lib/ has none, the top has e.c. */
		assert_int_equal(compdb_borrow(c, in_lib), 4);
		assert_int_equal(compdb_borrow(c, top), 4);
		free(in_src);
		free(in_sub);
		free(in_lib);
		free(top);
	}
	{
		/* Nothing on the way up: the database's most common flags. */
		assert_int_equal(compdb_borrow(c, "/elsewhere/z.c"), 1);
	}
	compdb_free(c);
	unlink(db);
	rmdir(dir);
	free(db);
	free(json);
}

int test_scope(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cmake_rules),
		cmocka_unit_test(make_rules),
		cmocka_unit_test(vendored_and_public),
		cmocka_unit_test(stored_verdicts),
		cmocka_unit_test(borrowed_entry),
	};

	return cmocka_run_group_tests_name("scope", tests, NULL, NULL);
}
