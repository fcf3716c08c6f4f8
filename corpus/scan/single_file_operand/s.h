#include <pthread.h>
struct s { pthread_mutex_t m; int v; };
