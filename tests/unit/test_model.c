/* The merge: facts from several files to units, holding paths, copies,
 * refusals and conflicts. */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "unit.h"

static json_t *facts_of(const char *text)
{
	json_error_t e;
	json_t *f = json_loads(text, 0, &e);

	if (!f)
		fail_msg("bad fixture: %s at %d", e.text, e.line);
	return f;
}

static void closure(void **state)
{
	/* A header defines stats, another file wraps it twice over, a
	 * third copies the outer type through a typedef. */
	json_t *facts = facts_of("["
		"{\"k\":\"member\",\"file\":\"s.h\",\"line\":2,\"col\":2,\"type\":\"struct stats\",\"member\":\"rw\",\"mtype\":\"pthread_rwlock_t\",\"array\":false},"
		"{\"k\":\"member\",\"file\":\"s.h\",\"line\":3,\"col\":2,\"type\":\"struct stats\",\"member\":\"n\",\"mtype\":\"int\",\"array\":false},"
		"{\"k\":\"member\",\"file\":\"w.h\",\"line\":5,\"col\":2,\"type\":\"struct worker\",\"member\":\"st\",\"mtype\":\"stats_t\",\"array\":false},"
		"{\"k\":\"member\",\"file\":\"w.h\",\"line\":9,\"col\":2,\"type\":\"pool_t\",\"member\":\"w\",\"mtype\":\"struct worker\",\"array\":true},"
		"{\"k\":\"typedef\",\"file\":\"s.h\",\"line\":4,\"col\":1,\"name\":\"stats_t\",\"of\":\"struct stats\"},"
		"{\"k\":\"init\",\"file\":\"s.c\",\"line\":7,\"col\":2,\"fn\":\"pthread_rwlock_init\",\"member\":\"rw\",\"type\":\"stats_t\"},"
		"{\"k\":\"copy\",\"file\":\"m.c\",\"line\":20,\"col\":3,\"kind\":\"param\",\"type\":\"pool_t\",\"func\":\"f\"},"
		"{\"k\":\"copy\",\"file\":\"m.c\",\"line\":21,\"col\":3,\"kind\":\"init\",\"type\":\"stats_t\",\"func\":\"f\",\"var_line\":21,\"var_col\":9},"
		"{\"k\":\"copy\",\"file\":\"m.c\",\"line\":21,\"col\":9,\"kind\":\"assign\",\"type\":\"stats_t\",\"func\":\"f\"},"
		"{\"k\":\"copy\",\"file\":\"m.c\",\"line\":22,\"col\":3,\"kind\":\"arg\",\"type\":\"struct other\",\"func\":\"f\"}"
		"]");
	struct options o = { 0 };
	struct model m;
	const struct unit *u;
	const struct copy_site *c;

	(void)state;
	model_build(&m, facts, &o);
	assert_int_equal(m.nunits, 1);
	u = &m.units[0];
	assert_string_equal(u->type, "struct stats");
	assert_string_equal(u->member, "rw");
	assert_true(u->copied);
	assert_null(u->refused);
	/* The init at 21:3 hides the assignment that spatch also sees at
	 * its variable, 21:9; struct other holds no lock. */
	assert_int_equal(m.ncopies, 2);
	c = &m.copies[0];
	assert_string_equal(c->type, "pool_t");
	assert_string_equal(c->path, "w[].st.rw");
	c = &m.copies[1];
	assert_string_equal(c->type, "struct stats");
	assert_string_equal(c->kind, "init");
	assert_string_equal(c->path, "rw");
	model_free(&m);
	json_decref(facts);
}

static void refusals(void **state)
{
	json_t *facts = facts_of("["
		"{\"k\":\"member\",\"file\":\"a.c\",\"line\":1,\"col\":1,\"type\":\"struct a\",\"member\":\"m\",\"mtype\":\"pthread_mutex_t\",\"array\":false},"
		"{\"k\":\"member\",\"file\":\"a.c\",\"line\":2,\"col\":1,\"type\":\"struct b\",\"member\":\"m\",\"mtype\":\"my_lock\",\"array\":false},"
		"{\"k\":\"member\",\"file\":\"a.c\",\"line\":3,\"col\":1,\"type\":\"struct c\",\"member\":\"s\",\"mtype\":\"sem_t\",\"array\":false},"
		"{\"k\":\"member\",\"file\":\"a.c\",\"line\":4,\"col\":1,\"type\":\"struct d\",\"member\":\"m\",\"mtype\":\"pthread_mutex_t\",\"array\":false},"
		"{\"k\":\"member\",\"file\":\"a.c\",\"line\":5,\"col\":1,\"type\":\"struct e\",\"member\":\"m\",\"mtype\":\"pthread_mutex_t\",\"array\":false},"
		"{\"k\":\"typedef\",\"file\":\"a.c\",\"line\":6,\"col\":1,\"name\":\"my_lock\",\"of\":\"pthread_mutex_t\"},"
		"{\"k\":\"pshared\",\"file\":\"a.c\",\"line\":10,\"col\":1,\"attr\":\"& at\"},"
		"{\"k\":\"init\",\"file\":\"a.c\",\"line\":11,\"col\":1,\"fn\":\"pthread_mutex_init\",\"member\":\"m\",\"type\":\"struct a\"},"
		"{\"k\":\"init_arg\",\"file\":\"a.c\",\"line\":11,\"col\":1,\"fn\":\"pthread_mutex_init\",\"arg\":\"&at\"},"
		"{\"k\":\"init\",\"file\":\"a.c\",\"line\":12,\"col\":1,\"fn\":\"pthread_mutex_init\",\"member\":\"m\",\"type\":\"struct b\"},"
		"{\"k\":\"init_arg\",\"file\":\"a.c\",\"line\":12,\"col\":1,\"fn\":\"pthread_mutex_init\",\"arg\":\"NULL\"},"
		"{\"k\":\"init\",\"file\":\"a.c\",\"line\":13,\"col\":1,\"fn\":\"sem_init\",\"member\":\"s\",\"type\":null},"
		"{\"k\":\"init_arg\",\"file\":\"a.c\",\"line\":13,\"col\":1,\"fn\":\"sem_init\",\"arg\":\"1\"},"
		"{\"k\":\"static_init\",\"file\":\"a.c\",\"line\":14,\"col\":1,\"type\":\"struct e\",\"member\":null,\"init\":\"PTHREAD_MUTEX_INITIALIZER\"},"
		"{\"k\":\"shm\",\"file\":\"a.c\",\"line\":15,\"col\":1,\"type\":\"struct e\",\"fn\":\"mmap\"}"
		"]");
	struct options o = { 0 };
	struct model m;

	(void)state;
	model_build(&m, facts, &o);
	assert_int_equal(m.nunits, 5);
	assert_string_equal(m.units[0].refused,
			    "process-shared: attribute 'at' set to PTHREAD_PROCESS_SHARED at a.c:10");
	/* A typedef of a lock type is a lock type; its unit says which. */
	assert_string_equal(m.units[1].lock, "pthread_mutex_t");
	assert_null(m.units[1].refused);
	assert_string_equal(m.units[2].refused,
			    "process-shared: sem_init with pshared 1 at a.c:13");
	assert_string_equal(m.units[3].refused,
			    "no pthread_mutex_init() call and no static initializer found for it: "
			    "it relies on zeroed memory, or on an init wrapper lockptr does not "
			    "know (declare the wrapper's type with --lock-type)");
	assert_string_equal(m.units[4].refused,
			    "lives in shared memory: mmap() at a.c:15");
	/* What the code is (process-shared, shared memory) is no limit of
	 * lockptr: verify counts those as done. */
	assert_true(m.units[0].by_design && m.units[2].by_design && m.units[4].by_design);
	assert_false(m.units[1].by_design || m.units[3].by_design);
	model_free(&m);
	json_decref(facts);
}

static void conflicts_and_words(void **state)
{
	json_t *facts = facts_of("["
		"{\"k\":\"member\",\"file\":\"u.h\",\"line\":1,\"col\":1,\"type\":\"struct ipc\",\"member\":\"mu\",\"mtype\":\"pthread_mutex_t\",\"array\":false},"
		"{\"k\":\"member\",\"file\":\"u.h\",\"line\":2,\"col\":1,\"type\":\"struct ipc\",\"member\":\"fd\",\"mtype\":\"int\",\"array\":false},"
		"{\"k\":\"member\",\"file\":\"w.h\",\"line\":1,\"col\":1,\"type\":\"struct ipc\",\"member\":\"mu\",\"mtype\":\"pthread_mutex_t\",\"array\":false},"
		"{\"k\":\"member\",\"file\":\"w.h\",\"line\":2,\"col\":1,\"type\":\"struct ipc\",\"member\":\"h\",\"mtype\":\"HANDLE\",\"array\":false},"
		"{\"k\":\"def\",\"file\":\"u.h\",\"line\":1,\"col\":1,\"type\":\"struct ipc\",\"member\":\"mu\",\"mtype\":\"pthread_mutex_t\"},"
		"{\"k\":\"def\",\"file\":\"u.h\",\"line\":2,\"col\":1,\"type\":\"struct ipc\",\"member\":\"fd\",\"mtype\":\"int\"},"
		"{\"k\":\"def\",\"file\":\"w.h\",\"line\":1,\"col\":1,\"type\":\"struct ipc\",\"member\":\"mu\",\"mtype\":\"pthread_mutex_t\"},"
		"{\"k\":\"def\",\"file\":\"w.h\",\"line\":2,\"col\":1,\"type\":\"struct ipc\",\"member\":\"h\",\"mtype\":\"HANDLE\"},"
		"{\"k\":\"typedef\",\"file\":\"u.h\",\"line\":3,\"col\":1,\"name\":\"ipc_t\",\"of\":\"struct ipc\"},"
		"{\"k\":\"typedef\",\"file\":\"a.h\",\"line\":1,\"col\":1,\"name\":\"lk_t\",\"of\":\"pthread_mutex_t\"},"
		"{\"k\":\"typedef\",\"file\":\"b.h\",\"line\":1,\"col\":1,\"name\":\"lk_t\",\"of\":\"CRITICAL_SECTION\"}"
		"]");
	struct lock_type lt = { "uv_mutex_t", "uv_mutex_init", "uv_mutex_destroy" };
	struct options o = { .lock_types = &lt, .nlock_types = 1 };
	json_t *words = json_object(), *tags = json_object();
	struct model m;

	(void)state;
	model_build(&m, facts, &o);
	assert_int_equal(m.nunits, 2);
	/* A typedef name defined twice keeps its lock meaning; both clashes
	 * are reported. */
	assert_int_equal(m.nconflicts, 2);
	assert_string_equal(m.conflicts[0].type, "lk_t");
	assert_string_equal(m.conflicts[1].type, "struct ipc");
	assert_int_equal(m.conflicts[0].files.n, 2);
	model_words(&m, &o, words, tags);
	assert_non_null(json_object_get(words, "pthread_mutex_t"));
	assert_non_null(json_object_get(words, "uv_mutex_t"));
	assert_non_null(json_object_get(words, "ipc_t"));
	assert_non_null(json_object_get(words, "lk_t"));
	assert_non_null(json_object_get(tags, "struct ipc"));
	assert_null(json_object_get(words, "HANDLE"));
	json_decref(words);
	json_decref(tags);
	model_free(&m);
	json_decref(facts);
}

static void wrappers(void **state)
{
	/* base_init (a.c) calls the init; shared_init (b.c) calls base_init
	 * after setting PTHREAD_PROCESS_SHARED on an attribute it does not
	 * pass (no effect), then top (a macro of c.h) calls shared_init.
	 * pinit (d.c) sets it on the attribute it passes. show() hands its
	 * lock to printf, fput() hands a FILE * to pthread_mutex_init's
	 * name: no wrappers. The call sites of each decide the refusals. */
	json_t *facts = facts_of("["
		"{\"k\":\"member\",\"file\":\"s.h\",\"line\":2,\"col\":2,\"type\":\"struct s\",\"member\":\"a\",\"mtype\":\"pthread_mutex_t\",\"array\":false},"
		"{\"k\":\"member\",\"file\":\"s.h\",\"line\":3,\"col\":2,\"type\":\"struct s\",\"member\":\"b\",\"mtype\":\"pthread_mutex_t\",\"array\":false},"
		"{\"k\":\"member\",\"file\":\"s.h\",\"line\":4,\"col\":2,\"type\":\"struct s\",\"member\":\"c\",\"mtype\":\"pthread_mutex_t\",\"array\":false},"
		"{\"k\":\"wcall\",\"file\":\"b.c\",\"line\":5,\"col\":9,\"func\":\"shared_init\",\"fn\":\"base_init\",\"ptype\":\"pthread_mutex_t\",\"ret\":\"int\"},"
		"{\"k\":\"pshared\",\"file\":\"b.c\",\"line\":4,\"col\":2,\"func\":\"shared_init\",\"attr\":\"& a\"},"
		"{\"k\":\"wret\",\"file\":\"b.c\",\"line\":5,\"col\":9,\"func\":\"shared_init\",\"var\":null},"
		"{\"k\":\"wcall\",\"file\":\"c.h\",\"line\":1,\"col\":12,\"func\":\"top\",\"fn\":\"shared_init\",\"ptype\":null,\"ret\":\"void\",\"macro\":true},"
		"{\"k\":\"wcall\",\"file\":\"a.c\",\"line\":3,\"col\":9,\"func\":\"base_init\",\"fn\":\"pthread_mutex_init\",\"ptype\":\"lk_t\",\"ret\":\"int\"},"
		"{\"k\":\"wassign\",\"file\":\"a.c\",\"line\":3,\"col\":9,\"func\":\"base_init\",\"var\":\"rc\"},"
		"{\"k\":\"wret\",\"file\":\"a.c\",\"line\":4,\"col\":9,\"func\":\"base_init\",\"var\":\"rc\"},"
		"{\"k\":\"typedef\",\"file\":\"a.c\",\"line\":1,\"col\":1,\"name\":\"lk_t\",\"of\":\"pthread_mutex_t\"},"
		"{\"k\":\"wcall\",\"file\":\"d.c\",\"line\":6,\"col\":2,\"func\":\"pinit\",\"fn\":\"pthread_mutex_init\",\"ptype\":\"pthread_mutex_t\",\"ret\":\"int\"},"
		"{\"k\":\"init_arg\",\"file\":\"d.c\",\"line\":6,\"col\":2,\"func\":\"pinit\",\"fn\":\"pthread_mutex_init\",\"arg\":\"&attr\"},"
		"{\"k\":\"pshared\",\"file\":\"d.c\",\"line\":5,\"col\":2,\"func\":\"pinit\",\"attr\":\"& attr\"},"
		"{\"k\":\"wcall\",\"file\":\"d.c\",\"line\":9,\"col\":2,\"func\":\"show\",\"fn\":\"printf\",\"ptype\":\"pthread_mutex_t\",\"ret\":\"void\"},"
		"{\"k\":\"wcall\",\"file\":\"d.c\",\"line\":12,\"col\":2,\"func\":\"fput\",\"fn\":\"pthread_mutex_init\",\"ptype\":\"FILE\",\"ret\":\"int\"},"
		"{\"k\":\"call\",\"file\":\"m.c\",\"line\":7,\"col\":2,\"func\":\"f\",\"fn\":\"top\",\"member\":\"a\",\"type\":\"struct s\"},"
		"{\"k\":\"call\",\"file\":\"m.c\",\"line\":8,\"col\":2,\"func\":\"f\",\"fn\":\"pinit\",\"member\":\"b\",\"type\":\"struct s\"},"
		"{\"k\":\"call\",\"file\":\"m.c\",\"line\":9,\"col\":2,\"func\":\"f\",\"fn\":\"show\",\"member\":\"c\",\"type\":\"struct s\"},"
		"{\"k\":\"init\",\"file\":\"m.c\",\"line\":10,\"col\":2,\"fn\":\"pthread_mutex_init\",\"member\":\"c\",\"type\":\"struct s\"}"
		"]");
	struct options o = { 0 };
	const struct lock_wrapper *w;
	struct model m;

	(void)state;
	model_build(&m, facts, &o);
	assert_int_equal(m.nwrappers, 4);
	w = model_wrapper(&m, "base_init");
	assert_non_null(w);
	assert_string_equal(w->kind, "init");
	assert_string_equal(w->lock, "pthread_mutex_t");
	assert_string_equal(w->returns, "result");
	assert_string_equal(w->returns_var, "rc");
	assert_null(w->pshared);
	w = model_wrapper(&m, "shared_init");
	assert_string_equal(w->via, "base_init");
	assert_string_equal(w->returns, "result");
	assert_null(w->returns_var);
	assert_null(w->pshared);
	w = model_wrapper(&m, "top");
	assert_true(w->macro);
	assert_string_equal(w->returns, "void");
	w = model_wrapper(&m, "pinit");
	assert_string_equal(w->returns, "other");
	assert_string_equal(w->pshared, "d.c:5");
	assert_null(model_wrapper(&m, "show"));
	assert_null(model_wrapper(&m, "fput"));
	assert_int_equal(m.nunits, 3);
	assert_string_equal(m.units[0].member, "a");
	/* top() returns void: migrated, with a note (the rewrite's). */
	assert_null(m.units[0].refused);
	assert_string_equal(m.units[1].member, "b");
	assert_string_equal(m.units[1].refused, "process-shared: initialised through pinit() "
			    "at m.c:8, which sets PTHREAD_PROCESS_SHARED at d.c:5");
	assert_string_equal(m.units[2].member, "c");
	assert_null(m.units[2].refused);
	model_free(&m);
	json_decref(facts);
}

int test_model(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(closure),
		cmocka_unit_test(refusals),
		cmocka_unit_test(conflicts_and_words),
		cmocka_unit_test(wrappers),
	};

	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
