/* The project's own lock API: a macro wrapper and function wrappers. */
#ifndef COMPAT_H
#define COMPAT_H
#include <pthread.h>

#define q_mutex_destroy(m) pthread_mutex_destroy(m)

int q_mutex_init(pthread_mutex_t *m);
void q_cond_init(pthread_cond_t *c);
void q_cond_fini(pthread_cond_t *c);
#endif
