/* A project lock alias: the lock itself in release builds, a pointer to a
 * heap lock in checked builds (set up and torn down by the two helpers). */
#ifndef LOCKDEF_H
#define LOCKDEF_H
#include <pthread.h>

#if defined(CHECKED_BUILD) && CHECKED_BUILD >= 1
#define app_mutex_t pthread_mutex_t *
int app_mutex_init(app_mutex_t *m);
int app_mutex_fini(app_mutex_t *m);
#else
#define app_mutex_t pthread_mutex_t
#define app_mutex_init(m) pthread_mutex_init((m), NULL)
#define app_mutex_fini(m) pthread_mutex_destroy(m)
#endif
#endif
