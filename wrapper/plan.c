#define _GNU_SOURCE
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "box.h"
#include "defs.h"
#include "helper.h"
#include "macros.h"
#include "tree.h"
#include "usertype.h"

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static const struct lock_type *user_type(const struct options *o, const char *lock)
{
	for (size_t i = 0; i < o->nlock_types; i++)
		if (!strcmp(o->lock_types[i].name, lock))
			return &o->lock_types[i];
	return NULL;
}

/* The lock type as the unit's declaration spells it: a typedef or macro
 * alias of the lock, or the lock itself. */
static const char *decl_spelling(struct run *r, const struct unit *u)
{
	size_t i;
	json_t *f;

	json_array_foreach(r->s.facts, i, f)
		if (!strcmp(str(f, "k"), "member") && !strcmp(str(f, "member"), u->member) &&
		    str(f, "mtype") && !strcmp(str(f, "file"), u->file) &&
		    json_integer_value(json_object_get(f, "line")) == u->line)
			return str(f, "mtype");
	return u->lock;
}

/* The place of member among the members of type, from 0, in the order
 * of their names in the definition in file; -1 if it cannot be told. */
static int member_index(struct run *r, const char *type, const char *member, const char *file)
{
	long line = -1, col = -1;
	int before = 0, seen = 0;
	size_t i;
	json_t *f;

	json_array_foreach(r->s.facts, i, f)
		if (!strcmp(str(f, "k"), "def") && !strcmp(str(f, "file"), file) &&
		    !strcmp(model_canon(&r->s.model, str(f, "type")), type) &&
		    !strcmp(str(f, "member"), member)) {
			line = (long)json_integer_value(json_object_get(f, "mline"));
			col = (long)json_integer_value(json_object_get(f, "mcol"));
		}
	if (line <= 0)
		return -1;
	json_array_foreach(r->s.facts, i, f) {
		long l = (long)json_integer_value(json_object_get(f, "mline"));
		long c = (long)json_integer_value(json_object_get(f, "mcol"));

		if (strcmp(str(f, "k"), "def") || strcmp(str(f, "file"), file) ||
		    strcmp(model_canon(&r->s.model, str(f, "type")), type))
			continue;
		if (l <= 0)
			return -1;
		if (l == line && c == col)
			seen++;
		else if (l < line || (l == line && c < col))
			before++;
	}
	/* A header read for several files gives each fact more than once. */
	return seen ? before / seen : -1;
}

/* The macro whose body declares u's member (libuv's
 * UV_LOOP_PRIVATE_FIELDS: a member list spliced into the struct), or
 * NULL. */
static char *declared_in_macro(const struct unit *u)
{
	struct buf b = { 0 };
	char *name = NULL;

	if (read_file(u->file, &b) == 0 && b.data)
		name = macro_around(b.data, b.len, u->line);
	buf_free(&b);
	return name;
}

static int user_lock_type(struct run *r, const char *name)
{
	for (size_t k = 0; k < r->o->nlock_types; k++)
		if (!strcmp(r->o->lock_types[k].name, name))
			return 1;
	return 0;
}

static int tagged(const char *type)
{
	return !strncmp(type, "struct ", 7) || !strncmp(type, "union ", 6);
}

/* T, when u's definition is an untagged `typedef struct { ... } T;` and
 * another file's is `typedef struct T { ... } T;`: the model names both
 * struct T, but u's patches must match the untagged one. NULL otherwise. */
static const char *untagged_spelling(struct run *r, const struct unit *u)
{
	const char *raw = NULL;
	size_t i;
	json_t *f;

	if (!u->def || !tagged(u->type))
		return NULL;
	json_array_foreach(r->s.facts, i, f)
		if (!strcmp(str(f, "k"), "def") && !strcmp(str(f, "file"), u->file) &&
		    json_integer_value(json_object_get(f, "line")) == u->line &&
		    !strcmp(str(f, "member"), u->member) && str(f, "type"))
			raw = str(f, "type");
	if (!raw || tagged(raw))
		return NULL;
	json_array_foreach(r->s.facts, i, f)
		if (!strcmp(str(f, "k"), "typedef") && str(f, "name") && !strcmp(str(f, "name"), raw) &&
		    str(f, "of") && tagged(str(f, "of")) &&
		    defs_view(&r->s.model, &r->inc, u, str(f, "file")) == DEF_THIS)
			return NULL;
	return raw;
}

/* Whether one of the typedef or macro definitions of name is a pointer
 * type (`#define X pthread_mutex_t *` in a debug configuration). */
static int pointer_definition(struct run *r, const char *name)
{
	size_t i;
	json_t *f;

	json_array_foreach(r->s.facts, i, f)
		if (!strcmp(str(f, "k"), "typedef") && !strcmp(str(f, "name"), name) &&
		    str(f, "of") && strchr(str(f, "of"), '*'))
			return 1;
	return 0;
}

/* Reasons this unit cannot be migrated by the patches, beyond the scan's.
 * For a --lock-type lock, *section gets its helpers; *index the member's
 * place in positional static initializers, if there are any. */
/* Another member declared in the same declaration as the unit's member
 * (`pthread_mutex_t a, b;`): SmPL 1.1.1 matches no single declarator of a
 * field declaration that has several. NULL when there is none. */
static const char *declared_with(struct run *r, const struct unit *u)
{
	size_t i;
	json_t *f;

	json_array_foreach(r->s.facts, i, f)
		if (!strcmp(str(f, "k"), "def") && !strcmp(str(f, "file"), u->file) &&
		    json_integer_value(json_object_get(f, "line")) == u->line &&
		    json_integer_value(json_object_get(f, "col")) == u->column &&
		    str(f, "member") && str(f, "mtype") && !strcmp(str(f, "mtype"), u->lock) &&
		    strcmp(str(f, "member"), u->member) &&
		    !strcmp(model_canon(&r->s.model, str(f, "type")), u->type))
			return str(f, "member");
	return NULL;
}

static char *cannot_migrate(struct run *r, const struct unit *u, char **section, int *index)
{
	const char *type = u->type, *member = u->member, *lock = u->lock;
	const char *decl = decl_spelling(r, u);
	int statics = 0;
	size_t i;
	json_t *f;

	if (strchr(member, '.') && strchr(strchr(member, '.') + 1, '.'))
		return xstrdup("a member of anonymous structs or unions nested two deep: "
			       "not migrated");
	json_array_foreach(r->s.facts, i, f)
		if (!strcmp(str(f, "k"), "def") && json_is_true(json_object_get(f, "anonymous")) &&
		    !strcmp(str(f, "member"), member) &&
		    !strcmp(model_canon(&r->s.model, str(f, "type")), type))
			return xasprintf("a lock in a C11 anonymous struct or union member (one "
					 "without a name, at %s:%lld): not migrated yet", str(f, "file"),
					 (long long)json_integer_value(json_object_get(f, "line")));
	*section = NULL;
	*index = -1;
	{
		const char *other = declared_with(r, u);

		if (other)
			return xasprintf("declared in one declaration with '%s' (%s:%lld): the "
					 "rewrite patches change whole declarations; give each "
					 "lock member a declaration of its own", other, u->file,
					 u->line);
	}
	for (i = 0; i < r->s.model.nconflicts; i++) {
		const char *c = r->s.model.conflicts[i].type;

		/* A unit of one of several definitions keeps to its files
		 * (keep_definition()). */
		if (!strcmp(c, type) && !u->def)
			return xasprintf("'%s' is defined differently in several files", type);
		/* A --lock-type alias is opaque: the box holds whatever it is
		 * in each configuration, and its own init and destroy (which
		 * allocate where it is a pointer) run on the box's lock. */
		if (!strcmp(c, decl) && pointer_definition(r, c) && !user_lock_type(r, decl))
			return xasprintf("the member's type '%s' is a pointer in one of its "
					 "definitions (per configuration?): declare it a lock "
					 "type of its own (--lock-type %s:INIT:DESTROY:NOMEM, "
					 "with the project's init and destroy for it) to "
					 "migrate it in every configuration", c, c);
	}
	if (run_unwritable(r, u->file))
		return xstrdup(run_unwritable(r, u->file));
	{
		char *macro = declared_in_macro(u);

		if (macro) {
			char *why = xasprintf("declared in the body of macro %s (%s:%lld), a "
					      "member list spatch cannot rewrite: declare the "
					      "member in the struct itself, or keep it by value",
					      macro, u->file, u->line);

			free(macro);
			return why;
		}
	}
	json_array_foreach(r->s.facts, i, f) {
		const char *k = str(f, "k"), *ft = str(f, "type"), *fm = str(f, "member");

		if (!strcmp(k, "literal_init") && (!fm || !strcmp(member_leaf(fm), member_leaf(member))) &&
		    ft && model_holds(&r->s.model, model_canon(&r->s.model, ft), type))
			return xasprintf("a compound literal initialises the lock at %s:%lld: "
					 "the objects it makes would need locks of their own: not "
					 "migrated", str(f, "file"),
					 (long long)json_integer_value(json_object_get(f, "line")));
		if (strcmp(k, "static_init") || (ft && !model_holds(&r->s.model, model_canon(&r->s.model, ft), type)))
			continue;
		if (fm && strcmp(member_leaf(fm), member_leaf(member)))
			continue;
		if (json_is_true(json_object_get(f, "array")))
			return xasprintf("an array of initialised objects at %s:%lld: not migrated",
					 str(f, "file"),
					 (long long)json_integer_value(json_object_get(f, "line")));
		/* An automatic object first: it is no static one. */
		if (str(f, "func") && str(f, "name") && strcmp(str(f, "func"), str(f, "name")))
			return xasprintf("an initializer inside a function at %s:%lld: every "
					 "object needs a lock of its own", str(f, "file"),
					 (long long)json_integer_value(json_object_get(f, "line")));
		if (ft && strcmp(model_canon(&r->s.model, ft), type))
			return xasprintf("a static initializer of an enclosing type at %s:%lld: "
					 "not migrated", str(f, "file"),
					 (long long)json_integer_value(json_object_get(f, "line")));
		if (!fm && (*index = member_index(r, type, member, u->file)) < 0)
			return xasprintf("a positional static initializer at %s:%lld, and the "
					 "member's place in it is not known (use a designated one: "
					 ".%s = ...)", str(f, "file"),
					 (long long)json_integer_value(json_object_get(f, "line")),
					 member);
		statics = 1;
	}
	if (statics && strchr(member, '.'))
		return xstrdup("a static initializer of a lock in a nested anonymous struct "
			       "or union: not migrated");
	if (!lock_is_builtin(lock)) {
		const struct lock_type *lt = user_type(r->o, lock);

		return lt ? user_helper(lt, r->s.facts, section)
			  : xasprintf("'%s' is not a lock type lockptr knows", lock);
	}
	return NULL;
}

static int mentions(const char *path, json_t *words, json_t *tags)
{
	struct buf b = { 0 };
	int r = read_file(path, &b) == 0 && text_mentions(b.data, b.len, words, tags);

	buf_free(&b);
	return r;
}

/* The type's spellings (itself and its typedef aliases) and the words a
 * file names when it concerns the unit. */
static void plan_words(struct run *r, struct plan *p)
{
	struct model *m = &r->s.model;
	const char *type = p->spec.type, *member = p->spec.member;
	json_t *words = p->words, *tags = p->tags, *memword = p->memword;
	const struct strmap_entry *e;

	/* The type's spellings: itself and its typedef aliases. */
	strvec_push(&p->spec.spellings, type);
	strmap_foreach(&m->alias, e)
		if (!strcmp(model_canon(m, e->key), type) && !strvec_has(&p->spec.spellings, e->key))
			strvec_push(&p->spec.spellings, e->key);
	for (size_t i = 0; i < p->spec.spellings.n; i++) {
		const char *sp = p->spec.spellings.v[i];

		json_object_set_new(strncmp(sp, "struct ", 7) && strncmp(sp, "union ", 6) ? words : tags,
				    sp, json_true());
	}
	/* A dotted member (in.m) is named by its last component. */
	json_object_set_new(memword, member_leaf(member), json_true());
	/* A translation unit that names a type holding this one may reach the
	 * member through it (o->stats.lock): it is verified too. */
	strmap_foreach(&m->contains, e) {
		const char *a = e->key;
		const struct strmap_entry *h;

		if (!strcmp(a, type) || !model_holds(m, a, type))
			continue;
		json_object_set_new(strncmp(a, "struct ", 7) && strncmp(a, "union ", 6) ? words : tags,
				    a, json_true());
		strmap_foreach(&m->alias, h)
			if (!strcmp(model_canon(m, h->key), a))
				json_object_set_new(words, h->key, json_true());
	}
}

/* The wrappers of the unit's lock family whose calls the patch rewrites:
 * an init wrapper whose result lockptr cannot read only with
 * --init-wrapper (refusal() in model.c refuses a unit that calls one). */
/* The macros whose bodies hand the lock's address to a lock call (the
 * scan refuses the unit for any other): rewritten with it, and their
 * names are words of the unit, so that the files that use them are
 * rewritten and compiled with it. */
static void plan_macros(struct run *r, const struct unit *u, struct plan *p)
{
	size_t i;
	json_t *f;

	json_array_foreach(r->s.facts, i, f)
		if (model_macro_addr(&r->s.model, r->s.facts, f, u) &&
		    !strvec_has(&p->spec.macros, str(f, "macro"))) {
			strvec_push(&p->spec.macros, str(f, "macro"));
			json_object_set_new(p->memword, str(f, "macro"), json_true());
		}
}

static void plan_wrappers(struct run *r, struct plan *p)
{
	const struct model *m = &r->s.model;

	for (size_t i = 0; i < m->nwrappers; i++) {
		const struct lock_wrapper *w = &m->wrappers[i];
		struct spec_wrapper sw = { w->name, w->kind, "void", NULL };

		if (strcmp(w->lock, p->spec.lock))
			continue;
		if (!strcmp(w->kind, "init")) {
			const char *given = init_wrapper_nomem(r->o, w->name);

			if (!strcmp(w->returns, "result"))
				sw.nomem = box_nomem(r->o, w->lock);
			else if (!strcmp(w->returns, "negated"))
				sw.nomem = xstrdup("-ENOMEM");
			else if (strcmp(w->returns, "void") && given)
				sw.nomem = xstrdup(given);
			else if (strcmp(w->returns, "void"))
				continue;
			sw.form = sw.nomem ? "result" : "void";
		} else if (!strcmp(w->returns, "result") || !strcmp(w->returns, "negated")) {
			sw.form = "result";
		}
		p->spec.wrappers = xrealloc(p->spec.wrappers,
					    (p->spec.nwrappers + 1) * sizeof(*p->spec.wrappers));
		p->spec.wrappers[p->spec.nwrappers++] = sw;
	}
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
		if (!fm || !strcmp(member_leaf(fm), leaf))
			return 1;
	}
	return 0;
}

/* Adds to out the designators (".q.m") that reach the unit's member in an
 * object of type outer, by its members' facts; -1 when one goes through
 * an array (each element would need a designator of its own). */
static int member_paths(struct run *r, const char *outer, const char *prefix,
			const struct unit *u, struct strvec *out, int depth)
{
	struct model *m = &r->s.model;
	size_t i;
	json_t *f;
	int rc = 0;

	if (!strcmp(outer, u->type)) {
		strvec_pushf(out, "%s.%s", prefix, u->member);
		return 0;
	}
	json_array_foreach(r->s.facts, i, f) {
		const char *mt;
		char *next;

		if (strcmp(str(f, "k"), "member") || !str(f, "mtype") || depth > 8 ||
		    strcmp(model_canon(m, str(f, "type")), outer))
			continue;
		mt = model_canon(m, str(f, "mtype"));
		if (!mt || !model_holds(m, mt, u->type))
			continue;
		if (json_is_true(json_object_get(f, "array")))
			return -1;
		next = xasprintf("%s.%s", prefix, str(f, "member"));
		rc |= member_paths(r, mt, next, u, out, depth + 1);
		free(next);
	}
	return rc;
}

/* Elements of a zeroed static array lockptr writes a designator for,
 * each: beyond that the initializer would dwarf the code. */
#define MAX_ZERO_ELEMENTS 256

/* The number of elements of zero_static fact f's array, 0 for no array,
 * -1 when it has several dimensions or a size that is no plain number. */
static long array_size(json_t *f)
{
	json_t *dims = json_object_get(f, "dims");
	const char *d;
	char *end;
	long n;

	if (!json_is_true(json_object_get(f, "array")))
		return 0;
	if (json_array_size(dims) != 1 || !(d = json_string_value(json_array_get(dims, 0))))
		return -1;
	n = strtol(d, &end, 0);
	return *d && !*end && n > 0 && n <= MAX_ZERO_ELEMENTS ? n : -1;
}

/* Adds the zeroed static object of fact f to the patch's, for the member
 * at designator path (".q.m"): size elements of an array (0: none). */
static void add_zero(struct plan *p, json_t *f, const char *path, long size)
{
	struct spec_zero z;
	struct buf init = { 0 };
	char *leaf = xstrdup(path + 1), *box;

	for (char *c = leaf; *c; c++)
		if (*c == '.')
			*c = '_';
	box = xasprintf("lockptr_%s_%s", str(f, "name"), leaf);
	z.name = xstrdup(str(f, "name"));
	z.scope = xstrdup(str(f, "func") ? str(f, "func") : str(f, "name"));
	if (!size) {
		z.first = xstrdup(path);
		buf_printf(&init, "%s = &%s.lock", path, box);
		z.box = xstrdup(box);
	} else {
		z.first = xasprintf("[0]%s", path);
		for (long i = 0; i < size; i++)
			buf_printf(&init, "%s[%ld]%s = &%s[%ld].lock", i ? ", " : "", i, path, box, i);
		z.box = xasprintf("%s[%ld]", box, size);
	}
	z.init = init.data;
	p->spec.zeros = xrealloc(p->spec.zeros, (p->spec.nzeros + 1) * sizeof(z));
	p->spec.zeros[p->spec.nzeros++] = z;
	free(leaf);
	free(box);
}

/* The static objects whose lock is zero until an init runs (zero_static
 * facts of the unit's type or one holding it, without an initializer of
 * the lock): each gets a zeroed static box (45-zero-object). */
static char *plan_zeros(struct run *r, const struct unit *u, struct plan *p)
{
	struct model *m = &r->s.model;
	size_t i;
	json_t *f;

	json_array_foreach(r->s.facts, i, f) {
		const char *ft = str(f, "type");
		struct strvec paths = { 0 };
		long size;

		/* A static object of another definition of the tag is not
		 * this unit's (a lock-free one in another program, or after
		 * an #else that defines the tag again in the same file). */
		if (strcmp(str(f, "k"), "zero_static") || !ft ||
		    !model_holds(m, model_canon(m, ft), u->type) ||
		    (u->def && defs_view(m, &r->inc, u, str(f, "file")) == DEF_OTHER) ||
		    (!strcmp(str(f, "file"), u->file) &&
		     defs_redefined_between(u->file, u->type, (long)u->line,
					    (long)json_integer_value(json_object_get(f, "line")))) ||
		    (json_is_true(json_object_get(f, "init")) &&
		     static_init_of(r->s.facts, f, member_leaf(u->member))))
			continue;
		if ((size = array_size(f)) < 0)
			return xasprintf("the static array '%s' at %s:%lld holds zeroed locks until "
					 "an init runs, and its size is no number lockptr can count "
					 "(at most %d, one dimension): each element needs a lock "
					 "of its own", str(f, "name"), str(f, "file"),
					 (long long)json_integer_value(json_object_get(f, "line")),
					 MAX_ZERO_ELEMENTS);
		if (member_paths(r, model_canon(m, ft), "", u, &paths, 0) < 0 || !paths.n) {
			strvec_free(&paths);
			return xasprintf("the static object '%s' at %s:%lld holds the lock in an "
					 "array member: each element would need a static lock of "
					 "its own, which lockptr does not write yet", str(f, "name"),
					 str(f, "file"), (long long)json_integer_value(json_object_get(f, "line")));
		}
		for (size_t k = 0; k < paths.n; k++)
			add_zero(p, f, paths.v[k], size);
		strvec_free(&paths);
	}
	return NULL;
}

/* A unit of one of several definitions of its type: the files that see
 * only another definition are that one's (the rewrite patches match by
 * type name, and would migrate it too); a file to rewrite that sees two
 * (one per #if branch) would be rewritten for both. */
static int keep_definition(struct run *r, const struct unit *u, struct plan *p,
			   struct result *res)
{
	size_t w = 0;

	for (size_t i = 0; i < r->s.files.n; i++)
		if (defs_view(&r->s.model, &r->inc, u, r->s.files.v[i].path) == DEF_OTHER)
			json_object_set_new(p->foreign, r->s.files.v[i].path, json_true());
	for (size_t i = 0; i < p->paths.n; i++)
		if (defs_view(&r->s.model, &r->inc, u, p->paths.v[i]) == DEF_BOTH) {
			result_set(res, "refused", xasprintf("%s sees two definitions of '%s' "
				   "(through #if branches?): rewritten for one, it would "
				   "change the other's code too", p->paths.v[i], u->type));
			return -1;
		}
	for (size_t i = 0; i < p->paths.n; i++) {
		if (json_object_get(p->foreign, p->paths.v[i]))
			free(p->paths.v[i]);
		else
			p->paths.v[w++] = p->paths.v[i];
	}
	p->paths.n = w;
	return 0;
}

/* An excluded file (exclude.h) that names the member and the type, an
 * alias or a holder would be left behind by the migration: refused. */
static int excluded_user(struct run *r, struct plan *p, struct result *res)
{
	for (size_t i = 0; i < r->s.excluded.n; i++) {
		const char *f = r->s.excluded_abs.v[i];

		if (mentions(f, p->memword, NULL) && mentions(f, p->words, p->tags)) {
			result_set(res, "refused", xasprintf("%s uses the member and is excluded "
							     "(--exclude): the migration would "
							     "leave it behind", r->s.excluded.v[i]));
			return -1;
		}
	}
	return 0;
}

int plan_unit(struct run *r, const struct unit *u, struct plan *p, struct result *res)
{
	json_t *targets;
	char *why;

	memset(p, 0, sizeof(*p));
	p->spec = (struct unit_spec){ u->type, u->member, u->lock,
				      lock_fn(r->o, u->lock, 0), lock_fn(r->o, u->lock, 1),
				      decl_spelling(r, u), -1, { 0 } };
	p->words = json_object();
	p->tags = json_object();
	p->memword = json_object();
	p->targets = targets = json_object();
	p->foreign = json_object();
	why = cannot_migrate(r, u, &p->user_section, &p->spec.index);
	if (why) {
		result_set(res, "refused", why);
		return -1;
	}
	/* Headers that name the type or a type holding it, and the defining
	 * file: what a file must include to reach the member. (The include
	 * graph also tells which definition a zeroed static's file sees, and
	 * an untagged definition's spelling.) */
	plan_includes(r);
	{
		const char *untagged = untagged_spelling(r, u);

		if (untagged)
			p->spec.type = untagged;
	}
	plan_words(r, p);
	plan_wrappers(r, p);
	plan_macros(r, u, p);
	if ((why = plan_zeros(r, u, p))) {
		result_set(res, "refused", why);
		return -1;
	}
	json_object_set_new(targets, u->file, json_true());
	for (size_t i = 0; i < r->s.files.n; i++)
		if (r->s.files.v[i].header && !r->s.files.v[i].binary &&
		    mentions(r->s.files.v[i].path, p->words, p->tags))
			json_object_set_new(targets, r->s.files.v[i].path, json_true());

	p->host = helper_host(r, &p->spec, u->file);
	if (excluded_user(r, p, res) < 0)
		return -1;

	/* Files to rewrite: those that name the member, among the files the
	 * scan read, or that include a header above (r->objects->m in a file
	 * that names no lock and no such type). */
	for (size_t i = 0; i < r->s.files.n; i++) {
		struct srcfile *f = &r->s.files.v[i];

		if (f->binary || f->unreadable)
			continue;
		if (!strcmp(f->path, u->file) ||
		    (mentions(f->path, p->memword, NULL) &&
		     (f->parsed || includes_reach(&r->inc, f->path, targets)))) {
			char *rel = tree_rel(f->path);

			if (!rel || !*rel) {
				free(rel);
				result_set(res, "refused", xasprintf("%s is outside the tree "
								     "being migrated (%s)",
								     f->path, tree_root()));
				return -1;
			}
			free(rel);
			strvec_push(&p->paths, f->path);
		}
	}
	return u->def ? keep_definition(r, u, p, res) : 0;
}

/* Whether a scanned .c that the database compiles, or one of tus,
 * includes path, directly or through other headers. */
static int compiled_through(struct run *r, const struct strvec *tus, const char *path)
{
	json_t *target = json_object();
	int seen = 0;

	json_object_set_new(target, path, json_true());
	for (size_t k = 0; !seen && k < tus->n; k++)
		seen = includes_reach(&r->inc, tus->v[k], target);
	for (size_t k = 0; !seen && k < r->s.files.n; k++) {
		const struct srcfile *f = &r->s.files.v[k];
		size_t *idx = NULL;

		if (f->header || f->binary || f->unreadable || !compdb_entries(r->db, f->path, &idx))
			continue;
		free(idx);
		seen = includes_reach(&r->inc, f->path, target);
	}
	json_decref(target);
	return seen;
}

/* A changed header that no entry of the database compiles is verified
 * through a scanned .c that includes it (outside the build too), else
 * on its own; either borrows an entry's flags (compile_confs()). The
 * helper header is new: it is compiled through the file that includes it. */
static void unbuilt_headers(struct run *r, const struct plan *p, const struct change *ch,
			    size_t nch, struct strvec *tus)
{
	char *hname = helper_name_for(p->spec.lock);

	for (size_t i = 0; r->db && i < nch; i++) {
		const char *path = ch[i].path, *base = strrchr(path, '/');
		size_t n = strlen(path);
		const char *via = path;
		json_t *target;

		if (n < 2 || strcmp(path + n - 2, ".h") || !strcmp(base ? base + 1 : path, hname) ||
		    compiled_through(r, tus, path))
			continue;
		target = json_object();
		json_object_set_new(target, path, json_true());
		for (size_t k = 0; via == path && k < r->s.files.n; k++) {
			const struct srcfile *f = &r->s.files.v[k];

			if (!f->header && !f->binary && !f->unreadable &&
			    includes_reach(&r->inc, f->path, target))
				via = f->path;
		}
		json_decref(target);
		if (!strvec_has(tus, via))
			strvec_push(tus, via);
	}
	free(hname);
}

/* The translation units of the plan for the changed files ch, given the
 * files that concern the unit (targets, which gains ch's paths). */
static void tus_of(struct run *r, const struct plan *p, json_t *targets, const struct change *ch,
		   size_t nch, struct strvec *tus, struct conf_list *confs)
{
	json_t *words = p->words, *tags = p->tags, *memword = p->memword;

	/* Translation units that may see the type: every .c rewritten, every
	 * scanned .c that names the type or a type holding it, and every .c
	 * that names the member and includes a changed header or a header
	 * that names those types (o->fields.lock through a macro's cast). A
	 * .c that never names the member cannot use it but through a macro:
	 * the names of macros whose bodies are rewritten are in memword. */
	for (size_t k = 0; k < nch; k++)
		json_object_set_new(targets, ch[k].path, json_true());
	for (size_t i = 0; i < r->s.files.n; i++) {
		struct srcfile *f = &r->s.files.v[i];
		int touched = 0;

		if (f->header || f->binary || f->unreadable || json_object_get(p->foreign, f->path))
			continue;
		for (size_t k = 0; k < nch; k++)
			touched |= !strcmp(ch[k].path, f->path);
		/* With a database, a file the build does not compile is no
		 * user to verify, unless the rewrite changed it. */
		if (!touched && r->db) {
			const struct strvec *i1, *d1;

			if (!compdb_flags(r->db, f->path, &i1, &d1, NULL))
				continue;
		}
		if (touched || (f->parsed && mentions(f->path, words, tags)) ||
		    (mentions(f->path, memword, NULL) && includes_reach(&r->inc, f->path, targets)))
			strvec_push(tus, f->path);
	}
	unbuilt_headers(r, p, ch, nch, tus);
	for (size_t i = 0; i < tus->n; i++)
		compile_confs(r->db, tus->v[i], confs);
}

void plan_tus(struct run *r, struct plan *p, const struct change *ch, size_t nch)
{
	tus_of(r, p, p->targets, ch, nch, &p->tus, &p->confs);
}

void plan_tus_peek(struct run *r, const struct plan *p, const struct change *ch, size_t nch,
		   struct strvec *tus, struct conf_list *confs)
{
	json_t *targets = json_copy(p->targets);

	tus_of(r, p, targets, ch, nch, tus, confs);
	json_decref(targets);
}

void plan_includes(struct run *r)
{
	if (r->inc_stale || !r->inc.edges) {
		includes_free(&r->inc);
		includes_build(&r->inc, &r->s.files, &r->d.incdirs);
		r->inc_stale = 0;
	}
}

/* Why the unit is not the project's own to migrate (scope.h): its
 * declaration, or where its helper header would go, is vendored code or
 * a public header, and the user did not ask for it. */
static char *out_of_scope(struct run *r, const struct unit *u, const struct plan *p)
{
	char *hname = helper_name_for(p->spec.lock), *why, *more = NULL;
	const char *slash = strrchr(p->host, '/');
	char *helper = slash ? xasprintf("%.*s/%s", (int)(slash - p->host), p->host, hname)
			     : xstrdup(hname);

	if (!(why = scope_why(&r->scope, u->file))) {
		if ((more = scope_why(&r->scope, p->host)))
			why = xasprintf("its helper header goes next to %s, and %s", p->host, more);
		else if ((more = scope_why(&r->scope, helper)))
			why = xasprintf("its helper header would be %s, and %s", helper, more);
	}
	free(more);
	free(hname);
	free(helper);
	return why;
}

int plan_scope(struct run *r, const struct unit *u, const struct plan *p, struct result *res)
{
	char *why;

	if (r->o->include_vendored || (r->o->only.n && scan_unit_named(u, &r->o->only)) ||
	    !(why = out_of_scope(r, u, p)))
		return 0;
	result_set(res, "refused", xasprintf("%s: %s; --include-vendored, or --only '%s.%s', "
					     "migrates it", why,
					     strstr(why, "vendored code")
					     ? "another project's code is not migrated by default"
					     : "the project's installed interface (its ABI) is not "
					       "changed by default", u->type, u->member));
	free(why);
	return -1;
}

void plan_free(struct plan *p)
{
	free(p->user_section);
	strvec_free(&p->paths);
	strvec_free(&p->spec.macros);
	strvec_free(&p->tus);
	conf_list_free(&p->confs);
	strvec_free(&p->spec.spellings);
	for (size_t i = 0; i < p->spec.nwrappers; i++)
		free(p->spec.wrappers[i].nomem);
	free(p->spec.wrappers);
	for (size_t i = 0; i < p->spec.nzeros; i++) {
		free(p->spec.zeros[i].name);
		free(p->spec.zeros[i].scope);
		free(p->spec.zeros[i].first);
		free(p->spec.zeros[i].init);
		free(p->spec.zeros[i].box);
	}
	free(p->spec.zeros);
	json_decref(p->words);
	json_decref(p->tags);
	json_decref(p->memword);
	json_decref(p->targets);
	json_decref(p->foreign);
	memset(p, 0, sizeof(*p));
}
