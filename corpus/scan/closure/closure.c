/* Holding is transitive: a worker holds its stats' rwlock, a pool holds
 * every worker's. Copying the outer struct copies the inner locks; the
 * report gives the member path. A struct that only points to a holder
 * holds nothing. */
#include <pthread.h>

struct stats {
	long hits;
	pthread_rwlock_t rw;
};

struct worker {
	int id;
	struct stats st;
};

struct pool {
	struct worker workers[4];
};

struct handle {
	struct worker *w;              /* near miss: a pointer holds nothing */
};

void stats_init(struct stats *s)
{
	pthread_rwlock_init(&s->rw, NULL);
	s->hits = 0;
}

struct worker snapshot(const struct pool *p, int i)
{
	return p->workers[i];
}

void keep(struct pool *dst, const struct pool *src)
{
	*dst = *src;
}

struct handle dup_handle(struct handle h)
{
	return h;
}
