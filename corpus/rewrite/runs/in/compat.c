#include "compat.h"

/* Returns what pthread_mutex_init returns, through a variable. */
int q_mutex_init(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;
	int rc;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	rc = pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	return rc;
}

void q_cond_init(pthread_cond_t *c)
{
	pthread_cond_init(c, NULL);
}

void q_cond_fini(pthread_cond_t *c)
{
	pthread_cond_destroy(c);
}
