/*
 * lockptr_ulock_t.h: written by lockptr when it migrated ulock_t members
 * from values to pointers, so that every copy of a struct shares one
 * lock. lockptr_X_init() allocates the lock and runs X_init() on it;
 * lockptr_X_destroy() runs X_destroy() and frees the lock. They
 * compile as C90 and later and as C++.
 */
#ifndef LOCKPTR_HELPERS_ULOCK_T
#define LOCKPTR_HELPERS_ULOCK_T

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
 * --lock-type ulock_t:ulock_init:ulock_destroy:ULOCK_ENOMEM
 * Init returns 0 on success; ULOCK_ENOMEM when the lock
 * cannot be allocated. Included after the type's declaration.
 * Destroy returns nothing: the lock is freed after it.
 */
/* The box of a ulock_t that a migrated member points at. */
struct lockptr_ulock_box {
	ulock_t lock;
	unsigned char heap;
};

/* Points *l at the lock of a new heap box; 0 when out of memory. */
LOCKPTR_INLINE int lockptr_ulock_alloc(ulock_t **l)
{
	struct lockptr_ulock_box *b;

	*l = NULL;
	b = (struct lockptr_ulock_box *)malloc(sizeof(*b));
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
LOCKPTR_INLINE void lockptr_ulock_release(ulock_t **l)
{
	void *lock = (void *)*l;
	struct lockptr_ulock_box *b = (struct lockptr_ulock_box *)lock;
	int saved = errno;

	if (b && b->heap)
		free((void *)b);
	*l = NULL;
	errno = saved;
}

/* After an init of *l that gave rc: the lock is kept when it succeeded. */
LOCKPTR_INLINE int lockptr_ulock_after_init(ulock_t **l, int rc)
{
	if (rc != 0)
		lockptr_ulock_release(l);
	return rc;
}

/* After a destroy of *l that gave rc: the lock goes when it succeeded. */
LOCKPTR_INLINE int lockptr_ulock_after_destroy(ulock_t **l, int rc)
{
	if (rc == 0)
		lockptr_ulock_release(l);
	return rc;
}

/* What an init wrapper's call gives when the box cannot be allocated: a
 * call, not a constant, so that `if (alloc ? ... : ENOMEM)` raises no
 * -Wint-in-bool-context. */
LOCKPTR_INLINE int lockptr_ulock_oom(int rc)
{
	return rc;
}

LOCKPTR_INLINE int lockptr_ulock_init(ulock_t **l, int recursive)
{
	if (!lockptr_ulock_alloc(l))
		return ULOCK_ENOMEM;
	return lockptr_ulock_after_init(l, ulock_init(*l, recursive));
}

LOCKPTR_INLINE void lockptr_ulock_destroy(ulock_t **l)
{
	if (!*l)
		return;
	ulock_destroy(*l);
	lockptr_ulock_release(l);
}
#endif
