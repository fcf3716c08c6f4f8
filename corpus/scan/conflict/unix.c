/* The same tag, defined differently in two files (as platform variants
 * do): the two are never merged into one unit. */
#include <pthread.h>

struct ipc_state {
	pthread_mutex_t mu;
	int fd;
};

void ipc_init(struct ipc_state *s)
{
	pthread_mutex_init(&s->mu, NULL);
	s->fd = -1;
}
