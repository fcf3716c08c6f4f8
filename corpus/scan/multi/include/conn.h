/* The lock-holding struct, in a header. */
#ifndef CONN_H
#define CONN_H
#include <pthread.h>

struct conn {
	int fd;
	pthread_mutex_t wlock;
};
#endif
