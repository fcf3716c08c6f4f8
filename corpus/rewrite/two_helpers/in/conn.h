/* Two directories, two lockptr_locks.h with different families, one
 * translation unit that includes both (lib/stream.c). */
#ifndef CONN_H
#define CONN_H

#include <pthread.h>

struct conn {
	pthread_mutex_t m;
	int fd;
};

int conn_init(struct conn *c);

#endif
