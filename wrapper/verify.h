/*
 * verify.h: whether a migrated unit is kept.
 *
 * verify_before() compiles the translation units of the plan as the tree
 * is now (what the run already knows from earlier units is not compiled
 * again) and sets res, returning -1, when one of them does not compile:
 * a failure after the change would look like the one before.
 * verify_after(), with the changes written, gives the first reason to
 * roll the unit back, or NULL: a compiler diagnostic that was not there
 * before; the unit's patch changing a migrated file again (idempotence);
 * a re-scan that finds a value declaration or a static initializer of
 * the unit left; --test-cmd failing (split into words like a shell
 * would, run without one).
 * verify_kept() records a kept unit's "after" as what the tree now says
 * (and marks the include graph stale); verify_forget() drops it all.
 * migrated_notes() is what a maintainer should know about a kept unit:
 * init results that are ignored, a lock that is never destroyed.
 */
#ifndef LOCKPTR_VERIFY_H
#define LOCKPTR_VERIFY_H

#include "plan.h"
#include "run.h"

int verify_before(struct run *r, const struct unit *u, const struct strvec *tus,
		  struct diags *before, struct result *res);
char *verify_after(struct run *r, const struct unit *u, const struct plan *p,
		   const char *patch, const struct change *ch, size_t nch,
		   const struct diags *before, struct diags *after);
void verify_kept(struct run *r, const struct strvec *tus, const struct diags *after);
void verify_forget(struct run *r);
char *migrated_notes(struct run *r, const struct unit *u, const struct unit_spec *spec);

#endif
