/* A macro takes the lock member's address: spatch cannot rewrite a macro
 * body, the migrated code does not compile, and the unit is rolled back
 * with the compiler's message; the file keeps its bytes. */
#include <pthread.h>

#define LOCKED(s, stmt) do { \
	pthread_mutex_lock(&(s)->mu); stmt; pthread_mutex_unlock(&(s)->mu); \
} while (0)

struct counter {
	pthread_mutex_t mu;
	long n;
};

int counter_init(struct counter *c)
{
	c->n = 0;
	return pthread_mutex_init(&c->mu, NULL);
}

struct counter counter_copy(struct counter *c)
{
	struct counter out;

	LOCKED(c, out = *c);
	return out;
}
