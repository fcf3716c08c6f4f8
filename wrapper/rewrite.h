/*
 * rewrite.h: the migration of one unit, as new file contents.
 *
 * rewrite_patch() instantiates the templates of cocci/rewrite for a unit
 * (see cocci/rewrite/README) into one semantic patch in the run's
 * temporary directory. rewrite_run() runs it over files, one spatch
 * process per file (-j at a time, bounded like the fact pass), out of
 * place: for each file it gives the new contents, or NULL when nothing
 * changed, or a failure reason. It never writes the files themselves.
 * Line endings follow the original (CRLF files stay CRLF).
 *
 * helper_header() gives the contents of lockptr_locks.h holding the
 * helpers of the given lock types plus those an existing copy holds. (A
 * --lock-type's helpers have a header of their own: usertype.h.)
 */
#ifndef LOCKPTR_REWRITE_H
#define LOCKPTR_REWRITE_H

#include "detect.h"
#include "util.h"

/* A lock wrapper the unit's patch rewrites calls of (25-/26-wrap-*). */
struct spec_wrapper {
	const char *name, *kind;  /* kind: "init" or "destroy" */
	const char *form;         /* "result": its result says whether it
				   * succeeded (0); "void": it does not */
	char *nomem;              /* an init's result when out of memory */
};

/* A static object whose lock is zero until an init runs: the patch
 * (45-zero-*) points the member at a zeroed static box of its own. */
struct spec_zero {
	char *name;   /* the object */
	char *scope;  /* spatch's current element there: the name itself at
		       * file scope, else the function's name */
	char *first;  /* the first designator: ".m", ".q.m", "[0].m" */
	char *init;   /* every designator with its box: ".m = &lockptr_q_m.lock",
		       * "[0].m = &lockptr_a_m[0].lock, [1].m = ..." */
	char *box;    /* the box object's declarator: "lockptr_q_m",
		       * "lockptr_a_m[2]" */
};

struct unit_spec {
	const char *type, *member, *lock, *init, *destroy;
	const char *decl_lock; /* the lock type as the declaration spells it */
	int index;             /* the member's place in a positional initializer, or -1 */
	struct strvec spellings; /* the type and its typedef aliases */
	struct spec_wrapper *wrappers; /* of the unit's lock family */
	size_t nwrappers;
	struct spec_zero *zeros;
	size_t nzeros;
	struct strvec macros; /* function-like macros whose bodies hand the
			       * lock's address to a lock call (*-macro) */
};

struct rewrite_out {
	char *contents;  /* new bytes, or NULL if unchanged */
	size_t len;
	char *error;     /* why the file could not be rewritten, or NULL */
	char *refusal;   /* why its rewrite cannot be kept (an attribute it
			  * would lose: view.h), or NULL */
};

char *rewrite_patch(const struct unit_spec *u);
/* One patch holding the rules of every unit of specs, in that order (a
 * group of units migrated in one pass: group.h), in a file of its own
 * that the caller unlinks; rewrite_group_check_patch() is its
 * rewrite_check_patch(), also in a file of its own. rewrite_run_each()
 * is rewrite_run() (or rewrite_check(), with facts) with a patch per file.
 * With probe, the patch has the 15-probe rule of each unit whose
 * member's last name a member of another type of specs has (the group
 * needs its "at" facts to tell their changes apart; its checks do not). */
char *rewrite_group_patch(const struct unit_spec *const *specs, size_t n, int probe);
char *rewrite_group_check_patch(const char *group_patch);
void rewrite_run_each(struct detect *d, const char *const *patches, char *const *files,
		      size_t n, struct rewrite_out *out, json_t *facts);
void rewrite_run(struct detect *d, const char *patch, char *const *files,
		 size_t n, struct rewrite_out *out);

/* The re-check detection patches (detect_recheck_patch()) and the unit's
 * patch, as one: run over the migrated files it checks idempotence (no
 * change) and re-scans them (member declarations and static initializers
 * of the migrated code) in one spatch process per file.
 * rewrite_check() is rewrite_run() with those facts appended to facts. */
char *rewrite_check_patch(const char *unit_patch);
void rewrite_check(struct detect *d, const char *patch, char *const *files,
		   size_t n, struct rewrite_out *out, json_t *facts);
void rewrite_out_free(struct rewrite_out *out, size_t n);

/* Replaces every @KEY@ of tmpl by its value (kv: key, value, ..., NULL). */
void template_substitute(struct buf *out, const char *tmpl, const char *const *kv);
/* Where spatch's stderr says why it failed: "Fatal error", an exception,
 * "try to delete an expanded token", else the first line that is not its
 * own chatter about macro files ("init_defs_builtins: .../standard.h"). */
const char *spatch_error_line(const char *err);
/* "lockptr_" + fn: the helper that wraps an init or destroy function. */
char *helper_name(const char *fn);

/* The helper header for `locks` (and whatever `existing` already has). */
char *helper_header(const struct strvec *locks, const char *existing);

#endif
