#include "pool.h"

int pool_init(struct pool *p)
{
	p->q.n = 0;
	p->s.hits = 0;
	if (pthread_mutex_init(&p->q.mutex, NULL) != 0)
		return -1;
	if (pthread_cond_init(&p->q.cond, NULL) != 0)
		return -1;
	if (pthread_mutex_init(&p->s.mutex, NULL) != 0)
		return -1;
	return 0;
}

void pool_destroy(struct pool *p)
{
	pthread_mutex_destroy(&p->s.mutex);
	pthread_cond_destroy(&p->q.cond);
	pthread_mutex_destroy(&p->q.mutex);
}

static void lock_both(pthread_mutex_t *a, pthread_mutex_t *b)
{
	pthread_mutex_lock(a);
	pthread_mutex_lock(b);
}

void pool_put(struct pool *p)
{
	struct queue *q = &p->q;
	struct stats *s = &p->s;

	/* One line naming both: each unit changes its own expression. */
	lock_both(&q->mutex, &s->mutex);
	q->n++;
	s->hits++;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&s->mutex);
	pthread_mutex_unlock(&q->mutex);
}
