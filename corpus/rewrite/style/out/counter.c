#include "counter.h"

int counter_init(struct counter *c)
{
    c->n = 0;
    return lockptr_pthread_mutex_init(&c->lock, NULL);
}

struct counter counter_snapshot(const struct counter *c)
{
    return *c;
}

long counter_add(struct counter *c, long k)
{
    long n;

    pthread_mutex_lock(c->lock);
    n = c->n += k;
    pthread_mutex_unlock(c->lock);
    return n;
}
