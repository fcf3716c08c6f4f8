#define _GNU_SOURCE
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defs.h"

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
		const char *next = strset_has(&m->locks, t) ? NULL : strmap_get(&m->alias, t);

		if (!next || !strcmp(next, t))
			break;
		t = next;
	}
	return t;
}

const char *member_leaf(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot ? dot + 1 : path;
}

/* Sorted by file, line, column, then type and member. */
static int cmp_at(const char *xf, long long xl, long long xc, const char *xt, const char *xm,
		  const char *yf, long long yl, long long yc, const char *yt, const char *ym)
{
	int c = strcmp(xf, yf);

	if (c)
		return c;
	if (xl != yl)
		return xl < yl ? -1 : 1;
	if (xc != yc)
		return xc < yc ? -1 : 1;
	c = strcmp(xt, yt);
	return c ? c : strcmp(xm, ym);
}

static int cmp_unit(const void *a, const void *b)
{
	const struct unit *x = *(const struct unit *const *)a, *y = *(const struct unit *const *)b;

	return cmp_at(x->file, x->line, x->column, x->type, x->member,
		      y->file, y->line, y->column, y->type, y->member);
}

static int cmp_copy(const void *a, const void *b)
{
	const struct copy_site *x = *(const struct copy_site *const *)a;
	const struct copy_site *y = *(const struct copy_site *const *)b;

	return cmp_at(x->file, x->line, x->column, x->type, "",
		      y->file, y->line, y->column, y->type, "");
}

/* Sorts n elements of size bytes through an array of pointers to them,
 * as the JSON arrays of old were sorted: the order of equal elements
 * depends on the element size in some qsort()s. */
static void sort_by(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	char **v, *out;

	if (n < 2)
		return;
	v = xcalloc(n, sizeof(*v));
	out = xcalloc(n, size);
	for (size_t i = 0; i < n; i++)
		v[i] = (char *)base + i * size;
	qsort(v, n, sizeof(*v), cmp);
	for (size_t i = 0; i < n; i++)
		memcpy(out + i * size, v[i], size);
	memcpy(base, out, n * size);
	free(out);
	free(v);
}

static int cmp_path(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t nx = strlen(x), ny = strlen(y);

	if (nx != ny)
		return nx < ny ? -1 : 1;
	return strcmp(x, y);
}

/* Adds a string to a vector kept free of repeats; 1 if it was new. */
static int vec_add(struct strvec *v, const char *s)
{
	if (strvec_has(v, s))
		return 0;
	strvec_push(v, s);
	return 1;
}

static struct strvec *vec_of(struct strmap *map, const char *key)
{
	struct strvec *v = strmap_get(map, key);

	if (!v) {
		v = xcalloc(1, sizeof(*v));
		strmap_put(map, key, v);
	}
	return v;
}

static void vec_free(void *p)
{
	strvec_free(p);
	free(p);
}

/* The box a migrated member points at (box.h: struct lockptr_L_box in
 * lockptr_locks.h): it holds the lock by value on purpose, and no code
 * copies it. */
static int lockptr_box(const char *type)
{
	size_t n = type ? strlen(type) : 0;

	return n > 19 && !strncmp(type, "struct lockptr_", 15) && !strcmp(type + n - 4, "_box");
}

static char *dup0(const char *s)
{
	return xstrdup(s ? s : "");
}

const char *lock_fn(const struct options *o, const char *lock, int destroy)
{
	for (int i = 0; builtin_locks[i][0]; i++)
		if (!strcmp(builtin_locks[i][0], lock))
			return builtin_locks[i][destroy ? 2 : 1];
	for (size_t i = 0; i < o->nlock_types; i++)
		if (!strcmp(o->lock_types[i].name, lock))
			return destroy ? o->lock_types[i].destroy : o->lock_types[i].init;
	return NULL;
}

int lock_is_builtin(const char *lock)
{
	for (int i = 0; builtin_locks[i][0]; i++)
		if (!strcmp(builtin_locks[i][0], lock))
			return 1;
	return 0;
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

const struct lock_wrapper *model_wrapper(const struct model *m, const char *name)
{
	for (size_t i = 0; name && i < m->nwrappers; i++)
		if (!strcmp(m->wrappers[i].name, name))
			return &m->wrappers[i];
	return NULL;
}

/* The fact of a kind at a fact's place, in the function it names (the
 * facts a wrapper's call has: its result returned or assigned). */
static json_t *fact_in(json_t *facts, const char *kind, json_t *at)
{
	json_t *f = find_fact(facts, kind, at);

	return f && str(f, "func") && !strcmp(str(f, "func"), str(at, "func")) ? f : NULL;
}

/* Where function func of file sets an attribute (a pshared or recursive
 * fact) whose name is the init's attribute argument at call site at:
 * "file:line", or NULL. */
static char *attribute_at(json_t *facts, const char *kind, json_t *at)
{
	json_t *arg = find_fact(facts, "init_arg", at), *f;
	char *a, *where = NULL;
	size_t i;

	if (!arg)
		return NULL;
	a = plain(str(arg, "arg"));
	json_array_foreach(facts, i, f) {
		char *b;

		if (strcmp(str(f, "k"), kind) || strcmp(str(f, "file"), str(at, "file")) ||
		    !str(f, "func") || strcmp(str(f, "func"), str(at, "func")))
			continue;
		b = plain(str(f, "attr"));
		if (!strcmp(a, b))
			where = xasprintf("%s:%lld", str(f, "file"), (long long)num(f, "line"));
		free(b);
		if (where)
			break;
	}
	free(a);
	return where;
}

static int negates(json_t *facts, const char *macro)
{
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f)
		if (!strcmp(str(f, "k"), "negate") && !strcmp(str(f, "macro"), macro))
			return 1;
	return 0;
}

/* What the wrapper whose call to its callee is fact e returns, given
 * whether the callee returns the underlying init's result. */
static void wrapper_returns(json_t *facts, json_t *e, int callee_result,
			    struct lock_wrapper *w)
{
	json_t *ret = fact_in(facts, "wret", e), *as = fact_in(facts, "wassign", e), *f;
	size_t i;

	w->returns = xstrdup("other");
	if (!strcmp(str(e, "ret"), "void")) {
		free(w->returns);
		w->returns = xstrdup("void");
		return;
	}
	if (!callee_result)
		return;
	if (ret && json_is_null(json_object_get(ret, "var"))) {
		const char *via = str(ret, "via");

		free(w->returns);
		/* Negated errno values: pthreads' results only. */
		if ((json_is_true(json_object_get(ret, "neg")) || (via && negates(facts, via))) &&
		    !strncmp(w->lock, "pthread_", 8))
			w->returns = xstrdup("negated");
		else
			w->returns = xstrdup(via ? "other" : "result");
		return;
	}
	/* rc = pthread_mutex_init(m, &a); ... return rc; */
	json_array_foreach(facts, i, f)
		if (as && !strcmp(str(f, "k"), "wret") && str(f, "var") &&
		    !strcmp(str(f, "var"), str(as, "var")) &&
		    !strcmp(str(f, "file"), str(e, "file")) &&
		    str(f, "func") && !strcmp(str(f, "func"), str(e, "func"))) {
			free(w->returns);
			w->returns = xstrdup("result");
			w->returns_var = xstrdup(str(as, "var"));
			return;
		}
}

/* The lock family whose init or destroy fn is (builtin or --lock-type),
 * with *kind "init" or "destroy"; NULL when fn is neither. */
static const char *family_of(const struct options *o, const char *fn, const char **kind)
{
	for (int k = 0; builtin_locks[k][0]; k++)
		for (int d = 1; d <= 2; d++)
			if (!strcmp(builtin_locks[k][d], fn)) {
				*kind = d == 1 ? "init" : "destroy";
				return builtin_locks[k][0];
			}
	for (size_t k = 0; k < o->nlock_types; k++)
		if (!strcmp(o->lock_types[k].init, fn) || !strcmp(o->lock_types[k].destroy, fn)) {
			*kind = strcmp(o->lock_types[k].init, fn) ? "destroy" : "init";
			return o->lock_types[k].name;
		}
	return NULL;
}

static int cmp_wrapper(const void *a, const void *b)
{
	return strcmp(((const struct lock_wrapper *)a)->name,
		      ((const struct lock_wrapper *)b)->name);
}

/* Lock wrappers, from the calls that functions and macros make with their
 * first parameter (wcall facts): a call of a known init or destroy of the
 * parameter's lock family makes a wrapper, and so, in the next pass, does
 * a call of a wrapper found so far. A parameter whose type is known must
 * be a lock of that family (a function that hands a FILE * to something
 * named like an init is no wrapper); a macro's parameter has no type. */
static void read_wrappers(struct model *m, json_t *facts, const struct options *o)
{
	int changed = 1;
	size_t i;
	json_t *e;

	for (int pass = 0; changed && pass < 32; pass++) {
		changed = 0;
		json_array_foreach(facts, i, e) {
			const char *fn = str(e, "fn"), *lock = NULL, *kind = NULL, *pt;
			const struct lock_wrapper *callee = NULL;
			struct lock_wrapper w = { 0 };

			if (strcmp(str(e, "k"), "wcall") || !str(e, "func") ||
			    model_wrapper(m, str(e, "func")))
				continue;
			lock = family_of(o, fn, &kind);
			if (!lock && (callee = model_wrapper(m, fn))) {
				lock = callee->lock;
				kind = callee->kind;
			}
			pt = str(e, "ptype");
			if (!lock || (pt && strcmp(model_canon(m, pt), lock)))
				continue;
			w.name = xstrdup(str(e, "func"));
			w.kind = xstrdup(kind);
			w.lock = xstrdup(lock);
			w.via = xstrdup(fn);
			w.file = dup0(str(e, "file"));
			w.line = num(e, "line");
			w.macro = json_is_true(json_object_get(e, "macro"));
			if (!strcmp(kind, "init")) {
				wrapper_returns(facts, e, callee ? !strcmp(callee->returns, "result") : 1, &w);
				w.pshared = attribute_at(facts, "pshared", e);
				w.recursive = attribute_at(facts, "recursive", e);
				if (callee && !w.pshared && callee->pshared)
					w.pshared = xstrdup(callee->pshared);
				if (callee && !w.recursive && callee->recursive)
					w.recursive = xstrdup(callee->recursive);
			} else {
				/* after_destroy() frees on a result that says so. */
				wrapper_returns(facts, e, callee ? !strcmp(callee->returns, "result") : 1, &w);
			}
			m->wrappers = xrealloc(m->wrappers, (m->nwrappers + 1) * sizeof(*m->wrappers));
			m->wrappers[m->nwrappers++] = w;
			changed = 1;
		}
	}
	if (m->nwrappers > 1)
		qsort(m->wrappers, m->nwrappers, sizeof(*m->wrappers), cmp_wrapper);
}

/* Whether a type (canonical) contains the unit's type, itself included. */
int model_holds(const struct model *m, const char *outer, const char *unit_type)
{
	const struct strvec *set = outer ? strmap_get(&m->contains, outer) : NULL;

	return set && strvec_has(set, unit_type);
}

/* A type defined in the copy's own file, differently from elsewhere, and
 * without a lock there: the copy copies that local type, no lock. */
static int local_lock_free(const struct model *m, json_t *facts, const char *type,
			   const char *file)
{
	int local = 0;
	size_t i;
	json_t *f;

	for (i = 0; i < m->nconflicts; i++)
		if (!strcmp(m->conflicts[i].type, type))
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
		if (!strcmp(k, "member")) {
			const char *mt = model_canon(m, str(f, "mtype"));
			const struct strvec *paths = mt ? strmap_get(&m->holds, mt) : NULL;

			if ((mt && strset_has(&m->locks, mt)) || (paths && paths->n))
				return 0;
		}
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

	if (strmap_has(&m->holds, type))
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
		    !strmap_has(&m->holds, mt))
			continue;
		known = 1;
		if (!strcmp(mt, type))
			return 1;
	}
	return !known;
}

int model_macro_addr(const struct model *m, json_t *facts, json_t *f, const struct unit *u)
{
	return !strcmp(str(f, "k"), "macro_addr") &&
	       !strcmp(str(f, "member"), member_leaf(u->member)) &&
	       macro_may_reach(m, facts, f, u->type);
}

/* A macro body that hands the lock's address to a call other than an
 * init, a destroy or a wrapper of them: the address becomes the member
 * (35-macro-body-macro). Inits and destroys would need the helpers. */
static int macro_addr_rewritable(const struct model *m, const struct options *o, json_t *f)
{
	const char *fn = str(f, "callee");

	const char *kind;

	return fn && !model_wrapper(m, fn) && !family_of(o, fn, &kind);
}

/* Whether a call fact (init, destroy, call) is on the unit's member: by
 * member name and the object's type, when spatch knew it. */
static int call_on(const struct model *m, json_t *facts, json_t *f, const char *type,
		   const char *leaf)
{
	const char *ft = str(f, "type");

	return !strcmp(member_leaf(str(f, "member")), leaf) &&
	       (!ft || !strcmp(model_canon(m, ft), type) || !strncmp(ft, "struct {", 8) ||
		!strncmp(ft, "union {", 7) || !known_type(m, facts, model_canon(m, ft)));
}

/* A refusal for what the code is, not for a limit of lockptr: the lock
 * must stay where it is (verify counts it as done). */
static char *by_design(int *flag, char *why)
{
	*flag = 1;
	return why;
}

/* A unit whose lock is set up as the second lock of a wrapper
 * (`mutex_cond_init_pshared(&s->lock, &s->cond)`, fio): by design when
 * the wrapper makes it process-shared, else a limit (only a wrapper's
 * first lock parameter is followed). NULL when there is no such call. */
static char *second_lock(const struct model *m, json_t *facts, const struct unit *u,
			 const struct options *o, int *designed)
{
	const char *init = lock_fn(o, u->lock, 0), *leaf = member_leaf(u->member);
	size_t i, j;
	json_t *f, *g;

	json_array_foreach(facts, i, f) {
		if (strcmp(str(f, "k"), "call2") || !call_on(m, facts, f, u->type, leaf))
			continue;
		json_array_foreach(facts, j, g) {
			const struct lock_wrapper *w;
			char *pshared;

			if (strcmp(str(g, "k"), "wcall2") || !str(g, "func") ||
			    strcmp(str(g, "func"), str(f, "fn")))
				continue;
			w = model_wrapper(m, str(g, "fn"));
			if (!(init && !strcmp(str(g, "fn"), init)) &&
			    !(w && !strcmp(w->kind, "init") && !strcmp(w->lock, u->lock)))
				continue;
			pshared = attribute_at(facts, "pshared", g);
			if (!pshared && w && w->pshared)
				pshared = xstrdup(w->pshared);
			if (pshared) {
				char *r = xasprintf("process-shared: initialised through %s() "
						    "(its second lock) at %s:%lld, which sets "
						    "PTHREAD_PROCESS_SHARED at %s", str(f, "fn"),
						    str(f, "file"), (long long)num(f, "line"),
						    pshared);

				free(pshared);
				return by_design(designed, r);
			}
			return xasprintf("initialised through %s() at %s:%lld as its second "
					 "lock: lockptr migrates the calls of a wrapper's first "
					 "lock parameter only (give the lock an init call of its "
					 "own, or keep it by value)", str(f, "fn"), str(f, "file"),
					 (long long)num(f, "line"));
		}
	}
	return NULL;
}

static char *refusal(const struct model *m, json_t *facts, const struct unit *unit,
		     const struct options *o, int *designed)
{
	const char *type = unit->type, *member = unit->member;
	const char *lock = unit->lock, *init = lock_fn(o, lock, 0);
	const char *leaf = member_leaf(member);
	int initialised = 0;
	json_t *unknown = NULL;   /* a call of an init wrapper whose result is unknown */
	char *why;
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f) {
		const char *k = str(f, "k"), *ft = str(f, "type");
		const struct lock_wrapper *w;

		if (!strcmp(k, "call") && (w = model_wrapper(m, str(f, "fn"))) &&
		    !strcmp(w->lock, lock) && call_on(m, facts, f, type, leaf)) {
			if (w->pshared && !strcmp(w->kind, "init"))
				return by_design(designed, xasprintf(
						 "process-shared: initialised through %s() at "
						 "%s:%lld, which sets PTHREAD_PROCESS_SHARED at %s",
						 w->name, str(f, "file"), (long long)num(f, "line"),
						 w->pshared));
			/* An init wrapper initialises; one whose result lockptr
			 * cannot read needs --init-wrapper. */
			if (!strcmp(w->kind, "init")) {
				initialised = 1;
				if (!strcmp(w->returns, "other") && !init_wrapper_nomem(o, w->name) &&
				    !unknown)
					unknown = f;
			}
		}
		if (!strcmp(k, "init") && init && !strcmp(str(f, "fn"), init) &&
		    call_on(m, facts, f, type, leaf)) {
			json_t *arg = find_fact(facts, "init_arg", f);

			initialised = 1;
			if (arg && !strcmp(init, "sem_init") && strcmp(str(arg, "arg"), "0"))
				return by_design(designed, xasprintf(
						 "process-shared: sem_init with pshared %s "
						 "at %s:%lld", str(arg, "arg"), str(f, "file"),
						 (long long)num(f, "line")));
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
						return by_design(designed, r);
					}
				}
				free(a);
			}
		}
		/* A compound literal initialises it too (plan.h refuses it). */
		if (!strcmp(k, "static_init") || !strcmp(k, "literal_init")) {
			const char *fm = str(f, "member");

			if (ft && !model_holds(m, model_canon(m, ft), type))
				continue;
			if (fm ? !strcmp(member_leaf(fm), leaf)
			       : (ft && family_of_initializer(str(f, "init"), lock)))
				initialised = 1;
		}
	}
	json_array_foreach(facts, i, f)
		if (model_macro_addr(m, facts, f, unit) && !macro_addr_rewritable(m, o, f))
			return xasprintf("macro %s() at %s:%lld takes the address of a member "
					 "named '%s' %s%s%s; lockptr rewrites a macro body only "
					 "where it hands the address to a lock call",
					 str(f, "macro"), str(f, "file"), (long long)num(f, "line"),
					 leaf, str(f, "callee") ? "for " : "other than as a call's "
					 "argument", str(f, "callee") ? str(f, "callee") : "",
					 str(f, "callee") ? "()" : "");
	json_array_foreach(facts, i, f) {
		const char *ft = str(f, "type");

		if (!strcmp(str(f, "k"), "shm") && ft && model_holds(m, model_canon(m, ft), type))
			return by_design(designed, xasprintf(
					 "lives in shared memory: %s() at %s:%lld",
					 str(f, "fn"), str(f, "file"), (long long)num(f, "line")));
	}
	if (!initialised && (why = second_lock(m, facts, unit, o, designed)))
		return why;
	/* DESIGN: a wrapper's call sites are the unit's inits and destroys.
	 * The migration allocates before an init wrapper's call and frees
	 * after a failure, which it must be able to read. */
	if (unknown) {
		const struct lock_wrapper *w = model_wrapper(m, str(unknown, "fn"));

		return xasprintf("initialised through %s() at %s:%lld, and lockptr cannot tell "
				 "what %s() returns (not the result of %s()): if it returns 0 "
				 "on success, give what it should return when the lock cannot "
				 "be allocated with --init-wrapper %s:VALUE",
				 w->name, str(unknown, "file"), (long long)num(unknown, "line"),
				 w->name, w->via, w->name);
	}
	if (!initialised)
		return xasprintf("no %s() call and no static initializer found for it: it "
				 "relies on zeroed memory, or on an init wrapper lockptr does not "
				 "know (declare the wrapper's type with --lock-type)",
				 init ? init : "init");
	return NULL;
}

char *model_refusal(const struct model *m, json_t *facts, const struct unit *u,
		    const struct options *o, int *designed)
{
	*designed = 0;
	return refusal(m, facts, u, o, designed);
}

static void add_conflict(struct model *m, const char *type, const char *file)
{
	struct conflict *c;

	for (size_t i = 0; i < m->nconflicts; i++) {
		if (!strcmp(m->conflicts[i].type, type)) {
			vec_add(&m->conflicts[i].files, file);
			return;
		}
	}
	m->conflicts = xrealloc(m->conflicts, (m->nconflicts + 1) * sizeof(*m->conflicts));
	c = &m->conflicts[m->nconflicts++];
	memset(c, 0, sizeof(*c));
	c->type = xstrdup(type);
	strvec_push(&c->files, file);
}

static void sig_free(void *p)
{
	strmap_clear(p, free);
	free(p);
}

/* One signature per (type, file): "member:mtype;..." in order met. */
static void find_conflicts(struct model *m, json_t *facts)
{
	struct strmap sig = { 0 };   /* type -> (struct strmap *) file -> signature */
	struct strmap_entry *t, *e;
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f) {
		struct strmap *per;
		char *old, *s;

		if (strcmp(str(f, "k"), "def"))
			continue;
		per = strmap_get(&sig, model_canon(m, str(f, "type")));
		if (!per) {
			per = xcalloc(1, sizeof(*per));
			strmap_put(&sig, model_canon(m, str(f, "type")), per);
		}
		old = strmap_get(per, str(f, "file"));
		s = xasprintf("%s%s %s;", old ? old : "", str(f, "member"), str(f, "mtype"));
		free(strmap_put(per, str(f, "file"), s));
	}
	strmap_foreach(&sig, t) {
		struct strmap *files = t->value;
		int differ = 0;

		strmap_foreach(files, e)
			differ |= strcmp(files->v[0].value, e->value) != 0;
		if (differ)
			strmap_foreach(files, e)
				add_conflict(m, t->key, e->key);
	}
	strmap_clear(&sig, sig_free);
}

/* Typedef names: one name may have several definitions (one per
 * platform): a lock type wins, as the one that matters here; the clash is
 * a conflict to report. */
static void read_aliases(struct model *m, json_t *facts)
{
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f) {
		const char *name = str(f, "name"), *of = str(f, "of"), *old;

		if (strcmp(str(f, "k"), "typedef") || !strcmp(name, of))
			continue;
		old = strmap_get(&m->alias, name);
		/* Macros that name other things than locks (INLINE, local) may
		 * differ per platform as they like. */
		if (old && strcmp(old, of) && json_is_true(json_object_get(f, "macro")) &&
		    !strset_has(&m->locks, old) && !strset_has(&m->locks, of))
			continue;
		if (old && strcmp(old, of)) {
			add_conflict(m, name, strmap_get(&m->alias_at, name));
			add_conflict(m, name, str(f, "file") ? str(f, "file") : "");
			if (strset_has(&m->locks, old) || !strset_has(&m->locks, of))
				continue;
		}
		free(strmap_put(&m->alias, name, xstrdup(of)));
		free(strmap_put(&m->alias_at, name, dup0(str(f, "file"))));
	}
}

/* Lock members: the units. Duplicate facts of one position (a file read
 * twice) count once. */
static void read_units(struct model *m, json_t *facts)
{
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f) {
		const char *lock, *type;
		struct unit u = { 0 };
		int dup = 0;

		if (strcmp(str(f, "k"), "member"))
			continue;
		/* A lock type's insides (a user's wrapper around a pthread
		 * mutex) are the lock, not a holder of one. */
		if (strset_has(&m->locks, model_canon(m, str(f, "type"))) ||
		    lockptr_box(model_canon(m, str(f, "type"))))
			continue;
		lock = model_canon(m, str(f, "mtype"));
		if (!lock || !strset_has(&m->locks, lock))
			continue;
		type = model_canon(m, str(f, "type"));
		u.type = dup0(type);
		u.member = dup0(str(f, "member"));
		u.lock = xstrdup(lock);
		u.file = dup0(str(f, "file"));
		u.line = num(f, "line");
		u.column = num(f, "col");
		u.array = json_is_true(json_object_get(f, "array"));
		for (size_t j = 0; j < m->nunits && !dup; j++) {
			const struct unit *v = &m->units[j];

			dup = !strcmp(v->type, u.type) && !strcmp(v->member, u.member) &&
			      !strcmp(v->lock, u.lock) && !strcmp(v->file, u.file) &&
			      v->line == u.line && v->column == u.column && v->array == u.array;
		}
		if (dup) {
			unit_clear(&u);
			continue;
		}
		m->units = xrealloc(m->units, (m->nunits + 1) * sizeof(*m->units));
		m->units[m->nunits++] = u;
		vec_add(vec_of(&m->holds, u.type), u.member);
		vec_add(vec_of(&m->contains, u.type), u.type);
	}
}

/* Holding is transitive through by-value members (and arrays). */
static void close_holds(struct model *m, json_t *facts)
{
	int changed = 1;
	size_t i;
	json_t *f;

	for (int pass = 0; changed && pass < 64; pass++) {
		changed = 0;
		json_array_foreach(facts, i, f) {
			const char *inner, *outer;
			struct strvec *paths, *in_contains, *out_holds, *out_contains;

			if (strcmp(str(f, "k"), "member"))
				continue;
			inner = model_canon(m, str(f, "mtype"));
			outer = model_canon(m, str(f, "type"));
			if (!outer || strset_has(&m->locks, outer))
				continue;
			paths = inner ? strmap_get(&m->holds, inner) : NULL;
			if (!paths || !strcmp(inner, outer))
				continue;
			out_holds = vec_of(&m->holds, outer);
			out_contains = vec_of(&m->contains, outer);
			for (size_t j = 0; j < paths->n; j++) {
				char *path = xasprintf("%s%s.%s", str(f, "member"),
						       json_is_true(json_object_get(f, "array")) ? "[]" : "",
						       paths->v[j]);

				changed |= vec_add(out_holds, path);
				free(path);
			}
			in_contains = strmap_get(&m->contains, inner);
			for (size_t j = 0; in_contains && j < in_contains->n; j++)
				changed |= vec_add(out_contains, in_contains->v[j]);
		}
	}
	/* Paths in a stable order, shortest first. */
	{
		struct strmap_entry *e;

		strmap_foreach(&m->holds, e) {
			struct strvec *v = e->value;

			qsort(v->v, v->n, sizeof(*v->v), cmp_path);
		}
	}
}

/* Copy sites of holding types. An initialisation is also seen as an
 * assignment at the same place: keep the initialisation. */
static void read_copies(struct model *m, json_t *facts)
{
	struct strset inits = { 0 }, seen = { 0 };
	struct strvec bare = { 0 };
	size_t i;
	json_t *f;

	strvec_push(&bare, "");
	json_array_foreach(facts, i, f) {
		char *key;

		if (strcmp(str(f, "k"), "copy") || strcmp(str(f, "kind"), "init") ||
		    !json_object_get(f, "var_line"))
			continue;
		key = xasprintf("%s\n%lld\n%lld", str(f, "file"),
				(long long)num(f, "var_line"), (long long)num(f, "var_col"));
		strset_add(&inits, key);
		free(key);
	}
	json_array_foreach(facts, i, f) {
		const char *type;
		struct strvec *paths;
		struct copy_site *c;
		char *key;
		int skip;

		if (strcmp(str(f, "k"), "copy"))
			continue;
		type = model_canon(m, str(f, "type"));
		if (!type)
			continue;
		paths = strmap_get(&m->holds, type);
		/* A lock copied by itself: the path to it is empty. */
		if (!paths && strset_has(&m->locks, type))
			paths = &bare;
		if (!paths || paths->n == 0)
			continue;
		key = xasprintf("%s\n%lld\n%lld", str(f, "file"),
				(long long)num(f, "line"), (long long)num(f, "col"));
		skip = !strcmp(str(f, "kind"), "assign") && strset_has(&inits, key);
		free(key);
		skip |= local_lock_free(m, facts, type, str(f, "file"));
		key = xasprintf("%s\n%lld\n%lld\n%s", str(f, "file"),
				(long long)num(f, "line"), (long long)num(f, "col"),
				str(f, "kind"));
		skip |= !strset_add(&seen, key);
		free(key);
		if (skip)
			continue;
		m->copies = xrealloc(m->copies, (m->ncopies + 1) * sizeof(*m->copies));
		c = &m->copies[m->ncopies++];
		memset(c, 0, sizeof(*c));
		c->type = xstrdup(type);
		c->kind = dup0(str(f, "kind"));
		c->path = xstrdup(paths->v[0]);
		c->file = dup0(str(f, "file"));
		c->line = num(f, "line");
		c->column = num(f, "col");
		c->function = str(f, "func") ? xstrdup(str(f, "func")) : NULL;
		for (size_t j = 0; paths->n > 1 && j < paths->n; j++)
			strvec_push(&c->paths, paths->v[j]);
	}
	strset_clear(&inits);
	strset_clear(&seen);
	strvec_free(&bare);
}

void model_build(struct model *m, json_t *facts, const struct options *o)
{
	size_t i;
	json_t *f;

	memset(m, 0, sizeof(*m));
	for (int k = 0; builtin_locks[k][0]; k++)
		strset_add(&m->locks, builtin_locks[k][0]);
	for (size_t k = 0; k < o->nlock_types; k++)
		strset_add(&m->locks, o->lock_types[k].name);
	read_aliases(m, facts);
	find_conflicts(m, facts);
	read_wrappers(m, facts, o);
	json_array_foreach(facts, i, f) {
		const char *file = str(f, "file");
		size_t n = strlen(file);

		if ((!strcmp(str(f, "k"), "def") || !strcmp(str(f, "k"), "typedef")) &&
		    !(n > 2 && !strcmp(file + n - 2, ".c")))
			strset_add(&m->shared, str(f, "k")[0] == 'd' ? model_canon(m, str(f, "type"))
								    : str(f, "name"));
	}
	read_units(m, facts);
	defs_find(m, facts);
	close_holds(m, facts);
	read_copies(m, facts);

	/* copied and refused, per unit. */
	for (i = 0; i < m->nunits; i++) {
		struct unit *u = &m->units[i];

		for (size_t j = 0; j < m->ncopies; j++)
			if (model_holds(m, m->copies[j].type, u->type))
				u->copied = 1;
		u->refused = refusal(m, facts, u, o, &u->by_design);
	}
	sort_by(m->units, m->nunits, sizeof(*m->units), cmp_unit);
	sort_by(m->copies, m->ncopies, sizeof(*m->copies), cmp_copy);
}

void model_words(const struct model *m, const struct options *o,
		 json_t *words, json_t *tags)
{
	const struct strmap_entry *e;

	for (int k = 0; builtin_locks[k][0]; k++)
		json_object_set_new(words, builtin_locks[k][0], json_true());
	for (size_t k = 0; k < o->nlock_types; k++)
		json_object_set_new(words, o->lock_types[k].name, json_true());
	/* A header that defines a wrapper macro need not name a lock type
	 * (`#define my_mutex_init(a) pthread_mutex_init(a, NULL)`), nor a
	 * wrapper of a wrapper; its init or destroy, or the wrapper it calls,
	 * is what it names. Not wrappers of .c files: as for types below. */
	for (int k = 0; builtin_locks[k][0]; k++) {
		json_object_set_new(words, builtin_locks[k][1], json_true());
		json_object_set_new(words, builtin_locks[k][2], json_true());
	}
	for (size_t k = 0; k < o->nlock_types; k++) {
		json_object_set_new(words, o->lock_types[k].init, json_true());
		json_object_set_new(words, o->lock_types[k].destroy, json_true());
	}
	for (size_t k = 0; k < m->nwrappers; k++) {
		size_t n = strlen(m->wrappers[k].file);

		if (!(n > 2 && !strcmp(m->wrappers[k].file + n - 2, ".c")))
			json_object_set_new(words, m->wrappers[k].name, json_true());
	}
	/* Only types other files can see: a struct defined in a .c file is
	 * that file's alone, whatever other files name their own structs. */
	strmap_foreach(&m->holds, e) {
		const char *t = e->key;

		if (!strset_has(&m->shared, t))
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
	strmap_foreach(&m->alias, e) {
		const char *c = model_canon(m, e->key);

		if ((strset_has(&m->locks, c) ||
		     (strmap_has(&m->holds, c) && strset_has(&m->shared, c))) &&
		    strset_has(&m->shared, e->key))
			json_object_set_new(words, e->key, json_true());
	}
}

void unit_clear(struct unit *u)
{
	free(u->type);
	free(u->member);
	free(u->lock);
	free(u->file);
	free(u->refused);
	free(u->def);
	free(u->kept);
	memset(u, 0, sizeof(*u));
}

void copy_site_clear(struct copy_site *c)
{
	free(c->type);
	free(c->kind);
	free(c->path);
	free(c->file);
	free(c->function);
	free(c->def);
	strvec_free(&c->paths);
	strvec_free(&c->sees);
	free(c->kept);
	memset(c, 0, sizeof(*c));
}

void model_free(struct model *m)
{
	for (size_t i = 0; i < m->nunits; i++)
		unit_clear(&m->units[i]);
	for (size_t i = 0; i < m->ncopies; i++)
		copy_site_clear(&m->copies[i]);
	for (size_t i = 0; i < m->nconflicts; i++) {
		free(m->conflicts[i].type);
		strvec_free(&m->conflicts[i].files);
	}
	free(m->units);
	free(m->copies);
	free(m->conflicts);
	for (size_t i = 0; i < m->nwrappers; i++) {
		struct lock_wrapper *w = &m->wrappers[i];

		free(w->name);
		free(w->kind);
		free(w->lock);
		free(w->via);
		free(w->file);
		free(w->returns);
		free(w->returns_var);
		free(w->pshared);
		free(w->recursive);
	}
	free(m->wrappers);
	defs_free(m);
	strmap_clear(&m->alias, free);
	strmap_clear(&m->alias_at, free);
	strmap_clear(&m->holds, vec_free);
	strmap_clear(&m->contains, vec_free);
	strset_clear(&m->locks);
	strset_clear(&m->shared);
	memset(m, 0, sizeof(*m));
}
