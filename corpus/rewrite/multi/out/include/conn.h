/* The struct in a header, its typedef in a header of headers, used by two
 * .c files that never name the lock type. */
#ifndef CONN_H
#define CONN_H
#include <pthread.h>
#include "lockptr_locks.h"

struct conn {
	int fd;
	pthread_mutex_t *wlock;
};
#endif
