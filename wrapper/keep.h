/*
 * keep.h: suppressions, units and copy sites kept as they are on purpose.
 *
 * A unit is kept by value by a comment on its member's line,
 *     pthread_mutex_t lock;  // lockptr: keep: shared with the kernel
 * (the reason follows the second colon; a block comment works as well), or by
 * --keep 'TYPE.MEMBER: REASON' (the project file's `keep` key). A copy
 * site is kept by the same comment on its own line, and is no finding
 * either when every lock it copies belongs to a kept unit.
 *
 * keep_mark() sets the kept reason and kept_by of the model's units and
 * copies, reading the lines from the files (a line that cannot be read
 * keeps nothing); it warns, unless quiet, of a --keep that names no unit.
 * Kept units are no findings (scan, verify), are never migrated, and are
 * reported as kept with their reason (report.h).
 *
 * keep_comment() reads the suppression of one line of text: NULL, or the
 * reason ("" when none is given), to be freed.
 */
#ifndef LOCKPTR_KEEP_H
#define LOCKPTR_KEEP_H

#include "model.h"
#include "options.h"

void keep_mark(struct model *m, const struct options *o);

/* Whether copy site c copies the lock of unit u (one of its member
 * paths, "workers[].st.rw", ends at u's member in a type that holds u's). */
int keep_copy_reaches(const struct model *m, const struct copy_site *c, const struct unit *u);
char *keep_comment(const char *line, size_t len);

#endif
