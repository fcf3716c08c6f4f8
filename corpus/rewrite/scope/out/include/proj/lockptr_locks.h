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
 *
 * Each family has its own guard, not the file: the lockptr_locks.h of two
 * directories, each with its own families, may meet in one translation
 * unit.
 *
 * The helpers compile as C90 and later and as C++: inline only where the
 * language has it, never warned about when unused, and malloc's result
 * cast (C++ does not convert a void * implicitly).
 */
#include <errno.h>
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
/* lockptr: pthread_mutex_t */
#ifndef LOCKPTR_HELPERS_PTHREAD_MUTEX_T
#define LOCKPTR_HELPERS_PTHREAD_MUTEX_T
#include <pthread.h>

LOCKPTR_INLINE int lockptr_pthread_mutex_init(pthread_mutex_t **m,
					      const pthread_mutexattr_t *attr)
{
	int rc;

	if (!(*m = (pthread_mutex_t *)malloc(sizeof(**m))))
		return ENOMEM;
	if ((rc = pthread_mutex_init(*m, attr)) != 0) {
		free(*m);
		*m = NULL;
	}
	return rc;
}

LOCKPTR_INLINE int lockptr_pthread_mutex_destroy(pthread_mutex_t **m)
{
	int rc;

	if (!*m)
		return EINVAL;
	if ((rc = pthread_mutex_destroy(*m)) == 0) {
		free(*m);
		*m = NULL;
	}
	return rc;
}
#endif
