#ifndef POOL_H
#define POOL_H
#include <pthread.h>
#include "lockptr_locks.h"

/* Two types whose locks have the same name, as in most projects: a
 * group's pass changes lines that look alike for both. */
struct queue {
	pthread_mutex_t *mutex;
	pthread_cond_t *cond;
	int n;
};

struct stats {
	pthread_mutex_t *mutex;
	long hits;
};

struct pool {
	struct queue q;
	struct stats s;
};

int pool_init(struct pool *p);
void pool_destroy(struct pool *p);
void pool_put(struct pool *p);
long pool_hits(struct pool *p);
struct stats stats_copy(struct pool *p);
#endif
