#define _GNU_SOURCE
#include "defs.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static long long num(json_t *o, const char *k)
{
	return (long long)json_integer_value(json_object_get(o, k));
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && !strcmp(s + n - k, tail);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void set_free(void *p)
{
	strset_clear(p);
	free(p);
}

static void map_free(void *p)
{
	strmap_clear(p, set_free);
	free(p);
}

static void *child(struct strmap *m, const char *key, size_t size)
{
	void *v = strmap_get(m, key);

	if (!v) {
		v = xcalloc(1, size);
		strmap_put(m, key, v);
	}
	return v;
}

/* A file's definition of a type: its members, in the order of their
 * places; each place counts once (a header read for several files gives
 * its facts more than once). */
static char *signature(struct strset *members)
{
	struct strvec v = { 0 };
	struct strmap_entry *e;
	struct buf b = { 0 };

	strset_foreach(members, e)
		strvec_push(&v, e->key);
	qsort(v.v, v.n, sizeof(*v.v), cmp_str);
	for (size_t i = 0; i < v.n; i++)
		buf_puts(&b, strchr(v.v[i], '\t') + 1);
	strvec_free(&v);
	if (!b.data)
		buf_puts(&b, "");
	return b.data;
}

static int cmp_def(const void *a, const void *b)
{
	const struct definition *x = a, *y = b;
	int c = strcmp(x->type, y->type);

	return c ? c : strcmp(x->files.v[0], y->files.v[0]);
}

/* The definitions of one type, from its files' signatures: one per
 * different signature, when there are several. */
static void add_type(struct model *m, const char *type, struct strmap *files)
{
	struct strmap groups = { 0 };   /* signature -> (struct strvec *) files */
	struct strmap_entry *e;

	strmap_foreach(files, e) {
		char *sig = signature(e->value);

		strvec_push(child(&groups, sig, sizeof(struct strvec)), e->key);
		free(sig);
	}
	if (groups.n > 1) {
		strmap_foreach(&groups, e) {
			struct definition *d;

			m->defs = xrealloc(m->defs, (m->ndefs + 1) * sizeof(*m->defs));
			d = &m->defs[m->ndefs++];
			d->type = xstrdup(type);
			d->files = *(struct strvec *)e->value;
			qsort(d->files.v, d->files.n, sizeof(*d->files.v), cmp_str);
			free(e->value);
			e->value = NULL;
		}
	}
	strmap_foreach(&groups, e)
		if (e->value) {
			strvec_free(e->value);
			free(e->value);
		}
	strmap_clear(&groups, NULL);
}

void defs_find(struct model *m, json_t *facts)
{
	struct strmap types = { 0 };    /* type -> file -> (struct strset *) members */
	struct strmap_entry *e;
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f) {
		long long line, col;
		char *key;

		if (strcmp(str(f, "k"), "def"))
			continue;
		line = json_object_get(f, "mline") ? num(f, "mline") : num(f, "line");
		col = json_object_get(f, "mline") ? num(f, "mcol") : num(f, "col");
		key = xasprintf("%010lld %010lld\t%s %s;", line, col, str(f, "member"),
				str(f, "mtype"));
		strset_add(child(child(&types, model_canon(m, str(f, "type")), sizeof(struct strmap)),
				 str(f, "file"), sizeof(struct strset)), key);
		free(key);
	}
	strmap_foreach(&types, e)
		add_type(m, e->key, e->value);
	strmap_clear(&types, map_free);
	if (m->ndefs > 1)
		qsort(m->defs, m->ndefs, sizeof(*m->defs), cmp_def);
	for (i = 0; i < m->nunits; i++) {
		size_t n;
		const struct definition *d = defs_of(m, m->units[i].type, &n);

		for (size_t k = 0; k < n && !m->units[i].def; k++)
			if (strvec_has(&d[k].files, m->units[i].file))
				m->units[i].def = xstrdup(d[k].files.v[0]);
	}
}

void defs_free(struct model *m)
{
	for (size_t i = 0; i < m->ndefs; i++) {
		free(m->defs[i].type);
		strvec_free(&m->defs[i].files);
	}
	free(m->defs);
	m->defs = NULL;
	m->ndefs = 0;
}

const struct definition *defs_of(const struct model *m, const char *type, size_t *n)
{
	size_t i = 0;

	while (i < m->ndefs && strcmp(m->defs[i].type, type))
		i++;
	*n = 0;
	while (i + *n < m->ndefs && !strcmp(m->defs[i + *n].type, type))
		(*n)++;
	return *n ? &m->defs[i] : NULL;
}

const struct definition *defs_named(const struct model *m, const char *type,
				    const char *name)
{
	size_t n;
	const struct definition *d = defs_of(m, type, &n);

	for (size_t k = 0; name && k < n; k++)
		if (!strcmp(d[k].files.v[0], name))
			return &d[k];
	return NULL;
}

/* Whether file sees definition d: one of its files, or one that includes
 * one of them. */
static int sees(const struct includes *g, const struct definition *d, const char *file)
{
	json_t *targets;
	int r;

	if (strvec_has(&d->files, file))
		return 1;
	targets = json_object();
	for (size_t i = 0; i < d->files.n; i++)
		json_object_set_new(targets, d->files.v[i], json_true());
	r = includes_reach(g, file, targets);
	json_decref(targets);
	return r;
}

enum def_view defs_view(const struct model *m, const struct includes *g,
			const struct unit *u, const char *file)
{
	size_t n;
	const struct definition *d = u->def ? defs_of(m, u->type, &n) : NULL;
	int this = 0, other = 0;

	for (size_t k = 0; d && k < n; k++) {
		if (!sees(g, &d[k], file))
			continue;
		if (!strcmp(d[k].files.v[0], u->def))
			this = 1;
		else
			other = 1;
	}
	return this && other ? DEF_BOTH : this ? DEF_THIS : other ? DEF_OTHER : DEF_NONE;
}

/* Whether definition d has a lock member, or a member of a type that
 * holds one. */
static int holds_lock(const struct model *m, json_t *facts, const struct definition *d)
{
	size_t i;
	json_t *f;

	for (i = 0; i < m->nunits; i++)
		if (m->units[i].def && !strcmp(m->units[i].type, d->type) &&
		    !strcmp(m->units[i].def, d->files.v[0]))
			return 1;
	json_array_foreach(facts, i, f) {
		const char *mt;

		if (strcmp(str(f, "k"), "def") || !strvec_has(&d->files, str(f, "file")) ||
		    strcmp(model_canon(m, str(f, "type")), d->type))
			continue;
		mt = model_canon(m, str(f, "mtype"));
		if (strcmp(mt, d->type) && strmap_has(&m->holds, mt))
			return 1;
	}
	return 0;
}

/* Names the definitions copy c's file sees, of its type and of the types
 * it holds; 0 when c copies only definitions that hold no lock (a test
 * program's own struct of the tag, with no lock in it). */
static int attribute_copy(const struct model *m, json_t *facts, const struct includes *g,
			  struct copy_site *c)
{
	const char *own = NULL;   /* the one definition of its type it sees */
	int nown = 0, locked = 0;

	for (size_t i = 0; i < m->ndefs; i++) {
		const struct definition *d = &m->defs[i];

		if (!model_holds(m, c->type, d->type) || !sees(g, d, c->file))
			continue;
		strvec_pushf(&c->sees, "%s@%s", d->type, d->files.v[0]);
		if (strcmp(c->type, d->type))
			continue;
		own = d->files.v[0];
		nown++;
		locked |= holds_lock(m, facts, d);
	}
	free(c->def);
	c->def = nown == 1 ? xstrdup(own) : NULL;
	return !nown || locked;
}

json_t *defs_facts(const struct model *m, json_t *facts, const struct includes *g,
		   const struct unit *u)
{
	struct strmap view = { 0 };   /* file -> (intptr_t) its enum def_view + 1 */
	json_t *out = json_array(), *f;
	size_t i;

	json_array_foreach(facts, i, f) {
		const char *file = str(f, "file");
		intptr_t v = (intptr_t)strmap_get(&view, file);

		if (!v) {
			v = (intptr_t)defs_view(m, g, u, file) + 1;
			strmap_put(&view, file, (void *)v);
		}
		if (v - 1 != DEF_OTHER)
			json_array_append(out, f);
	}
	strmap_clear(&view, NULL);
	return out;
}

static void drop_copy(struct model *m, size_t i)
{
	copy_site_clear(&m->copies[i]);
	memmove(&m->copies[i], &m->copies[i + 1], (m->ncopies - i - 1) * sizeof(*m->copies));
	m->ncopies--;
}

void defs_attribute(struct model *m, json_t *facts, const struct options *o,
		    const struct includes *g)
{
	for (size_t i = 0; i < m->ncopies;) {
		struct copy_site *c = &m->copies[i];

		strvec_free(&c->sees);
		if (attribute_copy(m, facts, g, c))
			i++;
		else
			drop_copy(m, i);
	}
	for (size_t i = 0; i < m->nunits; i++) {
		struct unit *u = &m->units[i];
		json_t *mine;

		u->copied = 0;
		for (size_t j = 0; j < m->ncopies; j++)
			u->copied |= defs_copies(m, &m->copies[j], u);
		if (!u->def)
			continue;
		mine = defs_facts(m, facts, g, u);
		free(u->refused);
		u->refused = model_refusal(m, mine, u, o, &u->by_design);
		json_decref(mine);
	}
}

/* The include graph of files, resolved as the detection pass resolves
 * it: next to the including file, in -I directories, in the directories
 * of the headers. */
static void graph(struct includes *g, const struct filelist *files, const struct options *o)
{
	struct strvec dirs = { 0 };

	for (size_t i = 0; i < o->incdirs.n; i++)
		strvec_push(&dirs, o->incdirs.v[i]);
	for (size_t i = 0; i < files->n; i++) {
		const char *p = files->v[i].path, *slash = strrchr(p, '/');
		char *dir;

		if (!files->v[i].header)
			continue;
		dir = slash ? xasprintf("%.*s", (int)(slash - p), p) : xstrdup(".");
		if (!strvec_has(&dirs, dir))
			strvec_push(&dirs, dir);
		free(dir);
	}
	includes_build(g, files, &dirs);
	strvec_free(&dirs);
}

void defs_resolve(struct model *m, json_t *facts, const struct options *o,
		  const struct filelist *files)
{
	struct includes g = { 0 };

	if (!m->ndefs)
		return;
	graph(&g, files, o);
	defs_attribute(m, facts, o, &g);
	includes_free(&g);
}

void defs_resolve_facts(struct model *m, json_t *facts, const struct options *o)
{
	struct filelist fl = { 0 };
	struct strset seen = { 0 };
	size_t i;
	json_t *f;

	if (!m->ndefs)
		return;
	json_array_foreach(facts, i, f) {
		const char *file = str(f, "file");

		if (!strset_add(&seen, file))
			continue;
		fl.v = xrealloc(fl.v, (fl.n + 1) * sizeof(*fl.v));
		memset(&fl.v[fl.n], 0, sizeof(*fl.v));
		fl.v[fl.n].path = xstrdup(file);
		fl.v[fl.n++].header = ends_with(file, ".h");
	}
	fl.cap = fl.n;
	strset_clear(&seen);
	files_add_includes(&fl, &o->incdirs);
	defs_resolve(m, facts, o, &fl);
	files_free(&fl);
}

int defs_copies(const struct model *m, const struct copy_site *c, const struct unit *u)
{
	size_t n = strlen(u->type);
	int any = 0;

	if (!model_holds(m, c->type, u->type))
		return 0;
	if (!u->def)
		return 1;
	for (size_t i = 0; i < c->sees.n; i++) {
		const char *s = c->sees.v[i];

		if (strncmp(s, u->type, n) || s[n] != '@')
			continue;
		any = 1;
		if (!strcmp(s + n + 1, u->def))
			return 1;
	}
	return !any;
}

int defs_same(const struct unit *u, const struct unit *v)
{
	return u->def && v->def ? !strcmp(u->def, v->def) : u->def == v->def;
}

/* Whether "struct T {" (or "union T {") starts on a line of file after
 * from and before to: a second definition of the tag in one file, one
 * per #if branch (zstd's pool.c), that the lines after it see instead. */
int defs_redefined_between(const char *file, const char *type, long from, long to)
{
	struct buf b = { 0 };
	const char *tag = strchr(type, ' ');
	size_t kw = tag ? (size_t)(tag - type) : 0, tlen;
	long line = 1;
	int found = 0;

	if (!tag || (strncmp(type, "struct", kw) && strncmp(type, "union", kw)) ||
	    read_file(file, &b) < 0 || !b.data) {
		buf_free(&b);
		return 0;
	}
	tag++;
	tlen = strlen(tag);
	for (const char *p = b.data; *p && line < to && !found; p++) {
		const char *q = p + kw;

		if (*p == '\n') {
			line++;
			continue;
		}
		if (line <= from || strncmp(p, type, kw) || (p > b.data && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) ||
		    !isspace((unsigned char)*q))
			continue;
		while (isspace((unsigned char)*q))
			q++;
		if (strncmp(q, tag, tlen) || isalnum((unsigned char)q[tlen]) || q[tlen] == '_')
			continue;
		for (q += tlen; isspace((unsigned char)*q); q++)
			;
		found = *q == '{';
	}
	buf_free(&b);
	return found;
}
