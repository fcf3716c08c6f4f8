/*
 * files.h: which files a run looks at, and which of them are worth parsing.
 *
 * files_collect() turns the PATH operands into a sorted, duplicate-free list
 * of .c and .h files. A directory inside a git work tree contributes the
 * files git knows (tracked, plus untracked ones that are not ignored);
 * otherwise (or when git knows none of them: an ignored directory named
 * on purpose) it is walked, skipping VCS and build output directories
 * (.git, .hg, .svn, .lockptr, CMake build trees ...) and symlinked
 * directories. A file operand must exist and end in .c or .h. A bad operand
 * is a usage error: the function dies with status 2 and a one-line message.
 * Paths are kept as the user sees them: relative to the working directory,
 * without "./".
 *
 * files_mentions() is the prefilter: whether a file's text names one of the
 * given identifiers, or one of the given "struct tag"/"union tag" pairs.
 */
#ifndef LOCKPTR_FILES_H
#define LOCKPTR_FILES_H

#include <jansson.h>

#include "util.h"

struct srcfile {
	char *path;
	int header;
	int binary;     /* has a NUL byte: never handed to spatch */
	int unreadable; /* errno of a failed read, or 0 */
	int parsed;     /* already handed to spatch in this run */
};

struct filelist {
	struct srcfile *v;
	size_t n, cap;
};

void files_collect(const struct strvec *operands, struct filelist *out);
void files_free(struct filelist *fl);

/* Adds the headers that the files include with "..." (looked up next to
 * the including file, then in incdirs), and the headers those include. */
void files_add_includes(struct filelist *fl, const struct strvec *incdirs);

/* Normalises a path: no "./" segments, no doubled '/', no trailing '/'. */
char *path_clean(const char *path);

/* The path as reports show it: relative to the working directory when the
 * file is under it (however it was spelled), else cleaned. */
char *path_display(const char *path);

/* The names of the #include "..." lines of a C text, in order. */
void files_quoted_includes(const char *text, struct strvec *names);

/* 1 if the text mentions a word of `words` (an object used as a set) or a
 * "struct tag" / "union tag" of `tags`. */
int text_mentions(const char *text, size_t len, json_t *words, json_t *tags);

#endif
