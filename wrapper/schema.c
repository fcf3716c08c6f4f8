#include "schema.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum ftype { F_STR, F_INT, F_BOOL, F_STR_OR_NULL, F_STRS };

struct field {
	const char *name;
	enum ftype type;
	int required;
	const char *const *values; /* F_STR: the only values allowed, or NULL */
};

struct kind {
	const char *k;
	struct field fields[6];
};

static const char *const copy_kinds[] = {
	"param", "arg", "return", "assign", "init", "literal", "memcpy", NULL,
};

/* The facts the detection patches print (cocci/detect/), and those that
 * macros.c and opaque.c make from a file's text. A field is required when
 * every rule that prints the kind prints it. */
static const struct kind kinds[] = {
	{ "member", { { "type", F_STR, 1 }, { "member", F_STR, 1 }, { "mtype", F_STR, 1 },
		      { "array", F_BOOL, 1 } } },
	{ "def", { { "type", F_STR, 1 }, { "member", F_STR, 1 }, { "mtype", F_STR, 1 },
		   { "mline", F_INT, 0 }, { "mcol", F_INT, 0 } } },
	{ "typedef", { { "name", F_STR, 1 }, { "of", F_STR, 1 }, { "macro", F_BOOL, 0 },
		       { "text", F_BOOL, 0 } } },
	{ "copy", { { "kind", F_STR, 1, copy_kinds }, { "type", F_STR, 1 },
		    { "var_line", F_INT, 0 }, { "var_col", F_INT, 0 } } },
	/* An init whose object's type spatch cannot infer has a null type. */
	{ "init", { { "fn", F_STR, 1 }, { "member", F_STR, 1 }, { "type", F_STR_OR_NULL, 0 } } },
	{ "destroy", { { "fn", F_STR, 1 }, { "member", F_STR, 1 },
		       { "type", F_STR_OR_NULL, 0 } } },
	{ "init_unchecked", { { "fn", F_STR, 1 } } },
	{ "init_arg", { { "fn", F_STR, 1 }, { "arg", F_STR, 1 } } },
	{ "pshared", { { "attr", F_STR, 1 } } },
	{ "shm", { { "type", F_STR, 1 }, { "fn", F_STR, 1 } } },
	{ "zero_static", { { "type", F_STR, 1 }, { "name", F_STR, 1 }, { "init", F_BOOL, 0 },
			   { "array", F_BOOL, 0 }, { "with_def", F_BOOL, 0 },
			   { "dims", F_STRS, 0 } } },
	/* A positional initializer has a null member. */
	{ "static_init", { { "type", F_STR, 1 }, { "member", F_STR_OR_NULL, 0 },
			   { "init", F_STR, 1 }, { "name", F_STR, 1 }, { "array", F_BOOL, 1 } } },
	{ "literal_init", { { "type", F_STR, 1 }, { "member", F_STR_OR_NULL, 1 },
			    { "init", F_STR, 1 } } },
	{ "proto", { { "fn", F_STR, 1 }, { "ret", F_STR, 1 }, { "params", F_STR, 1 },
		     { "body", F_BOOL, 1 } } },
	/* A call of a function that is no lock operation on a member's
	 * address: an init or destroy if the callee is a lock wrapper. */
	{ "call", { { "fn", F_STR, 1 }, { "member", F_STR, 1 }, { "type", F_STR_OR_NULL, 0 } } },
	/* Lock wrappers (wrappers.cocci, macros.c): a function or macro that
	 * hands its first parameter to fn; how it returns that call's
	 * result; attributes set to a recursive type. */
	{ "wcall", { { "fn", F_STR, 1 }, { "ptype", F_STR_OR_NULL, 1 }, { "ret", F_STR, 1 },
		     { "macro", F_BOOL, 0 } } },
	/* A second lock parameter handed on, and a call that passes a
	 * member's address second: for the reason of a two-lock wrapper. */
	{ "wcall2", { { "fn", F_STR, 1 } } },
	{ "call2", { { "fn", F_STR, 1 }, { "member", F_STR, 1 }, { "type", F_STR_OR_NULL, 0 } } },
	{ "wret", { { "var", F_STR_OR_NULL, 1 }, { "neg", F_BOOL, 0 }, { "via", F_STR, 0 } } },
	/* A function-like macro whose body is its parameter negated. */
	{ "negate", { { "macro", F_STR, 1 } } },
	/* A function-like macro whose value is void. */
	{ "void_macro", { { "macro", F_STR, 1 } } },
	/* Where a rule of a group's patch matched (marks.h). */
	{ "at", { { "type", F_STR, 1 }, { "member", F_STR, 1 } } },
	{ "wassign", { { "var", F_STR, 1 } } },
	{ "recursive", { { "attr", F_STR, 1 } } },
	{ "macro_addr", { { "macro", F_STR, 1 }, { "member", F_STR, 1 }, { "path", F_STRS, 1 },
			  { "callee", F_STR, 0 } } },
};

static const struct field common[] = {
	{ "k", F_STR, 1 }, { "file", F_STR, 1 }, { "line", F_INT, 1 }, { "col", F_INT, 1 },
	{ "func", F_STR, 0 },
};

static int bad(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static const char *type_name(enum ftype t)
{
	switch (t) {
	case F_STR:
		return "a string";
	case F_INT:
		return "an integer >= 0";
	case F_BOOL:
		return "true or false";
	case F_STR_OR_NULL:
		return "a string or null";
	case F_STRS:
		return "an array of strings";
	}
	return "?";
}

static int type_ok(json_t *v, const struct field *f)
{
	size_t i;
	json_t *e;

	switch (f->type) {
	case F_STR:
		if (!json_is_string(v))
			return 0;
		if (f->values) {
			for (size_t k = 0; f->values[k]; k++)
				if (!strcmp(f->values[k], json_string_value(v)))
					return 1;
			return 0;
		}
		return 1;
	case F_INT:
		return json_is_integer(v) && json_integer_value(v) >= 0 &&
		       json_integer_value(v) <= INT_MAX;
	case F_BOOL:
		return json_is_boolean(v);
	case F_STR_OR_NULL:
		return json_is_string(v) || json_is_null(v);
	case F_STRS:
		if (!json_is_array(v))
			return 0;
		json_array_foreach(v, i, e)
			if (!json_is_string(e))
				return 0;
		return 1;
	}
	return 0;
}

static int check_field(json_t *o, const struct field *f, const char *k, char *why,
		       size_t whylen)
{
	json_t *v = json_object_get(o, f->name);

	if (!v) {
		if (!f->required)
			return 0;
		return bad(why, whylen, "%s%s%sfact without \"%s\" (%s)", k ? "\"" : "",
			   k ? k : "", k ? "\" " : "", f->name, type_name(f->type));
	}
	if (!type_ok(v, f))
		return bad(why, whylen, "%s%s%sfact whose \"%s\" is not %s%s", k ? "\"" : "",
			   k ? k : "", k ? "\" " : "", f->name,
			   f->values ? "one of the known values, " : "", type_name(f->type));
	return 0;
}

int schema_fact(json_t *fact, char *why, size_t whylen)
{
	const struct kind *kind = NULL;
	const char *k;

	if (!json_is_object(fact))
		return bad(why, whylen, "fact that is not a JSON object");
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		if (check_field(fact, &common[i], NULL, why, whylen) < 0)
			return -1;
	k = json_string_value(json_object_get(fact, "k"));
	if (!*json_string_value(json_object_get(fact, "file")))
		return bad(why, whylen, "fact with an empty \"file\"");
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && !kind; i++)
		if (!strcmp(kinds[i].k, k))
			kind = &kinds[i];
	if (!kind) {
		char shown[41];
		size_t n = 0;

		/* The message stays one line whatever the kind holds. */
		for (; k[n] && n < sizeof(shown) - 1; n++)
			shown[n] = k[n] >= 0x20 && k[n] < 0x7f ? k[n] : '?';
		shown[n] = '\0';
		return bad(why, whylen, "fact of unknown kind \"%s\"", shown);
	}
	for (size_t i = 0; i < sizeof(kind->fields) / sizeof(kind->fields[0]) &&
			   kind->fields[i].name; i++)
		if (check_field(fact, &kind->fields[i], k, why, whylen) < 0)
			return -1;
	return 0;
}

int schema_incomplete(json_t *entry, char *why, size_t whylen)
{
	json_t *file = json_object_get(entry, "file");

	if (!json_is_object(entry))
		return bad(why, whylen, "entry that is not a JSON object");
	if (!json_is_string(file) || !*json_string_value(file))
		return bad(why, whylen, "entry without \"file\" (a non-empty string)");
	if (!json_is_string(json_object_get(entry, "reason")))
		return bad(why, whylen, "entry without \"reason\" (a string)");
	return 0;
}

static int each(json_t *arr, int (*check)(json_t *, char *, size_t), const char *what,
		char *why, size_t whylen)
{
	size_t i;
	json_t *v;

	if (!json_is_array(arr))
		return bad(why, whylen, "\"%s\" is not an array", what);
	json_array_foreach(arr, i, v) {
		char one[200];

		if (check(v, one, sizeof(one)) < 0)
			return bad(why, whylen, "%s[%zu]: %s", what, i, one);
	}
	return 0;
}

int schema_facts(json_t *arr, char *why, size_t whylen)
{
	return each(arr, schema_fact, "facts", why, whylen);
}

int schema_incompletes(json_t *arr, char *why, size_t whylen)
{
	return each(arr, schema_incomplete, "incomplete", why, whylen);
}
