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
 * Types are named as C spells them: "struct tag", "union tag", or the
 * typedef name of an untagged struct; typedef aliases are resolved, also
 * aliases of lock types (typedef pthread_mutex_t my_lock;).
 * Holding is transitive: struct worker { struct stats st; } holds st.rw.
 *
 * It is pure (no I/O) so that tests can feed it facts directly. Output
 * arrays are sorted by file, line, column.
 *
 * model_words() gives the prefilter what to look for next: the lock types
 * and typedef names (as words) and "struct tag"/"union tag" of the holding
 * types found so far.
 */
#ifndef LOCKPTR_MODEL_H
#define LOCKPTR_MODEL_H

#include <jansson.h>

#include "options.h"

struct model {
	json_t *units, *copies, *conflicts;
	/* private: maps built on the way */
	json_t *alias, *alias_at, *locks, *holds, *contains;
	json_t *shared;  /* types defined in a header (other files can see them) */
};

void model_build(struct model *m, json_t *facts, const struct options *o);
void model_words(const struct model *m, const struct options *o,
		 json_t *words, json_t *tags);
void model_free(struct model *m);

/* A type's canonical spelling (typedef aliases followed, stopping at a
 * lock type); whether `outer` holds `type` (itself included). */
const char *model_canon(const struct model *m, const char *t);
int model_holds(const struct model *m, const char *outer, const char *type);

/* The built-in lock types with their init and destroy functions;
 * NULL-terminated. */
extern const char *const builtin_locks[][3];

#endif
