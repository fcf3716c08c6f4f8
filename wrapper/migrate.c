#define _GNU_SOURCE
#include "migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apply.h"
#include "defs.h"
#include "group.h"
#include "helper.h"
#include "macros.h"
#include "plan.h"
#include "proc.h"
#include "report.h"
#include "rescue.h"
#include "rewrite.h"
#include "run.h"
#include "series.h"
#include "tree.h"
#include "verdict.h"
#include "verify.h"

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* Macro bodies spatch cannot parse (a `goto` in a do/while) keep the
 * lock's address after 35-macro-body-macro: their '&' goes here, in the
 * text of each file that defines one of the unit's macros. -1 with res
 * set when such a file cannot be read. */
static int macro_text_changes(struct run *r, const struct unit *u, const struct plan *p,
			      struct change **chp, size_t *nchp, struct result *res)
{
	const char *leaf = strrchr(u->member, '.') ? strrchr(u->member, '.') + 1 : u->member;
	size_t i;
	json_t *f;

	json_array_foreach(r->s.facts, i, f) {
		size_t had = *nchp;
		long k;

		if (strcmp(str(f, "k"), "macro_addr") || !strvec_has(&p->spec.macros, str(f, "macro")))
			continue;
		if ((k = change_of(r, str(f, "file"), chp, nchp, res)) < 0)
			return -1;
		/* A file only this edit would change, and it does not. */
		if (!macro_unaddress(&(*chp)[k].contents, str(f, "macro"), leaf) &&
		    (size_t)k == had) {
			*nchp = had;
			free((*chp)[k].path);
			buf_free(&(*chp)[k].contents);
			buf_free(&(*chp)[k].orig);
			memset(&(*chp)[k], 0, sizeof(**chp));
		}
	}
	return 0;
}

/* The rewrite's changes, the host's #include and the helper header; 0,
 * or -1 with res set (nothing changed, the declaration not rewritten, a
 * file that cannot be used). */
int unit_changes(struct run *r, const struct unit *u, struct plan *p,
			const struct rewrite_out *outs, struct buf *snaps, struct change **chp,
			size_t *nchp, struct result *res)
{
	size_t nch;
	struct change *ch;

	if (apply_collect(r, u, p, outs, snaps, chp, nchp, res) < 0 ||
	    macro_text_changes(r, u, p, chp, nchp, res) < 0 ||
	    helper_include_host(r, u, p, chp, nchp, res) < 0)
		return -1;
	ch = *chp;
	nch = *nchp;
	if (nch == 0) {
		result_set(res, "unchanged", xstrdup("the rewrite changed nothing"));
		return -1;
	}
	{
		int decl = 0;

		for (size_t i = 0; i < nch; i++)
			decl |= !strcmp(ch[i].path, u->file);
		if (!decl) {
			result_set(res, "rolled-back", xasprintf("the declaration in %s was not "
								 "rewritten", u->file));
			res->judged = 1;
			return -1;
		}
	}
	return helper_header_change(r, u, p, ch, nchp, res);
}

/* The notes of a migrated unit (verify.h) from the facts of the files
 * that see its definition: another definition's inits are not its own. */
char *unit_notes(struct run *r, const struct unit *u, const struct plan *p,
			const struct change *ch, size_t nch)
{
	json_t *all = r->s.facts;
	char *notes;

	if (u->def)
		r->s.facts = defs_facts(&r->s.model, all, &r->inc, u);
	notes = migrated_notes(r, u, &p->spec, ch, nch);
	if (u->def) {
		json_decref(r->s.facts);
		r->s.facts = all;
	}
	return notes;
}

/* Verifies the written changes, then keeps them or rolls them back;
 * res gets the outcome. */
static void verify_unit(struct run *r, const struct unit *u, struct plan *p, const char *patch,
			struct change *ch, size_t nch, struct diags *before, struct diags *after,
			struct result *res)
{
	char *why = apply_write_unit(r, ch, nch), *notes = NULL;
	int judged = 0;

	if (!why)
		why = verify_after(r, u, p, patch, ch, nch, before, after, &judged);
	if (!why)
		notes = unit_notes(r, u, p, ch, nch);
	/* --commit: a commit git refuses is no verdict of the code. */
	if (!why && r->series && (why = series_keep(r->series, r, u, notes, ch, nch)))
		judged = 0;
	if (why) {
		free(notes);
		why = rollback_unit(why);
		/* An edit made meanwhile is no verdict of the code. */
		result_set(res, "rolled-back", why);
		res->judged = judged && !strstr(why, "changed while lockptr ran");
	} else {
		apply_commit();
		verify_kept(r, &p->confs, after);
		result_set(res, "migrated", notes);
		for (size_t i = 0; i < nch; i++)
			strvec_push(&res->files, ch[i].path);
	}
}

void changes_free(struct change *ch, size_t nch)
{
	for (size_t i = 0; i < nch; i++) {
		free(ch[i].path);
		buf_free(&ch[i].contents);
		buf_free(&ch[i].orig);
	}
	free(ch);
}

/* One unit, all or nothing: plan, a verdict kept from an earlier run,
 * rewrite, verify before, write, verify after, then keep or roll back.
 * res gets the outcome; a verdict of the code is kept for the next run. */
void migrate_unit(struct run *r, const struct unit *u, struct result *res)
{
	struct plan p;
	struct verdict_key vk;
	struct rewrite_out *outs = NULL;
	struct change *ch = NULL;
	struct diags *before = NULL, *after = NULL;
	struct buf *snaps = NULL;
	const char *stage = "rewrite";
	size_t nch = 0;
	char *patch = NULL;
	long long t0;

	memset(&vk, 0, sizeof(vk));
	if (plan_unit(r, u, &p, res) < 0 || plan_scope(r, u, &p, res) < 0)
		goto out;
	patch = rewrite_patch(&p.spec);
	if (verdict_get(r, u, &p, patch, &vk, res))
		goto out;
	verdict_inputs(r, &p, NULL, NULL, &vk);
	outs = xcalloc(p.paths.n ? p.paths.n : 1, sizeof(*outs));
	snaps = apply_snapshot(&p.paths);
	t0 = now_ms();
	rewrite_run(&r->d, patch, p.paths.v, p.paths.n, outs);
	profile(u, "rewrite", t0, p.paths.n);
	if (unit_changes(r, u, &p, outs, snaps, &ch, &nch, res) < 0)
		goto out;
	if (r->series && series_ask(r->series, u, ch, nch, res) < 0)
		goto out;
	plan_tus(r, &p, ch, nch);
	stage = "verify";
	verdict_inputs(r, &p, &p.tus, &p.confs, &vk);
	before = xcalloc(p.confs.n ? p.confs.n : 1, sizeof(*before));
	after = xcalloc(p.confs.n ? p.confs.n : 1, sizeof(*after));
	if (verify_before(r, u, &p.confs, before, res) < 0 || apply_begin(r, ch, nch, res) < 0)
		goto out;
	verify_unit(r, u, &p, patch, ch, nch, before, after, res);
out:
	if (res->judged)
		verdict_put(&vk, stage, ch, nch, res);
	if (outs)
		rewrite_out_free(outs, p.paths.n);
	free(outs);
	changes_free(ch, nch);
	snapshot_free(snaps, p.paths.n);
	if (before)
		diags_free(before, p.confs.n);
	if (after)
		diags_free(after, p.confs.n);
	free(before);
	free(after);
	free(patch);
	plan_free(&p);
}

/* The units to migrate: --only, --all, or those whose type is copied;
 * one entry per type.member of one definition (defs.h). */
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
			       !strcmp(sel->v[j]->member, u->member) && defs_same(sel->v[j], u);
		if (pick && !dup)
			sel->v[sel->n++] = u;
	}
}

/* A unit as --only names it: "struct x.m", or "struct x.m@a_unix.c" for
 * one of several definitions. */
static char *unit_name(const char *type, const char *member, const char *def)
{
	return xasprintf("%s.%s%s%s", type, member, def ? "@" : "", def ? def : "");
}

/* Whether a unit's outcome fails the run: rolled back or refused (kept
 * and skipped are the user's choice). */
static int failed(const char *status)
{
	return strcmp(status, "migrated") && strcmp(status, "unchanged") &&
	       strcmp(status, "kept") && strcmp(status, "skipped");
}

static void print_results(struct run *r)
{
	if (r->o->format == FORMAT_TEXT) {
		size_t counts[5] = { 0 };
		const char *names[5] = { "migrated", "rolled-back", "refused", "unchanged", "skipped" };

		for (size_t i = 0; i < r->nres; i++) {
			struct result *x = &r->res[i];
			int warn = failed(x->status);
			char *name = unit_name(x->type, x->member, x->def);

			for (int k = 0; k < 5; k++)
				counts[k] += !strcmp(x->status, names[k]);
			printf("%s:%lld:%lld: %s: '%s' %s%s%s\n", x->file, (long long)x->line,
			       (long long)x->column, warn ? "warning" : "note", name,
			       x->status, x->reason ? ": " : "", x->reason ? x->reason : "");
			free(name);
		}
		{
			size_t k;
			json_t *v;

			json_array_foreach(r->s.result.incomplete, k, v)
				printf("%s: error: not fully scanned: %s [incomplete]\n",
				       str(v, "file"), str(v, "reason"));
		}
		if (!r->o->quiet) {
			size_t kept = r->nres - counts[0] - counts[1] - counts[2] - counts[3] -
				      counts[4];

			printf("lockptr: %zu migrated, %zu rolled back, %zu refused, %zu unchanged",
			       counts[0], counts[1], counts[2], counts[3]);
			if (kept)
				printf(", %zu kept", kept);
			if (counts[4])
				printf(", %zu skipped", counts[4]);
			putchar('\n');
		}
	} else {
		json_t *units = json_array(), *doc;

		for (size_t i = 0; i < r->nres; i++) {
			struct result *x = &r->res[i];
			json_t *files = json_array();

			for (size_t k = 0; k < x->files.n; k++)
				json_array_append_new(files, json_string(x->files.v[k]));
			json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:o}", "type", x->type,
					      "member", x->member, "status", x->status,
					      "reason", x->reason, "files", files);

			if (x->by_design && !strcmp(x->status, "refused"))
				json_object_set_new(o, "by_design", json_true());
			if (x->def)
				json_object_set_new(o, "definition", json_string(x->def));
			if (x->entries)
				json_object_set(o, "entries", x->entries);
			json_array_append_new(units, o);
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

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* diff's output: each written file of the private copy against the
 * tree's. */
static int print_changes(struct run *r, const char *mirror)
{
	const struct options *o = r->o;
	int color = o->color == WHEN_ALWAYS || (o->color == WHEN_AUTO && isatty(1));
	int rc = EXIT_CLEAN;

	if (r->written.n > 1)
		qsort(r->written.v, r->written.n, sizeof(char *), cmp_path);
	for (size_t k = 0; k < r->written.n; k++) {
		const char *p = r->written.v[k];
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
			report_diff(stdout, j.out.data, color);
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
	return rc;
}

/* diff's stderr: what was not migrated and why, what was not scanned. */
static void print_not_migrated(const struct run *r)
{
	const struct options *o = r->o;
	size_t i;

	for (i = 0; !o->quiet && i < r->nres; i++) {
		const struct result *x = &r->res[i];
		char *name = unit_name(x->type, x->member, x->def);

		if (strcmp(x->status, "migrated"))
			fprintf(stderr, "lockptr: %s:%lld:%lld: '%s' %s%s%s\n", x->file,
				(long long)x->line, (long long)x->column, name, x->status,
				x->reason ? ": " : "", x->reason ? x->reason : "");
		free(name);
	}
	if (!o->quiet) {
		json_t *v;

		json_array_foreach(r->s.result.incomplete, i, v)
			fprintf(stderr, "lockptr: %s: not fully scanned: %s\n",
				str(v, "file"), str(v, "reason"));
	}
}

static void results_free(struct run *r)
{
	for (size_t i = 0; i < r->nres; i++) {
		free(r->res[i].type);
		free(r->res[i].member);
		free(r->res[i].status);
		free(r->res[i].reason);
		free(r->res[i].file);
		free(r->res[i].def);
		strvec_free(&r->res[i].files);
		json_decref(r->res[i].entries);
	}
	free(r->res);
}

/* A unit's result, before anything is decided: its name and place. */
static struct result *result_new(struct run *r, const struct unit *u)
{
	struct result *x = &r->res[r->nres++];

	x->type = xstrdup(u->type);
	x->member = xstrdup(u->member);
	x->file = xstrdup(u->file);
	x->line = u->line;
	x->column = u->column;
	x->by_design = u->by_design;
	x->def = u->def ? xstrdup(u->def) : NULL;
	return x;
}

/* Every selected unit, in order: kept and refused ones as they are, the
 * others migrated in groups (group.h), or one at a time with
 * --one-by-one and where series.h asks or records each unit on its own. */
static void migrate_selection(struct run *r, const struct selection *sel)
{
	const struct unit **todo = xcalloc(sel->n + 1, sizeof(*todo));
	struct result **res = xcalloc(sel->n + 1, sizeof(*res));
	size_t n = 0;
	int grouped = !r->o->one_by_one && !r->series;

	for (size_t i = 0; i < sel->n; i++) {
		const struct unit *u = sel->v[i];
		struct result *x = result_new(r, u);

		if (u->kept)  /* keep.h: never migrated */
			result_set(x, "kept", xstrdup(*u->kept ? u->kept : "(no reason given)"));
		else if (u->refused)
			result_set(x, "refused", xstrdup(u->refused));
		else if (series_quit(r->series))
			result_set(x, "skipped", xstrdup("not asked: quit at the prompt"));
		else if (grouped) {
			todo[n] = u;
			res[n++] = x;
		} else
			migrate_unit(r, u, x);
	}
	if (grouped)
		group_migrate(r, todo, res, n);
	free(todo);
	free(res);
}

static int migrate(const struct options *o, enum mode mode)
{
	struct run r = { .o = o, .mode = mode };
	char err[1024], *mirror = NULL, *mirror_root = NULL, *cwd = NULL;
	struct selection sel;
	size_t i;
	int rc = EXIT_CLEAN;

	if (mode == MODE_APPLY)
		apply_start(o);
	r.series = series_start(o, mode);
	if (mode == MODE_DIFF && o->test_cmd && !o->quiet)
		warn("diff does not run --test-cmd (it works in a private copy without the "
		     "project's other files); apply runs it");
	{
		long long t0 = now_ms();
		const struct unit all = { .type = "(all)", .member = "scan" };

		scan_run(&r.s, o);
		profile(&all, "scan", t0, r.s.files.n);
	}
	selection(&r, 1, &sel);
	r.unwritable = xcalloc(r.s.files.n + 1, sizeof(*r.unwritable));
	for (size_t k = 0; k < r.s.files.n; k++)
		r.unwritable[k] = tree_unwritable(r.s.files.v[k].path);
	if (o->compdb && compdb_load(o->compdb, &r.db, err, sizeof(err)) < 0)
		die(EXIT_USAGE, "-p %s", err);
	/* The build files are in the tree, not in diff's private copy. */
	scope_load(&r.scope);
	if (mode == MODE_DIFF)
		mirror = mirror_make(&r, &cwd, &mirror_root);
	detect_init(&r.d, o, r.db, &r.s.files);
	r.d.rescued = &r.s.rescued;
	r.d.rescue_macros = r.s.rescue_macros;
	{
		/* `local struct s x = {...}` (#define local static): the rewrite
		 * rules match the declaration only when spatch knows it is one. */
		char *storage = rescue_storage_defines(&r.s);

		if (storage)
			detect_storage_macros(&r.d, storage);
		free(storage);
	}
	verdict_open(&r);
	r.res = xcalloc(sel.n + 1, sizeof(*r.res));
	migrate_selection(&r, &sel);
	if (mode == MODE_DIFF) {
		if (chdir(cwd) < 0)
			die(EXIT_USAGE, "%s:", cwd);
		if (r.series)
			rc = series_finish(r.series) ? EXIT_FINDINGS : EXIT_CLEAN;
		else
			rc = print_changes(&r, mirror);
		print_not_migrated(&r);
		mirror_remove(mirror_root);
	} else {
		print_results(&r);
		for (i = 0; i < r.nres; i++)
			if (failed(r.res[i].status))
				rc = EXIT_FINDINGS;
	}
	if (json_array_size(r.s.result.incomplete))
		rc = EXIT_INCOMPLETE;
	results_free(&r);
	series_free(r.series);
	for (size_t k = 0; k < r.s.files.n; k++)
		free(r.unwritable[k]);
	free(r.unwritable);
	strvec_free(&r.written);
	verify_forget(&r);
	includes_free(&r.inc);
	scope_free(&r.scope);
	free(sel.v);
	detect_free(&r.d);
	compdb_free(r.db);
	scan_free(&r.s);
	free(mirror);
	free(mirror_root);
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

/* verify's text: a line per selected unit still embedded, then the count
 * of those still pending (the units refused by design stay as they are). */
static void verify_text(const struct selection *sel, size_t pending, int quiet)
{
	size_t kept = 0;

	for (size_t i = 0; i < sel->n; i++) {
		const struct unit *u = sel->v[i];
		char *name = unit_name(u->type, u->member, u->def);

		if (u->kept)
			printf("%s:%lld:%lld: note: '%s' is kept by value on purpose: %s\n",
			       u->file, u->line, u->column, name, *u->kept ? u->kept : "(no reason given)");
		else if (u->refused && u->by_design)
			printf("%s:%lld:%lld: note: '%s' stays embedded by value, refused by "
			       "design: %s\n", u->file, u->line, u->column, name, u->refused);
		else
			printf("%s:%lld:%lld: warning: '%s' is still embedded by value%s%s\n",
			       u->file, u->line, u->column, name,
			       u->refused ? "; refused: " : "", u->refused ? u->refused : "");
		kept += u->kept != NULL;
		free(name);
	}
	if (quiet)
		return;
	printf("lockptr: %zu selected unit%s still embedded by value", pending,
	       pending == 1 ? "" : "s");
	if (kept)
		printf(", %zu kept", kept);
	if (sel->n > pending + kept)
		printf(" (%zu more refused by design, which stay%s)", sel->n - pending - kept,
		       sel->n - pending - kept == 1 ? "s" : "");
	putchar('\n');
}

/* DESIGN: 0 once every selected unit is migrated or refused by design
 * (process-shared, in shared memory); a unit refused for a limit of
 * lockptr is still pending. */
int cmd_verify(const struct options *o)
{
	struct run r = { .o = o };
	struct selection sel;
	size_t pending = 0;  /* selected, not kept, not refused by design */
	int rc;

	scan_run(&r.s, o);
	selection(&r, 0, &sel);
	for (size_t i = 0; i < sel.n; i++)
		pending += !sel.v[i]->kept && !(sel.v[i]->refused && sel.v[i]->by_design);
	if (o->format == FORMAT_TEXT) {
		verify_text(&sel, pending, o->quiet);
	} else {
		json_t *units = json_array(), *doc;

		for (size_t i = 0; i < sel.n; i++)
			json_array_append_new(units, report_unit_json(sel.v[i]));
		doc = json_pack("{s:i, s:o, s:O, s:I}", "version", 1, "units", units,
				"incomplete", r.s.result.incomplete, "pending", (json_int_t)pending);
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(doc);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		die(EXIT_USAGE, "writing the report:");
	rc = json_array_size(r.s.result.incomplete) ? EXIT_INCOMPLETE
	     : pending ? EXIT_FINDINGS : EXIT_CLEAN;
	free(sel.v);
	scan_free(&r.s);
	return rc;
}
