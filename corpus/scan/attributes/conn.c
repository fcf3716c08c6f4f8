#include <stdio.h>
#include "conn.h"

/* "__attribute__((aligned(8)))" in a string is text, not an attribute */
static const char *why = "__attribute__((aligned(8)))";

int conn_init(struct conn *c)
{
	if (pthread_mutex_init(&c->lock, NULL) != 0)
		return -1;
	return pthread_cond_init(&c->ready, NULL);
}

void conn_fini(struct conn *c)
{
	pthread_cond_destroy(&c->ready);
	pthread_mutex_destroy(&c->lock);
}

long conn_bytes(struct conn c)
{
	return c.stamp;
}

long pool_spare(struct pool *p)
{
	struct pool copy = *p;
	long n = conn_bytes(copy.spare);

	conn_log("%s %ld\n", why, conn_bytes(copy.spare));
	return n + (long)sizeof(copy);
}

int pool_init(struct pool *p)
{
	TAILQ_INIT(&p->idle);
	return pthread_rwlock_init(&p->rw, NULL);
}
