#define _GNU_SOURCE
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "probecache.h"
#include "proc.h"

/* Lexes one line: returns whether it ends inside a block comment;
 * *code (if not NULL) gets whether it holds a token outside comments.
 * in_comment: whether it starts inside one. */
static int lex_line(const char *l, size_t n, int in_comment, int *code)
{
	int tokens = 0;

	for (size_t i = 0; i < n; i++) {
		if (in_comment) {
			if (l[i] == '*' && i + 1 < n && l[i + 1] == '/') {
				in_comment = 0;
				i++;
			}
		} else if (l[i] == '/' && i + 1 < n && l[i + 1] == '*') {
			in_comment = 1;
			i++;
		} else if (l[i] == '/' && i + 1 < n && l[i + 1] == '/') {
			break;
		} else if (l[i] == '"' || l[i] == '\'') {
			char q = l[i];

			tokens = 1;
			for (i++; i < n && l[i] != q; i++)
				if (l[i] == '\\')
					i++;
		} else if (!isspace((unsigned char)l[i])) {
			tokens = 1;
		}
	}
	if (code)
		*code = tokens;
	return in_comment;
}

static int continued(const char *l, size_t n)
{
	while (n > 0 && l[n - 1] == '\r')
		n--;
	return n > 0 && l[n - 1] == '\\';
}

/* Whether the directive at l (its '#') is one of names. */
static int directive_in(const char *l, size_t n, const char *const *names)
{
	size_t k = 1, w;

	while (k < n && (l[k] == ' ' || l[k] == '\t'))
		k++;
	for (w = k; w < n && isalpha((unsigned char)l[w]); w++)
		;
	for (int i = 0; names[i]; i++)
		if (w - k == strlen(names[i]) && !strncmp(l + k, names[i], w - k))
			return 1;
	return 0;
}

static const char *const conditionals[] = { "if", "ifdef", "ifndef", "elif", "elifdef",
					    "elifndef", "else", "endif", NULL };
/* What cc -E -dD prints of the directives. */
static const char *const printed[] = { "define", "undef", "pragma", NULL };

size_t config_segments(const char *text, size_t len, unsigned *seg, size_t nlines,
		       unsigned char *code)
{
	int in_comment = 0, directive = 0;
	unsigned id = 0;
	size_t line = 1;

	for (size_t i = 0; i < len && line <= nlines; line++) {
		const char *l = text + i, *nl = memchr(l, '\n', len - i);
		size_t n = nl ? (size_t)(nl - l) : len - i, k = 0;

		int has_code, ends = lex_line(l, n, in_comment, &has_code);

		while (k < n && (l[k] == ' ' || l[k] == '\t'))
			k++;
		if (!directive && !in_comment && k < n && l[k] == '#') {
			directive = 1;
			/* A conditional ends one group and starts the next. */
			if (directive_in(l + k, n - k, conditionals))
				id++;
		}
		seg[line] = id;
		/* cc -E -dD prints a line's tokens, and the #define, #undef and
		 * #pragma lines it runs; a group of other directives only gives
		 * it nothing to print: nothing can tell if it is compiled. */
		if (code && (directive ? k < n && l[k] == '#' && directive_in(l + k, n - k, printed)
				       : has_code))
			code[id / 8] |= (unsigned char)(1u << (id % 8));
		if (directive && k < n && l[k] == '#' && directive_in(l + k, n - k, conditionals))
			id++;
		in_comment = ends;
		directive = directive && continued(l, n);
		i += n + 1;
	}
	for (; line <= nlines; line++)
		seg[line] = id;
	return (size_t)id + 1;
}

struct config {
	const struct filelist *files;
	size_t *nlines;
	unsigned **seg;            /* per file, per line: its group of lines */
	unsigned char **code;      /* per file: a bit per group with a token */
	size_t *nseg;
	int *reached, *failed_own; /* per file */
	int *has_entry;            /* per file: it is an entry's own file */
	int any_failed;
	/* per entry, per file: a bit per group the entry compiles (NULL: the
	 * entry reaches none of the file) */
	unsigned char ***by_entry;
	size_t nentries;
	json_t *index;             /* path as scanned -> index in files */
	json_t *real_index;        /* realpath -> index */
	json_t *seen_paths;        /* a path as cc spells it -> index or -1 */
};

static int bit(const unsigned char *bits, size_t i)
{
	return bits && (bits[i / 8] >> (i % 8)) & 1;
}

static void set_bit(unsigned char *bits, size_t i)
{
	bits[i / 8] |= (unsigned char)(1u << (i % 8));
}

/* The scanned file that a path in cc's line markers names, or SIZE_MAX. */
static size_t marker_file(struct config *p, const char *path, size_t n)
{
	char *spelled = strndup(path, n), *real;
	json_t *at = spelled ? json_object_get(p->seen_paths, spelled) : NULL;
	json_int_t v;

	if (!spelled)
		return SIZE_MAX;
	if (!at) {
		real = realpath(spelled, NULL);
		at = real ? json_object_get(p->real_index, real) : NULL;
		v = at ? json_integer_value(at) : -1;
		json_object_set_new(p->seen_paths, spelled, json_integer(v));
		free(real);
	} else {
		v = json_integer_value(at);
	}
	free(spelled);
	return v < 0 ? SIZE_MAX : (size_t)v;
}

/* Entry e's runs of lines with a token (probecache.h): each marks its
 * group of lines as compiled; filtered (if not NULL) gets those of the
 * scanned files, the ones a cache entry keeps. */
static void mark_runs(struct config *p, size_t e, const struct probe_runs *r,
		      struct probe_runs *filtered)
{
	for (size_t i = 0; i < r->n; i++) {
		const char *name = r->files.v[r->v[i].file];
		size_t file = marker_file(p, name, strlen(name));

		if (file == SIZE_MAX)
			continue;
		if (filtered)
			probe_runs_add(filtered, name, r->v[i].line, r->v[i].count);
		for (unsigned long line = r->v[i].line; line < r->v[i].line + r->v[i].count &&
							line <= p->nlines[file]; line++) {
			if (!p->by_entry[e][file])
				p->by_entry[e][file] = xcalloc(p->nseg[file] / 8 + 1, 1);
			set_bit(p->by_entry[e][file], p->seg[file][line]);
			p->reached[file] = 1;
		}
	}
}

struct run_ctx {
	struct config *p;
	size_t *own;   /* per entry: its scanned file, or SIZE_MAX */
	struct probe_cache *cache;
	struct strvec *argvs;
};

static void on_done(struct job *j, void *vctx)
{
	struct run_ctx *c = vctx;
	size_t e = (size_t)(uintptr_t)j->data;

	if (j->status != 0 || j->timed_out) {
		c->p->any_failed = 1;
		if (c->own[e] != SIZE_MAX)
			c->p->failed_own[c->own[e]] = 1;
	} else {
		struct probe_runs all = { 0 }, kept = { 0 };

		probe_runs_parse(j->out.data ? j->out.data : "", &all);
		mark_runs(c->p, e, &all, &kept);
		probe_cache_put(c->cache, c->argvs[e].v, &kept, &all.files,
				j->err.data ? j->err.data : "");
		probe_runs_free(&all);
		probe_runs_free(&kept);
	}
	buf_free(&j->out);
	buf_free(&j->err);
}

/* cc -E of entry i, with the flags verification compiles it with. */
static void entry_argv(struct config *p, const struct compdb *db, size_t i,
		       const struct options *o, struct strvec *av, size_t *own)
{
	const struct strvec *inc, *defs, *extra;
	const char *src = compdb_entry(db, i, &inc, &defs, &extra);
	const char *cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
	const char *slash = strrchr(src, '/');
	char *real = realpath(src, NULL);
	json_t *at = real ? json_object_get(p->real_index, real) : NULL;

	*own = at ? (size_t)json_integer_value(at) : SIZE_MAX;
	free(real);
	strvec_push(av, cc);
	strvec_push(av, "-E");
	/* #define, #undef and #pragma lines come out too: a group of
	 * directives is judged by them. */
	strvec_push(av, "-dD");
	/* The search list on stderr: what a cached output depends on. */
	strvec_push(av, "-v");
	strvec_push(av, "-w");
	if (slash)
		strvec_pushf(av, "-I%.*s", (int)(slash - src), src);
	for (size_t k = 0; k < inc->n; k++)
		strvec_pushf(av, "-I%s", inc->v[k]);
	for (size_t k = 0; k < defs->n; k++)
		strvec_pushf(av, "-D%s", defs->v[k]);
	for (size_t k = 0; k < extra->n; k++)
		if (!compdb_warning_flag(extra->v[k]) || !strcmp(extra->v[k], "-ansi"))
			strvec_push(av, extra->v[k]);
	for (size_t k = 0; k < o->incdirs.n; k++)
		strvec_pushf(av, "-I%s", o->incdirs.v[k]);
	for (size_t k = 0; k < o->defines.n; k++)
		strvec_pushf(av, "-D%s", o->defines.v[k]);
	strvec_push(av, src);
}

static void read_files(struct config *p)
{
	size_t n = p->files->n;

	p->nlines = xcalloc(n + 1, sizeof(*p->nlines));
	p->seg = xcalloc(n + 1, sizeof(*p->seg));
	p->code = xcalloc(n + 1, sizeof(*p->code));
	p->nseg = xcalloc(n + 1, sizeof(*p->nseg));
	p->reached = xcalloc(n + 1, sizeof(*p->reached));
	p->failed_own = xcalloc(n + 1, sizeof(*p->failed_own));
	p->has_entry = xcalloc(n + 1, sizeof(*p->has_entry));
	p->index = json_object();
	p->real_index = json_object();
	p->seen_paths = json_object();
	for (size_t i = 0; i < n; i++) {
		const struct srcfile *f = &p->files->v[i];
		struct buf text = { 0 };
		char *real;

		json_object_set_new(p->index, f->path, json_integer((json_int_t)i));
		if (f->binary || f->unreadable || !(real = realpath(f->path, NULL)))
			continue;
		if (read_file(f->path, &text) == 0) {
			json_object_set_new(p->real_index, real, json_integer((json_int_t)i));
			p->nlines[i] = 1;
			for (size_t k = 0; k < text.len; k++)
				p->nlines[i] += text.data[k] == '\n';
			p->seg[i] = xcalloc(p->nlines[i] + 1, sizeof(**p->seg));
			/* At most a group per line, and one more. */
			p->code[i] = xcalloc(p->nlines[i] / 8 + 2, 1);
			p->nseg[i] = config_segments(text.data ? text.data : "", text.len,
						     p->seg[i], p->nlines[i], p->code[i]);
		}
		buf_free(&text);
		free(real);
	}
}

/* What the cache key holds of the scanned files: the runs an entry keeps
 * are theirs. */
static char *scanned_salt(const struct config *p)
{
	struct buf b = { 0 };
	const char *key;
	json_t *v;

	json_object_foreach(p->real_index, key, v)
		buf_printf(&b, "%s\n", key);
	return b.data ? b.data : xstrdup("");
}

struct config *config_probe(const struct compdb *db, const struct options *o,
			    const struct filelist *files)
{
	struct config *p = xcalloc(1, sizeof(*p));
	size_t n = compdb_size(db), i, njobs = 0;
	struct job *jobs = xcalloc(n ? n : 1, sizeof(*jobs));
	struct strvec *argvs = xcalloc(n ? n : 1, sizeof(*argvs));
	size_t *own = xcalloc(n ? n : 1, sizeof(*own));
	struct run_ctx c = { p, own, NULL, argvs };
	char *salt;

	p->files = files;
	p->nentries = n;
	p->by_entry = xcalloc(n ? n : 1, sizeof(*p->by_entry));
	for (i = 0; i < n; i++)
		p->by_entry[i] = xcalloc(files->n + 1, sizeof(**p->by_entry));
	read_files(p);
	salt = scanned_salt(p);
	/* One cache a probe: what it remembers of files holds for this run's
	 * tree only until the tree changes. */
	c.cache = probe_cache_new(!o->no_cache, o->cache_readonly, salt);
	free(salt);
	for (i = 0; i < n; i++) {
		struct probe_runs r = { 0 };

		entry_argv(p, db, i, o, &argvs[i], &own[i]);
		if (own[i] != SIZE_MAX)
			p->has_entry[own[i]] = 1;
		if (probe_cache_get(c.cache, argvs[i].v, &r)) {
			mark_runs(p, i, &r, NULL);
			probe_runs_free(&r);
			continue;
		}
		jobs[njobs].argv = argvs[i].v;
		jobs[njobs++].data = (void *)(uintptr_t)i;
	}
	spawn_run(jobs, njobs, o->jobs, o->timeout, on_done, &c);
	probe_cache_free(c.cache);
	for (i = 0; i < n; i++)
		strvec_free(&argvs[i]);
	free(argvs);
	free(jobs);
	free(own);
	return p;
}

static size_t index_of(const struct config *p, const char *file)
{
	json_t *at = file ? json_object_get(p->index, file) : NULL;

	return at ? (size_t)json_integer_value(at) : SIZE_MAX;
}

static long fact_line(json_t *f)
{
	return (long)json_integer_value(json_object_get(f, "line"));
}

/* Whether entry e compiles line of file i (a group without tokens:
 * whether e reaches the file). */
static int entry_has(const struct config *p, size_t e, size_t i, long line)
{
	if (line < 1 || (size_t)line > p->nlines[i])
		return 0;
	if (!bit(p->code[i], p->seg[i][line]))
		return p->by_entry[e][i] != NULL;
	return bit(p->by_entry[e][i], p->seg[i][line]);
}

/* Whether some entry compiles line of file i, or none can tell. */
/* A .c file that is no entry's own and that no entry reached: outside
 * the build even when some entry failed (a failing entry does not
 * #include a .c file). */
static int unbuilt_source(const struct config *p, size_t i)
{
	return !p->files->v[i].header && !p->has_entry[i] && !p->reached[i];
}

int config_unbuilt(const struct config *p, size_t i)
{
	return i < p->files->n && p->seg[i] && unbuilt_source(p, i);
}

static int compiled(const struct config *p, size_t i, long line)
{
	if (i == SIZE_MAX || !p->seg[i] || p->failed_own[i] || line < 1 ||
	    (size_t)line > p->nlines[i])
		return 1;
	if (!p->reached[i])
		return p->any_failed && !unbuilt_source(p, i);
	for (size_t e = 0; e < p->nentries; e++)
		if (entry_has(p, e, i, line))
			return 1;
	return 0;
}

/* Keeps the facts (in order) for which keep() says so. */
static void keep_facts(json_t *facts, int (*keep)(const struct config *, json_t *, const void *),
		       const struct config *p, const void *arg)
{
	size_t i, kept = 0;
	json_t *f;

	json_array_foreach(facts, i, f)
		if (keep(p, f, arg))
			json_array_set(facts, kept++, f);
	while (json_array_size(facts) > kept)
		json_array_remove(facts, json_array_size(facts) - 1);
}

static int on_compiled_line(const struct config *p, json_t *f, const void *arg)
{
	(void)arg;
	return compiled(p, index_of(p, json_string_value(json_object_get(f, "file"))),
			fact_line(f));
}

void config_filter_lines(const struct config *p, json_t *facts, json_t *not_built)
{
	keep_facts(facts, on_compiled_line, p, NULL);
	for (size_t i = 0; i < p->files->n; i++)
		if (p->seg[i] && !p->reached[i] && (!p->any_failed || unbuilt_source(p, i)))
			json_array_append_new(not_built, json_string(p->files->v[i].path));
}

int config_together(const struct config *p, const char *file1, long line1, const char *file2,
		    long line2)
{
	size_t a = index_of(p, file1), b = index_of(p, file2);

	/* What no entry could tell is not judged. */
	if (a == SIZE_MAX || b == SIZE_MAX || !p->seg[a] || !p->seg[b] || !p->reached[a] ||
	    !p->reached[b] || p->failed_own[a] || p->failed_own[b])
		return 1;
	for (size_t e = 0; e < p->nentries; e++)
		if (entry_has(p, e, a, line1) && entry_has(p, e, b, line2))
			return 1;
	return 0;
}

struct copies_ctx {
	const struct model *m;
	json_t *typedefs;   /* name -> [typedef facts of that name] */
};

/* Whether some configuration that compiles line of file defines the type
 * name spelled (a typedef or macro alias) as a value, not a pointer: zstd's
 * ZSTD_pthread_mutex_t is pthread_mutex_t in one build, a pointer in
 * another. 1 when name has no such definitions to judge by. */
static int value_alias(const struct config *p, json_t *typedefs, const char *name,
		       const char *file, long line)
{
	json_t *defs = json_object_get(typedefs, name), *d;
	size_t i;

	if (!json_array_size(defs))
		return 1;
	json_array_foreach(defs, i, d) {
		const char *of = json_string_value(json_object_get(d, "of"));

		if (of && !strchr(of, '*') &&
		    config_together(p, file, line, json_string_value(json_object_get(d, "file")),
				    fact_line(d)))
			return 1;
	}
	return 0;
}

/* A copy of a type is a copy of a lock in the configurations that compile
 * both the copy and one of the lock members the type holds, and spell the
 * copied type as a value. */
static int copies_a_lock(const struct config *p, json_t *f, const void *arg)
{
	const struct copies_ctx *c = arg;
	const struct model *m = c->m;
	const char *type = json_string_value(json_object_get(f, "type"));
	const char *k = json_string_value(json_object_get(f, "k"));
	const char *file = json_string_value(json_object_get(f, "file"));
	int held = 0;

	/* A member spelled with an alias is a lock member only where the
	 * alias is a value too. */
	if (k && !strcmp(k, "member") && json_string_value(json_object_get(f, "mtype")))
		return value_alias(p, c->typedefs, json_string_value(json_object_get(f, "mtype")),
				   file, fact_line(f));
	if (!type || !k || strcmp(k, "copy"))
		return 1;
	if (!value_alias(p, c->typedefs, type, file, fact_line(f)))
		return 0;
	type = model_canon(m, type);
	for (size_t i = 0; i < m->nunits; i++) {
		const struct unit *u = &m->units[i];

		if (!model_holds(m, type, u->type))
			continue;
		held = 1;
		if (config_together(p, file, fact_line(f), u->file, (long)u->line))
			return 1;
	}
	return !held;
}

void config_filter_copies(const struct config *p, const struct model *m, json_t *facts)
{
	struct copies_ctx c = { m, json_object() };
	size_t i;
	json_t *f;

	json_array_foreach(facts, i, f) {
		const char *k = json_string_value(json_object_get(f, "k"));
		const char *name = json_string_value(json_object_get(f, "name"));
		json_t *list;

		if (!k || strcmp(k, "typedef") || !name)
			continue;
		if (!(list = json_object_get(c.typedefs, name)))
			json_object_set_new(c.typedefs, name, list = json_array());
		json_array_append(list, f);
	}
	keep_facts(facts, copies_a_lock, p, &c);
	json_decref(c.typedefs);
}

void config_free(struct config *p)
{
	if (!p)
		return;
	for (size_t e = 0; e < p->nentries; e++) {
		for (size_t i = 0; i < p->files->n; i++)
			free(p->by_entry[e][i]);
		free(p->by_entry[e]);
	}
	free(p->by_entry);
	for (size_t i = 0; i < p->files->n; i++) {
		free(p->seg[i]);
		free(p->code[i]);
	}
	free(p->seg);
	free(p->code);
	free(p->nseg);
	free(p->nlines);
	free(p->reached);
	free(p->failed_own);
	free(p->has_entry);
	json_decref(p->index);
	json_decref(p->real_index);
	json_decref(p->seen_paths);
	free(p);
}
