#include "pool.h"

long pool_hits(struct pool *p)
{
	long n;

	pthread_mutex_lock(&p->s.mutex);
	n = p->s.hits;
	pthread_mutex_unlock(&p->s.mutex);
	return n;
}

/* A copy of a type that holds a lock: why these are units. */
struct stats stats_copy(struct pool *p)
{
	struct stats c;

	pthread_mutex_lock(&p->s.mutex);
	c = p->s;
	pthread_mutex_unlock(&p->s.mutex);
	return c;
}

int queue_wait(struct queue *q)
{
	int n;

	pthread_mutex_lock(&q->mutex);
	while (q->n == 0)
		pthread_cond_wait(&q->cond, &q->mutex);
	n = --q->n;
	pthread_mutex_unlock(&q->mutex);
	return n;
}
