#include <pthread.h>

typedef pthread_mutex_t my_lock_t;
