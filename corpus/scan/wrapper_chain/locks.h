#ifndef LOCKS_H
#define LOCKS_H
#include <pthread.h>
int base_lock_init(pthread_mutex_t *m);
int mid_lock_init(pthread_mutex_t *m);
#define top_lock_init(m) mid_lock_init(m)
#endif
