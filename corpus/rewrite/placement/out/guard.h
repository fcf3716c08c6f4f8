/* A header whose include guard follows its opening comment. */
#ifndef GUARD_H
#define GUARD_H
#include "lockptr_locks.h"

struct guard {
	pthread_mutex_t *m;
};

#endif
