/*
 * exclude.h: --exclude GLOB (and the project file's `exclude`): files
 * lockptr does not scan, report or rewrite (vendored code).
 *
 * A glob without a '/' matches a file or directory name at any depth of
 * the path inside the tree ("deps", "*_generated.c"); one with a '/' is
 * anchored: absolute (the project file anchors its globs at its own
 * directory), else relative to the working directory ("src/vendor"),
 * and matching a directory excludes everything under it. fnmatch(3)
 * syntax, '*' never crossing a '/'.
 *
 * exclude_files() drops the matching files from fl and appends their
 * paths to out, and the same resolved to abs (diff reads them from its
 * private copy): a unit that such a file uses is refused, since its
 * migration would leave that file behind (plan.h).
 */
#ifndef LOCKPTR_EXCLUDE_H
#define LOCKPTR_EXCLUDE_H

#include "files.h"
#include "util.h"

int exclude_match(const char *path, const struct strvec *globs);
void exclude_files(struct filelist *fl, const struct strvec *globs, struct strvec *out,
		   struct strvec *abs);

#endif
