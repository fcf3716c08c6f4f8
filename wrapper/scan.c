#define _GNU_SOURCE
#include "scan.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "compdb.h"
#include "config.h"
#include "defs.h"
#include "macrocall.h"
#include "rescue.h"
#include "detect.h"
#include "exclude.h"
#include "keep.h"
#include "macros.h"
#include "opaque.h"
#include "proc.h"
#include "schema.h"

/* A facts file of a big tree is tens of MiB; more is no facts file. */
#define MERGE_MAX_FILE ((size_t)256 << 20)

static int cmp_fact(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	char *sx = json_dumps(x, JSON_SORT_KEYS | JSON_COMPACT);
	char *sy = json_dumps(y, JSON_SORT_KEYS | JSON_COMPACT);
	int c = strcmp(sx ? sx : "", sy ? sy : "");

	free(sx);
	free(sy);
	return c;
}

/* Facts arrive in the order processes end; sort them so that every result
 * is the same whatever -j and the machine's load. */
static json_t *sort_facts(json_t *facts)
{
	size_t n = json_array_size(facts);
	json_t **v = xcalloc(n, sizeof(*v));
	json_t *out = json_array();

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(facts, i);
	qsort(v, n, sizeof(*v), cmp_fact);
	for (size_t i = 0; i < n; i++)
		json_array_append(out, v[i]);
	free(v);
	json_decref(facts);
	return out;
}

static int cmp_incomplete(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(json_string_value(json_object_get(x, "file")),
		       json_string_value(json_object_get(y, "file")));

	return c ? c : strcmp(json_string_value(json_object_get(x, "reason")),
			      json_string_value(json_object_get(y, "reason")));
}

static json_t *sort_by_file(json_t *arr)
{
	size_t n = json_array_size(arr);
	json_t **v = xcalloc(n, sizeof(*v));
	json_t *out = json_array();

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(arr, i);
	qsort(v, n, sizeof(*v), cmp_incomplete);
	/* A header's parse errors show in the run of every file that
	 * includes it: once per file is enough. */
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(json_string_value(json_object_get(v[i - 1], "file")),
				     json_string_value(json_object_get(v[i], "file"))))
			json_array_append(out, v[i]);
	free(v);
	json_decref(arr);
	return out;
}

/* A shard keeps every header (each shard must know every type; the merge
 * drops the duplicate facts) and its share of the .c files, chosen by a
 * hash of the path so that every machine agrees. */
static void keep_shard(struct filelist *fl, int shard, int nshards)
{
	size_t w = 0;

	for (size_t i = 0; i < fl->n; i++) {
		unsigned char md[32];
		unsigned int len = 0, h;

		EVP_Digest(fl->v[i].path, strlen(fl->v[i].path), md, &len, EVP_sha256(), NULL);
		h = ((unsigned)md[0] << 24 | (unsigned)md[1] << 16 | (unsigned)md[2] << 8 | md[3]);
		if (fl->v[i].header || h % (unsigned)nshards == (unsigned)shard)
			fl->v[w++] = fl->v[i];
		else
			free(fl->v[i].path);
	}
	fl->n = w;
}

/* Whether text names w as a word (not inside a longer identifier) at
 * some place; with kw ("struct", "union"), only right after that
 * keyword. */
static int names_word(const char *text, const char *w, const char *kw)
{
	size_t n = strlen(w);

	for (const char *p = strstr(text, w); p && *w; p = strstr(p + 1, w)) {
		const char *q = p;

		if ((p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) ||
		    isalnum((unsigned char)p[n]) || p[n] == '_')
			continue;
		if (!kw)
			return 1;
		while (q > text && isspace((unsigned char)q[-1]))
			q--;
		if (q < p && (size_t)(q - text) >= strlen(kw) &&
		    !strncmp(q - strlen(kw), kw, strlen(kw)) &&
		    (q - strlen(kw) == text || !(isalnum((unsigned char)q[-strlen(kw) - 1]) ||
						 q[-strlen(kw) - 1] == '_')))
			return 1;
	}
	return 0;
}

/* Whether text names one spelling of type: struct/union tag, typedef name. */
static int names_spelling(const char *text, const char *type)
{
	if (!strncmp(type, "struct ", 7))
		return names_word(text, type + 7, "struct");
	if (!strncmp(type, "union ", 6))
		return names_word(text, type + 6, "union");
	return names_word(text, type, NULL);
}

/* Whether text names type, one of its typedef aliases or a type that
 * holds it: a file where an object of type could be initialised. */
static int names_type(const struct model *m, const char *text, const char *type)
{
	const struct strmap_entry *e;

	if (names_spelling(text, type))
		return 1;
	strmap_foreach(&m->alias, e)
		if (!strcmp(model_canon(m, e->key), type) && names_spelling(text, e->key))
			return 1;
	/* contains is transitive: every holder is a key of its own. */
	strmap_foreach(&m->contains, e) {
		const struct strmap_entry *a;

		if (!strcmp(e->key, type) || !model_holds(m, e->key, type))
			continue;
		if (names_spelling(text, e->key))
			return 1;
		strmap_foreach(&m->alias, a)
			if (!strcmp(model_canon(m, a->key), e->key) && names_spelling(text, a->key))
				return 1;
	}
	return 0;
}

/* Whether text uses member leaf: "->leaf" or ".leaf", as a whole name. */
static int names_member(const char *text, const char *leaf)
{
	size_t n = strlen(leaf);

	for (const char *p = strstr(text, leaf); p && n; p = strstr(p + 1, leaf)) {
		const char *q = p;

		if (isalnum((unsigned char)p[n]) || p[n] == '_')
			continue;
		while (q > text && isspace((unsigned char)q[-1]))
			q--;
		if ((q > text && q[-1] == '.') || (q - text >= 2 && q[-1] == '>' && q[-2] == '-'))
			return 1;
	}
	return 0;
}

/* Whether a macro body designates member leaf with a lock's static
 * initializer: ".leaf = PTHREAD_..._INITIALIZER...". */
static int lock_init_of(const char *body, const char *leaf)
{
	static const char idchars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
	size_t n = strlen(leaf);

	for (const char *p = strchr(body, '.'); p; p = strchr(p + 1, '.')) {
		const char *q = p + 1;
		size_t w;

		while (*q == ' ' || *q == '\t')
			q++;
		if (strncmp(q, leaf, n) || strchr(idchars, q[n]) != NULL)
			continue;
		q += n;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q++ != '=')
			continue;
		while (isspace((unsigned char)*q) || *q == '\\')
			q++;
		w = strspn(q, idchars);
		if (!strncmp(q, "PTHREAD_", 8) && memmem(q, w, "INITIALIZER", 11))
			return 1;
	}
	return 0;
}

/* A unit refused for want of an init whose lock a macro initializes
 * (#define Q_INITIALIZER { ._mutex = PTHREAD_MUTEX_INITIALIZER }, used
 * in static initializers): spatch does not see into macro bodies, so the
 * scan found no initializer; the reason says where it is and why that
 * stops the migration, not that the lock relies on zeroed memory. */
static void hint_macro_init(struct model *m, const struct filelist *files)
{
	for (size_t i = 0; i < m->nunits; i++) {
		struct unit *u = &m->units[i];
		const char *why = u->refused, *leaf;
		char *hit = NULL;

		if (!why || strncmp(why, "no ", 3) || !strstr(why, "no static initializer"))
			continue;
		leaf = member_leaf(u->member);
		for (size_t k = 0; k < files->n && !hit; k++) {
			const struct srcfile *f = &files->v[k];
			struct buf b = { 0 };
			long line = 1;

			if (f->binary || f->unreadable || read_file(f->path, &b) < 0 || !b.data) {
				buf_free(&b);
				continue;
			}
			for (const char *p = b.data; *p && !hit; line++) {
				size_t n = strcspn(p, "\n");
				const char *d = p, *name;
				size_t len, nlines = 0;
				struct buf body = { 0 };

				while (d < p + n && (*d == ' ' || *d == '\t'))
					d++;
				if (*d == '#') {
					d++;
					while (*d == ' ' || *d == '\t')
						d++;
				}
				if (d == p || strncmp(d, "define", 6) || !isspace((unsigned char)d[6])) {
					p += n + (p[n] == '\n');
					continue;
				}
				/* The body, with its continuation lines. */
				name = d + 7;
				while (*name == ' ' || *name == '\t')
					name++;
				len = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
				for (;;) {
					buf_append(&body, p, n);
					if (!(n && p[n - 1] == '\\') || !p[n])
						break;
					p += n + 1;
					n = strcspn(p, "\n");
					nlines++;
				}
				if (body.data && lock_init_of(body.data, leaf))
					hit = xasprintf("its static initializer is in the body of macro "
							"%.*s (%s:%ld), which lockptr does not rewrite: "
							"not migrated", (int)len, name, f->path, line);
				buf_free(&body);
				line += (long)nlines;
				p += n + (p[n] == '\n');
			}
			buf_free(&b);
		}
		if (hit) {
			free(u->refused);
			u->refused = hit;
		}
	}
}

/* A unit refused for want of an init, while a file spatch could not read
 * in full names the member and its type (or defines it): the init may be
 * in the lines it lost. The reason says so, and how to help spatch. */
static void hint_unparsed(struct model *m, json_t *incomplete)
{
	size_t j;
	json_t *inc;

	for (size_t i = 0; i < m->nunits; i++) {
		struct unit *u = &m->units[i];
		const char *why = u->refused, *member = u->member, *type = u->type;
		const char *ufile = u->file;
		const char *leaf = member ? strrchr(member, '.') : NULL;

		if (!why || strncmp(why, "no ", 3) || !strstr(why, "no static initializer"))
			continue;
		leaf = leaf ? leaf + 1 : member;
		json_array_foreach(incomplete, j, inc) {
			const char *file = json_string_value(json_object_get(inc, "file"));
			struct buf b = { 0 };
			int names;

			if (!file || read_file(file, &b) < 0)
				continue;
			/* Only a file where an object of the type could be
			 * initialised: one that uses the member and names the
			 * type (a whole name: "struct q", not "qq"), an alias or a
			 * type holding it, or defines it. */
			names = b.data && names_member(b.data, leaf) &&
				(!strcmp(file, ufile) || names_type(m, b.data, type));
			buf_free(&b);
			if (names) {
				char *more = xasprintf(
					"%s; %s could not be parsed in full and names '%s': the "
					"init may be in the lines spatch lost (a --macro-file with "
					"the macros there may help)", why, file, leaf);

				free(u->refused);
				u->refused = more;
				break;
			}
		}
	}
}

/* The report's JSON made again from the typed model, after a change to
 * the model's units or copies. */
static void publish(struct scan *s)
{
	json_decref(s->result.units);
	json_decref(s->result.copies);
	json_decref(s->result.conflicts);
	s->result.units = report_units_json(s->model.units, s->model.nunits);
	s->result.copies = report_copies_json(s->model.copies, s->model.ncopies);
	s->result.conflicts = report_conflicts_json(s->model.conflicts, s->model.nconflicts);
	json_decref(s->result.wrappers);
	s->result.wrappers = report_wrappers_json(s->model.wrappers, s->model.nwrappers);
	s->result.incomplete = s->incomplete;
}

static void clear_unit(void *u)
{
	unit_clear(u);
}

static void clear_copy(void *c)
{
	copy_site_clear(c);
}

/* Keeps the *n elements of v (each size bytes) whose flag in keep is set,
 * in order; clears the others. */
static void keep_only(void *v, size_t *n, size_t size, const char *keep,
		      void (*clear)(void *))
{
	size_t w = 0;

	for (size_t i = 0; i < *n; i++) {
		char *e = (char *)v + i * size;

		if (!keep[i])
			clear(e);
		else if (w++ < i)
			memcpy((char *)v + (w - 1) * size, e, size);
	}
	*n = w;
}

static void keep_units(struct model *m, const char *keep)
{
	keep_only(m->units, &m->nunits, sizeof(*m->units), keep, clear_unit);
}

static void keep_copies(struct model *m, const char *keep)
{
	keep_only(m->copies, &m->ncopies, sizeof(*m->copies), keep, clear_copy);
}

static int progress_wanted(const struct options *o)
{
	if (o->quiet || o->progress == WHEN_NEVER)
		return 0;
	return o->progress == WHEN_ALWAYS || isatty(2);
}

/* Parses, round after round, the files that name a lock type or a holding
 * type found so far, until a round finds no new file to parse. */
static void detect_rounds(struct scan *s, struct detect *d, const struct options *o,
			  json_t *words, json_t *tags)
{
	for (;;) {
		struct srcfile **todo = xcalloc(s->files.n ? s->files.n : 1, sizeof(*todo));
		size_t n = 0;

		model_words(&s->model, o, words, tags);
		for (size_t i = 0; i < s->files.n; i++) {
			struct srcfile *f = &s->files.v[i];
			struct buf b = { 0 };

			if (f->parsed || f->binary || f->unreadable || f->unbuilt)
				continue;
			if (read_file(f->path, &b) == 0 &&
			    text_mentions(b.data, b.len, words, tags))
				todo[n++] = f;
			buf_free(&b);
		}
		if (n == 0) {
			free(todo);
			break;
		}
		detect_run(d, todo, n, s->facts, s->incomplete);
		s->result.parsed += n;
		/* Macros that take a member's address or name a type: a macro
		 * alias of a lock type makes the next round read its users. */
		for (size_t i = 0; i < n; i++) {
			struct buf b = { 0 };

			if (todo[i]->parsed && read_file(todo[i]->path, &b) == 0)
				macro_facts(todo[i]->path, b.data, b.len, s->facts);
			buf_free(&b);
		}
		free(todo);
		s->facts = sort_facts(s->facts);
		model_free(&s->model);
		model_build(&s->model, s->facts, o);
	}
}

void scan_run(struct scan *s, const struct options *o)
{
	struct compdb *db = NULL;
	struct config *cfg = NULL;
	struct detect d;
	json_t *words = json_object(), *tags = json_object();

	memset(s, 0, sizeof(*s));
	s->facts = json_array();
	s->incomplete = json_array();
	s->not_built = json_array();
	if (o->compdb) {
		char err[512];

		if (compdb_load(o->compdb, &db, err, sizeof(err)) < 0)
			die(EXIT_USAGE, "-p %s", err);
	}
	files_collect(&o->paths, &s->files);
	exclude_files(&s->files, &o->exclude, &s->excluded, &s->excluded_abs);
	{
		/* Headers the files include are part of the picture: their
		 * structs are the ones the files copy. */
		struct strvec inc = { 0 };

		for (size_t i = 0; i < o->incdirs.n; i++)
			strvec_push(&inc, o->incdirs.v[i]);
		for (size_t i = 0; i < s->files.n; i++) {
			const char *slash = strrchr(s->files.v[i].path, '/');

			if (s->files.v[i].header) {
				char *hd = slash ? strndup(s->files.v[i].path,
							  (size_t)(slash - s->files.v[i].path))
						: xstrdup(".");

				if (hd && !strvec_has(&inc, hd))
					strvec_push(&inc, hd);
				free(hd);
			}
		}
		if (db)
			compdb_all_incdirs(db, &inc);
		files_add_includes(&s->files, &inc);
		strvec_free(&inc);
		exclude_files(&s->files, &o->exclude, &s->excluded, &s->excluded_abs);
	}
	if (o->nshards)
		keep_shard(&s->files, o->shard, o->nshards);
	detect_init(&d, o, db, &s->files);
	d.progress = progress_wanted(o);

	/* Binary and unreadable files are never handed to spatch. */
	for (size_t i = 0; i < s->files.n; i++) {
		struct srcfile *f = &s->files.v[i];
		struct buf b = { 0 };

		if (read_file(f->path, &b) < 0) {
			char *why = xasprintf("cannot read: %s", strerror(errno));

			f->unreadable = errno;
			json_array_append_new(s->incomplete, json_pack("{s:s, s:s}",
					      "file", f->path, "reason", why));
			free(why);
		} else if (memchr(b.data, '\0', b.len)) {
			f->binary = 1;
			json_array_append_new(s->incomplete, json_pack("{s:s, s:s}",
					      "file", f->path, "reason",
					      "binary file (has NUL bytes), not scanned"));
		} else if (f->header) {
			opaque_facts(f->path, b.data, b.len, s->facts);
		}
		buf_free(&b);
	}
	s->facts = sort_facts(s->facts);
	/* Which lines each entry compiles: a .c file outside the build is
	 * not parsed at all (its facts would be left out). */
	if (db) {
		cfg = config_probe(db, o, &s->files);
		for (size_t i = 0; i < s->files.n; i++)
			s->files.v[i].unbuilt = config_unbuilt(cfg, i);
	}

	model_build(&s->model, s->facts, o);
	detect_rounds(s, &d, o, words, tags);
	/* Files spatch could not parse in full, again with the project's
	 * own macros; new holding types found there bring new rounds. */
	if (rescue_run(s, o, db)) {
		d.rescued = &s->rescued;
		d.rescue_macros = s->rescue_macros;
		s->facts = sort_facts(s->facts);
		model_free(&s->model);
		model_build(&s->model, s->facts, o);
		detect_rounds(s, &d, o, words, tags);
	}
	if (d.progress && d.total)
		fputs("\r\033[K", stderr);
	detect_free(&d);
	/* A macro's "argument" is copied only if its body copies it. */
	macrocall_filter(s);
	/* Facts of lines no compile entry compiles are not the build's. */
	if (db)
		config_filter_lines(cfg, s->facts, s->not_built);
	model_free(&s->model);
	model_build(&s->model, s->facts, o);
	if (db) {
		/* Which types hold locks is the model's to say. */
		config_filter_copies(cfg, &s->model, s->facts);
		config_free(cfg);
		if (json_array_size(s->not_built) && !o->quiet) {
			size_t n = json_array_size(s->not_built);

			warn("%zu scanned file%s no entry of %s compiles (%s%s): %s facts are "
			     "left out", n, n == 1 ? "" : "s", o->compdb,
			     json_string_value(json_array_get(s->not_built, 0)), n > 1 ? ", ..." : "",
			     n == 1 ? "its" : "their");
		}
		model_free(&s->model);
		model_build(&s->model, s->facts, o);
	}
	compdb_free(db);
	json_decref(words);
	json_decref(tags);
	/* A tag defined differently in several files: each copy, and each
	 * unit's refusal, is the definition's that its file sees. */
	defs_resolve(&s->model, s->facts, o, &s->files);

	s->incomplete = sort_by_file(s->incomplete);
	hint_macro_init(&s->model, &s->files);
	hint_unparsed(&s->model, s->incomplete);
	keep_mark(&s->model, o);
	publish(s);
	s->result.files = s->files.n;
}

/* The files changed since rev (committed, staged or not), as paths
 * relative to the working directory; dies if git cannot say. */
static json_t *changed_files(const char *rev)
{
	char *argv[] = { "git", "diff", "--name-only", "--relative", "-z", (char *)rev,
			 "--", ".", NULL };
	char *argv2[] = { "git", "ls-files", "-z", "--others", "--exclude-standard", "--",
			  ".", NULL };
	struct job j = { .argv = argv }, k = { .argv = argv2 };
	json_t *set = json_object();

	spawn_one(&j, 120);
	if (j.status != 0)
		die(EXIT_USAGE, "--changed-since %s: git diff failed: %.*s", rev,
		    j.err.data ? (int)strcspn(j.err.data, "\n") : 0, j.err.data ? j.err.data : "");
	spawn_one(&k, 120);
	for (struct job *x = &j; x; x = x == &j ? &k : NULL)
		for (size_t i = 0; x->out.data && i < x->out.len; i += strlen(x->out.data + i) + 1)
			json_object_set_new(set, x->out.data + i, json_true());
	buf_free(&j.out);
	buf_free(&j.err);
	buf_free(&k.out);
	buf_free(&k.err);
	return set;
}

/* --changed-since: the copies in changed files, the units they copy and
 * those defined in changed files, the incomplete changed files. */
static void keep_changed(struct scan *s, const struct options *o)
{
	json_t *changed = changed_files(o->changed_since);
	json_t *inc = json_array();
	struct model *m = &s->model;
	char *keepc = xcalloc(m->ncopies + 1, 1), *keepu = xcalloc(m->nunits + 1, 1);
	size_t i;
	json_t *c;

	for (i = 0; i < m->ncopies; i++)
		keepc[i] = json_object_get(changed, m->copies[i].file) != NULL;
	for (i = 0; i < m->nunits; i++) {
		keepu[i] = json_object_get(changed, m->units[i].file) != NULL;
		for (size_t j = 0; j < m->ncopies; j++)
			keepu[i] |= keepc[j] && defs_copies(m, &m->copies[j], &m->units[i]);
	}
	keep_units(m, keepu);
	keep_copies(m, keepc);
	json_array_foreach(s->incomplete, i, c)
		if (json_object_get(changed, json_string_value(json_object_get(c, "file"))))
			json_array_append(inc, c);
	json_decref(s->incomplete);
	s->incomplete = inc;
	publish(s);
	json_decref(changed);
	free(keepc);
	free(keepu);
}

/* Whether "TYPE.MEMBER@FILE" names unit u: its own file, or its
 * definition's (defs.h), as the report spells paths. */
static int named_at(const struct unit *u, const char *name, const char *at)
{
	size_t n = strlen(u->type), k = strlen(u->member);
	char *file;
	int hit;

	if ((size_t)(at - name) != n + 1 + k || strncmp(name, u->type, n) || name[n] != '.' ||
	    strncmp(name + n + 1, u->member, k))
		return 0;
	file = path_clean(at + 1);
	hit = !strcmp(file, u->file) || (u->def && !strcmp(file, u->def));
	free(file);
	return hit;
}

int scan_unit_named(const struct unit *u, const struct strvec *names)
{
	char *name = xasprintf("%s.%s", u->type, u->member);
	int named = strvec_has(names, name);

	for (size_t i = 0; !named && i < names->n; i++) {
		const char *at = strrchr(names->v[i], '@');

		named = at && named_at(u, names->v[i], at);
	}
	free(name);
	return named;
}

void scan_check_only(const struct model *m, const struct strvec *only)
{
	for (size_t k = 0; k < only->n; k++) {
		struct strvec one = { 0 };
		int found = 0;

		strvec_push(&one, only->v[k]);
		for (size_t i = 0; i < m->nunits; i++)
			found |= scan_unit_named(&m->units[i], &one);
		strvec_free(&one);
		if (!found)
			die(EXIT_USAGE, "--only '%s': no such unit (lockptr scan lists them)",
			    only->v[k]);
	}
}

void scan_select(struct scan *s, const struct options *o)
{
	struct model *m = &s->model;
	char *keepu, *keepc;

	if (o->changed_since)
		keep_changed(s, o);
	if (o->only.n == 0)
		return;
	scan_check_only(m, &o->only);
	keepu = xcalloc(m->nunits + 1, 1);
	keepc = xcalloc(m->ncopies + 1, 1);
	for (size_t i = 0; i < m->nunits; i++)
		keepu[i] = scan_unit_named(&m->units[i], &o->only);
	for (size_t j = 0; j < m->ncopies; j++)
		for (size_t i = 0; i < m->nunits; i++)
			keepc[j] |= keepu[i] && defs_copies(m, &m->copies[j], &m->units[i]);
	keep_units(m, keepu);
	keep_copies(m, keepc);
	publish(s);
	free(keepu);
	free(keepc);
}

void scan_free(struct scan *s)
{
	json_decref(s->result.units);
	json_decref(s->result.copies);
	json_decref(s->result.conflicts);
	json_decref(s->result.wrappers);
	model_free(&s->model);
	json_decref(s->facts);
	json_decref(s->incomplete);
	json_decref(s->not_built);
	strvec_free(&s->rescued);
	strvec_free(&s->excluded);
	strvec_free(&s->excluded_abs);
	free(s->rescue_macros);
	buf_free(&s->defines);
	files_free(&s->files);
}

/* 3 if a file was not fully scanned, else 1 if anything was found. */
static int scan_status(const struct scan_result *r)
{
	if (json_array_size(r->incomplete))
		return EXIT_INCOMPLETE;
	return report_findings(r) ? EXIT_FINDINGS : EXIT_CLEAN;
}

int cmd_scan(const struct options *o)
{
	struct scan s;
	int rc;

	scan_run(&s, o);
	if (o->format == FORMAT_FACTS) {
		/* The raw facts, for lockptr merge. */
		json_t *doc = json_pack("{s:i, s:O, s:O}", "version", 1, "facts", s.facts,
					"incomplete", s.incomplete);

		if (json_dumpf(doc, stdout, JSON_COMPACT) < 0 || putchar('\n') == EOF ||
		    fflush(stdout) != 0)
			die(EXIT_USAGE, "writing the facts:");
		json_decref(doc);
		rc = scan_status(&s.result);
		scan_free(&s);
		return rc;
	}
	scan_select(&s, o);
	if (report_scan(stdout, &s.result, o->format, o->quiet) < 0)
		die(EXIT_USAGE, "writing the report:");
	rc = scan_status(&s.result);
	scan_free(&s);
	return rc;
}

int cmd_merge(const struct options *o)
{
	struct scan s;
	json_t *seen = json_object(), *seen_inc = json_object();
	int rc;

	memset(&s, 0, sizeof(s));
	s.facts = json_array();
	s.incomplete = json_array();
	if (o->paths.n == 0)
		die(EXIT_USAGE, "merge: name the facts files (lockptr scan --format facts)");
	for (size_t k = 0; k < o->paths.n; k++) {
		json_error_t je;
		struct buf text = { 0 };
		char *shown = path_escape(o->paths.v[k]);
		json_t *doc, *facts, *inc;
		char why[256];
		size_t i;
		json_t *f;

		if (files_read_regular(o->paths.v[k], MERGE_MAX_FILE, &text) < 0)
			die(EXIT_USAGE, "merge: %s: %s", shown,
			    files_read_error(errno, MERGE_MAX_FILE));
		doc = json_loadb(text.data, text.len, 0, &je);
		buf_free(&text);
		facts = json_object_get(doc, "facts");
		inc = json_object_get(doc, "incomplete");
		if (!doc) {
			char *msg = path_escape(je.text);

			die(EXIT_USAGE, "merge: %s:%d: %s", shown, je.line, msg);
		}
		if (json_integer_value(json_object_get(doc, "version")) != 1 ||
		    !json_is_array(facts) || !json_is_array(inc))
			die(EXIT_USAGE, "merge: %s: not a facts file of lockptr scan "
			    "--format facts", shown);
		/* The model trusts every field it reads. */
		if (schema_facts(facts, why, sizeof(why)) < 0 ||
		    schema_incompletes(inc, why, sizeof(why)) < 0) {
			char *msg = path_escape(why);

			die(EXIT_USAGE, "merge: %s: internal error: malformed facts file: %s",
			    shown, msg);
		}
		free(shown);
		/* Every shard read every header: keep each fact once. */
		json_array_foreach(facts, i, f) {
			char *key = json_dumps(f, JSON_SORT_KEYS | JSON_COMPACT);

			if (key && !json_object_get(seen, key)) {
				json_object_set_new(seen, key, json_true());
				json_array_append(s.facts, f);
			}
			free(key);
		}
		json_array_foreach(inc, i, f) {
			const char *file = json_string_value(json_object_get(f, "file"));

			if (file && !json_object_get(seen_inc, file)) {
				json_object_set_new(seen_inc, file, json_true());
				json_array_append(s.incomplete, f);
			}
		}
		json_decref(doc);
	}
	json_decref(seen);
	json_decref(seen_inc);
	s.facts = sort_facts(s.facts);
	s.incomplete = sort_by_file(s.incomplete);
	model_build(&s.model, s.facts, o);
	defs_resolve_facts(&s.model, s.facts, o);
	hint_unparsed(&s.model, s.incomplete);
	keep_mark(&s.model, o);
	publish(&s);
	scan_select(&s, o);
	if (report_scan(stdout, &s.result, o->format == FORMAT_FACTS ? FORMAT_JSON : o->format,
			o->quiet) < 0)
		die(EXIT_USAGE, "writing the report:");
	rc = scan_status(&s.result);
	scan_free(&s);
	return rc;
}
