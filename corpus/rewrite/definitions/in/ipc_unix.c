/* One tag, two platform files, two definitions: 'struct ipc.mu@ipc_unix.c'
 * is migrated here, in the only file that sees this definition. */
#include <pthread.h>

struct ipc {
	pthread_mutex_t mu;
	int fd;
};

int ipc_init(struct ipc *s)
{
	s->fd = -1;
	return pthread_mutex_init(&s->mu, NULL);
}

void ipc_free(struct ipc *s)
{
	pthread_mutex_destroy(&s->mu);
}

struct ipc ipc_snapshot(struct ipc *s)
{
	struct ipc copy;

	pthread_mutex_lock(&s->mu);
	copy = *s;
	pthread_mutex_unlock(&s->mu);
	return copy;
}
