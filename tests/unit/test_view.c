#define _GNU_SOURCE
/* The view spatch reads of a file it would lose struct bodies of
 * (view.h): same length and lines, only attributes with arguments,
 * _Alignas and _Atomic(T) replaced, and the way back after a rewrite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "util.h"
#include "view.h"

static char *view_of_text(const char *text, struct strvec *names, struct strvec *spellings,
			  int *changed)
{
	struct buf out = { 0 };

	*changed = view_text(text, strlen(text), &out, names, spellings);
	assert_int_equal(out.len, strlen(text));
	for (size_t i = 0; i < out.len; i++)
		if (text[i] == '\n')
			assert_int_equal(out.data[i], '\n');
	return out.data;
}

static void replaces_only_what_does_not_parse(void **state)
{
	const char *text =
		"#define A __attribute__((aligned(8)))\n"
		"struct s {\n"
		"\tpthread_mutex_t lock __attribute__((aligned(64)));\n"
		"\t_Alignas(16) int x;\n"
		"\t_Atomic(int) refs;\n"
		"\tshort f __attribute__((packed));\n"
		"\t/* __attribute__((aligned(8))) */\n"
		"\tconst char *s; // \"_Alignas(4)\"\n"
		"};\n"
		"static const char *w = \"__attribute__((x(1)))\";\n";
	struct strvec names = { 0 }, spellings = { 0 };
	int changed;
	char *v = view_of_text(text, &names, &spellings, &changed);

	(void)state;
	assert_true(changed);
	assert_int_equal(names.n, 2);
	assert_string_equal(spellings.v[0], "__attribute__((aligned(64)))");
	assert_string_equal(spellings.v[1], "_Alignas(16)");
	assert_non_null(strstr(v, names.v[0]));
	assert_int_equal(strncmp(names.v[0], "_LPV", 4), 0);
	assert_non_null(strstr(v, "\t        int  refs;\n"));
	/* The directive, the comment, the string and packed stay. */
	assert_non_null(strstr(v, "#define A __attribute__((aligned(8)))\n"));
	assert_non_null(strstr(v, "short f __attribute__((packed));"));
	assert_non_null(strstr(v, "/* __attribute__((aligned(8))) */"));
	assert_non_null(strstr(v, "\"__attribute__((x(1)))\""));
	free(v);
	strvec_free(&names);
	strvec_free(&spellings);
}

static void xmacro_lists(void **state)
{
	const char *text = "struct c {\n"
			   "\tpthread_mutex_t m;\n"
			   "#define X(f) long f;\n"
			   "\tCOUNTERS\n"
			   "#undef X\n"
			   "};\n"
			   "void f(void)\n{\n#define X(f) f++;\n\tCOUNTERS\n#undef X\n}\n"
			   "struct d {\n\tunsigned\n\t\tflags;\n};\n";
	struct strvec names = { 0 }, spellings = { 0 };
	int changed;
	char *v = view_of_text(text, &names, &spellings, &changed);

	(void)state;
	assert_true(changed);
	/* In the struct body the list goes; in a function, or a type on a
	 * line of its own (no directive near, lower case), nothing does. */
	assert_non_null(strstr(v, "#define X(f) long f;\n\t        \n#undef X\n"));
	assert_non_null(strstr(v, "#define X(f) f++;\n\tCOUNTERS\n"));
	assert_non_null(strstr(v, "\tunsigned\n\t\tflags;"));
	free(v);
	strvec_free(&names);
	strvec_free(&spellings);
}

/* spatch loses the #includes after a #pragma line with a block comment:
 * the comment goes from the view; other directives' comments stay. */
static void pragma_comments(void **state)
{
	const char *text = "#if defined(_MSC_VER)\n"
			   "#  pragma warning(disable : 4204)   /* C4204: aggregate */\n"
			   "#endif\n"
			   "#pragma pack(1) /* a */ /* b */\n"
			   "#include \"t.h\" /* kept */\n"
			   "#pragma once // line comments parse\n";
	struct strvec names = { 0 }, spellings = { 0 };
	int changed;
	char *v = view_of_text(text, &names, &spellings, &changed);

	(void)state;
	assert_true(changed);
	assert_non_null(strstr(v, "#  pragma warning(disable : 4204)                         \n"));
	assert_non_null(strstr(v, "#pragma pack(1)                \n"));
	assert_non_null(strstr(v, "#include \"t.h\" /* kept */\n"));
	assert_non_null(strstr(v, "#pragma once // line comments parse\n"));
	free(v);
}

static void nothing_to_do(void **state)
{
	struct strvec names = { 0 }, spellings = { 0 };
	int changed;
	char *v = view_of_text("struct s { int a __attribute__((packed)); };\n", &names,
			       &spellings, &changed);

	(void)state;
	assert_false(changed);
	assert_int_equal(names.n, 0);
	free(v);
}

/* The view of a file, then what spatch might print for it, back. */
static char *round_trip(const char *text, const char *(*spatch)(const char *view),
			int *rc, char **why)
{
	char path[] = "/tmp/lockptr-unit-XXXXXX.h";
	int fd = mkstemps(path, 2);
	const struct view *v;
	struct buf view = { 0 }, out = { 0 };

	assert_true(fd >= 0);
	assert_int_equal(write_all(fd, text, strlen(text)), 0);
	close(fd);
	v = view_of(path, NULL);
	assert_non_null(v);
	assert_int_equal(read_file(view_file(v), &view), 0);
	buf_puts(&out, spatch(view.data));
	*rc = view_restore(v, &out, why);
	unlink(path);
	buf_free(&view);
	return out.data;
}

static char edited[1024];

/* spatch rewrote the declaration and dropped the placeholder. */
static const char *drops_after(const char *view)
{
	const char *decl = strstr(view, "pthread_mutex_t lock");
	const char *semi = strchr(decl, ';');

	snprintf(edited, sizeof(edited), "%.*spthread_mutex_t *lock;%s", (int)(decl - view), view,
		 semi + 1);
	return edited;
}

static const char *drops_before(const char *view)
{
	const char *decl = strstr(view, "_LPV");
	const char *semi = strchr(decl, ';');

	snprintf(edited, sizeof(edited), "%.*spthread_cond_t *c;%s", (int)(decl - view), view,
		 semi + 1);
	return edited;
}

static const char *unchanged(const char *view)
{
	return view;
}

static const char *loses_line(const char *view)
{
	const char *decl = strstr(view, "pthread_mutex_t lock");
	const char *semi = strchr(decl, ';');

	snprintf(edited, sizeof(edited), "%.*sint gone;%s", (int)(decl - view), view, semi + 1);
	return edited;
}

static void restores(void **state)
{
	const char *text = "struct s {\n\t_Atomic(int) refs;\n"
			   "\tpthread_mutex_t lock __attribute__((aligned(64)));\n};\n";
	char *why = NULL, *out;
	int rc;

	(void)state;
	out = round_trip(text, unchanged, &rc, &why);
	assert_int_equal(rc, 0);
	assert_string_equal(out, text);
	free(out);
	out = round_trip(text, drops_after, &rc, &why);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "struct s {\n\t_Atomic(int) refs;\n"
				 "\tpthread_mutex_t *lock __attribute__((aligned(64)));\n};\n");
	free(out);
	out = round_trip("struct s {\n\t_Alignas(16) pthread_cond_t c;\n};\n", drops_before, &rc,
			 &why);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "struct s {\n\t_Alignas(16) pthread_cond_t *c;\n};\n");
	free(out);
	out = round_trip(text, loses_line, &rc, &why);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(why, "dropped '__attribute__((aligned(64)))'"));
	free(why);
	free(out);
}

int test_view(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replaces_only_what_does_not_parse),
		cmocka_unit_test(xmacro_lists),
		cmocka_unit_test(pragma_comments),
		cmocka_unit_test(nothing_to_do),
		cmocka_unit_test(restores),
	};

	return cmocka_run_group_tests_name("view", tests, NULL, NULL);
}
