#include "api.h"

int conn_send(conn_t *c, int byte)
{
	conn_t copy = *c;

	pthread_mutex_lock(&copy.wlock);
	copy.fd = byte;
	pthread_mutex_unlock(&copy.wlock);
	return copy.fd;
}
