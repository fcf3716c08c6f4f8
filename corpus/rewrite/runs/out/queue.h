#ifndef QUEUE_H
#define QUEUE_H
#include <pthread.h>
#include "lockptr_locks.h"

/* A work queue: set up through the project's wrappers, copied by value
 * into snapshots (the copy must share the lock). */
struct queue {
	pthread_mutex_t *mu;
	pthread_cond_t *ready;
	int *items;
	int n;
};

/* A counter: one static instance with a static initializer, others on
 * the heap, destroyed. */
struct counter {
	pthread_mutex_t *lock;
	long value;
};

/* A registry: one zeroed static instance, set up by registry_init(). */
struct registry {
	pthread_mutex_t *guard;
	int entries;
};

int queue_init(struct queue *q, int *items);
void queue_fini(struct queue *q);
struct queue queue_snapshot(struct queue *q);
#endif
