/*
 * project.h: the project file, .lockptr.conf: what a project always
 * passes, committed at the top of its tree.
 *
 * It holds `key = value` lines, read with inih (a line that starts with
 * '#' or ';' is a comment, so is what follows " ;"; no [sections]; at most
 * PROJECT_MAX_LINE bytes a line). Each key is the name of a long option
 * (compdb is -p, include -I, define -D):
 *   compdb, macro-file, test-cmd, timeout, max-mem   once
 *   include, define, lock-type, init-wrapper, exclude, keep   repeatable
 * A relative path (compdb, macro-file, include, an exclude glob with a
 * '/') is relative to the project file's directory; test-cmd runs there.
 *
 * project_find() looks for the file from the deepest directory holding
 * every operand upward, as clang-tidy looks for .clang-tidy, and stops at
 * the top of a git work tree (a directory holding .git); it gives the
 * path as reports spell paths (path_display()), or NULL.
 *
 * project_args() turns the text of a project file in directory dir into
 * command-line arguments (an option and its value each), checking every
 * value as the command line would; main() puts them before the user's
 * own, so that a single-valued option on the command line replaces the
 * file's and a repeatable one adds to it. It returns 0, or -1 with *line
 * the line at fault (0: the whole file) and a one-line reason in err.
 * project_load() reads the file first (1 MiB at most).
 */
#ifndef LOCKPTR_PROJECT_H
#define LOCKPTR_PROJECT_H

#include <stddef.h>

#include "util.h"

#define PROJECT_FILE ".lockptr.conf"
/* inih's line buffer (200 bytes) less the \r, \n and NUL it needs. */
#define PROJECT_MAX_LINE 197

char *project_find(const struct strvec *operands);
int project_args(const char *text, size_t len, const char *dir, struct strvec *args,
		 long *line, char *err, size_t errlen);
int project_load(const char *path, struct strvec *args, long *line, char *err,
		 size_t errlen);

#endif
