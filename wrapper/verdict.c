#define _GNU_SOURCE
#include "verdict.h"

#include <dirent.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "helper.h"
#include "report.h"
#include "tree.h"

#define VERDICT_MAX ((size_t)4 << 20)

/* ---- digests ---- */

static EVP_MD_CTX *md_new(void)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(md);
		md = NULL;
	}
	return md;
}

static void md_add(EVP_MD_CTX *md, const void *p, size_t n)
{
	/* Length first, so that concatenations cannot collide. */
	unsigned long long len = n;

	EVP_DigestUpdate(md, &len, sizeof(len));
	EVP_DigestUpdate(md, p, n);
}

static void md_str(EVP_MD_CTX *md, const char *s)
{
	md_add(md, s ? s : "", s ? strlen(s) : 0);
}

static void md_file(EVP_MD_CTX *md, const char *path)
{
	struct buf b = { 0 };

	if (read_file(path, &b) == 0)
		md_add(md, b.data ? b.data : "", b.len);
	else
		md_str(md, "\001missing");
	buf_free(&b);
}

/* Ends md into 64 hex digits; 0, or -1 (md freed either way). */
static int md_hex(EVP_MD_CTX *md, char out[65])
{
	unsigned char d[32];
	int ok = EVP_DigestFinal_ex(md, d, NULL) == 1;

	EVP_MD_CTX_free(md);
	for (int i = 0; ok && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	return ok ? 0 : -1;
}

static void md_strvec(EVP_MD_CTX *md, const struct strvec *v)
{
	md_add(md, &v->n, sizeof(v->n));
	for (size_t i = 0; i < v->n; i++)
		md_str(md, v->v[i]);
}

/* The rewrite templates: the helper header's text comes from them. */
static void md_templates(EVP_MD_CTX *md)
{
	char *dir = xasprintf("%s/cocci/rewrite", datadir());
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		char *p = xasprintf("%s/%s", dir, names[i]->d_name);

		if (names[i]->d_name[0] != '.') {
			md_str(md, names[i]->d_name);
			md_file(md, p);
		}
		free(p);
		free(names[i]);
	}
	free(names);
	free(dir);
}

void verdict_open(struct run *r)
{
	const struct options *o = r->o;
	EVP_MD_CTX *md;
	struct stat self;
	char hex[65];

	r->verdict_read = r->verdict_write = 0;
	if (r->mode != MODE_APPLY || o->no_cache || !(md = md_new()))
		return;
	md_str(md, "lockptr verdicts 1");
	md_str(md, LOCKPTR_VERSION);
	/* A rebuilt lockptr may judge differently. */
	if (stat("/proc/self/exe", &self) == 0) {
		char *id = xasprintf("%lld.%ld.%lld", (long long)self.st_mtim.tv_sec,
				     self.st_mtim.tv_nsec, (long long)self.st_size);

		md_str(md, id);
		free(id);
	}
	md_templates(md);
	md_file(md, r->d.patch);
	md_str(md, r->d.spatch);
	md_str(md, getenv("CC") && *getenv("CC") ? getenv("CC") : "cc");
	/* -I, not the directories of every scanned header that the run
	 * adds to it: a new helper header's directory would change every
	 * key. The headers a file includes are in its inputs, by contents. */
	md_strvec(md, &o->incdirs);
	md_strvec(md, &o->defines);
	if (r->d.macros)
		md_file(md, r->d.macros);
	for (size_t i = 0; i < o->nlock_types; i++) {
		const struct lock_type *lt = &o->lock_types[i];
		char *one = xasprintf("%s:%s:%s:%s", lt->name, lt->init, lt->destroy,
				      lt->nomem ? lt->nomem : "");

		md_str(md, one);
		free(one);
	}
	if (md_hex(md, hex) < 0)
		return;
	memcpy(r->verdict_base, hex, sizeof(hex));
	r->verdict_read = !o->retry;
	r->verdict_write = 1;
}

/* ---- the stored form ---- */

static int hex64(const char *s)
{
	if (!s || strlen(s) != 64)
		return 0;
	for (; *s; s++)
		if (!strchr("0123456789abcdef", *s))
			return 0;
	return 1;
}

static int entries_ok(json_t *e)
{
	size_t i;
	json_t *x;

	if (!e)
		return 1;
	if (!json_is_array(e))
		return 0;
	json_array_foreach(e, i, x) {
		json_t *b = json_object_get(x, "borrowed");

		if (!json_is_object(x) || !json_is_string(json_object_get(x, "file")) ||
		    !json_is_integer(json_object_get(x, "entry")) ||
		    json_integer_value(json_object_get(x, "entry")) < 1 ||
		    !json_is_boolean(json_object_get(x, "compiled")) || (b && !json_is_string(b)))
			return 0;
	}
	return 1;
}

int verdict_parse(const char *text, size_t len, struct verdict *v)
{
	json_t *o = json_loadb(text, len, 0, NULL);
	const char *status = json_string_value(json_object_get(o, "status"));
	const char *reason = json_string_value(json_object_get(o, "reason"));
	const char *stage = json_string_value(json_object_get(o, "stage"));
	const char *inputs = json_string_value(json_object_get(o, "inputs"));
	json_t *changed = json_object_get(o, "changed"), *c;
	int ok = json_is_object(o) && json_integer_value(json_object_get(o, "version")) == 1 &&
		 json_is_integer(json_object_get(o, "version")) && status &&
		 (!strcmp(status, "rolled-back") || !strcmp(status, "refused")) && reason &&
		 *reason && stage && (!strcmp(stage, "rewrite") || !strcmp(stage, "verify")) &&
		 hex64(inputs) && json_is_array(changed) &&
		 entries_ok(json_object_get(o, "entries"));
	size_t i;

	json_array_foreach(changed, i, c)
		ok = ok && tree_plain_rel(json_string_value(c));
	if (ok) {
		memset(v, 0, sizeof(*v));
		v->status = xstrdup(status);
		v->reason = xstrdup(reason);
		v->stage = xstrdup(stage);
		memcpy(v->inputs, inputs, sizeof(v->inputs));
		json_array_foreach(changed, i, c)
			strvec_push(&v->changed, json_string_value(c));
		v->entries = json_incref(json_object_get(o, "entries"));
	}
	json_decref(o);
	return ok ? 0 : -1;
}

void verdict_free(struct verdict *v)
{
	free(v->status);
	free(v->reason);
	free(v->stage);
	strvec_free(&v->changed);
	json_decref(v->entries);
	memset(v, 0, sizeof(*v));
}

/* ---- inputs ---- */

struct named {
	char *rel;
	const char *path;
};

static int by_rel(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->rel, ((const struct named *)b)->rel);
}

void verdict_inputs(struct run *r, const struct plan *p, const struct strvec *tus,
		    const struct conf_list *confs, struct verdict_key *k)
{
	json_t *set = json_object();
	const char *path;
	json_t *v;
	EVP_MD_CTX *md;

	k->inputs[0] = '\0';
	if (!k->on || !(md = md_new())) {
		json_decref(set);
		return;
	}
	/* What the rewrite read and what the compiler compiled, with the
	 * scanned headers they include: by tree-relative name and contents. */
	for (size_t i = 0; i < p->paths.n; i++)
		includes_closure(&r->inc, p->paths.v[i], set);
	for (size_t i = 0; tus && i < tus->n; i++)
		includes_closure(&r->inc, tus->v[i], set);
	{
		size_t n = json_object_size(set), i = 0;
		struct named *files = xcalloc(n + 1, sizeof(*files));

		json_object_foreach(set, path, v) {
			char *rel = tree_rel(path);

			files[i].rel = rel ? rel : xstrdup(path);
			files[i++].path = path;
		}
		/* Object order is insertion order: sorted, the digest is stable. */
		qsort(files, n, sizeof(*files), by_rel);
		for (i = 0; i < n; i++) {
			md_str(md, files[i].rel);
			md_file(md, files[i].path);
			free(files[i].rel);
		}
		free(files);
	}
	for (size_t i = 0; confs && i < confs->n; i++) {
		const struct tu_conf *c = &confs->v[i];
		char *rel = tree_rel(c->path);

		md_str(md, rel ? rel : c->path);
		md_add(md, &c->borrowed, sizeof(c->borrowed));
		if (r->db && c->entry >= 0) {
			const struct strvec *inc, *defs, *extra;

			compdb_entry(r->db, (size_t)c->entry, &inc, &defs, &extra);
			md_strvec(md, inc);
			md_strvec(md, defs);
			md_strvec(md, extra);
		}
		free(rel);
	}
	json_decref(set);
	if (md_hex(md, k->inputs) < 0)
		k->inputs[0] = '\0';
}

/* ---- lookup and store ---- */

static int unit_key(struct run *r, const struct unit *u, const char *patch,
		    struct verdict_key *k)
{
	EVP_MD_CTX *md = md_new();
	char *rel = tree_rel(u->file), *at = xasprintf("%lld:%lld", u->line, u->column);

	if (md) {
		md_str(md, r->verdict_base);
		md_str(md, u->type);
		md_str(md, u->member);
		md_str(md, rel ? rel : u->file);
		md_str(md, at);
		md_file(md, patch);  /* the patch is a file: its text */
	}
	free(rel);
	free(at);
	return md && md_hex(md, k->key) == 0 ? 0 : -1;
}

/* The changes a stored verdict names, as the run spells the paths: the
 * files of the plan and the helper header; -1 if one is neither. */
static int stored_changes(const struct plan *p, const struct verdict *v, struct change **out)
{
	char *hname = helper_name_for(p->spec.lock);
	const char *slash = strrchr(p->host, '/');
	char *helper = slash ? xasprintf("%.*s/%s", (int)(slash - p->host), p->host, hname)
			     : xstrdup(hname);
	struct change *ch = xcalloc(v->changed.n + 1, sizeof(*ch));
	int rc = 0;

	for (size_t i = 0; i < v->changed.n && !rc; i++) {
		char *hrel = tree_rel(helper);

		if (hrel && !strcmp(hrel, v->changed.v[i]))
			ch[i].path = xstrdup(helper);
		for (size_t k = 0; !ch[i].path && k < p->paths.n; k++) {
			char *rel = tree_rel(p->paths.v[k]);

			if (rel && !strcmp(rel, v->changed.v[i]))
				ch[i].path = xstrdup(p->paths.v[k]);
			free(rel);
		}
		rc = ch[i].path ? 0 : -1;
		free(hrel);
	}
	free(hname);
	free(helper);
	*out = ch;
	return rc;
}

static int read_entry(const char *key, struct verdict *v)
{
	char err[512], *name = xasprintf("%s.json", key);
	struct buf text = { 0 };
	int dfd = state_dir("verdicts", 0, err, sizeof(err)), rc = -1;

	if (dfd >= 0 && file_read_at(dfd, name, VERDICT_MAX, &text) == 0)
		rc = verdict_parse(text.data ? text.data : "", text.len, v);
	if (dfd >= 0)
		close(dfd);
	buf_free(&text);
	free(name);
	return rc;
}

/* Whether the inputs of the stored verdict are what they were. */
static int same_inputs(struct run *r, const struct plan *p, const struct verdict *v,
		       struct verdict_key *k)
{
	struct strvec tus = { 0 };
	struct conf_list confs = { 0 };
	struct change *ch = NULL;
	int same = 0;

	if (stored_changes(p, v, &ch) == 0) {
		if (!strcmp(v->stage, "verify")) {
			plan_tus_peek(r, p, ch, v->changed.n, &tus, &confs);
			verdict_inputs(r, p, &tus, &confs, k);
		} else {
			verdict_inputs(r, p, NULL, NULL, k);
		}
		same = !strcmp(k->inputs, v->inputs);
	}
	for (size_t i = 0; ch && i < v->changed.n; i++)
		free(ch[i].path);
	free(ch);
	strvec_free(&tus);
	conf_list_free(&confs);
	return same;
}

int verdict_get(struct run *r, const struct unit *u, const struct plan *p, const char *patch,
		struct verdict_key *k, struct result *res)
{
	struct verdict v;
	int hit = 0;

	memset(k, 0, sizeof(*k));
	if (!r->verdict_write || unit_key(r, u, patch, k) < 0)
		return 0;
	k->on = 1;
	if (!r->verdict_read || read_entry(k->key, &v) < 0)
		return 0;
	if (same_inputs(r, p, &v, k)) {
		result_set(res, v.status, xasprintf("%s (cached)", v.reason));
		json_decref(res->entries);
		res->entries = json_incref(v.entries);
		hit = 1;
	}
	k->inputs[0] = '\0';
	verdict_free(&v);
	return hit;
}

void verdict_put(const struct verdict_key *k, const char *stage, const struct change *ch,
		 size_t nch, const struct result *res)
{
	char err[512], *name, *text;
	json_t *changed, *o;
	int dfd;

	if (!k->on || !k->inputs[0] || !res->reason ||
	    (strcmp(res->status, "rolled-back") && strcmp(res->status, "refused")) ||
	    (dfd = state_dir("verdicts", 1, err, sizeof(err))) < 0)
		return;
	changed = json_array();
	for (size_t i = 0; i < nch; i++) {
		char *rel = tree_rel(ch[i].path);

		if (rel && *rel)
			json_array_append_new(changed, json_string(rel));
		free(rel);
	}
	o = json_pack("{s:i, s:s, s:s, s:s, s:s, s:o}", "version", 1, "status", res->status,
		      "reason", res->reason, "stage", stage, "inputs", k->inputs,
		      "changed", changed);
	if (res->entries)
		json_object_set(o, "entries", res->entries);
	name = xasprintf("%s.json", k->key);
	text = json_dumps(o, JSON_COMPACT);
	if (text)
		atomic_store_at(dfd, name, text, strlen(text), err, sizeof(err));
	free(text);
	free(name);
	json_decref(o);
	close(dfd);
}
