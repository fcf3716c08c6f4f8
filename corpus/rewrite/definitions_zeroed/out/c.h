/* c.h: a third program's own struct worker, with a lock */
#include <pthread.h>
#include "lockptr_locks.h"
struct worker {
    pthread_mutex_t *big_lock;
    long jobs;
};
