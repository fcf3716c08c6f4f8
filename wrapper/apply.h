/*
 * apply.h: writing a unit's changes, and taking them back.
 *
 * apply_start() (apply only) takes the tree lock and restores a unit an
 * interrupted run left half written (atomic.h's journal); it dies with
 * status 2 when it cannot. mirror_make() (diff only) copies the scanned
 * files of the tree into a private directory, same relative paths, and
 * moves there: diff runs the whole migration in that copy and writes
 * nothing in the tree; mirror_remove() deletes the copy.
 *
 * For one unit, in order:
 *   apply_collect()     the rewrite's new contents as changes (with the
 *                       helper #include in the host); refuses a symbolic
 *                       link, rolls back a file that cannot be written or
 *                       that spatch gave up on (the run is incomplete)
 *   apply_begin()       apply: journal_begin() over the changed paths;
 *                       returns 1 when journaled, 0 in diff's copy
 *                       (originals are kept in memory there), -1 with res
 *                       set when the journal cannot be written
 *   apply_write_unit()  keeps the originals, writes every change
 *                       atomically; a reason on failure, else NULL
 *   rollback_unit()     every file gets its bytes back (from the journal,
 *                       or from the originals); dies if the journal
 *                       cannot restore them
 *   apply_commit()      the unit's writes are kept
 * Every path written is remembered once, in order, in r->written.
 */
#ifndef LOCKPTR_APPLY_H
#define LOCKPTR_APPLY_H

#include "plan.h"
#include "rewrite.h"
#include "run.h"

/* The bytes of each changed file before the unit, for diff's rollback. */
struct originals {
	struct buf *orig;
	int *existed;
	size_t n;
};

void apply_start(const struct options *o);
char *mirror_make(struct run *r, char **cwd);
void mirror_remove(const char *dir);

int apply_collect(struct run *r, const struct unit *u, const struct plan *p,
		  const struct rewrite_out *outs, struct change **ch, size_t *nch,
		  struct result *res);
int apply_begin(struct run *r, const struct change *ch, size_t nch, struct result *res);
char *apply_write_unit(struct run *r, struct change *ch, size_t nch, struct originals *o);
void rollback_unit(const struct change *ch, size_t nch, int journaled,
		   const struct originals *o);
void apply_commit(int journaled);
void originals_free(struct originals *o);

#endif
