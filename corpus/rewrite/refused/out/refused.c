/* Units that are refused, each with its reason, and left as they are: an
 * initializer inside a function, a lock in anonymous structs nested two
 * deep, a process-shared lock. */
#include <pthread.h>

struct automatic {
	pthread_mutex_t mu;
};

struct nested {
	struct {
		struct {
			pthread_spinlock_t sl;
		} deep;
	} in;
};

struct shared {
	pthread_mutex_t mu;
};

struct automatic auto_copy(void)
{
	struct automatic a = { .mu = PTHREAD_MUTEX_INITIALIZER };

	return a;
}

struct nested nested_copy(struct nested *n)
{
	pthread_spin_init(&n->in.deep.sl, 0);
	return *n;
}

struct shared shared_copy(struct shared *s)
{
	pthread_mutexattr_t at;

	pthread_mutexattr_init(&at);
	pthread_mutexattr_setpshared(&at, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&s->mu, &at);
	return *s;
}
