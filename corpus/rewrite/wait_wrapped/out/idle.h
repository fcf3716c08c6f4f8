#ifndef IDLE_H
#define IDLE_H
#include <pthread.h>
#include <time.h>
#include "lockptr_locks.h"

/* One condition variable waited on with two mutexes (fio's idletime.c). */
struct idle_thread {
	pthread_cond_t *cond;
	pthread_mutex_t *init_lock;
	pthread_mutex_t *start_lock;
	int state;
};

int idle_init(struct idle_thread *t);
void idle_wait(struct idle_thread *t);
struct idle_thread idle_copy(const struct idle_thread *t);
#endif
