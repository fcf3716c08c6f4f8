#define _GNU_SOURCE
#include "view.h"

#include "files.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PREFIX "_LPV"

struct view {
	char *path;       /* the file's own path */
	struct buf orig;  /* its bytes when the view was made */
	struct buf text;  /* what spatch reads */
	struct strvec names, spellings;
	char *file, *macros;
	char *base;       /* the macro file it extends ("" for none) */
};

static const struct view *view_at_depth(const char *path, const char *base_macros,
					 int depth);
static struct view **views;
static size_t nviews;
static unsigned placeholders;  /* unique in the run */

static int ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Past the ')' that closes the '(' at i, on the same line, with string
 * and character literals skipped; 0 if there is none. *depth gets the
 * deepest nesting met (2 for "((x))", 3 for "((x(1)))"). */
static size_t close_paren(const char *t, size_t i, size_t len, int *depth)
{
	int d = 0;

	*depth = 0;
	for (; i < len && t[i] != '\n'; i++) {
		if (t[i] == '"' || t[i] == '\'') {
			char q = t[i];

			for (i++; i < len && t[i] != q && t[i] != '\n'; i++)
				if (t[i] == '\\')
					i++;
			if (i >= len || t[i] != q)
				return 0;
		} else if (t[i] == '(') {
			if (++d > *depth)
				*depth = d;
		} else if (t[i] == ')' && --d == 0) {
			return i + 1;
		}
	}
	return 0;
}

static size_t skip_blanks(const char *t, size_t i, size_t len)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t'))
		i++;
	return i;
}

/* Past a preprocessor line starting at i, its continuations included. */
static size_t skip_directive(const char *t, size_t i, size_t len)
{
	while (i < len) {
		size_t n = i;

		while (n < len && t[n] != '\n')
			n++;
		if (n > i && (t[n - 1] == '\\' || (n > i + 1 && t[n - 1] == '\r' && t[n - 2] == '\\')))
			i = n + 1;
		else
			return n;
	}
	return len;
}

/* Replaces t[at, at + n) by a placeholder of the same length. */
static int placeholder(char *t, size_t at, size_t n, struct strvec *names,
		       struct strvec *spellings)
{
	char *name = xasprintf(PREFIX "%u", placeholders);

	if (strlen(name) > n) {
		free(name);
		return 0;
	}
	placeholders++;
	{
		char *was = strndup(t + at, n), *now;

		memset(t + at, '_', n);
		memcpy(t + at, name, strlen(name));
		now = strndup(t + at, n);
		if (!was || !now)
			die(EXIT_USAGE, "out of memory");
		strvec_push(spellings, was);
		strvec_push(names, now);
		free(was);
		free(now);
	}
	free(name);
	return 1;
}

/* One identifier at t[i, e): replaces what follows it if it is one of
 * the constructs of view.h; the index to go on from. */
static size_t rescue(char *t, size_t i, size_t e, size_t len, struct strvec *names,
		     struct strvec *spellings, int *changed)
{
	size_t n = e - i, j = skip_blanks(t, e, len), close;
	int depth;

	if (j >= len || t[j] != '(' || !(close = close_paren(t, j, len, &depth)))
		return e;
	if ((n == 13 && !strncmp(t + i, "__attribute__", n)) ||
	    (n == 11 && !strncmp(t + i, "__attribute", n))) {
		/* Without arguments it parses: leave it. */
		if (depth < 3)
			return close;
		*changed |= placeholder(t, i, close - i, names, spellings);
		return close;
	}
	if (n == 8 && !strncmp(t + i, "_Alignas", n)) {
		*changed |= placeholder(t, i, close - i, names, spellings);
		return close;
	}
	if (n == 7 && !strncmp(t + i, "_Atomic", n)) {
		memset(t + i, ' ', j + 1 - i);
		t[close - 1] = ' ';
		*changed = 1;
		return j + 1;
	}
	return e;
}

/* Whether the line holding t[i] starts (after blanks) with '#'. */
static int directive_line(const char *t, size_t len, size_t i)
{
	while (i > 0 && t[i - 1] != '\n')
		i--;
	i = skip_blanks(t, i, len);
	return i < len && t[i] == '#';
}

/* An X-macro list expanded in a struct body (`#define X(f) long f;`, then
 * `COUNTERS` alone on its line, then `#undef X`): spatch drops the body.
 * The identifier t[i, e) is such a list when it stands alone on its line
 * in a struct or union body, is spelled like a macro (no lower case) and
 * a directive stands on the line before or after it. */
static int xmacro_list(const char *t, size_t i, size_t e, size_t len)
{
	size_t end = skip_blanks(t, e, len), prev = i, next;

	if (end < len && t[end] == '\r')
		end++;
	if (end < len && t[end] != '\n')
		return 0;
	for (size_t k = i; k < e; k++)
		if (t[k] >= 'a' && t[k] <= 'z')
			return 0;
	while (prev > 0 && t[prev - 1] != '\n')
		prev--;
	next = end + 1;
	return (prev > 0 && directive_line(t, len, prev - 1)) ||
	       (next < len && directive_line(t, len, next));
}

/* A block comment on a #pragma line (`#pragma pack(1)` then a comment)
 * makes spatch 1.1.1 fail to parse the line and lose what follows it, the
 * #includes under it with their types: the comments of the pragma at
 * t[i, end) become blanks. */
static int pragma_comments(char *t, size_t i, size_t end)
{
	size_t k = skip_blanks(t, i + 1, end);
	int changed = 0;

	if (end - k < 6 || strncmp(t + k, "pragma", 6) || ident_char(t[k + 6]))
		return 0;
	for (k += 6; k + 1 < end; k++) {
		char *close;

		if (t[k] != '/' || t[k + 1] != '*')
			continue;
		close = memmem(t + k + 2, end - k - 2, "*/", 2);
		if (!close)
			break;
		for (size_t c = k; c < (size_t)(close - t) + 2; c++)
			if (t[c] != '\n' && t[c] != '\r')
				t[c] = ' ';
		k = (size_t)(close - t) + 1;
		changed = 1;
	}
	return changed;
}

int view_text(const char *text, size_t len, struct buf *out, struct strvec *names,
	      struct strvec *spellings)
{
	char *t;
	int changed = 0, line_start = 1, record = 0;
	/* Braces open, as a bit per level: 1 for a struct or union body. */
	unsigned long long bodies = 0;
	int depth = 0;

	buf_append(out, text, len);
	t = out->data;
	for (size_t i = 0; i < len;) {
		char c = t[i];

		if (line_start && c == '#') {
			size_t end = skip_directive(t, i, len);

			changed |= pragma_comments(t, i, end);
			i = end;
		} else if (c == '/' && i + 1 < len && t[i + 1] == '*') {
			char *end = memmem(t + i + 2, len - i - 2, "*/", 2);

			i = end ? (size_t)(end - t) + 2 : len;
			line_start = 0;
		} else if (c == '/' && i + 1 < len && t[i + 1] == '/') {
			while (i < len && t[i] != '\n')
				i++;
		} else if (c == '"' || c == '\'') {
			for (i++; i < len && t[i] != c && t[i] != '\n'; i++)
				if (t[i] == '\\')
					i++;
			i++;
			line_start = 0;
		} else if ((isalpha((unsigned char)c) || c == '_') && (i == 0 || !ident_char(t[i - 1]))) {
			size_t e = i;

			while (e < len && ident_char(t[e]))
				e++;
			if ((e - i == 6 && !strncmp(t + i, "struct", 6)) ||
			    (e - i == 5 && !strncmp(t + i, "union", 5)))
				record = 1;
			if (line_start && depth > 0 && depth <= 64 &&
			    (bodies >> (depth - 1) & 1) && xmacro_list(t, i, e, len)) {
				memset(t + i, ' ', e - i);
				changed = 1;
				i = e;
			} else {
				i = rescue(t, i, e, len, names, spellings, &changed);
			}
			line_start = 0;
		} else {
			if (c == '\n')
				line_start = 1;
			else if (!isspace((unsigned char)c))
				line_start = 0;
			if (c == '{') {
				if (depth < 64)
					bodies = (bodies & ~(1ULL << depth)) |
						 ((unsigned long long)record << depth);
				depth++;
			} else if (c == '}' && depth > 0) {
				depth--;
			}
			if (c == '{' || c == ';' || c == '(' || c == ')' || c == '=')
				record = 0;
			i++;
		}
	}
	return changed;
}

static void view_free(struct view *v)
{
	free(v->path);
	buf_free(&v->orig);
	buf_free(&v->text);
	strvec_free(&v->names);
	strvec_free(&v->spellings);
	free(v->file);
	free(v->macros);
	free(v->base);
	free(v);
}

static int write_new(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	int rc = fd < 0 || write_all(fd, data, len) < 0 ? -1 : 0;

	if (fd >= 0 && close(fd) < 0)
		rc = -1;
	return rc;
}

/* The last view of path made or handed out (view_of() moves it last). */
const struct view *view_find(const char *path)
{
	for (size_t i = nviews; i-- > 0;)
		if (!strcmp(views[i]->path, path))
			return views[i];
	return NULL;
}

/* The headers text includes with "...", next to path, that have a view:
 * spatch must read those views, so path needs one too (next to them). */
static int includes_viewed(const char *path, const char *text, const char *base_macros,
			   int depth)
{
	struct strvec names = { 0 };
	const char *slash = strrchr(path, '/');
	int any = 0;

	static struct strvec stack;  /* the include chain being walked */

	if (depth > 8 || strvec_has(&stack, path))
		return 0;
	strvec_push(&stack, path);
	files_quoted_includes(text, &names);
	for (size_t i = 0; i < names.n; i++) {
		char *joined = slash ? xasprintf("%.*s/%s", (int)(slash - path), path, names.v[i])
				     : xstrdup(names.v[i]);
		/* One spelling a file ("fio.h", not "engines/../fio.h"): the
		 * path the scan shows it by, whose view it is. */
		char *h = path_display(joined);
		struct stat st;

		free(joined);

		if (strcmp(h, path) && stat(h, &st) == 0 && S_ISREG(st.st_mode))
			any |= view_at_depth(h, base_macros, depth + 1) != NULL;
		free(h);
	}
	strvec_free(&names);
	free(stack.v[--stack.n]);
	stack.v[stack.n] = NULL;
	return any;
}

/* Where the view of path goes: under views/ in the run's temporary
 * directory, at path's own absolute place, so that a view's #include
 * "x.h" finds the view of x.h first, and the file's directory (-I) for
 * the rest. */
static char *view_place(const char *path)
{
	static char *root;
	char *real = realpath(path, NULL), *out;

	if (!real)
		die(EXIT_USAGE, "%s:", path);
	if (!root) {
		root = tmpdir_file("views");
		if (mkdir(root, 0700) < 0)
			die(EXIT_USAGE, "%s:", root);
	}
	out = xasprintf("%s%s", root, real);
	for (char *p = out + strlen(root) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(out, 0700) == 0)
				tmpdir_track(out);
			*p = '/';
		}
	tmpdir_track(out);
	free(real);
	return out;
}

/* Files found to need no view, with the stat that said so: a header
 * that every file includes is read once, not once per file. */
static json_t *plain;

static char *stamp(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return NULL;
	return xasprintf("%lld:%lld.%ld:%llu", (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			 st.st_mtim.tv_nsec, (unsigned long long)st.st_ino);
}

/* A view of the same bytes made for another macro file gives its text
 * and placeholders: one file on disk per path and bytes. */
static int same_text(const char *path, const struct buf *now, struct view *v)
{
	for (size_t i = 0; i < nviews; i++) {
		const struct view *w = views[i];

		if (strcmp(w->path, path) || w->orig.len != now->len ||
		    memcmp(w->orig.data, now->data, now->len))
			continue;
		buf_append(&v->text, w->text.data ? w->text.data : "", w->text.len);
		for (size_t k = 0; k < w->names.n; k++) {
			strvec_push(&v->names, w->names.v[k]);
			strvec_push(&v->spellings, w->spellings.v[k]);
		}
		return 1;
	}
	return 0;
}

static const struct view *view_at_depth(const char *path, const char *base_macros, int depth)
{
	const struct view *last = view_find(path);
	struct view *v;
	struct buf now = { 0 }, macros = { 0 };
	char *st = stamp(path);
	int own;

	if (!plain)
		plain = json_object();
	if (st && !last && json_string_value(json_object_get(plain, path)) &&
	    !strcmp(json_string_value(json_object_get(plain, path)), st)) {
		free(st);
		return NULL;
	}
	if (read_file(path, &now) < 0 || memchr(now.data ? now.data : "", '\0', now.len)) {
		free(st);
		buf_free(&now);
		return NULL;
	}
	for (size_t i = nviews; i-- > 0;) {
		struct view *w = views[i];

		if (strcmp(w->path, path) || strcmp(w->base, base_macros ? base_macros : "") ||
		    w->orig.len != now.len || memcmp(w->orig.data, now.data, now.len))
			continue;
		/* Last, so that view_find() gives the view of the job at hand;
		 * its file written again, in case the path's file held another
		 * view since (a rollback brings old bytes back). */
		memmove(views + i, views + i + 1, (nviews - i - 1) * sizeof(*views));
		views[nviews - 1] = w;
		if (write_new(w->file, w->text.data ? w->text.data : "", w->text.len) < 0)
			die(EXIT_USAGE, "%s:", w->file);
		free(st);
		buf_free(&now);
		return w;
	}
	v = xcalloc(1, sizeof(*v));
	own = same_text(path, &now, v) || view_text(now.data ? now.data : "", now.len,
						    &v->text, &v->names, &v->spellings);
	if (!own && !includes_viewed(path, now.data ? now.data : "", base_macros, depth)) {
		if (st)
			json_object_set_new(plain, path, json_string(st));
		free(st);
		buf_free(&now);
		view_free(v);
		return NULL;
	}
	free(st);
	v->path = xstrdup(path);
	v->base = xstrdup(base_macros ? base_macros : "");
	v->orig = now;
	v->file = view_place(path);
	v->macros = xasprintf("%s.lockptr-macros-%zu", v->file, nviews);
	tmpdir_track(v->macros);
	if (base_macros && read_file(base_macros, &macros) < 0)
		die(EXIT_USAGE, "%s:", base_macros);
	if (macros.len && macros.data[macros.len - 1] != '\n')
		buf_puts(&macros, "\n");
	/* Every placeholder of the run: a view reads the views of the
	 * headers it includes. */
	for (size_t i = 0; i < nviews; i++)
		for (size_t k = 0; k < views[i]->names.n; k++)
			buf_printf(&macros, "#define %s\n", views[i]->names.v[k]);
	for (size_t i = 0; i < v->names.n; i++)
		buf_printf(&macros, "#define %s\n", v->names.v[i]);
	if (write_new(v->file, v->text.data, v->text.len) < 0 ||
	    write_new(v->macros, macros.data ? macros.data : "", macros.len) < 0)
		die(EXIT_USAGE, "%s:", v->file);
	buf_free(&macros);
	views = xrealloc(views, (nviews + 1) * sizeof(*views));
	views[nviews++] = v;
	return v;
}

const struct view *view_of(const char *path, const char *base_macros)
{
	return view_at_depth(path, base_macros, 0);
}

const char *view_file(const struct view *v)
{
	return v->file;
}

const char *view_macros(const struct view *v)
{
	return v->macros;
}

/* [start, end) of each line of a text, without its '\n'. */
struct lines {
	size_t *start, *end;
	size_t n;
};

static void split_lines(const char *t, size_t len, struct lines *l)
{
	size_t cap = 1;

	for (size_t i = 0; i < len; i++)
		cap += t[i] == '\n';
	l->start = xcalloc(cap, sizeof(size_t));
	l->end = xcalloc(cap, sizeof(size_t));
	l->n = 0;
	for (size_t i = 0; i <= len;) {
		const char *nl = i < len ? memchr(t + i, '\n', len - i) : NULL;
		size_t e = nl ? (size_t)(nl - t) : len;

		if (!nl && i == len)
			break;
		l->start[l->n] = i;
		l->end[l->n++] = e;
		i = e + 1;
	}
}

static void lines_free(struct lines *l)
{
	free(l->start);
	free(l->end);
}

/* Replaces every whole-word occurrence of from by to in b. */
static void replace_word(struct buf *b, const char *from, const char *to)
{
	struct buf out = { 0 };
	size_t n = strlen(from);
	const char *p = b->data ? b->data : "", *end = p + b->len, *hit;

	if (!b->len || !memmem(p, b->len, from, n))
		return;
	while ((hit = memmem(p, (size_t)(end - p), from, n))) {
		int word = (hit == b->data || !ident_char(hit[-1])) &&
			   (hit + n == end || !ident_char(hit[n]));

		buf_append(&out, p, (size_t)(hit - p));
		buf_puts(&out, word ? to : from);
		p = hit + n;
	}
	buf_append(&out, p, (size_t)(end - p));
	buf_free(b);
	*b = out;
}

/* A line as compared across a rewrite: no blanks, no '*', without the
 * given words. */
static char *squeeze(const char *s, size_t n, const struct strvec *drop)
{
	struct buf line = { 0 }, out = { 0 };

	buf_append(&line, s, n);
	for (size_t i = 0; drop && i < drop->n; i++)
		replace_word(&line, drop->v[i], "");
	for (size_t i = 0; i < line.len; i++)
		if (!isspace((unsigned char)line.data[i]) && line.data[i] != '*')
			buf_append(&out, line.data + i, 1);
	buf_append(&out, "", 0);
	buf_free(&line);
	return out.data;
}

/* Lines the view changed other than by placeholders (_Atomic(T)): those
 * spatch left as they were get the file's bytes back. */
static void restore_lines(const struct view *v, struct buf *out)
{
	struct lines vl, ol, cur;
	struct buf fixed = { 0 };
	struct strvec from = { 0 }, to = { 0 };

	split_lines(v->text.data, v->text.len, &vl);
	split_lines(v->orig.data, v->orig.len, &ol);
	for (size_t i = 0; i < vl.n && i < ol.n; i++) {
		struct buf l = { 0 };

		buf_append(&l, v->text.data + vl.start[i], vl.end[i] - vl.start[i]);
		for (size_t k = 0; k < v->names.n; k++)
			replace_word(&l, v->names.v[k], v->spellings.v[k]);
		buf_append(&l, "", 0);
		if (l.len != ol.end[i] - ol.start[i] ||
		    memcmp(l.data, v->orig.data + ol.start[i], l.len)) {
			strvec_push(&from, l.data);
			strvec_pushf(&to, "%.*s", (int)(ol.end[i] - ol.start[i]),
				     v->orig.data + ol.start[i]);
		}
		buf_free(&l);
	}
	if (from.n) {
		split_lines(out->data, out->len, &cur);
		for (size_t i = 0; i < cur.n; i++) {
			size_t n = cur.end[i] - cur.start[i], k = 0;

			while (k < from.n && (strlen(from.v[k]) != n ||
					      memcmp(from.v[k], out->data + cur.start[i], n)))
				k++;
			if (k < from.n)
				buf_puts(&fixed, to.v[k]);
			else
				buf_append(&fixed, out->data + cur.start[i], n);
			if (cur.end[i] < out->len)
				buf_puts(&fixed, "\n");
		}
		lines_free(&cur);
		buf_free(out);
		*out = fixed;
	}
	strvec_free(&from);
	strvec_free(&to);
	lines_free(&vl);
	lines_free(&ol);
}

/* Puts back placeholder k that spatch dropped with a declaration it
 * rewrote; dropped lists the spellings already put back that way. */
static int reinsert(const struct view *v, size_t k, struct buf *out, struct strvec *dropped,
		    char **why)
{
	const char *name = v->names.v[k], *at = memmem(v->text.data, v->text.len, name, strlen(name));
	const char *ls = at, *le, *after;
	struct lines cur;
	struct strvec gone = { 0 };
	char *key;
	long vi = 1, best = -1, bestd = 0;
	struct buf fixed = { 0 };

	if (!at) {
		*why = xasprintf("lost track of '%s'", v->spellings.v[k]);
		return -1;
	}
	while (ls > v->text.data && ls[-1] != '\n')
		ls--;
	for (const char *p = v->text.data; p < ls; p++)
		vi += *p == '\n';
	le = memchr(at, '\n', (size_t)(v->text.data + v->text.len - at));
	le = le ? le : v->text.data + v->text.len;
	strvec_push(&gone, name);
	for (size_t i = 0; i < v->names.n; i++)
		strvec_push(&gone, v->names.v[i]);
	for (size_t i = 0; i < v->spellings.n; i++)
		strvec_push(&gone, v->spellings.v[i]);
	key = squeeze(ls, (size_t)(le - ls), &gone);
	split_lines(out->data ? out->data : "", out->len, &cur);
	for (size_t i = 0; i < cur.n; i++) {
		char *s = squeeze(out->data + cur.start[i], cur.end[i] - cur.start[i], &gone);
		long d = labs((long)i + 1 - vi);

		if (!strcmp(s, key) && *key && (best < 0 || d < bestd)) {
			best = (long)i;
			bestd = d;
		}
		free(s);
	}
	free(key);
	strvec_free(&gone);
	if (best < 0) {
		lines_free(&cur);
		*why = xasprintf("the rewrite of line %ld dropped '%s', and lockptr cannot tell "
				 "where it goes", vi, v->spellings.v[k]);
		return -1;
	}
	after = at + strlen(name);
	while (after < le && (*after == ' ' || *after == '\t'))
		after++;
	{
		const char *o = out->data + cur.start[best], *oe = out->data + cur.end[best];
		const char *semi = NULL, *ind = o, *cut;

		for (const char *p = o; p < oe; p++)
			if (*p == ';')
				semi = p;
		while (ind < oe && (*ind == ' ' || *ind == '\t'))
			ind++;
		if (after < le && strchr(";,=)[", *after)) {
			if (!semi) {
				lines_free(&cur);
				*why = xasprintf("the rewrite of line %ld dropped '%s', and lockptr "
						 "cannot tell where it goes", vi, v->spellings.v[k]);
				return -1;
			}
			cut = semi;
			while (cut > o && (cut[-1] == ' ' || cut[-1] == '\t'))
				cut--;
			buf_append(&fixed, out->data, (size_t)(cut - out->data));
			buf_printf(&fixed, " %s", v->spellings.v[k]);
		} else {
			cut = ind;
			buf_append(&fixed, out->data, (size_t)(cut - out->data));
			buf_printf(&fixed, "%s ", v->spellings.v[k]);
		}
		buf_append(&fixed, cut, (size_t)(out->data + out->len - cut));
	}
	lines_free(&cur);
	buf_free(out);
	*out = fixed;
	strvec_push(dropped, v->spellings.v[k]);
	return 0;
}

int view_restore(const struct view *v, struct buf *out, char **why)
{
	struct strvec dropped = { 0 };
	char *seen = xcalloc(v->names.n + 1, 1);
	int rc = 0;

	*why = NULL;
	for (size_t k = 0; k < v->names.n; k++) {
		size_t n = strlen(v->names.v[k]);

		for (char *p = out->data; p && (p = memmem(p, out->len - (size_t)(p - out->data),
							 v->names.v[k], n)); p += n) {
			memcpy(p, v->spellings.v[k], n);
			seen[k] = 1;
		}
	}
	restore_lines(v, out);
	for (size_t k = 0; k < v->names.n && rc == 0; k++)
		if (!seen[k])
			rc = reinsert(v, k, out, &dropped, why);
	free(seen);
	strvec_free(&dropped);
	return rc;
}

static void unmap(json_t *list, const char *from, const char *to)
{
	size_t i;
	json_t *e;

	json_array_foreach(list, i, e) {
		const char *f = json_string_value(json_object_get(e, "file"));

		if (f && !strcmp(f, from))
			json_object_set_new(e, "file", json_string(to));
	}
}

void view_unmap(json_t *facts, json_t *incomplete)
{
	for (size_t i = 0; i < nviews; i++) {
		char *clean = path_clean(views[i]->path);

		unmap(facts, views[i]->file, clean);
		unmap(incomplete, views[i]->file, clean);
		free(clean);
	}
}
