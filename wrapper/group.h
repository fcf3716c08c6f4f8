/*
 * group.h: apply and diff at the speed of one pass: the selected units
 * migrated together, with the result of migrating them one at a time
 * (issue 15).
 *
 * group_migrate() takes the units to migrate, in the run's order, and
 * their results. It forms groups of consecutive units and, for each:
 *   1. rewrites every file of the group in one spatch process a file,
 *      with one patch holding every unit's rules in the run's order
 *      (rewrite_group_patch()): a unit's rules see the output of the
 *      units before it, as a run of one unit after the other does;
 *   2. lays the units out one after the other in memory: each change of
 *      the pass goes to the unit whose member it names (hunks.h); among
 *      members of different types with the same name, to the one the
 *      pass's "at" facts (cocci/rewrite/15-probe), its declaration or a
 *      macro body its rules change put on that line; and
 *      each unit gets the changes, #include and helper header that unit
 *      would get from the tree the units before it left (migrate.h's
 *      unit_changes(), reading that tree from r->overlay);
 *   3. writes the group's files once under one journal entry (a kill at
 *      any moment leaves what journal_recover() restores), compiles the
 *      translation units of every unit once, before and after, re-checks
 *      (idempotence, re-scan) the changed files once, runs --test-cmd
 *      once; keeps the whole group, each unit reported as it would be;
 *   4. when any step fails, gives every file its bytes back and splits
 *      the group in the run's order: around the unit a failure names
 *      (a unit whose own changes failed, a file spatch gave up on, a
 *      translation unit of it that compiles in none of its
 *      configurations before), before the second unit of every change
 *      two units' members share, else in halves, and migrates the parts
 *      in turn. The unit a failure names is migrate_unit(): what fails
 *      is found, reported and its verdict kept exactly as a run of one
 *      unit at a time does. Any other part, one unit too, is a group
 *      again (its pass covers only the files its rules can change; the
 *      run of one unit rewrites every file that names the member's last
 *      name), and migrate_unit() when it fails. A file a part shares
 *      with the failed group, that the tree still holds as the group's
 *      pass read it, takes the part's members' changes from that pass
 *      (hunks_range()) instead of one more spatch process.
 * A file edited by someone else while a group ran rolls back, for good
 * and with that reason, the first unit that changes it (the unit one by
 * one rolls back); the others go on.
 * A line two units change in turn (pthread_cond_wait(&s->c, &s->m))
 * gets its form between them from one more spatch process over its file,
 * with the rules of the units up to the first of them (hunks_mid()); a
 * change three or more units make in turn (a static object's
 * initializer, a designator each) one process for each of them but the
 * last (hunks_chain()).
 * A group ends before a unit with a verdict kept from an earlier run
 * (that unit goes through migrate_unit() on the tree the group left).
 * LOCKPTR_PROFILE traces how groups form and split, and why.
 *
 * What a kept group assumes (measured on corpus/rewrite and bench, and
 * checked by tests/cli/t0040): one pass of the joined patch writes the
 * bytes the units' passes one after the other write, and a group whose
 * checks pass holds no unit that fails its own (a diagnostic one unit
 * adds and a later one takes away would be missed).
 */
#ifndef LOCKPTR_GROUP_H
#define LOCKPTR_GROUP_H

#include "run.h"

void group_migrate(struct run *r, const struct unit *const *units, struct result *const *res,
		   size_t n);

#endif
