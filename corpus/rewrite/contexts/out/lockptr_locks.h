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
/* lockptr: pthread_rwlock_t */
#ifndef LOCKPTR_HELPERS_PTHREAD_RWLOCK_T
#define LOCKPTR_HELPERS_PTHREAD_RWLOCK_T
#include <pthread.h>

/* The box of a pthread_rwlock_t that a migrated member points at. */
struct lockptr_pthread_rwlock_box {
	pthread_rwlock_t lock;
	unsigned char heap;
};

/* Points *l at the lock of a new heap box; 0 when out of memory. */
LOCKPTR_INLINE int lockptr_pthread_rwlock_alloc(pthread_rwlock_t **l)
{
	struct lockptr_pthread_rwlock_box *b;

	*l = NULL;
	b = (struct lockptr_pthread_rwlock_box *)malloc(sizeof(*b));
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
LOCKPTR_INLINE void lockptr_pthread_rwlock_release(pthread_rwlock_t **l)
{
	void *lock = (void *)*l;
	struct lockptr_pthread_rwlock_box *b = (struct lockptr_pthread_rwlock_box *)lock;
	int saved = errno;

	if (b && b->heap)
		free((void *)b);
	*l = NULL;
	errno = saved;
}

/* After an init of *l that gave rc: the lock is kept when it succeeded. */
LOCKPTR_INLINE int lockptr_pthread_rwlock_after_init(pthread_rwlock_t **l, int rc)
{
	if (rc != 0)
		lockptr_pthread_rwlock_release(l);
	return rc;
}

/* After a destroy of *l that gave rc: the lock goes when it succeeded. */
LOCKPTR_INLINE int lockptr_pthread_rwlock_after_destroy(pthread_rwlock_t **l, int rc)
{
	if (rc == 0)
		lockptr_pthread_rwlock_release(l);
	return rc;
}

/* What an init wrapper's call gives when the box cannot be allocated: a
 * call, not a constant, so that `if (alloc ? ... : ENOMEM)` raises no
 * -Wint-in-bool-context. */
LOCKPTR_INLINE int lockptr_pthread_rwlock_oom(int rc)
{
	return rc;
}

LOCKPTR_INLINE int lockptr_pthread_rwlock_init(pthread_rwlock_t **l,
					       const pthread_rwlockattr_t *attr)
{
	if (!lockptr_pthread_rwlock_alloc(l))
		return ENOMEM;
	return lockptr_pthread_rwlock_after_init(l, pthread_rwlock_init(*l, attr));
}

LOCKPTR_INLINE int lockptr_pthread_rwlock_destroy(pthread_rwlock_t **l)
{
	if (!*l)
		return EINVAL;
	return lockptr_pthread_rwlock_after_destroy(l, pthread_rwlock_destroy(*l));
}
#endif
/* lockptr: pthread_spinlock_t */
#ifndef LOCKPTR_HELPERS_PTHREAD_SPINLOCK_T
#define LOCKPTR_HELPERS_PTHREAD_SPINLOCK_T
#include <pthread.h>

/* The box of a pthread_spinlock_t that a migrated member points at. */
struct lockptr_pthread_spinlock_box {
	pthread_spinlock_t lock;
	unsigned char heap;
};

/* Points *l at the lock of a new heap box; 0 when out of memory. */
LOCKPTR_INLINE int lockptr_pthread_spinlock_alloc(pthread_spinlock_t **l)
{
	struct lockptr_pthread_spinlock_box *b;

	*l = NULL;
	b = (struct lockptr_pthread_spinlock_box *)malloc(sizeof(*b));
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
LOCKPTR_INLINE void lockptr_pthread_spinlock_release(pthread_spinlock_t **l)
{
	void *lock = (void *)*l;
	struct lockptr_pthread_spinlock_box *b = (struct lockptr_pthread_spinlock_box *)lock;
	int saved = errno;

	if (b && b->heap)
		free((void *)b);
	*l = NULL;
	errno = saved;
}

/* After an init of *l that gave rc: the lock is kept when it succeeded. */
LOCKPTR_INLINE int lockptr_pthread_spinlock_after_init(pthread_spinlock_t **l, int rc)
{
	if (rc != 0)
		lockptr_pthread_spinlock_release(l);
	return rc;
}

/* After a destroy of *l that gave rc: the lock goes when it succeeded. */
LOCKPTR_INLINE int lockptr_pthread_spinlock_after_destroy(pthread_spinlock_t **l, int rc)
{
	if (rc == 0)
		lockptr_pthread_spinlock_release(l);
	return rc;
}

/* What an init wrapper's call gives when the box cannot be allocated: a
 * call, not a constant, so that `if (alloc ? ... : ENOMEM)` raises no
 * -Wint-in-bool-context. */
LOCKPTR_INLINE int lockptr_pthread_spinlock_oom(int rc)
{
	return rc;
}

LOCKPTR_INLINE int lockptr_pthread_spin_init(pthread_spinlock_t **s, int pshared)
{
	if (!lockptr_pthread_spinlock_alloc(s))
		return ENOMEM;
	return lockptr_pthread_spinlock_after_init(s, pthread_spin_init(*s, pshared));
}

LOCKPTR_INLINE int lockptr_pthread_spin_destroy(pthread_spinlock_t **s)
{
	if (!*s)
		return EINVAL;
	return lockptr_pthread_spinlock_after_destroy(s, pthread_spin_destroy(*s));
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
/* lockptr: pthread_barrier_t */
#ifndef LOCKPTR_HELPERS_PTHREAD_BARRIER_T
#define LOCKPTR_HELPERS_PTHREAD_BARRIER_T
#include <pthread.h>

/* The box of a pthread_barrier_t that a migrated member points at. */
struct lockptr_pthread_barrier_box {
	pthread_barrier_t lock;
	unsigned char heap;
};

/* Points *l at the lock of a new heap box; 0 when out of memory. */
LOCKPTR_INLINE int lockptr_pthread_barrier_alloc(pthread_barrier_t **l)
{
	struct lockptr_pthread_barrier_box *b;

	*l = NULL;
	b = (struct lockptr_pthread_barrier_box *)malloc(sizeof(*b));
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
LOCKPTR_INLINE void lockptr_pthread_barrier_release(pthread_barrier_t **l)
{
	void *lock = (void *)*l;
	struct lockptr_pthread_barrier_box *b = (struct lockptr_pthread_barrier_box *)lock;
	int saved = errno;

	if (b && b->heap)
		free((void *)b);
	*l = NULL;
	errno = saved;
}

/* After an init of *l that gave rc: the lock is kept when it succeeded. */
LOCKPTR_INLINE int lockptr_pthread_barrier_after_init(pthread_barrier_t **l, int rc)
{
	if (rc != 0)
		lockptr_pthread_barrier_release(l);
	return rc;
}

/* After a destroy of *l that gave rc: the lock goes when it succeeded. */
LOCKPTR_INLINE int lockptr_pthread_barrier_after_destroy(pthread_barrier_t **l, int rc)
{
	if (rc == 0)
		lockptr_pthread_barrier_release(l);
	return rc;
}

/* What an init wrapper's call gives when the box cannot be allocated: a
 * call, not a constant, so that `if (alloc ? ... : ENOMEM)` raises no
 * -Wint-in-bool-context. */
LOCKPTR_INLINE int lockptr_pthread_barrier_oom(int rc)
{
	return rc;
}

LOCKPTR_INLINE int lockptr_pthread_barrier_init(pthread_barrier_t **b,
					        const pthread_barrierattr_t *attr,
					        unsigned count)
{
	if (!lockptr_pthread_barrier_alloc(b))
		return ENOMEM;
	return lockptr_pthread_barrier_after_init(b, pthread_barrier_init(*b, attr, count));
}

LOCKPTR_INLINE int lockptr_pthread_barrier_destroy(pthread_barrier_t **b)
{
	if (!*b)
		return EINVAL;
	return lockptr_pthread_barrier_after_destroy(b, pthread_barrier_destroy(*b));
}
#endif
/* lockptr: mtx_t */
#ifndef LOCKPTR_HELPERS_MTX_T
#define LOCKPTR_HELPERS_MTX_T
#include <threads.h>

/* The box of a mtx_t that a migrated member points at. */
struct lockptr_mtx_box {
	mtx_t lock;
	unsigned char heap;
};

/* Points *l at the lock of a new heap box; 0 when out of memory. */
LOCKPTR_INLINE int lockptr_mtx_alloc(mtx_t **l)
{
	struct lockptr_mtx_box *b;

	*l = NULL;
	b = (struct lockptr_mtx_box *)malloc(sizeof(*b));
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
LOCKPTR_INLINE void lockptr_mtx_release(mtx_t **l)
{
	void *lock = (void *)*l;
	struct lockptr_mtx_box *b = (struct lockptr_mtx_box *)lock;
	int saved = errno;

	if (b && b->heap)
		free((void *)b);
	*l = NULL;
	errno = saved;
}

/* After an init of *l that gave rc: the lock is kept when it succeeded. */
LOCKPTR_INLINE int lockptr_mtx_after_init(mtx_t **l, int rc)
{
	if (rc != thrd_success)
		lockptr_mtx_release(l);
	return rc;
}

/* After a destroy of *l that gave rc: the lock goes when it succeeded. */
LOCKPTR_INLINE int lockptr_mtx_after_destroy(mtx_t **l, int rc)
{
	if (rc == thrd_success)
		lockptr_mtx_release(l);
	return rc;
}

/* What an init wrapper's call gives when the box cannot be allocated: a
 * call, not a constant, so that `if (alloc ? ... : ENOMEM)` raises no
 * -Wint-in-bool-context. */
LOCKPTR_INLINE int lockptr_mtx_oom(int rc)
{
	return rc;
}

/* C11 7.26.4.2: mtx_init returns thrd_success or thrd_error, nothing else. */
LOCKPTR_INLINE int lockptr_mtx_init(mtx_t **m, int type)
{
	if (!lockptr_mtx_alloc(m))
		return thrd_error;
	return lockptr_mtx_after_init(m, mtx_init(*m, type));
}

LOCKPTR_INLINE void lockptr_mtx_destroy(mtx_t **m)
{
	if (!*m)
		return;
	mtx_destroy(*m);
	lockptr_mtx_release(m);
}
#endif
/* lockptr: cnd_t */
#ifndef LOCKPTR_HELPERS_CND_T
#define LOCKPTR_HELPERS_CND_T
#include <threads.h>

/* The box of a cnd_t that a migrated member points at. */
struct lockptr_cnd_box {
	cnd_t lock;
	unsigned char heap;
};

/* Points *l at the lock of a new heap box; 0 when out of memory. */
LOCKPTR_INLINE int lockptr_cnd_alloc(cnd_t **l)
{
	struct lockptr_cnd_box *b;

	*l = NULL;
	b = (struct lockptr_cnd_box *)malloc(sizeof(*b));
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
LOCKPTR_INLINE void lockptr_cnd_release(cnd_t **l)
{
	void *lock = (void *)*l;
	struct lockptr_cnd_box *b = (struct lockptr_cnd_box *)lock;
	int saved = errno;

	if (b && b->heap)
		free((void *)b);
	*l = NULL;
	errno = saved;
}

/* After an init of *l that gave rc: the lock is kept when it succeeded. */
LOCKPTR_INLINE int lockptr_cnd_after_init(cnd_t **l, int rc)
{
	if (rc != thrd_success)
		lockptr_cnd_release(l);
	return rc;
}

/* After a destroy of *l that gave rc: the lock goes when it succeeded. */
LOCKPTR_INLINE int lockptr_cnd_after_destroy(cnd_t **l, int rc)
{
	if (rc == thrd_success)
		lockptr_cnd_release(l);
	return rc;
}

/* What an init wrapper's call gives when the box cannot be allocated: a
 * call, not a constant, so that `if (alloc ? ... : ENOMEM)` raises no
 * -Wint-in-bool-context. */
LOCKPTR_INLINE int lockptr_cnd_oom(int rc)
{
	return rc;
}

LOCKPTR_INLINE int lockptr_cnd_init(cnd_t **c)
{
	if (!lockptr_cnd_alloc(c))
		return thrd_nomem;
	return lockptr_cnd_after_init(c, cnd_init(*c));
}

LOCKPTR_INLINE void lockptr_cnd_destroy(cnd_t **c)
{
	if (!*c)
		return;
	cnd_destroy(*c);
	lockptr_cnd_release(c);
}
#endif
/* lockptr: sem_t */
#ifndef LOCKPTR_HELPERS_SEM_T
#define LOCKPTR_HELPERS_SEM_T
#include <semaphore.h>

/* The box of a sem_t that a migrated member points at. */
struct lockptr_sem_box {
	sem_t lock;
	unsigned char heap;
};

/* Points *l at the lock of a new heap box; 0 when out of memory. */
LOCKPTR_INLINE int lockptr_sem_alloc(sem_t **l)
{
	struct lockptr_sem_box *b;

	*l = NULL;
	b = (struct lockptr_sem_box *)malloc(sizeof(*b));
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
LOCKPTR_INLINE void lockptr_sem_release(sem_t **l)
{
	void *lock = (void *)*l;
	struct lockptr_sem_box *b = (struct lockptr_sem_box *)lock;
	int saved = errno;

	if (b && b->heap)
		free((void *)b);
	*l = NULL;
	errno = saved;
}

/* After an init of *l that gave rc: the lock is kept when it succeeded. */
LOCKPTR_INLINE int lockptr_sem_after_init(sem_t **l, int rc)
{
	if (rc != 0)
		lockptr_sem_release(l);
	return rc;
}

/* After a destroy of *l that gave rc: the lock goes when it succeeded. */
LOCKPTR_INLINE int lockptr_sem_after_destroy(sem_t **l, int rc)
{
	if (rc == 0)
		lockptr_sem_release(l);
	return rc;
}

/* What an init wrapper's call gives when the box cannot be allocated: a
 * call, not a constant, so that `if (alloc ? ... : ENOMEM)` raises no
 * -Wint-in-bool-context. */
LOCKPTR_INLINE int lockptr_sem_oom(int rc)
{
	return rc;
}

/* What sem_init gives when it cannot allocate: -1 with errno ENOMEM. */
LOCKPTR_INLINE int lockptr_sem_nomem(void)
{
	errno = ENOMEM;
	return -1;
}

LOCKPTR_INLINE int lockptr_sem_init(sem_t **s, int pshared, unsigned value)
{
	if (!lockptr_sem_alloc(s))
		return lockptr_sem_nomem();
	return lockptr_sem_after_init(s, sem_init(*s, pshared, value));
}

LOCKPTR_INLINE int lockptr_sem_destroy(sem_t **s)
{
	if (!*s) {
		errno = EINVAL;
		return -1;
	}
	return lockptr_sem_after_destroy(s, sem_destroy(*s));
}
#endif
