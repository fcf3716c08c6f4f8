/* c.h: a third program's own struct worker, with a lock */
#include <pthread.h>
struct worker {
    pthread_mutex_t big_lock;
    long jobs;
};
