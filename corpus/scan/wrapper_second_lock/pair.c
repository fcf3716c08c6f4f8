/* Wrappers that set up two locks: the mutex is the first parameter (a
 * wrapper as usual), the cond the second. Process-shared pairs are
 * refused by design for both; a plain pair's cond is refused for a limit
 * that names the wrapper (only a first lock parameter is followed). */
#include <pthread.h>

static int pair_init_shared(pthread_mutex_t *m, pthread_cond_t *c)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	int rc;

	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	rc = pthread_mutex_init(m, &ma);
	if (rc)
		return rc;
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	return pthread_cond_init(c, &ca);
}

static int pair_init(pthread_mutex_t *m, pthread_cond_t *c)
{
	int rc = pthread_mutex_init(m, NULL);

	if (rc)
		return rc;
	return pthread_cond_init(c, NULL);
}

struct shared_sem {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int value;
};

struct queue {
	pthread_mutex_t lock;
	pthread_cond_t ready;
	int n;
};

/* A member of the same name as shared_sem's, set up by the plain pair:
 * its own call decides (not shared_sem's). */
struct plain_sem {
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

/* Near miss: a second argument that is no lock parameter. */
struct tally {
	pthread_cond_t seen;
	long n;
};

int log_cond(const char *what, pthread_cond_t *c);

int setup(struct shared_sem *s, struct queue *q, struct tally *t, struct plain_sem *p)
{
	if (pair_init_shared(&s->lock, &s->cond) || pair_init(&q->lock, &q->ready) ||
	    pair_init(&p->lock, &p->cond))
		return -1;
	log_cond("tally", &t->seen);
	return pthread_cond_init(&t->seen, NULL);
}

struct queue queue_copy(const struct queue *q)
{
	return *q;
}

struct plain_sem plain_copy(const struct plain_sem *p)
{
	return *p;
}
