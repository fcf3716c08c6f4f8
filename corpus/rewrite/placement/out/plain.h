#include "lockptr_locks.h"
struct plain {
	pthread_mutex_t *m;
};
