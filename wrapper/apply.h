/*
 * apply.h: writing a unit's changes, and taking them back.
 *
 * apply_start() (apply only) takes the tree lock and restores a unit an
 * interrupted run left half written (journal.h); it dies with status 2
 * when it cannot, and with status 1 when a file of that unit was edited
 * since (left as it is). mirror_make() (diff only) copies the scanned
 * files of the tree into a private directory, at the same paths under its
 * top, moves into the copy of the working directory and makes the copy
 * the tree (tree_rebase()): diff runs the whole migration there, journal
 * included, and writes nothing in the tree; mirror_remove() deletes it.
 *
 * For one unit, in order:
 *   apply_snapshot()    what the unit's files hold before spatch reads
 *                       them: a write goes ahead only over these bytes
 *   apply_collect()     the rewrite's new contents as changes (with the
 *                       helper #include in the host); refuses a file the
 *                       tree does not let lockptr write (tree.h) or whose
 *                       rewrite would lose an attribute (view.h), rolls
 *                       back a file that cannot be written or that spatch
 *                       gave up on (the run is incomplete)
 *   apply_begin()       journal_begin() over the changes; 0, or -1 with
 *                       res set when the journal cannot be written
 *   apply_write_unit()  writes every change atomically, each only over
 *                       the bytes it started from; a reason on failure
 *                       ("changed while lockptr ran: FILE"), else NULL
 *   rollback_unit()     every file gets its bytes back, but never over an
 *                       edit made meanwhile (why gets that file's name);
 *                       dies if the journal cannot restore them
 *   apply_commit()      the unit's writes are kept
 * Every path written is remembered once, in order, in r->written.
 */
#ifndef LOCKPTR_APPLY_H
#define LOCKPTR_APPLY_H

#include "plan.h"
#include "rewrite.h"
#include "run.h"

void apply_start(const struct options *o);
char *mirror_make(struct run *r, char **cwd, char **root);
void mirror_remove(const char *root);

struct buf *apply_snapshot(const struct strvec *paths);
void snapshot_free(struct buf *snaps, size_t n);
int apply_collect(struct run *r, const struct unit *u, const struct plan *p,
		  const struct rewrite_out *outs, struct buf *snaps, struct change **ch,
		  size_t *nch, struct result *res);
int apply_begin(struct run *r, const struct change *ch, size_t nch, struct result *res);
char *apply_write_unit(struct run *r, struct change *ch, size_t nch);
char *rollback_unit(char *why);
void apply_commit(void);

#endif
