/*
 * compile.h: does a translation unit still compile, and what does the
 * compiler say about it.
 *
 * A translation unit is compiled once per configuration: with a
 * compilation database, once per entry the database has for the file
 * (entries with the same flags once: compdb_entries()), else once with
 * what the run knows. compile_confs() appends a file's configurations to
 * a list: a file the database has no entry for (one the build does not
 * compile, changed by a migration) borrows the flags of the nearest entry
 * (compdb_borrow()).
 *
 * compile_diags() runs `cc -fsyntax-only` (or $CC) on each configuration,
 * -j at a time, with the include directories and macros of its entry (or,
 * with none, those the run knows for the file: -p's union for a header,
 * -I, -D, or the directories of the scanned headers) and with
 * -Werror=incompatible-pointer-types -Werror=int-conversion added, so that
 * a lock member used as the wrong type is an error. For each file it
 * stores the diagnostics as a sorted list of lines "file: error: text"
 * (positions dropped: a migration moves lines) and the first error line
 * as the compiler printed it.
 *
 * compile_new_diag() gives the first diagnostic of `after` that `before`
 * does not have (as a multiset), or NULL.
 */
#ifndef LOCKPTR_COMPILE_H
#define LOCKPTR_COMPILE_H

#include "detect.h"
#include "util.h"

struct diags {
	struct strvec lines;  /* normalised, sorted */
	struct strvec raw;    /* as printed, same order as found */
	int status;
	int skipped;          /* not compiled (verify.h: it failed before) */
};

/* One configuration of a translation unit: its file and the index of
 * its database entry, or -1 when there is no database; borrowed when the
 * database has no entry for the file and it is compiled with another
 * file's entry (compdb_borrow()). */
struct tu_conf {
	char *path;
	long entry;
	int borrowed;
};

struct conf_list {
	struct tu_conf *v;
	size_t n;
};

void compile_confs(const struct compdb *db, const char *path, struct conf_list *out);
void conf_list_free(struct conf_list *l);
void compile_diags(struct detect *d, const struct tu_conf *confs, size_t n, struct diags *out);
const char *compile_new_diag(const struct diags *before, const struct diags *after);
void diags_free(struct diags *d, size_t n);

#endif
