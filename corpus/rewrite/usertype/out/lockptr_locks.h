/*
 * lockptr_locks.h: written by lockptr when it migrated lock members from
 * values to pointers, so that every copy of a struct shares one lock.
 *
 * Each lockptr_X_init() allocates the lock and runs X_init() on it; it
 * returns what X_init() returns, and X_init()'s own failure result when
 * the allocation fails (ENOMEM for pthreads, thrd_error for mtx_init,
 * thrd_nomem for cnd_init, -1 with errno ENOMEM for sem_init). After a
 * failure the member is NULL. Each lockptr_X_destroy() runs X_destroy()
 * and frees the lock when that succeeded, setting the member to NULL.
 */
#ifndef LOCKPTR_LOCKS_H
#define LOCKPTR_LOCKS_H

#include <errno.h>
#include <stdlib.h>
/* lockptr: ulock_t */
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
