/* Lock and unlock macros that take a member's address in their bodies:
 * the project's own lock API, spelled as macros. */
#ifndef STATS_H
#define STATS_H

#include <pthread.h>

struct counters {
	pthread_mutex_t mutex;
	long hits;
};

struct worker {
	struct counters stats;
	pthread_mutex_t qlock;
	pthread_cond_t qcond;
	int pending;
};

/* Reached through a member of another struct. */
#define STATS_LOCK(w) pthread_mutex_lock(&(w)->stats.mutex)
#define STATS_UNLOCK(w) pthread_mutex_unlock(&(w)->stats.mutex)

/* Two locks in one call, over continuation lines. */
#define WAIT_WORK(w) \
	do { \
		while (!(w)->pending) \
			pthread_cond_wait(&(w)->qcond, \
					  &(w)->qlock); \
	} while (0)

/* A body spatch 1.1.1 does not parse (a goto): its '&' goes by text. */
#define Q_FAIL(w, label) \
	do { \
		pthread_mutex_unlock(&(w)->qlock); \
		goto label; \
	} while (0)

#define Q_LOCK(w) pthread_mutex_lock(&w->qlock);
#define Q_UNLOCK(w) pthread_mutex_unlock(&w->qlock);

void worker_init(struct worker *w);
void worker_fini(struct worker *w);
void worker_hit(struct worker *w);
int worker_pop(struct worker *w);

#endif
