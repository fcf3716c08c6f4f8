#define _GNU_SOURCE
#include "tree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *root;       /* realpath of the tree's top */
static int root_fd = -1;

const char *tree_root(void)
{
	return root ? root : ".";
}

/* Components of an absolute path, "." dropped and ".." applied; NULL if
 * ".." climbs above "/". */
static char *lexical_clean(const char *abs)
{
	struct buf out = { 0 };
	const char *p = abs;

	buf_puts(&out, "");
	while (*p) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 0)
			break;
		if (n == 2 && !strncmp(p, "..", 2)) {
			char *slash = out.len ? strrchr(out.data, '/') : NULL;

			if (!slash) {
				buf_free(&out);
				return NULL;
			}
			out.len = (size_t)(slash - out.data);
			out.data[out.len] = '\0';
		} else if (!(n == 1 && *p == '.')) {
			buf_puts(&out, "/");
			buf_append(&out, p, n);
		}
		p += n;
	}
	if (!out.len)
		buf_puts(&out, "/");
	return out.data;
}

static char *absolute(const char *path)
{
	char *cwd, *joined, *clean;

	if (path[0] == '/')
		return lexical_clean(path);
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return NULL;
	joined = xasprintf("%s/%s", cwd, path);
	clean = lexical_clean(joined);
	free(joined);
	free(cwd);
	return clean;
}

char *tree_rel(const char *path)
{
	char *abs = absolute(path), *rel = NULL;
	size_t n = root ? strlen(root) : 0;

	if (!abs || !root)
		;
	else if (!strcmp(root, "/"))
		rel = xstrdup(abs + 1);
	else if (!strncmp(abs, root, n) && (abs[n] == '/' || !abs[n]))
		rel = xstrdup(abs[n] ? abs + n + 1 : "");
	free(abs);
	return rel;
}

/* The deepest directory that holds both a and b (absolute, resolved). */
static void common_top(char *a, const char *b)
{
	size_t i = 0, last = 0;

	while (a[i] && a[i] == b[i]) {
		if (a[i] == '/')
			last = i;
		i++;
	}
	if ((!a[i] && (!b[i] || b[i] == '/')) || (!b[i] && a[i] == '/'))
		last = i;
	a[last ? last : 1] = '\0';
}

static int set_root(char *dir, char *err, size_t errlen)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	if (root_fd >= 0)
		close(root_fd);
	free(root);
	root = dir;
	root_fd = fd;
	return 0;
}

int tree_open(const struct strvec *operands, char *err, size_t errlen)
{
	char *top = NULL;
	struct stat st;

	for (size_t i = 0; i < operands->n || (i == 0 && !operands->n); i++) {
		char *real = realpath(operands->n ? operands->v[i] : ".", NULL);

		/* A missing operand is files_collect()'s error to give. */
		if (!real)
			continue;
		if (stat(real, &st) == 0 && !S_ISDIR(st.st_mode)) {
			char *slash = strrchr(real, '/');

			*(slash == real ? slash + 1 : slash) = '\0';
		}
		if (!top)
			top = real;
		else {
			common_top(top, real);
			free(real);
		}
	}
	if (!top) {
		char *cwd = getcwd(NULL, 0);

		top = cwd ? realpath(cwd, NULL) : NULL;
		free(cwd);
		if (!top) {
			snprintf(err, errlen, "the working directory: %s", strerror(errno));
			return -1;
		}
	}
	/* Inside a git work tree, the tree is all of it (a run from a
	 * subdirectory shares the state of a run from the top). */
	for (char *dir = xstrdup(top);; ) {
		char *git = xasprintf("%s/.git", strcmp(dir, "/") ? dir : "");
		char *slash;
		int found = lstat(git, &st) == 0;

		free(git);
		if (found) {
			free(top);
			top = dir;
			break;
		}
		slash = strrchr(dir, '/');
		if (!strcmp(dir, "/") || !slash) {
			free(dir);
			break;
		}
		*(slash == dir ? slash + 1 : slash) = '\0';
	}
	return set_root(top, err, errlen);
}

int tree_rebase(const char *dir, char *err, size_t errlen)
{
	char *real = realpath(dir, NULL);

	if (!real) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	return set_root(real, err, errlen);
}

int tree_parent(const char *rel, const char **base, char *err, size_t errlen)
{
	int fd;
	const char *p = rel;

	if (root_fd < 0) {
		snprintf(err, errlen, "%s: no tree is open", rel);
		return -1;
	}
	fd = dup(root_fd);
	while (fd >= 0) {
		size_t n = strcspn(p, "/");
		char *name;
		int next;

		if (!p[n])
			break;
		name = strndup(p, n);
		if (!name || !*name || !strcmp(name, ".") || !strcmp(name, "..")) {
			snprintf(err, errlen, "%s: not a plain path inside the tree", rel);
			free(name);
			close(fd);
			return -1;
		}
		next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			if (errno == ELOOP || errno == ENOTDIR)
				snprintf(err, errlen, "%s: %.*s is a symbolic link or not a "
					 "directory: lockptr never writes through one", rel,
					 (int)(p + n - rel), rel);
			else
				snprintf(err, errlen, "%s: %.*s: %s", rel, (int)(p + n - rel), rel,
					 strerror(errno));
		}
		free(name);
		close(fd);
		fd = next;
		if (fd < 0)
			return -1;
		p += n + 1;
	}
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tree_root(), strerror(errno));
		return -1;
	}
	if (!*p || !strcmp(p, ".") || !strcmp(p, "..")) {
		snprintf(err, errlen, "%s: not a plain path inside the tree", rel);
		close(fd);
		return -1;
	}
	*base = p;
	return fd;
}

char *tree_unwritable(const char *path)
{
	char *rel = tree_rel(path), *why = NULL, err[1024];
	const char *base;
	struct stat st;
	int fd;

	if (!rel || !*rel) {
		free(rel);
		return xasprintf("%s is outside the tree being migrated (%s)", path, tree_root());
	}
	fd = tree_parent(rel, &base, err, sizeof(err));
	if (fd < 0)
		why = xstrdup(err);
	else if (fstatat(fd, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
		why = errno == ENOENT ? NULL : xasprintf("%s: %s", path, strerror(errno));
	else if (S_ISLNK(st.st_mode))
		why = xasprintf("%s is a symbolic link: lockptr never writes through one", path);
	else if (!S_ISREG(st.st_mode))
		why = xasprintf("%s is not a regular file", path);
	else if (faccessat(fd, ".", W_OK, AT_EACCESS) < 0)
		why = xasprintf("%s: its directory is not writable (lockptr replaces a file by "
				"renaming a new one over it): %s", path, strerror(errno));
	else if (st.st_nlink > 1)
		why = xasprintf("%s has %lu hard links: replacing it would split them "
				"(lockptr does not write such files)", path,
				(unsigned long)st.st_nlink);
	if (fd >= 0)
		close(fd);
	free(rel);
	return why;
}

/* Opens name in dirfd as a directory of ours: made if missing (when
 * make), never through a symlink, owned by the user. */
static int own_dir(int dirfd, const char *name, const char *shown, int make, char *err,
		   size_t errlen)
{
	struct stat st;
	int fd;

	if (make && mkdirat(dirfd, name, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: cannot make it: %s", shown, strerror(errno));
		return -1;
	}
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			snprintf(err, errlen, "%s is a symbolic link or not a directory: lockptr "
				 "keeps its state only in a real directory of its own; remove it",
				 shown);
		else
			snprintf(err, errlen, "%s: %s", shown, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid()) {
		snprintf(err, errlen, "%s is owned by uid %lu, not by this user: lockptr "
			 "does not use another user's state; remove it or run as its owner",
			 shown, (unsigned long)st.st_uid);
		close(fd);
		return -1;
	}
	return fd;
}

int state_dir(const char *sub, int make, char *err, size_t errlen)
{
	char *shown = xasprintf("%s/.lockptr", tree_root());
	int fd, subfd, created;

	if (root_fd < 0) {
		snprintf(err, errlen, "%s: no tree is open", shown);
		free(shown);
		return -1;
	}
	created = make && mkdirat(root_fd, ".lockptr", 0755) == 0;
	fd = own_dir(root_fd, ".lockptr", shown, make, err, errlen);
	if (fd >= 0 && created) {
		/* Run state never shows in git status. */
		int g = openat(fd, ".gitignore", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			       O_CLOEXEC, 0644);

		if (g >= 0) {
			write_all(g, "*\n", 2);
			close(g);
		}
	}
	if (fd < 0 || !sub) {
		free(shown);
		return fd;
	}
	free(shown);
	shown = xasprintf("%s/.lockptr/%s", tree_root(), sub);
	subfd = own_dir(fd, sub, shown, make, err, errlen);
	close(fd);
	free(shown);
	return subfd;
}

int tree_plain_rel(const char *p)
{
	if (!p || !*p || *p == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && !strncmp(p, "..", 2)))
			return 0;
		p += n + (p[n] == '/');
		if (p[-1] == '/' && !*p)
			return 0;
	}
	return 1;
}
