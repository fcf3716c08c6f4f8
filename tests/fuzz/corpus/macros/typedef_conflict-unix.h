#include <pthread.h>
typedef pthread_mutex_t my_mutex_t;
