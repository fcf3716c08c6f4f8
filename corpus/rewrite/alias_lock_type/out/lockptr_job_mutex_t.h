/*
 * lockptr_job_mutex_t.h: written by lockptr when it migrated job_mutex_t members
 * from values to pointers, so that every copy of a struct shares one
 * lock. lockptr_X_init() allocates the lock and runs X_init() on it;
 * lockptr_X_destroy() runs X_destroy() and frees the lock. They
 * compile as C90 and later and as C++.
 */
#ifndef LOCKPTR_HELPERS_JOB_MUTEX_T
#define LOCKPTR_HELPERS_JOB_MUTEX_T

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

/*
 * --lock-type job_mutex_t:job_mutex_init:job_mutex_destroy:ENOMEM
 * Init and destroy return 0 on success; ENOMEM when the lock
 * cannot be allocated. Included after the type's declaration.
 */
/* The box of a job_mutex_t that a migrated member points at. */
struct lockptr_job_mutex_box {
	job_mutex_t lock;
	unsigned char heap;
};

/* Points *l at the lock of a new heap box; 0 when out of memory. */
LOCKPTR_INLINE int lockptr_job_mutex_alloc(job_mutex_t **l)
{
	struct lockptr_job_mutex_box *b;

	*l = NULL;
	b = (struct lockptr_job_mutex_box *)malloc(sizeof(*b));
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
LOCKPTR_INLINE void lockptr_job_mutex_release(job_mutex_t **l)
{
	void *lock = (void *)*l;
	struct lockptr_job_mutex_box *b = (struct lockptr_job_mutex_box *)lock;
	int saved = errno;

	if (b && b->heap)
		free((void *)b);
	*l = NULL;
	errno = saved;
}

/* After an init of *l that gave rc: the lock is kept when it succeeded. */
LOCKPTR_INLINE int lockptr_job_mutex_after_init(job_mutex_t **l, int rc)
{
	if (rc != 0)
		lockptr_job_mutex_release(l);
	return rc;
}

/* After a destroy of *l that gave rc: the lock goes when it succeeded. */
LOCKPTR_INLINE int lockptr_job_mutex_after_destroy(job_mutex_t **l, int rc)
{
	if (rc == 0)
		lockptr_job_mutex_release(l);
	return rc;
}

/* What an init wrapper's call gives when the box cannot be allocated: a
 * call, not a constant, so that `if (alloc ? ... : ENOMEM)` raises no
 * -Wint-in-bool-context. */
LOCKPTR_INLINE int lockptr_job_mutex_oom(int rc)
{
	return rc;
}

LOCKPTR_INLINE int lockptr_job_mutex_init(job_mutex_t **l, const pthread_mutexattr_t *a)
{
	if (!lockptr_job_mutex_alloc(l))
		return ENOMEM;
	return lockptr_job_mutex_after_init(l, job_mutex_init(*l, a));
}

LOCKPTR_INLINE int lockptr_job_mutex_destroy(job_mutex_t **l)
{
	if (!*l)
		return 0;
	return lockptr_job_mutex_after_destroy(l, job_mutex_destroy(*l));
}
#endif
