/* Static objects whose lock is zero until an init runs: each points its
 * member at a zeroed static box of its own, so that a use before the init
 * sees the zeroed lock it saw before (file scope, static in a function, an
 * initializer list that leaves the lock out, a member of an enclosing
 * struct, an array of three). An automatic object is not touched. */
#include <pthread.h>
#include "lockptr_locks.h"

struct jobs {
	pthread_mutex_t *m;
	int n;
};

struct server {
	int port;
	struct jobs q;
};

static struct lockptr_pthread_mutex_box lockptr_q_m;
static struct jobs q = {
	.m = &lockptr_q_m.lock,
};
static struct lockptr_pthread_mutex_box lockptr_q_counted_m;
struct jobs q_counted = { .n = 1, .m = &lockptr_q_counted_m.lock,
};
static struct lockptr_pthread_mutex_box lockptr_srv_q_m;
static struct server srv = {
	.q.m = &lockptr_srv_q_m.lock,
};
static struct lockptr_pthread_mutex_box lockptr_pool_m[3];
static struct jobs pool[3] = {
	[0].m = &lockptr_pool_m[0].lock,
	[1].m = &lockptr_pool_m[1].lock,
	[2].m = &lockptr_pool_m[2].lock,
};

void jobs_init(struct jobs *j)
{
	lockptr_pthread_mutex_init(&j->m, NULL);
}

int jobs_destroy(struct jobs *j)
{
	return lockptr_pthread_mutex_destroy(&j->m);
}

struct jobs jobs_copy(const struct jobs *j)
{
	return *j;
}

int jobs_peek(void)
{
	static struct lockptr_pthread_mutex_box lockptr_local_m;
	static struct jobs local = {
		.m = &lockptr_local_m.lock,
	};
	struct jobs automatic;
	int n;

	pthread_mutex_lock(local.m);
	n = local.n + q.n + srv.q.n + pool[2].n;
	pthread_mutex_unlock(local.m);
	jobs_init(&automatic);
	return n + jobs_destroy(&automatic);
}
