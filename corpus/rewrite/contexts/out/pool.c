#include <errno.h>

#include "pool.h"

int pool_init(struct pool *p, pthread_mutex_t *shared)
{
	int rc;

	if (lockptr_pthread_mutex_init(&p->mu, NULL) != 0)
		return -1;
	rc = lockptr_pthread_rwlock_init(&p->rw, NULL);
	if (rc)
		return rc;
	lockptr_pthread_spin_init(&p->spin, PTHREAD_PROCESS_PRIVATE);
	if ((rc = lockptr_pthread_cond_init(&p->cv, NULL)) != 0)
		return rc;
	lockptr_pthread_barrier_init(&p->bar, NULL, 2);
	if (lockptr_mtx_init(&p->cmu, mtx_plain) != thrd_success)
		return ENOMEM;
	if (lockptr_cnd_init(&p->ccv) == thrd_nomem)
		return ENOMEM;
	p->lock = 0;
	p->already = shared;
	return lockptr_sem_init(&p->sem, 0, 1);
}

int pool_fini(struct pool *p)
{
	int rc = lockptr_pthread_mutex_destroy(&p->mu);

	lockptr_pthread_rwlock_destroy(&p->rw);
	lockptr_pthread_spin_destroy(&p->spin);
	if (lockptr_pthread_cond_destroy(&p->cv) != 0)
		rc = -1;
	lockptr_pthread_barrier_destroy(&p->bar);
	lockptr_mtx_destroy(&p->cmu);
	lockptr_cnd_destroy(&p->ccv);
	lockptr_sem_destroy(&p->sem);
	return rc;
}

struct pool pool_snapshot(const struct pool *p)
{
	return *p;
}

static int work(struct pool *p)
{
	int n = 0;

	pthread_mutex_lock(p->mu);
	pthread_rwlock_rdlock((p)->rw);
	pthread_spin_lock(p->spin);
	n += p->lock;
	pthread_spin_unlock(p->spin);
	pthread_rwlock_unlock(p->rw);
	pthread_cond_signal(p->cv);
	pthread_mutex_unlock(p->mu);
	pthread_barrier_wait(p->bar);
	mtx_lock(p->cmu);
	cnd_signal(p->ccv);
	mtx_unlock(p->cmu);
	sem_post(p->sem);
	pthread_mutex_lock(p->already);
	pthread_mutex_unlock(p->already);
	return n;
}

void other_use(struct other *o)
{
	pthread_mutex_lock(&o->mu);
	pthread_mutex_unlock(&o->mu);
}

int run(struct pool *p)
{
	return work(p);
}
