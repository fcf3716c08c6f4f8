/* Macros that give a lock member's address away as their value (not to
 * a lock call, whose macro bodies are rewritten) refuse the unit they
 * reach: through a known member (t->stats.mutex) only that struct's lock;
 * with no member on the way (&(c)->mu) every lock member of that name. A
 * struct with a lock member of the same name that no macro reaches is not
 * refused. */
#include <pthread.h>

#define STATS_LOCK(t) (&(t)->stats.mutex)
#define GUARD(c) (&(c)->mu)

struct thread_stats {
	long hits;
	pthread_mutex_t mutex;
};

struct thread {
	int id;
	struct thread_stats stats;
};

struct queue {
	pthread_mutex_t mutex;        /* same name, reached by no macro */
	int n;
};

struct guarded {
	pthread_mutex_t mu;
};

void thread_init(struct thread *t)
{
	pthread_mutex_init(&t->stats.mutex, NULL);
}

void queue_init(struct queue *q)
{
	pthread_mutex_init(&q->mutex, NULL);
}

void guarded_init(struct guarded *g)
{
	pthread_mutex_init(&g->mu, NULL);
}

void touch(struct thread *t, struct guarded *g)
{
	pthread_mutex_lock(STATS_LOCK(t));
	pthread_mutex_lock(GUARD(g));
}
