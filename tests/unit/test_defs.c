/* One tag, several definitions: grouping, visibility through includes,
 * copies and refusals per definition. The include graph is given by
 * hand (includes.h's edges), as includes_build() would make it. */
#include <stdlib.h>
#include <string.h>

#include "defs.h"
#include "unit.h"

static json_t *load(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);

	if (!j)
		fail_msg("bad fixture: %s at %d", e.text, e.line);
	return j;
}

#define MEMBER(file, line, type, member, mtype) \
	"{\"k\":\"member\",\"file\":\"" file "\",\"line\":" #line ",\"col\":2,\"type\":\"" type \
	"\",\"member\":\"" member "\",\"mtype\":\"" mtype "\",\"array\":false},"           \
	"{\"k\":\"def\",\"file\":\"" file "\",\"line\":" #line ",\"col\":2,\"type\":\"" type   \
	"\",\"member\":\"" member "\",\"mtype\":\"" mtype "\",\"mline\":" #line ",\"mcol\":9},"
#define INIT(file, line, type, member) \
	"{\"k\":\"init\",\"file\":\"" file "\",\"line\":" #line ",\"col\":2,\"fn\":" \
	"\"pthread_mutex_init\",\"member\":\"" member "\",\"type\":\"" type "\"},"
#define COPY(file, line, type) \
	"{\"k\":\"copy\",\"file\":\"" file "\",\"line\":" #line ",\"col\":2,\"kind\":\"param\"," \
	"\"type\":\"" type "\",\"func\":\"f\"},"

static void grouping(void **state)
{
	/* cfg: the same definition in two files, and the header's facts
	 * twice (read for two files): one definition, no split. ipc: two. */
	json_t *facts = load("["
		MEMBER("a.c", 2, "struct cfg", "rw", "pthread_mutex_t")
		MEMBER("a.c", 3, "struct cfg", "n", "int")
		MEMBER("b.c", 5, "struct cfg", "rw", "pthread_mutex_t")
		MEMBER("b.c", 6, "struct cfg", "n", "int")
		MEMBER("b.c", 6, "struct cfg", "n", "int")
		MEMBER("u.c", 2, "struct ipc", "mu", "pthread_mutex_t")
		MEMBER("u.c", 3, "struct ipc", "fd", "int")
		MEMBER("w.c", 2, "struct ipc", "mu", "pthread_mutex_t")
		MEMBER("w.c", 3, "struct ipc", "h", "HANDLE")
		MEMBER("x.c", 2, "struct ipc", "mu", "pthread_mutex_t")
		MEMBER("x.c", 3, "struct ipc", "h", "HANDLE")
		INIT("a.c", 9, "struct cfg", "rw")
		INIT("u.c", 9, "struct ipc", "mu")
		INIT("w.c", 9, "struct ipc", "mu")
		"{\"k\":\"typedef\",\"file\":\"a.c\",\"line\":1,\"col\":1,\"name\":\"x\",\"of\":\"int\"}]");
	struct options o = { 0 };
	const struct definition *d;
	struct model m;
	size_t n;

	(void)state;
	model_build(&m, facts, &o);
	assert_null(defs_of(&m, "struct cfg", &n));
	assert_int_equal(n, 0);
	d = defs_of(&m, "struct ipc", &n);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].files.n, 1);
	assert_string_equal(d[0].files.v[0], "u.c");
	/* Identical definitions are one, named by its first file. */
	assert_int_equal(d[1].files.n, 2);
	assert_string_equal(d[1].files.v[0], "w.c");
	assert_string_equal(d[1].files.v[1], "x.c");
	assert_ptr_equal(defs_named(&m, "struct ipc", "w.c"), &d[1]);
	assert_null(defs_named(&m, "struct ipc", "x.c"));
	assert_int_equal(m.nunits, 5);
	assert_null(m.units[0].def);
	assert_string_equal(m.units[2].file, "u.c");
	assert_string_equal(m.units[2].def, "u.c");
	assert_string_equal(m.units[4].file, "x.c");
	assert_string_equal(m.units[4].def, "w.c");
	assert_true(defs_same(&m.units[3], &m.units[4]));
	assert_false(defs_same(&m.units[2], &m.units[3]));
	assert_true(defs_same(&m.units[0], &m.units[1]));
	model_free(&m);
	json_decref(facts);
}

static void attribution(void **state)
{
	/* job.h's definition, seen by job.c (directly) and run.c (through
	 * all.h); t.c's own lockless one; s.c's own with a lock and no init. */
	json_t *facts = load("["
		MEMBER("job.h", 2, "struct job", "mu", "pthread_mutex_t")
		MEMBER("job.h", 3, "struct job", "n", "int")
		MEMBER("t.c", 2, "struct job", "name", "char *")
		MEMBER("s.c", 2, "struct job", "mu", "pthread_mutex_t")
		MEMBER("s.c", 3, "struct job", "id", "long")
		INIT("job.c", 9, "struct job", "mu")
		COPY("run.c", 5, "struct job")
		COPY("t.c", 7, "struct job")
		COPY("s.c", 7, "struct job")
		"{\"k\":\"shm\",\"file\":\"s.c\",\"line\":8,\"col\":2,\"type\":\"struct job\",\"fn\":\"mmap\"}]");
	json_t *edges = load("{\"job.c\": [\"job.h\"], \"run.c\": [\"all.h\"], "
			     "\"all.h\": [\"job.h\"], \"t.c\": [], \"s.c\": [], \"job.h\": []}");
	struct includes g = { edges };
	struct options o = { 0 };
	struct model m;

	(void)state;
	model_build(&m, facts, &o);
	/* Before attribution, the shared memory of s.c's struct job refuses
	 * job.h's too. */
	assert_int_equal(m.nunits, 2);
	assert_string_equal(m.units[0].file, "job.h");
	assert_true(m.units[0].by_design);
	defs_attribute(&m, facts, &o, &g);
	assert_string_equal(m.units[0].def, "job.h");
	assert_null(m.units[0].refused);
	assert_false(m.units[0].by_design);
	assert_true(m.units[0].copied);
	/* s.c's lock: its own shared memory; no init sees it. */
	assert_string_equal(m.units[1].def, "s.c");
	assert_string_equal(m.units[1].refused, "lives in shared memory: mmap() at s.c:8");
	assert_true(m.units[1].copied);
	/* t.c's copy copies a definition with no lock: gone. */
	assert_int_equal(m.ncopies, 2);
	assert_string_equal(m.copies[0].file, "run.c");
	assert_string_equal(m.copies[0].def, "job.h");
	assert_true(defs_copies(&m, &m.copies[0], &m.units[0]));
	assert_false(defs_copies(&m, &m.copies[0], &m.units[1]));
	assert_string_equal(m.copies[1].file, "s.c");
	assert_false(defs_copies(&m, &m.copies[1], &m.units[0]));
	assert_int_equal(defs_view(&m, &g, &m.units[0], "run.c"), DEF_THIS);
	assert_int_equal(defs_view(&m, &g, &m.units[0], "s.c"), DEF_OTHER);
	assert_int_equal(defs_view(&m, &g, &m.units[0], "other.c"), DEF_NONE);
	/* A file that reaches both (one per #if branch). */
	json_array_append_new(json_object_get(edges, "run.c"), json_string("s.c"));
	assert_int_equal(defs_view(&m, &g, &m.units[0], "run.c"), DEF_BOTH);
	model_free(&m);
	json_decref(facts);
	json_decref(edges);
}

int test_defs(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grouping),
		cmocka_unit_test(attribution),
	};

	return cmocka_run_group_tests_name("defs", tests, NULL, NULL);
}
