/* One tag, two platform files, two definitions (git's struct
 * ipc_server_data in ipc-unix-socket.c and ipc-win32.c): two units,
 * struct ipc.mu@ipc_unix.c and struct ipc.mu@ipc_win32.c. Only this one
 * is copied; the copy is this definition's, not the other's. */
#include <pthread.h>

struct ipc {
	pthread_mutex_t mu;
	int fd;
};

void ipc_init(struct ipc *s)
{
	pthread_mutex_init(&s->mu, NULL);
	s->fd = -1;
}

struct ipc ipc_snapshot(const struct ipc *s)
{
	return *s;
}
