#define _GNU_SOURCE
#include "verify.h"

#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "proc.h"
#include "rewrite.h"
#include "tree.h"

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The re-scan: in the facts of the migrated files, nothing of the unit is
 * left (no value member, no static initializer). */
char *verify_leftovers(const struct unit *u, const struct unit_spec *spec, json_t *facts)
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
		    !strcmp(member_leaf(fm), member_leaf(spec->member))) {
			why = xasprintf("re-scan: %s:%lld still has a static initializer of '%s'",
					str(f, "file"),
					(long long)json_integer_value(json_object_get(f, "line")),
					spec->member);
			break;
		}
	}
	return why;
}

char *verify_test_cmd(const struct options *o)
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
		    strcmp(member_leaf(fm), member_leaf(spec->member)) ||
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

static size_t known_find(const struct run *r, const struct tu_conf *c)
{
	size_t k = 0;

	while (k < r->nknown && (r->known[k].entry != c->entry || strcmp(r->known[k].path, c->path)))
		k++;
	return k;
}

/* Records what each configuration that was compiled says now. */
static void known_put(struct run *r, const struct conf_list *cl, const struct diags *d)
{
	for (size_t i = 0; i < cl->n; i++) {
		size_t k = known_find(r, &cl->v[i]);

		if (d[i].skipped)
			continue;
		if (k == r->nknown) {
			r->known = xrealloc(r->known, (r->nknown + 1) * sizeof(*r->known));
			r->known[r->nknown].path = xstrdup(cl->v[i].path);
			r->known[r->nknown++].entry = cl->v[i].entry;
		} else {
			diags_free(&r->known[k].d, 1);
		}
		diags_copy(&r->known[k].d, &d[i]);
	}
}

/* compile_diags() for the configurations whose diagnostics in the tree
 * as it is now are not known yet, and (with want) only for those whose
 * want[i] is set: the others are marked skipped. */
static void compile_known(struct run *r, const struct conf_list *cl, const int *want,
			  struct diags *out)
{
	struct tu_conf *todo = xcalloc(cl->n + 1, sizeof(*todo));
	size_t *at = xcalloc(cl->n + 1, sizeof(*at)), ntodo = 0;
	struct diags *fresh;

	for (size_t i = 0; i < cl->n; i++) {
		size_t k = known_find(r, &cl->v[i]);

		memset(&out[i], 0, sizeof(out[i]));
		if (want && !want[i]) {
			out[i].skipped = 1;
		} else if (k < r->nknown) {
			diags_copy(&out[i], &r->known[k].d);
		} else {
			at[ntodo] = i;
			todo[ntodo++] = cl->v[i];
		}
	}
	fresh = xcalloc(ntodo ? ntodo : 1, sizeof(*fresh));
	compile_diags(&r->d, todo, ntodo, fresh);
	for (size_t j = 0; j < ntodo; j++)
		out[at[j]] = fresh[j];
	free(fresh);
	free(todo);
	free(at);
}

/* Appends to notes what the unit's wrapper calls leave to the caller (an
 * init wrapper that returns void cannot report a failed allocation), and
 * counts them as inits and destroys. */
static char *wrapper_notes(struct run *r, const struct unit *u, const struct unit_spec *spec,
			   char *notes, int *inits, int *destroys)
{
	size_t i;
	json_t *f;

	json_array_foreach(r->s.facts, i, f) {
		const char *ft = str(f, "type"), *fm = str(f, "member");
		const struct lock_wrapper *w;
		char *out;

		if (strcmp(str(f, "k"), "call") || !fm ||
		    !(w = model_wrapper(&r->s.model, str(f, "fn"))) || strcmp(w->lock, spec->lock) ||
		    strcmp(member_leaf(fm), member_leaf(spec->member)) ||
		    (ft && strcmp(model_canon(&r->s.model, ft), u->type)))
			continue;
		*inits |= !strcmp(w->kind, "init");
		*destroys |= !strcmp(w->kind, "destroy");
		if (strcmp(w->kind, "init") || strcmp(w->returns, "void") ||
		    (notes && strstr(notes, w->name)))
			continue;
		out = xasprintf("%s%s%s() returns void (%s:%lld): when the lock cannot be "
				"allocated the member stays NULL and no caller can tell",
				notes ? notes : "", notes ? "; " : "", w->name, str(f, "file"),
				(long long)json_integer_value(json_object_get(f, "line")));
		free(notes);
		notes = out;
	}
	return notes;
}

/* What a maintainer should know about a kept unit: init results that
 * are ignored, a lock that is never destroyed (each init now allocates,
 * and nothing frees it), files written in vendored code or public
 * headers. NULL when there is nothing. */
/* notes, then "FILE is vendored code (...): changed" for each file the
 * unit wrote outside the project's own code (scope.h); the helper header
 * goes where its host is and is not named again. */
static char *scope_notes(struct run *r, const struct unit_spec *spec, const struct change *ch,
			 size_t nch, char *notes)
{
	char *hname = helper_name_for(spec->lock), *out;

	for (size_t i = 0; i < nch; i++) {
		const char *base = strrchr(ch[i].path, '/');
		char *why = strcmp(base ? base + 1 : ch[i].path, hname)
			    ? scope_why(&r->scope, ch[i].path) : NULL;

		if (why) {
			out = xasprintf("%s%s%s: changed", notes ? notes : "", notes ? "; " : "", why);
			free(notes);
			free(why);
			notes = out;
		}
	}
	free(hname);
	return notes;
}

char *migrated_notes(struct run *r, const struct unit *u, const struct unit_spec *spec,
		     const struct change *ch, size_t nch)
{
	char *unchecked = scope_notes(r, spec, ch, nch, unchecked_inits(r, u, spec)), *out;
	int inits = 0, destroys = 0;
	size_t i;
	json_t *f;

	json_array_foreach(r->s.facts, i, f) {
		const char *k = str(f, "k"), *ft = str(f, "type"), *fm = str(f, "member");

		if ((strcmp(k, "init") && strcmp(k, "destroy")) || !fm ||
		    strcmp(member_leaf(fm), member_leaf(spec->member)) ||
		    (ft && strcmp(model_canon(&r->s.model, ft), u->type)))
			continue;
		inits |= !strcmp(k, "init") && !strcmp(str(f, "fn"), spec->init);
		destroys |= !strcmp(k, "destroy") && !strcmp(str(f, "fn"), spec->destroy);
	}
	unchecked = wrapper_notes(r, u, spec, unchecked, &inits, &destroys);
	if (!inits || destroys)
		return unchecked;
	out = xasprintf("%s%sno %s() call was found: the lock each init now allocates "
			"is never freed", unchecked ? unchecked : "", unchecked ? "; " : "",
			spec->destroy);
	free(unchecked);
	return out;
}

/* apply --format json: the entries each translation unit was compiled
 * under, and whether it compiled there before the change (the others are
 * not checked after it); "borrowed" names the entry's own file when a
 * file outside the build was compiled with its flags. */
void verify_entries(struct run *r, const struct conf_list *cl, const struct diags *before,
		    struct result *res)
{
	if (!r->db)
		return;
	json_decref(res->entries);
	res->entries = json_array();
	for (size_t i = 0; i < cl->n; i++) {
		const struct strvec *inc, *defs, *extra;
		json_t *e;

		if (cl->v[i].entry < 0)
			continue;
		e = json_pack("{s:s, s:I, s:b}", "file", cl->v[i].path,
			      "entry", (json_int_t)cl->v[i].entry + 1,
			      "compiled", before[i].status == 0);
		if (cl->v[i].borrowed) {
			char *own = path_display(compdb_entry(r->db, (size_t)cl->v[i].entry,
							      &inc, &defs, &extra));

			json_object_set_new(e, "borrowed", json_string(own));
			free(own);
		}
		json_array_append_new(res->entries, e);
	}
}

/* Why the unit cannot be verified: the configurations of cl->v[i] (from
 * i to end) all failed before the change. */
static char *unverifiable(struct run *r, const struct conf_list *cl, size_t i, size_t end,
			  const struct diags *before)
{
	const char *first = before[i].raw.n ? before[i].raw.v[0] : "no message";
	const struct strvec *inc, *defs, *extra;

	if (cl->v[i].borrowed) {
		char *own = path_display(compdb_entry(r->db, (size_t)cl->v[i].entry, &inc,
						      &defs, &extra));
		char *why = xasprintf("%s is compiled by no entry of the database, and with the "
				      "flags of entry %ld (%s) it does not compile before the "
				      "change: cannot verify the unit: %s", cl->v[i].path,
				      cl->v[i].entry + 1, own, first);

		free(own);
		return why;
	}
	return xasprintf("%s does not compile before the change (with the flags lockptr "
			 "has%s): cannot verify the unit: %s", cl->v[i].path,
			 !r->db ? "; -p gives the build's"
			 : end - i > 1 ? ", under any of its entries" : "", first);
}

int verify_before(struct run *r, const struct unit *u, const struct conf_list *cl,
		  struct diags *before, struct result *res)
{
	long long t0 = now_ms();

	compile_known(r, cl, NULL, before);
	known_put(r, cl, before);
	profile(u, "compile before", t0, cl->n);
	verify_entries(r, cl, before, res);
	/* A unit one of whose users compiles under none of its entries now
	 * cannot be verified: a failure after the change would look like the
	 * one before. An entry that fails (a target that needs a library
	 * not installed, EXCLUDE_FROM_ALL) is left out as long as another
	 * one compiles the file. The configurations of a file are together. */
	for (size_t i = 0; i < cl->n;) {
		size_t end = i, ok = 0;

		while (end < cl->n && !strcmp(cl->v[end].path, cl->v[i].path))
			ok |= before[end++].status == 0;
		if (!ok) {
			result_set(res, "rolled-back", unverifiable(r, cl, i, end, before));
			/* A header that is missing (a library not installed, a
			 * file the build generates) may be there next time. */
			res->judged = !strstr(res->reason, "No such file or directory");
			return -1;
		}
		i = end;
	}
	return 0;
}

/* Idempotence and the re-scan, in one spatch process a file: the unit's
 * patch must change nothing, and the detection rules that follow it see
 * the migrated code. */
static char *verify_again(struct run *r, const struct unit *u, const struct plan *p,
			  const char *patch, const struct change *ch, size_t nch)
{
	char *why = NULL;
	long long t0;
	struct rewrite_out *again = xcalloc(nch, sizeof(*again));
	struct strvec cpaths = { 0 };
	json_t *facts = json_array();
	char *check = rewrite_check_patch(patch);
	char *hname = helper_name_for(p->spec.lock);

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
		why = verify_leftovers(u, &p->spec, facts);
	rewrite_out_free(again, cpaths.n);
	free(again);
	free(check);
	json_decref(facts);
	strvec_free(&cpaths);
	return why;
}

char *verify_compiled(struct run *r, const struct unit *u, const struct conf_list *cl,
		      const struct diags *before, struct diags *after)
{
	int *want = xcalloc(cl->n + 1, sizeof(*want));
	const char *bad;
	char *why = NULL;
	long long t0 = now_ms();

	/* The tree changed: nothing known holds. Only the entries that
	 * compiled before are checked, each against its own "before". */
	for (size_t i = 0; i < cl->n; i++)
		want[i] = before[i].status == 0;
	{
		size_t nknown = r->nknown;

		r->nknown = 0;
		compile_known(r, cl, want, after);
		r->nknown = nknown;
	}
	free(want);
	profile(u, "compile after", t0, cl->n);
	for (size_t i = 0; i < cl->n && !why; i++) {
		int several = (i > 0 && !strcmp(cl->v[i - 1].path, cl->v[i].path)) ||
			      (i + 1 < cl->n && !strcmp(cl->v[i + 1].path, cl->v[i].path));
		char *entry = several ? xasprintf(" (entry %ld of the database)",
						  cl->v[i].entry + 1)
			      : cl->v[i].borrowed ? xasprintf(" (with the flags of entry %ld: "
							      "no entry compiles it)",
							      cl->v[i].entry + 1) : NULL;

		if (!after[i].skipped && (bad = compile_new_diag(&before[i], &after[i])))
			why = xasprintf("does not compile%s: %s", entry ? entry : "", bad);
		free(entry);
	}
	return why;
}

char *verify_after(struct run *r, const struct unit *u, const struct plan *p,
		   const char *patch, const struct change *ch, size_t nch,
		   const struct diags *before, struct diags *after, int *judged)
{
	char *why = verify_compiled(r, u, &p->confs, before, after);

	if (!why)
		why = verify_again(r, u, p, patch, ch, nch);
	*judged = why != NULL;
	/* diff's copy lacks the project's other files: apply runs it. */
	if (!why && r->mode == MODE_APPLY)
		why = verify_test_cmd(r->o);
	return why;
}

void verify_kept(struct run *r, const struct conf_list *cl, const struct diags *after)
{
	/* The tree changed: what is known is this unit's "after". */
	known_clear(r);
	r->inc_stale = 1;
	known_put(r, cl, after);
}

void verify_forget(struct run *r)
{
	known_clear(r);
}
