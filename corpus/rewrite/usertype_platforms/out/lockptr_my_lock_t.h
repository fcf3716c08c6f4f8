/*
 * lockptr_my_lock_t.h: written by lockptr when it migrated my_lock_t members
 * from values to pointers, so that every copy of a struct shares one
 * lock. lockptr_X_init() allocates the lock and runs X_init() on it;
 * lockptr_X_destroy() runs X_destroy() and frees the lock. They
 * compile as C90 and later and as C++.
 */
#ifndef LOCKPTR_HELPERS_MY_LOCK_T
#define LOCKPTR_HELPERS_MY_LOCK_T

#include <stdlib.h>

/* inline in C99 and C++, GNU C's __inline__ in C90; never warned about
 * when unused. */
#ifndef LOCKPTR_INLINE
#if defined(__cplusplus) || (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L)
#if defined(__GNUC__)
#define LOCKPTR_INLINE static inline __attribute__((unused))
#else
#define LOCKPTR_INLINE static inline
#endif
#elif defined(__GNUC__)
#define LOCKPTR_INLINE static __inline__ __attribute__((unused))
#else
#define LOCKPTR_INLINE static
#endif
#endif

/*
 * --lock-type my_lock_t:my_lock_init:my_lock_destroy:-12
 * Init and destroy return 0 on success; -12 when the lock
 * cannot be allocated. Included after the type's declaration.
 */
LOCKPTR_INLINE int lockptr_my_lock_init(my_lock_t **l)
{
	int rc;

	if (!(*l = (my_lock_t *)malloc(sizeof(**l))))
		return -12;
	if ((rc = my_lock_init(*l)) != 0) {
		free(*l);
		*l = NULL;
	}
	return rc;
}

LOCKPTR_INLINE void lockptr_my_lock_destroy(my_lock_t **l)
{
	if (!*l)
		return;
	my_lock_destroy(*l);
	free(*l);
	*l = NULL;
}
#endif
