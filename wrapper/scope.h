/*
 * scope.h: whether a file is the project's own code, that a migration
 * may change without being asked.
 *
 * Two kinds of file are not: vendored code (another project's: a
 * directory named deps/, vendor/, third_party/ or external/ on the way,
 * or a git submodule that .gitmodules lists) and public headers (the
 * project's installed interface: changing a lock member there changes
 * its ABI). A public header is a .h that an install rule of the project's
 * build files names (install.h: CMake, make, automake), itself or its
 * directory; when no install rule names a header or a directory of the
 * tree, a .h with a directory named include/ on the way.
 *
 * scope_load() reads .gitmodules and the build files of the tree (from
 * its top, tree.h; VCS and build trees, symlinks and vendored
 * directories are not entered; each file read only if regular and at
 * most 4 MiB) and keeps the install names that name a file or directory
 * of the tree. It never fails: what it cannot read adds nothing.
 * scope_gitmodules() gives the submodule paths of a .gitmodules text.
 * scope_why() says why path (as the run spells it) is not the project's
 * own code, e.g. "deps/lib/v.h is vendored code (deps/)", "include/p.h is
 * a public header (installed by CMakeLists.txt:12)", or gives NULL.
 */
#ifndef LOCKPTR_SCOPE_H
#define LOCKPTR_SCOPE_H

#include "install.h"
#include "util.h"

struct scope {
	struct strvec submodules;  /* tree-relative */
	struct installs inst;      /* names that name something of the tree */
};

void scope_load(struct scope *s);
void scope_gitmodules(const char *text, struct strvec *paths);
char *scope_why(const struct scope *s, const char *path);
void scope_free(struct scope *s);

#endif
