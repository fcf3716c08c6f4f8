#include "api.h"

void conn_init(conn_t *c, int fd)
{
	c->fd = fd;
	pthread_mutex_init(&c->wlock, NULL);
}
