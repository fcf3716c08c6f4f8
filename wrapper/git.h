/*
 * git.h: the git commands of a series (series.h), each spawned without a
 * shell in the tree's top (git -C TOP --literal-pathspecs, so that a
 * file name is never a pattern), stdin from /dev/null.
 *
 * git_check_clean() is apply --commit's start: 0 when the tree's top is
 * a git work tree, nothing tracked differs from HEAD (neither in the
 * index nor in the work tree; untracked files do not count) and git
 * knows who commits; -1 with the reason in err otherwise.
 * git_author() is "Name <email>" as git would write the author of a
 * commit made in the working directory now, or NULL when git cannot say.
 * git_commit() stages the paths (tree-relative) and commits them, and
 * only them, with the message; NULL, or git's reason when it fails (a
 * hook refused it, say): then the paths are unstaged again.
 */
#ifndef LOCKPTR_GIT_H
#define LOCKPTR_GIT_H

#include <stddef.h>

#include "util.h"

int git_check_clean(char *err, size_t errlen);
char *git_author(void);
char *git_commit(const struct strvec *paths, const char *message);

#endif
