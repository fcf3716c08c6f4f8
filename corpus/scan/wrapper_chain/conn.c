#include <pthread.h>
#include "locks.h"

struct conn {
	pthread_mutex_t lock;
	int fd;
};

int conn_init(struct conn *c)
{
	c->fd = -1;
	return top_lock_init(&c->lock);
}
