/* Parenthesised members, as some projects write them. */
#include "pool.h"

int pool_reinit(struct pool *p)
{
	pthread_mutex_destroy(&(p->mu));
	if (pthread_mutex_init(&(p->mu), NULL) != 0)
		return -1;
	pthread_mutex_lock(&(p->mu));
	pthread_mutex_unlock(&(p->mu));
	return 0;
}
