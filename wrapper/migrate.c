#define _GNU_SOURCE
#include "migrate.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "compdb.h"
#include "compile.h"
#include "detect.h"
#include "proc.h"
#include "report.h"
#include "rewrite.h"
#include "scan.h"
#include "usertype.h"
#include "includes.h"

#define HELPER "lockptr_locks.h"

enum mode { MODE_APPLY, MODE_DIFF };

struct result {
	char *type, *member, *status, *reason;
	struct strvec files;
	json_int_t line, column;
	char *file;
};

struct run {
	const struct options *o;
	enum mode mode;
	struct scan s;
	struct detect d;
	struct compdb *db;
	struct result *res;
	size_t nres;
	struct strvec written;   /* every path written, in order, once */
	/* The diagnostics of translation units in the tree as it is now: a
	 * unit's "before" is the last kept unit's "after" (or the "before"
	 * of a unit that was rolled back, whose bytes are back). */
	struct known_diags {
		char *path;
		struct diags d;
	} *known;
	size_t nknown;
	struct includes inc;     /* of the tree as it is now */
	int inc_stale;
};

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

static const char *lock_fn(const struct options *o, const char *lock, int destroy)
{
	for (int i = 0; builtin_locks[i][0]; i++)
		if (!strcmp(builtin_locks[i][0], lock))
			return builtin_locks[i][destroy ? 2 : 1];
	for (size_t i = 0; i < o->nlock_types; i++)
		if (!strcmp(o->lock_types[i].name, lock))
			return destroy ? o->lock_types[i].destroy : o->lock_types[i].init;
	return NULL;
}

static int is_builtin(const char *lock)
{
	for (int i = 0; builtin_locks[i][0]; i++)
		if (!strcmp(builtin_locks[i][0], lock))
			return 1;
	return 0;
}

static const char *last_component(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot ? dot + 1 : path;
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
	if (u->file[0] == '/' || !strncmp(u->file, "../", 3))
		return xasprintf("%s is outside the tree being migrated", u->file);
	json_array_foreach(r->s.facts, i, f) {
		const char *k = str(f, "k"), *ft = str(f, "type"), *fm = str(f, "member");

		if (!strcmp(k, "destroy") && fm &&
		    !strcmp(last_component(fm), last_component(member)) &&
		    (!ft || !strcmp(model_canon(&r->s.model, ft), type)))
			destroys = 1;
		if (strcmp(k, "static_init") || (ft && !model_holds(&r->s.model, model_canon(&r->s.model, ft), type)))
			continue;
		if (fm && strcmp(last_component(fm), last_component(member)))
			continue;
		if (json_is_true(json_object_get(f, "array")))
			return xasprintf("an array of initialised objects at %s:%lld: not migrated",
					 str(f, "file"),
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
		if (str(f, "func") && str(f, "name") && strcmp(str(f, "func"), str(f, "name")))
			return xasprintf("an initializer inside a function at %s:%lld: every "
					 "object needs a lock of its own", str(f, "file"),
					 (long long)json_integer_value(json_object_get(f, "line")));
		statics = 1;
	}
	if (statics && strchr(member, '.'))
		return xstrdup("a static initializer of a lock in a nested anonymous struct "
			       "or union: not migrated");
	if (statics && destroys)
		return xstrdup("both static initializers and destroy calls: a destroy "
			       "cannot tell a static lock from an allocated one");
	if (!is_builtin(lock)) {
		const struct lock_type *lt = user_type(r->o, lock);

		return lt ? user_helper(lt, r->s.facts, section)
			  : xasprintf("'%s' is not a lock type lockptr knows", lock);
	}
	return NULL;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? strndup(path, (size_t)(slash - path)) : xstrdup(".");
}

/* The helper header's name: lockptr_locks.h, or lockptr_NAME.h for a
 * --lock-type. */
static char *helper_name_for(const char *lock)
{
	return is_builtin(lock) ? xstrdup(HELPER) : user_header_name(lock);
}

static char *helper_path(const char *defining, const char *name)
{
	const char *slash = strrchr(defining, '/');

	return slash ? xasprintf("%.*s/%s", (int)(slash - defining), defining, name)
		     : xstrdup(name);
}

static int directive(const char *line, size_t n, const char *name)
{
	size_t k = 0, len = strlen(name);

	while (k < n && (line[k] == ' ' || line[k] == '\t'))
		k++;
	if (k >= n || line[k] != '#')
		return 0;
	if (!*name)
		return 1;
	k++;
	while (k < n && (line[k] == ' ' || line[k] == '\t'))
		k++;
	return n - k >= len && !strncmp(line + k, name, len) &&
	       (n - k == len || !(isalnum((unsigned char)line[k + len]) || line[k + len] == '_'));
}

/* Adds #include "lockptr_locks.h" where every configuration sees it: after
 * the last #include that is outside any #if (inside the include guard is
 * fine) and above the unit's declaration; else after the guard's #define;
 * else at the top. With after_line (a --lock-type's functions declared in
 * this file), not before the end of the declaration on that line (its ';',
 * or for a definition the '}' that starts a line): the helpers call them. */
static void add_include(struct buf *b, const char *header, long decl_line, long after_line,
			int body)
{
	char *line = xasprintf("#include \"%s\"", header);
	const char *crlf = memmem(b->data, b->len, "\r\n", 2) ? "\r\n" : "\n";
	size_t at = 0, guard_at = 0, after_at = 0;
	int depth = 0, base = 0, ndirectives = 0, guard = 0;
	long lineno = 1;
	struct buf out = { 0 };

	if (memmem(b->data, b->len, line, strlen(line))) {
		free(line);
		return;
	}
	for (size_t i = 0; i < b->len; lineno++) {
		size_t n = strcspn(b->data + i, "\n");
		const char *l = b->data + i;
		size_t next = i + n + (i + n < b->len);
		int is_directive = directive(l, n, "");

		if (is_directive) {
			ndirectives++;
			if (ndirectives == 1 && directive(l, n, "ifndef"))
				guard = 1;
			else if (ndirectives == 2 && guard && directive(l, n, "define")) {
				base = 1;
				guard_at = next;
			}
		}
		if (directive(l, n, "if") || directive(l, n, "ifdef") || directive(l, n, "ifndef"))
			depth++;
		else if (directive(l, n, "endif"))
			depth--;
		else if (directive(l, n, "include") && depth == base && lineno < decl_line)
			at = next;
		if (after_line && !after_at && lineno >= after_line &&
		    (body ? n > 0 && l[0] == '}' : memchr(l, ';', n) != NULL))
			after_at = next;
		i = next;
	}
	if (!at)
		at = guard_at;
	if (after_at > at)
		at = after_at;
	buf_append(&out, b->data, at);
	if (at > 0 && b->data[at - 1] != '\n')
		buf_puts(&out, crlf);
	buf_puts(&out, line);
	buf_puts(&out, crlf);
	buf_append(&out, b->data + at, b->len - at);
	buf_free(b);
	*b = out;
	free(line);
}

/* The helper header in the indentation of the file that includes it:
 * tabs, or the narrowest run of leading spaces that file uses. */
static char *indent_like(const char *text, const char *model)
{
	size_t tabs = 0, spaced = 0, width = 0;
	struct buf out = { 0 };

	for (const char *p = model; p && *p;) {
		size_t n = strcspn(p, "\n"), k = 0;

		if (p[0] == '\t')
			tabs++;
		while (k < n && p[k] == ' ')
			k++;
		if (k >= 2 && k < n && p[k] != '*') {
			spaced++;
			if (!width || k < width)
				width = k;
		}
		p += n + (p[n] == '\n');
	}
	if (spaced <= tabs || !width)
		return xstrdup(text);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n"), t = 0, sp = 0, cols;

		while (t < n && p[t] == '\t')
			t++;
		while (t + sp < n && p[t + sp] == ' ')
			sp++;
		/* Indentation is in steps; alignment (tabs then spaces) keeps
		 * its columns at the usual 8 a tab. */
		cols = sp ? t * 8 + sp : t * width;
		for (size_t k = 0; k < cols; k++)
			buf_append(&out, " ", 1);
		buf_append(&out, p + t + sp, n - t - sp);
		if (p[n] == '\n')
			buf_append(&out, "\n", 1);
		p += n + (p[n] == '\n');
	}
	return out.data;
}

static int mentions(const char *path, json_t *words, json_t *tags)
{
	struct buf b = { 0 };
	int r = read_file(path, &b) == 0 && text_mentions(b.data, b.len, words, tags);

	buf_free(&b);
	return r;
}

static void result_set(struct result *res, const char *status, char *reason)
{
	free(res->status);
	free(res->reason);
	res->status = xstrdup(status);
	res->reason = reason;
}

struct change {
	char *path;
	struct buf contents;
	mode_t mode;
};

static int write_changes(struct run *r, struct change *ch, size_t n, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			test_delay();
		if (atomic_write(ch[i].path, ch[i].contents.data ? ch[i].contents.data : "",
				 ch[i].contents.len, ch[i].mode, err, errlen) < 0)
			return -1;
		if (!strvec_has(&r->written, ch[i].path))
			strvec_push(&r->written, ch[i].path);
	}
	return 0;
}

/* The re-scan: in the facts of the migrated files, nothing of the unit is
 * left (no value member, no static initializer). */
static char *leftovers(const struct unit *u, const struct unit_spec *spec, json_t *facts)
{
	char *why = NULL;
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f) {
		const char *kind = str(f, "k"), *ft = str(f, "type"), *fm = str(f, "member");

		if (!ft || !fm || !strvec_has(&spec->spellings, ft))
			continue;
		if (!strcmp(kind, "member") && !strcmp(fm, spec->member) && str(f, "mtype") &&
		    (!strcmp(str(f, "mtype"), spec->lock) || !strcmp(str(f, "mtype"), spec->decl_lock))) {
			why = xasprintf("re-scan: %s:%lld still declares '%s' by value",
					str(f, "file"),
					(long long)json_integer_value(json_object_get(f, "line")),
					u->member);
			break;
		}
		if (!strcmp(kind, "static_init") &&
		    !strcmp(last_component(fm), last_component(spec->member))) {
			why = xasprintf("re-scan: %s:%lld still has a static initializer of '%s'",
					str(f, "file"),
					(long long)json_integer_value(json_object_get(f, "line")),
					spec->member);
			break;
		}
	}
	return why;
}

static char *run_test_cmd(const struct options *o)
{
	struct strvec argv = { 0 };
	struct job j = { 0 };
	char *why = NULL;

	if (!o->test_cmd)
		return NULL;
	shell_split(o->test_cmd, &argv);
	j.argv = argv.v;
	spawn_one(&j, 0);
	if (j.status != 0) {
		const char *e = j.err.len ? j.err.data : j.out.data ? j.out.data : "";

		why = xasprintf("--test-cmd failed (status %d)%s%.*s", j.status,
				*e ? ": " : "", (int)strcspn(e, "\n"), e);
	}
	buf_free(&j.out);
	buf_free(&j.err);
	strvec_free(&argv);
	return why;
}

/* DESIGN: where the original ignores the init result, the report says so
 * (after the migration that call can fail for want of memory). */
static char *unchecked_inits(struct run *r, const struct unit *u, const struct unit_spec *spec)
{
	struct buf where = { 0 };
	json_t *seen = json_object();
	size_t i, n = 0;
	json_t *f;
	char *why;

	json_array_foreach(r->s.facts, i, f) {
		const char *ft = str(f, "type"), *fm = str(f, "member");
		size_t j;
		json_t *g;

		if (strcmp(str(f, "k"), "init") || strcmp(str(f, "fn"), spec->init) || !fm ||
		    strcmp(last_component(fm), last_component(spec->member)) ||
		    (ft && strcmp(model_canon(&r->s.model, ft), u->type)))
			continue;
		json_array_foreach(r->s.facts, j, g)
			if (!strcmp(str(g, "k"), "init_unchecked") &&
			    !strcmp(str(g, "file"), str(f, "file")) &&
			    json_integer_value(json_object_get(g, "line")) ==
			    json_integer_value(json_object_get(f, "line")) &&
			    json_integer_value(json_object_get(g, "col")) ==
			    json_integer_value(json_object_get(f, "col"))) {
				char *at = xasprintf("%s:%lld", str(f, "file"),
						     (long long)json_integer_value(json_object_get(f, "line")));

				if (!json_object_get(seen, at) && n++ < 3)
					buf_printf(&where, "%s%s", n > 1 ? ", " : "", at);
				json_object_set_new(seen, at, json_true());
				free(at);
				break;
			}
	}
	json_decref(seen);
	if (!n) {
		buf_free(&where);
		return NULL;
	}
	why = xasprintf("the result of %s() is ignored at %s%s: a failed allocation "
			"there cannot be handled", spec->init, where.data, n > 3 ? " ..." : "");
	buf_free(&where);
	return why;
}

static void diags_copy(struct diags *to, const struct diags *from)
{
	memset(to, 0, sizeof(*to));
	for (size_t i = 0; i < from->lines.n; i++)
		strvec_push(&to->lines, from->lines.v[i]);
	for (size_t i = 0; i < from->raw.n; i++)
		strvec_push(&to->raw, from->raw.v[i]);
	to->status = from->status;
}

static void known_clear(struct run *r)
{
	for (size_t i = 0; i < r->nknown; i++) {
		free(r->known[i].path);
		diags_free(&r->known[i].d, 1);
	}
	free(r->known);
	r->known = NULL;
	r->nknown = 0;
}

static void known_put(struct run *r, char *const *paths, size_t n, const struct diags *d)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;

		while (k < r->nknown && strcmp(r->known[k].path, paths[i]))
			k++;
		if (k == r->nknown) {
			r->known = xrealloc(r->known, (r->nknown + 1) * sizeof(*r->known));
			r->known[r->nknown++].path = xstrdup(paths[i]);
		} else {
			diags_free(&r->known[k].d, 1);
		}
		diags_copy(&r->known[k].d, &d[i]);
	}
}

/* compile_diags() for the files whose diagnostics in the tree as it is
 * now are not known yet. */
static void compile_known(struct run *r, char *const *paths, size_t n, struct diags *out)
{
	struct strvec todo = { 0 };
	struct diags *fresh;
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		size_t k = 0;

		while (k < r->nknown && strcmp(r->known[k].path, paths[i]))
			k++;
		if (k < r->nknown)
			diags_copy(&out[i], &r->known[k].d);
		else
			strvec_push(&todo, paths[i]);
	}
	fresh = xcalloc(todo.n ? todo.n : 1, sizeof(*fresh));
	compile_diags(&r->d, todo.v, todo.n, fresh);
	for (size_t i = 0; i < n; i++)
		if (j < todo.n && !strcmp(paths[i], todo.v[j]))
			out[i] = fresh[j++];
	free(fresh);
	strvec_free(&todo);
}

/* LOCKPTR_PROFILE=1: the time of each phase of a unit on stderr, for the
 * bench's account of where apply's time goes. */
static void profile(const struct unit *u, const char *phase, long long since, size_t files)
{
	static int on = -1;

	if (on < 0)
		on = getenv("LOCKPTR_PROFILE") != NULL;
	if (on)
		fprintf(stderr, "lockptr: profile: %s.%s: %s %lld ms, %zu files\n",
			u->type, u->member, phase, now_ms() - since, files);
}

/* The line, in file, of the last declaration of a --lock-type's init or
 * destroy, or 0; *body tells whether it is a definition. */
static long user_decls_end(struct run *r, const struct unit_spec *spec, const char *file,
			   int *body, const char **fn)
{
	long last = 0;
	size_t i;
	json_t *f;
	int prototypes = 0;

	if (is_builtin(spec->lock))
		return 0;
	/* A prototype anywhere declares the functions where they are used
	 * (an included header): only a file's own prototypes, or for want of
	 * any, its definitions, hold the helper back. */
	json_array_foreach(r->s.facts, i, f)
		prototypes |= !strcmp(str(f, "k"), "proto") && !json_is_true(json_object_get(f, "body")) &&
			      (!strcmp(str(f, "fn"), spec->init) || !strcmp(str(f, "fn"), spec->destroy));
	json_array_foreach(r->s.facts, i, f)
		if (!strcmp(str(f, "k"), "proto") && !strcmp(str(f, "file"), file) &&
		    (!strcmp(str(f, "fn"), spec->init) || !strcmp(str(f, "fn"), spec->destroy)) &&
		    !(prototypes && json_is_true(json_object_get(f, "body"))) &&
		    json_integer_value(json_object_get(f, "line")) > last) {
			last = (long)json_integer_value(json_object_get(f, "line"));
			*body = json_is_true(json_object_get(f, "body"));
			*fn = str(f, "fn");
		}
	return last;
}

/* The line of text where fn( stands nearest to line: the facts' lines are
 * those of the scan, and units kept since may have added lines above. */
static long relocate(const struct buf *text, long line, const char *fn)
{
	long best = line, bestd = -1, n = 1;
	size_t len = strlen(fn);

	for (const char *p = text->data; p && *p; n++) {
		size_t end = strcspn(p, "\n");

		for (const char *q = p; q + len <= p + end; q++) {
			const char *after = q + len;

			if (strncmp(q, fn, len) || (q > p && (isalnum((unsigned char)q[-1]) || q[-1] == '_')))
				continue;
			while (after < p + end && (*after == ' ' || *after == '\t'))
				after++;
			if (after < p + end && *after == '(' &&
			    (bestd < 0 || labs(n - line) < bestd)) {
				best = n;
				bestd = labs(n - line);
			}
		}
		p += end + (p[end] == '\n');
	}
	return best;
}

/* What a maintainer should know about a kept unit: init results that
 * are ignored, and a lock that is never destroyed (each init now
 * allocates, and nothing frees it). NULL when there is nothing. */
static char *migrated_notes(struct run *r, const struct unit *u, const struct unit_spec *spec)
{
	char *unchecked = unchecked_inits(r, u, spec), *out;
	int inits = 0, destroys = 0;
	size_t i;
	json_t *f;

	json_array_foreach(r->s.facts, i, f) {
		const char *k = str(f, "k"), *ft = str(f, "type"), *fm = str(f, "member");

		if ((strcmp(k, "init") && strcmp(k, "destroy")) || !fm ||
		    strcmp(last_component(fm), last_component(spec->member)) ||
		    (ft && strcmp(model_canon(&r->s.model, ft), u->type)))
			continue;
		inits |= !strcmp(k, "init") && !strcmp(str(f, "fn"), spec->init);
		destroys |= !strcmp(k, "destroy") && !strcmp(str(f, "fn"), spec->destroy);
	}
	if (!inits || destroys)
		return unchecked;
	out = xasprintf("%s%sno %s() call was found: the lock each init now allocates "
			"is never freed", unchecked ? unchecked : "", unchecked ? "; " : "",
			spec->destroy);
	free(unchecked);
	return out;
}

/* Where the helper header goes and is included: next to the file that
 * defines the type, unless a --lock-type's functions are declared only in
 * another header P that is the one scanned file to include the defining
 * one (libuv: uv.h includes uv/unix.h, then declares uv_mutex_init()):
 * then next to P, after those declarations. */
static const char *helper_host(struct run *r, const struct unit_spec *spec, const char *defining)
{
	const char *host = NULL, *from, *fn = NULL;
	int body = 0;
	size_t i;
	json_t *f, *to;

	if (is_builtin(spec->lock) || user_decls_end(r, spec, defining, &body, &fn) > 0)
		return defining;
	json_array_foreach(r->s.facts, i, f) {
		if (strcmp(str(f, "k"), "proto") || json_is_true(json_object_get(f, "body")) ||
		    (strcmp(str(f, "fn"), spec->init) && strcmp(str(f, "fn"), spec->destroy)))
			continue;
		if (host && strcmp(host, str(f, "file")))
			return defining;
		host = str(f, "file");
	}
	if (!host)
		return defining;
	json_object_foreach(r->inc.edges, from, f) {
		int includes = 0;

		json_array_foreach(f, i, to)
			includes |= !strcmp(json_string_value(to), defining);
		if (includes != !strcmp(from, host))
			return defining;
	}
	return host;
}

/* Adds the #include of the unit's helper header to text, the new
 * contents of host: above the declaration in the defining file, after the
 * last declaration of a --lock-type's functions when host has them. */
static void include_helper(struct run *r, const struct unit_spec *spec, const struct unit *u,
			   const char *host, struct buf *text)
{
	int body = 0;
	const char *fn = NULL;
	long end = user_decls_end(r, spec, host, &body, &fn);
	char *hname = helper_name_for(spec->lock);

	if (end)
		end = relocate(text, end, fn);
	add_include(text, hname, strcmp(host, u->file) ? LONG_MAX : (long)u->line, end, body);
	free(hname);
}

static void migrate_unit(struct run *r, const struct unit *u, struct result *res)
{
	struct model *m = &r->s.model;
	const char *type = u->type, *member = u->member;
	struct unit_spec spec = { type, member, u->lock,
				  lock_fn(r->o, u->lock, 0), lock_fn(r->o, u->lock, 1),
				  decl_spelling(r, u), -1, { 0 } };
	json_t *words = json_object(), *tags = json_object(), *memword = json_object();
	json_t *targets = json_object();
	struct strvec paths = { 0 }, tus = { 0 };
	struct rewrite_out *outs = NULL;
	struct change *ch = NULL;
	struct diags *before = NULL, *after = NULL;
	size_t nch = 0;
	char *patch = NULL, *why = NULL, *user_section = NULL, err[1024];
	const char *host;
	const struct strmap_entry *e;
	int journaled = 0;
	long long t0;

	why = cannot_migrate(r, u, &user_section, &spec.index);
	if (why) {
		result_set(res, "refused", why);
		goto out;
	}
	/* The type's spellings: itself and its typedef aliases. */
	strvec_push(&spec.spellings, type);
	strmap_foreach(&m->alias, e)
		if (!strcmp(model_canon(m, e->key), type) && !strvec_has(&spec.spellings, e->key))
			strvec_push(&spec.spellings, e->key);
	for (size_t i = 0; i < spec.spellings.n; i++) {
		const char *sp = spec.spellings.v[i];

		json_object_set_new(strncmp(sp, "struct ", 7) && strncmp(sp, "union ", 6) ? words : tags,
				    sp, json_true());
	}
	/* A dotted member (in.m) is named by its last component. */
	json_object_set_new(memword, last_component(member), json_true());
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
		    mentions(r->s.files.v[i].path, words, tags))
			json_object_set_new(targets, r->s.files.v[i].path, json_true());

	host = helper_host(r, &spec, u->file);

	/* Files to rewrite: those that name the member, among the files the
	 * scan read, or that include a header above (r->objects->m in a file
	 * that names no lock and no such type). */
	for (size_t i = 0; i < r->s.files.n; i++) {
		struct srcfile *f = &r->s.files.v[i];

		if (f->binary || f->unreadable)
			continue;
		if (!strcmp(f->path, u->file) ||
		    (mentions(f->path, memword, NULL) &&
		     (f->parsed || includes_reach(&r->inc, f->path, targets)))) {
			if (f->path[0] == '/' || !strncmp(f->path, "../", 3)) {
				result_set(res, "refused", xasprintf("%s is outside the tree "
								     "being migrated", f->path));
				goto out;
			}
			strvec_push(&paths, f->path);
		}
	}
	patch = rewrite_patch(&spec);
	outs = xcalloc(paths.n ? paths.n : 1, sizeof(*outs));
	t0 = now_ms();
	rewrite_run(&r->d, patch, paths.v, paths.n, outs);
	profile(u, "rewrite", t0, paths.n);
	ch = xcalloc(paths.n + 1, sizeof(*ch));
	for (size_t i = 0; i < paths.n; i++) {
		struct stat st;

		if (outs[i].error) {
			/* spatch gave up on a file: the run is incomplete. */
			result_set(res, "rolled-back", xasprintf("%s: %s", paths.v[i], outs[i].error));
			json_array_append_new(r->s.result.incomplete,
					      json_pack("{s:s, s:s}", "file", paths.v[i],
							"reason", outs[i].error));
			goto out;
		}
		if (!outs[i].contents)
			continue;
		if (lstat(paths.v[i], &st) == 0 && S_ISLNK(st.st_mode)) {
			result_set(res, "refused", xasprintf("%s is a symbolic link: lockptr "
							     "never writes through one", paths.v[i]));
			goto out;
		}
		if (stat(paths.v[i], &st) < 0 || access(paths.v[i], W_OK) < 0) {
			result_set(res, "rolled-back", xasprintf("%s: cannot be written: %s",
								 paths.v[i], strerror(errno)));
			goto out;
		}
		ch[nch].path = xstrdup(paths.v[i]);
		buf_append(&ch[nch].contents, outs[i].contents, outs[i].len);
		ch[nch].mode = st.st_mode;
		if (!strcmp(paths.v[i], host))
			include_helper(r, &spec, u, host, &ch[nch].contents);
		nch++;
	}
	/* A host the rewrite left as it was still gets the #include. */
	if (nch > 0 && strcmp(host, u->file)) {
		int found = 0;

		for (size_t k = 0; k < nch; k++)
			found |= !strcmp(ch[k].path, host);
		if (!found) {
			struct stat st;

			ch = xrealloc(ch, (nch + 2) * sizeof(*ch));
			memset(&ch[nch], 0, 2 * sizeof(*ch));
			if (stat(host, &st) < 0 || read_file(host, &ch[nch].contents) < 0) {
				result_set(res, "rolled-back", xasprintf("%s: cannot be read: %s",
									 host, strerror(errno)));
				goto out;
			}
			ch[nch].path = xstrdup(host);
			ch[nch].mode = st.st_mode;
			include_helper(r, &spec, u, host, &ch[nch].contents);
			nch++;
		}
	}
	if (nch == 0) {
		result_set(res, "unchanged", xstrdup("the rewrite changed nothing"));
		goto out;
	}
	{
		int decl = 0;

		for (size_t i = 0; i < nch; i++)
			decl |= !strcmp(ch[i].path, u->file);
		if (!decl) {
			result_set(res, "rolled-back", xasprintf("the declaration in %s was not "
								 "rewritten", u->file));
			goto out;
		}
	}
	/* The helper header, next to the definition. */
	{
		char *hname = helper_name_for(spec.lock);
		char *hp = helper_path(host, hname);
		struct buf old = { 0 };
		struct strvec locks = { 0 };
		char *text;
		int exists = read_file(hp, &old) == 0;

		free(hname);
		strvec_push(&locks, spec.lock);
		{
			struct buf def = { 0 };
			char *plain = user_section ? user_header(spec.lock, user_section)
						   : helper_header(&locks, exists ? old.data : NULL);

			read_file(u->file, &def);
			text = indent_like(plain, def.data);
			free(plain);
			buf_free(&def);
		}
		if (!exists || strcmp(text, old.data)) {
			ch[nch].path = hp;
			buf_puts(&ch[nch].contents, text);
			ch[nch].mode = 0644;
			nch++;
		} else {
			free(hp);
		}
		free(text);
		buf_free(&old);
		strvec_free(&locks);
	}
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
			strvec_push(&tus, f->path);
	}
	before = xcalloc(tus.n ? tus.n : 1, sizeof(*before));
	after = xcalloc(tus.n ? tus.n : 1, sizeof(*after));
	t0 = now_ms();
	compile_known(r, tus.v, tus.n, before);
	known_put(r, tus.v, tus.n, before);
	profile(u, "compile before", t0, tus.n);
	/* A unit whose users do not compile even now cannot be verified: a
	 * failure after the change would look like the one before. */
	for (size_t i = 0; i < tus.n; i++) {
		if (before[i].status == 0)
			continue;
		result_set(res, "rolled-back", xasprintf("%s does not compile before the change "
			"(with the flags lockptr has%s): cannot verify the unit: %s", tus.v[i],
			r->db ? "" : "; -p gives the build's",
			before[i].raw.n ? before[i].raw.v[0] : "no message"));
		goto out;
	}

	{
		struct strvec jpaths = { 0 };

		for (size_t i = 0; i < nch; i++)
			strvec_push(&jpaths, ch[i].path);
		if (r->mode == MODE_APPLY) {
			if (journal_begin(jpaths.v, jpaths.n, err, sizeof(err)) < 0) {
				strvec_free(&jpaths);
				result_set(res, "rolled-back", xasprintf("journal: %s", err));
				goto out;
			}
			journaled = 1;
		} else {
			/* In the private copy the originals are kept in memory. */
			journaled = 0;
		}
		strvec_free(&jpaths);
	}
	{
		/* Originals, for diff mode's rollback. */
		struct buf *orig = xcalloc(nch, sizeof(*orig));
		int *existed = xcalloc(nch, sizeof(*existed));
		const char *bad;

		for (size_t i = 0; i < nch; i++)
			existed[i] = read_file(ch[i].path, &orig[i]) == 0;
		if (write_changes(r, ch, nch, err, sizeof(err)) < 0)
			why = xasprintf("write: %s", err);
		if (!why) {
			t0 = now_ms();
			compile_diags(&r->d, tus.v, tus.n, after);
			profile(u, "compile after", t0, tus.n);
			for (size_t i = 0; i < tus.n && !why; i++)
				if ((bad = compile_new_diag(&before[i], &after[i])))
					why = xasprintf("does not compile: %s", bad);
		}
		if (!why) {
			/* Idempotence and the re-scan, in one spatch process a
			 * file: the unit's patch must change nothing, and the
			 * detection rules that follow it see the migrated code. */
			struct rewrite_out *again = xcalloc(nch, sizeof(*again));
			struct strvec cpaths = { 0 };
			json_t *facts = json_array();
			char *check = rewrite_check_patch(patch);

			char *hname = helper_name_for(spec.lock);

			for (size_t i = 0; i < nch; i++) {
				const char *base = strrchr(ch[i].path, '/');

				/* The helper header is ours, not the patch's. */
				if (strcmp(base ? base + 1 : ch[i].path, hname))
					strvec_push(&cpaths, ch[i].path);
			}
			free(hname);
			t0 = now_ms();
			rewrite_check(&r->d, check, cpaths.v, cpaths.n, again, facts);
			profile(u, "idempotence + re-scan", t0, cpaths.n);
			for (size_t i = 0; i < cpaths.n && !why; i++)
				if (again[i].contents || again[i].error)
					why = again[i].contents
					      ? xasprintf("not idempotent: rewriting %s again changes it",
							  cpaths.v[i])
					      : xasprintf("re-scan of %s failed: %s", cpaths.v[i],
							  again[i].error);
			if (!why)
				why = leftovers(u, &spec, facts);
			rewrite_out_free(again, cpaths.n);
			free(again);
			free(check);
			json_decref(facts);
			strvec_free(&cpaths);
		}
		if (!why)
			why = run_test_cmd(r->o);
		if (why) {
			/* Roll back: the unit's files get their bytes back. */
			if (journaled) {
				if (journal_restore(err, sizeof(err)) < 0)
					die(EXIT_USAGE, "rolling back: %s (the journal in "
					    ".lockptr/journal is kept; run lockptr apply again)", err);
			} else {
				for (size_t i = 0; i < nch; i++) {
					if (existed[i])
						atomic_write(ch[i].path, orig[i].data ? orig[i].data : "",
							     orig[i].len, ch[i].mode, err, sizeof(err));
					else
						unlink(ch[i].path);
				}
			}
			result_set(res, "rolled-back", why);
			why = NULL;
		} else {
			if (journaled)
				journal_commit();
			/* The tree changed: what is known is this unit's "after". */
			known_clear(r);
			r->inc_stale = 1;
			known_put(r, tus.v, tus.n, after);
			result_set(res, "migrated", migrated_notes(r, u, &spec));
			for (size_t i = 0; i < nch; i++)
				strvec_push(&res->files, ch[i].path);
		}
		for (size_t i = 0; i < nch; i++)
			buf_free(&orig[i]);
		free(orig);
		free(existed);
	}
out:
	if (outs)
		rewrite_out_free(outs, paths.n);
	free(outs);
	for (size_t i = 0; i < nch; i++) {
		free(ch[i].path);
		buf_free(&ch[i].contents);
	}
	free(ch);
	if (before)
		diags_free(before, tus.n);
	if (after)
		diags_free(after, tus.n);
	free(before);
	free(after);
	free(patch);
	free(user_section);
	strvec_free(&paths);
	strvec_free(&tus);
	strvec_free(&spec.spellings);
	json_decref(words);
	json_decref(tags);
	json_decref(memword);
	json_decref(targets);
}

/* The units to migrate: --only, --all, or those whose type is copied;
 * one entry per type.member. */
struct selection {
	const struct unit **v;
	size_t n;
};

static void selection(struct run *r, int strict, struct selection *sel)
{
	const struct model *m = &r->s.model;

	if (strict)
		scan_check_only(m, &r->o->only);
	sel->v = xcalloc(m->nunits + 1, sizeof(*sel->v));
	sel->n = 0;
	for (size_t i = 0; i < m->nunits; i++) {
		const struct unit *u = &m->units[i];
		int pick = r->o->only.n ? scan_unit_named(u, &r->o->only) : r->o->all || u->copied;
		int dup = 0;

		for (size_t j = 0; j < sel->n; j++)
			dup |= !strcmp(sel->v[j]->type, u->type) &&
			       !strcmp(sel->v[j]->member, u->member);
		if (pick && !dup)
			sel->v[sel->n++] = u;
	}
}

static void print_results(struct run *r)
{
	if (r->o->format == FORMAT_TEXT) {
		size_t counts[4] = { 0 };
		const char *names[4] = { "migrated", "rolled-back", "refused", "unchanged" };

		for (size_t i = 0; i < r->nres; i++) {
			struct result *x = &r->res[i];
			int warn = strcmp(x->status, "migrated") && strcmp(x->status, "unchanged");

			for (int k = 0; k < 4; k++)
				counts[k] += !strcmp(x->status, names[k]);
			printf("%s:%lld:%lld: %s: '%s.%s' %s%s%s\n", x->file, (long long)x->line,
			       (long long)x->column, warn ? "warning" : "note", x->type, x->member,
			       x->status, x->reason ? ": " : "", x->reason ? x->reason : "");
		}
		{
			size_t k;
			json_t *v;

			json_array_foreach(r->s.result.incomplete, k, v)
				printf("%s: error: not fully scanned: %s [incomplete]\n",
				       str(v, "file"), str(v, "reason"));
		}
		if (!r->o->quiet)
			printf("lockptr: %zu migrated, %zu rolled back, %zu refused, %zu unchanged\n",
			       counts[0], counts[1], counts[2], counts[3]);
	} else {
		json_t *units = json_array(), *doc;

		for (size_t i = 0; i < r->nres; i++) {
			struct result *x = &r->res[i];
			json_t *files = json_array();

			for (size_t k = 0; k < x->files.n; k++)
				json_array_append_new(files, json_string(x->files.v[k]));
			json_array_append_new(units, json_pack("{s:s, s:s, s:s, s:s?, s:o}", "type",
							       x->type, "member", x->member,
							       "status", x->status, "reason",
							       x->reason, "files", files));
		}
		doc = json_pack("{s:i, s:o}", "version", 1, "units", units);
		if (json_array_size(r->s.result.incomplete))
			json_object_set(doc, "incomplete", r->s.result.incomplete);
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(doc);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_USAGE, "writing the report:");
}

/* A unified diff, coloured as git colours one when asked to. */
static void print_diff(const char *text, int color)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		const char *on = !color ? NULL
				 : !strncmp(p, "+++ ", 4) || !strncmp(p, "--- ", 4) ? "\033[1m"
				 : p[0] == '+' ? "\033[32m" : p[0] == '-' ? "\033[31m"
				 : !strncmp(p, "@@", 2) ? "\033[36m" : NULL;

		if (on)
			printf("%s%.*s\033[m\n", on, (int)n, p);
		else
			printf("%.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p) < 0 ? 0 : 0;
}

static void rm_tree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int copy_file(const char *from, const char *to)
{
	struct buf b = { 0 };
	struct stat st;
	char err[512];
	char *dir = dir_of(to);
	int rc;

	/* Make the parent directories. */
	for (char *p = dir + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
	}
	mkdir(dir, 0700);
	free(dir);
	if (read_file(from, &b) < 0 || stat(from, &st) < 0) {
		buf_free(&b);
		return -1;
	}
	rc = atomic_write(to, b.data, b.len, st.st_mode, err, sizeof(err));
	buf_free(&b);
	return rc;
}

static int migrate(const struct options *o, enum mode mode)
{
	struct run r = { .o = o, .mode = mode };
	char err[1024], *mirror = NULL, *cwd = NULL;
	struct selection sel;
	size_t i;
	int rc = EXIT_CLEAN;

	if (mode == MODE_APPLY) {
		if (tree_lock(err, sizeof(err)) < 0)
			die(EXIT_USAGE, "%s", err);
		switch (journal_recover(err, sizeof(err))) {
		case -1:
			die(EXIT_USAGE, "recovering the interrupted run: %s", err);
		case 1:
			if (!o->quiet)
				warn("an interrupted run was rolled back from .lockptr/journal");
		}
	}
	{
		long long t0 = now_ms();
		const struct unit all = { .type = "(all)", .member = "scan" };

		scan_run(&r.s, o);
		profile(&all, "scan", t0, r.s.files.n);
	}
	selection(&r, 1, &sel);
	if (o->compdb && compdb_load(o->compdb, &r.db, err, sizeof(err)) < 0)
		die(EXIT_USAGE, "-p %s", err);
	if (mode == MODE_DIFF) {
		/* A private copy of the scanned files, same relative paths. */
		cwd = getcwd(NULL, 0);
		mirror = tmpdir_file("tree");
		if (!cwd || mkdir(mirror, 0700) < 0)
			die(EXIT_USAGE, "%s:", mirror);
		for (size_t k = 0; k < r.s.files.n; k++) {
			const char *p = r.s.files.v[k].path;
			char *to;

			if (p[0] == '/' || !strncmp(p, "../", 3))
				continue;
			to = xasprintf("%s/%s", mirror, p);
			if (copy_file(p, to) < 0)
				die(EXIT_USAGE, "%s: cannot copy for the dry run:", p);
			free(to);
		}
		if (chdir(mirror) < 0)
			die(EXIT_USAGE, "%s:", mirror);
		if (r.db)
			compdb_set_alias(r.db, mirror, cwd);
	}
	detect_init(&r.d, o, r.db, &r.s.files);
	r.res = xcalloc(sel.n + 1, sizeof(*r.res));
	for (i = 0; i < sel.n; i++) {
		const struct unit *u = sel.v[i];
		struct result *x = &r.res[r.nres++];

		x->type = xstrdup(u->type);
		x->member = xstrdup(u->member);
		x->file = xstrdup(u->file);
		x->line = u->line;
		x->column = u->column;
		if (u->refused)
			result_set(x, "refused", xstrdup(u->refused));
		else
			migrate_unit(&r, u, x);
	}
	if (mode == MODE_DIFF) {
		int color = o->color == WHEN_ALWAYS || (o->color == WHEN_AUTO && isatty(1));

		if (chdir(cwd) < 0)
			die(EXIT_USAGE, "%s:", cwd);
		if (r.written.n > 1)
			qsort(r.written.v, r.written.n, sizeof(char *), cmp_path);
		for (size_t k = 0; k < r.written.n; k++) {
			const char *p = r.written.v[k];
			char *la = xasprintf("a/%s", p), *lb = xasprintf("b/%s", p);
			char *mp = xasprintf("%s/%s", mirror, p);
			struct stat st;
			int created = stat(p, &st) < 0;
			char *argv[] = { "diff", "-u", "--label", created ? "/dev/null" : la,
					 "--label", lb, created ? "/dev/null" : (char *)p, mp, NULL };
			struct job j = { .argv = argv };

			if (created && stat(mp, &st) < 0) {
				/* Made, then rolled back with its unit. */
				free(la);
				free(lb);
				free(mp);
				continue;
			}
			spawn_one(&j, 0);
			if (j.status == 1 && j.out.data) {
				print_diff(j.out.data, color);
				rc = EXIT_FINDINGS;
			} else if (j.status > 1) {
				die(EXIT_USAGE, "diff %s: %s", p, j.err.data ? j.err.data : "failed");
			}
			buf_free(&j.out);
			buf_free(&j.err);
			free(la);
			free(lb);
			free(mp);
		}
		if (fflush(stdout) != 0 || ferror(stdout))
			die(EXIT_USAGE, "writing the diff:");
		if (!o->quiet)
			for (i = 0; i < r.nres; i++)
				if (strcmp(r.res[i].status, "migrated"))
					fprintf(stderr, "lockptr: %s:%lld:%lld: '%s.%s' %s%s%s\n",
						r.res[i].file, (long long)r.res[i].line,
						(long long)r.res[i].column, r.res[i].type,
						r.res[i].member, r.res[i].status,
						r.res[i].reason ? ": " : "",
						r.res[i].reason ? r.res[i].reason : "");
		if (!o->quiet) {
			json_t *v;

			json_array_foreach(r.s.result.incomplete, i, v)
				fprintf(stderr, "lockptr: %s: not fully scanned: %s\n",
					str(v, "file"), str(v, "reason"));
		}
		rm_tree(mirror);
	} else {
		print_results(&r);
		for (i = 0; i < r.nres; i++)
			if (strcmp(r.res[i].status, "migrated") && strcmp(r.res[i].status, "unchanged"))
				rc = EXIT_FINDINGS;
	}
	if (json_array_size(r.s.result.incomplete))
		rc = EXIT_INCOMPLETE;
	for (i = 0; i < r.nres; i++) {
		free(r.res[i].type);
		free(r.res[i].member);
		free(r.res[i].status);
		free(r.res[i].reason);
		free(r.res[i].file);
		strvec_free(&r.res[i].files);
	}
	free(r.res);
	strvec_free(&r.written);
	known_clear(&r);
	includes_free(&r.inc);
	free(sel.v);
	detect_free(&r.d);
	compdb_free(r.db);
	scan_free(&r.s);
	free(mirror);
	free(cwd);
	return rc;
}

int cmd_apply(const struct options *o)
{
	return migrate(o, MODE_APPLY);
}

int cmd_diff(const struct options *o)
{
	/* diff writes nothing in the tree, not even the fact cache. */
	struct options ro = *o;

	ro.cache_readonly = 1;
	return migrate(&ro, MODE_DIFF);
}

int cmd_verify(const struct options *o)
{
	struct run r = { .o = o };
	struct selection sel;
	int rc;

	scan_run(&r.s, o);
	selection(&r, 0, &sel);
	for (size_t i = 0; i < sel.n && o->format == FORMAT_TEXT; i++) {
		const struct unit *u = sel.v[i];

		printf("%s:%lld:%lld: warning: '%s.%s' is still embedded by value%s%s\n",
		       u->file, u->line, u->column, u->type, u->member,
		       u->refused ? "; refused: " : "", u->refused ? u->refused : "");
	}
	if (o->format != FORMAT_TEXT) {
		json_t *units = json_array(), *doc;

		for (size_t i = 0; i < sel.n; i++)
			json_array_append_new(units, report_unit_json(sel.v[i]));
		doc = json_pack("{s:i, s:o, s:O}", "version", 1, "units", units,
				"incomplete", r.s.result.incomplete);
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(doc);
	} else if (!o->quiet) {
		printf("lockptr: %zu selected unit%s still embedded by value\n", sel.n,
		       sel.n == 1 ? "" : "s");
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_USAGE, "writing the report:");
	rc = json_array_size(r.s.result.incomplete) ? EXIT_INCOMPLETE
	     : sel.n ? EXIT_FINDINGS : EXIT_CLEAN;
	free(sel.v);
	scan_free(&r.s);
	return rc;
}
