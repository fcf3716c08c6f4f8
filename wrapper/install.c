#define _GNU_SOURCE
#include "install.h"

#include <ctype.h>
#include <fnmatch.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* dir/word made relative to the tree's top, "." and ".." applied; NULL
 * for an absolute word, one still holding a variable, or one that climbs
 * above the top. */
static char *rel_join(const char *dir, const char *word)
{
	char *joined, *p, *save = NULL;
	struct strvec parts = { 0 };
	struct buf out = { 0 };

	if (!*word || word[0] == '/' || strchr(word, '$'))
		return NULL;
	joined = xasprintf("%s/%s", dir, word);
	for (p = strtok_r(joined, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		if (!strcmp(p, ".."))
			if (parts.n == 0) {
				strvec_free(&parts);
				free(joined);
				return NULL;
			} else {
				free(parts.v[--parts.n]);
				parts.v[parts.n] = NULL;
			}
		else if (strcmp(p, "."))
			strvec_push(&parts, p);
	}
	for (size_t i = 0; i < parts.n; i++)
		buf_printf(&out, "%s%s", i ? "/" : "", parts.v[i]);
	strvec_free(&parts);
	free(joined);
	if (!out.data)
		buf_puts(&out, ".");
	return out.data;
}

static void add(struct installs *out, const char *dir, const char *word, const char *file,
		long line)
{
	char *rel = rel_join(dir, word);

	if (!rel)
		return;
	strvec_push(&out->names, rel);
	strvec_pushf(&out->where, "%s:%ld", file, line);
	free(rel);
}

/* The directories CMake and make name by a variable: the build file's
 * own, or the top's (as a path from dir back to it); NULL for others. */
static const char *known_dir(const char *name, const char *dir, char **tmp)
{
	static const char *const here[] = { "CMAKE_CURRENT_SOURCE_DIR", "CMAKE_CURRENT_LIST_DIR",
					    "CURDIR", "srcdir", "abs_srcdir", NULL };
	size_t n = strlen(name);
	int top = (n > 11 && !strcmp(name + n - 11, "_SOURCE_DIR")) ||
		  !strcmp(name, "top_srcdir") || !strcmp(name, "abs_top_srcdir");
	struct buf up = { 0 };

	for (int i = 0; here[i]; i++)
		if (!strcmp(name, here[i]))
			return ".";
	if (!top)
		return NULL;
	buf_puts(&up, ".");
	for (const char *p = dir; *p; p++)
		if (p == dir || p[-1] == '/')
			buf_puts(&up, "/..");
	*tmp = up.data;
	return *tmp;
}

/* word with its variables expanded, split into words (on ';' for CMake,
 * on blanks for make) appended to out; a variable nobody set drops the
 * word. */
static void expand(json_t *vars, const char *word, const char *dir, int make, struct strvec *out)
{
	struct buf b = { 0 };
	const char *p = word;

	buf_puts(&b, "");
	while (*p) {
		const char *close;
		char open = p[1];

		if (p[0] != '$' || (open != '{' && !(make && open == '(')) ||
		    !(close = strchr(p + 2, open == '{' ? '}' : ')'))) {
			buf_append(&b, p++, 1);
			continue;
		}
		{
			char *name = strndup(p + 2, (size_t)(close - p - 2)), *tmp = NULL;
			json_t *v = json_object_get(vars, name ? name : "");
			const char *d = v ? NULL : known_dir(name ? name : "", dir, &tmp);
			size_t i;
			json_t *e;

			if (!v && !d) {
				free(name);
				buf_free(&b);
				return;
			}
			if (d)
				buf_puts(&b, d);
			json_array_foreach(v, i, e)
				buf_printf(&b, "%s%s", i ? (make ? " " : ";") : "",
					   json_string_value(e));
			free(name);
			free(tmp);
		}
		p = close + 1;
	}
	{
		char *save = NULL;

		for (char *w = strtok_r(b.data, make ? " \t" : ";", &save); w;
		     w = strtok_r(NULL, make ? " \t" : ";", &save))
			strvec_push(out, w);
	}
	buf_free(&b);
}

/* ---- CMake ---- */

/* One command call: its name and its arguments, unquoted, each split on
 * ';'. p points at the identifier; returns the end of the call, or NULL
 * if what follows is no call. */
static const char *cmake_call(const char *p, char **name, struct strvec *args, long *line)
{
	const char *s = p;
	struct buf w = { 0 };
	int depth = 0, inword = 0;

	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	*name = strndup(s, (size_t)(p - s));
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '(')
		return p;
	for (p++; *p; p++) {
		int end = 0;

		if (*p == '\n')
			(*line)++;
		if (*p == '#' && !inword) {
			while (p[1] && p[1] != '\n')
				p++;
			continue;
		}
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				if (*p == '\n')
					(*line)++;
				buf_append(&w, p, 1);
			}
			inword = 1;
			if (!*p)
				break;
			continue;
		}
		if (*p == '(')
			depth++;
		if (*p == ')' && depth-- == 0)
			end = 1;
		if (end || isspace((unsigned char)*p)) {
			if (inword)
				strvec_push(args, w.data ? w.data : "");
			w.len = 0;
			if (w.data)
				w.data[0] = '\0';
			inword = 0;
			if (end)
				break;
			continue;
		}
		buf_append(&w, p, 1);
		inword = 1;
	}
	buf_free(&w);
	return *p ? p + 1 : p;
}

static int keyword(const char *w)
{
	if (!*w)
		return 0;
	for (const char *p = w; *p; p++)
		if (!isupper((unsigned char)*p) && *p != '_')
			return 0;
	return 1;
}

static void cmake_set(json_t *vars, const char *name, struct strvec *a, size_t from, int append)
{
	json_t *v = append ? json_object_get(vars, a->v[from - 1]) : NULL;

	if (!v) {
		v = json_array();
		json_object_set_new(vars, a->v[from - 1], v);
	}
	for (size_t i = from; i < a->n; i++) {
		if (!strcmp(a->v[i], "CACHE") || !strcmp(a->v[i], "PARENT_SCOPE"))
			break;
		if (strcmp(name, "file") || !keyword(a->v[i]))
			json_array_append_new(v, json_string(a->v[i]));
	}
}

/* The names a call installs: after FILES, PROGRAMS, DIRECTORY (install),
 * PUBLIC_HEADER (any call), BASE_DIRS and FILES (a FILE_SET), up to the
 * next keyword. */
static void cmake_names(const char *name, struct strvec *a, const char *dir, const char *file,
			long line, struct installs *out)
{
	int inst = !strcasecmp(name, "install"), fileset = 0, on = 0;

	for (size_t i = 0; i < a->n; i++)
		fileset |= !strcmp(a->v[i], "FILE_SET");
	for (size_t i = 0; i < a->n; i++) {
		const char *w = a->v[i];

		if (keyword(w)) {
			on = (inst && (!strcmp(w, "FILES") || !strcmp(w, "PROGRAMS") ||
				       !strcmp(w, "DIRECTORY"))) ||
			     !strcmp(w, "PUBLIC_HEADER") ||
			     (fileset && (!strcmp(w, "BASE_DIRS") || !strcmp(w, "FILES")));
			continue;
		}
		if (on)
			add(out, dir, w, file, line);
	}
}

void install_cmake(const char *text, const char *dir, const char *file, struct installs *out)
{
	json_t *vars = json_object();
	const char *p = text;
	long line = 1;

	while (*p) {
		if (*p == '#') {
			p += strcspn(p, "\n");
			continue;
		}
		if (*p == '\n')
			line++;
		if ((isalpha((unsigned char)*p) || *p == '_') &&
		    (p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
			struct strvec raw = { 0 }, a = { 0 };
			char *name = NULL;
			long at = line;

			p = cmake_call(p, &name, &raw, &line);
			for (size_t i = 0; i < raw.n; i++)
				expand(vars, raw.v[i], dir, 0, &a);
			if (name && (!strcasecmp(name, "set") || !strcasecmp(name, "file")) && a.n > 1 &&
			    (strcasecmp(name, "file") || !strncmp(a.v[0], "GLOB", 4)))
				cmake_set(vars, name, &a, strcasecmp(name, "file") ? 1 : 2, 0);
			else if (name && !strcasecmp(name, "list") && a.n > 2 && !strcmp(a.v[0], "APPEND"))
				cmake_set(vars, name, &a, 2, 1);
			else if (name)
				cmake_names(name, &a, dir, file, at, out);
			free(name);
			strvec_free(&raw);
			strvec_free(&a);
			continue;
		}
		p++;
	}
	json_decref(vars);
}

/* ---- make ---- */

/* The lines of a makefile, continuations joined, comments dropped. */
static void make_lines(const char *text, struct strvec *lines, struct strvec *nums)
{
	struct buf b = { 0 };
	long line = 1, first = 1;

	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		int cont = n > 0 && p[n - 1] == '\\';

		buf_append(&b, p, cont ? n - 1 : n);
		buf_puts(&b, " ");
		if (!cont) {
			b.data[strcspn(b.data, "#")] = '\0';
			strvec_push(lines, b.data);
			strvec_pushf(nums, "%ld", first);
			b.len = 0;
			b.data[0] = '\0';
			first = line + 1;
		}
		line++;
		p += n + (p[n] == '\n');
	}
	if (b.len) {
		strvec_push(lines, b.data);
		strvec_pushf(nums, "%ld", first);
	}
	buf_free(&b);
}

/* NAME [+:?]= VALUE at the start of a line (not a recipe): the name and
 * where the value starts, or NULL. */
static char *make_assignment(const char *l, const char **value, int *append)
{
	const char *p = l, *s;

	if (*l == '\t')
		return NULL;
	while (*p == ' ')
		p++;
	s = p;
	while (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '-')
		p++;
	if (p == s)
		return NULL;
	{
		const char *e = p;

		while (*p == ' ' || *p == '\t')
			p++;
		*append = *p == '+';
		if ((*p == '+' || *p == ':' || *p == '?') && p[1] == '=')
			p++;
		else if (*p == ':' && p[1] == ':' && p[2] == '=')
			p += 2;
		if (*p != '=')
			return NULL;
		*value = p + 1;
		return strndup(s, (size_t)(e - s));
	}
}

static int install_word(const char *w)
{
	return !strcmp(w, "install") || !strncmp(w, "$(INSTALL", 9) || !strncmp(w, "${INSTALL", 9);
}

/* An install command's operands but its options and the last one (where
 * they go); `install -d` and `-t DIR` name directories to make. */
static void make_install(json_t *vars, const char *l, const char *dir, const char *file,
			 long line, struct installs *out)
{
	struct strvec w = { 0 }, ops = { 0 }, names = { 0 };
	char *copy = xstrdup(l), *save = NULL;
	size_t at = 0;
	int found = 0, dirs = 0;

	for (char *t = strtok_r(copy, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
		strvec_push(&w, t);
	while (at < w.n && !(found = install_word(w.v[at])))
		at++;
	for (size_t i = at + 1; found && i < w.n; i++) {
		const char *a = w.v[i];

		if (!strcmp(a, "&&") || !strcmp(a, ";") || !strcmp(a, "||"))
			break;
		dirs |= !strcmp(a, "-d") || !strcmp(a, "-t");
		if (a[0] == '-')
			i += !strcmp(a, "-m") || !strcmp(a, "-o") || !strcmp(a, "-g");
		else
			strvec_push(&ops, a);
	}
	for (size_t i = 0; !dirs && i + 1 < ops.n; i++)
		expand(vars, ops.v[i], dir, 1, &names);
	for (size_t i = 0; i < names.n; i++)
		add(out, dir, names.v[i], file, line);
	strvec_free(&names);
	strvec_free(&ops);
	strvec_free(&w);
	free(copy);
}

void install_make(const char *text, const char *dir, const char *file, struct installs *out)
{
	struct strvec lines = { 0 }, nums = { 0 };
	json_t *vars = json_object();

	make_lines(text, &lines, &nums);
	for (size_t i = 0; i < lines.n; i++) {
		const char *value;
		int append;
		char *name = make_assignment(lines.v[i], &value, &append);
		long line = strtol(nums.v[i], NULL, 10);

		if (name) {
			struct strvec words = { 0 };
			json_t *v = append ? json_object_get(vars, name) : NULL;
			size_t n = strlen(name);

			expand(vars, value, dir, 1, &words);
			if (!v) {
				v = json_array();
				json_object_set_new(vars, name, v);
			}
			for (size_t k = 0; k < words.n; k++)
				json_array_append_new(v, json_string(words.v[k]));
			/* automake: what *_HEADERS lists is installed, but
			 * noinst_HEADERS and its kin. */
			if (n > 8 && !strcmp(name + n - 8, "_HEADERS") && !strstr(name, "noinst"))
				for (size_t k = 0; k < words.n; k++)
					add(out, dir, words.v[k], file, line);
			strvec_free(&words);
			free(name);
			continue;
		}
		make_install(vars, lines.v[i], dir, file, line, out);
	}
	json_decref(vars);
	strvec_free(&lines);
	strvec_free(&nums);
}

void install_free(struct installs *in)
{
	strvec_free(&in->names);
	strvec_free(&in->where);
}

int install_names(const char *name, const char *path)
{
	size_t n = strlen(name);

	if (!strcmp(name, "."))
		return 1;
	return !strcmp(name, path) || (!strncmp(name, path, n) && path[n] == '/') ||
	       (strpbrk(name, "*?[") && fnmatch(name, path, 0) == 0);
}
