/* Static objects whose lock is zero until an init runs: each points its
 * member at a zeroed static box of its own, so that a use before the init
 * sees the zeroed lock it saw before (file scope, static in a function, an
 * initializer list that leaves the lock out, a member of an enclosing
 * struct, an array of three). An automatic object is not touched. */
#include <pthread.h>

struct jobs {
	pthread_mutex_t m;
	int n;
};

struct server {
	int port;
	struct jobs q;
};

static struct jobs q;
struct jobs q_counted = { .n = 1 };
static struct server srv;
static struct jobs pool[3];

void jobs_init(struct jobs *j)
{
	pthread_mutex_init(&j->m, NULL);
}

int jobs_destroy(struct jobs *j)
{
	return pthread_mutex_destroy(&j->m);
}

struct jobs jobs_copy(const struct jobs *j)
{
	return *j;
}

int jobs_peek(void)
{
	static struct jobs local;
	struct jobs automatic;
	int n;

	pthread_mutex_lock(&local.m);
	n = local.n + q.n + srv.q.n + pool[2].n;
	pthread_mutex_unlock(&local.m);
	jobs_init(&automatic);
	return n + jobs_destroy(&automatic);
}
