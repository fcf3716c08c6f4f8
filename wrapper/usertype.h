/*
 * usertype.h: the helpers of lockptr_locks.h for a --lock-type lock type.
 *
 * The built-in families have their helpers in cocci/rewrite/
 * lockptr_locks.h.in. A user's lock type gets helpers written from the
 * declarations of its init and destroy functions that the scan found
 * ("proto" facts): the init helper takes the same parameters after the
 * lock, returns what init returns, and returns the --lock-type's NOMEM
 * value when the allocation fails; init and destroy are taken to return
 * 0 on success, as pthreads and most wrappers of them do.
 *
 * user_helper() gives NULL and sets *section to the helper text, or gives
 * the reason why no helper can be written (no declaration found, init
 * returns void, no NOMEM value, a destroy with more parameters than the
 * lock, ...).
 *
 * The helpers go to a header of their own, lockptr_NAME.h (user_header()
 * gives its contents), not to lockptr_locks.h: they need NAME and its
 * functions declared, which not every includer of lockptr_locks.h has.
 */
#ifndef LOCKPTR_USERTYPE_H
#define LOCKPTR_USERTYPE_H

#include <jansson.h>

#include "options.h"

char *user_helper(const struct lock_type *lt, json_t *facts, char **section);
char *user_header_name(const char *lock);
char *user_header(const char *lock, const char *section);

#endif
