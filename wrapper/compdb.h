/*
 * compdb.h: the flags a compilation database gives each file.
 *
 * compdb_load() reads compile_commands.json (the path may name the file or
 * the directory holding it) with jansson and keeps, per source file, the
 * include directories (-I, -iquote, -isystem, made absolute against the
 * entry's "directory") and macro definitions (-D NAME[=VAL]) of its entry.
 * Both the "arguments" and the "command" forms are read; a command string
 * is split as a POSIX shell would split it (quotes and backslashes), without
 * running one. Only a regular file of at most 256 MiB is read (opened
 * without blocking and checked with fstat: a FIFO or /dev/zero is refused
 * unread). On a malformed or refused file it returns -1 with a one-line
 * reason in err. A file may have several entries (CMake exports every
 * target); every entry is kept. Headers have no entry of their own:
 * compdb_flags() gives them the union of every entry's include
 * directories. Directories are
 * kept once each, in the order met, in time linear in their number.
 */
#ifndef LOCKPTR_COMPDB_H
#define LOCKPTR_COMPDB_H

#include <stddef.h>

#include "util.h"

struct compdb;

int compdb_load(const char *path, struct compdb **out, char *err, size_t errlen);
void compdb_free(struct compdb *db);

/* The -I directories, -D definitions and other flags that change the
 * meaning of the code (-include, -imacros, -std=, -U) for path (absolute or
 * relative to the working directory); 1 if path has an entry of its own.
 * extra may be NULL. */
int compdb_flags(const struct compdb *db, const char *path,
		 const struct strvec **incdirs, const struct strvec **defines,
		 const struct strvec **extra);

/* diff works in a private copy of the tree: paths under copy_root are
 * looked up as under tree_root, and include directories of the tree are
 * read in the copy. */
void compdb_set_alias(struct compdb *db, const char *copy_root, const char *tree_root);

/* Every entry, in the database's order (a file may have several): its
 * file (absolute) and its flags, as compdb_flags() gives them. */
size_t compdb_size(const struct compdb *db);
const char *compdb_entry(const struct compdb *db, size_t i, const struct strvec **incdirs,
			 const struct strvec **defines, const struct strvec **extra);

/* The entries of path (absolute or relative to the working directory) in
 * the database's order, an entry whose flags (include directories,
 * definitions, the other flags above) equal an earlier one's left out:
 * their indexes (for compdb_entry()) in *idx, to be freed, and their
 * number, 0 when path has no entry. */
size_t compdb_entries(const struct compdb *db, const char *path, size_t **idx);

/* The entry whose flags a file with no entry of its own (path, as for
 * compdb_entries()) borrows: of the entries in its directory, else in the
 * nearest parent directory that has any, the one whose flags most of
 * them share (the first of a tie); with none on the way up, the flags
 * most entries of the database share. -1 for an empty database. */
long compdb_borrow(const struct compdb *db, const char *path);

/* Appends every entry's include directories to out (once each). */
void compdb_all_incdirs(const struct compdb *db, struct strvec *out);

/* Splits a command line as sh(1) would split words; -1 on an unclosed quote. */
int shell_split(const char *cmd, struct strvec *out);

/* Whether a flag decides which diagnostics are errors (-W..., -pedantic,
 * -ansi; not -Wl, -Wa, -Wp): kept in an entry's extra flags for the
 * compile check, and left out where only the preprocessor runs. */
int compdb_warning_flag(const char *a);

#endif
