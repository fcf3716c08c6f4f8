/* A vendored library: another project's code. */
#ifndef RING_H
#define RING_H
#include <pthread.h>

struct ring {
	unsigned head, tail;
	pthread_mutex_t lock;
};

#endif
