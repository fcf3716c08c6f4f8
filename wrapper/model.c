#define _GNU_SOURCE
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const builtin_locks[][3] = {
	{ "pthread_mutex_t", "pthread_mutex_init", "pthread_mutex_destroy" },
	{ "pthread_rwlock_t", "pthread_rwlock_init", "pthread_rwlock_destroy" },
	{ "pthread_spinlock_t", "pthread_spin_init", "pthread_spin_destroy" },
	{ "pthread_cond_t", "pthread_cond_init", "pthread_cond_destroy" },
	{ "pthread_barrier_t", "pthread_barrier_init", "pthread_barrier_destroy" },
	{ "mtx_t", "mtx_init", "mtx_destroy" },
	{ "cnd_t", "cnd_init", "cnd_destroy" },
	{ "sem_t", "sem_init", "sem_destroy" },
	{ NULL, NULL, NULL },
};

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static json_int_t num(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* Follows typedef aliases to the type's canonical spelling. */
const char *model_canon(const struct model *m, const char *t)
{
	for (int depth = 0; t && depth < 32; depth++) {
		/* A lock type is a lock type, even a user's typedef of a
		 * built-in one (libuv's uv_mutex_t). */
		const char *next = json_object_get(m->locks, t) ? NULL : str(m->alias, t);

		if (!next || !strcmp(next, t))
			break;
		t = next;
	}
	return t;
}

static const char *last_component(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot ? dot + 1 : path;
}

static int cmp_pos(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(str(x, "file"), str(y, "file"));

	if (c)
		return c;
	if (num(x, "line") != num(y, "line"))
		return num(x, "line") < num(y, "line") ? -1 : 1;
	if (num(x, "column") != num(y, "column"))
		return num(x, "column") < num(y, "column") ? -1 : 1;
	c = strcmp(str(x, "type") ? str(x, "type") : "", str(y, "type") ? str(y, "type") : "");
	if (c)
		return c;
	return strcmp(str(x, "member") ? str(x, "member") : "",
		      str(y, "member") ? str(y, "member") : "");
}

static json_t *sorted(json_t *arr)
{
	size_t n = json_array_size(arr);
	json_t **v = xcalloc(n, sizeof(*v));
	json_t *out = json_array();

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(arr, i);
	qsort(v, n, sizeof(*v), cmp_pos);
	for (size_t i = 0; i < n; i++)
		json_array_append(out, v[i]);
	free(v);
	json_decref(arr);
	return out;
}

static int cmp_path(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t nx = strlen(x), ny = strlen(y);

	if (nx != ny)
		return nx < ny ? -1 : 1;
	return strcmp(x, y);
}

/* Adds a string to a set kept as a JSON array; 1 if it was new. */
static int set_add(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (!strcmp(json_string_value(v), s))
			return 0;
	json_array_append_new(arr, json_string(s));
	return 1;
}

static const char *lock_init_fn(const struct options *o, const char *lock)
{
	for (int i = 0; builtin_locks[i][0]; i++)
		if (!strcmp(builtin_locks[i][0], lock))
			return builtin_locks[i][1];
	for (size_t i = 0; i < o->nlock_types; i++)
		if (!strcmp(o->lock_types[i].name, lock))
			return o->lock_types[i].init;
	return NULL;
}

/* The attribute expression of an init call as a plain name: "& a" -> "a". */
static char *plain(const char *e)
{
	char *s = xmalloc(strlen(e) + 1), *w = s;

	for (; *e; e++)
		if (*e != '&' && *e != ' ' && *e != '(' && *e != ')')
			*w++ = *e;
	*w = '\0';
	return s;
}

static json_t *find_fact(json_t *facts, const char *kind, json_t *at)
{
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f)
		if (!strcmp(str(f, "k"), kind) && !strcmp(str(f, "file"), str(at, "file")) &&
		    num(f, "line") == num(at, "line") && num(f, "col") == num(at, "col"))
			return f;
	return NULL;
}

/* Whether a type (canonical) contains the unit's type, itself included. */
int model_holds(const struct model *m, const char *outer, const char *unit_type)
{
	json_t *set = json_object_get(m->contains, outer);
	size_t i;
	json_t *v;

	json_array_foreach(set, i, v)
		if (!strcmp(json_string_value(v), unit_type))
			return 1;
	return 0;
}

/* A type defined in the copy's own file, differently from elsewhere, and
 * without a lock there: the copy copies that local type, no lock. */
static int local_lock_free(const struct model *m, json_t *facts, const char *type,
			   const char *file)
{
	int local = 0;
	size_t i;
	json_t *f;

	json_array_foreach(m->conflicts, i, f)
		if (!strcmp(str(f, "type"), type))
			local = 1;
	if (!local)
		return 0;
	local = 0;
	json_array_foreach(facts, i, f) {
		const char *k = str(f, "k");

		if (strcmp(str(f, "file"), file) || !str(f, "type") ||
		    strcmp(model_canon(m, str(f, "type")), type))
			continue;
		if (!strcmp(k, "def"))
			local = 1;
		if (!strcmp(k, "member") &&
		    (json_object_get(m->locks, model_canon(m, str(f, "mtype"))) ||
		     json_array_size(json_object_get(m->holds, model_canon(m, str(f, "mtype"))))))
			return 0;
	}
	return local;
}

static int family_of_initializer(const char *macro, const char *lock)
{
	if (strstr(macro, "RWLOCK"))
		return !strcmp(lock, "pthread_rwlock_t");
	if (strstr(macro, "COND"))
		return !strcmp(lock, "pthread_cond_t");
	if (strstr(macro, "MUTEX"))
		return !strcmp(lock, "pthread_mutex_t");
	return 1;
}

/* Whether any scanned file defines the type (a typedef from an unscanned
 * header is unknown: an init through it is matched by member name). */
static int known_type(const struct model *m, json_t *facts, const char *type)
{
	size_t i;
	json_t *f;

	if (json_object_get(m->holds, type))
		return 1;
	json_array_foreach(facts, i, f)
		if (!strcmp(str(f, "k"), "def") && !strcmp(model_canon(m, str(f, "type")), type))
			return 1;
	return 0;
}

/* Whether a macro's &X->...->b.m may be the unit's member: when b names
 * members of known struct types, only if one of them is the unit's type. */
static int macro_may_reach(const struct model *m, json_t *facts, json_t *mf, const char *type)
{
	json_t *path = json_object_get(mf, "path");
	size_t n = json_array_size(path), i;
	const char *via;
	json_t *f;
	int known = 0;

	if (n < 2)
		return 1;
	via = json_string_value(json_array_get(path, n - 2));
	json_array_foreach(facts, i, f) {
		const char *mt;

		if (strcmp(str(f, "k"), "member") || strcmp(str(f, "member"), via))
			continue;
		mt = model_canon(m, str(f, "mtype"));
		if (strncmp(mt, "struct ", 7) && strncmp(mt, "union ", 6) &&
		    !json_object_get(m->holds, mt))
			continue;
		known = 1;
		if (!strcmp(mt, type))
			return 1;
	}
	return !known;
}

/* Whether the initializer list of the static object of zero_static fact
 * z gives the lock member leaf a static initializer (or has a positional
 * one, which is refused on its own). */
static int static_init_of(json_t *facts, json_t *z, const char *leaf)
{
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f) {
		const char *fm = str(f, "member");

		if (strcmp(str(f, "k"), "static_init") || !str(f, "name") ||
		    strcmp(str(f, "name"), str(z, "name")) || strcmp(str(f, "file"), str(z, "file")))
			continue;
		if (!fm || !strcmp(last_component(fm), leaf))
			return 1;
	}
	return 0;
}

static char *refusal(const struct model *m, json_t *facts, json_t *unit,
		     const struct options *o)
{
	const char *type = str(unit, "type"), *member = str(unit, "member");
	const char *lock = str(unit, "lock"), *init = lock_init_fn(o, lock);
	const char *leaf = last_component(member);
	int initialised = 0;
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f) {
		const char *k = str(f, "k"), *ft = str(f, "type");

		if (!strcmp(k, "init") && init && !strcmp(str(f, "fn"), init) &&
		    !strcmp(last_component(str(f, "member")), leaf) &&
		    (!ft || !strcmp(model_canon(m, ft), type) || !strncmp(ft, "struct {", 8) ||
		     !strncmp(ft, "union {", 7) || !known_type(m, facts, model_canon(m, ft)))) {
			json_t *arg = find_fact(facts, "init_arg", f);

			initialised = 1;
			if (arg && !strcmp(init, "sem_init") && strcmp(str(arg, "arg"), "0"))
				return xasprintf("process-shared: sem_init with pshared %s "
						 "at %s:%lld", str(arg, "arg"), str(f, "file"),
						 (long long)num(f, "line"));
			if (arg) {
				char *a = plain(str(arg, "arg"));
				size_t j;
				json_t *p;

				json_array_foreach(facts, j, p) {
					char *b;
					int same;

					if (strcmp(str(p, "k"), "pshared") ||
					    strcmp(str(p, "file"), str(f, "file")))
						continue;
					b = plain(str(p, "attr"));
					same = !strcmp(a, b);
					if (!same)
						free(b);
					if (same) {
						char *r = xasprintf("process-shared: attribute "
							"'%s' set to PTHREAD_PROCESS_SHARED at %s:%lld",
							b, str(p, "file"), (long long)num(p, "line"));
						free(a);
						free(b);
						return r;
					}
				}
				free(a);
			}
		}
		if (!strcmp(k, "static_init")) {
			const char *fm = str(f, "member");

			if (ft && !model_holds(m, model_canon(m, ft), type))
				continue;
			if (fm ? !strcmp(last_component(fm), leaf)
			       : (ft && family_of_initializer(str(f, "init"), lock)))
				initialised = 1;
		}
	}
	json_array_foreach(facts, i, f)
		if (!strcmp(str(f, "k"), "macro_addr") && !strcmp(str(f, "member"), leaf) &&
		    macro_may_reach(m, facts, f, type))
			return xasprintf("macro %s() at %s:%lld takes the address of a member "
					 "named '%s'; lockptr does not rewrite macro bodies",
					 str(f, "macro"), str(f, "file"), (long long)num(f, "line"),
					 leaf);
	json_array_foreach(facts, i, f) {
		const char *ft = str(f, "type");

		if (!strcmp(str(f, "k"), "shm") && ft && model_holds(m, model_canon(m, ft), type))
			return xasprintf("lives in shared memory: %s() at %s:%lld",
					 str(f, "fn"), str(f, "file"), (long long)num(f, "line"));
	}
	if (!initialised)
		return xasprintf("no %s() call and no static initializer found for it: it "
				 "relies on zeroed memory, or on an init wrapper lockptr does not "
				 "know (declare the wrapper's type with --lock-type)",
				 init ? init : "init");
	json_array_foreach(facts, i, f) {
		const char *ft = str(f, "type");

		if (!strcmp(str(f, "k"), "zero_static") && ft && model_holds(m, model_canon(m, ft), type) &&
		    !(json_is_true(json_object_get(f, "init")) && static_init_of(facts, f, leaf)))
			return xasprintf("the static object '%s' at %s:%lld holds a zeroed lock "
					 "until an init runs: migrated, it would be NULL until then, "
					 "and lockptr cannot prove that no use comes first",
					 str(f, "name"), str(f, "file"), (long long)num(f, "line"));
	}
	return NULL;
}

static void add_conflict(struct model *m, const char *type, const char *file)
{
	size_t i;
	json_t *c;

	json_array_foreach(m->conflicts, i, c) {
		if (!strcmp(str(c, "type"), type)) {
			set_add(json_object_get(c, "files"), file);
			return;
		}
	}
	json_array_append_new(m->conflicts, json_pack("{s:s, s:[s]}", "type", type,
						      "files", file));
}

/* One signature per (type, file): "member:mtype;..." in order met. */
static void find_conflicts(struct model *m, json_t *facts)
{
	json_t *sig = json_object();   /* type -> {file -> signature} */
	const char *type;
	json_t *files;
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f) {
		json_t *per;
		const char *old;
		char *s;

		if (strcmp(str(f, "k"), "def"))
			continue;
		type = model_canon(m, str(f, "type"));
		per = json_object_get(sig, type);
		if (!per) {
			per = json_object();
			json_object_set_new(sig, type, per);
		}
		old = str(per, str(f, "file"));
		s = xasprintf("%s%s %s;", old ? old : "", str(f, "member"), str(f, "mtype"));
		json_object_set_new(per, str(f, "file"), json_string(s));
		free(s);
	}
	json_object_foreach(sig, type, files) {
		const char *file, *first = NULL;
		json_t *v;
		int differ = 0;

		json_object_foreach(files, file, v) {
			(void)file;
			if (!first)
				first = json_string_value(v);
			else if (strcmp(first, json_string_value(v)))
				differ = 1;
		}
		if (differ)
			json_object_foreach(files, file, v)
				add_conflict(m, type, file);
	}
	json_decref(sig);
}

void model_build(struct model *m, json_t *facts, const struct options *o)
{
	size_t i;
	json_t *f;
	int changed = 1;

	memset(m, 0, sizeof(*m));
	m->units = json_array();
	m->copies = json_array();
	m->conflicts = json_array();
	m->alias = json_object();
	m->alias_at = json_object();
	m->shared = json_object();
	m->locks = json_object();
	m->holds = json_object();
	m->contains = json_object();

	for (int k = 0; builtin_locks[k][0]; k++)
		json_object_set_new(m->locks, builtin_locks[k][0], json_true());
	for (size_t k = 0; k < o->nlock_types; k++)
		json_object_set_new(m->locks, o->lock_types[k].name, json_true());
	/* One typedef name may have several definitions (one per platform):
	 * a lock type wins, as the one that matters here; the clash is a
	 * conflict to report. */
	json_array_foreach(facts, i, f) {
		const char *name = str(f, "name"), *of = str(f, "of"), *old;

		if (strcmp(str(f, "k"), "typedef") || !strcmp(name, of))
			continue;
		old = str(m->alias, name);
		/* Macros that name other things than locks (INLINE, local) may
		 * differ per platform as they like. */
		if (old && strcmp(old, of) && json_is_true(json_object_get(f, "macro")) &&
		    !json_object_get(m->locks, old) && !json_object_get(m->locks, of))
			continue;
		if (old && strcmp(old, of)) {
			add_conflict(m, name, str(json_object_get(m->alias_at, name), "file"));
			add_conflict(m, name, str(f, "file"));
			if (json_object_get(m->locks, old) || !json_object_get(m->locks, of))
				continue;
		}
		json_object_set_new(m->alias, name, json_string(of));
		json_object_set(m->alias_at, name, f);
	}

	find_conflicts(m, facts);
	json_array_foreach(facts, i, f) {
		const char *file = str(f, "file");
		size_t n = strlen(file);

		if ((!strcmp(str(f, "k"), "def") || !strcmp(str(f, "k"), "typedef")) &&
		    !(n > 2 && !strcmp(file + n - 2, ".c")))
			json_object_set_new(m->shared, str(f, "k")[0] == 'd' ? model_canon(m, str(f, "type"))
									      : str(f, "name"),
					    json_true());
	}

	/* Lock members: the units. Duplicate facts of one position (a file
	 * read twice) count once. */
	json_array_foreach(facts, i, f) {
		const char *lock, *type;
		json_t *u;

		if (strcmp(str(f, "k"), "member"))
			continue;
		/* A lock type's insides (a user's wrapper around a pthread
		 * mutex) are the lock, not a holder of one. */
		if (json_object_get(m->locks, model_canon(m, str(f, "type"))))
			continue;
		lock = model_canon(m, str(f, "mtype"));
		if (!json_object_get(m->locks, lock))
			continue;
		type = model_canon(m, str(f, "type"));
		u = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:b, s:b, s:n}",
			      "type", type, "member", str(f, "member"), "lock", lock,
			      "file", str(f, "file"), "line", num(f, "line"),
			      "column", num(f, "col"), "array",
			      json_is_true(json_object_get(f, "array")),
			      "copied", 0, "refused");
		{
			size_t j;
			json_t *v;
			int dup = 0;

			json_array_foreach(m->units, j, v)
				dup |= json_equal(v, u);
			if (dup) {
				json_decref(u);
				continue;
			}
		}
		json_array_append_new(m->units, u);
		if (!json_object_get(m->holds, type)) {
			json_object_set_new(m->holds, type, json_array());
			json_object_set_new(m->contains, type, json_array());
		}
		set_add(json_object_get(m->holds, type), str(f, "member"));
		set_add(json_object_get(m->contains, type), type);
	}

	/* Holding is transitive through by-value members (and arrays). */
	for (int pass = 0; changed && pass < 64; pass++) {
		changed = 0;
		json_array_foreach(facts, i, f) {
			const char *inner, *outer;
			json_t *paths, *in_contains;
			size_t j;
			json_t *p;

			if (strcmp(str(f, "k"), "member"))
				continue;
			inner = model_canon(m, str(f, "mtype"));
			outer = model_canon(m, str(f, "type"));
			if (json_object_get(m->locks, outer))
				continue;
			paths = json_object_get(m->holds, inner);
			if (!paths || !strcmp(inner, outer))
				continue;
			if (!json_object_get(m->holds, outer)) {
				json_object_set_new(m->holds, outer, json_array());
				json_object_set_new(m->contains, outer, json_array());
			}
			json_array_foreach(paths, j, p) {
				char *path = xasprintf("%s%s.%s", str(f, "member"),
						       json_is_true(json_object_get(f, "array")) ? "[]" : "",
						       json_string_value(p));

				changed |= set_add(json_object_get(m->holds, outer), path);
				free(path);
			}
			in_contains = json_object_get(m->contains, inner);
			json_array_foreach(in_contains, j, p)
				changed |= set_add(json_object_get(m->contains, outer),
						   json_string_value(p));
		}
	}

	/* Paths in a stable order, shortest first. */
	{
		const char *t;
		json_t *paths;

		json_object_foreach(m->holds, t, paths) {
			size_t n = json_array_size(paths);
			const char **v = xcalloc(n, sizeof(*v));
			json_t *out = json_array();

			for (size_t k = 0; k < n; k++)
				v[k] = json_string_value(json_array_get(paths, k));
			qsort(v, n, sizeof(*v), cmp_path);
			for (size_t k = 0; k < n; k++)
				json_array_append_new(out, json_string(v[k]));
			free(v);
			json_object_set_new(m->holds, t, out);
		}
	}

	/* Copy sites of holding types. An initialisation is also seen as an
	 * assignment at the same place: keep the initialisation. */
	{
		json_t *inits = json_object(), *seen = json_object();
		json_t *bare = json_pack("[s]", "");

		json_array_foreach(facts, i, f) {
			char *key;

			if (strcmp(str(f, "k"), "copy") || strcmp(str(f, "kind"), "init") ||
			    !json_object_get(f, "var_line"))
				continue;
			key = xasprintf("%s\n%lld\n%lld", str(f, "file"),
					(long long)num(f, "var_line"), (long long)num(f, "var_col"));
			json_object_set_new(inits, key, json_true());
			free(key);
		}
		json_array_foreach(facts, i, f) {
			const char *type;
			json_t *paths, *c;
			char *key;
			int skip;

			if (strcmp(str(f, "k"), "copy"))
				continue;
			type = model_canon(m, str(f, "type"));
			paths = json_object_get(m->holds, type);
			/* A lock copied by itself: the path to it is empty. */
			if (!paths && json_object_get(m->locks, type))
				paths = bare;
			if (!paths || json_array_size(paths) == 0)
				continue;
			key = xasprintf("%s\n%lld\n%lld", str(f, "file"),
					(long long)num(f, "line"), (long long)num(f, "col"));
			skip = !strcmp(str(f, "kind"), "assign") && json_object_get(inits, key);
			free(key);
			skip |= local_lock_free(m, facts, type, str(f, "file"));
			key = xasprintf("%s\n%lld\n%lld\n%s", str(f, "file"),
					(long long)num(f, "line"), (long long)num(f, "col"),
					str(f, "kind"));
			skip |= json_object_get(seen, key) != NULL;
			json_object_set_new(seen, key, json_true());
			free(key);
			if (skip)
				continue;
			c = json_pack("{s:s, s:s, s:O, s:s, s:I, s:I, s:s?}", "type", type,
				      "kind", str(f, "kind"), "path", json_array_get(paths, 0),
				      "file", str(f, "file"), "line", num(f, "line"),
				      "column", num(f, "col"), "function", str(f, "func"));
			if (json_array_size(paths) > 1)
				json_object_set(c, "paths", paths);
			json_array_append_new(m->copies, c);
		}
		json_decref(inits);
		json_decref(seen);
		json_decref(bare);
	}

	/* copied and refused, per unit. */
	json_array_foreach(m->units, i, f) {
		size_t j;
		json_t *c;
		char *why;

		json_array_foreach(m->copies, j, c)
			if (model_holds(m, str(c, "type"), str(f, "type")))
				json_object_set_new(f, "copied", json_true());
		why = refusal(m, facts, f, o);
		if (why)
			json_object_set_new(f, "refused", json_string(why));
		free(why);
	}
	m->units = sorted(m->units);
	m->copies = sorted(m->copies);
}

void model_words(const struct model *m, const struct options *o,
		 json_t *words, json_t *tags)
{
	const char *t;
	json_t *v;
	size_t i;
	json_t *f;

	for (int k = 0; builtin_locks[k][0]; k++)
		json_object_set_new(words, builtin_locks[k][0], json_true());
	for (size_t k = 0; k < o->nlock_types; k++)
		json_object_set_new(words, o->lock_types[k].name, json_true());
	/* Only types other files can see: a struct defined in a .c file is
	 * that file's alone, whatever other files name their own structs. */
	json_object_foreach(m->holds, t, v) {
		if (!json_object_get(m->shared, t))
			continue;
		if (!strncmp(t, "struct ", 7) || !strncmp(t, "union ", 6))
			json_object_set_new(tags, t, json_true());
		else
			json_object_set_new(words, t, json_true());
	}
	/* Typedef names of lock or holding types are words too; not those of
	 * a struct defined in a .c file (an opaque `typedef struct s s_t;`):
	 * other files cannot copy an incomplete type, and a word that depends
	 * on a .c file's facts would make --shard runs differ. */
	json_object_foreach(m->alias, t, f) {
		const char *c = model_canon(m, t);

		(void)f;
		if ((json_object_get(m->locks, c) ||
		     (json_object_get(m->holds, c) && json_object_get(m->shared, c))) &&
		    json_object_get(m->shared, t))
			json_object_set_new(words, t, json_true());
	}
	(void)i;
}

void model_free(struct model *m)
{
	json_decref(m->units);
	json_decref(m->copies);
	json_decref(m->conflicts);
	json_decref(m->alias);
	json_decref(m->alias_at);
	json_decref(m->shared);
	json_decref(m->locks);
	json_decref(m->holds);
	json_decref(m->contains);
	memset(m, 0, sizeof(*m));
}
