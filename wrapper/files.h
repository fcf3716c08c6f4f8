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
 * So is a .c or .h file whose path is not valid UTF-8 (wherever it was
 * found, also by files_add_includes()): reports are JSON and SARIF, whose
 * strings are Unicode, and cannot name it; the message shows the bytes
 * escaped (\xff) so that the user can find and rename it.
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
	int unbuilt;    /* a .c file no -p entry compiles or includes: never
			 * handed to spatch (config_unbuilt()) */
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

/* Whether s is valid UTF-8 (no overlong forms, surrogates or code points
 * above U+10FFFF): what JSON strings, and so every report, can carry. */
int utf8_valid(const char *s);

/* A copy of s fit for a one-line message: control bytes, DEL and bytes
 * that are not part of valid UTF-8 are written \xNN, a backslash \\. */
char *path_escape(const char *s);

/* Reads a whole regular file of at most max bytes into out (appending).
 * It opens with O_NONBLOCK and checks the open descriptor, so a FIFO, a
 * device or a directory is refused without blocking or reading it.
 * Returns 0; or -1 with errno set: EISDIR for a directory, EINVAL for
 * another non-regular file, EFBIG when larger than max, or open's or
 * read's errno. files_read_error() words errno for a one-line message. */
int files_read_regular(const char *path, size_t max, struct buf *out);
const char *files_read_error(int err, size_t max);

/* Whether a walk skips the directory name in dir: a VCS or lockptr's
 * state directory, node_modules, a CMake build tree. */
int files_skipped_dir(const char *dir, const char *name);

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
