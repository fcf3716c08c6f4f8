/* Copies into locals whose initializer spatch cannot type (the struct of
 * `o` is declared nowhere it reads): the declared type decides. Not a
 * copy: an int from the same object, nor a lock's static initializer
 * (a macro spatch does not expand). (`broken`: this file does not
 * compile on purpose, struct elsewhere is incomplete.) */
#include <pthread.h>

static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;

struct job {
	int n;
	pthread_mutex_t mu;
};

int job_init(struct job *j)
{
	return pthread_mutex_init(&j->mu, NULL);
}

void f(struct elsewhere *o)
{
	pthread_mutex_t const a = o->mu;
	pthread_mutex_t b = o->mu;
	struct job c = *o->j;
	int k = o->n;

	o->n = c.n + k + (int)sizeof(a) + (int)sizeof(b) + (int)sizeof(global_lock);
}
