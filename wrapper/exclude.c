#define _GNU_SOURCE
#include "exclude.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tree.h"

/* Whether a bare glob matches a component of rel. */
static int name_match(const char *glob, const char *rel)
{
	for (const char *p = rel; *p;) {
		size_t n = strcspn(p, "/");
		char *name = strndup(p, n);
		int hit = name && fnmatch(glob, name, 0) == 0;

		free(name);
		if (hit)
			return 1;
		p += n + (p[n] == '/');
	}
	return 0;
}

/* Whether an absolute glob matches abs or a directory above it. */
static int anchored_match(const char *glob, const char *abs)
{
	char *p = xstrdup(abs);
	int hit = fnmatch(glob, p, FNM_PATHNAME) == 0;

	for (char *s = strrchr(p, '/'); !hit && s && s > p; s = strrchr(p, '/')) {
		*s = '\0';
		hit = fnmatch(glob, p, FNM_PATHNAME) == 0;
	}
	free(p);
	return hit;
}

/* A glob anchored at the working directory, resolved (its characters
 * escaped: they are no pattern). */
static char *absolute_glob(const char *glob)
{
	char *cwd = getcwd(NULL, 0), *real = cwd ? realpath(cwd, NULL) : NULL;
	struct buf b = { 0 };

	for (const char *s = real ? real : ""; *s; s++) {
		if (strchr("*?[\\", *s))
			buf_puts(&b, "\\");
		buf_append(&b, s, 1);
	}
	while (!strncmp(glob, "./", 2))
		glob += 2;
	buf_printf(&b, "%s%s", real && !strcmp(real, "/") ? "" : "/", glob);
	free(cwd);
	free(real);
	return b.data;
}

int exclude_match(const char *path, const struct strvec *globs)
{
	char *rel = NULL, *abs = NULL;
	int hit = 0;

	for (size_t i = 0; i < globs->n && !hit; i++) {
		/* A trailing '/' says "a directory": every match is one here. */
		size_t n = strlen(globs->v[i]);
		char *g;

		while (n > 1 && globs->v[i][n - 1] == '/')
			n--;
		g = strndup(globs->v[i], n);
		if (!g)
			die(EXIT_USAGE, "out of memory");
		if (!strchr(g, '/')) {
			if (!rel)
				rel = tree_rel(path);
			hit = name_match(g, rel ? rel : path);
		} else if (abs || (abs = realpath(path, NULL))) {
			char *a = g[0] == '/' ? NULL : absolute_glob(g);

			hit = anchored_match(a ? a : g, abs);
			free(a);
		}
		free(g);
	}
	free(rel);
	free(abs);
	return hit;
}

void exclude_files(struct filelist *fl, const struct strvec *globs, struct strvec *out,
		   struct strvec *abs)
{
	size_t w = 0;

	if (!globs->n)
		return;
	for (size_t i = 0; i < fl->n; i++) {
		if (exclude_match(fl->v[i].path, globs)) {
			char *real = realpath(fl->v[i].path, NULL);

			if (!strvec_has(out, fl->v[i].path)) {
				strvec_push(out, fl->v[i].path);
				strvec_push(abs, real ? real : fl->v[i].path);
			}
			free(real);
			free(fl->v[i].path);
		} else {
			fl->v[w++] = fl->v[i];
		}
	}
	fl->n = w;
}
