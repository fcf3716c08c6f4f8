#pragma once
#include "lockptr_locks.h"
/* A header with #pragma once and no guard. */

struct once {
	pthread_mutex_t *m;
};
