#include <stdlib.h>
#include "thr.h"

struct pool {
	job_mutex_t mu;
	int jobs;
};

/* Near miss: a plain pthread mutex in the same file, migrated as usual. */
struct stats {
	pthread_mutex_t guard;
	long done;
};

struct pool *pool_new(void)
{
	struct pool *p = calloc(1, sizeof(*p));

	if (p && job_mutex_init(&p->mu, NULL)) {
		free(p);
		return NULL;
	}
	return p;
}

/* A copy: each snapshot would lock a mutex of its own. */
struct pool pool_snapshot(struct pool *p)
{
	struct pool s;

	job_mutex_lock(&p->mu);
	s = *p;
	job_mutex_unlock(&p->mu);
	return s;
}

void pool_add(struct pool *p)
{
	job_mutex_lock(&p->mu);
	p->jobs++;
	job_mutex_unlock(&p->mu);
}

void pool_free(struct pool *p)
{
	job_mutex_destroy(&p->mu);
	free(p);
}

void stats_init(struct stats *s)
{
	pthread_mutex_init(&s->guard, NULL);
}

struct stats stats_copy(struct stats *s)
{
	return *s;
}

void stats_fini(struct stats *s)
{
	pthread_mutex_destroy(&s->guard);
}
