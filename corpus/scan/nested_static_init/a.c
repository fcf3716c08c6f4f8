/* Nested and positional static initializers initialise the lock. */
#include <pthread.h>
struct s { pthread_mutex_t m; int v; };
struct w { struct s in; int x; };
struct arr { pthread_mutex_t locks[2]; };
static struct w gw = { { PTHREAD_MUTEX_INITIALIZER, 0 }, 1 };
static struct arr ga = { { PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER } };
