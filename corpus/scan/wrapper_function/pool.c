/* Function wrappers: one returns the init's result directly, one through
 * a variable, one returns something else. Each member they initialise is
 * refused until lockptr migrates through wrappers; the member initialised
 * directly (near miss) is not. */
#include <pthread.h>
#include <stdio.h>

static int lock_init(pthread_mutex_t *m)
{
	return pthread_mutex_init(m, NULL);
}

static int cond_init_logged(pthread_cond_t *c)
{
	int rc = pthread_cond_init(c, NULL);

	if (rc != 0)
		fprintf(stderr, "cond init: %d\n", rc);
	return rc;
}

static int rw_init_bool(pthread_rwlock_t *l)
{
	if (pthread_rwlock_init(l, NULL) != 0)
		return 0;
	return 1;
}

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t ready;
	pthread_rwlock_t rw;
	pthread_mutex_t plain;
	int n;
};

int pool_init(struct pool *p)
{
	if (lock_init(&p->mu) != 0)
		return -1;
	if (cond_init_logged(&p->ready) != 0)
		return -1;
	if (!rw_init_bool(&p->rw))
		return -1;
	return pthread_mutex_init(&p->plain, NULL);
}
