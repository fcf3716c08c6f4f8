/*
 * plan.h: what the migration of one unit touches, decided before anything
 * is rewritten.
 *
 * plan_unit() first asks whether the patches can migrate the unit at all
 * (beyond the scan's refusals: a type defined differently in several
 * files, a lock type spelled as a pointer in some configuration, static
 * initializers it cannot place, both static initializers and destroys, a
 * --lock-type lockptr cannot write helpers for, a declaration outside the
 * tree). Then it fills the plan:
 *   spec       the unit's parameters for the rewrite patch, with the
 *              type's spellings (itself and its typedef aliases)
 *   words/tags/memword   what a file must name to concern the unit (the
 *              type, the types that hold it, the member's last name);
 *              JSON sets, as files.h and includes.h take them
 *   targets    the headers that name those types, and the defining file
 *   host       where the helper header goes (helper.h)
 *   paths      the files to rewrite: every scanned file that names the
 *              member and was parsed or includes a target
 *   foreign    for a type defined differently in several files, the
 *              files that see only another definition (defs.h): never
 *              rewritten nor verified for this unit; a file to rewrite
 *              that sees two refuses the unit
 * A refusal sets res and returns -1; so does a file to rewrite outside
 * the tree.
 *
 * plan_scope() refuses (-1, res set) a unit whose declaration, the host
 * of its helper header or the helper header itself is vendored code or a
 * public header (scope.h), unless --include-vendored is given or --only
 * names the unit; the reason says so.
 *
 * plan_tus() gives, once the changed files are known, the translation
 * units to verify: every .c rewritten, every parsed .c that names the
 * type or a type holding it, and every .c that names the member and
 * includes a changed file or a target (with a compilation database, only
 * the files it compiles, unless changed), and, with one, for a changed
 * header that no entry compiles (neither as its file nor through an
 * #include), a scanned .c that includes it, else the header itself; and
 * confs, those units in each of their configurations (compile_confs():
 * a file without an entry borrows the flags of the nearest one).
 * plan_tus_peek() gives the same into tus and confs without changing the
 * plan (verdict.h asks what a rewrite with those changes would verify).
 */
#ifndef LOCKPTR_PLAN_H
#define LOCKPTR_PLAN_H

#include "rewrite.h"
#include "run.h"

struct plan {
	struct unit_spec spec;
	json_t *words, *tags, *memword, *targets;
	const char *host;
	char *user_section;      /* a --lock-type's helpers, or NULL */
	struct strvec paths;     /* files to rewrite */
	json_t *foreign;         /* files of other definitions (a set) */
	struct strvec tus;       /* translation units to verify */
	struct conf_list confs;  /* ... in each of their configurations */
};

int plan_unit(struct run *r, const struct unit *u, struct plan *p, struct result *res);
int plan_scope(struct run *r, const struct unit *u, const struct plan *p, struct result *res);
void plan_tus(struct run *r, struct plan *p, const struct change *ch, size_t nch);
/* r->inc built again when a write made it stale (or never built). */
void plan_includes(struct run *r);
void plan_tus_peek(struct run *r, const struct plan *p, const struct change *ch, size_t nch,
		   struct strvec *tus, struct conf_list *confs);
void plan_free(struct plan *p);

#endif
