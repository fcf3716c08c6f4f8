#include <pthread.h>
#include "locks.h"

int mid_lock_init(pthread_mutex_t *m)
{
	int rc;

	rc = base_lock_init(m);
	return rc;
}
