/*
 * compile.h: does a translation unit still compile, and what does the
 * compiler say about it.
 *
 * compile_diags() runs `cc -fsyntax-only` (or $CC) on each file, -j at a
 * time, with the include directories and macros the run knows for it (from
 * -p, -I, -D, or the directories of the scanned headers) and with
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
};

void compile_diags(struct detect *d, char *const *files, size_t n, struct diags *out);
const char *compile_new_diag(const struct diags *before, const struct diags *after);
void diags_free(struct diags *d, size_t n);

#endif
