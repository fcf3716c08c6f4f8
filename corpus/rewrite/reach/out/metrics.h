/* Files that reach the member without naming its struct or any lock
 * type: loop.c through a macro's cast (FIELDS(l)->metrics.mlock), repo.c
 * through another struct (r->stats->mlock). Both name the member and
 * include a header that names a holder: they are rewritten and verified. */
#ifndef METRICS_H
#define METRICS_H

#include <pthread.h>
#include "lockptr_locks.h"

struct metrics {
	pthread_mutex_t *mlock;
	long n;
};

int metrics_init(struct metrics *m);
int metrics_fini(struct metrics *m);

#endif
