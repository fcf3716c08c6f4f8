/* A file spatch cannot parse in full: the unit it can see is reported and
 * the file is listed as incomplete, so the run exits 3. */
#include <pthread.h>

struct guarded {
	pthread_mutex_t mu;
	int v;
};

void guarded_init(struct guarded *g)
{
	pthread_mutex_init(&g->mu, NULL);
	g->v = = 1;
}
