#include "api.h"

int conn_init(conn_t *c, int fd)
{
	c->fd = fd;
	return pthread_mutex_init(&c->wlock, NULL);
}

void conn_close(conn_t *c)
{
	pthread_mutex_destroy(&c->wlock);
	c->fd = -1;
}
