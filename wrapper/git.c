#define _GNU_SOURCE
#include "git.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "tree.h"

/* Runs git ARGS in the tree's top (in the working directory when top is
 * NULL); its status, out and err kept in j. */
static int git(struct job *j, const char *top, const char *const *args)
{
	struct strvec argv = { 0 };
	int rc;

	strvec_push(&argv, "git");
	strvec_push(&argv, "--literal-pathspecs");
	if (top) {
		strvec_push(&argv, "-C");
		strvec_push(&argv, top);
	}
	for (size_t i = 0; args[i]; i++)
		strvec_push(&argv, args[i]);
	memset(j, 0, sizeof(*j));
	j->argv = argv.v;
	rc = spawn_one(j, 0);
	if (rc == 127 && j->spawn_errno)
		buf_printf(&j->err, "cannot run git: %s", strerror(j->spawn_errno));
	strvec_free(&argv);
	return rc;
}

static void job_free(struct job *j)
{
	buf_free(&j->out);
	buf_free(&j->err);
}

/* The first line git printed on stderr (else stdout), for a message. */
static char *first_line(const struct job *j)
{
	const char *s = j->err.data && *j->err.data ? j->err.data
			: j->out.data ? j->out.data : "";

	while (*s == '\n' || *s == ' ')
		s++;
	if (!*s)
		return xasprintf("git exited with status %d", j->status);
	return strndup(s, strcspn(s, "\n"));
}

/* The tree's first uncommitted change ("M main.c" from git status), or
 * git's reason when it cannot tell; NULL when there is none. */
static char *uncommitted(void)
{
	static const char *const status[] = { "status", "--porcelain", "--untracked-files=no",
					      NULL };
	struct job j;
	char *what = NULL;

	if (git(&j, tree_root(), status) != 0) {
		char *line = first_line(&j);

		what = xasprintf("git status: %s", line);
		free(line);
	} else if (j.out.data && *j.out.data) {
		/* "XY path": the path. */
		const char *path = j.out.data + 3;

		what = xasprintf("the work tree has uncommitted changes: %.*s",
				 (int)strcspn(path, "\n"), path);
	}
	job_free(&j);
	return what;
}

int git_check_clean(char *err, size_t errlen)
{
	static const char *const inside[] = { "rev-parse", "--is-inside-work-tree", NULL };
	static const char *const ident[] = { "var", "GIT_COMMITTER_IDENT", NULL };
	struct job j;
	char *why;
	int in_tree = git(&j, tree_root(), inside) == 0 && j.out.data &&
		      !strncmp(j.out.data, "true", 4);

	job_free(&j);
	if (!in_tree) {
		snprintf(err, errlen, "%s is not in a git work tree (commits need one)", tree_root());
		return -1;
	}
	if ((why = uncommitted())) {
		snprintf(err, errlen, "%s (commit or stash them first: each unit becomes a "
			 "commit of its own)", why);
		free(why);
		return -1;
	}
	if (git(&j, tree_root(), ident) != 0) {
		why = first_line(&j);
		snprintf(err, errlen, "git cannot name who commits: %s (set user.name and "
			 "user.email)", why);
		free(why);
		job_free(&j);
		return -1;
	}
	job_free(&j);
	return 0;
}

char *git_author(void)
{
	static const char *const ident[] = { "var", "GIT_AUTHOR_IDENT", NULL };
	struct job j;
	char *who = NULL, *gt;

	/* "Name <email> 1700000000 +0000": the name and address. */
	if (git(&j, NULL, ident) == 0 && j.out.data && (gt = strrchr(j.out.data, '>')))
		who = strndup(j.out.data, (size_t)(gt - j.out.data) + 1);
	job_free(&j);
	return who;
}

/* git ARGS... -- PATHS... */
static int git_paths(struct job *j, const char *const *args, const struct strvec *paths)
{
	struct strvec v = { 0 };
	int rc;

	for (size_t i = 0; args[i]; i++)
		strvec_push(&v, args[i]);
	strvec_push(&v, "--");
	for (size_t i = 0; i < paths->n; i++)
		strvec_push(&v, paths->v[i]);
	rc = git(j, tree_root(), (const char *const *)v.v);
	strvec_free(&v);
	return rc;
}

char *git_commit(const struct strvec *paths, const char *message)
{
	static const char *const add[] = { "add", NULL };
	static const char *const reset[] = { "reset", "-q", NULL };
	const char *commit[] = { "commit", "-q", "--cleanup=whitespace", "-m", message, NULL };
	struct job j;
	char *why = NULL;

	if (git_paths(&j, add, paths) != 0) {
		char *line = first_line(&j);

		why = xasprintf("git add: %s", line);
		free(line);
	}
	job_free(&j);
	if (!why && git_paths(&j, commit, paths) != 0) {
		char *line = first_line(&j);

		why = xasprintf("git commit: %s", line);
		free(line);
		job_free(&j);
		git_paths(&j, reset, paths);
	}
	job_free(&j);
	return why;
}
