#include "stats.h"

void worker_init(struct worker *w)
{
	pthread_mutex_init(&w->stats.mutex, NULL);
	pthread_mutex_init(&w->qlock, NULL);
	pthread_cond_init(&w->qcond, NULL);
	w->pending = 0;
}

void worker_fini(struct worker *w)
{
	pthread_cond_destroy(&w->qcond);
	pthread_mutex_destroy(&w->qlock);
	pthread_mutex_destroy(&w->stats.mutex);
}

/* A copy: each snapshot would lock a mutex of its own. */
struct worker worker_snapshot(struct worker *w)
{
	struct worker s;

	Q_LOCK(w)
	s = *w;
	Q_UNLOCK(w)
	return s;
}

/* Takes one pending item; -1 when there is none. */
int worker_pop(struct worker *w)
{
	Q_LOCK(w)
	if (!w->pending)
		Q_FAIL(w, none);
	w->pending--;
	Q_UNLOCK(w)
	return 0;
none:
	return -1;
}
