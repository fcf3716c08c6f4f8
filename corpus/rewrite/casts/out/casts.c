/* Casts of a lock's address: init and destroy lose them (their helpers
 * take a pointer to the member), the other calls keep them, around the
 * member itself. */
#include <pthread.h>
#include "lockptr_locks.h"

struct box {
	pthread_mutex_t *m;
	pthread_cond_t *c;
	int n;
};

int box_init(struct box *x)
{
	int rc = lockptr_pthread_mutex_init(&x->m, NULL);

	if (rc)
		return rc;
	return lockptr_pthread_cond_init(&x->c, NULL);
}

void box_fini(struct box *x)
{
	lockptr_pthread_cond_destroy(&x->c);
	lockptr_pthread_mutex_destroy(&x->m);
}

void box_wait(struct box *x)
{
	pthread_mutex_lock((pthread_mutex_t *) x->m);
	while (!x->n)
		pthread_cond_wait((pthread_cond_t *) x->c, x->m);
	pthread_mutex_unlock(x->m);
}

struct box box_copy(const struct box *x)
{
	return *x;
}
