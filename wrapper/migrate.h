/*
 * migrate.h: the diff, apply and verify commands (DESIGN.md, "The
 * migration of one unit" and "Pipeline" steps 4-7).
 *
 * Units are migrated one at a time, all or nothing: the rewrite patch runs
 * over every file that names the member; the helper header
 * lockptr_locks.h is written next to the file that defines the type and
 * included from it; then the unit is verified (every translation unit that
 * may see the type compiles with no diagnostic it did not have before, a
 * re-scan finds nothing of the unit left, rewriting again changes nothing,
 * --test-cmd passes). A unit that fails any check gets its files back,
 * byte for byte, and is reported rolled-back with the reason.
 *
 * apply writes through the journal (atomic.h) under a tree lock; diff runs
 * the same migration in a private copy of the scanned files and prints the
 * changes as a unified diff that `git apply` takes, writing nothing in the
 * tree. verify only scans.
 */
#ifndef LOCKPTR_MIGRATE_H
#define LOCKPTR_MIGRATE_H

#include "options.h"

int cmd_apply(const struct options *o);
int cmd_diff(const struct options *o);
int cmd_verify(const struct options *o);

#endif
