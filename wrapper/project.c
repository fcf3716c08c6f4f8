#define _GNU_SOURCE
#include "project.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"
#include "options.h"

/* The project file is a few dozen lines; more is no project file. */
#define PROJECT_MAX_SIZE ((size_t)1 << 20)

enum value { V_PLAIN, V_PATH, V_GLOB, V_CMD };

static const struct key {
	const char *name, *option;
	enum value value;
	int repeat;
} keys[] = {
	{ "compdb", "-p", V_PATH, 0 },
	{ "macro-file", "--macro-file", V_PATH, 0 },
	{ "test-cmd", "--test-cmd", V_CMD, 0 },
	{ "timeout", "--timeout", V_PLAIN, 0 },
	{ "max-mem", "--max-mem", V_PLAIN, 0 },
	{ "include", "-I", V_PATH, 1 },
	{ "define", "-D", V_PLAIN, 1 },
	{ "lock-type", "--lock-type", V_PLAIN, 1 },
	{ "init-wrapper", "--init-wrapper", V_PLAIN, 1 },
	{ "exclude", "--exclude", V_GLOB, 1 },
	{ "keep", "--keep", V_PLAIN, 1 },
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/* inih's reader and handler share this: the text, the line inih is on
 * (inih's own count, as it reads one line a call), the first fault. */
struct reader {
	const char *p, *end;
	long line, bad_line;
	char *err;
	size_t errlen;
	const char *dir;
	struct strvec *args;
	long seen[NKEYS];        /* the line of each single-valued key, or 0 */
};

static int bad(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Keeps the first fault only; 0, which tells inih the line failed. */
static int bad(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	if (r->bad_line)
		return 0;
	r->bad_line = r->line;
	va_start(ap, fmt);
	vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
	return 0;
}

/* inih's fgets: one line a call. Leading blanks go, since inih reads an
 * indented line as more of the previous value; a line too long for its
 * buffer or holding a NUL is a fault here and an empty line to inih. */
static char *next_line(char *str, int num, void *stream)
{
	struct reader *r = stream;
	const char *nl;
	size_t n, text, max = PROJECT_MAX_LINE;

	if (r->p >= r->end || num < 4)
		return NULL;
	if ((size_t)num - 3 < max)
		max = (size_t)num - 3;
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
		r->p++;
	nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	n = nl ? (size_t)(nl - r->p) + 1 : (size_t)(r->end - r->p);
	text = n - (nl != NULL);
	if (text && r->p[text - 1] == '\r')
		text--;
	r->line++;
	/* Whether or not an earlier line failed, this one must fit. */
	if (memchr(r->p, '\0', n) || text > max) {
		if (memchr(r->p, '\0', n))
			bad(r, "a NUL byte: not a text file");
		else
			bad(r, "line longer than %zu bytes", max);
		strcpy(str, "\n");
	} else {
		memcpy(str, r->p, n);
		str[n] = '\0';
	}
	r->p += n;
	return str;
}

/* s with the characters fnmatch() reads as a pattern escaped. */
static char *glob_escape(const char *s)
{
	struct buf b = { 0 };

	for (; *s; s++) {
		if (strchr("*?[\\", *s))
			buf_append(&b, "\\", 1);
		buf_append(&b, s, 1);
	}
	buf_puts(&b, "");
	return b.data;
}

/* A glob with a '/' is anchored at the project file's directory (as in
 * .gitignore); one without matches a name at any depth. */
static char *anchor_glob(const char *dir, const char *glob)
{
	char *real, *esc, *out;
	size_t n = strlen(glob);

	while (n > 1 && glob[n - 1] == '/')
		n--;
	if (!memchr(glob, '/', n))
		return strndup(glob, n);
	while (n && (*glob == '/' || !strncmp(glob, "./", 2))) {
		size_t skip = *glob == '/' ? 1 : 2;

		glob += skip;
		n -= skip;
	}
	real = realpath(dir, NULL);
	if (!real)
		return NULL;
	esc = glob_escape(real);
	out = xasprintf("%s%s%.*s", esc, !strcmp(real, "/") ? "" : "/", (int)n, glob);
	free(real);
	free(esc);
	return out;
}

/* 'dir' for shell_split(): single quotes, a quote as '\''. */
static char *quoted(const char *s)
{
	struct buf b = { 0 };

	buf_puts(&b, "'");
	for (; *s; s++)
		buf_puts(&b, *s == '\'' ? "'\\''" : (char[]){ *s, '\0' });
	buf_puts(&b, "'");
	return b.data;
}

/* The value as the command line takes it, or NULL with the fault set. */
static char *option_value(struct reader *r, const struct key *k, const char *value)
{
	int here = !strcmp(r->dir, ".") || !*r->dir;
	char *v, *d;

	switch (k->value) {
	case V_PATH:
		return here || value[0] == '/' ? xstrdup(value)
					      : xasprintf("%s/%s", r->dir, value);
	case V_GLOB:
		if (!(v = anchor_glob(r->dir, value)))
			bad(r, "%s: %s", r->dir, strerror(errno));
		return v;
	case V_CMD:
		/* Run from the project file's directory, wherever lockptr is
		 * started: env -C, still without a shell. */
		if (here)
			return xstrdup(value);
		d = quoted(r->dir);
		v = xasprintf("env -C %s %s", d, value);
		free(d);
		return v;
	default:
		return xstrdup(value);
	}
}

/* The command line's own check of one option and its value. */
static int check_option(struct reader *r, const char *option, const char *value)
{
	struct options o;
	char *argv[] = { "scan", xstrdup(option), xstrdup(value), NULL };
	int rc = options_parse(&o, 3, argv);

	if (rc != OPT_OK)
		bad(r, "%s", rc == OPT_ERROR ? o.error : "not a value");
	options_free(&o);
	free(argv[1]);
	free(argv[2]);
	return rc == OPT_OK;
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
	struct reader *r = user;
	const struct key *k = NULL;
	char *v;
	int good;

	for (size_t i = 0; i < NKEYS && !k; i++)
		if (!strcmp(keys[i].name, name))
			k = &keys[i];
	if (*section)
		return bad(r, "[%s]: the project file has no sections; keys go at its top",
			   section);
	if (!k)
		return bad(r, "unknown key '%s' (keys: compdb, macro-file, test-cmd, timeout, "
			   "max-mem, include, define, lock-type, init-wrapper, exclude, keep)",
			   name);
	if (!*value)
		return bad(r, "'%s' has no value", name);
	if (!k->repeat && r->seen[k - keys])
		return bad(r, "'%s' is set twice (first at line %ld); it takes one value",
			   name, r->seen[k - keys]);
	r->seen[k - keys] = r->line;
	if (!(v = option_value(r, k, value)))
		return 0;
	good = check_option(r, k->option, v);
	if (good) {
		strvec_push(r->args, k->option);
		strvec_push(r->args, v);
	}
	free(v);
	return good;
}

int project_args(const char *text, size_t len, const char *dir, struct strvec *args,
		 long *line, char *err, size_t errlen)
{
	struct reader r = { .p = text, .end = text + len, .err = err, .errlen = errlen,
			    .dir = dir, .args = args };
	int rc = ini_parse_stream(next_line, &r, on_entry, &r);

	if (rc == -2)
		die(EXIT_USAGE, "out of memory");
	if (r.bad_line && (rc <= 0 || r.bad_line <= rc)) {
		*line = r.bad_line;
		return -1;
	}
	if (rc > 0) {
		*line = rc;
		snprintf(err, errlen, "expected 'key = value', a comment (#) or a blank line");
		return -1;
	}
	return 0;
}

int project_load(const char *path, struct strvec *args, long *line, char *err,
		 size_t errlen)
{
	struct buf text = { 0 };
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
			  : xstrdup(".");
	int rc;

	if (!dir)
		die(EXIT_USAGE, "out of memory");
	*line = 0;
	if (files_read_regular(path, PROJECT_MAX_SIZE, &text) < 0) {
		snprintf(err, errlen, "%s", files_read_error(errno, PROJECT_MAX_SIZE));
		free(dir);
		return -1;
	}
	rc = project_args(text.data ? text.data : "", text.len, dir, args, line, err, errlen);
	buf_free(&text);
	free(dir);
	return rc;
}

/* The directory of an operand, resolved: itself, or the one holding it. */
static char *operand_dir(const char *op)
{
	char *real = realpath(op, NULL), *slash;
	struct stat st;

	if (!real || (stat(real, &st) == 0 && S_ISDIR(st.st_mode)))
		return real;
	slash = strrchr(real, '/');
	if (slash == real)
		slash[1] = '\0';
	else
		*slash = '\0';
	return real;
}

/* The deepest directory holding every operand (default "."), resolved. */
static char *common_dir(const struct strvec *operands)
{
	char *common = NULL;

	for (size_t i = 0; i < (operands->n ? operands->n : 1); i++) {
		char *d = operand_dir(operands->n ? operands->v[i] : ".");
		size_t n = 0;

		if (!d)
			continue;
		if (!common) {
			common = d;
			continue;
		}
		/* The longest common prefix that ends at a component. */
		while (common[n] && common[n] == d[n])
			n++;
		if (!((common[n] == '\0' || common[n] == '/') && (d[n] == '\0' || d[n] == '/')))
			while (n > 0 && common[n] != '/')
				n--;
		common[n ? n : 1] = '\0';
		free(d);
	}
	return common;
}

static int exists_in(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", strcmp(dir, "/") ? dir : "", name);
	struct stat st;
	int r = lstat(p, &st) == 0;

	free(p);
	return r;
}

char *project_find(const struct strvec *operands)
{
	char *dir = common_dir(operands), *found = NULL;

	while (dir && !found) {
		char *slash;

		if (exists_in(dir, PROJECT_FILE)) {
			char *p = xasprintf("%s/%s", strcmp(dir, "/") ? dir : "", PROJECT_FILE);

			found = path_display(p);
			free(p);
		}
		/* The top of a git work tree is the top of the project. */
		if (found || exists_in(dir, ".git") || !strcmp(dir, "/"))
			break;
		slash = strrchr(dir, '/');
		slash[slash == dir] = '\0';
	}
	free(dir);
	return found;
}
