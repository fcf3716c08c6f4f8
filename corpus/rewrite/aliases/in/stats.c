#include <stddef.h>

#include "locks.h"

struct stats {
	plain_mutex lock;
	long hits;
};

struct cache {
	cfg_mutex_t guard;
	trace_cond_t ready;
	int *slots; /* shared by every copy */
};

int stats_init(struct stats *s)
{
	s->hits = 0;
	return pthread_mutex_init(&s->lock, NULL);
}

int cache_init(struct cache *c, int *slots)
{
	int rc;

	c->slots = slots;
	if ((rc = pthread_mutex_init(&c->guard, NULL)) != 0)
		return rc;
	return pthread_cond_init(&c->ready, NULL);
}

void cache_fini(struct cache *c)
{
	pthread_cond_destroy(&c->ready);
	pthread_mutex_destroy(&c->guard);
}

/* Copies: each snapshot gets locks of its own. */
struct stats stats_snapshot(struct stats *s)
{
	return *s;
}

struct cache cache_snapshot(const struct cache *c)
{
	return *c;
}

long stats_hit(struct stats *s)
{
	long n;

	pthread_mutex_lock(&s->lock);
	n = ++s->hits;
	pthread_mutex_unlock(&s->lock);
	return n;
}

int cache_get(struct cache *c, int i)
{
	int v;

	pthread_mutex_lock(&c->guard);
	while (!c->slots[i])
		pthread_cond_wait(&c->ready, &c->guard);
	v = c->slots[i];
	pthread_mutex_unlock(&c->guard);
	return v;
}
