#ifndef B_H
#define B_H
#include <pthread.h>

struct signal {
	pthread_cond_t ready;
	int k;
};

int signal_init(struct signal *y);
#endif
