/*
 * lockptr_my_cond_t.h: written by lockptr when it migrated my_cond_t members
 * from values to pointers, so that every copy of a struct shares one
 * lock. lockptr_X_init() allocates the lock and runs X_init() on it;
 * lockptr_X_destroy() runs X_destroy() and frees the lock.
 */
#ifndef LOCKPTR_HELPERS_MY_COND_T
#define LOCKPTR_HELPERS_MY_COND_T

#include <stdlib.h>

/*
 * --lock-type my_cond_t:my_cond_init:my_cond_destroy:-12
 * Init and destroy return 0 on success; -12 when the lock
 * cannot be allocated. Included after the type's declaration.
 */
static inline int lockptr_my_cond_init(my_cond_t **l)
{
	int rc;

	if (!(*l = malloc(sizeof(**l))))
		return -12;
	if ((rc = my_cond_init(*l)) != 0) {
		free(*l);
		*l = NULL;
	}
	return rc;
}

static inline void lockptr_my_cond_destroy(my_cond_t **l)
{
	if (!*l)
		return;
	my_cond_destroy(*l);
	free(*l);
	*l = NULL;
}
#endif
