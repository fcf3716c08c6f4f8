/* Under include/, but no install rule names it: the project's own. */
#ifndef PROJ_INTERNAL_H
#define PROJ_INTERNAL_H
#include <pthread.h>
#include "lockptr_locks.h"

struct internal {
	int n;
	pthread_mutex_t *lock;
};

#endif
