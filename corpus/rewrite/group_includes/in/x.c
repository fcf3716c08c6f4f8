#include "a.h"

/* Names ready, and reaches the helper header through a.h once the unit
 * of a's lock has migrated: the unit of the condition variable in b.h,
 * which adds to that header, compiles this file too, in a group as one
 * by one. */
int x_count(struct a *x)
{
	int ready;

	pthread_mutex_lock(&x->m);
	ready = x->n;
	pthread_mutex_unlock(&x->m);
	return ready;
}

struct a a_copy(const struct a *x)
{
	return *x;
}
