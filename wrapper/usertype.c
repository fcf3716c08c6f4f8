/* usertype.c: see usertype.h. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <string.h>

#include "detect.h"
#include "usertype.h"
#include "box.h"
#include "util.h"

static const char *get(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static size_t commas(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == ',';
	return n;
}

/* The declaration of fn the helper follows: a definition if there is one
 * (its parameters have names), else a prototype. Declarations that differ
 * in result or parameter count make it ambiguous. */
static json_t *declaration(json_t *facts, const char *fn, char **why)
{
	json_t *best = NULL, *f;
	size_t i;

	json_array_foreach(facts, i, f) {
		const char *p, *q;

		if (strcmp(get(f, "k"), "proto") || strcmp(get(f, "fn"), fn))
			continue;
		if (!best) {
			best = f;
			continue;
		}
		p = get(f, "params");
		q = get(best, "params");
		if (strcmp(get(f, "ret"), get(best, "ret")) || commas(p) != commas(q)) {
			*why = xasprintf("%s() is declared in two different ways (%s:%lld, %s:%lld)",
					 fn, get(best, "file"),
					 (long long)json_integer_value(json_object_get(best, "line")),
					 get(f, "file"),
					 (long long)json_integer_value(json_object_get(f, "line")));
			return NULL;
		}
		if (json_is_true(json_object_get(f, "body")) &&
		    !json_is_true(json_object_get(best, "body")))
			best = f;
	}
	if (!best)
		*why = xasprintf("no declaration of %s() was found in the files scanned "
				 "(a macro?): lockptr needs its parameters to write the helper", fn);
	return best;
}

static int is_keyword(const char *w)
{
	static const char *const kw[] = {
		"int", "char", "short", "long", "unsigned", "signed", "float", "double",
		"void", "_Bool", "const", "volatile", "restrict", "struct", "union",
		"enum", NULL,
	};

	for (int i = 0; kw[i]; i++)
		if (!strcmp(w, kw[i]))
			return 1;
	return 0;
}

/* Splits spatch's printed parameter list ("T * a , unsigned int b") into
 * declarations with names ("T *a", "unsigned int b"), naming unnamed ones
 * aN. Gives -1 for what the helper cannot forward (function pointers,
 * arrays, varargs). */
static int split_params(const char *list, struct strvec *decls, struct strvec *names)
{
	const char *p = list;

	if (strpbrk(list, "()[]") || strstr(list, "..."))
		return -1;
	for (int n = 0; *p; n++) {
		size_t len = strcspn(p, ",");
		struct strvec words = { 0 };
		struct buf decl = { 0 };
		const char *last;
		int named;
		char *w = strndup(p, len), *save = NULL;

		if (!w)
			die(EXIT_USAGE, "out of memory");
		for (char *t = strtok_r(w, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
			strvec_push(&words, t);
		free(w);
		if (!words.n) {
			strvec_free(&words);
			return -1;
		}
		last = words.v[words.n - 1];
		named = words.n >= 2 && (isalpha((unsigned char)last[0]) || last[0] == '_') &&
			!is_keyword(last) && strcmp(words.v[words.n - 2], "struct") &&
			strcmp(words.v[words.n - 2], "union") && strcmp(words.v[words.n - 2], "enum");
		for (size_t k = 0; k + (named ? 1 : 0) < words.n; k++)
			buf_printf(&decl, "%s%s", k && strcmp(words.v[k - 1], "*") ? " " : "",
				   words.v[k]);
		if (named)
			strvec_push(names, last);
		else
			strvec_pushf(names, "a%d", n);
		if (decl.len && decl.data[decl.len - 1] == '*')
			buf_puts(&decl, names->v[names->n - 1]);
		else
			buf_printf(&decl, " %s", names->v[names->n - 1]);
		strvec_push(decls, decl.data);
		buf_free(&decl);
		strvec_free(&words);
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* Whether some configuration defines fn as a macro whose value is void. */
static int void_macro(json_t *facts, const char *fn)
{
	json_t *f;
	size_t i;

	json_array_foreach(facts, i, f)
		if (!strcmp(get(f, "k"), "void_macro") && !strcmp(get(f, "macro"), fn))
			return 1;
	return 0;
}

char *user_helper(const struct lock_type *lt, json_t *facts, char **section)
{
	struct strvec idecl = { 0 }, iname = { 0 }, ddecl = { 0 }, dname = { 0 };
	struct buf out = { 0 };
	json_t *init, *destroy;
	const char *iret, *dret;
	char *why = NULL, *first;
	int dvoid;

	*section = NULL;
	if (!(init = declaration(facts, lt->init, &why)) ||
	    !(destroy = declaration(facts, lt->destroy, &why)))
		return why;
	iret = get(init, "ret");
	dret = get(destroy, "ret");
	dvoid = !strcmp(dret, "void") || void_macro(facts, lt->destroy);
	if (dvoid)
		dret = "void";
	if (!strcmp(iret, "void"))
		return xasprintf("%s() returns void: a failed allocation of the lock "
				 "could not be reported", lt->init);
	if (!lt->nomem)
		return xasprintf("what %s() returns when out of memory is not known: give it "
				 "as --lock-type %s:%s:%s:VALUE", lt->init, lt->name, lt->init,
				 lt->destroy);
	if (split_params(get(init, "params"), &idecl, &iname) < 0 ||
	    split_params(get(destroy, "params"), &ddecl, &dname) < 0)
		why = xasprintf("the parameters of %s() or %s() cannot be forwarded by a "
				"helper", lt->init, lt->destroy);
	first = xasprintf("%s *", lt->name);
	if (!why && (strncmp(idecl.v[0], first, strlen(first)) ||
		     strncmp(ddecl.v[0], first, strlen(first))))
		why = xasprintf("%s() and %s() must take a pointer to %s first", lt->init,
				lt->destroy, lt->name);
	if (!why && ddecl.n != 1)
		why = xasprintf("%s() takes more than the lock: its calls are left as they are",
				lt->destroy);
	free(first);
	if (why)
		goto out;

	{
		char *prefix = box_prefix(lt->name), *box = box_section(lt->name, iret);

		buf_printf(&out, "/*\n * --lock-type %s:%s:%s:%s\n"
			   " * Init %sreturn%s 0 on success; %s when the lock\n"
			   " * cannot be allocated. Included after the type's declaration.%s\n */\n%s\n",
			   lt->name, lt->init, lt->destroy, lt->nomem, dvoid ? "" : "and destroy ",
			   dvoid ? "s" : "", lt->nomem,
			   !dvoid ? "" : strcmp(get(destroy, "ret"), "void") ?
			   "\n * Destroy has no result (void in some configuration): the lock\n"
			   " * is freed after it." : "\n * Destroy returns nothing: the lock is freed after it.",
			   box);
		buf_printf(&out, "LOCKPTR_INLINE %s lockptr_%s(%s **l", iret, lt->init, lt->name);
		for (size_t i = 1; i < idecl.n; i++)
			buf_printf(&out, ", %s", idecl.v[i]);
		buf_printf(&out, ")\n{\n\tif (!%s_alloc(l))\n\t\treturn %s;\n"
			   "\treturn %s_after_init(l, %s(*l", prefix, lt->nomem, prefix, lt->init);
		for (size_t i = 1; i < iname.n; i++)
			buf_printf(&out, ", %s", iname.v[i]);
		buf_puts(&out, "));\n}\n\n");
		buf_printf(&out, "LOCKPTR_INLINE %s lockptr_%s(%s **l)\n{\n", dret, lt->destroy,
			   lt->name);
		if (dvoid)
			buf_printf(&out, "\tif (!*l)\n\t\treturn;\n\t%s(*l);\n\t%s_release(l);\n}\n",
				   lt->destroy, prefix);
		else
			/* Nothing allocated, nothing to destroy: as free(NULL). */
			buf_printf(&out, "\tif (!*l)\n\t\treturn 0;\n"
				   "\treturn %s_after_destroy(l, %s(*l));\n}\n", prefix, lt->destroy);
		free(prefix);
		free(box);
	}
	*section = out.data;
out:
	strvec_free(&idecl);
	strvec_free(&iname);
	strvec_free(&ddecl);
	strvec_free(&dname);
	return why;
}

char *user_header_name(const char *lock)
{
	return xasprintf("lockptr_%s.h", lock);
}

char *user_header(const char *lock, const char *section)
{
	struct buf out = { 0 };
	char *guard = xasprintf("LOCKPTR_HELPERS_%s", lock);
	char *inl = template_section("inline");

	for (char *g = guard; *g; g++)
		*g = (char)toupper((unsigned char)*g);
	buf_printf(&out, "/*\n * lockptr_%s.h: written by lockptr when it migrated %s members\n"
		   " * from values to pointers, so that every copy of a struct shares one\n"
		   " * lock. lockptr_X_init() allocates the lock and runs X_init() on it;\n"
		   " * lockptr_X_destroy() runs X_destroy() and frees the lock. They\n"
		   " * compile as C90 and later and as C++.\n */\n"
		   "#ifndef %s\n#define %s\n\n#include <errno.h>\n#include <stdlib.h>\n\n%s\n%s#endif\n",
		   lock, lock, guard, guard, inl, section);
	free(inl);
	free(guard);
	return out.data;
}
