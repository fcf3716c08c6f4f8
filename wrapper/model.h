/*
 * model.h: from the facts of every file to the unit table.
 *
 * model_build() merges the facts that the detection patches printed (one
 * JSON object each, from any number of files) into:
 *   units      one per lock member of a struct/union/typedef, by value
 *              (arrays of locks too), with "copied" and "refused"
 *   copies     every copy site of a lock-holding type, with the member path
 *              to the lock it copies ("st.rw")
 *   conflicts  types defined differently in two files (never merged)
 *   defs       the definitions of those types (defs.h): a unit is one
 *              lock member of one definition
 *   wrappers   lock wrappers: functions and function-like macros of the
 *              project whose first parameter, a pointer to a lock, reaches
 *              an init or destroy, directly or through other wrappers (in
 *              any file); a call W(&E->m, ...) of one initialises or
 *              destroys E's member m, with the attributes W sets
 * Types are named as C spells them: "struct tag", "union tag", or the
 * typedef name of an untagged struct; typedef aliases are resolved, also
 * aliases of lock types (typedef pthread_mutex_t my_lock;).
 * Holding is transitive: struct worker { struct stats st; } holds st.rw.
 *
 * It is pure (no I/O) so that tests can feed it facts directly. Facts are
 * JSON (they come from spatch's python rules); what leaves model_build()
 * is typed: struct unit, struct copy_site, struct conflict, in arrays
 * sorted by file, line, column. report.h turns them back into JSON at the
 * output edge. A unit's or copy's string that its fact lacks is "", never
 * NULL (function excepted: NULL outside a function).
 *
 * model_words() gives the prefilter what to look for next: the lock types
 * and typedef names (as words) and "struct tag"/"union tag" of the holding
 * types found so far.
 */
#ifndef LOCKPTR_MODEL_H
#define LOCKPTR_MODEL_H

#include <jansson.h>

#include "options.h"
#include "strmap.h"
#include "util.h"

/* Why a unit or a copy site stays as it is on purpose (keep.h). */
enum kept_by { KEPT_NOT, KEPT_COMMENT, KEPT_OPTION, KEPT_UNITS };

/* One lock member of one type: what is migrated, all or nothing. */
struct unit {
	char *type, *member, *lock, *file;
	long long line, column;
	int array, copied;
	char *refused;           /* NULL, or why it must not be migrated */
	/* Refused for what the code is (process-shared, in shared memory),
	 * not for a limit of lockptr: verify counts it as done. */
	int by_design;
	/* NULL, or when its type is defined differently in several files,
	 * the name of its definition: the first file of it (defs.h). */
	char *def;
	char *kept;              /* NULL, or why it stays by value (keep.h) */
	enum kept_by kept_by;
};

/* A place that copies a lock-holding type (or a bare lock). */
struct copy_site {
	char *type, *kind;       /* kind: param, arg, return, assign, init, ... */
	char *path;              /* member path to the first lock; "" for a lock */
	char *file, *function;   /* function: NULL outside one */
	long long line, column;
	struct strvec paths;     /* every path, when there are several */
	/* For a type defined differently in several files: the definition
	 * its file sees, or NULL (defs.h); sees: "type@def" of every such
	 * definition its file sees, of its type or one it holds. */
	char *def;
	struct strvec sees;
	char *kept;              /* NULL, or why it is no finding (keep.h) */
	enum kept_by kept_by;
};

/* A type or typedef name defined differently in several files. */
struct conflict {
	char *type;
	struct strvec files;
};

/* One of the different definitions of a type defined differently in
 * several files (one per platform file, per test program): the files
 * that define it so, sorted; the first names it. */
struct definition {
	char *type;
	struct strvec files;
};

/* A lock wrapper (DESIGN.md, "lock wrapper"). */
struct lock_wrapper {
	char *name, *kind;       /* kind: "init" or "destroy" */
	char *lock;              /* its lock family: "pthread_mutex_t" */
	char *via;               /* the init/destroy or the wrapper it calls */
	char *file;              /* where it makes that call */
	long long line;
	int macro;
	/* What the wrapper returns: "result" (what the underlying init or
	 * destroy returns: directly, or through returns_var), "negated" (a
	 * pthread result negated: `return -init(...)`, or through a macro
	 * whose body negates), "void", or "other" (anything else, or lockptr
	 * cannot tell). */
	char *returns, *returns_var;
	/* NULL, or "file:line" of the attribute call that makes the locks it
	 * initialises process-shared or recursive (its own or a callee's). */
	char *pshared, *recursive;
};

struct model {
	struct unit *units;
	struct copy_site *copies;
	struct conflict *conflicts;
	struct lock_wrapper *wrappers;   /* sorted by name */
	struct definition *defs;         /* sorted by type, then name */
	size_t nunits, ncopies, nconflicts, nwrappers, ndefs;
	/* private: maps built on the way */
	struct strmap alias;     /* typedef name -> (char *) what it names */
	struct strmap alias_at;  /* typedef name -> (char *) its file */
	struct strmap holds;     /* type -> (struct strvec *) paths to its locks */
	struct strmap contains;  /* type -> (struct strvec *) holding types in it */
	struct strset locks;
	struct strset shared;    /* types defined in a header (other files see them) */
};

void model_build(struct model *m, json_t *facts, const struct options *o);
void model_words(const struct model *m, const struct options *o,
		 json_t *words, json_t *tags);
void model_free(struct model *m);

/* Why unit u must not be migrated, judged from these facts (NULL: it
 * may be); *by_design as struct unit says. defs.h asks it again with the
 * facts of the files that see the unit's definition. */
char *model_refusal(const struct model *m, json_t *facts, const struct unit *u,
		    const struct options *o, int *by_design);

/* Whether fact f is a macro_addr fact of unit u's member (macros.h): by
 * member name, and by the struct of the member before it when that is
 * known. */
int model_macro_addr(const struct model *m, json_t *facts, json_t *f, const struct unit *u);

/* The wrapper of that name, or NULL. */
const struct lock_wrapper *model_wrapper(const struct model *m, const char *name);

/* Frees one unit's or copy's strings (for callers that drop entries). */
void unit_clear(struct unit *u);
void copy_site_clear(struct copy_site *c);

/* A type's canonical spelling (typedef aliases followed, stopping at a
 * lock type); whether `outer` holds `type` (itself included). */
const char *model_canon(const struct model *m, const char *t);
int model_holds(const struct model *m, const char *outer, const char *type);

/* A lock type's init function (destroy: its destroy function), built-in
 * or --lock-type; NULL for a type that is no lock. */
const char *lock_fn(const struct options *o, const char *lock, int destroy);
int lock_is_builtin(const char *lock);

/* The last name of a member path: "in.m" -> "m". */
const char *member_leaf(const char *path);

/* The built-in lock types with their init and destroy functions;
 * NULL-terminated. */
extern const char *const builtin_locks[][3];

#endif
