/*
 * includes.h: which scanned files include which, through #include "...".
 *
 * A migration verifies every translation unit that may see a changed
 * header: includes_build() reads the quoted #include lines of every
 * scanned file and resolves each name against the including file's
 * directory, then the include directories (any file there, scanned or
 * not), then (for names lockptr cannot place, e.g. -I flags of a database
 * entry) the one scanned file whose path ends in that name. includes_reach() tells whether a file includes
 * one of the targets (a set of paths), directly or through other headers.
 */
#ifndef LOCKPTR_INCLUDES_H
#define LOCKPTR_INCLUDES_H

#include <jansson.h>

#include "files.h"
#include "strmap.h"
#include "util.h"

struct includes {
	json_t *edges; /* path -> [paths it includes] */
};

void includes_build(struct includes *g, const struct filelist *files,
		    const struct strvec *incdirs);
int includes_reach(const struct includes *g, const char *from, json_t *targets);
/* Adds from and every file it includes, directly or through others, to
 * set (an object used for its keys). */
void includes_closure(const struct includes *g, const char *from, json_t *set);
/* path's edges as its text (in memory, not yet written) has them; made
 * holds the other files written in memory only (a group's: group.c). */
void includes_update(struct includes *g, const char *path, const struct buf *text,
		     const struct filelist *files, const struct strvec *incdirs,
		     const struct strmap *made);
void includes_free(struct includes *g);

#endif
