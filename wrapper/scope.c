#define _GNU_SOURCE
#include "scope.h"

#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "tree.h"

#define BUILD_FILE_MAX ((size_t)4 << 20)
#define WALK_DEPTH 24

static const char *const vendored[] = { "deps", "vendor", "third_party", "external", NULL };

static int vendored_name(const char *name, size_t n)
{
	for (int k = 0; vendored[k]; k++)
		if (n == strlen(vendored[k]) && !strncmp(name, vendored[k], n))
			return 1;
	return 0;
}

void scope_gitmodules(const char *text, struct strvec *paths)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		const char *l = p, *e = p + n;

		while (l < e && (*l == ' ' || *l == '\t'))
			l++;
		if (e - l > 4 && !strncmp(l, "path", 4)) {
			l += 4;
			while (l < e && (*l == ' ' || *l == '\t'))
				l++;
			if (l < e && *l == '=') {
				l++;
				while (l < e && (*l == ' ' || *l == '\t'))
					l++;
				while (e > l && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
						 e[-1] == '/'))
					e--;
				if (e > l) {
					char *path = strndup(l, (size_t)(e - l));

					strvec_push(paths, path);
					free(path);
				}
			}
		}
		p += n + (p[n] == '\n');
	}
}

static int build_file(const char *name)
{
	size_t n = strlen(name);

	return !strcmp(name, "CMakeLists.txt") || !strcmp(name, "Makefile") ||
	       !strcmp(name, "makefile") || !strcmp(name, "GNUmakefile") ||
	       !strcmp(name, "Makefile.am") || (n > 6 && !strcmp(name + n - 6, ".cmake")) ||
	       (n > 3 && !strcmp(name + n - 3, ".mk"));
}

static void read_build_file(int dfd, const char *rel, const char *name, struct installs *out)
{
	struct buf b = { 0 };
	char *file = *rel ? xasprintf("%s/%s", rel, name) : xstrdup(name);
	int cmake = !strcmp(name, "CMakeLists.txt") || strstr(name, ".cmake");

	if (read_regular_at(dfd, name, 1, BUILD_FILE_MAX, &b) == 0 && b.data) {
		if (cmake)
			install_cmake(b.data, rel, file, out);
		else
			install_make(b.data, rel, file, out);
	}
	buf_free(&b);
	free(file);
}

/* Every build file under the directory dfd (rel from the top). */
static void walk(const struct scope *s, int dfd, const char *rel, int depth, struct installs *out)
{
	char *shown = xasprintf("%s%s%s", tree_root(), *rel ? "/" : "", rel);
	DIR *d = fdopendir(dfd);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		struct stat st;
		char *sub;
		int fd;

		if (e->d_name[0] == '.')
			continue;  /* ., .., and hidden: no build of the project's */
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISREG(st.st_mode) && build_file(e->d_name)) {
			read_build_file(dirfd(d), rel, e->d_name, out);
			continue;
		}
		sub = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
		if (S_ISDIR(st.st_mode) && depth < WALK_DEPTH &&
		    !vendored_name(e->d_name, strlen(e->d_name)) &&
		    !strvec_has(&s->submodules, sub) && !files_skipped_dir(shown, e->d_name) &&
		    (fd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				 O_CLOEXEC)) >= 0)
			walk(s, fd, sub, depth + 1, out);
		free(sub);
	}
	if (d)
		closedir(d);
	else
		close(dfd);
	free(shown);
}

/* Whether name (tree-relative) names a header or a directory of the
 * tree, or is a glob that matches something. */
static int names_something(const char *name)
{
	char *p = xasprintf("%s/%s", tree_root(), name);
	size_t n = strlen(name);
	struct stat st;
	int yes;

	if (strpbrk(name, "*?[")) {
		glob_t g;

		yes = glob(p, GLOB_NOSORT, NULL, &g) == 0 && g.gl_pathc > 0;
		if (yes)
			globfree(&g);
	} else {
		yes = lstat(p, &st) == 0 &&
		      (S_ISDIR(st.st_mode) || (n > 2 && !strcmp(name + n - 2, ".h")));
	}
	free(p);
	return yes;
}

void scope_load(struct scope *s)
{
	struct installs all = { 0 };
	struct buf b = { 0 };
	int top;

	memset(s, 0, sizeof(*s));
	top = open(tree_root(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (top < 0)
		return;
	if (read_regular_at(top, ".gitmodules", 1, BUILD_FILE_MAX, &b) == 0 && b.data)
		scope_gitmodules(b.data, &s->submodules);
	buf_free(&b);
	walk(s, top, "", 0, &all);
	for (size_t i = 0; i < all.names.n; i++)
		if (names_something(all.names.v[i])) {
			strvec_push(&s->inst.names, all.names.v[i]);
			strvec_push(&s->inst.where, all.where.v[i]);
		}
	install_free(&all);
}

/* The vendored directory on the way to rel, or NULL. */
static char *vendored_why(const struct scope *s, const char *rel, const char *path)
{
	for (size_t i = 0; i < s->submodules.n; i++)
		if (install_names(s->submodules.v[i], rel) && strcmp(s->submodules.v[i], rel))
			return xasprintf("%s is vendored code (%s/, a git submodule)", path,
					 s->submodules.v[i]);
	for (const char *p = rel; *p;) {
		size_t n = strcspn(p, "/");

		if (!p[n])
			break;
		if (vendored_name(p, n))
			return xasprintf("%s is vendored code (%.*s/)", path, (int)(p + n - rel), rel);
		p += n + 1;
	}
	return NULL;
}

char *scope_why(const struct scope *s, const char *path)
{
	char *rel = tree_rel(path), *why;
	const char *r = rel && *rel ? rel : path;
	size_t n = strlen(r);

	why = vendored_why(s, r, path);
	if (!why && n > 2 && !strcmp(r + n - 2, ".h")) {
		for (size_t i = 0; !why && i < s->inst.names.n; i++)
			if (install_names(s->inst.names.v[i], r))
				why = xasprintf("%s is a public header (installed by %s)", path,
						s->inst.where.v[i]);
		for (const char *p = r; !why && !s->inst.names.n && *p;) {
			size_t k = strcspn(p, "/");

			if (!p[k])
				break;
			if (k == 7 && !strncmp(p, "include", 7))
				why = xasprintf("%s is a public header (under %.*s/; no install "
						"rule of the build names a header)", path,
						(int)(p + k - r), r);
			p += k + 1;
		}
	}
	free(rel);
	return why;
}

void scope_free(struct scope *s)
{
	strvec_free(&s->submodules);
	install_free(&s->inst);
}
