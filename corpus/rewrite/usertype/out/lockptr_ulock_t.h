/*
 * lockptr_ulock_t.h: written by lockptr when it migrated ulock_t members
 * from values to pointers, so that every copy of a struct shares one
 * lock. lockptr_X_init() allocates the lock and runs X_init() on it;
 * lockptr_X_destroy() runs X_destroy() and frees the lock. They
 * compile as C90 and later and as C++.
 */
#ifndef LOCKPTR_HELPERS_ULOCK_T
#define LOCKPTR_HELPERS_ULOCK_T

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
 * --lock-type ulock_t:ulock_init:ulock_destroy:ULOCK_ENOMEM
 * Init and destroy return 0 on success; ULOCK_ENOMEM when the lock
 * cannot be allocated. Included after the type's declaration.
 */
LOCKPTR_INLINE int lockptr_ulock_init(ulock_t **l, int recursive)
{
	int rc;

	if (!(*l = (ulock_t *)malloc(sizeof(**l))))
		return ULOCK_ENOMEM;
	if ((rc = ulock_init(*l, recursive)) != 0) {
		free(*l);
		*l = NULL;
	}
	return rc;
}

LOCKPTR_INLINE void lockptr_ulock_destroy(ulock_t **l)
{
	if (!*l)
		return;
	ulock_destroy(*l);
	free(*l);
	*l = NULL;
}
#endif
