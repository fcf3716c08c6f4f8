/* A member reached through a macro's cast (FIELDS(l)->metrics.lock in
 * loop.c): spatch cannot type it, so the rewrite misses it. loop.c names
 * neither struct, but it names the member and includes a header that
 * names a holder: it is compiled, fails, and the unit is rolled back. */
#ifndef METRICS_H
#define METRICS_H

#include <pthread.h>

struct metrics {
	pthread_mutex_t mlock;
	long n;
};

int metrics_init(struct metrics *m);

#endif
