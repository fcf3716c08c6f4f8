#define _GNU_SOURCE
#include "explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keep.h"
#include "plan.h"
#include "run.h"
#include "scan.h"
#include "tree.h"

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static long long num(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

int explain_subject(struct options *o)
{
	char *t, *m;

	if (!o->paths.n) {
		snprintf(o->error, sizeof(o->error), "name the unit: lockptr explain "
			 "'struct stats.rw' [PATH...] (lockptr scan --all lists them)");
		return -1;
	}
	if (split_unit_name(o->paths.v[0], &t, &m) < 0) {
		snprintf(o->error, sizeof(o->error), "'%.100s' is no unit: expected "
			 "TYPE.MEMBER, e.g. 'struct stats.rw'", o->paths.v[0]);
		return -1;
	}
	free(t);
	free(m);
	o->subject = o->paths.v[0];
	memmove(o->paths.v, o->paths.v + 1, o->paths.n * sizeof(*o->paths.v));
	o->paths.n--;
	return 0;
}

/* One line of the facts: where, and what happens there. */
struct item {
	char *file, *what;
	long long line, col;
};

struct items {
	struct item *v;
	size_t n;
};

static void add(struct items *it, const char *file, long long line, long long col,
		char *what)
{
	for (size_t i = 0; i < it->n; i++)
		if (it->v[i].line == line && it->v[i].col == col &&
		    !strcmp(it->v[i].file, file) && !strcmp(it->v[i].what, what)) {
			free(what);  /* a header's facts come once per includer */
			return;
		}
	it->v = xrealloc(it->v, (it->n + 1) * sizeof(*it->v));
	it->v[it->n++] = (struct item){ xstrdup(file), what, line, col };
}

static void add_fact(struct items *it, json_t *f, char *what)
{
	add(it, str(f, "file"), num(f, "line"), num(f, "col"), what);
}

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

static void print_items(const char *label, struct items *it)
{
	if (it->n > 1)
		qsort(it->v, it->n, sizeof(*it->v), cmp_item);
	for (size_t i = 0; i < it->n; i++) {
		printf("  %-10s %s:%lld:%lld: %s\n", i ? "" : label, it->v[i].file,
		       it->v[i].line, it->v[i].col, it->v[i].what);
		free(it->v[i].file);
		free(it->v[i].what);
	}
	free(it->v);
	it->v = NULL;
	it->n = 0;
}

/* " in f()" for a fact made inside a function, else "". */
static char *in_func(json_t *f)
{
	return str(f, "func") ? xasprintf(" in %s()", str(f, "func")) : xstrdup("");
}

/* An untagged struct or union, as spatch spells its type. */
static int anonymous(const char *t)
{
	return t && (!strncmp(t, "struct {", 8) || !strncmp(t, "union {", 7));
}

/* Whether a call fact (init, destroy, a wrapper's call) is on u's lock;
 * one on an untagged struct's member counts by the member's name, as
 * the model counts it. */
static int on_unit(const struct model *m, json_t *f, const struct unit *u)
{
	const char *fm = str(f, "member"), *ft = str(f, "type");

	return fm && !strcmp(member_leaf(fm), member_leaf(u->member)) &&
	       (!ft || model_holds(m, model_canon(m, ft), u->type) || anonymous(ft));
}

/* Whether a fact about objects of type ft (static initializers, shared
 * memory, zeroed statics) concerns u. */
static int of_unit(const struct model *m, json_t *f, const struct unit *u)
{
	const char *ft = str(f, "type"), *fm = str(f, "member");

	return ft && model_holds(m, model_canon(m, ft), u->type) &&
	       (!fm || !strcmp(member_leaf(fm), member_leaf(u->member)));
}

/* Whether the result of init fact f is ignored. */
static int unchecked(json_t *facts, json_t *f)
{
	size_t i;
	json_t *g;

	json_array_foreach(facts, i, g)
		if (!strcmp(str(g, "k"), "init_unchecked") && num(g, "line") == num(f, "line") &&
		    num(g, "col") == num(f, "col") && !strcmp(str(g, "file"), str(f, "file")))
			return 1;
	return 0;
}

/* Inits and destroys, direct or through a lock wrapper. */
static void calls(const struct model *m, json_t *facts, const struct unit *u)
{
	struct items inits = { 0 }, destroys = { 0 };
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f) {
		const char *k = str(f, "k");
		const struct lock_wrapper *w;
		char *fn;

		if (strcmp(k, "init") && strcmp(k, "destroy") && strcmp(k, "call"))
			continue;
		if (!on_unit(m, f, u))
			continue;
		fn = in_func(f);
		if (!strcmp(k, "call")) {
			if ((w = model_wrapper(m, str(f, "fn"))) && !strcmp(w->lock, u->lock))
				add_fact(strcmp(w->kind, "init") ? &destroys : &inits, f,
					 xasprintf("%s()%s, a lock wrapper: it calls %s() at "
						   "%s:%lld%s%s", w->name, fn, w->via, w->file,
						   w->line, w->pshared ? "; sets PTHREAD_PROCESS_"
						   "SHARED at " : "", w->pshared ? w->pshared : ""));
		} else {
			add_fact(strcmp(k, "init") ? &destroys : &inits, f,
				 xasprintf("%s()%s%s%s", str(f, "fn"), fn, unchecked(facts, f)
					   ? "; its result is ignored: after the migration a "
					   "failed allocation there cannot be handled" : "",
					   str(f, "type") && !anonymous(str(f, "type")) ? ""
					   : " (matched by the member's name: the object's "
					   "type is not known or has no tag)"));
		}
		free(fn);
	}
	print_items("init", &inits);
	print_items("destroy", &destroys);
}

/* Static initializers, compound literals, zeroed statics. */
static void statics(const struct model *m, json_t *facts, const struct unit *u)
{
	struct items it = { 0 }, zero = { 0 };
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f) {
		const char *k = str(f, "k");

		if (!of_unit(m, f, u))
			continue;
		if (!strcmp(k, "static_init")) {
			char *fn = in_func(f);
			int automatic = str(f, "func") && strcmp(str(f, "func"), str(f, "name"));

			add_fact(&it, f, xasprintf("'%s' = { %s%s%s%s }%s%s%s", str(f, "name"),
						   str(f, "member") ? "." : "",
						   str(f, "member") ? str(f, "member") : "",
						   str(f, "member") ? " = " : "(positional) ",
						   str(f, "init"), automatic ? fn : "",
						   automatic ? " (an automatic object)" : "",
						   json_is_true(json_object_get(f, "array"))
						   ? " (an array)" : ""));
			free(fn);
		} else if (!strcmp(k, "literal_init")) {
			add_fact(&it, f, str(f, "member")
					 ? xasprintf("a compound literal sets .%s = %s",
						     str(f, "member"), str(f, "init"))
					 : xasprintf("a compound literal sets (positional) %s",
						     str(f, "init")));
		} else if (!strcmp(k, "zero_static")) {
			add_fact(&zero, f, xasprintf("the static object '%s' %s", str(f, "name"),
						     json_is_true(json_object_get(f, "init"))
						     ? "has an initializer list" : "starts zeroed"));
		}
	}
	print_items("static", &it);
	print_items("zeroed", &zero);
}

/* An attribute as spatch prints the address taken of it ("& at"): the
 * name, as the refusal spells it. */
static const char *attr_name(const char *a)
{
	while (*a == '&' || *a == ' ')
		a++;
	return a;
}

/* The facts that make a lock process-shared or unmovable. */
static void hazards(const struct model *m, json_t *facts, const struct unit *u)
{
	struct items it = { 0 };
	size_t i, j;
	json_t *f, *g;

	json_array_foreach(facts, i, f) {
		const char *k = str(f, "k");

		if (!strcmp(k, "shm") && of_unit(m, f, u))
			add_fact(&it, f, xasprintf("in shared memory: %s()", str(f, "fn")));
		if (model_macro_addr(m, facts, f, u))
			add_fact(&it, f, str(f, "callee") ?
				 xasprintf("macro %s() hands the address of a member named "
					   "'%s' to %s()", str(f, "macro"), str(f, "member"),
					   str(f, "callee")) :
				 xasprintf("macro %s() takes the address of a member named "
					   "'%s'", str(f, "macro"), str(f, "member")));
		if (strcmp(k, "pshared") || !str(f, "func"))
			continue;
		/* An attribute set shared in a function that inits the lock. */
		json_array_foreach(facts, j, g)
			if (!strcmp(str(g, "k"), "init") && on_unit(m, g, u) && str(g, "func") &&
			    !strcmp(str(g, "func"), str(f, "func")) &&
			    !strcmp(str(g, "file"), str(f, "file"))) {
				add_fact(&it, f, xasprintf("attribute '%s' set to PTHREAD_PROCESS_"
							   "SHARED in %s()", attr_name(str(f, "attr")),
							   str(f, "func")));
				break;
			}
	}
	print_items("hazard", &it);
}

static void copies(const struct model *m, const struct unit *u)
{
	struct items it = { 0 };

	for (size_t i = 0; i < m->ncopies; i++) {
		const struct copy_site *c = &m->copies[i];

		if (!keep_copy_reaches(m, c, u))
			continue;
		add(&it, c->file, c->line, c->column,
		    xasprintf("'%s' copied (%s)%s%s%s%s%s", c->type, c->kind,
			      c->function ? " in " : "", c->function ? c->function : "",
			      c->function ? "()" : "", c->kept ? "; kept: " : "",
			      c->kept ? c->kept : ""));
	}
	if (!it.n)
		printf("  %-10s none found\n", "copies");
	print_items("copies", &it);
}

/* The types that hold u's type, by value, at any depth. */
static void holders(const struct model *m, const struct unit *u)
{
	const struct strmap_entry *e;
	struct buf b = { 0 };

	strmap_foreach(&m->contains, e)
		if (strcmp(e->key, u->type) && model_holds(m, e->key, u->type))
			buf_printf(&b, "%s%s", b.len ? ", " : "", e->key);
	if (b.len)
		printf("  %-10s %s\n", "held by", b.data);
	buf_free(&b);
}

/* What to do about a refusal, by its reason. */
static const char *advice(const char *why)
{
	static const char *const table[][2] = {
		{ "process-shared", "a process-shared lock must stay where the processes "
		  "share it: keep it by value, and make the copies pass a pointer" },
		{ "shared memory", "a lock in shared memory must stay there: keep it by "
		  "value, and make the copies pass a pointer" },
		{ "through the wrapper", "call the init or destroy itself where the wrapper "
		  "is called (lockptr migrates those calls), or keep it by value" },
		{ "relies on zeroed memory", "initialise the lock with its init function where "
		  "its object is made, or declare the project's own lock type with "
		  "--lock-type; or keep it by value" },
		{ "a member list spatch cannot rewrite", "declare the member in the struct "
		  "itself, or keep it by value" },
		{ "in the body of macro", "write the static initializer out where the macro "
		  "is used, or keep it by value" },
		{ "as its second lock", "give the lock an init call of its own, or keep it "
		  "by value" },
		{ "takes the address", "make the macro take the lock's address from its "
		  "caller, or call the init or destroy outside the macro, or keep it "
		  "by value" },
		{ "excluded", "drop that file's exclude, or keep the unit by value" },
		{ "initializer inside a function", "initialise those objects' locks with "
		  "the init function at run time, or keep it by value" },
		{ "compound literal", "initialise the lock with the init function after "
		  "the literal is made, or keep it by value" },
		{ "array of initialised objects", "initialise the array's locks with the "
		  "init function at run time, or keep it by value" },
		{ "positional static initializer", "use a designated initializer for the "
		  "lock (.member = ...), or keep it by value" },
		{ "both static initializers and destroy", "initialise every object with the "
		  "init function instead of a static initializer, or drop the destroy "
		  "calls of static objects; or keep it by value" },
		{ "holds a zeroed lock", "give the static object a static initializer for "
		  "the lock, or keep it by value" },
		{ "lockptr knows", "declare the type with --lock-type "
		  "NAME:INIT:DESTROY:NOMEM, or keep it by value" },
		{ "--lock-type", "give --lock-type the NOMEM field and an init that takes "
		  "the lock first and returns a result, or keep it by value" },
		{ "is a pointer in one of its definitions", "declare the type with "
		  "--lock-type NAME:INIT:DESTROY:NOMEM (the project's own init and "
		  "destroy for it), or keep it by value" },
		{ "defined differently", "give the definitions names of their own, or keep "
		  "it by value" },
		{ "anonymous", "give the anonymous struct or union a member name, or keep it "
		  "by value" },
		{ "outside the tree", "run lockptr from the top of the tree that holds every "
		  "file of the unit" },
		{ "not compiled by any entry", "add the file's compile entry to "
		  "compile_commands.json, or keep it by value" },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strstr(why, table[i][0]))
			return table[i][1];
	return "change the code as the reason says, or keep it by value";
}

static void how_to_keep(const struct unit *u)
{
	printf("  to keep it by value: /* lockptr: keep: REASON */ at the end of %s:%lld, "
	       "or 'keep = %s.%s: REASON' in " ".lockptr.conf\n", u->file, u->line, u->type,
	       u->member);
}

static void print_list(const char *label, const struct strvec *v, const char *more)
{
	printf("  %-10s", label);
	for (size_t i = 0; i < v->n; i++)
		printf(" %s", v->v[i]);
	printf("%s\n", v->n ? more : " none");
}

/* The plan of diff and apply, without the rewrite. */
static void decide(struct run *r, const struct unit *u, const char *operands)
{
	struct result res = { 0 };
	struct plan p;

	if (u->kept) {
		printf("decision: kept by value on purpose (%s): %s\n", u->kept_by == KEPT_COMMENT
		       ? "a lockptr: keep comment on its line" : "--keep, or keep in the project "
		       "file", *u->kept ? u->kept : "(no reason given)");
		printf("next step: none; remove the %s to have it migrated\n",
		       u->kept_by == KEPT_COMMENT ? "comment" : "keep");
		return;
	}
	if (u->refused || plan_unit(r, u, &p, &res) < 0) {
		const char *why = u->refused ? u->refused : res.reason;

		printf("decision: refused: %s\n", why);
		printf("next step: %s\n", advice(why));
		how_to_keep(u);
		if (!u->refused)
			plan_free(&p);
		free(res.status);
		free(res.reason);
		return;
	}
	{
		/* Which translation units see the change, if every file the
		 * rewrite reads changes (what diff checks compiles). */
		struct change *ch = xcalloc(p.paths.n + 1, sizeof(*ch));
		char *host = xasprintf(" (and %s next to %s, which includes it)",
				       lock_is_builtin(u->lock) ? "lockptr_locks.h" : "its helper header",
				       p.host);

		for (size_t i = 0; i < p.paths.n; i++)
			ch[i].path = p.paths.v[i];
		plan_tus(r, &p, ch, p.paths.n);
		printf("decision: lockptr can migrate it%s\n", u->copied ? "" :
		       " (its type is copied nowhere: only --all or --only select it)");
		print_list("rewrites", &p.paths, host);
		print_list("compiles", &p.tus, " (before and after, with no new diagnostic)");
		printf("next step: lockptr diff --only '%s.%s'%s%s shows the change; lockptr apply "
		       "--only '%s.%s'%s%s makes it\n", u->type, u->member, *operands ? " " : "",
		       operands, u->type, u->member, *operands ? " " : "", operands);
		free(host);
		free(ch);
	}
	plan_free(&p);
}

static void explain_unit(struct run *r, const struct unit *u, const char *operands)
{
	const struct model *m = &r->s.model;

	printf("%s.%s (%s%s)\n", u->type, u->member, u->lock, u->array ? " array" : "");
	printf("  %-10s %s:%lld:%lld\n", "declared", u->file, u->line, u->column);
	holders(m, u);
	calls(m, r->s.facts, u);
	statics(m, r->s.facts, u);
	hazards(m, r->s.facts, u);
	copies(m, u);
	decide(r, u, operands);
}

/* The units of the same type or member, for a name that is no unit's. */
static void no_such_unit(const struct model *m, const char *name)
{
	struct buf near = { 0 };
	const char *dot = strchr(name, '.');

	for (size_t i = 0; i < m->nunits; i++) {
		const struct unit *u = &m->units[i];

		if (!strncmp(u->type, name, (size_t)(dot - name)) || !strcmp(u->member, dot + 1))
			buf_printf(&near, "%s'%s.%s'", near.len ? ", " : "", u->type, u->member);
	}
	die(EXIT_USAGE, "explain: no unit '%s'%s%s (lockptr scan --all lists them)", name,
	    near.len ? "; there are " : "", near.len ? near.data : "");
}

static void run_init(struct run *r, const struct options *o)
{
	char err[1024];

	scan_run(&r->s, o);
	r->unwritable = xcalloc(r->s.files.n + 1, sizeof(*r->unwritable));
	for (size_t k = 0; k < r->s.files.n; k++)
		r->unwritable[k] = tree_unwritable(r->s.files.v[k].path);
	if (o->compdb && compdb_load(o->compdb, &r->db, err, sizeof(err)) < 0)
		die(EXIT_USAGE, "-p %s", err);
	detect_init(&r->d, o, r->db, &r->s.files);
	r->d.rescued = &r->s.rescued;
	r->d.rescue_macros = r->s.rescue_macros;
}

static void run_free(struct run *r)
{
	for (size_t k = 0; k < r->s.files.n; k++)
		free(r->unwritable[k]);
	free(r->unwritable);
	includes_free(&r->inc);
	detect_free(&r->d);
	compdb_free(r->db);
	scan_free(&r->s);
}

int cmd_explain(const struct options *o)
{
	/* explain writes nothing in the tree, not even the fact cache. */
	struct options ro = *o;
	struct run r = { .o = &ro, .mode = MODE_DIFF };
	struct strvec one = { 0 };
	struct buf operands = { 0 };
	size_t n = 0;
	int rc;

	if (o->format != FORMAT_TEXT)
		die(EXIT_USAGE, "explain: --format: explain prints text only");
	ro.cache_readonly = 1;
	strvec_push(&one, o->subject);
	for (size_t i = 0; i < o->paths.n; i++)
		buf_printf(&operands, "%s%s", i ? " " : "", o->paths.v[i]);
	run_init(&r, &ro);
	for (size_t i = 0; i < r.s.model.nunits; i++)
		if (scan_unit_named(&r.s.model.units[i], &one)) {
			if (n++)
				putchar('\n');
			explain_unit(&r, &r.s.model.units[i], operands.data ? operands.data : "");
		}
	if (!n)
		no_such_unit(&r.s.model, o->subject);
	if (json_array_size(r.s.result.incomplete)) {
		size_t i;
		json_t *v;

		printf("\nthe facts may be short of these files, not scanned in full:\n");
		json_array_foreach(r.s.result.incomplete, i, v)
			printf("  %s: %s\n", str(v, "file"), str(v, "reason"));
	}
	rc = json_array_size(r.s.result.incomplete) ? EXIT_INCOMPLETE : EXIT_CLEAN;
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_USAGE, "writing the explanation:");
	strvec_free(&one);
	buf_free(&operands);
	run_free(&r);
	return rc;
}
