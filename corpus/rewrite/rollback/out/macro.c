/* A macro reads the lock member by value: macro bodies are not rewritten,
 * the migrated code does not compile, and the unit is rolled back with the
 * compiler's message; the file keeps its bytes. */
#include <pthread.h>

#define LOCK_OF(s) ((s)->mu)

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
	pthread_mutex_t snapshot = LOCK_OF(c);

	(void)snapshot;
	return *c;
}
