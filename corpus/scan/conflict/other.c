#include <pthread.h>

struct ipc_state {
	pthread_mutex_t mu;
	void *handle;
};

void ipc_init2(struct ipc_state *s)
{
	pthread_mutex_init(&s->mu, NULL);
	s->handle = 0;
}
