/* Pure text helpers: path cleaning, the prefilter, shell-like splitting of
 * compile commands, and the parsing of one spatch run's output. */
#include <stdlib.h>
#include <string.h>

#include "compdb.h"
#include "detect.h"
#include "files.h"
#include "macros.h"
#include "rewrite.h"
#include "unit.h"

static void clean_paths(void **state)
{
	static const char *const cases[][2] = {
		{ "./a.c", "a.c" }, { "a//b/./c.h", "a/b/c.h" }, { "/x/./y", "/x/y" },
		{ ".", "." }, { "./", "." }, { "dir/", "dir" }, { "/", "/" },
		{ "a/../b.c", "a/../b.c" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p = path_clean(cases[i][0]);

		assert_string_equal(p, cases[i][1]);
		free(p);
	}
}

static void prefilter(void **state)
{
	json_t *words = json_object(), *tags = json_object();
	const char *t;

	(void)state;
	json_object_set_new(words, "pthread_mutex_t", json_true());
	json_object_set_new(tags, "struct conn", json_true());
	t = "int x; pthread_mutex_t m;";
	assert_true(text_mentions(t, strlen(t), words, tags));
	t = "int my_pthread_mutex_t_thing;";
	assert_false(text_mentions(t, strlen(t), words, tags));
	t = "void f(struct  conn *c);";
	assert_true(text_mentions(t, strlen(t), words, tags));
	t = "void f(struct connection *c); int conn;";
	assert_false(text_mentions(t, strlen(t), words, tags));
	t = "union conn u;";
	assert_false(text_mentions(t, strlen(t), words, tags));
	t = "";
	assert_false(text_mentions(t, 0, words, tags));
	json_decref(words);
	json_decref(tags);
}

static void split(void **state)
{
	struct strvec v = { 0 };

	(void)state;
	assert_int_equal(shell_split("cc -I'a b' -D\"X=\\\"1\\\"\" a\\ b.c  ''", &v), 0);
	assert_int_equal(v.n, 5);
	assert_string_equal(v.v[0], "cc");
	assert_string_equal(v.v[1], "-Ia b");
	assert_string_equal(v.v[2], "-DX=\"1\"");
	assert_string_equal(v.v[3], "a b.c");
	assert_string_equal(v.v[4], "");
	strvec_free(&v);
	assert_int_equal(shell_split("cc 'open", &v), -1);
	strvec_free(&v);
	assert_int_equal(shell_split("cc \"open", &v), -1);
	strvec_free(&v);
}

static void spatch_output(void **state)
{
	struct options o = { .timeout = 7, .max_mem = 100 };
	json_t *facts = json_array(), *inc = json_array();

	(void)state;
	detect_parse("a.c",
		     "LOCKPTR\t{\"k\": \"member\", \"file\": \"./a.c\", \"line\": 3, \"col\": 2, "
		     "\"type\": \"struct s\", \"member\": \"m\", \"mtype\": \"pthread_mutex_t\", "
		     "\"array\": false}\n",
		     "init_defs_builtins: x\nparse error \n = File \"./a.c\", line 9, column 3, charpos = 1\nbadcount: 4\n",
		     0, 0, &o, facts, inc);
	assert_int_equal(json_array_size(facts), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(facts, 0), "file")), "a.c");
	assert_int_equal(json_array_size(inc), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(inc, 0), "reason")),
			    "parse error at line 9 (4 lines not parsed)");
	json_array_clear(inc);
	detect_parse("b.c", "", "", 0, 1, &o, facts, inc);
	assert_string_equal(json_string_value(json_object_get(json_array_get(inc, 0), "reason")),
			    "timed out after 7 s (--timeout)");
	json_array_clear(inc);
	detect_parse("c.c", "hello\n", "", 0, 0, &o, facts, inc);
	assert_string_equal(json_string_value(json_object_get(json_array_get(inc, 0), "reason")),
			    "spatch printed output that is not a fact");
	json_array_clear(inc);
	detect_parse("d.c", "", "HANDLING: d.c\nFatal error: exception Stack_overflow\n", 2, 0, &o,
		     facts, inc);
	assert_string_equal(json_string_value(json_object_get(json_array_get(inc, 0), "reason")),
			    "spatch failed (status 2): Fatal error: exception Stack_overflow");
	json_decref(facts);
	json_decref(inc);
}

/* Macro wrappers: what macros.c reads from #define lines. */
/* A rolled-back unit names spatch's own reason, not the macro files it
 * read first (libuv: "init_defs_builtins: .../standard.h"). */
static void spatch_reason(void **state)
{
	const char *e1 = "init_defs_builtins: /usr/lib/coccinelle/standard.h\n"
			 "init_defs: /tmp/m.h\n"
			 "try to delete an expanded token: wq_mutex\n";
	const char *e2 = "init_defs_builtins: /usr/lib/coccinelle/standard.h\n"
			 "something else went wrong\n";

	(void)state;
	assert_true(!strncmp(spatch_error_line(e1), "try to delete an expanded token: wq_mutex\n", 42));
	assert_true(!strncmp(spatch_error_line(e2), "something else went wrong\n", 26));
	assert_string_equal(spatch_error_line(""), "");
}

static void macro_wrappers(void **state)
{
	static const char text[] =
		"#define my_init(a) pthread_mutex_init(a, NULL)\n"
		"#define Z_init(a, b) (pthread_mutex_init((a), (b)))\n"
		"#define setup(c) do { \\\n"
		"\tpthread_cond_init((c), NULL); \\\n"
		"} while (0)\n"
		"#define sh(m) ({ pthread_mutexattr_setpshared(&at, PTHREAD_PROCESS_SHARED); "
		"pthread_mutex_init(m, &at); })\n"
		"#define hold(m) pthread_mutex_lock(m)\n"
		"#define other(n) init_counter(0, n)\n";
	json_t *facts = json_array(), *f;
	char *got = NULL;
	size_t i;
	struct buf b = { 0 };

	(void)state;
	macro_facts("c.h", text, sizeof(text) - 1, facts);
	json_array_foreach(facts, i, f) {
		const char *k = json_string_value(json_object_get(f, "k"));
		json_t *v = json_object_get(f, "var");

		if (!strcmp(k, "void_macro"))
			continue; /* void_macros' subject */
		buf_printf(&b, "%s %s:%lld %s%s%s;", k,
			   json_string_value(json_object_get(f, "func")),
			   (long long)json_integer_value(json_object_get(f, "line")),
			   json_string_value(json_object_get(f, "fn")) ?
			   json_string_value(json_object_get(f, "fn")) : "",
			   json_string_value(json_object_get(f, "ret")) ?
			   json_string_value(json_object_get(f, "ret")) : "",
			   v ? (json_is_null(v) ? "=" : "?") : "");
	}
	got = b.data;
	assert_string_equal(got,
		"wcall my_init:1 pthread_mutex_init;init_arg my_init:1 pthread_mutex_init;"
		"wret my_init:1 =;"
		"wcall Z_init:2 pthread_mutex_init;init_arg Z_init:2 pthread_mutex_init;"
		"wret Z_init:2 =;"
		"wcall setup:3 pthread_cond_initvoid;init_arg setup:3 pthread_cond_init;"
		"pshared sh:6 ;"
		"wcall sh:6 pthread_mutex_init;init_arg sh:6 pthread_mutex_init;");
	buf_free(&b);
	json_decref(facts);
}

/* Where a macro body hands a member's address: the callee, or none; and
 * the macros whose value is their parameter negated. */
static void macro_addresses(void **state)
{
	static const char text[] =
		"#define L(e) pthread_mutex_lock(&(e)->mu)\n"
		"#define W(q) pthread_cond_wait(&(q)->cv, \\\n\t&(q)->mu)\n"
		"#define A(e) (&(e)->mu)\n"
		"#define I(e) if (&(e)->mu) f()\n"
		"#define N(x) (-(x)) /* errors are negative */\n"
		"#define M(x) -x\n"
		"#define P(x, y) (-(x))\n"
		"#define Q(x) (-(x) + 1)\n";
	json_t *facts = json_array(), *f;
	struct buf b = { 0 };
	size_t i;

	(void)state;
	macro_facts("c.h", text, sizeof(text) - 1, facts);
	json_array_foreach(facts, i, f) {
		const char *k = json_string_value(json_object_get(f, "k"));
		const char *c = json_string_value(json_object_get(f, "callee"));

		if (!strcmp(k, "macro_addr"))
			buf_printf(&b, "%s.%s>%s;", json_string_value(json_object_get(f, "macro")),
				   json_string_value(json_object_get(f, "member")), c ? c : "-");
		else if (!strcmp(k, "negate"))
			buf_printf(&b, "neg %s;", json_string_value(json_object_get(f, "macro")));
	}
	assert_string_equal(b.data, "L.mu>pthread_mutex_lock;W.cv>pthread_cond_wait;"
			    "W.mu>pthread_cond_wait;A.mu>-;I.mu>-;neg N;neg M;");
	buf_free(&b);
	json_decref(facts);
}

/* Macros whose value is void: a --lock-type destroy that is one in some
 * configuration gets a helper that does not use its result. */
static void void_macros(void **state)
{
	static const char text[] =
		"#define D1(a) ((void)(a))\n"
		"#define D2(a) (void)(a) /* nothing */\n"
		"#define D3(a) do { (void)(a); } while (0)\n"
		"#define D4(a)\n"
		"#define I1(a, b) ((void)(a), (void)(b), 0)\n"
		"#define I2(a) pthread_mutex_destroy((a))\n"
		"#define I3(a) (void)(a), 1\n"
		"#define I4 ((void)0)\n"
		"#define I5(a) double_it(a)\n";
	json_t *facts = json_array(), *f;
	struct buf b = { 0 };
	size_t i;

	(void)state;
	macro_facts("c.h", text, sizeof(text) - 1, facts);
	json_array_foreach(facts, i, f)
		if (!strcmp(json_string_value(json_object_get(f, "k")), "void_macro"))
			buf_printf(&b, "%s;", json_string_value(json_object_get(f, "macro")));
	assert_string_equal(b.data, "D1;D2;D3;D4;");
	buf_free(&b);
	json_decref(facts);
}

/* The text fallback of 35-macro-body-macro: only the named macro, only
 * addresses that end in the leaf. */
static void macro_unaddressing(void **state)
{
	static const char text[] =
		"#define FAIL(w, l) do { \\\n"
		"\tpthread_mutex_unlock(&(w)->qlock); \\\n"
		"\tunlock2(& w->qlock, &w->qlock.inner, &(w->qlock)); \\\n"
		"\tif (a && &w->qlock) goto l; \\\n"
		"} while (0)\n"
		"#define OTHER(w) pthread_mutex_unlock(&(w)->qlock)\n"
		"int x = &y->qlock;\n";
	struct buf b = { 0 };

	(void)state;
	buf_append(&b, text, sizeof(text) - 1);
	assert_int_equal(macro_unaddress(&b, "FAIL", "qlock"), 4);
	assert_string_equal(b.data,
		"#define FAIL(w, l) do { \\\n"
		"\tpthread_mutex_unlock((w)->qlock); \\\n"
		"\tunlock2(w->qlock, &w->qlock.inner, (w->qlock)); \\\n"
		"\tif (a && w->qlock) goto l; \\\n"
		"} while (0)\n"
		"#define OTHER(w) pthread_mutex_unlock(&(w)->qlock)\n"
		"int x = &y->qlock;\n");
	assert_int_equal(macro_unaddress(&b, "FAIL", "qlock"), 0);
	buf_free(&b);
}

int test_text(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_paths),
		cmocka_unit_test(prefilter),
		cmocka_unit_test(split),
		cmocka_unit_test(spatch_output),
		cmocka_unit_test(macro_wrappers),
		cmocka_unit_test(macro_addresses),
		cmocka_unit_test(void_macros),
		cmocka_unit_test(macro_unaddressing),
		cmocka_unit_test(spatch_reason),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
