/*
 * install.h: which files of the tree a project installs, read from the
 * text of its build files (scope.h decides with it what a public header
 * is).
 *
 * Each function reads one build file's text, dir being that file's
 * directory relative to the tree's top ("" at the top) and file its
 * tree-relative name, and appends to out every name an install rule
 * gives: a file, a directory (all below it is installed) or a glob,
 * relative to the tree's top, with where the rule is ("CMakeLists.txt:12").
 *   install_cmake()  CMakeLists.txt, *.cmake: the FILES, PROGRAMS and
 *                    DIRECTORY lists of install(), PUBLIC_HEADER lists and
 *                    FILE_SET's BASE_DIRS and FILES; variables set by set(),
 *                    list(APPEND) and file(GLOB) in the same file are
 *                    expanded, ${CMAKE_CURRENT_SOURCE_DIR} and the like are
 *                    the file's directory or the top; a name with a variable
 *                    it cannot expand is left out.
 *   install_make()   Makefile, *.mk, Makefile.am: the operands of an
 *                    `install` (or $(INSTALL...)) command but the last (the
 *                    destination; `install -d` lines name none), and the
 *                    automake *_HEADERS variables but noinst ones; $(VAR)
 *                    as assigned in the same file.
 * A name that climbs above the top, or is absolute, is left out. The
 * functions do no I/O and never fail.
 */
#ifndef LOCKPTR_INSTALL_H
#define LOCKPTR_INSTALL_H

#include "util.h"

struct installs {
	struct strvec names;  /* tree-relative file, directory or glob */
	struct strvec where;  /* the rule that names it: "FILE:LINE" */
};

void install_cmake(const char *text, const char *dir, const char *file, struct installs *out);
void install_make(const char *text, const char *dir, const char *file, struct installs *out);
void install_free(struct installs *in);

/* Whether the tree-relative path is one of the names: the same file,
 * under the directory, or matched by the glob. */
int install_names(const char *name, const char *path);

#endif
