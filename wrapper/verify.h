/*
 * verify.h: whether a migrated unit is kept.
 *
 * verify_before() compiles the translation units of the plan, each in
 * every configuration it has (compile.h: one per distinct database
 * entry), as the tree is now (what the run already knows from earlier
 * units is not compiled again), and sets res, returning -1, when one of
 * them compiles in none of its configurations: a failure after the
 * change would look like the one before. With -p it lists the entries
 * in res->entries, each with whether it compiled.
 * verify_after() compiles again, with the changes written, the
 * configurations that compiled before (the others cannot tell), and
 * gives the first reason to roll the unit back, or NULL: a compiler
 * diagnostic that was not there before; the unit's patch changing a migrated file again (idempotence);
 * a re-scan that finds a value declaration or a static initializer of
 * the unit left; --test-cmd failing (split into words like a shell
 * would, run without one). *judged says whether the reason is the
 * code's (not --test-cmd's, which depends on more than the unit's files).
 * verify_kept() records a kept unit's "after" as what the tree now says
 * (and marks the include graph stale); verify_forget() drops it all.
 * migrated_notes() is what a maintainer should know about a kept unit:
 * init results that are ignored, a lock that is never destroyed, files
 * written in vendored code or in public headers (scope.h: the user asked
 * for it, or a file that uses the member is there).
 */
#ifndef LOCKPTR_VERIFY_H
#define LOCKPTR_VERIFY_H

#include "plan.h"
#include "run.h"

int verify_before(struct run *r, const struct unit *u, const struct conf_list *cl,
		  struct diags *before, struct result *res);
char *verify_after(struct run *r, const struct unit *u, const struct plan *p,
		   const char *patch, const struct change *ch, size_t nch,
		   const struct diags *before, struct diags *after, int *judged);
void verify_kept(struct run *r, const struct conf_list *cl, const struct diags *after);
/* The parts of verify_before() and verify_after() a group of units
 * (group.h) runs once for all of them: verify_compiled() is the compile
 * half of verify_after() over cl; verify_leftovers() the re-scan of one
 * unit in facts; verify_test_cmd() runs --test-cmd (NULL: passed or none);
 * verify_entries() sets res->entries for cl as verify_before() does. */
char *verify_compiled(struct run *r, const struct unit *u, const struct conf_list *cl,
		      const struct diags *before, struct diags *after);
char *verify_leftovers(const struct unit *u, const struct unit_spec *spec, json_t *facts);
char *verify_test_cmd(const struct options *o);
void verify_entries(struct run *r, const struct conf_list *cl, const struct diags *before,
		    struct result *res);
void verify_forget(struct run *r);
char *migrated_notes(struct run *r, const struct unit *u, const struct unit_spec *spec,
		     const struct change *ch, size_t nch);

#endif
