#include "loop.h"

void loop_count(struct loop *l)
{
	pthread_mutex_lock(FIELDS(l)->metrics.mlock);
	FIELDS(l)->metrics.n++;
	pthread_mutex_unlock(FIELDS(l)->metrics.mlock);
}
