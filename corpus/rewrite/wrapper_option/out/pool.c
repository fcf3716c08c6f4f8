/* lk_setup() returns 0 or -1, not pthread_mutex_init()'s result: lockptr
 * cannot read it alone, and --init-wrapper lk_setup:-1 (args) says what a
 * failed allocation should give. lk_fresh() has no such option (near
 * miss): its unit stays refused, with the way out in the reason. */
#include <pthread.h>
#include <stdlib.h>
#include "lockptr_locks.h"

static int lk_setup(pthread_mutex_t *m)
{
	return pthread_mutex_init(m, NULL) ? -1 : 0;
}

static long lk_fresh(pthread_rwlock_t *l)
{
	return pthread_rwlock_init(l, NULL) == 0 ? 1L : 0L;
}

struct pool {
	pthread_mutex_t *mu;
	pthread_rwlock_t rw;
	int n;
};

int pool_init(struct pool *p)
{
	if ((lockptr_pthread_mutex_alloc(&p->mu) ? lockptr_pthread_mutex_after_init(&p->mu, lk_setup(p->mu)) : lockptr_pthread_mutex_oom(-1)) < 0)
		return -1;
	if (!lk_fresh(&p->rw))
		return -1;
	p->n = 0;
	return 0;
}

void pool_fini(struct pool *p)
{
	lockptr_pthread_mutex_destroy(&p->mu);
	pthread_rwlock_destroy(&p->rw);
}

struct pool pool_copy(const struct pool *p)
{
	return *p;
}

int pool_count(struct pool *p)
{
	int n;

	pthread_mutex_lock(p->mu);
	n = p->n;
	pthread_mutex_unlock(p->mu);
	return n;
}
