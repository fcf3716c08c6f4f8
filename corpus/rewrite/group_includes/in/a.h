#ifndef A_H
#define A_H
#include <pthread.h>

struct a {
	pthread_mutex_t m;
	int n;
};

int a_init(struct a *x);
#endif
