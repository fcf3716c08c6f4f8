/* The lock type's header comes inside #ifdef MT, after the includes every
 * configuration has: the helper of a --lock-type must follow it. */
#include <stdlib.h>
#include <string.h>
#include "counter.h"

#ifdef MT

#include "threading.h"
#include "lockptr_my_mutex_t.h"

struct counter {
	my_mutex_t *mutex;
	long total;
	long adds;
};

counter_t *counter_create(void)
{
	counter_t *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	if (lockptr_my_mutex_init(&c->mutex, NULL)) {
		free(c);
		return NULL;
	}
	return c;
}

void counter_free(counter_t *c)
{
	lockptr_my_mutex_destroy(&c->mutex);
	free(c);
}

void counter_add(counter_t *c, long n)
{
	my_mutex_lock(c->mutex);
	c->total += n;
	c->adds++;
	my_mutex_unlock(c->mutex);
}

static struct lockptr_my_mutex_box lockptr_idle_mutex;
/* A zeroed static of this definition: its member gets a zeroed lock of
 * its own until an init runs. */
static struct counter idle = {
	.mutex = &lockptr_idle_mutex.lock,
};

long counter_idle(void)
{
	return idle.total;
}

/* Clears the counter but keeps its lock: saved by value around the memset. */
long counter_take(counter_t *c)
{
	long total;

	my_mutex_lock(c->mutex);
	total = c->total;
	{
		my_mutex_t *const mutex = c->mutex;

		memset(c, 0, sizeof(*c));
		c->mutex = mutex;
	}
	my_mutex_unlock(c->mutex);
	return total;
}

#else

/* The same tag defined again: the static below is of this definition,
 * which has no lock, and gets no initializer. */
struct counter {
	long total;
};

static struct counter g_spare;

long counter_idle(void)
{
	return g_spare.total;
}

counter_t *counter_create(void)
{
	return calloc(1, sizeof(counter_t));
}

void counter_free(counter_t *c)
{
	free(c);
}

void counter_add(counter_t *c, long n)
{
	c->total += n;
}

long counter_take(counter_t *c)
{
	long total = c->total;

	c->total = 0;
	return total;
}

#endif
