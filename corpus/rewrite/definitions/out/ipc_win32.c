/* The near miss: the other platform's definition of struct ipc (pthreads
 * here too, so that the corpus compiles on this machine). Its lock is
 * never initialised in the files that see it, so its unit is refused, and
 * the migration of ipc_unix.c's definition must not touch this file,
 * though the rewrite patches match 'struct ipc' by name. */
#include <pthread.h>

struct ipc {
	pthread_mutex_t mu;
	void *handle;
};

void ipc_poke(struct ipc *s)
{
	pthread_mutex_lock(&s->mu);
	s->handle = 0;
	pthread_mutex_unlock(&s->mu);
}
