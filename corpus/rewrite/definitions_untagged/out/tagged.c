/* One program: a tagged struct behind the typedef name job_cfg. */
#include <pthread.h>
#include "lockptr_locks.h"

typedef struct job_cfg {
	pthread_mutex_t *guard;
	int runs;
} job_cfg;

int tagged_run(void)
{
	job_cfg c;

	c.runs = 0;
	if (lockptr_pthread_mutex_init(&c.guard, NULL))
		return -1;
	pthread_mutex_lock(c.guard);
	c.runs++;
	pthread_mutex_unlock(c.guard);
	lockptr_pthread_mutex_destroy(&c.guard);
	return c.runs;
}
