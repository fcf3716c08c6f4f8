#define _GNU_SOURCE
#include "message.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helper.h"
#include "keep.h"
#include "proc.h"
#include "report.h"
#include "tree.h"

/* A path as git names it: from the tree's top. */
static char *git_path(const char *path)
{
	char *rel = tree_rel(path);

	if (rel && *rel)
		return rel;
	free(rel);
	return xstrdup(path);
}

static char *unit_name(const struct unit *u)
{
	return xasprintf("%s.%s%s%s", u->type, u->member, u->def ? "@" : "", u->def ? u->def : "");
}

char *message_subject(const struct unit *u)
{
	char *name = unit_name(u), *s;

	s = xasprintf("lockptr: %s becomes a pointer to a shared %s", name, u->lock);
	free(name);
	return s;
}

/* Whether git would take a line starting here for something else than
 * message text: a comment, the patch's start, an mbox separator. */
static int risky_start(const char *p)
{
	return *p == '#' || !strncmp(p, "---", 3) || !strncmp(p, "diff ", 5) ||
	       !strncmp(p, "From ", 5) || !strncmp(p, "Index: ", 7);
}

static void wrap_paragraph(struct buf *out, const char *p, size_t n, size_t width)
{
	size_t col = 0;

	while (n) {
		size_t w = 0;

		while (n && *p == ' ') {
			p++;
			n--;
		}
		while (w < n && p[w] != ' ')
			w++;
		if (!w)
			break;
		if (col && col + 1 + w > width) {
			buf_puts(out, "\n");
			col = 0;
		}
		if (col) {
			buf_puts(out, " ");
			col++;
		} else if (risky_start(p)) {
			buf_puts(out, " ");
			col++;
		}
		buf_append(out, p, w);
		col += w;
		p += w;
		n -= w;
	}
	buf_puts(out, "\n");
}

char *message_wrap(const char *text, size_t width)
{
	struct buf out = { 0 };

	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");

		if (n == 0 || *p == ' ') {
			buf_append(&out, p, n);
			buf_puts(&out, "\n");
		} else {
			wrap_paragraph(&out, p, n, width);
		}
		p += n + (p[n] == '\n');
	}
	if (!out.data)
		buf_puts(&out, "");
	return out.data;
}

/* Where the unit's type is copied, one line per copy site. */
static void copied_where(struct buf *b, const struct model *m, const struct unit *u)
{
	char *decl = git_path(u->file);
	size_t n = 0;

	buf_printf(b, "%s embeds its %s%s '%s' by value (%s:%lld)", u->type, u->lock,
		   u->array ? " array" : "", u->member, decl, u->line);
	free(decl);
	for (size_t i = 0; i < m->ncopies; i++) {
		const struct copy_site *c = &m->copies[i];
		char *at;

		if (!keep_copy_reaches(m, c, u))
			continue;
		if (!n++)
			buf_puts(b, ", and is copied:\n");
		at = git_path(c->file);
		buf_printf(b, "    %s:%lld:%lld: %s%s%s%s%s%s%s\n", at, c->line, c->column,
			   report_copy_verb(c->kind), c->function ? " in " : "",
			   c->function ? c->function : "", c->function ? "()" : "",
			   c->kept ? " (kept: " : "", c->kept ? c->kept : "", c->kept ? ")" : "");
		free(at);
	}
	if (n)
		buf_puts(b, "\nEach copy gets a lock of its own while the data it guards stays "
			 "shared: threads that lock different copies do not exclude each "
			 "other (POSIX leaves the use of a copied lock undefined).\n");
	else
		buf_puts(b, "; it is copied nowhere lockptr looked, and was selected (--all "
			 "or --only) so that a copy made later shares the lock.\n");
}

static int cmp_change(const void *a, const void *b)
{
	const struct change *x = *(const struct change *const *)a;
	const struct change *y = *(const struct change *const *)b;

	return strcmp(x->path, y->path);
}

/* The changes in the order the diff shows them: by path. */
static const struct change **sorted(const struct change *ch, size_t nch)
{
	const struct change **v = xcalloc(nch + 1, sizeof(*v));

	for (size_t i = 0; i < nch; i++)
		v[i] = &ch[i];
	if (nch > 1)
		qsort(v, nch, sizeof(*v), cmp_change);
	return v;
}

/* What the migration did, and the files it changed. */
static void what_it_did(struct buf *b, const struct unit *u, const struct change *ch,
			size_t nch)
{
	const struct change **v = sorted(ch, nch);
	char *helper = helper_name_for(u->lock);

	buf_printf(b, "\nlockptr makes %s a pointer to one lock that every copy shares: each "
		   "init allocates the lock it points at (a failed allocation gives the "
		   "init's own failure result), each destroy frees a lock an init "
		   "allocated, each static initializer points it at a static lock, and "
		   "every use takes the pointer; the helpers are in %s. Files changed:",
		   u->array ? "each lock of the array" : "the member", helper);
	for (size_t i = 0; i < nch; i++) {
		char *p = git_path(v[i]->path);

		buf_printf(b, " %s%s%s", p, v[i]->existed ? "" : " (new)",
			   i + 1 < nch ? "," : ".\n");
		free(p);
	}
	free(helper);
	free(v);
}

char *message_body(const struct model *m, const struct unit *u, const char *notes,
		   const struct change *ch, size_t nch, enum verified how)
{
	struct buf b = { 0 };
	char *out;

	copied_where(&b, m, u);
	what_it_did(&b, u, ch, nch);
	buf_printf(&b, "\nVerified: every translation unit the change touches compiles with "
		   "no new diagnostic, rewriting again changes nothing, and a new scan finds "
		   "nothing of the unit left%s.\n", how == VERIFIED_TEST_CMD
		   ? "; the test command passes" : "");
	if (notes && *notes)
		buf_printf(&b, "\nNotes: %s%s\n", notes,
			   notes[strlen(notes) - 1] == '.' ? "" : ".");
	out = message_wrap(b.data, 72);
	buf_free(&b);
	return out;
}

/* A private file in the run's temporary directory holding data. */
static char *temp_with(const char *what, const struct buf *data)
{
	static unsigned serial;
	char *name = xasprintf("series-%s-%u", what, serial++), *path = tmpdir_file(name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	free(name);
	if (fd < 0 || write_all(fd, data->data ? data->data : "", data->len) < 0 || close(fd) < 0)
		die(EXIT_USAGE, "%s:", path);
	return path;
}

/* One file's part of the patch. */
static void file_diff(struct buf *out, const struct change *c)
{
	char *rel = git_path(c->path);
	char *la = xasprintf("a/%s", rel), *lb = xasprintf("b/%s", rel);
	char *a = temp_with("a", &c->orig), *b = temp_with("b", &c->contents);
	char *argv[] = { "diff", "-u", "--label", c->existed ? la : "/dev/null",
			 "--label", lb, a, b, NULL };
	struct job j = { .argv = argv };

	spawn_one(&j, 0);
	if (j.status > 1)
		die(EXIT_USAGE, "diff %s: %s", rel, j.err.data ? j.err.data : "failed");
	if (j.status == 1 && j.out.data) {
		buf_printf(out, "diff --git a/%s b/%s\n", rel, rel);
		if (!c->existed)
			buf_printf(out, "new file mode %s\n", c->mode & 0111 ? "100755" : "100644");
		buf_puts(out, j.out.data);
	}
	unlink(a);
	unlink(b);
	buf_free(&j.out);
	buf_free(&j.err);
	free(a);
	free(b);
	free(la);
	free(lb);
	free(rel);
}

char *message_diff(const struct change *ch, size_t nch)
{
	const struct change **v = sorted(ch, nch);
	struct buf out = { 0 };

	for (size_t i = 0; i < nch; i++)
		file_diff(&out, v[i]);
	free(v);
	if (!out.data)
		buf_puts(&out, "");
	return out.data;
}

char *message_patch(const char *author, const char *date, const char *subject, size_t n,
		    size_t total, const char *body, const char *diff)
{
	struct buf b = { 0 };

	/* The "From " line of an mbox, with the date git format-patch uses. */
	buf_puts(&b, "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n");
	buf_printf(&b, "From: %s\nDate: %s\n", author, date);
	if (total > 1)
		buf_printf(&b, "Subject: [PATCH %zu/%zu] %s\n", n, total, subject);
	else
		buf_printf(&b, "Subject: [PATCH] %s\n", subject);
	buf_printf(&b, "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
		   "Content-Transfer-Encoding: 8bit\n\n%s---\n%s-- \nlockptr %s\n\n", body, diff,
		   LOCKPTR_VERSION);
	return b.data;
}

char *message_patch_name(size_t n, const char *subject)
{
	/* As git format-patch names it: letters, digits, '.' and '_' kept,
	 * every other run a '-', at most 52 of them. */
	struct buf b = { 0 };
	size_t kept = 0;
	int dash = 0;

	buf_printf(&b, "%04zu-", n);
	for (const char *p = subject; *p && kept < 52; p++) {
		int ok = isalnum((unsigned char)*p) || *p == '_' || (*p == '.' && p[1] != '.');

		if (!ok) {
			dash = kept > 0;
			continue;
		}
		if (dash) {
			buf_puts(&b, "-");
			kept++;
			dash = 0;
		}
		buf_append(&b, p, 1);
		kept++;
	}
	buf_puts(&b, ".patch");
	return b.data;
}
