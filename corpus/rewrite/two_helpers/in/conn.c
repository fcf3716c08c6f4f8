#include "conn.h"

int conn_init(struct conn *c)
{
	c->fd = -1;
	return pthread_mutex_init(&c->m, NULL);
}
