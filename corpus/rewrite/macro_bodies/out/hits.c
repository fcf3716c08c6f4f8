/* Uses the macros only: it never names a lock member. */
#include "stats.h"

void worker_hit(struct worker *w)
{
	STATS_LOCK(w);
	w->stats.hits++;
	STATS_UNLOCK(w);
}

void worker_take(struct worker *w)
{
	Q_LOCK(w)
	WAIT_WORK(w);
	w->pending--;
	Q_UNLOCK(w)
}
