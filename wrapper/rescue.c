#define _GNU_SOURCE
#include "rescue.h"

#include <ctype.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detect.h"
#include "files.h"

void rescue_defines(const char *text, size_t len, struct buf *out)
{
	for (size_t i = 0; i < len;) {
		const char *l = text + i, *nl = memchr(l, '\n', len - i);
		size_t n = nl ? (size_t)(nl - l) : len - i, k = 0;
		int define;

		while (k < n && (l[k] == ' ' || l[k] == '\t'))
			k++;
		define = k < n && l[k] == '#';
		if (define) {
			k++;
			while (k < n && (l[k] == ' ' || l[k] == '\t'))
				k++;
			define = n - k > 7 && !strncmp(l + k, "define", 6) &&
				 (l[k + 6] == ' ' || l[k + 6] == '\t');
		}
		if (!define) {
			i += n + 1;
			continue;
		}
		buf_puts(out, "#define");
		/* Continuation lines joined into one. */
		for (size_t from = k + 6;;) {
			size_t end = n;

			while (end > from && l[end - 1] == '\r')
				end--;
			if (end > from && l[end - 1] == '\\') {
				buf_append(out, l + from, end - 1 - from);
				buf_puts(out, " ");
				i += n + 1;
				if (i >= len)
					break;
				l = text + i;
				nl = memchr(l, '\n', len - i);
				n = nl ? (size_t)(nl - l) : len - i;
				from = 0;
				continue;
			}
			buf_append(out, l + from, end - from);
			break;
		}
		buf_puts(out, "\n");
		i += n + 1;
	}
}

/* Lines spatch left unparsed in a file, from its incomplete entries:
 * (N lines not parsed), else 1 a region; SIZE_MAX for a failure that is
 * not a parse error. 0 when the file has no entry. */
static size_t unparsed(json_t *incomplete, const char *file)
{
	size_t i, bad = 0;
	json_t *e;

	json_array_foreach(incomplete, i, e) {
		const char *f = json_string_value(json_object_get(e, "file"));
		const char *why = json_string_value(json_object_get(e, "reason"));
		const char *n;

		if (!f || strcmp(f, file))
			continue;
		if (!why || strncmp(why, "parse error", 11))
			return SIZE_MAX;
		n = strstr(why, "(");
		bad += n ? strtoul(n + 1, NULL, 10) : 1;
		if (!bad)
			bad = 1;
	}
	return bad;
}

const char *rescue_project_defines(struct scan *s)
{
	if (!s->defines_read) {
		for (size_t i = 0; i < s->files.n; i++) {
			const struct srcfile *f = &s->files.v[i];
			struct buf text = { 0 };

			if (!f->binary && !f->unreadable && read_file(f->path, &text) == 0)
				rescue_defines(text.data ? text.data : "", text.len, &s->defines);
			buf_free(&text);
		}
		buf_append(&s->defines, "", 0);
		s->defines_read = 1;
	}
	return s->defines.data;
}

/* Whether the body of an object-like #define is storage classes and
 * qualifiers alone (`#define local static`, `#define EXPORT extern
 * const`): words spatch knows, hidden behind a name it does not. */
static int storage_body(const char *b, size_t n)
{
	static const char *const words[] = {
		"static", "extern", "inline", "__inline", "__inline__", "const", "volatile",
		"register", "_Thread_local", "__thread", NULL,
	};
	size_t i = 0, seen = 0;

	while (i < n) {
		size_t w;
		int known = 0;

		while (i < n && (b[i] == ' ' || b[i] == '\t'))
			i++;
		for (w = i; w < n && (isalnum((unsigned char)b[w]) || b[w] == '_'); w++)
			;
		if (w == i)
			return i == n && seen;
		for (int k = 0; words[k] && !known; k++)
			known = strlen(words[k]) == w - i && !strncmp(b + i, words[k], w - i);
		if (!known)
			return 0;
		seen++;
		i = w;
	}
	return seen > 0;
}

char *rescue_storage_defines(struct scan *s)
{
	const char *d = rescue_project_defines(s);
	struct buf out = { 0 };

	for (const char *l = d; l && *l;) {
		size_t n = strcspn(l, "\n"), k = 0, name;

		while (k < n && (l[k] == ' ' || l[k] == '\t' || l[k] == '#'))
			k++;
		if (n - k > 7 && !strncmp(l + k, "define", 6) && (l[k + 6] == ' ' || l[k + 6] == '\t')) {
			k += 7;
			while (k < n && (l[k] == ' ' || l[k] == '\t'))
				k++;
			for (name = k; k < n && (isalnum((unsigned char)l[k]) || l[k] == '_'); k++)
				;
			/* Object-like only: a '(' right after the name makes it a
			 * function-like macro. */
			if (k > name && k < n && l[k] != '(' && storage_body(l + k, n - k))
				buf_printf(&out, "%.*s\n", (int)n, l);
		}
		l += n + (l[n] == '\n');
	}
	return out.data;
}

static char *write_macro_file(struct scan *s, const struct options *o)
{
	struct buf b = { 0 };
	char *path = tmpdir_file("project-macros.h");
	int fd;

	buf_puts(&b, rescue_project_defines(s));
	/* The user's definitions come last: spatch takes the last one. */
	if (o->macro_file && read_file(o->macro_file, &b) < 0)
		die(EXIT_USAGE, "--macro-file %s:", o->macro_file);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || write_all(fd, b.data ? b.data : "", b.len) < 0 || close(fd) < 0)
		die(EXIT_USAGE, "%s:", path);
	buf_free(&b);
	return path;
}

/* Moves file's facts and incomplete entries of the second parse in. */
static void take(struct scan *s, const char *file, json_t *facts, json_t *incomplete)
{
	size_t i, kept = 0;
	json_t *f, *g;

	json_array_foreach(facts, i, f) {
		const char *ff = json_string_value(json_object_get(f, "file"));
		size_t k;
		int dup = 0;

		if (!ff || strcmp(ff, file))
			continue;
		json_array_foreach(s->facts, k, g)
			if ((dup = json_equal(f, g)))
				break;
		if (!dup)
			json_array_append(s->facts, f);
	}
	json_array_foreach(s->incomplete, i, g) {
		const char *gf = json_string_value(json_object_get(g, "file"));

		if (!gf || strcmp(gf, file))
			json_array_set(s->incomplete, kept++, g);
	}
	while (json_array_size(s->incomplete) > kept)
		json_array_remove(s->incomplete, json_array_size(s->incomplete) - 1);
	json_array_foreach(incomplete, i, g) {
		const char *gf = json_string_value(json_object_get(g, "file"));

		if (gf && !strcmp(gf, file))
			json_array_append(s->incomplete, g);
	}
}

size_t rescue_run(struct scan *s, const struct options *o, const struct compdb *db)
{
	struct srcfile **todo = xcalloc(s->files.n + 1, sizeof(*todo));
	json_t *facts, *incomplete;
	struct options again;
	struct detect d;
	size_t n = 0, rescued = 0;

	for (size_t i = 0; i < s->files.n; i++) {
		struct srcfile *f = &s->files.v[i];
		size_t bad = unparsed(s->incomplete, f->path);

		if (f->parsed && !f->binary && !f->unreadable && bad > 0 && bad != SIZE_MAX)
			todo[n++] = f;
	}
	if (n == 0) {
		free(todo);
		return 0;
	}
	again = *o;
	again.macro_file = write_macro_file(s, o);
	facts = json_array();
	incomplete = json_array();
	detect_init(&d, &again, db, &s->files);
	detect_run(&d, todo, n, facts, incomplete);
	for (size_t i = 0; i < n; i++) {
		const char *file = todo[i]->path;

		if (unparsed(incomplete, file) < unparsed(s->incomplete, file)) {
			take(s, file, facts, incomplete);
			strvec_push(&s->rescued, file);
			rescued++;
		}
	}
	if (rescued && !s->rescue_macros)
		s->rescue_macros = xstrdup(d.macros);
	detect_free(&d);
	json_decref(facts);
	json_decref(incomplete);
	free((char *)again.macro_file);
	free(todo);
	return rescued;
}
