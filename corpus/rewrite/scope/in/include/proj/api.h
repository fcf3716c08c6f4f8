/* The project's installed interface: its layout is the ABI. */
#ifndef PROJ_API_H
#define PROJ_API_H
#include <pthread.h>

struct api {
	int users;
	pthread_mutex_t lock;
};

#endif
