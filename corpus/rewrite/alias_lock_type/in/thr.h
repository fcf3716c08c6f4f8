/* A project's own lock type: the lock itself in release builds, a pointer
 * to a lock its init allocates in debug builds (the project did the
 * migration by hand there). */
#ifndef THR_H
#define THR_H

#include <pthread.h>

#ifndef DEBUG_LOCKS
#define job_mutex_t pthread_mutex_t
#define job_mutex_init(m, a) pthread_mutex_init((m), (a))
#define job_mutex_destroy(m) pthread_mutex_destroy(m)
#define job_mutex_lock(m) pthread_mutex_lock(m)
#define job_mutex_unlock(m) pthread_mutex_unlock(m)
#else
#define job_mutex_t pthread_mutex_t *
int job_mutex_init(job_mutex_t *m, const pthread_mutexattr_t *a);
int job_mutex_destroy(job_mutex_t *m);
#define job_mutex_lock(m) pthread_mutex_lock(*(m))
#define job_mutex_unlock(m) pthread_mutex_unlock(*(m))
#endif

#endif
