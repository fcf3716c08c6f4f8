#define _GNU_SOURCE
#include "rewrite.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "box.h"
#include "model.h"
#include "proc.h"
#include "view.h"

char *helper_name(const char *fn)
{
	return xasprintf("lockptr_%s", fn);
}

static int is_typedef_name(const char *t)
{
	return strncmp(t, "struct ", 7) && strncmp(t, "union ", 6);
}

void template_substitute(struct buf *out, const char *tmpl, const char *const *kv)
{
	const char *p = tmpl;

	while (*p) {
		const char *at = strchr(p, '@');
		int done = 0;

		if (!at) {
			buf_puts(out, p);
			break;
		}
		buf_append(out, p, (size_t)(at - p));
		for (size_t i = 0; kv[i]; i += 2) {
			size_t n = strlen(kv[i]);

			if (!strncmp(at + 1, kv[i], n) && at[1 + n] == '@') {
				buf_puts(out, kv[i + 1]);
				p = at + n + 2;
				done = 1;
				break;
			}
		}
		if (!done) {
			buf_append(out, "@", 1);
			p = at + 1;
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "typedef a, b;" for the typedef names among names; "" if none. */
static char *typedefs(const char *a, const char *b, const char *c)
{
	const char *names[3] = { a, b, c };
	struct buf out = { 0 };

	for (int i = 0; i < 3; i++)
		if (names[i] && is_typedef_name(names[i]) &&
		    (i == 0 || !names[0] || strcmp(names[i], names[0])) &&
		    (i < 2 || !names[1] || strcmp(names[2], names[1])))
			buf_printf(&out, "%s%s", out.len ? ", " : "typedef ", names[i]);
	if (out.len)
		buf_puts(&out, ";");
	else
		buf_puts(&out, "");
	return out.data;
}

/* The s-th wrapper a *-wrapper template is for: its kind and form are in
 * the template's name (25-wrap-init-result-wrapper); NULL for others. */
static const struct spec_wrapper *wrapper_for(const struct unit_spec *u, const char *tmpl,
					      size_t s)
{
	if (!strstr(tmpl, "-wrapper"))
		return NULL;
	for (size_t i = 0; i < u->nwrappers; i++) {
		const struct spec_wrapper *w = &u->wrappers[i];
		char *kind = xasprintf("-%s-%s-", w->kind, w->form);
		int match = strstr(tmpl, kind) != NULL;

		free(kind);
		if (match && s-- == 0)
			return w;
	}
	return NULL;
}

/* How many times a template is instantiated: once per spelling of the
 * type (*-spelling), per wrapper it is for (*-wrapper), per zeroed static
 * object (*-zero), per macro whose body takes the lock's address
 * (*-macro), else once. */
static size_t instances(const struct unit_spec *u, const char *tmpl)
{
	size_t n = 0;

	if (strstr(tmpl, "-spelling"))
		return u->spellings.n;
	if (strstr(tmpl, "-zero"))
		return u->nzeros;
	if (strstr(tmpl, "-macro"))
		return u->macros.n;
	if (!strstr(tmpl, "-wrapper"))
		return 1;
	while (wrapper_for(u, tmpl, n))
		n++;
	return n;
}

/* The names of the templates, in the order their rules run. */
static void template_names(const char *dir, struct strvec *names)
{
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		die(EXIT_USAGE, "%s: cannot find the rewrite patches (set LOCKPTR_DATADIR):", dir);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (n > 9 && !strcmp(e->d_name + n - 9, ".cocci.in"))
			strvec_push(names, e->d_name);
	}
	closedir(d);
	if (names->n)
		qsort(names->v, names->n, sizeof(*names->v), cmp_str);
}

/* Appends the templates instantiated for u to all (only the template
 * named only, when given); zid_prefix makes the names of the 45-zero-*
 * and 15-probe rules unique when several units share a patch (a group's
 * patch: the only one with the probe, whose facts group.c reads). With members ("a, b"),
 * the template's rules are for all of those members of u's type at once
 * (a template marked "// Merge: members"): @MEMBER@ is a metavariable
 * that is any of them. */
static void instantiate(struct buf *all, const struct unit_spec *u, const char *zid_prefix,
			const char *only, const char *members)
{
	char *dir = xasprintf("%s/cocci/rewrite", datadir());
	char *hinit = helper_name(u->init), *hdestroy = helper_name(u->destroy);
	const char *decl = u->decl_lock ? u->decl_lock : u->lock;
	char *td = typedefs(u->lock, u->type, decl), *tdl = typedefs(u->lock, NULL, decl);
	struct strvec names = { 0 };
	int tagged = !is_typedef_name(u->type);
	const char *dot = strchr(u->member, '.');
	char *outer = dot ? strndup(u->member, (size_t)(dot - u->member)) : xstrdup(u->member);
	const char *leaf = dot ? dot + 1 : u->member;
	char *box = box_prefix(u->lock);

	char *tdm = members ? xasprintf("%s\nidentifier lockptr_M = {%s};", td, members) : NULL;

	template_names(dir, &names);
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i];
		char *p = xasprintf("%s/%s", dir, name);
		struct buf tmpl = { 0 };

		if (only && strcmp(name, only)) {
			free(p);
			continue;
		}

		/* A dotted member (in.m: a lock in an anonymous struct) has
		 * declaration patches of its own and no static ones. */
		if ((strstr(name, "-tagged") && !tagged) || (strstr(name, "-anon-") && tagged) ||
		    (strstr(name, "-probe") && !*zid_prefix) ||
		    (strstr(name, "-positional") && u->index < 0) ||
		    (strstr(name, "-dotted") && !dot) ||
		    (dot && ((strstr(name, "-decl-") && !strstr(name, "-dotted")) ||
			     strstr(name, "-static-")))) {
			free(p);
			continue;
		}
		if (read_file(p, &tmpl) < 0)
			die(EXIT_USAGE, "%s:", p);
		for (size_t s = 0; s < instances(u, name); s++) {
			const char *spelling = strstr(name, "-spelling") ? u->spellings.v[s] : u->type;
			const struct spec_wrapper *w = wrapper_for(u, name, s);
			const struct spec_zero *z = strstr(name, "-zero") ? &u->zeros[s] : NULL;
			char zid[48];
			char *tds = typedefs(u->lock, spelling, NULL);
			char index[16];
			const char *kv[] = {
				"TYPEDEFS_SPELLING", tds, "TYPEDEFS_LOCK", tdl,
				"TYPEDEFS", tdm ? tdm : td, "TYPE", u->type,
				"MEMBER", members ? "lockptr_M" : u->member, "LOCK", u->lock,
				"DECLLOCK", decl,
				"INIT", u->init, "DESTROY", u->destroy, "HINIT", hinit,
				"HDESTROY", hdestroy, "SPELLING", spelling, "INDEX", index,
				"OUTER", outer, "LEAF", leaf, "BOX", box,
				"WRAPPER", w ? w->name : "", "NOMEM", w && w->nomem ? w->nomem : "",
				"ZNAME", z ? z->name : "", "ZSCOPE", z ? z->scope : "",
				"ZFIRST", z ? z->first : "", "ZINIT", z ? z->init : "",
				"ZBOX", z ? z->box : "", "ZID", zid,
				"MNAME", strstr(name, "-macro") ? u->macros.v[s] : "",
				NULL,
			};

			snprintf(zid, sizeof(zid), "%s%zu", zid_prefix, s);
			snprintf(index, sizeof(index), "%d", u->index);
			template_substitute(all, tmpl.data, kv);
			buf_puts(all, "\n");
			free(tds);
		}
		buf_free(&tmpl);
		free(p);
	}
	strvec_free(&names);
	free(dir);
	free(hinit);
	free(hdestroy);
	free(outer);
	free(box);
	free(td);
	free(tdl);
	free(tdm);
}

/* Writes text to *path (made in the run's temporary directory on first
 * use, then rewritten) and returns a copy of the path. */
static char *write_patch(char **path, const char *name, const struct buf *text)
{
	int fd;

	if (!*path)
		*path = tmpdir_file(name);
	fd = open(*path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || write_all(fd, text->data ? text->data : "", text->len) < 0 || close(fd) < 0)
		die(EXIT_USAGE, "%s:", *path);
	return xstrdup(*path);
}

char *rewrite_patch(const struct unit_spec *u)
{
	static char *path;
	struct buf all = { 0 };
	char *out;

	instantiate(&all, u, "", NULL, NULL);
	out = write_patch(&path, "unit.cocci", &all);
	buf_free(&all);
	return out;
}

/* Whether a and b rewrite the calls of the same lock wrappers alike
 * (those of one lock family: plan.c gives every unit of it the same). */
static int same_wrappers(const struct unit_spec *a, const struct unit_spec *b)
{
	if (a->nwrappers != b->nwrappers)
		return 0;
	for (size_t i = 0; i < a->nwrappers; i++) {
		const struct spec_wrapper *x = &a->wrappers[i], *y = &b->wrappers[i];

		if (strcmp(x->name, y->name) || strcmp(x->kind, y->kind) ||
		    strcmp(x->form, y->form) || !x->nomem != !y->nomem ||
		    (x->nomem && strcmp(x->nomem, y->nomem)))
			return 0;
	}
	return 1;
}

/* Whether units a and b can share the rules of a mergeable template:
 * members of one type with one lock and its wrappers, neither in an
 * anonymous member. */
static int same_class(const struct unit_spec *a, const struct unit_spec *b)
{
	const char *da = a->decl_lock ? a->decl_lock : a->lock;
	const char *db = b->decl_lock ? b->decl_lock : b->lock;

	return !strcmp(a->type, b->type) && !strcmp(a->lock, b->lock) && !strcmp(da, db) &&
	       !strcmp(a->init, b->init) && !strcmp(a->destroy, b->destroy) &&
	       same_wrappers(a, b) && !strchr(a->member, '.') && !strchr(b->member, '.');
}

/* Unit i's rules of template name in a group patch: with merge, the
 * first unit of its class writes them for every member of the class,
 * and the others none. */
static void group_instance(struct buf *all, const struct unit_spec *const *specs, size_t n,
			   size_t i, const char *name, int merge)
{
	struct buf members = { 0 };
	struct strvec seen = { 0 };
	char prefix[32];

	snprintf(prefix, sizeof(prefix), "u%zu_", i);
	for (size_t j = 0; merge && j < i; j++)
		if (same_class(specs[j], specs[i]))
			return;
	for (size_t j = i; merge && j < n; j++) {
		if (!same_class(specs[j], specs[i]) || strvec_has(&seen, specs[j]->member))
			continue;
		buf_printf(&members, "%s%s", seen.n ? ", " : "", specs[j]->member);
		strvec_push(&seen, specs[j]->member);
	}
	instantiate(all, specs[i], prefix, name, seen.n > 1 ? members.data : NULL);
	buf_free(&members);
	strvec_free(&seen);
}

/* Whether unit i's member has the last name of a member of another
 * type in specs: only then does the group need to know which of them a
 * change is (the probe's facts). */
static int name_shared(const struct unit_spec *const *specs, size_t n, size_t i)
{
	for (size_t j = 0; j < n; j++)
		if (j != i && strcmp(specs[j]->type, specs[i]->type) &&
		    !strcmp(member_leaf(specs[j]->member), member_leaf(specs[i]->member)))
			return 1;
	return 0;
}

char *rewrite_group_patch(const struct unit_spec *const *specs, size_t n, int probe)
{
	static unsigned long made;
	char name[48], *path = NULL;
	struct buf all = { 0 };
	char *out;

	/* Template by template, each unit's rules after the previous unit's:
	 * every unit's own rules run in their order, each seeing what the
	 * units before it made, as a run of one unit after the other does
	 * (the rules of two members touch different code). Only the
	 * zero-static rules are named (others refer to them): their names
	 * get the unit's place. */
	char *dir = xasprintf("%s/cocci/rewrite", datadir());
	struct strvec names = { 0 };

	template_names(dir, &names);
	for (size_t t = 0; t < names.n; t++) {
		char *p = xasprintf("%s/%s", dir, names.v[t]);
		struct buf tmpl = { 0 };
		int merge;

		if (read_file(p, &tmpl) < 0)
			die(EXIT_USAGE, "%s:", p);
		merge = strstr(tmpl.data ? tmpl.data : "", "\n// Merge: members\n") != NULL;
		for (size_t i = 0; i < n; i++)
			if (!strstr(names.v[t], "-probe") || (probe && name_shared(specs, n, i)))
				group_instance(&all, specs, n, i, names.v[t], merge);
		buf_free(&tmpl);
		free(p);
	}
	strvec_free(&names);
	free(dir);
	/* A file of its own: a group's files may need several at once. */
	snprintf(name, sizeof(name), "group%lu.cocci", made++);
	out = write_patch(&path, name, &all);
	free(path);
	buf_free(&all);
	return out;
}

static uint64_t line_hash(const char *p, size_t n)
{
	uint64_t h = 14695981039346656037ULL;  /* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return h;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Lines that spatch wrote end in "\n"; the lines it left keep their bytes.
 * In a file with CRLF lines, a written line that the original has with a
 * bare "\n" keeps it; any other takes the ending of the line before it
 * (the first, the original's most common), so that a file of mixed
 * endings stays mixed line by line. */
static void keep_crlf(const struct buf *orig, struct buf *out)
{
	struct buf fixed = { 0 };
	uint64_t *lf = NULL;
	size_t nlf = 0, ncrlf = 0;
	int crlf;

	if (!orig->data || !memmem(orig->data, orig->len, "\r\n", 2))
		return;
	for (size_t i = 0; i < orig->len; i++)
		nlf += orig->data[i] == '\n';
	lf = xcalloc(nlf + 1, sizeof(*lf));
	nlf = 0;
	for (size_t i = 0; i < orig->len;) {
		size_t n = strcspn(orig->data + i, "\n");

		if (i + n >= orig->len)
			break;
		if (n > 0 && orig->data[i + n - 1] == '\r')
			ncrlf++;
		else
			lf[nlf++] = line_hash(orig->data + i, n);
		i += n + 1;
	}
	qsort(lf, nlf, sizeof(*lf), cmp_u64);
	crlf = ncrlf >= nlf;
	for (size_t i = 0; i < out->len;) {
		size_t n = strcspn(out->data + i, "\n");
		const char *l = out->data + i;
		uint64_t h;

		buf_append(&fixed, l, n);
		if (i + n >= out->len)
			break;
		h = line_hash(l, n);
		if (n > 0 && l[n - 1] == '\r')
			crlf = 1;
		else if (bsearch(&h, lf, nlf, sizeof(*lf), cmp_u64))
			crlf = 0;
		else if (crlf)
			buf_append(&fixed, "\r", 1);
		buf_append(&fixed, "\n", 1);
		i += n + 1;
	}
	free(lf);
	buf_free(out);
	*out = fixed;
}

struct rw_ctx {
	struct rewrite_out *out;
	char **outs;
	char *const *files;
	const struct options *o;
	json_t *facts;  /* rewrite_check: the facts printed on the way */
};

const char *spatch_error_line(const char *e)
{
	static const char *const why[] = { "Fatal error", "EXN", "try to delete", NULL };
	const char *l;

	for (int k = 0; why[k]; k++)
		if ((l = strstr(e, why[k])))
			return l;
	for (l = e; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] == '\n'))
		if (strncmp(l, "init_defs", 9) && l[0] != '\n')
			return l;
	return e;
}

static void on_done(struct job *j, void *ctx)
{
	struct rw_ctx *c = ctx;
	size_t i = (size_t)(uintptr_t)j->data;
	struct rewrite_out *r = &c->out[i];
	struct buf orig = { 0 }, now = { 0 };

	if (j->timed_out) {
		r->error = xasprintf("spatch timed out after %d s (--timeout)", c->o->timeout);
	} else if (j->status != 0) {
		const char *e = j->err.data ? j->err.data : "";
		const char *line = spatch_error_line(e);
		int n = (int)strcspn(line, "\n");

		r->error = n ? xasprintf("spatch failed (status %d): %.*s", j->status, n, line)
			     : xasprintf("spatch failed (status %d)", j->status);
	} else if (read_file(c->outs[i], &now) < 0) {
		r->error = xasprintf("spatch wrote no output: %s", strerror(errno));
	} else if (read_file(c->files[i], &orig) < 0) {
		r->error = xasprintf("cannot read: %s", strerror(errno));
	} else if (view_find(c->files[i]) &&
		   view_restore(view_find(c->files[i]), &now, &r->refusal) < 0) {
		/* Keeps the file: a rewrite that loses an attribute is none. */
	} else {
		keep_crlf(&orig, &now);
		if (now.len != orig.len || memcmp(now.data, orig.data, now.len)) {
			r->contents = now.data;
			r->len = now.len;
			now.data = NULL;
		}
	}
	if (c->facts && !r->error) {
		json_t *inc = json_array();

		json_t *mine = json_array();

		detect_parse(c->files[i], j->out.data ? j->out.data : "", "", 0, 0, c->o,
			     mine, inc);
		view_unmap(mine, inc);
		json_array_extend(c->facts, mine);
		json_decref(mine);
		json_decref(inc);
	}
	unlink(c->outs[i]);
	buf_free(&orig);
	buf_free(&now);
	buf_free(&j->out);
	buf_free(&j->err);
}

static void run(struct detect *d, const char *const *patches, char *const *files,
		size_t n, struct rewrite_out *out, json_t *facts);

/* Runs with the same patch for every file. */
static void run_one_patch(struct detect *d, const char *patch, char *const *files, size_t n,
			  struct rewrite_out *out, json_t *facts)
{
	const char **patches = xcalloc(n + 1, sizeof(*patches));

	for (size_t i = 0; i < n; i++)
		patches[i] = patch;
	run(d, patches, files, n, out, facts);
	free(patches);
}

void rewrite_run(struct detect *d, const char *patch, char *const *files,
		 size_t n, struct rewrite_out *out)
{
	run_one_patch(d, patch, files, n, out, NULL);
}

void rewrite_run_each(struct detect *d, const char *const *patches, char *const *files,
		      size_t n, struct rewrite_out *out, json_t *facts)
{
	run(d, patches, files, n, out, facts);
}

void rewrite_check(struct detect *d, const char *patch, char *const *files,
		   size_t n, struct rewrite_out *out, json_t *facts)
{
	run_one_patch(d, patch, files, n, out, facts);
}

static char *check_patch(char **pathp, const char *name, const char *unit_patch);

char *rewrite_check_patch(const char *unit_patch)
{
	static char *path;

	return check_patch(&path, "check.cocci", unit_patch);
}

char *rewrite_group_check_patch(const char *group_patch)
{
	static unsigned long made;
	char name[48], *path = NULL, *out;

	snprintf(name, sizeof(name), "check%lu.cocci", made++);
	out = check_patch(&path, name, group_patch);
	free(path);
	return out;
}

static char *check_patch(char **pathp, const char *name, const char *unit_patch)
{
	struct buf all = { 0 };
	char *recheck = detect_recheck_patch();
	char *path;
	int fd;

	/* The checks first: their prelude declares a virtual, which spatch
	 * takes only before every rule. The order changes nothing that is
	 * kept: a unit's patch that changes the file fails the check anyway. */
	if (read_file(recheck, &all) < 0 || (buf_puts(&all, "\n"), read_file(unit_patch, &all)) < 0)
		die(EXIT_USAGE, "reading the patches:");
	free(recheck);
	if (!*pathp)
		*pathp = tmpdir_file(name);
	path = *pathp;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || write_all(fd, all.data, all.len) < 0 || close(fd) < 0)
		die(EXIT_USAGE, "%s:", path);
	buf_free(&all);
	return xstrdup(path);
}

static void run(struct detect *d, const char *const *patches, char *const *files,
		size_t n, struct rewrite_out *out, json_t *facts)
{
	struct job *jobs = xcalloc(n ? n : 1, sizeof(*jobs));
	struct strvec *argvs = xcalloc(n ? n : 1, sizeof(*argvs));
	char **outs = xcalloc(n ? n : 1, sizeof(*outs));
	struct rw_ctx ctx = { out, outs, files, d->o, facts };
	char *outdir = tmpdir_file("out");

	if (mkdir(outdir, 0700) < 0 && errno != EEXIST)
		die(EXIT_USAGE, "%s:", outdir);
	for (size_t i = 0; i < n; i++) {
		const char *slash = strrchr(files[i], '/');

		memset(&out[i], 0, sizeof(out[i]));
		/* Same basename, so that spatch sees a .c or .h. */
		outs[i] = xasprintf("%s/%zu-%s", outdir, i, slash ? slash + 1 : files[i]);
		detect_argv(d, patches[i], files[i], &argvs[i]);
		strvec_push(&argvs[i], "--no-show-diff");
		strvec_push(&argvs[i], "-o");
		strvec_push(&argvs[i], outs[i]);
		jobs[i].argv = argvs[i].v;
		jobs[i].envp = d->env.v;
		jobs[i].data = (void *)(uintptr_t)i;
	}
	spawn_run(jobs, n, d->o->jobs, d->o->timeout, on_done, &ctx);
	/* As in the fact pass: a file whose include chain spatch cannot
	 * open is run again with its direct includes only. */
	for (size_t i = 0; i < n; i++) {
		if (!out[i].error || !strstr(out[i].error, "Sys_error"))
			continue;
		free(out[i].error);
		out[i].error = NULL;
		strvec_free(&argvs[i]);
		d->direct_includes = 1;
		detect_argv(d, patches[i], files[i], &argvs[i]);
		d->direct_includes = 0;
		strvec_push(&argvs[i], "--no-show-diff");
		strvec_push(&argvs[i], "-o");
		strvec_push(&argvs[i], outs[i]);
		memset(&jobs[i], 0, sizeof(jobs[i]));
		jobs[i].argv = argvs[i].v;
		jobs[i].envp = d->env.v;
		jobs[i].data = (void *)(uintptr_t)i;
		spawn_run(&jobs[i], 1, 1, d->o->timeout, on_done, &ctx);
	}
	rmdir(outdir);
	for (size_t i = 0; i < n; i++) {
		strvec_free(&argvs[i]);
		free(outs[i]);
	}
	free(outdir);
	free(outs);
	free(argvs);
	free(jobs);
}

void rewrite_out_free(struct rewrite_out *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(out[i].contents);
		free(out[i].error);
		free(out[i].refusal);
	}
}

char *helper_header(const struct strvec *locks, const char *existing)
{
	struct buf out = { 0 };
	const char *p;
	char *family = NULL;
	int keep = 0;

	for (p = helper_template(); *p;) {
		size_t n = strcspn(p, "\n");

		if (!strncmp(p, "//@ ", 4)) {
			char *name = strndup(p + 4, n - 4);
			char *marker = xasprintf("/* lockptr: %s */", name ? name : "");

			keep = !strcmp(name, "head") || !strcmp(name, "inline") ||
			       !strcmp(name, "tail") ||
			       strvec_has(locks, name) || (existing && strstr(existing, marker));
			free(marker);
			free(family);
			family = name;
		} else if (keep && n == 8 && !strncmp(p, "//@@ box", 8)) {
			/* The family's box, before the helpers that use it. */
			char *box = box_section(family, "int");

			buf_printf(&out, "\n%s\n", box);
			free(box);
		} else if (keep) {
			buf_append(&out, p, n);
			buf_puts(&out, "\n");
		}
		p += n + (p[n] == '\n');
	}
	free(family);
	return out.data;
}
