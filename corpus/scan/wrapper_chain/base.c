/* A wrapper of a wrapper of a wrapper, each in its own file. */
#include <pthread.h>
#include "locks.h"

int base_lock_init(pthread_mutex_t *m)
{
	return pthread_mutex_init(m, NULL);
}
