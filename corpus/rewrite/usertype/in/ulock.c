#include "ulock.h"

int ulock_init(ulock_t *l, int recursive)
{
	pthread_mutexattr_t a;
	int rc;

	if ((rc = pthread_mutexattr_init(&a)) != 0)
		return -rc;
	if (recursive)
		pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	rc = pthread_mutex_init(&l->m, &a);
	pthread_mutexattr_destroy(&a);
	l->owner = 0;
	return -rc;
}

void ulock_destroy(ulock_t *l)
{
	pthread_mutex_destroy(&l->m);
}

int ulock_lock(ulock_t *l)
{
	return -pthread_mutex_lock(&l->m);
}

int ulock_unlock(ulock_t *l)
{
	return -pthread_mutex_unlock(&l->m);
}

int usem_init(usem_t *s, unsigned int n)
{
	s->count = (int)n;
	return 0;
}

int usem_destroy(usem_t *s)
{
	s->count = -1;
	return 0;
}
