/*
 * lockptr_my_lock_t.h: written by lockptr when it migrated my_lock_t members
 * from values to pointers, so that every copy of a struct shares one
 * lock. lockptr_X_init() allocates the lock and runs X_init() on it;
 * lockptr_X_destroy() runs X_destroy() and frees the lock. They
 * compile as C90 and later and as C++.
 */
#ifndef LOCKPTR_HELPERS_MY_LOCK_T
#define LOCKPTR_HELPERS_MY_LOCK_T

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
 * --lock-type my_lock_t:my_lock_init:my_lock_destroy:-12
 * Init returns 0 on success; -12 when the lock
 * cannot be allocated. Included after the type's declaration.
 * Destroy returns nothing: the lock is freed after it.
 */
/* The box of a my_lock_t that a migrated member points at. */
struct lockptr_my_lock_box {
	my_lock_t lock;
	unsigned char heap;
};

/* Points *l at the lock of a new heap box; 0 when out of memory. */
LOCKPTR_INLINE int lockptr_my_lock_alloc(my_lock_t **l)
{
	struct lockptr_my_lock_box *b;

	*l = NULL;
	b = (struct lockptr_my_lock_box *)malloc(sizeof(*b));
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
LOCKPTR_INLINE void lockptr_my_lock_release(my_lock_t **l)
{
	void *lock = (void *)*l;
	struct lockptr_my_lock_box *b = (struct lockptr_my_lock_box *)lock;
	int saved = errno;

	if (b && b->heap)
		free((void *)b);
	*l = NULL;
	errno = saved;
}

/* After an init of *l that gave rc: the lock is kept when it succeeded. */
LOCKPTR_INLINE int lockptr_my_lock_after_init(my_lock_t **l, int rc)
{
	if (rc != 0)
		lockptr_my_lock_release(l);
	return rc;
}

/* After a destroy of *l that gave rc: the lock goes when it succeeded. */
LOCKPTR_INLINE int lockptr_my_lock_after_destroy(my_lock_t **l, int rc)
{
	if (rc == 0)
		lockptr_my_lock_release(l);
	return rc;
}

/* What an init wrapper's call gives when the box cannot be allocated: a
 * call, not a constant, so that `if (alloc ? ... : ENOMEM)` raises no
 * -Wint-in-bool-context. */
LOCKPTR_INLINE int lockptr_my_lock_oom(int rc)
{
	return rc;
}

LOCKPTR_INLINE int lockptr_my_lock_init(my_lock_t **l)
{
	if (!lockptr_my_lock_alloc(l))
		return -12;
	return lockptr_my_lock_after_init(l, my_lock_init(*l));
}

LOCKPTR_INLINE void lockptr_my_lock_destroy(my_lock_t **l)
{
	if (!*l)
		return;
	my_lock_destroy(*l);
	lockptr_my_lock_release(l);
}
#endif
