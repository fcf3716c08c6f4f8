#include <pthread.h>
#include "lockptr_locks.h"

/* Set by a macro initializer only: refused, and the reason names the
 * macro, not zeroed memory. */
struct q {
	int n;
	pthread_mutex_t _mutex;
};
#define Q_INITIALIZER { 0, ._mutex = PTHREAD_MUTEX_INITIALIZER }

/* Initialised inside a function, as part of an automatic object of an
 * enclosing type: refused as an initializer inside a function, never
 * called static. */
struct inner {
	pthread_mutex_t m;
};
struct outer {
	struct inner in;
	int k;
};

/* A compound literal inside a function initialises the lock: refused up
 * front, not rewritten and rolled back. */
struct lit {
	int n;
	pthread_mutex_t m;
};

/* Near miss: initialised by a call, migrated. */
struct ok {
	pthread_mutex_t *m;
};
