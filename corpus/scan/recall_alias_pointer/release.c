/* The release build of the same project: here app_mutex_t is the lock
 * itself, so struct counter holds one by value and count_of() copies it. */
#include "lockdef.h"

struct counter {
	app_mutex_t mut;
	long n;
};

static long count_of(struct counter c)
{
	return c.n;
}

long counter_read(struct counter *c)
{
	long n;

	pthread_mutex_lock(&c->mut);
	n = count_of(*c);
	pthread_mutex_unlock(&c->mut);
	return n;
}

int counter_setup(struct counter *c)
{
	c->n = 0;
	return app_mutex_init(&c->mut);
}
