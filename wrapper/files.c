#define _GNU_SOURCE
#include "files.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc.h"

static const char *const skip_dirs[] = {
	".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", ".lockptr",
	"node_modules", NULL,
};

char *path_clean(const char *path)
{
	struct buf b = { 0 };
	const char *p = path;
	int abs = path[0] == '/';

	if (abs)
		buf_puts(&b, "/");
	while (*p) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 0)
			break;
		if (!(n == 1 && p[0] == '.')) {
			if (b.len > (size_t)abs)
				buf_puts(&b, "/");
			buf_append(&b, p, n);
		}
		p += n;
	}
	if (b.len == 0)
		buf_puts(&b, ".");
	return b.data;
}

static int c_or_h(const char *path)
{
	size_t n = strlen(path);

	return n > 2 && path[n - 2] == '.' && (path[n - 1] == 'c' || path[n - 1] == 'h');
}

/* The path as the user sees it: relative to the working directory when
 * the file is under it (whatever spelling named it), else cleaned. */
char *path_display(const char *path)
{
	static char *cwd;
	char *real = realpath(path, NULL);
	char *out;

	if (!cwd) {
		char *c = getcwd(NULL, 0);

		cwd = c ? realpath(c, NULL) : NULL;
		free(c);
	}
	if (real && cwd && !strncmp(real, cwd, strlen(cwd)) && real[strlen(cwd)] == '/') {
		out = xstrdup(real + strlen(cwd) + 1);
		free(real);
		return out;
	}
	free(real);
	return path_clean(path);
}

/* The length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned int c = s[0], cp, min;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f, min = 0x80;
	else if ((c & 0xf0) == 0xe0)
		n = 3, cp = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		/* A NUL ends the string here: not a continuation byte. */
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_seq(p);

		if (!n)
			return 0;
		p += n;
	}
	return 1;
}

char *path_escape(const char *s)
{
	struct buf b = { 0 };
	const unsigned char *p = (const unsigned char *)s;

	buf_append(&b, "", 0);
	while (*p) {
		size_t n = *p >= 0x80 ? utf8_seq(p) : 1;

		if (*p == '\\') {
			buf_puts(&b, "\\\\");
		} else if (*p < 0x20 || *p == 0x7f || n == 0) {
			buf_printf(&b, "\\x%02x", *p);
			n = 1;
		} else {
			buf_append(&b, p, n);
		}
		p += n;
	}
	return b.data;
}

int files_read_regular(const char *path, size_t max, struct buf *out)
{
	return read_regular_at(AT_FDCWD, path, 0, max, out);
}

const char *files_read_error(int err, size_t max)
{
	static char msg[64];

	if (err == EISDIR)
		return "is a directory";
	if (err == EINVAL)
		return "not a regular file";
	if (err == EFBIG) {
		snprintf(msg, sizeof(msg), "larger than %zu MiB", max >> 20);
		return msg;
	}
	return strerror(err);
}

static void add(struct filelist *fl, const char *path)
{
	struct srcfile *f;

	/* Reports are JSON and SARIF: a name they cannot carry would lose
	 * the file's facts without a word. */
	if (!utf8_valid(path)) {
		char *shown = path_escape(path);

		die(EXIT_USAGE, "%s: file name is not valid UTF-8, which lockptr's reports "
		    "cannot carry (rename it, or leave it out of the operands)", shown);
	}

	if (fl->n == fl->cap) {
		fl->cap = fl->cap ? fl->cap * 2 : 256;
		fl->v = xrealloc(fl->v, fl->cap * sizeof(*fl->v));
	}
	f = &fl->v[fl->n++];
	memset(f, 0, sizeof(*f));
	f->path = path_display(path);
	f->header = path[strlen(path) - 1] == 'h';
}

int files_skipped_dir(const char *dir, const char *name)
{
	char *cache;
	struct stat st;
	int r;

	for (int i = 0; skip_dirs[i]; i++)
		if (!strcmp(name, skip_dirs[i]))
			return 1;
	/* A CMake build tree holds generated copies, not sources. */
	cache = xasprintf("%s/%s/CMakeCache.txt", dir, name);
	r = stat(cache, &st) == 0;
	free(cache);
	return r;
}

static void walk(const char *dir, struct filelist *fl)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d) {
		warn("%s: cannot read directory:", dir);
		return;
	}
	while ((e = readdir(d))) {
		char *p;
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		if (lstat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				if (!files_skipped_dir(dir, e->d_name))
					walk(p, fl);
			} else if (c_or_h(e->d_name) &&
				   (S_ISREG(st.st_mode) ||
				    (S_ISLNK(st.st_mode) && stat(p, &st) == 0 &&
				     S_ISREG(st.st_mode)))) {
				add(fl, p);
			}
		}
		free(p);
	}
	closedir(d);
}

/* The files git knows under dir; 0 on success, -1 if dir is not in a work
 * tree or git is not there (the caller walks instead). */
static int git_files(const char *dir, struct filelist *fl)
{
	char *argv[] = { "git", "-C", (char *)dir, "ls-files", "-z", "--cached",
			 "--others", "--exclude-standard", "--", ".", NULL };
	struct job j = { .argv = argv };
	size_t i = 0;

	spawn_one(&j, 60);
	/* Nothing known to git (an ignored directory named on purpose):
	 * the caller walks it. */
	if (j.status != 0 || j.out.len == 0) {
		buf_free(&j.out);
		buf_free(&j.err);
		return -1;
	}
	while (i < j.out.len) {
		const char *rel = j.out.data + i;
		size_t n = strlen(rel);
		struct stat st;

		if (c_or_h(rel)) {
			char *p = xasprintf("%s/%s", dir, rel);

			/* Deleted but still tracked files are gone. */
			if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
				add(fl, p);
			free(p);
		}
		i += n + 1;
	}
	buf_free(&j.out);
	buf_free(&j.err);
	return 0;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct srcfile *)a)->path,
		      ((const struct srcfile *)b)->path);
}

void files_collect(const struct strvec *operands, struct filelist *out)
{
	static char *const dot[] = { ".", NULL };
	char *const *ops = operands->n ? operands->v : dot;
	size_t w = 0;

	for (size_t i = 0; ops[i]; i++) {
		struct stat st;

		if (stat(ops[i], &st) < 0)
			die(EXIT_USAGE, "%s:", ops[i]);
		if (S_ISDIR(st.st_mode)) {
			if (git_files(ops[i], out) < 0)
				walk(ops[i], out);
		} else if (!S_ISREG(st.st_mode)) {
			die(EXIT_USAGE, "%s: not a regular file or directory",
			    ops[i]);
		} else if (!c_or_h(ops[i])) {
			die(EXIT_USAGE, "%s: not a C source or header "
			    "(expected .c or .h)", ops[i]);
		} else {
			add(out, ops[i]);
		}
	}
	if (out->n == 0)
		return;
	qsort(out->v, out->n, sizeof(*out->v), cmp_file);
	for (size_t r = 0; r < out->n; r++) {
		if (w > 0 && !strcmp(out->v[w - 1].path, out->v[r].path)) {
			free(out->v[r].path);
			continue;
		}
		out->v[w++] = out->v[r];
	}
	out->n = w;
}

static int listed(const struct filelist *fl, const char *path)
{
	char *d = path_display(path);
	int found = 0;

	for (size_t i = 0; i < fl->n && !found; i++)
		found = !strcmp(fl->v[i].path, d);
	free(d);
	return found;
}

void files_quoted_includes(const char *text, struct strvec *names)
{
	for (const char *p = text; p && *p;) {
		size_t n = strcspn(p, "\n");
		const char *q = p + strspn(p, " \t"), *name, *end;

		if (q < p + n && *q == '#') {
			q++;
			q += strspn(q, " \t");
			if (!strncmp(q, "include", 7) && (name = memchr(q, '"', (size_t)(p + n - q))) &&
			    (end = memchr(name + 1, '"', (size_t)(p + n - name - 1))))
				strvec_pushf(names, "%.*s", (int)(end - name - 1), name + 1);
		}
		p += n + (p[n] == '\n');
	}
}

void files_add_includes(struct filelist *fl, const struct strvec *incdirs)
{
	/* fl grows while it is walked: every header found is read too. */
	for (size_t i = 0; i < fl->n; i++) {
		struct buf b = { 0 };
		struct strvec incs = { 0 };
		char *dir;

		if (read_file(fl->v[i].path, &b) < 0 || memchr(b.data, '\0', b.len)) {
			buf_free(&b);
			continue;
		}
		dir = strrchr(fl->v[i].path, '/')
			? strndup(fl->v[i].path, (size_t)(strrchr(fl->v[i].path, '/') - fl->v[i].path))
			: xstrdup(".");
		files_quoted_includes(b.data, &incs);
		for (size_t j = 0; j < incs.n; j++) {
			for (size_t k = 0; k <= incdirs->n; k++) {
				char *cand = xasprintf("%s/%s", k == 0 ? dir : incdirs->v[k - 1], incs.v[j]);
				struct stat st;
				int hit = c_or_h(cand) && stat(cand, &st) == 0 && S_ISREG(st.st_mode);

				if (hit && !listed(fl, cand))
					add(fl, cand);
				free(cand);
				if (hit)
					break;
			}
		}
		strvec_free(&incs);
		free(dir);
		buf_free(&b);
	}
	if (fl->n > 1)
		qsort(fl->v, fl->n, sizeof(*fl->v), cmp_file);
}

void files_free(struct filelist *fl)
{
	for (size_t i = 0; i < fl->n; i++)
		free(fl->v[i].path);
	free(fl->v);
	fl->v = NULL;
	fl->n = fl->cap = 0;
}

static int ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

int text_mentions(const char *text, size_t len, json_t *words, json_t *tags)
{
	char prev[8] = "";
	char word[256];

	for (size_t i = 0; i < len;) {
		size_t s, n;

		if (!ident_char(text[i])) {
			i++;
			continue;
		}
		s = i;
		while (i < len && ident_char(text[i]))
			i++;
		n = i - s;
		if (isdigit((unsigned char)text[s]) || n >= sizeof(word)) {
			prev[0] = '\0';
			continue;
		}
		memcpy(word, text + s, n);
		word[n] = '\0';
		if (words && json_object_get(words, word))
			return 1;
		if (tags && prev[0]) {
			char key[sizeof(word) + 8];

			snprintf(key, sizeof(key), "%s %s", prev, word);
			if (json_object_get(tags, key))
				return 1;
		}
		if (!strcmp(word, "struct") || !strcmp(word, "union"))
			strcpy(prev, word);
		else
			prev[0] = '\0';
	}
	return 0;
}
