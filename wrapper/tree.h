/*
 * tree.h: the tree a run owns, and the only way into it for a write.
 *
 * The tree is the top of the git work tree that holds the operands, else
 * the deepest directory that holds every operand, resolved with realpath
 * (DESIGN.md, "the tree"). tree_open() settles it once per run, whatever
 * the working directory; lockptr's state (.lockptr/: lock, journal,
 * cache) lives at its top.
 *
 * Paths come in two spellings: as the run shows them (relative to the
 * working directory, or absolute) and relative to the tree's top (the
 * journal's, so that a run from another directory reads it). tree_rel()
 * turns the first into the second, lexically (the working directory is
 * resolved, the path is not), and gives NULL for a path outside the tree.
 *
 * tree_parent() opens the directory that holds a tree-relative path from
 * the tree's own descriptor, one component at a time with O_NOFOLLOW: a
 * symlink on the way, or a component that is not a directory, is an
 * error. Every write, rename and unlink lockptr makes in the tree goes
 * through it (atomic.c, journal.c), so a check of the spelling can never
 * be steered elsewhere by a link.
 *
 * state_dir() opens .lockptr (sub NULL) or .lockptr/SUB at the tree's top,
 * making it if missing and make is set (.lockptr gets a .gitignore of "*",
 * so that it never shows in git status); one that is a symlink, not a directory, or not
 * owned by the user is refused. tree_rebase() moves the tree (diff's
 * private copy). Functions return a descriptor or 0, or -1 with a reason
 * in err.
 */
#ifndef LOCKPTR_TREE_H
#define LOCKPTR_TREE_H

#include <stddef.h>

#include "util.h"

int tree_open(const struct strvec *operands, char *err, size_t errlen);
int tree_rebase(const char *dir, char *err, size_t errlen);
const char *tree_root(void);

char *tree_rel(const char *path);
int tree_parent(const char *rel, const char **base, char *err, size_t errlen);

/* Why lockptr may not replace path, as the run spells it: outside the
 * tree, a symlink (itself or on the way), several hard links. NULL if it
 * may (also when the file does not exist yet). */
char *tree_unwritable(const char *path);

int state_dir(const char *sub, int make, char *err, size_t errlen);

/* Whether p is a plain tree-relative path, as a journal manifest or a
 * stored verdict may name one: not absolute, no empty, "." or ".."
 * component, no trailing '/'. */
int tree_plain_rel(const char *p);

#endif
