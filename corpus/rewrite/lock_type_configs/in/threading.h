/* A project's own threading layer, three ways: with MT and LEVEL 0 the
 * pthread lock itself; with MT and LEVEL >= 1 a pointer to a lock that its
 * own init allocates (checked calls, for debugging); without MT an int
 * whose calls do nothing and whose destroy is a void expression. */
#ifndef THREADING_H
#define THREADING_H

#if defined(MT) && (!defined(LEVEL) || LEVEL == 0)
#include <pthread.h>
#define my_mutex_t pthread_mutex_t
#define my_mutex_init(a, b) pthread_mutex_init((a), (b))
#define my_mutex_destroy(a) pthread_mutex_destroy((a))
#define my_mutex_lock(a) pthread_mutex_lock((a))
#define my_mutex_unlock(a) pthread_mutex_unlock((a))
#elif defined(MT)
#include <pthread.h>
#define my_mutex_t pthread_mutex_t *
int my_mutex_init(my_mutex_t *m, const pthread_mutexattr_t *a);
int my_mutex_destroy(my_mutex_t *m);
#define my_mutex_lock(a) pthread_mutex_lock(*(a))
#define my_mutex_unlock(a) pthread_mutex_unlock(*(a))
#else
#include <stddef.h>
#include <sys/types.h>
typedef int my_mutex_t;
int my_mutex_nop(my_mutex_t *a, const void *b);
#define my_mutex_init(a, b) my_mutex_nop((a), (b))
#define my_mutex_destroy(a) ((void)(a))
#define my_mutex_lock(a) ((void)(a))
#define my_mutex_unlock(a) ((void)(a))
#endif

#endif
