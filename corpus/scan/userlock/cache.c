#include "mylock.h"

struct cache {
	my_lock_t guard;
	int size;
};

int my_lock_init(my_lock_t *l)
{
	return pthread_mutex_init(&l->impl, NULL);
}

void cache_init(struct cache *c)
{
	my_lock_init(&c->guard);
	c->size = 0;
}

struct cache cache_copy(struct cache *c)
{
	return *c;
}
