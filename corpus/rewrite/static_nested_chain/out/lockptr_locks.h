/*
 * lockptr_locks.h: written by lockptr when it migrated lock members from
 * values to pointers, so that every copy of a struct shares one lock.
 *
 * A migrated member points at the lock field of a box: one that
 * lockptr_X_init() allocates (heap set), or one of static storage that
 * a static initializer gives the object (heap clear). The lock is the
 * box's first member, so a pointer to it converts back to the box (C11
 * 6.7.2.1p15); a destroy frees heap boxes only, never static storage.
 *
 * Each lockptr_X_init() allocates a box and runs X_init() on its lock; it
 * returns what X_init() returns, and X_init()'s own failure result when
 * the allocation fails (ENOMEM for pthreads, thrd_error for mtx_init,
 * thrd_nomem for cnd_init, -1 with errno ENOMEM for sem_init). After a
 * failure the member is NULL. Each lockptr_X_destroy() runs X_destroy()
 * and, when that succeeded, frees a heap box and sets the member to NULL.
 * A project's own init and destroy functions (wrappers) are called on the
 * lock between lockptr_L_alloc() and lockptr_L_after_init(), or before
 * lockptr_L_after_destroy() or lockptr_L_release().
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
/* A static box holding a lock set by a static initializer (heap clear). */
#ifndef LOCKPTR_STATIC_BOX
#define LOCKPTR_STATIC_BOX(init) { init, 0 }
#endif
/* lockptr: pthread_mutex_t */
#ifndef LOCKPTR_HELPERS_PTHREAD_MUTEX_T
#define LOCKPTR_HELPERS_PTHREAD_MUTEX_T
#include <pthread.h>

/* The box of a pthread_mutex_t that a migrated member points at. */
struct lockptr_pthread_mutex_box {
	pthread_mutex_t lock;
	unsigned char heap;
};

/* Points *l at the lock of a new heap box; 0 when out of memory. */
LOCKPTR_INLINE int lockptr_pthread_mutex_alloc(pthread_mutex_t **l)
{
	struct lockptr_pthread_mutex_box *b;

	*l = NULL;
	b = (struct lockptr_pthread_mutex_box *)malloc(sizeof(*b));
	if (!b)
		return 0;
	b->heap = 1;
	*l = &b->lock;
	return 1;
}

/* Frees the box of *l if it is a heap one (static ones stay); *l = NULL.
 * errno is kept: a failed init's caller reads it. The lock is the box's
 * first member; the way through a void * (which drops a spinlock's
 * volatile) keeps gcc's -Wstrict-aliasing=1 quiet. */
LOCKPTR_INLINE void lockptr_pthread_mutex_release(pthread_mutex_t **l)
{
	void *lock = (void *)*l;
	struct lockptr_pthread_mutex_box *b = (struct lockptr_pthread_mutex_box *)lock;
	int saved = errno;

	if (b && b->heap)
		free((void *)b);
	*l = NULL;
	errno = saved;
}

/* After an init of *l that gave rc: the lock is kept when it succeeded. */
LOCKPTR_INLINE int lockptr_pthread_mutex_after_init(pthread_mutex_t **l, int rc)
{
	if (rc != 0)
		lockptr_pthread_mutex_release(l);
	return rc;
}

/* After a destroy of *l that gave rc: the lock goes when it succeeded. */
LOCKPTR_INLINE int lockptr_pthread_mutex_after_destroy(pthread_mutex_t **l, int rc)
{
	if (rc == 0)
		lockptr_pthread_mutex_release(l);
	return rc;
}

/* What an init wrapper's call gives when the box cannot be allocated: a
 * call, not a constant, so that `if (alloc ? ... : ENOMEM)` raises no
 * -Wint-in-bool-context. */
LOCKPTR_INLINE int lockptr_pthread_mutex_oom(int rc)
{
	return rc;
}

LOCKPTR_INLINE int lockptr_pthread_mutex_init(pthread_mutex_t **m,
					      const pthread_mutexattr_t *attr)
{
	if (!lockptr_pthread_mutex_alloc(m))
		return ENOMEM;
	return lockptr_pthread_mutex_after_init(m, pthread_mutex_init(*m, attr));
}

LOCKPTR_INLINE int lockptr_pthread_mutex_destroy(pthread_mutex_t **m)
{
	if (!*m)
		return EINVAL;
	return lockptr_pthread_mutex_after_destroy(m, pthread_mutex_destroy(*m));
}
#endif
/* lockptr: pthread_cond_t */
#ifndef LOCKPTR_HELPERS_PTHREAD_COND_T
#define LOCKPTR_HELPERS_PTHREAD_COND_T
#include <pthread.h>

/* The box of a pthread_cond_t that a migrated member points at. */
struct lockptr_pthread_cond_box {
	pthread_cond_t lock;
	unsigned char heap;
};

/* Points *l at the lock of a new heap box; 0 when out of memory. */
LOCKPTR_INLINE int lockptr_pthread_cond_alloc(pthread_cond_t **l)
{
	struct lockptr_pthread_cond_box *b;

	*l = NULL;
	b = (struct lockptr_pthread_cond_box *)malloc(sizeof(*b));
	if (!b)
		return 0;
	b->heap = 1;
	*l = &b->lock;
	return 1;
}

/* Frees the box of *l if it is a heap one (static ones stay); *l = NULL.
 * errno is kept: a failed init's caller reads it. The lock is the box's
 * first member; the way through a void * (which drops a spinlock's
 * volatile) keeps gcc's -Wstrict-aliasing=1 quiet. */
LOCKPTR_INLINE void lockptr_pthread_cond_release(pthread_cond_t **l)
{
	void *lock = (void *)*l;
	struct lockptr_pthread_cond_box *b = (struct lockptr_pthread_cond_box *)lock;
	int saved = errno;

	if (b && b->heap)
		free((void *)b);
	*l = NULL;
	errno = saved;
}

/* After an init of *l that gave rc: the lock is kept when it succeeded. */
LOCKPTR_INLINE int lockptr_pthread_cond_after_init(pthread_cond_t **l, int rc)
{
	if (rc != 0)
		lockptr_pthread_cond_release(l);
	return rc;
}

/* After a destroy of *l that gave rc: the lock goes when it succeeded. */
LOCKPTR_INLINE int lockptr_pthread_cond_after_destroy(pthread_cond_t **l, int rc)
{
	if (rc == 0)
		lockptr_pthread_cond_release(l);
	return rc;
}

/* What an init wrapper's call gives when the box cannot be allocated: a
 * call, not a constant, so that `if (alloc ? ... : ENOMEM)` raises no
 * -Wint-in-bool-context. */
LOCKPTR_INLINE int lockptr_pthread_cond_oom(int rc)
{
	return rc;
}

LOCKPTR_INLINE int lockptr_pthread_cond_init(pthread_cond_t **c,
					     const pthread_condattr_t *attr)
{
	if (!lockptr_pthread_cond_alloc(c))
		return ENOMEM;
	return lockptr_pthread_cond_after_init(c, pthread_cond_init(*c, attr));
}

LOCKPTR_INLINE int lockptr_pthread_cond_destroy(pthread_cond_t **c)
{
	if (!*c)
		return EINVAL;
	return lockptr_pthread_cond_after_destroy(c, pthread_cond_destroy(*c));
}
#endif
