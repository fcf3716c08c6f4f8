/*
 * lockptr_ulock_t.h: written by lockptr when it migrated ulock_t members
 * from values to pointers, so that every copy of a struct shares one
 * lock. lockptr_X_init() allocates the lock and runs X_init() on it;
 * lockptr_X_destroy() runs X_destroy() and frees the lock.
 */
#ifndef LOCKPTR_HELPERS_ULOCK_T
#define LOCKPTR_HELPERS_ULOCK_T

#include <stdlib.h>

/*
 * --lock-type ulock_t:ulock_init:ulock_destroy:ULOCK_ENOMEM
 * Init and destroy return 0 on success; ULOCK_ENOMEM when the lock
 * cannot be allocated. Included after the type's declaration.
 */
static inline int lockptr_ulock_init(ulock_t **l, int recursive)
{
	int rc;

	if (!(*l = malloc(sizeof(**l))))
		return ULOCK_ENOMEM;
	if ((rc = ulock_init(*l, recursive)) != 0) {
		free(*l);
		*l = NULL;
	}
	return rc;
}

static inline void lockptr_ulock_destroy(ulock_t **l)
{
	if (!*l)
		return;
	ulock_destroy(*l);
	free(*l);
	*l = NULL;
}
#endif
