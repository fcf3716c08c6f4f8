/* A macro hands the lock member's address to a call lockptr would have
 * to replace (an init): the unit is refused before any rewrite, with the
 * macro named. (A body that hands it to lock calls is rewritten.) */
#include <pthread.h>

#define LOCKED(s, stmt) do { \
	pthread_mutex_lock(&(s)->cmu); stmt; pthread_mutex_unlock(&(s)->cmu); \
} while (0)
#define COUNTER_SETUP(s) pthread_mutex_init(&(s)->cmu, NULL)

struct counter {
	pthread_mutex_t cmu;
	long n;
};

int counter_init(struct counter *c)
{
	c->n = 0;
	return COUNTER_SETUP(c);
}

struct counter counter_copy(struct counter *c)
{
	struct counter out;

	LOCKED(c, out = *c);
	return out;
}
