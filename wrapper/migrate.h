/*
 * migrate.h: the diff, apply and verify commands (DESIGN.md, "The
 * migration of one unit" and "Pipeline" steps 4-7).
 *
 * Units are migrated one at a time, all or nothing, each through the
 * steps of run.h: plan.h decides which files, translation units and
 * spellings the unit touches (or refuses it); rewrite.h gives the new
 * contents; helper.h adds the helper header lockptr_locks.h next to the
 * file that defines the type and its #include; verify.h checks the unit
 * (every translation unit that may see the type compiles with no
 * diagnostic it did not have before, a re-scan finds nothing of the unit
 * left, rewriting again changes nothing, --test-cmd passes); apply.h
 * writes the changes, or gives a unit that fails a check its files back,
 * byte for byte, reported rolled-back with the reason.
 *
 * apply writes through the journal (atomic.h) under a tree lock; diff runs
 * the same migration in a private copy of the scanned files and prints the
 * changes as a unified diff that `git apply` takes, writing nothing in the
 * tree. verify only scans. With diff --split, apply --commit or apply
 * --interactive, series.h asks before a unit is written, records or
 * commits it before it is kept, and writes the patches at the end.
 */
#ifndef LOCKPTR_MIGRATE_H
#define LOCKPTR_MIGRATE_H

#include "options.h"

#include "plan.h"
#include "run.h"

int cmd_apply(const struct options *o);
int cmd_diff(const struct options *o);
int cmd_verify(const struct options *o);

/* The steps group.h shares with the run of one unit at a time:
 * migrate_unit() migrates one unit, all or nothing, and sets res;
 * unit_changes() turns a rewrite's outputs into the unit's changes (with
 * the host's #include and the helper header), or sets res and returns -1
 * (nothing changed, the declaration not rewritten, a file that cannot
 * be used); unit_notes() is a kept unit's reason; changes_free() frees. */
void migrate_unit(struct run *r, const struct unit *u, struct result *res);
int unit_changes(struct run *r, const struct unit *u, struct plan *p,
		 const struct rewrite_out *outs, struct buf *snaps, struct change **chp,
		 size_t *nchp, struct result *res);
char *unit_notes(struct run *r, const struct unit *u, const struct plan *p,
		 const struct change *ch, size_t nch);
void changes_free(struct change *ch, size_t nch);

#endif
