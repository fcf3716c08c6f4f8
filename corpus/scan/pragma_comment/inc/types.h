#ifndef TYPES_H
#define TYPES_H

#include <pthread.h>

typedef struct ctx_s ctx_t;

typedef struct {
	pthread_mutex_t m;
	long n;
} ser_t;

#endif
