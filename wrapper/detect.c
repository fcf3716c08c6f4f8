#define _GNU_SOURCE
#include "detect.h"
#include "view.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc.h"
#include "report.h"
#include "schema.h"

#ifndef LOCKPTR_DATADIR
#define LOCKPTR_DATADIR "/usr/local/share/lockptr"
#endif

extern char **environ;

/* Macro files are hints of a few hundred lines; spatch reads them whole. */
#define MACRO_FILE_MAX ((size_t)16 << 20)
/* Far above any C source spatch can parse. */
#define SOURCE_MAX ((size_t)256 << 20)

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *datadir(void)
{
	static char *dir;
	char exe[PATH_MAX];
	ssize_t n;

	if (dir)
		return dir;
	if (getenv("LOCKPTR_DATADIR") && *getenv("LOCKPTR_DATADIR")) {
		dir = xstrdup(getenv("LOCKPTR_DATADIR"));
		return dir;
	}
	/* Run from the source tree: wrapper/lockptr next to cocci/. */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash, *cand;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			cand = xasprintf("%s/../cocci/detect", exe);
			if (is_dir(cand)) {
				free(cand);
				dir = xasprintf("%s/..", exe);
				return dir;
			}
			free(cand);
		}
	}
	dir = xstrdup(LOCKPTR_DATADIR);
	return dir;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Joins .cocci files of cocci/detect, prelude first, into one patch file
 * named out in the temporary directory: those named in only (NULL-ended),
 * or all of them. */
static char *join_patches(const char *const *only, const char *outname)
{
	char *dir, *out;
	struct strvec names = { 0 };
	struct buf all = { 0 };
	struct dirent *e;
	DIR *d;
	int fd;

	dir = xasprintf("%s/cocci/detect", datadir());
	out = tmpdir_file(outname);
	d = opendir(dir);
	if (!d)
		die(EXIT_USAGE, "%s: cannot find the semantic patches "
		    "(set LOCKPTR_DATADIR):", dir);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		int wanted = !only;

		for (size_t k = 0; only && only[k]; k++)
			wanted |= !strcmp(only[k], e->d_name);
		if (n > 6 && !strcmp(e->d_name + n - 6, ".cocci") &&
		    strcmp(e->d_name, "prelude.cocci") && wanted)
			strvec_push(&names, e->d_name);
	}
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), cmp_str);
	for (size_t i = 0; i <= names.n; i++) {
		char *p = xasprintf("%s/%s", dir, i == 0 ? "prelude.cocci" : names.v[i - 1]);

		if (read_file(p, &all) < 0)
			die(EXIT_USAGE, "%s:", p);
		buf_puts(&all, "\n");
		free(p);
	}
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || write_all(fd, all.data, all.len) < 0 || close(fd) < 0)
		die(EXIT_USAGE, "%s:", out);
	buf_free(&all);
	strvec_free(&names);
	free(dir);
	return out;
}

char *detect_recheck_patch(void)
{
	static const char *const only[] = { "members.cocci", "statics.cocci", NULL };
	static char *done;

	if (!done)
		done = join_patches(only, "recheck.cocci");
	return xstrdup(done);
}

/* spatch reads C macros from a macro file: the user's, plus -D NAME=VAL. */
/* The type macros of BSD <sys/queue.h> (glibc's and the BSDs' own), as
 * members and at file scope: spatch 1.1.1 drops a struct body with one of
 * them. Written here from their documented shape (queue(3)); the user's
 * macro file follows and may define them otherwise. The iteration macros
 * parse as they are. */
static const char queue_macros[] =
	"#define LIST_HEAD(name, type) struct name { struct type *lh_first; }\n"
	"#define LIST_ENTRY(type) struct { struct type *le_next; struct type **le_prev; }\n"
	"#define SLIST_HEAD(name, type) struct name { struct type *slh_first; }\n"
	"#define SLIST_ENTRY(type) struct { struct type *sle_next; }\n"
	"#define STAILQ_HEAD(name, type) struct name { struct type *stqh_first; "
	"struct type **stqh_last; }\n"
	"#define STAILQ_ENTRY(type) struct { struct type *stqe_next; }\n"
	"#define SIMPLEQ_HEAD(name, type) struct name { struct type *sqh_first; "
	"struct type **sqh_last; }\n"
	"#define SIMPLEQ_ENTRY(type) struct { struct type *sqe_next; }\n"
	"#define TAILQ_HEAD(name, type) struct name { struct type *tqh_first; "
	"struct type **tqh_last; }\n"
	"#define TAILQ_ENTRY(type) struct { struct type *tqe_next; struct type **tqe_prev; }\n"
	"#define CIRCLEQ_HEAD(name, type) struct name { struct type *cqh_first; "
	"struct type *cqh_last; }\n"
	"#define CIRCLEQ_ENTRY(type) struct { struct type *cqe_next; struct type *cqe_prev; }\n";

static char *write_macros(const struct options *o)
{
	static char *done, *done_for;
	struct buf b = { 0 };
	char *out;
	int fd;

	/* One file per macro file named (rescue.c names its own). */
	if (done && !strcmp(done_for, o->macro_file ? o->macro_file : ""))
		return xstrdup(done);
	buf_puts(&b, queue_macros);
	/* Only a regular file: a FIFO would block, /dev/zero eat memory. */
	if (o->macro_file && files_read_regular(o->macro_file, MACRO_FILE_MAX, &b) < 0) {
		char *shown = path_escape(o->macro_file);

		die(EXIT_USAGE, "--macro-file %s: %s", shown,
		    files_read_error(errno, MACRO_FILE_MAX));
	}
	buf_puts(&b, "\n");
	for (size_t i = 0; i < o->defines.n; i++) {
		const char *eq = strchr(o->defines.v[i], '=');

		if (eq)
			buf_printf(&b, "#define %.*s %s\n", (int)(eq - o->defines.v[i]),
				   o->defines.v[i], eq + 1);
		else
			buf_printf(&b, "#define %s 1\n", o->defines.v[i]);
	}
	{
		static int made;
		char *name = made++ ? xasprintf("macros-%d.h", made) : xstrdup("macros.h");

		out = tmpdir_file(name);
		free(name);
	}
	fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write_all(fd, b.data, b.len) < 0 || close(fd) < 0)
		die(EXIT_USAGE, "%s:", out);
	buf_free(&b);
	free(done);
	free(done_for);
	done = xstrdup(out);
	done_for = xstrdup(o->macro_file ? o->macro_file : "");
	return out;
}

/* Whether a program can be run, as posix_spawnp would look it up. */
int in_path(const char *prog)
{
	const char *path = getenv("PATH");

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t n = strcspn(p, ":");
		char *cand = xasprintf("%.*s/%s", (int)n, n ? p : ".", prog);
		int ok = access(cand, X_OK) == 0;

		free(cand);
		if (ok)
			return 1;
		p += n + (p[n] == ':');
	}
	return 0;
}

/* Whether path is a helper header lockptr wrote (lockptr_locks.h,
 * lockptr_NAME.h): it defines no type, and a file that includes it
 * changed itself (the #include) or includes a header that did, so it
 * stays out of every file's cache key; a migration that writes one in a
 * new directory does not make the next scan parse every file again. */
static int helper_header(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	return !strncmp(base, "lockptr_", 8) && n > 10 && !strcmp(base + n - 2, ".h");
}

void detect_init(struct detect *d, const struct options *o,
		 const struct compdb *db, const struct filelist *all)
{
	struct buf locks = { 0 };

	memset(d, 0, sizeof(*d));
	d->o = o;
	d->db = db;
	d->spatch = getenv("SPATCH") && *getenv("SPATCH") ? getenv("SPATCH") : "spatch";
	if (!in_path(d->spatch))
		die(EXIT_USAGE, "%s: not found (install coccinelle, or set SPATCH)",
		    d->spatch);
	if (!in_path("prlimit"))
		die(EXIT_USAGE, "prlimit: not found (install util-linux)");
	/* spatch finds its python through "python3" in PATH; a version
	 * manager's shim there costs ~0.5 s per process. Debian's spatch is
	 * built for Debian's python3: name it. */
	if (getenv("LOCKPTR_PYTHON") && *getenv("LOCKPTR_PYTHON"))
		d->python = getenv("LOCKPTR_PYTHON");
	else if (access("/usr/bin/python3", X_OK) == 0)
		d->python = "/usr/bin/python3";
	for (size_t i = 0; i < o->incdirs.n; i++)
		strvec_push(&d->incdirs, o->incdirs.v[i]);
	/* Without a database, headers are looked for where headers are. */
	for (size_t i = 0; i < all->n; i++) {
		char *slash;
		char *dir;

		if (!all->v[i].header)
			continue;
		slash = strrchr(all->v[i].path, '/');
		dir = slash ? strndup(all->v[i].path, (size_t)(slash - all->v[i].path))
			    : xstrdup(".");
		if (!dir)
			die(EXIT_USAGE, "out of memory");
		if (!strvec_has(&d->incdirs, dir))
			strvec_push(&d->incdirs, dir);
		free(dir);
	}
	{
		static char *joined;

		if (!joined)
			joined = join_patches(NULL, "detect.cocci");
		d->patch = xstrdup(joined);
	}
	d->macros = write_macros(o);
	for (char **e = environ; *e; e++)
		if (strncmp(*e, "LOCKPTR_USER_LOCKS=", 19))
			strvec_push(&d->env, *e);
	for (size_t i = 0; i < o->nlock_types; i++)
		buf_printf(&locks, "%s%s:%s:%s", i ? "," : "", o->lock_types[i].name,
			   o->lock_types[i].init, o->lock_types[i].destroy);
	strvec_pushf(&d->env, "LOCKPTR_USER_LOCKS=%s", locks.data ? locks.data : "");
	{
		/* What the facts of a file depend on, besides the file. */
		struct strvec salt = { 0 }, headers = { 0 };

		struct stat self;

		/* A rebuilt lockptr may read spatch's output differently. */
		strvec_push(&salt, LOCKPTR_VERSION);
		if (stat("/proc/self/exe", &self) == 0)
			strvec_pushf(&salt, "%lld.%ld.%lld", (long long)self.st_mtim.tv_sec,
				     self.st_mtim.tv_nsec, (long long)self.st_size);
		strvec_push(&salt, d->spatch);
		strvec_push(&salt, locks.data ? locks.data : "");
		for (size_t i = 0; i < d->incdirs.n; i++)
			strvec_pushf(&salt, "-I%s", d->incdirs.v[i]);
		for (size_t i = 0; i < o->defines.n; i++)
			strvec_pushf(&salt, "-D%s", o->defines.v[i]);
		if (d->macros) {
			struct buf m = { 0 };

			if (read_file(d->macros, &m) == 0)
				strvec_push(&salt, m.data);
			buf_free(&m);
		}
		if (o->compdb)
			strvec_pushf(&salt, "-p%s", o->compdb);
		for (size_t i = 0; i < all->n; i++)
			if (all->v[i].header && !all->v[i].binary && !helper_header(all->v[i].path))
				strvec_push(&headers, all->v[i].path);
		cache_init(&d->cache, !o->no_cache, d->patch, &salt, headers.v, headers.n);
		d->cache.readonly = o->cache_readonly;
		strvec_free(&salt);
		strvec_free(&headers);
	}
	buf_free(&locks);
}

/* spatch's own builtin macro file, which --macro-file-builtins replaces. */
static const char *spatch_builtins(void)
{
	static const char *const dirs[] = {
		"/usr/lib/coccinelle", "/usr/local/lib/coccinelle", "/usr/share/coccinelle", NULL,
	};
	static char *found;
	const char *home = getenv("COCCINELLE_HOME");

	if (found)
		return found;
	if (home && *home) {
		found = xasprintf("%s/standard.h", home);
		if (access(found, R_OK) == 0)
			return found;
		free(found);
		found = NULL;
	}
	for (int i = 0; dirs[i]; i++) {
		char *p = xasprintf("%s/standard.h", dirs[i]);

		if (access(p, R_OK) == 0)
			return found = p;
		free(p);
	}
	return NULL;
}

void detect_storage_macros(struct detect *d, const char *lines)
{
	static int made;
	struct buf b = { 0 };
	const char *std = spatch_builtins();
	char *name = xasprintf("macros-builtins-%d.h", made++), *path;
	int fd;

	/* spatch 1.1.1 reads `#define local static` from its builtins only
	 * (from --macro-file it still takes `local` for a type name): its
	 * own builtins, then these. Without them, nothing changes. */
	if (!std || read_file(std, &b) < 0) {
		buf_free(&b);
		free(name);
		return;
	}
	buf_printf(&b, "\n%s", lines);
	path = tmpdir_file(name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || write_all(fd, b.data, b.len) < 0 || close(fd) < 0)
		die(EXIT_USAGE, "%s:", path);
	buf_free(&b);
	free(name);
	free(d->builtins);
	d->builtins = path;
}

void detect_free(struct detect *d)
{
	strvec_free(&d->incdirs);
	strvec_free(&d->env);
	free(d->patch);
	free(d->macros);
	free(d->builtins);
}

/* Whether file is read with the project's macros (rescue.h): it parses
 * in full only so, or it includes ("...", next to it) a file that does,
 * whose struct bodies it needs for types. */
static int rescue_wanted(const struct detect *d, const char *file)
{
	struct strvec names = { 0 };
	struct buf text = { 0 };
	const char *slash = strrchr(file, '/');
	int yes;

	if (!d->rescued || !d->rescued->n)
		return 0;
	if (strvec_has(d->rescued, file))
		return 1;
	yes = 0;
	if (read_file(file, &text) == 0)
		files_quoted_includes(text.data ? text.data : "", &names);
	for (size_t i = 0; i < names.n && !yes; i++) {
		char *joined = slash ? xasprintf("%.*s/%s", (int)(slash - file), file, names.v[i])
				     : xstrdup(names.v[i]);
		char *clean = path_display(joined);

		yes = strvec_has(d->rescued, clean);
		free(clean);
		free(joined);
	}
	strvec_free(&names);
	buf_free(&text);
	return yes;
}

void detect_argv(struct detect *d, const char *patch, const char *file,
		 struct strvec *av)
{
	const struct strvec *inc = &d->incdirs, *defs = NULL;
	char *slash = strrchr(file, '/');
	/* A file with constructs spatch 1.1.1 would drop a struct body for
	 * is read through its view (view.h); -I still names its directory. */
	const char *macros = rescue_wanted(d, file) ? d->rescue_macros : d->macros;
	const struct view *v = view_of(file, macros);

	/* prlimit(1) sets the limits in the child without a shell; spatch
	 * needs a large stack on deeply nested files. */
	strvec_push(av, "prlimit");
	if (d->o->max_mem > 0)
		strvec_pushf(av, "--as=%lld", (long long)d->o->max_mem << 20);
	strvec_push(av, "--stack=unlimited");
	strvec_push(av, "--");
	strvec_push(av, d->spatch);
	if (d->python) {
		strvec_push(av, "--python");
		strvec_push(av, d->python);
	}
	strvec_push(av, "--sp-file");
	strvec_push(av, patch);
	strvec_push(av, "--quiet");
	strvec_push(av, "--parse-error-msg");
	strvec_push(av, "--verbose-parsing");
	strvec_push(av, "--disable-worth-trying-opt");
	/* spatch 1.1.1 dies on some "dir/./x.h" including "../y.h" chains
	 * (Sys_error): such files are run again with direct includes only. */
	strvec_push(av, d->direct_includes ? "--all-includes" : "--recursive-includes");
	strvec_push(av, "--include-headers-for-types");
	strvec_push(av, "--relax-include-path");
	if (macros || v) {
		strvec_push(av, "--macro-file");
		strvec_push(av, v ? view_macros(v) : macros);
	}
	if (d->builtins) {
		strvec_push(av, "--macro-file-builtins");
		strvec_push(av, d->builtins);
	}
	/* The fact pass looks for the declarations of --lock-type functions. */
	if (patch == d->patch && d->o->nlock_types) {
		strvec_push(av, "-D");
		strvec_push(av, "lockptr_user");
	}
	if (d->db)
		compdb_flags(d->db, file, &inc, &defs, NULL);
	if (slash) {
		strvec_push(av, "-I");
		strvec_pushf(av, "%.*s", (int)(slash - file), file);
	}
	for (size_t i = 0; i < inc->n; i++) {
		strvec_push(av, "-I");
		strvec_push(av, inc->v[i]);
	}
	if (d->db)
		for (size_t i = 0; i < d->o->incdirs.n; i++) {
			strvec_push(av, "-I");
			strvec_push(av, d->o->incdirs.v[i]);
		}
	/* A name that starts with '-' must not read as an option. */
	if (v)
		strvec_push(av, view_file(v));
	else if (file[0] == '-')
		strvec_pushf(av, "./%s", file);
	else
		strvec_push(av, file);
}

static void add_incomplete(json_t *incomplete, const char *file, const char *reason)
{
	json_array_append_new(incomplete, json_pack("{s:s, s:s}", "file", file,
						    "reason", reason));
}

/* Whether line (from 1) of path is part of a #define, its continuation
 * lines included. */
static int in_define(const char *path, int line)
{
	struct buf b = { 0 };
	const char *p;
	int n = 1, inside = 0, cont = 0, found = 0;

	/* The name comes from spatch's stderr: read it only if it is a
	 * regular file of a source file's size. */
	if (line < 1 || files_read_regular(path, SOURCE_MAX, &b) < 0) {
		buf_free(&b);
		return 0;
	}
	for (p = b.data; p && *p && n <= line; n++) {
		size_t len = strcspn(p, "\n");
		size_t k = strspn(p, " \t");

		if (!cont) {
			inside = 0;
			if (k < len && p[k] == '#') {
				k++;
				k += strspn(p + k, " \t");
				inside = len - k >= 6 && !strncmp(p + k, "define", 6);
			}
		}
		cont = len > 0 && (p[len - 1] == '\\' ||
				   (len > 1 && p[len - 1] == '\r' && p[len - 2] == '\\'));
		if (n == line)
			found = inside;
		p += len + (p[len] == '\n');
	}
	buf_free(&b);
	return found;
}

/* The last line of a python traceback: the exception and its message. */
static const char *python_error(const char *err)
{
	static char line[200];
	const char *end = strstr(err, "Error in Python script"), *start;

	while (end > err && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	start = end;
	while (start > err && start[-1] != '\n')
		start--;
	snprintf(line, sizeof(line), "%.*s", (int)(end - start), start);
	return line;
}

/* The first line of stderr that says something, for a failure report. */
static char *first_message(const char *err)
{
	static const char *const noise[] = {
		"init_defs_builtins:", "init_defs:", "HANDLING:", "Warning:", "PB:",
		"ERROR-RECOV:", "(ONCE)", "SUSPICIOUS", "parse error", " = File", "around",
		"whole content", "charpos",
		"parsing pass", "bad:", "BAD:", "badcount:", NULL,
	};
	const char *p = err;

	if (err && strstr(err, "Fatal error"))
		p = strstr(err, "Fatal error");
	while (p && *p) {
		size_t n = strcspn(p, "\n");
		int skip = n == 0;

		for (int i = 0; !skip && noise[i]; i++)
			skip = !strncmp(p, noise[i], strlen(noise[i]));
		if (!skip) {
			char *s = strndup(p, n > 200 ? 200 : n);

			return s ? s : xstrdup("");
		}
		p += n + (p[n] == '\n');
	}
	return xstrdup("no message");
}

int detect_parse_checked(const char *file, const char *out, const char *err,
			 int status, int timed_out, const struct options *o,
			 json_t *facts, json_t *incomplete, char *why, size_t whylen)
{
	const char *p;
	int garbage = 0, malformed = 0;
	long lineno = 0;
	char *msg;

	if (timed_out) {
		msg = xasprintf("timed out after %d s (--timeout)", o->timeout);
		add_incomplete(incomplete, file, msg);
		free(msg);
		return 0;
	}
	for (p = out; p && *p;) {
		size_t n = strcspn(p, "\n");

		lineno++;
		if (n >= 8 && !strncmp(p, "LOCKPTR\t", 8)) {
			/* A tagged line is ours: if it is no valid fact, the
			 * patches and this reader disagree, and the model must
			 * never see it. */
			json_error_t je;
			json_t *f = json_loadb(p + 8, n - 8, 0, &je);
			char one[200];

			if (!f) {
				snprintf(one, sizeof(one), "not JSON: %s", je.text);
			} else if (schema_fact(f, one, sizeof(one)) == 0) {
				char *clean = path_clean(json_string_value(json_object_get(f, "file")));

				json_object_set_new(f, "file", json_string(clean));
				free(clean);
				json_array_append_new(facts, f);
				f = NULL;
				one[0] = '\0';
			}
			json_decref(f);
			if (one[0] && !malformed++ && why)
				snprintf(why, whylen, "line %ld of its output: %s", lineno, one);
		} else if (n > 0) {
			garbage = 1;
		}
		p += n + (p[n] == '\n');
	}
	/* A run that failed may have been cut in the middle of a line: the
	 * file is reported incomplete below, which says enough. */
	if (malformed && status == 0)
		return -1;
	if (status != 0) {
		char *first = first_message(err);

		/* Only spatch's own messages count: with --verbose-parsing
		 * stderr also quotes the source, whose comments may say
		 * "out of memory". */
		if (strstr(err, "Error in Python script"))
			msg = xasprintf("a python rule of lockptr failed (status %d): %s",
					status, python_error(err));
		else if (strstr(err, "Fatal error: out of memory") ||
			 strstr(err, "Out of memory") || status == 128 + 6 || status == 128 + 9)
			msg = xasprintf("spatch ran out of memory or was killed "
					"(status %d, --max-mem %d MiB): %s",
					status, o->max_mem, first);
		else if (status == 127)
			msg = xasprintf("spatch could not be run: %s", first);
		else
			msg = xasprintf("spatch failed (status %d): %s", status, first);
		add_incomplete(incomplete, file, msg);
		free(msg);
		free(first);
		return 0;
	}
	if (garbage) {
		add_incomplete(incomplete, file, "spatch printed output that is not a fact");
		return 0;
	}
	if (strstr(err, "Error in Python script") || strstr(err, "EXN:")) {
		char *first = first_message(err);

		msg = xasprintf("spatch failed: %s", first);
		add_incomplete(incomplete, file, msg);
		free(msg);
		free(first);
		return 0;
	}
	/* "parse error \n = File "F", line N, column C" then "badcount: K",
	 * once per region that spatch skipped: name every region. */
	{
		json_t *per = json_object();
		const char *where;
		json_t *v;

		for (p = err; p && (p = strstr(p, "parse error")); p++) {
			const char *f = strstr(p, " = File \"");
			const char *next = strstr(p + 1, "parse error");
			const char *bad = strstr(p, "badcount: ");
			char name[PATH_MAX];
			int line;
			char *clean;
			json_t *e;

			if (!f || (next && f > next) ||
			    sscanf(f, " = File \"%4095[^\"]\", line %d", name, &line) != 2)
				continue;
			/* A macro body spatch could not parse costs no fact:
			 * lockptr reads #define bodies itself (macros.c). */
			if (in_define(name, line))
				continue;
			clean = path_display(name);
			e = json_object_get(per, clean);
			if (!e) {
				e = json_pack("{s:[], s:i}", "lines", "bad", 0);
				json_object_set_new(per, clean, e);
			}
			json_array_append_new(json_object_get(e, "lines"), json_integer(line));
			if (bad && (!next || bad < next))
				json_object_set_new(e, "bad", json_integer(
					json_integer_value(json_object_get(e, "bad")) + atoi(bad + 10)));
			free(clean);
		}
		json_object_foreach(per, where, v) {
			json_t *lines = json_object_get(v, "lines");
			struct buf b = { 0 };
			size_t i;
			json_t *l;
			int seen = 0;

			json_array_foreach(incomplete, i, l)
				seen |= !strcmp(json_string_value(json_object_get(l, "file")), where);
			if (seen)
				continue;
			buf_printf(&b, "parse error%s at line%s ", json_array_size(lines) > 1 ? "s" : "",
				   json_array_size(lines) > 1 ? "s" : "");
			json_array_foreach(lines, i, l)
				buf_printf(&b, "%s%lld", i ? ", " : "", (long long)json_integer_value(l));
			if (json_integer_value(json_object_get(v, "bad")) > 0)
				buf_printf(&b, " (%lld lines not parsed)",
					   (long long)json_integer_value(json_object_get(v, "bad")));
			add_incomplete(incomplete, where, b.data);
			buf_free(&b);
		}
		json_decref(per);
	}
	return 0;
}

/* One line, whatever bytes the name and spatch's output hold. */
static char *bad_facts_message(const char *file, const char *why)
{
	char *f = path_escape(file), *w = path_escape(why);
	char *msg = xasprintf("internal error: spatch printed a malformed fact for %s "
			      "(%s)", f, w);

	free(f);
	free(w);
	return msg;
}

void detect_parse(const char *file, const char *out, const char *err,
		  int status, int timed_out, const struct options *o,
		  json_t *facts, json_t *incomplete)
{
	char why[256];

	if (detect_parse_checked(file, out, err, status, timed_out, o, facts, incomplete,
				 why, sizeof(why)) < 0)
		die(EXIT_USAGE, "%s", bad_facts_message(file, why));
}

/* A fact of tokens that the run's macro file expanded (a queue macro's
 * struct in a member's type) names that file: it is the input file's, at
 * the member's own place. */
static void own_macro_facts(json_t *facts, const char *file)
{
	const char *tmp = tmpdir_path();
	size_t i, n = strlen(tmp);
	json_t *f;
	char *clean = path_clean(file);

	json_array_foreach(facts, i, f) {
		const char *ff = json_string_value(json_object_get(f, "file"));

		if (!ff || strncmp(ff, tmp, n) || ff[n] != '/')
			continue;
		json_object_set_new(f, "file", json_string(clean));
		if (json_object_get(f, "mline")) {
			json_object_set(f, "line", json_object_get(f, "mline"));
			json_object_set(f, "col", json_object_get(f, "mcol"));
		}
	}
	free(clean);
}

struct run_ctx {
	struct detect *d;
	json_t *facts, *incomplete;
	char *bad_facts; /* the first malformed output: an internal error */
};

static void progress(struct detect *d, const char *file)
{
	if (!d->progress)
		return;
	fprintf(stderr, "\r\033[Klockptr: [%zu/%zu] %s", d->done, d->total, file);
	fflush(stderr);
}

struct pending {
	const char *file;
	char key[65];
	int keyed;
	int retry;      /* spatch could not open an include: run it again */
};

static void on_done(struct job *j, void *ctx)
{
	struct run_ctx *rc = ctx;
	struct pending *pe = j->data;
	json_t *facts = json_array(), *inc = json_array();
	size_t i;
	json_t *v;
	int cacheable = j->status == 0 && !j->timed_out;
	char reason[256];

	if (j->status != 0 && !j->timed_out && !rc->d->direct_includes && j->err.data &&
	    strstr(j->err.data, "Sys_error")) {
		pe->retry = 1;
		buf_free(&j->out);
		buf_free(&j->err);
		json_decref(facts);
		json_decref(inc);
		return;
	}
	rc->d->done++;
	if (j->status == 127 && j->spawn_errno) {
		char *why = xasprintf("%s", strerror(j->spawn_errno));

		buf_puts(&j->err, why);
		free(why);
	}
	if (detect_parse_checked(pe->file, j->out.data ? j->out.data : "",
				 j->err.data ? j->err.data : "", j->status, j->timed_out,
				 rc->d->o, facts, inc, reason, sizeof(reason)) < 0) {
		/* Reported once every child has ended (detect_run). */
		if (!rc->bad_facts)
			rc->bad_facts = bad_facts_message(pe->file, reason);
		cacheable = 0;
	}
	view_unmap(facts, inc);
	own_macro_facts(facts, pe->file);
	/* Parse errors are the file's own; other trouble is the run's. */
	json_array_foreach(inc, i, v)
		if (strncmp(json_string_value(json_object_get(v, "reason")), "parse error", 11))
			cacheable = 0;
	if (cacheable && pe->keyed)
		cache_put(&rc->d->cache, pe->key, facts, inc);
	json_array_extend(rc->facts, facts);
	json_array_extend(rc->incomplete, inc);
	json_decref(facts);
	json_decref(inc);
	buf_free(&j->out);
	buf_free(&j->err);
	progress(rc->d, pe->file);
}

void detect_run(struct detect *d, struct srcfile **files, size_t n,
		json_t *facts, json_t *incomplete)
{
	struct job *jobs = xcalloc(n ? n : 1, sizeof(*jobs));
	struct strvec *argvs = xcalloc(n ? n : 1, sizeof(*argvs));
	struct pending *pe = xcalloc(n ? n : 1, sizeof(*pe));
	struct run_ctx rc = { d, facts, incomplete, NULL };
	size_t nj = 0;

	d->total += n;
	for (size_t i = 0; i < n; i++) {
		files[i]->parsed = 1;
		pe[nj].file = files[i]->path;
		pe[nj].keyed = cache_key(&d->cache, files[i]->path, pe[nj].key) == 0;
		if (pe[nj].keyed && cache_get(&d->cache, pe[nj].key, facts, incomplete)) {
			d->hits++;
			d->done++;
			progress(d, files[i]->path);
			continue;
		}
		detect_argv(d, d->patch, files[i]->path, &argvs[nj]);
		jobs[nj].argv = argvs[nj].v;
		jobs[nj].envp = d->env.v;
		jobs[nj].data = &pe[nj];
		nj++;
	}
	spawn_run(jobs, nj, d->o->jobs, d->o->timeout, on_done, &rc);
	{
		size_t nr = 0;

		for (size_t i = 0; i < nj; i++) {
			strvec_free(&argvs[i]);
			if (!pe[i].retry)
				continue;
			memset(&jobs[nr], 0, sizeof(jobs[nr]));
			pe[i].retry = 0;
			d->direct_includes = 1;
			detect_argv(d, d->patch, pe[i].file, &argvs[nr]);
			d->direct_includes = 0;
			jobs[nr].argv = argvs[nr].v;
			jobs[nr].envp = d->env.v;
			jobs[nr].data = &pe[i];
			nr++;
		}
		d->direct_includes = 1;
		spawn_run(jobs, nr, d->o->jobs, d->o->timeout, on_done, &rc);
		d->direct_includes = 0;
		nj = nr;
	}
	for (size_t i = 0; i < nj; i++)
		strvec_free(&argvs[i]);
	free(argvs);
	free(jobs);
	free(pe);
	if (rc.bad_facts)
		die(EXIT_USAGE, "%s", rc.bad_facts);
}
