#define _GNU_SOURCE
#include "helper.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tree.h"
#include "usertype.h"

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The helper header's name: lockptr_locks.h, or lockptr_NAME.h for a
 * --lock-type. */
char *helper_name_for(const char *lock)
{
	return lock_is_builtin(lock) ? xstrdup(HELPER) : user_header_name(lock);
}

static char *helper_path(const char *defining, const char *name)
{
	const char *slash = strrchr(defining, '/');

	return slash ? xasprintf("%.*s/%s", (int)(slash - defining), defining, name)
		     : xstrdup(name);
}

static int directive(const char *line, size_t n, const char *name)
{
	size_t k = 0, len = strlen(name);

	while (k < n && (line[k] == ' ' || line[k] == '\t'))
		k++;
	if (k >= n || line[k] != '#')
		return 0;
	if (!*name)
		return 1;
	k++;
	while (k < n && (line[k] == ' ' || line[k] == '\t'))
		k++;
	return n - k >= len && !strncmp(line + k, name, len) &&
	       (n - k == len || !(isalnum((unsigned char)line[k + len]) || line[k + len] == '_'));
}

/* Where a file's opening ends: its leading comments (a license, the
 * file's description) and blank lines, and a #pragma once right after
 * them. Nothing lockptr adds goes above that. */
static size_t opening_end(const struct buf *b)
{
	size_t i = 0, end = 0;

	for (;;) {
		while (i < b->len && isspace((unsigned char)b->data[i]))
			i++;
		if (i + 1 < b->len && b->data[i] == '/' && b->data[i + 1] == '*') {
			const char *e = memmem(b->data + i + 2, b->len - i - 2, "*/", 2);

			if (!e)
				return end;
			i = (size_t)(e - b->data) + 2;
		} else if (i + 1 < b->len && b->data[i] == '/' && b->data[i + 1] == '/') {
			i += 2;
		} else {
			break;
		}
		/* To the end of the line the comment ends on. */
		while (i < b->len && b->data[i] != '\n')
			i++;
		end = i = i + (i < b->len);
	}
	{
		size_t n = strcspn(b->data + end, "\n");
		const char *l = b->data + end;

		while (end + n < b->len && n == strspn(l, " \t\r")) {
			end += n + 1;
			l = b->data + end;
			n = strcspn(l, "\n");
		}
		if (directive(l, n, "pragma") && memmem(l, n, "once", 4))
			return end + n + (end + n < b->len);
	}
	return end;
}

/* The #if branches open at a line, outermost first: each #if, #ifdef or
 * #ifndef opens a branch, #elif and #else replace it, #endif closes it. */
struct branches {
	int id[32];
	int n, next;
};

static void branches_step(struct branches *b, const char *l, size_t n)
{
	if (directive(l, n, "if") || directive(l, n, "ifdef") || directive(l, n, "ifndef")) {
		if (b->n < 32)
			b->id[b->n] = ++b->next;
		b->n++;
	} else if ((directive(l, n, "elif") || directive(l, n, "else")) && b->n > 0) {
		if (b->n <= 32)
			b->id[b->n - 1] = ++b->next;
	} else if (directive(l, n, "endif") && b->n > 0) {
		b->n--;
	}
}

/* Whether every configuration that sees a line inside `inner` sees the
 * lines inside `outer`: outer's branches are a prefix of inner's. */
static int branches_within(const struct branches *outer, const struct branches *inner)
{
	if (outer->n > inner->n || inner->n > 32)
		return 0;
	for (int k = 0; k < outer->n; k++)
		if (outer->id[k] != inner->id[k])
			return 0;
	return 1;
}

/* The offset just past an include guard's #define, or 0: the first
 * directive is #ifndef X, the second #define X, and the #endif of that
 * #ifndef is the file's last directive (a leading `#ifndef X / #define X /
 * #endif` that sets a default is no guard). */
static size_t guard_end(const struct buf *b)
{
	size_t define_end = 0;
	int ndirectives = 0, depth = 0, closed = 0;
	char name[128] = "";

	for (size_t i = 0; i < b->len;) {
		size_t n = strcspn(b->data + i, "\n");
		const char *l = b->data + i;
		size_t next = i + n + (i + n < b->len);

		i = next;
		if (!directive(l, n, ""))
			continue;
		if (closed)
			return 0;
		ndirectives++;
		if (ndirectives == 1 && (!directive(l, n, "ifndef") ||
					 sscanf(strstr(l, "ifndef") + 6, " %127[A-Za-z0-9_]", name) != 1))
			return 0;
		if (ndirectives == 2) {
			char def[128];

			if (!directive(l, n, "define") ||
			    sscanf(strstr(l, "define") + 6, " %127[A-Za-z0-9_]", def) != 1 || strcmp(def, name))
				return 0;
			define_end = next;
		}
		if (directive(l, n, "if") || directive(l, n, "ifdef") || directive(l, n, "ifndef"))
			depth++;
		else if (directive(l, n, "endif") && --depth == 0)
			closed = 1;
	}
	return closed ? define_end : 0;
}

/* Adds #include "lockptr_locks.h" where every configuration that sees the
 * unit's declaration (decl_line) sees it, above that declaration: after
 * the last #include outside any #if (inside the include guard is fine);
 * else after the guard's #define; else after the file's opening
 * (opening_end()). A --lock-type's helper (nested) uses the type, whose
 * header may be included inside an #if that also holds the declaration:
 * for it, the last #include in a branch still open at the declaration
 * counts. With after_line (a --lock-type's functions declared in this
 * file), not before the end of the declaration on that line (its ';', or
 * for a definition the '}' that starts a line): the helpers call them. */
static void add_include(struct buf *b, const char *header, long decl_line, long after_line,
			int body, int nested)
{
	char *line = xasprintf("#include \"%s\"", header);
	const char *crlf = memmem(b->data, b->len, "\r\n", 2) ? "\r\n" : "\n";
	size_t at = 0, guard_at = guard_end(b), after_at = 0;
	struct branches open = { 0 }, guard = { 0 }, at_decl = { 0 };
	size_t *inc = NULL, ninc = 0;
	struct branches *inc_open = NULL;
	long lineno = 1;
	struct buf out = { 0 };

	if (memmem(b->data, b->len, line, strlen(line))) {
		free(line);
		return;
	}
	for (size_t i = 0; i < b->len; lineno++) {
		size_t n = strcspn(b->data + i, "\n");
		const char *l = b->data + i;
		size_t next = i + n + (i + n < b->len);

		if (lineno == decl_line)
			at_decl = open;
		branches_step(&open, l, n);
		if (guard_at && next == guard_at)
			guard = open;
		if (directive(l, n, "include") && lineno < decl_line) {
			inc = xrealloc(inc, (ninc + 1) * sizeof(*inc));
			inc_open = xrealloc(inc_open, (ninc + 1) * sizeof(*inc_open));
			inc[ninc] = next;
			inc_open[ninc++] = open;
		}
		if (after_line && !after_at && lineno >= after_line &&
		    (body ? n > 0 && l[0] == '}' : memchr(l, ';', n) != NULL))
			after_at = next;
		i = next;
	}
	if (decl_line > lineno)
		at_decl = guard;
	for (size_t k = ninc; k-- > 0 && !at;)
		if (nested ? branches_within(&inc_open[k], &at_decl)
			   : inc_open[k].n == guard.n && branches_within(&inc_open[k], &guard))
			at = inc[k];
	free(inc);
	free(inc_open);
	if (!at)
		at = guard_at;
	if (!at)
		at = opening_end(b);
	if (after_at > at)
		at = after_at;
	buf_append(&out, b->data, at);
	if (at > 0 && b->data[at - 1] != '\n')
		buf_puts(&out, crlf);
	buf_puts(&out, line);
	buf_puts(&out, crlf);
	buf_append(&out, b->data + at, b->len - at);
	buf_free(b);
	*b = out;
	free(line);
}

/* The helper header in the indentation of the file that includes it:
 * tabs, or the narrowest run of leading spaces that file uses. */
static char *indent_like(const char *text, const char *model)
{
	size_t tabs = 0, spaced = 0, width = 0;
	struct buf out = { 0 };

	for (const char *p = model; p && *p;) {
		size_t n = strcspn(p, "\n"), k = 0;

		if (p[0] == '\t')
			tabs++;
		while (k < n && p[k] == ' ')
			k++;
		if (k >= 2 && k < n && p[k] != '*') {
			spaced++;
			if (!width || k < width)
				width = k;
		}
		p += n + (p[n] == '\n');
	}
	if (spaced <= tabs || !width)
		return xstrdup(text);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n"), t = 0, sp = 0, cols;

		while (t < n && p[t] == '\t')
			t++;
		while (t + sp < n && p[t + sp] == ' ')
			sp++;
		/* Indentation is in steps; alignment (tabs then spaces) keeps
		 * its columns at the usual 8 a tab. */
		cols = sp ? t * 8 + sp : t * width;
		for (size_t k = 0; k < cols; k++)
			buf_append(&out, " ", 1);
		buf_append(&out, p + t + sp, n - t - sp);
		if (p[n] == '\n')
			buf_append(&out, "\n", 1);
		p += n + (p[n] == '\n');
	}
	return out.data;
}

/* The line, in file, of the last declaration of a --lock-type's init or
 * destroy, or 0; *body tells whether it is a definition. */
static long user_decls_end(struct run *r, const struct unit_spec *spec, const char *file,
			   int *body, const char **fn)
{
	long last = 0;
	size_t i;
	json_t *f;
	int prototypes = 0;

	if (lock_is_builtin(spec->lock))
		return 0;
	/* A prototype anywhere declares the functions where they are used
	 * (an included header): only a file's own prototypes, or for want of
	 * any, its definitions, hold the helper back. */
	json_array_foreach(r->s.facts, i, f)
		prototypes |= !strcmp(str(f, "k"), "proto") && !json_is_true(json_object_get(f, "body")) &&
			      (!strcmp(str(f, "fn"), spec->init) || !strcmp(str(f, "fn"), spec->destroy));
	json_array_foreach(r->s.facts, i, f)
		if (!strcmp(str(f, "k"), "proto") && !strcmp(str(f, "file"), file) &&
		    (!strcmp(str(f, "fn"), spec->init) || !strcmp(str(f, "fn"), spec->destroy)) &&
		    !(prototypes && json_is_true(json_object_get(f, "body"))) &&
		    json_integer_value(json_object_get(f, "line")) > last) {
			last = (long)json_integer_value(json_object_get(f, "line"));
			*body = json_is_true(json_object_get(f, "body"));
			*fn = str(f, "fn");
		}
	return last;
}

/* The line of text where fn( stands nearest to line: the facts' lines are
 * those of the scan, and units kept since may have added lines above. */
static long relocate(const struct buf *text, long line, const char *fn)
{
	long best = line, bestd = -1, n = 1;
	size_t len = strlen(fn);

	for (const char *p = text->data; p && *p; n++) {
		size_t end = strcspn(p, "\n");

		for (const char *q = p; q + len <= p + end; q++) {
			const char *after = q + len;

			if (strncmp(q, fn, len) || (q > p && (isalnum((unsigned char)q[-1]) || q[-1] == '_')))
				continue;
			while (after < p + end && (*after == ' ' || *after == '\t'))
				after++;
			if (after < p + end && *after == '(' &&
			    (bestd < 0 || labs(n - line) < bestd)) {
				best = n;
				bestd = labs(n - line);
			}
		}
		p += end + (p[end] == '\n');
	}
	return best;
}

/* Where the helper header goes and is included: next to the file that
 * defines the type, unless a --lock-type's functions are declared only in
 * another header P that is the one scanned file to include the defining
 * one (libuv: uv.h includes uv/unix.h, then declares uv_mutex_init()):
 * then next to P, after those declarations. */
const char *helper_host(struct run *r, const struct unit_spec *spec, const char *defining)
{
	const char *host = NULL, *from, *fn = NULL;
	int body = 0;
	size_t i;
	json_t *f, *to;

	if (lock_is_builtin(spec->lock) || user_decls_end(r, spec, defining, &body, &fn) > 0)
		return defining;
	json_array_foreach(r->s.facts, i, f) {
		if (strcmp(str(f, "k"), "proto") || json_is_true(json_object_get(f, "body")) ||
		    (strcmp(str(f, "fn"), spec->init) && strcmp(str(f, "fn"), spec->destroy)))
			continue;
		if (host && strcmp(host, str(f, "file")))
			return defining;
		host = str(f, "file");
	}
	if (!host)
		return defining;
	json_object_foreach(r->inc.edges, from, f) {
		int includes = 0;

		json_array_foreach(f, i, to)
			includes |= !strcmp(json_string_value(to), defining);
		if (includes != !strcmp(from, host))
			return defining;
	}
	return host;
}

/* Adds the #include of the unit's helper header to text, the new
 * contents of host: above the declaration in the defining file, after the
 * last declaration of a --lock-type's functions when host has them. */
void include_helper(struct run *r, const struct unit_spec *spec, const struct unit *u,
			   const char *host, struct buf *text)
{
	int body = 0;
	const char *fn = NULL;
	long end = user_decls_end(r, spec, host, &body, &fn);
	char *hname = helper_name_for(spec->lock);

	if (end)
		end = relocate(text, end, fn);
	add_include(text, hname, strcmp(host, u->file) ? LONG_MAX : (long)u->line, end, body,
		    !lock_is_builtin(spec->lock));
	free(hname);
}

int helper_include_host(struct run *r, const struct unit *u, const struct plan *p,
			struct change **chp, size_t *nchp, struct result *res)
{
	const char *host = p->host;
	size_t had = *nchp;
	long k;

	/* A host the rewrite left as it was still gets the #include. */
	if (had == 0 || !strcmp(host, u->file))
		return 0;
	if ((k = change_of(r, host, chp, nchp, res)) < 0)
		return -1;
	if ((size_t)k == had)
		include_helper(r, &p->spec, u, host, &(*chp)[k].contents);
	return 0;
}

int helper_header_change(const struct run *r, const struct unit *u, const struct plan *p,
			 struct change *ch, size_t *nchp, struct result *res)
{
	char *why;
	size_t nch = *nchp;
	const char *host = p->host, *user_section = p->user_section;

	/* The helper header, next to the definition. */
	{
		char *hname = helper_name_for(p->spec.lock);
		char *hp = helper_path(host, hname);
		struct buf old = { 0 };
		struct strvec locks = { 0 };
		char *text;
		int exists = run_read(r, hp, &old) == 0;

		free(hname);
		strvec_push(&locks, p->spec.lock);
		{
			struct buf def = { 0 };
			char *plain = user_section ? user_header(p->spec.lock, user_section)
						   : helper_header(&locks, exists ? old.data : NULL);

			run_read(r, u->file, &def);
			text = indent_like(plain, def.data);
			free(plain);
			buf_free(&def);
		}
		if ((why = !exists ? tree_unwritable(hp) : run_unwritable(r, hp) ?
			   xstrdup(run_unwritable(r, hp)) : NULL)) {
			result_set(res, "refused", why);
			free(hp);
			free(text);
			buf_free(&old);
			strvec_free(&locks);
			return -1;
		}
		if (!exists || strcmp(text, old.data)) {
			ch[nch].path = hp;
			buf_puts(&ch[nch].contents, text);
			ch[nch].mode = 0644;
			ch[nch].existed = exists;
			ch[nch].orig = old;
			memset(&old, 0, sizeof(old));
			nch++;
		} else {
			free(hp);
		}
		free(text);
		buf_free(&old);
		strvec_free(&locks);
	}
	*nchp = nch;
	return 0;
}
