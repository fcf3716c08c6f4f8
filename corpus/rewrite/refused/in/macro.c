/* A macro takes the lock member's address: spatch does not rewrite macro
 * bodies, so the unit is refused before any rewrite, with the macro named. */
#include <pthread.h>

#define LOCKED(s, stmt) do { \
	pthread_mutex_lock(&(s)->cmu); stmt; pthread_mutex_unlock(&(s)->cmu); \
} while (0)

struct counter {
	pthread_mutex_t cmu;
	long n;
};

int counter_init(struct counter *c)
{
	c->n = 0;
	return pthread_mutex_init(&c->cmu, NULL);
}

struct counter counter_copy(struct counter *c)
{
	struct counter out;

	LOCKED(c, out = *c);
	return out;
}
