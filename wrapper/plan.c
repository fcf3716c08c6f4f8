#define _GNU_SOURCE
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "helper.h"
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
static char *cannot_migrate(struct run *r, const struct unit *u, char **section, int *index)
{
	const char *type = u->type, *member = u->member, *lock = u->lock;
	const char *decl = decl_spelling(r, u);
	int statics = 0, destroys = 0;
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
	for (i = 0; i < r->s.model.nconflicts; i++) {
		const char *c = r->s.model.conflicts[i].type;

		if (!strcmp(c, type))
			return xasprintf("'%s' is defined differently in several files", type);
		if (!strcmp(c, decl) && pointer_definition(r, c))
			return xasprintf("the member's type '%s' is a pointer in one of its "
					 "definitions (per configuration?): the pointer member "
					 "would differ too", c);
	}
	if (run_unwritable(r, u->file))
		return xstrdup(run_unwritable(r, u->file));
	json_array_foreach(r->s.facts, i, f) {
		const char *k = str(f, "k"), *ft = str(f, "type"), *fm = str(f, "member");

		if (!strcmp(k, "destroy") && fm &&
		    !strcmp(member_leaf(fm), member_leaf(member)) &&
		    (!ft || !strcmp(model_canon(&r->s.model, ft), type)))
			destroys = 1;
		if (!strcmp(k, "literal_init") && fm && !strcmp(member_leaf(fm), member_leaf(member)) &&
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
	if (statics && destroys)
		return xstrdup("both static initializers and destroy calls: a destroy "
			       "cannot tell a static lock from an allocated one");
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
	why = cannot_migrate(r, u, &p->user_section, &p->spec.index);
	if (why) {
		result_set(res, "refused", why);
		return -1;
	}
	plan_words(r, p);

	/* Headers that name the type or a type holding it, and the defining
	 * file: what a file must include to reach the member. */
	if (r->inc_stale || !r->inc.edges) {
		includes_free(&r->inc);
		includes_build(&r->inc, &r->s.files, &r->d.incdirs);
		r->inc_stale = 0;
	}
	json_object_set_new(targets, u->file, json_true());
	for (size_t i = 0; i < r->s.files.n; i++)
		if (r->s.files.v[i].header && !r->s.files.v[i].binary &&
		    mentions(r->s.files.v[i].path, p->words, p->tags))
			json_object_set_new(targets, r->s.files.v[i].path, json_true());

	p->host = helper_host(r, &p->spec, u->file);

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
	return 0;
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
	 * .c that never names the member cannot use it but through a macro,
	 * and a macro that takes its address refuses the unit. */
	for (size_t k = 0; k < nch; k++)
		json_object_set_new(targets, ch[k].path, json_true());
	for (size_t i = 0; i < r->s.files.n; i++) {
		struct srcfile *f = &r->s.files.v[i];
		int touched = 0;

		if (f->header || f->binary || f->unreadable)
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
	strvec_free(&p->tus);
	conf_list_free(&p->confs);
	strvec_free(&p->spec.spellings);
	json_decref(p->words);
	json_decref(p->tags);
	json_decref(p->memword);
	json_decref(p->targets);
	memset(p, 0, sizeof(*p));
}
