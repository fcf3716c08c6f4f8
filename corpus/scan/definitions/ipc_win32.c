/* The other platform's definition (pthreads here too, so that the corpus
 * compiles on this machine). Never copied: its unit is not copied, and
 * the other file's init is not its init: it is refused as never
 * initialised. */
#include <pthread.h>

struct ipc {
	pthread_mutex_t mu;
	void *handle;
};

void ipc_lock(struct ipc *s)
{
	pthread_mutex_lock(&s->mu);
	s->handle = 0;
}
