/*
 * series.h: a migration a unit at a time, for review: diff --split DIR
 * writes one patch per migrated unit, apply --commit makes one commit
 * per kept unit, apply --interactive asks before each unit. migrate.c
 * calls it at four points of its loop; the messages are message.h's,
 * the git commands git.h's, the question prompt.h's.
 *
 * series_start() is NULL when the options ask for none of it. Otherwise
 * it checks what the run needs before anything is scanned, and dies with
 * status 2 and one line when it is not there: --split DIR is made if
 * missing (with its parents) and must hold nothing; --commit needs a
 * git work tree with nothing uncommitted; --interactive a terminal.
 * DIR is the user's output, anywhere (as git format-patch -o): its
 * patches are new files made through its descriptor, each created with
 * O_EXCL under a random name and renamed in without replacing anything.
 *
 * series_ask() (--interactive), when a unit's changes are known and
 * before they are written: shows them and asks. 0: go on; -1 with res
 * set to "skipped" (n, or q: from then on series_quit() is 1 and the
 * remaining units are skipped unasked).
 * series_keep(), when the unit passed its checks and before it is kept:
 * records its patch (--split) or commits its files (--commit). NULL, or
 * why the unit must be rolled back instead (the commit failed).
 * series_finish() (diff --split), in the working directory the run
 * started in: writes DIR/0001-....patch and on, in the order the units
 * were migrated, each the change of its unit on the tree with the units
 * before it applied, and prints their paths, one a line; returns how
 * many it wrote (their paths not printed with -q). series_free() releases it.
 */
#ifndef LOCKPTR_SERIES_H
#define LOCKPTR_SERIES_H

#include "run.h"

struct series;

struct series *series_start(const struct options *o, enum mode mode);
int series_ask(struct series *s, const struct unit *u, const struct change *ch, size_t nch,
	       struct result *res);
int series_quit(const struct series *s);
char *series_keep(struct series *s, const struct run *r, const struct unit *u,
		  const char *notes, const struct change *ch, size_t nch);
size_t series_finish(struct series *s);
void series_free(struct series *s);

#endif
