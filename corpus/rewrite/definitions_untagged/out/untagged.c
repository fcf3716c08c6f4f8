/* Another program: an untagged struct with the same typedef name and
 * other members. Each definition is a unit of its own; this one's
 * patches must match the untagged struct. */
#include <pthread.h>
#include "lockptr_locks.h"

typedef struct {
	pthread_mutex_t *guard;
	long delay;
} job_cfg;

static job_cfg copy_of(job_cfg *c)
{
	return *c;
}

long untagged_run(void)
{
	job_cfg c, d;

	c.delay = 1;
	if (lockptr_pthread_mutex_init(&c.guard, NULL))
		return -1;
	d = copy_of(&c);
	/* d's guard is a mutex of its own: no exclusion with c's users. */
	pthread_mutex_lock(d.guard);
	c.delay++;
	pthread_mutex_unlock(d.guard);
	lockptr_pthread_mutex_destroy(&c.guard);
	return c.delay;
}
