#define _GNU_SOURCE
#include "compdb.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"

/* A limit, so that a runaway file fails with a message, not by eating
 * memory; far above the databases of large projects. */
#define COMPDB_MAX ((size_t)256 << 20)

struct entry {
	char *file; /* absolute, cleaned */
	struct strvec incdirs, defines;
	struct strvec extra; /* -include F, -imacros F, -std=, -U, warning flags:
			      * as cc takes them */
};

struct compdb {
	struct entry *v;
	size_t n;
	struct strvec all_incdirs, no_defines, no_extra;
	char *alias_from, *alias_to; /* a private copy of the tree (diff) */
};

int shell_split(const char *s, struct strvec *out)
{
	struct buf w = { 0 };
	int inword = 0;

	for (;;) {
		char c = *s;

		if (c == '\0' || c == ' ' || c == '\t' || c == '\n') {
			if (inword) {
				strvec_push(out, w.data ? w.data : "");
				w.len = 0;
				if (w.data)
					w.data[0] = '\0';
				inword = 0;
			}
			if (c == '\0')
				break;
			s++;
			continue;
		}
		inword = 1;
		if (c == '\\') {
			if (s[1])
				buf_append(&w, s + 1, 1), s += 2;
			else
				s++;
		} else if (c == '\'') {
			const char *e = strchr(s + 1, '\'');

			if (!e)
				goto bad;
			buf_append(&w, s + 1, (size_t)(e - s - 1));
			s = e + 1;
		} else if (c == '"') {
			s++;
			while (*s && *s != '"') {
				if (*s == '\\' && s[1] && strchr("\"\\$`\n", s[1]))
					s++;
				buf_append(&w, s, 1);
				s++;
			}
			if (*s != '"')
				goto bad;
			s++;
			if (!w.data)
				buf_append(&w, "", 0);
		} else {
			buf_append(&w, s, 1);
			s++;
		}
	}
	buf_free(&w);
	return 0;
bad:
	buf_free(&w);
	return -1;
}

static char *absolute(const char *dir, const char *p)
{
	char *joined = p[0] == '/' ? xstrdup(p) : xasprintf("%s/%s", dir, p);
	/* realpath settles ".." and symlinks, so that the database's
	 * spelling and ours compare equal; a path that does not exist
	 * (yet) is only cleaned. */
	char *real = realpath(joined, NULL);
	char *clean = real ? real : path_clean(joined);

	free(joined);
	return clean;
}

/* Adds s to v unless the set (a JSON object used for its keys: a hash
 * table) has it; linear in the number of strings, where strvec_has() made
 * a database with 200,000 -I quadratic. The _nocheck calls take any bytes:
 * realpath() may give a name that is not UTF-8. */
static void push_once(struct strvec *v, json_t *set, const char *s)
{
	if (json_object_get(set, s))
		return;
	json_object_set_new_nocheck(set, s, json_true());
	strvec_push(v, s);
}


/* A flag that decides which diagnostics are errors (-Werror, -Wall,
 * -pedantic, -ansi): the check compiles with the project's, so that a
 * migration its build would reject (a C99 designator under -std=c90
 * -pedantic -Werror) rolls back. -Wl, -Wa and -Wp pass flags to other
 * tools. */
int compdb_warning_flag(const char *a)
{
	if (!strncmp(a, "-W", 2))
		return a[2] && strncmp(a, "-Wl,", 4) && strncmp(a, "-Wa,", 4) && strncmp(a, "-Wp,", 4);
	return !strcmp(a, "-pedantic") || !strcmp(a, "-pedantic-errors") || !strcmp(a, "-ansi");
}

static void read_args(struct entry *e, const char *dir, const struct strvec *args,
		      json_t *all_set, struct strvec *all)
{
	json_t *seen = json_object(), *spelled = json_object();

	for (size_t i = 1; i < args->n; i++) {
		const char *a = args->v[i], *val = NULL;
		int inc = 0;

		if (!strcmp(a, "-include") || !strcmp(a, "-imacros")) {
			if (i + 1 < args->n) {
				/* Relative to the build directory if it is there;
				 * otherwise the compiler looks it up in the paths. */
				const char *arg = args->v[++i];
				char *joined = xasprintf("%s/%s", dir, arg);
				struct stat st;
				char *f = arg[0] != '/' && stat(joined, &st) == 0 ? absolute(dir, arg)
									     : xstrdup(arg);

				strvec_push(&e->extra, a);
				strvec_push(&e->extra, f);
				free(f);
				free(joined);
			}
			continue;
		}
		if (!strncmp(a, "-std=", 5) || (!strncmp(a, "-U", 2) && a[2]) || compdb_warning_flag(a)) {
			strvec_push(&e->extra, a);
			continue;
		}
		if (!strncmp(a, "-I", 2) || !strncmp(a, "-iquote", 7) ||
		    !strncmp(a, "-isystem", 8)) {
			size_t skip = a[1] == 'I' ? 2 : a[2] == 'q' ? 7 : 8;

			val = a[skip] ? a + skip : (i + 1 < args->n ? args->v[++i] : NULL);
			inc = 1;
		} else if (!strncmp(a, "-D", 2)) {
			val = a[2] ? a + 2 : (i + 1 < args->n ? args->v[++i] : NULL);
		}
		if (!val)
			continue;
		if (inc) {
			char *d;

			/* realpath() costs a system call per component: once
			 * per spelling is enough. */
			if (json_object_get(spelled, val))
				continue;
			json_object_set_new_nocheck(spelled, val, json_true());
			d = absolute(dir, val);
			push_once(&e->incdirs, seen, d);
			push_once(all, all_set, d);
			free(d);
		} else {
			strvec_push(&e->defines, val);
		}
	}
	json_decref(seen);
	json_decref(spelled);
}

int compdb_load(const char *path, struct compdb **out, char *err, size_t errlen)
{
	char *file = xstrdup(path);
	struct buf text = { 0 };
	json_t *root, *all_set;
	json_error_t je;
	struct compdb *db;
	char *dbdir;
	int r;

	/* Only a regular file is read: a FIFO would block, /dev/zero would
	 * eat memory. */
	r = files_read_regular(file, COMPDB_MAX, &text);
	if (r < 0 && errno == EISDIR) {
		free(file);
		file = xasprintf("%s/compile_commands.json", path);
		r = files_read_regular(file, COMPDB_MAX, &text);
	}
	if (r < 0) {
		char *shown = path_escape(file);

		snprintf(err, errlen, "%s: %s", shown, files_read_error(errno, COMPDB_MAX));
		free(shown);
		free(file);
		buf_free(&text);
		return -1;
	}
	root = json_loadb(text.data, text.len, 0, &je);
	buf_free(&text);
	if (!root) {
		if (je.line > 0)
			snprintf(err, errlen, "%s:%d:%d: %s", file, je.line,
				 je.column, je.text);
		else
			snprintf(err, errlen, "%s: %s", file, je.text);
		free(file);
		return -1;
	}
	if (!json_is_array(root)) {
		snprintf(err, errlen, "%s: expected an array of entries", file);
		json_decref(root);
		free(file);
		return -1;
	}
	{
		/* A relative "directory" is taken against the database's own
		 * directory, which is where the build ran. */
		char *slash = strrchr(file, '/');
		char *cwd = getcwd(NULL, 0);
		char *d = slash ? strndup(file, (size_t)(slash - file)) : xstrdup(".");

		dbdir = absolute(cwd ? cwd : ".", d ? d : ".");
		free(cwd);
		free(d);
	}
	db = xcalloc(1, sizeof(*db));
	db->v = xcalloc(json_array_size(root), sizeof(*db->v));
	all_set = json_object();
	for (size_t i = 0; i < json_array_size(root); i++) {
		json_t *o = json_array_get(root, i);
		const char *dir = json_string_value(json_object_get(o, "directory"));
		const char *f = json_string_value(json_object_get(o, "file"));
		json_t *args = json_object_get(o, "arguments");
		const char *cmd = json_string_value(json_object_get(o, "command"));
		struct strvec argv = { 0 };
		struct entry *e;

		if (!json_is_object(o) || !dir || !f || (!json_is_array(args) && !cmd)) {
			snprintf(err, errlen, "%s: entry %zu: needs \"directory\", "
				 "\"file\" and \"arguments\" or \"command\"", file, i + 1);
			goto fail;
		}
		if (json_is_array(args)) {
			for (size_t k = 0; k < json_array_size(args); k++) {
				const char *a = json_string_value(json_array_get(args, k));

				if (!a) {
					snprintf(err, errlen, "%s: entry %zu: "
						 "\"arguments\" must be strings", file, i + 1);
					strvec_free(&argv);
					goto fail;
				}
				strvec_push(&argv, a);
			}
		} else if (shell_split(cmd, &argv) < 0) {
			snprintf(err, errlen, "%s: entry %zu: unclosed quote in "
				 "\"command\"", file, i + 1);
			strvec_free(&argv);
			goto fail;
		}
		e = &db->v[db->n++];
		{
			char *base = absolute(dbdir, dir);

			e->file = absolute(base, f);
			read_args(e, base, &argv, all_set, &db->all_incdirs);
			free(base);
		}
		strvec_free(&argv);
	}
	json_decref(all_set);
	json_decref(root);
	free(file);
	free(dbdir);
	*out = db;
	return 0;
fail:
	json_decref(all_set);
	json_decref(root);
	free(file);
	free(dbdir);
	compdb_free(db);
	return -1;
}

void compdb_free(struct compdb *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->n; i++) {
		free(db->v[i].file);
		strvec_free(&db->v[i].incdirs);
		strvec_free(&db->v[i].defines);
		strvec_free(&db->v[i].extra);
	}
	free(db->v);
	strvec_free(&db->all_incdirs);
	free(db->alias_from);
	free(db->alias_to);
	free(db);
}

/* Moves a path from one root to another, in place. */
static void reroot(char **p, const char *from, const char *to)
{
	size_t n = strlen(from);
	char *moved;

	if (strncmp(*p, from, n) || ((*p)[n] && (*p)[n] != '/'))
		return;
	moved = xasprintf("%s%s", to, *p + n);
	free(*p);
	*p = moved;
}

/* Each directory under `to` is looked for under `from` first, then where
 * it is. */
static void both_dirs(struct strvec *dirs, const char *to, const char *from)
{
	struct strvec out = { 0 };

	for (size_t k = 0; k < dirs->n; k++) {
		char *moved = xstrdup(dirs->v[k]);

		reroot(&moved, to, from);
		if (strcmp(moved, dirs->v[k]))
			strvec_push(&out, moved);
		strvec_push(&out, dirs->v[k]);
		free(moved);
	}
	strvec_free(dirs);
	*dirs = out;
}

void compdb_set_alias(struct compdb *db, const char *copy_root, const char *tree_root)
{
	char *from = realpath(copy_root, NULL), *to = realpath(tree_root, NULL);

	if (!from || !to) {
		free(from);
		free(to);
		return;
	}
	/* Include directories of the tree are read in the copy, whose
	 * headers are the ones being migrated, then in the tree itself: the
	 * copy has only the scanned files, not the generated ones (fio's
	 * config-host.h). A file named by -include is the copy's if the copy
	 * has it. */
	for (size_t i = 0; i < db->n; i++) {
		both_dirs(&db->v[i].incdirs, to, from);
		for (size_t k = 0; k < db->v[i].extra.n; k++) {
			char *moved = xstrdup(db->v[i].extra.v[k]);

			reroot(&moved, to, from);
			if (strcmp(moved, db->v[i].extra.v[k]) && access(moved, F_OK) == 0) {
				free(db->v[i].extra.v[k]);
				db->v[i].extra.v[k] = moved;
			} else {
				free(moved);
			}
		}
	}
	both_dirs(&db->all_incdirs, to, from);
	db->alias_from = from;
	db->alias_to = to;
}

/* path as the database spells its files: absolute, and in the tree when
 * it is in diff's private copy. */
static char *db_path(const struct compdb *db, const char *path)
{
	char *cwd, *abs;

	if (path[0] == '/') {
		abs = path_clean(path);
	} else {
		cwd = getcwd(NULL, 0);
		abs = absolute(cwd ? cwd : ".", path);
		free(cwd);
	}
	if (db->alias_from)
		reroot(&abs, db->alias_from, db->alias_to);
	return abs;
}

int compdb_flags(const struct compdb *db, const char *path,
		 const struct strvec **incdirs, const struct strvec **defines,
		 const struct strvec **extra)
{
	char *abs = db_path(db, path);

	for (size_t i = 0; i < db->n; i++) {
		if (!strcmp(db->v[i].file, abs)) {
			*incdirs = &db->v[i].incdirs;
			*defines = &db->v[i].defines;
			if (extra)
				*extra = &db->v[i].extra;
			free(abs);
			return 1;
		}
	}
	free(abs);
	*incdirs = &db->all_incdirs;
	*defines = &db->no_defines;
	if (extra)
		*extra = &db->no_extra;
	return 0;
}

void compdb_all_incdirs(const struct compdb *db, struct strvec *out)
{
	json_t *set = json_object();

	for (size_t i = 0; i < out->n; i++)
		json_object_set_new_nocheck(set, out->v[i], json_true());
	for (size_t i = 0; i < db->all_incdirs.n; i++)
		push_once(out, set, db->all_incdirs.v[i]);
	json_decref(set);
}

size_t compdb_size(const struct compdb *db)
{
	return db->n;
}

const char *compdb_entry(const struct compdb *db, size_t i, const struct strvec **incdirs,
			 const struct strvec **defines, const struct strvec **extra)
{
	*incdirs = &db->v[i].incdirs;
	*defines = &db->v[i].defines;
	*extra = &db->v[i].extra;
	return db->v[i].file;
}

static int same_strvec(const struct strvec *a, const struct strvec *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return 0;
	return 1;
}

static int same_flags(const struct entry *a, const struct entry *b)
{
	return same_strvec(&a->incdirs, &b->incdirs) && same_strvec(&a->defines, &b->defines) &&
	       same_strvec(&a->extra, &b->extra);
}

size_t compdb_entries(const struct compdb *db, const char *path, size_t **idx)
{
	char *abs = db_path(db, path);
	size_t n = 0;

	*idx = NULL;
	for (size_t i = 0; i < db->n; i++) {
		const struct entry *e = &db->v[i];
		int dup = 0;

		if (strcmp(e->file, abs))
			continue;
		/* The same flags compile the same code: one check is enough. */
		for (size_t k = 0; k < n && !dup; k++) {
			const struct entry *o = &db->v[(*idx)[k]];

			dup = same_flags(o, e);
		}
		if (dup)
			continue;
		*idx = xrealloc(*idx, (n + 1) * sizeof(**idx));
		(*idx)[n++] = i;
	}
	free(abs);
	return n;
}

/* Whether e's file is directly in dir (NULL: anywhere). */
static int in_dir(const struct entry *e, const char *dir)
{
	const char *slash = strrchr(e->file, '/');
	size_t n = slash ? (size_t)(slash - e->file) : 0;

	return !dir || (strlen(dir) == n && !strncmp(e->file, dir, n));
}

/* Of the entries directly in dir (NULL: all), the first one whose flags
 * most of them share (of a tie, the one met first); -1 if dir has none.
 * Flags are counted by their joined text: linear in the entries. */
static long most_common(const struct compdb *db, const char *dir)
{
	json_t *count = json_object();
	long best = -1;
	json_int_t best_n = 0;

	for (size_t i = 0; i < db->n; i++) {
		const struct entry *e = &db->v[i];
		const struct strvec *parts[] = { &e->incdirs, &e->defines, &e->extra };
		struct buf key = { 0 };
		json_t *c;

		if (!in_dir(e, dir))
			continue;
		for (int p = 0; p < 3; p++) {
			for (size_t k = 0; k < parts[p]->n; k++)
				buf_printf(&key, "%s%c", parts[p]->v[k], '\037');
			buf_puts(&key, "\036");
		}
		c = json_object_get(count, key.data);
		if (!c) {
			c = json_pack("[I, I]", (json_int_t)i, (json_int_t)0);
			json_object_set_new_nocheck(count, key.data, c);
		}
		json_array_set_new(c, 1, json_integer(json_integer_value(json_array_get(c, 1)) + 1));
		buf_free(&key);
	}
	{
		const char *k;
		json_t *c;

		json_object_foreach(count, k, c) {
			json_int_t n = json_integer_value(json_array_get(c, 1));
			long first = (long)json_integer_value(json_array_get(c, 0));

			if (n > best_n || (n == best_n && first < best)) {
				best = first;
				best_n = n;
			}
		}
	}
	json_decref(count);
	return best;
}

long compdb_borrow(const struct compdb *db, const char *path)
{
	char *dir = db_path(db, path), *slash;
	long best = -1;

	/* The file's own directory, then each parent up to "/". */
	while (best < 0 && (slash = strrchr(dir, '/')) != NULL) {
		int top = slash == dir;

		*(top ? slash + 1 : slash) = '\0';
		best = most_common(db, dir);
		if (top)
			break;
	}
	free(dir);
	return best >= 0 ? best : most_common(db, NULL);
}
