/*
 * rescue.h: a second parse, with the project's own macros, of the files
 * spatch could not parse in full.
 *
 * A project macro in a struct body (`array_t(struct entry) entries;`) or
 * at file scope (`HASH_DECLARE(idx, int)`) makes spatch 1.1.1 drop what
 * surrounds it, and every fact there. spatch parses such code once the
 * macro's definition is in its macro file. rescue_run() writes a macro
 * file of every #define of the scanned files (then the run's own macro
 * file, whose definitions win), parses again the files listed incomplete
 * for parse errors, and keeps a second parse only when it left fewer lines
 * unparsed: code spatch already parsed is never read differently, and a
 * macro file that makes things worse costs nothing but time. The facts of
 * a file whose second parse is kept are added (a fact both parses give is
 * kept once), and its incomplete entry becomes the second parse's (gone
 * when it parsed in full). Returns the number of files it rescued.
 */
#ifndef LOCKPTR_RESCUE_H
#define LOCKPTR_RESCUE_H

#include "compdb.h"
#include "options.h"
#include "scan.h"

size_t rescue_run(struct scan *s, const struct options *o, const struct compdb *db);

/* The #define lines (continuations joined) of every scanned file, read
 * once a scan: the second parse and macrocall.h both need them. */
const char *rescue_project_defines(struct scan *s);

/* The project's object-like #defines whose body is storage classes and
 * qualifiers alone (`#define local static`), one a line, or NULL: the
 * rewrite gives them to spatch for every file, so that `local struct s x
 * = {...}` parses as the declaration it is. */
char *rescue_storage_defines(struct scan *s);

/* For tests: appends the #define lines of text (continuations joined). */
void rescue_defines(const char *text, size_t len, struct buf *out);

#endif
