#include "metrics.h"

int metrics_init(struct metrics *m)
{
	m->n = 0;
	return pthread_mutex_init(&m->mlock, NULL);
}

int metrics_fini(struct metrics *m)
{
	return pthread_mutex_destroy(&m->mlock);
}
