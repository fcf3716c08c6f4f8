#define _GNU_SOURCE
#include "group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "helper.h"
#include "hunks.h"
#include "marks.h"
#include "migrate.h"
#include "plan.h"
#include "rewrite.h"
#include "verdict.h"
#include "verify.h"

/* One unit of a group: its plan, and its changes once laid out. */
struct member {
	const struct unit *u;
	struct result *res;
	struct plan p;
	struct strvec mine;  /* its files its rules can change (candidates) */
	struct change *ch;
	size_t nch;
};

/* One try of a group: the pass over its files and what follows. */
struct attempt {
	struct member *m;
	size_t n;
	struct strmap patches;     /* members' set ("0,3") -> its patch file */
	struct strvec paths;       /* the members' files, first seen first */
	struct buf *snaps;         /* what they hold before */
	struct rewrite_out *outs;  /* what the pass made of them */
	struct hunks *hk;          /* the pass's change of each, by owner */
	json_t *at;                /* the pass's "at" facts (15-probe) */
	struct includes inc;       /* the include graph of the tree so far */
	/* The failed group this one is a part of, and where its members
	 * start among the parent's: files the tree still holds as the
	 * parent's pass read them take their change from that pass. */
	const struct attempt *parent;
	size_t offset;
	struct strmap cur;         /* path -> struct buf *: the tree so far */
	struct change *all;        /* the group's changes, one per file */
	size_t nall;
	struct strvec tus;
	struct conf_list confs;
	struct diags *before, *after;
	/* Where to split when it fails: before member k when cut[k]; the
	 * member a failure names (suspect) is a part of its own. */
	unsigned char *cut;
	long suspect;
	/* Why the suspect is rolled back for good: an edit made meanwhile
	 * (not the code's verdict, and not to be tried again), or NULL. */
	char *edited;
};

/* In a cut[] entry: the member there is migrated on its own. */
#define ALONE 2

static long index_of(const struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], s))
			return (long)i;
	return -1;
}

static void scratch_free(struct result *x)
{
	free(x->status);
	free(x->reason);
	json_decref(x->entries);
	strvec_free(&x->files);
	memset(x, 0, sizeof(*x));
}

static void buf_value_free(void *b)
{
	if (b)
		buf_free(b);
	free(b);
}

/* Splits at member k alone (settle() splits in halves when nothing
 * is cut). */
static void blame(struct attempt *a, size_t k)
{
	a->cut[k] = a->cut[k + 1] = 1;
	a->suspect = (long)k;
}

/* Member k goes its own way, one unit at a time (ALONE in cut[k]). */
static void alone(struct attempt *a, size_t k)
{
	a->cut[k] |= 1 | ALONE;
	a->cut[k + 1] |= 1;
}

/* The patch of the members up to upto whose rules can change path (all
 * of them for a file none has), made once an attempt; with check, its
 * rewrite_group_check_patch(). A file gets only those rules: spatch's
 * time grows with the rules it runs, and the others match nothing
 * there (their type is not in sight). */
static const char *patch_upto(struct attempt *a, const char *path, int check, size_t upto)
{
	const struct unit_spec **specs = xcalloc(a->n + 1, sizeof(*specs));
	struct buf key = { 0 };
	size_t n = 0;
	char *made;

	for (size_t k = 0; k < a->n && k <= upto; k++)
		if (index_of(&a->m[k].mine, path) >= 0) {
			specs[n++] = &a->m[k].p.spec;
			buf_printf(&key, "%zu,", k);
		}
	for (size_t k = 0; n == 0 && k < a->n; k++)
		specs[k] = &a->m[k].p.spec;
	n = n ? n : a->n;
	buf_puts(&key, check ? "check" : "rewrite");
	if (!(made = strmap_get(&a->patches, key.data))) {
		made = rewrite_group_patch(specs, n, !check);
		if (check) {
			char *plain = made;

			made = rewrite_group_check_patch(plain);
			unlink(plain);
			free(plain);
		}
		strmap_put(&a->patches, key.data, made);
	}
	buf_free(&key);
	free(specs);
	return made;
}

static const char *patch_for(struct attempt *a, const char *path, int check)
{
	return patch_upto(a, path, check, a->n);
}

/* File i of a part, from the pass of the group it came from when the
 * tree still holds what that pass read and the pass's changes of the
 * part's members there are known: its output (and the pass's "at"
 * facts of it) without a spatch process. 0, or -1 to run spatch. */
static int from_parent(struct attempt *a, size_t i)
{
	const struct attempt *p = a->parent;
	long pi = p && p->hk ? index_of(&p->paths, a->paths.v[i]) : -1;
	struct buf out = { 0 }, now;
	const struct buf *was;
	char *clean;
	size_t k;
	json_t *f;

	if (pi < 0 || p->outs[pi].error || p->outs[pi].refusal)
		return -1;
	was = &p->snaps[pi];
	if (was->len != a->snaps[i].len || (was->len && memcmp(was->data, a->snaps[i].data, was->len)))
		return -1;
	now = (struct buf){ p->outs[pi].contents, p->outs[pi].len, 0 };
	/* The hunks must give the pass's output back whole (every change
	 * has its owner, the diff held), or they say nothing of a part. */
	if (now.data && (hunks_range(&p->hk[pi], was, &now, 0, (long)p->n, &out) < 0 ||
			 out.len != now.len || memcmp(out.data, now.data, now.len) ||
			 hunks_range(&p->hk[pi], was, &now, (long)a->offset,
				     (long)(a->offset + a->n), &out) < 0)) {
		buf_free(&out);
		return -1;
	}
	if (out.data && (out.len != was->len || memcmp(out.data, was->data, out.len))) {
		a->outs[i].contents = out.data;
		a->outs[i].len = out.len;
		out.data = NULL;
	}
	buf_free(&out);
	clean = path_clean(a->paths.v[i]);
	json_array_foreach(p->at, k, f)
		if (!strcmp(json_string_value(json_object_get(f, "file")), clean))
			json_array_append(a->at, f);
	free(clean);
	return 0;
}

/* 1. One spatch process a file with the rules of every member that can
 * change it (none for a file the parent's pass gives: from_parent()).
 * A file spatch gave up on, or whose rewrite cannot be kept, is the
 * first member's with that file: one unit at a time meets it there. */
static int rewrite_all(struct run *r, struct attempt *a)
{
	const char **patches;
	char **todo;
	size_t *at, n = 0;
	struct rewrite_out *outs;
	long long t0 = now_ms();

	for (size_t k = 0; k < a->n; k++)
		for (size_t i = 0; i < a->m[k].mine.n; i++)
			if (index_of(&a->paths, a->m[k].mine.v[i]) < 0)
				strvec_push(&a->paths, a->m[k].mine.v[i]);
	patches = xcalloc(a->paths.n + 1, sizeof(*patches));
	todo = xcalloc(a->paths.n + 1, sizeof(*todo));
	at = xcalloc(a->paths.n + 1, sizeof(*at));
	a->snaps = apply_snapshot(&a->paths);
	a->outs = xcalloc(a->paths.n + 1, sizeof(*a->outs));
	a->at = json_array();
	for (size_t i = 0; i < a->paths.n; i++)
		if (from_parent(a, i) < 0) {
			patches[n] = patch_for(a, a->paths.v[i], 0);
			todo[n] = a->paths.v[i];
			at[n++] = i;
		}
	outs = xcalloc(n + 1, sizeof(*outs));
	rewrite_run_each(&r->d, patches, todo, n, outs, a->at);
	for (size_t j = 0; j < n; j++)
		a->outs[at[j]] = outs[j];
	free(outs);
	free(patches);
	free(todo);
	free(at);
	if (getenv("LOCKPTR_PROFILE") && n < a->paths.n)
		fprintf(stderr, "lockptr: profile: %s: %zu of %zu files from the failed group's pass\n",
			a->m[0].u->member, a->paths.n - n, a->paths.n);
	profile(a->m[0].u, "group rewrite", t0, n);
	for (size_t i = 0; i < a->paths.n; i++) {
		if (!a->outs[i].error && !a->outs[i].refusal)
			continue;
		if (getenv("LOCKPTR_PROFILE"))
			fprintf(stderr, "lockptr: profile: %s: group rewrite of %s: %s\n",
				a->m[0].u->member, a->paths.v[i],
				a->outs[i].error ? a->outs[i].error : a->outs[i].refusal);
		/* Which member's rules spatch could not apply is not known:
		 * each member with the file is migrated on its own, as one
		 * by one does (a part would meet the failure again). */
		for (size_t k = 0; k < a->n; k++)
			if (index_of(&a->m[k].mine, a->paths.v[i]) >= 0)
				alone(a, k);
		return -1;
	}
	return 0;
}

/* Where a file's changes without an owner split the group: before the
 * second member a change names, or before the second member with that
 * file when a change names none. */
static void orphan_cuts(struct attempt *a, const struct hunks *h, const char *path)
{
	long second = -1;

	/* The second member with the file. */
	for (size_t k = 0, seen = 0; k < a->n && second < 0; k++)
		if (index_of(&a->m[k].mine, path) >= 0 && seen++)
			second = (long)k;
	for (size_t j = 0; j < h->n; j++)
		if (h->v[j].owner < 0)
			a->cut[h->v[j].second >= 0 ? h->v[j].second : second > 0 ? second : 0] = 1;
}

/* Whether hunk k, without an owner, is lines two members change in turn
 * (pthread_cond_wait(&s->c, &s->m), the line spatch may break in two). */
static int in_turn(const struct hunk *k)
{
	return k->owner < 0 && k->names == 2 && k->old_n > 0 && k->first >= 0;
}

/* Whether hunk k, without an owner, is lines three or more members change
 * in turn (a static object's initializer, one designator each). */
static int in_chain(const struct hunk *k)
{
	return k->owner < 0 && k->nnamed > 2 && k->old_n > 0;
}

/* The members after which hunk k's lines must be known: its first (in
 * turn), or every member of its chain but the last; n of them. */
static const long *steps(const struct hunk *k, size_t *n)
{
	*n = in_turn(k) ? 1 : in_chain(k) ? k->nnamed - 1 : 0;
	return in_turn(k) ? &k->first : k->named;
}

struct mid_pass {
	const char *patch;
	char *file;
	size_t at;    /* the file's index in the attempt */
	long upto;    /* the last member whose rules the pass has */
};

/* 2a'. Lines members change in turn get their form between them from
 * one more pass over their file with the rules of the members up to each
 * one but the last (one pass per such member in the file): cheaper than
 * splitting the group, and each still gets its own change. */
static void resolve_mids(struct run *r, struct attempt *a)
{
	size_t cap = 8, n = 0;
	struct mid_pass *mp = xcalloc(cap, sizeof(*mp));
	const char **patches;
	char **files;
	struct rewrite_out *outs;

	for (size_t i = 0; i < a->paths.n; i++) {
		size_t from = n;

		for (size_t h = 0; a->outs[i].contents && h < a->hk[i].n; h++) {
			size_t ns;
			const long *st = steps(&a->hk[i].v[h], &ns);

			for (size_t s = 0; s < ns; s++) {
				int seen = 0;

				for (size_t j = from; j < n; j++)
					seen |= mp[j].upto == st[s];
				if (seen)
					continue;
				if (n + 1 >= cap) {
					cap *= 2;
					mp = xrealloc(mp, cap * sizeof(*mp));
				}
				mp[n++] = (struct mid_pass){ patch_upto(a, a->paths.v[i], 0, (size_t)st[s]),
							     a->paths.v[i], i, st[s] };
			}
		}
	}
	patches = xcalloc(n + 1, sizeof(*patches));
	files = xcalloc(n + 1, sizeof(*files));
	for (size_t j = 0; j < n; j++) {
		patches[j] = mp[j].patch;
		files[j] = mp[j].file;
	}
	outs = xcalloc(n + 1, sizeof(*outs));
	rewrite_run_each(&r->d, patches, files, n, outs, NULL);
	for (size_t j = 0; j < n; j++) {
		size_t i = mp[j].at;
		struct buf now = { a->outs[i].contents, a->outs[i].len, 0 };
		struct buf mid = { outs[j].contents, outs[j].len, 0 };
		const struct buf *then = mid.data ? &mid : &a->snaps[i];

		for (size_t h = 0; !outs[j].error && !outs[j].refusal && h < a->hk[i].n; h++) {
			struct hunk *k = &a->hk[i].v[h];

			if (in_turn(k) && k->first == mp[j].upto)
				hunks_mid(&a->hk[i], h, &a->snaps[i], &now, then);
			else if (in_chain(k))
				hunks_chain(&a->hk[i], h, &a->snaps[i], then, mp[j].upto);
		}
	}
	rewrite_out_free(outs, n);
	free(outs);
	free(patches);
	free(files);
	free(mp);
}

/* LOCKPTR_PROFILE: the changes of path no member owns, which split the
 * group (line of the file before, how many members they name). */
static void orphan_trace(const struct attempt *a, const struct hunks *h, const char *path)
{
	if (!getenv("LOCKPTR_PROFILE"))
		return;
	for (size_t j = 0; j < h->n; j++)
		if (h->v[j].owner < 0)
			fprintf(stderr, "lockptr: profile: %s: unowned change at %s:%zu (names %zu: %s%s%s)\n",
				a->m[0].u->member, path, h->v[j].old_at + 1, h->v[j].names,
				h->v[j].first >= 0 ? a->m[h->v[j].first].u->member : "-",
				h->v[j].second >= 0 ? ", " : "",
				h->v[j].second >= 0 ? a->m[h->v[j].second].u->member : "");
}

/* Whether some change of h has no owner. */
static int orphaned(const struct hunks *h)
{
	for (size_t j = 0; j < h->n; j++)
		if (h->v[j].owner < 0)
			return 1;
	return 0;
}

/* Where the rules found each member in file fi (the pass's "at"
 * facts), its declaration and the macros its rules change there: the
 * marks hunks_owner() tells same-named members by. */
static struct hunk_mark *marks_of(const struct attempt *a, size_t fi, size_t *n)
{
	struct mark_member *mm = xcalloc(a->n + 1, sizeof(*mm));
	struct hunk_mark *v;

	for (size_t k = 0; k < a->n; k++)
		mm[k] = (struct mark_member){ a->m[k].p.spec.type, a->m[k].p.spec.member,
					      a->m[k].u->file, a->m[k].u->line,
					      &a->m[k].p.spec.macros };
	v = marks_collect(a->at, a->paths.v[fi], &a->snaps[fi], mm, a->n, n);
	free(mm);
	return v;
}

/* 2a. Each change of the pass to the member that made it. A change that
 * names no member, or two that resolve_mids() cannot tell apart, splits
 * the group (orphan_cuts(), over all files: no part then holds two
 * members one change names). */
/* The boxes lockptr names after member m's own static objects
 * (lockptr_OBJ_LEAF): its zeroed statics' and those of its static
 * initializers (40-static-spelling). */
static void member_boxes(struct run *r, const struct member *m, struct strvec *out)
{
	const char *leaf = member_leaf(m->u->member);
	size_t i;
	json_t *f;

	for (size_t z = 0; z < m->p.spec.nzeros; z++)
		strvec_pushf(out, "%.*s", (int)strcspn(m->p.spec.zeros[z].box, "["),
			     m->p.spec.zeros[z].box);
	json_array_foreach(r->s.facts, i, f) {
		const char *k = json_string_value(json_object_get(f, "k"));
		const char *type = json_string_value(json_object_get(f, "type"));
		const char *mem = json_string_value(json_object_get(f, "member"));
		const char *name = json_string_value(json_object_get(f, "name"));

		if (k && !strcmp(k, "static_init") && type && mem && name &&
		    !strcmp(type, m->p.spec.type) && !strcmp(member_leaf(mem), leaf))
			strvec_pushf(out, "lockptr_%s_%s", name, m->u->member);
	}
}

static int attribute(struct run *r, struct attempt *a)
{
	int rc = 0;
	struct strvec *boxes = xcalloc(a->n + 1, sizeof(*boxes));

	for (size_t k = 0; k < a->n; k++)
		member_boxes(r, &a->m[k], &boxes[k]);
	a->hk = xcalloc(a->paths.n + 1, sizeof(*a->hk));
	for (size_t i = 0; i < a->paths.n; i++) {
		struct buf now = { a->outs[i].contents, a->outs[i].len, 0 };
		const char **leaves = xcalloc(a->n, sizeof(*leaves));
		struct strvec *cboxes = xcalloc(a->n + 1, sizeof(*cboxes));
		long *ids = xcalloc(a->n, sizeof(*ids));
		size_t nc = 0, nmarks = 0;
		struct hunk_mark *marks = NULL;

		if (!now.data)
			goto next;
		marks = marks_of(a, i, &nmarks);
		for (size_t k = 0; k < a->n; k++)
			if (index_of(&a->m[k].mine, a->paths.v[i]) >= 0) {
				leaves[nc] = member_leaf(a->m[k].u->member);
				cboxes[nc] = boxes[k];
				ids[nc++] = (long)k;
			}
		if (hunks_diff(&a->snaps[i], &now, &a->hk[i]) < 0)
			rc = -1;
		else
			hunks_owner(&a->hk[i], &a->snaps[i], &now, leaves, cboxes, ids, nc, marks,
				    nmarks);
next:
		free(marks);
		free(leaves);
		free(cboxes);
		free(ids);
	}
	for (size_t k = 0; k < a->n; k++)
		strvec_free(&boxes[k]);
	free(boxes);
	resolve_mids(r, a);
	for (size_t i = 0; i < a->paths.n; i++)
		if (orphaned(&a->hk[i])) {
			orphan_trace(a, &a->hk[i], a->paths.v[i]);
			orphan_cuts(a, &a->hk[i], a->paths.v[i]);
			rc = -1;
		}
	return rc;
}

/* The tree as the units before member k left it: path's bytes. */
static const struct buf *current(struct attempt *a, const char *path, struct buf *tmp)
{
	const struct buf *b = strmap_get(&a->cur, path);

	if (b)
		return b;
	read_file(path, tmp);
	return tmp;
}

/* 2b. What member k's own pass would give for file i of the group: the
 * pass's changes up to k, with the #include the members before k added
 * (their helpers stay where a run one unit at a time put them). NULL
 * contents when member k changes nothing there. */
static void own_output(struct run *r, struct attempt *a, size_t k, size_t i,
		       struct rewrite_out *out)
{
	struct buf mine = { 0 }, prev = { 0 };
	const char *path = a->paths.v[i];
	struct buf now = { a->outs[i].contents, a->outs[i].len, 0 };

	memset(out, 0, sizeof(*out));
	if (!now.data)
		return;
	hunks_apply(&a->hk[i], &a->snaps[i], &now, (long)k, &mine);
	hunks_apply(&a->hk[i], &a->snaps[i], &now, (long)k - 1, &prev);
	if (mine.len != prev.len || memcmp(mine.data, prev.data, mine.len)) {
		for (size_t j = 0; j < k; j++)
			if (!strcmp(a->m[j].p.host, path))
				include_helper(r, &a->m[j].p.spec, a->m[j].u, path, &mine);
		out->contents = mine.data;
		out->len = mine.len;
		mine.data = NULL;
	}
	buf_free(&mine);
	buf_free(&prev);
}

/* The group's changes: a file's bytes before the first member that
 * changed it, and after the last. */
static void merge_change(struct attempt *a, const struct change *c)
{
	for (size_t i = 0; i < a->nall; i++)
		if (!strcmp(a->all[i].path, c->path)) {
			a->all[i].contents.len = 0;
			buf_append(&a->all[i].contents, c->contents.data ? c->contents.data : "",
				   c->contents.len);
			return;
		}
	a->all = xrealloc(a->all, (a->nall + 1) * sizeof(*a->all));
	memset(&a->all[a->nall], 0, sizeof(*a->all));
	a->all[a->nall].path = xstrdup(c->path);
	buf_append(&a->all[a->nall].contents, c->contents.data ? c->contents.data : "",
		   c->contents.len);
	buf_append(&a->all[a->nall].orig, c->orig.data ? c->orig.data : "", c->orig.len);
	a->all[a->nall].mode = c->mode;
	a->all[a->nall++].existed = c->existed;
}

/* 2c. Member k's changes, as a run one unit at a time makes them from
 * the tree the members before it left (r->overlay); the tree moves on. */
static int lay_out_one(struct run *r, struct attempt *a, size_t k)
{
	struct member *m = &a->m[k];
	size_t np = m->p.paths.n;
	struct rewrite_out *outs = xcalloc(np + 1, sizeof(*outs));
	struct buf *snaps = xcalloc(np + 1, sizeof(*snaps));
	struct result x = { 0 };
	struct includes saved;
	int rc;

	for (size_t i = 0; i < np; i++) {
		struct buf tmp = { 0 };
		const struct buf *b = current(a, m->p.paths.v[i], &tmp);

		/* Not among its files: its rules change nothing there. */
		if (index_of(&m->mine, m->p.paths.v[i]) >= 0)
			own_output(r, a, k, (size_t)index_of(&a->paths, m->p.paths.v[i]), &outs[i]);
		buf_append(&snaps[i], b->data ? b->data : "", b->len);
		buf_free(&tmp);
	}
	/* As one by one: the helper's #include, and the translation units
	 * to compile, from the tree (and its include graph) before k. */
	saved = r->inc;
	r->inc = a->inc;
	r->overlay = &a->cur;
	rc = unit_changes(r, m->u, &m->p, outs, snaps, &m->ch, &m->nch, &x);
	if (rc == 0)
		plan_tus(r, &m->p, m->ch, m->nch);
	r->overlay = NULL;
	r->inc = saved;
	for (size_t c = 0; rc == 0 && c < m->nch; c++) {
		struct buf *b = xcalloc(1, sizeof(*b));

		buf_append(b, m->ch[c].contents.data ? m->ch[c].contents.data : "",
			   m->ch[c].contents.len);
		buf_value_free(strmap_put(&a->cur, m->ch[c].path, b));
		merge_change(a, &m->ch[c]);
	}
	for (size_t c = 0; rc == 0 && c < m->nch; c++)
		includes_update(&a->inc, m->ch[c].path, &m->ch[c].contents, &r->s.files,
				&r->d.incdirs, &a->cur);
	rewrite_out_free(outs, np);
	free(outs);
	snapshot_free(snaps, np);
	scratch_free(&x);
	return rc;
}

static int lay_out(struct run *r, struct attempt *a)
{
	plan_includes(r);
	a->inc.edges = json_deep_copy(r->inc.edges);
	for (size_t k = 0; k < a->n; k++)
		if (lay_out_one(r, a, k) < 0) {
			blame(a, k);
			return -1;
		}
	return 0;
}

/* The translation units of every member, each with its configurations
 * once (a file's configurations stay together, as verify.h wants). */
static void group_tus(struct run *r, struct attempt *a)
{
	for (size_t k = 0; k < a->n; k++) {
		struct member *m = &a->m[k];

		for (size_t i = 0; i < m->p.tus.n; i++)
			if (index_of(&a->tus, m->p.tus.v[i]) < 0) {
				strvec_push(&a->tus, m->p.tus.v[i]);
				compile_confs(r->db, m->p.tus.v[i], &a->confs);
			}
	}
}

/* Whether path is a helper header of a member (not the patch's). */
static int helper_file(const struct attempt *a, const char *path)
{
	const char *base = strrchr(path, '/');
	int is = 0;

	for (size_t k = 0; k < a->n && !is; k++) {
		char *h = helper_name_for(a->m[k].p.spec.lock);

		is = !strcmp(base ? base + 1 : path, h);
		free(h);
	}
	return is;
}

/* Whether the scan found a member declaration or a static initializer
 * in path: only there can the re-scan find one left (the rules remove
 * them, and add none). */
static int may_hold(struct run *r, const char *path)
{
	size_t i;
	json_t *f;

	json_array_foreach(r->s.facts, i, f) {
		const char *k = json_string_value(json_object_get(f, "k"));
		const char *file = json_string_value(json_object_get(f, "file"));

		if (k && file && !strcmp(file, path) &&
		    (!strcmp(k, "member") || !strcmp(k, "def") || !strcmp(k, "static_init")))
			return 1;
	}
	return 0;
}

/* 3b. Idempotence of every changed file, once, and with it the re-scan
 * where something of a unit could be left (the detection rules cost as
 * much as the group's own). */
static char *recheck(struct run *r, struct attempt *a)
{
	struct strvec paths = { 0 };
	json_t *facts = json_array();
	char *why = NULL;
	const char **checks = xcalloc(a->nall + 1, sizeof(*checks));
	struct rewrite_out *again;
	long long t0 = now_ms();

	for (size_t i = 0; i < a->nall; i++)
		if (!helper_file(a, a->all[i].path)) {
			checks[paths.n] = patch_for(a, a->all[i].path, may_hold(r, a->all[i].path));
			strvec_push(&paths, a->all[i].path);
		}
	again = xcalloc(paths.n + 1, sizeof(*again));
	rewrite_run_each(&r->d, checks, paths.v, paths.n, again, facts);
	free(checks);
	profile(a->m[0].u, "group idempotence + re-scan", t0, paths.n);
	for (size_t i = 0; i < paths.n && !why; i++)
		if (again[i].contents || again[i].error)
			why = xstrdup("not idempotent or not re-scanned");
	for (size_t k = 0; k < a->n && !why; k++)
		if ((why = verify_leftovers(a->m[k].u, &a->m[k].p.spec, facts)))
			blame(a, k);
	rewrite_out_free(again, paths.n);
	free(again);
	json_decref(facts);
	strvec_free(&paths);
	return why;
}

/* Member k's "before", as verify_before() would list its entries. */
static void member_entries(struct run *r, struct attempt *a, struct member *m)
{
	struct diags *b = xcalloc(m->p.confs.n + 1, sizeof(*b));

	for (size_t i = 0; i < m->p.confs.n; i++)
		for (size_t j = 0; j < a->confs.n; j++)
			if (a->confs.v[j].entry == m->p.confs.v[i].entry &&
			    !strcmp(a->confs.v[j].path, m->p.confs.v[i].path)) {
				b[i] = a->before[j];
				break;
			}
	verify_entries(r, &m->p.confs, b, m->res);
	free(b);
}

static void keep(struct run *r, struct attempt *a)
{
	apply_commit();
	verify_kept(r, &a->confs, a->after);
	for (size_t k = 0; k < a->n; k++) {
		struct member *m = &a->m[k];

		member_entries(r, a, m);
		result_set(m->res, "migrated", unit_notes(r, m->u, &m->p, m->ch, m->nch));
		for (size_t i = 0; i < m->nch; i++)
			strvec_push(&m->res->files, m->ch[i].path);
	}
}

/* Whether file (as a compiler names it: relative to another directory,
 * or absolute) is one of m's files. */
static int sees(const struct member *m, const char *file)
{
	size_t n = strlen(file);

	for (size_t i = 0; i < m->mine.n; i++) {
		const char *p = m->mine.v[i];
		size_t k = strlen(p);

		if (!strcmp(p, file) || (n > k && file[n - k - 1] == '/' && !strcmp(file + n - k, p)) ||
		    (k > n && p[k - n - 1] == '/' && !strcmp(p + k - n, file)))
			return 1;
	}
	return 0;
}

/* A compiler's first new diagnostic ("does not compile: FILE:LINE:COL:
 * ...") names the member whose unit broke the build when the line it
 * points at names exactly one member of the group whose files hold that
 * file: the group is split
 * around that unit (only a guess for where to split; the parts are
 * verified on their own). */
static void blame_line(struct attempt *a, const char *why)
{
	const char *p = strstr(why, "does not compile");
	char *file = NULL, *end;
	long line, hit = -1;
	struct buf text = { 0 };

	if (!p || !(p = strstr(p, ": ")))
		return;
	p += 2;
	if (!(end = strchr(p, ':')) || (line = strtol(end + 1, NULL, 10)) <= 0)
		return;
	file = strndup(p, (size_t)(end - p));
	if (file && read_file(file, &text) == 0) {
		const char *l = text.data;

		for (long i = 1; l && i < line; i++)
			l = (l = strchr(l, '\n')) ? l + 1 : NULL;
		for (size_t k = 0; l && k < a->n; k++)
			if (sees(&a->m[k], file) &&
			    hunks_names(l, strcspn(l, "\n"), member_leaf(a->m[k].u->member)))
				hit = hit < 0 ? (long)k : -2;
	}
	if (hit >= 0)
		blame(a, (size_t)hit);
	free(file);
	buf_free(&text);
}

/* Whether every configuration of path among a's confs failed before. */
static int failed_before(const struct attempt *a, const char *path)
{
	int seen = 0;

	for (size_t j = 0; j < a->confs.n; j++)
		if (!strcmp(a->confs.v[j].path, path)) {
			if (a->before[j].status == 0)
				return 0;
			seen = 1;
		}
	return seen;
}

/* A translation unit that compiles in none of its configurations
 * before the change names the first member that compiles it: that unit
 * cannot be verified on its own either, and the group is split around
 * it rather than in halves. */
static void blame_before(struct attempt *a)
{
	for (size_t k = 0; k < a->n; k++)
		for (size_t i = 0; i < a->m[k].p.confs.n; i++)
			if (failed_before(a, a->m[k].p.confs.v[i].path)) {
				blame(a, k);
				return;
			}
}

/* A file edited while the group ran: as one by one, the unit that was
 * writing it (the first member that changes it) is rolled back with
 * that reason and not tried again; the others go on. Takes why. */
static void edited(struct attempt *a, char *why)
{
	if (!strstr(why, "changed while lockptr ran")) {
		free(why);
		return;
	}
	for (size_t k = 0; k < a->n; k++)
		for (size_t i = 0; i < a->m[k].nch; i++)
			if (strstr(why, a->m[k].ch[i].path)) {
				blame(a, k);
				a->edited = why;
				return;
			}
	blame(a, 0);
	a->edited = why;
}

/* 3. Write once, verify once; keep, or give the files their bytes back. */
static int verify_group(struct run *r, struct attempt *a)
{
	struct result x = { 0 };
	char *why;
	size_t n = a->confs.n ? a->confs.n : 1;

	a->before = xcalloc(n, sizeof(*a->before));
	a->after = xcalloc(n, sizeof(*a->after));
	if (verify_before(r, a->m[0].u, &a->confs, a->before, &x) < 0) {
		blame_before(a);
		scratch_free(&x);
		return -1;
	}
	if (apply_begin(r, a->all, a->nall, &x) < 0) {
		scratch_free(&x);
		return -1;
	}
	scratch_free(&x);
	why = apply_write_unit(r, a->all, a->nall);
	if (!why && (why = verify_compiled(r, a->m[0].u, &a->confs, a->before, a->after)))
		blame_line(a, why);
	if (!why)
		why = recheck(r, a);
	if (!why && r->mode == MODE_APPLY)
		why = verify_test_cmd(r->o);
	if (why) {
		edited(a, rollback_unit(why));
		return -1;
	}
	keep(r, a);
	return 0;
}

/* LOCKPTR_PROFILE: how the groups were formed and split (cut: where,
 * or NULL), for the account of where a run's time goes. */
static void group_trace(const struct member *m, size_t n, const unsigned char *cut)
{
	struct buf b = { 0 };

	if (!getenv("LOCKPTR_PROFILE"))
		return;
	for (size_t k = 0; k < n; k++)
		buf_printf(&b, "%s%s.%s", !k ? "" : cut && cut[k] ? " | " : ", ", m[k].u->type,
			   m[k].u->member);
	fprintf(stderr, "lockptr: profile: group of %zu%s: %s\n", n, cut ? " failed, split" : "",
		b.data);
	buf_free(&b);
}

/* What the parts of a failed group may still read (from_parent()). */
static void pass_free(struct attempt *a)
{
	if (a->outs)
		rewrite_out_free(a->outs, a->paths.n);
	free(a->outs);
	for (size_t i = 0; a->hk && i < a->paths.n; i++)
		hunks_free(&a->hk[i]);
	free(a->hk);
	json_decref(a->at);
	snapshot_free(a->snaps, a->paths.n);
	strvec_free(&a->paths);
	free(a);
}

/* The rest: the try's layout and verification, and its members'. */
static void attempt_free(struct attempt *a)
{
	if (a->inc.edges)
		includes_free(&a->inc);
	strmap_clear(&a->cur, buf_value_free);
	changes_free(a->all, a->nall);
	if (a->before)
		diags_free(a->before, a->confs.n);
	if (a->after)
		diags_free(a->after, a->confs.n);
	free(a->before);
	free(a->after);
	strvec_free(&a->tus);
	conf_list_free(&a->confs);
	{
		const struct strmap_entry *e;

		strmap_foreach(&a->patches, e)
			unlink(e->value);
		strmap_clear(&a->patches, free);
	}
	for (size_t k = 0; k < a->n; k++) {
		changes_free(a->m[k].ch, a->m[k].nch);
		a->m[k].ch = NULL;
		a->m[k].nch = 0;
		strvec_free(&a->m[k].p.tus);
		conf_list_free(&a->m[k].p.confs);
	}
}

/* One try of the whole group (a part of parent's, its members from
 * offset there, or NULL); 0 when it is kept, else -1 with where to split
 * it in cut[0..n] and the member a failure names in *suspect (*settled
 * when an edit made meanwhile rolled it back: edited()). *pass: what its
 * parts may reuse of it, for pass_free() once they are settled. */
static int attempt(struct run *r, struct member *m, size_t n, const struct attempt *parent,
		   size_t offset, unsigned char *cut, long *suspect, int *settled,
		   struct attempt **pass)
{
	struct attempt *a = xcalloc(1, sizeof(*a));
	int rc = -1;

	*a = (struct attempt){ .m = m, .n = n, .cut = cut, .suspect = -1, .parent = parent,
			       .offset = offset };
	group_trace(m, n, NULL);
	if (rewrite_all(r, a) == 0 && attribute(r, a) == 0 && lay_out(r, a) == 0) {
		group_tus(r, a);
		rc = verify_group(r, a);
	}
	*suspect = a->suspect;
	*settled = a->edited != NULL;
	if (a->edited) {
		result_set(m[a->suspect].res, "rolled-back", a->edited);
		m[a->suspect].res->judged = 0;
	}
	attempt_free(a);
	*pass = a;
	return rc;
}

static void member_free(struct member *m)
{
	plan_free(&m->p);
	strvec_free(&m->mine);
}

/* A group, or its parts in the run's order until every unit is settled.
 * A unit a failure names (suspect) is migrated on its own, exactly as
 * one by one, which finds and reports what fails. Any other part, one
 * unit too, is tried as a group first: a group's pass covers only the
 * files its rules can change, where the run of one unit rewrites every
 * file that names the member's last name. */
static void settle(struct run *r, struct member *m, size_t n, int suspect,
		   const struct attempt *parent, size_t offset)
{
	unsigned char *cut;
	long bad;
	size_t cuts = 0;
	int settled;
	struct attempt *pass;

	if (n == 0)
		return;
	if (n == 1 && suspect) {
		member_free(m);
		migrate_unit(r, m->u, m->res);
		return;
	}
	cut = xcalloc(n + 2, 1);
	if (attempt(r, m, n, parent, offset, cut, &bad, &settled, &pass) == 0) {
		for (size_t k = 0; k < n; k++)
			member_free(&m[k]);
	} else if (settled) {
		member_free(&m[bad]);
		settle(r, m, (size_t)bad, 0, pass, 0);
		settle(r, m + bad + 1, n - (size_t)bad - 1, 0, pass, (size_t)bad + 1);
	} else if (n == 1) {
		settle(r, m, 1, 1, NULL, 0);
	} else {
		/* Every part must be smaller than the group. */
		for (size_t k = 1; k < n; k++)
			cuts += cut[k] != 0;
		if (!cuts)
			cut[n / 2] = 1;
		cut[0] = 1;
		group_trace(m, n, cut);
		for (size_t s = 0, e; s < n; s = e) {
			for (e = s + 1; e < n && !cut[e]; e++)
				;
			settle(r, m + s, e - s, e - s == 1 && ((long)s == bad || (cut[s] & ALONE)),
			       pass, s);
		}
	}
	pass_free(pass);
	free(cut);
}

/* The files of the plan the unit's rules can change: its declaration's
 * file, and those that see the type (a header that names it, or a file
 * that includes one). The plan's other files name the member's last
 * name only (another type's member of that name). */
static void candidates(struct run *r, struct member *m)
{
	for (size_t i = 0; i < m->p.paths.n; i++) {
		const char *f = m->p.paths.v[i];

		if (!strcmp(f, m->u->file) || json_object_get(m->p.targets, f) ||
		    includes_reach(&r->inc, f, m->p.targets))
			strvec_push(&m->mine, f);
	}
}

/* Whether a verdict kept from an earlier run answers for u now. */
static int has_verdict(struct run *r, const struct unit *u, struct plan *p)
{
	struct verdict_key vk;
	struct result x = { 0 };
	char *patch = rewrite_patch(&p->spec);
	int hit;

	memset(&vk, 0, sizeof(vk));
	hit = verdict_get(r, u, p, patch, &vk, &x);
	free(patch);
	scratch_free(&x);
	return hit;
}

void group_migrate(struct run *r, const struct unit *const *units, struct result *const *res,
		   size_t n)
{
	struct member *g = xcalloc(n + 1, sizeof(*g));
	size_t ng = 0;

	for (size_t i = 0; i < n; i++) {
		struct member m = { .u = units[i], .res = res[i] };

		/* A refusal changes no file: the plan of a unit after it is the
		 * same whether or not the group before it is written yet. */
		if (plan_unit(r, m.u, &m.p, m.res) < 0 || plan_scope(r, m.u, &m.p, m.res) < 0) {
			plan_free(&m.p);
			continue;
		}
		candidates(r, &m);
		if (has_verdict(r, m.u, &m.p)) {
			settle(r, g, ng, 0, NULL, 0);
			ng = 0;
		}
		if (has_verdict(r, m.u, &m.p)) {
			/* Asked again on the tree the group left, as one by one. */
			member_free(&m);
			migrate_unit(r, m.u, m.res);
			continue;
		}
		g[ng++] = m;
	}
	settle(r, g, ng, 0, NULL, 0);
	free(g);
}
