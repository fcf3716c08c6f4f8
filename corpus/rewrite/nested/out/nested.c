#include "nested.h"

int outer_init(struct outer *o)
{
	int rc = lockptr_pthread_mutex_init(&o->in.m, NULL);

	if (rc)
		return rc;
	return lockptr_pthread_rwlock_init(&o->anon.rw, NULL);
}

void outer_fini(struct outer *o)
{
	lockptr_pthread_rwlock_destroy(&o->anon.rw);
	lockptr_pthread_mutex_destroy(&o->in.m);
}

long outer_get(struct outer *o)
{
	long n;

	pthread_rwlock_rdlock(o->anon.rw);
	pthread_mutex_lock(o->in.m);
	n = o->anon.n + o->in.v;
	pthread_mutex_unlock(o->in.m);
	pthread_rwlock_unlock(o->anon.rw);
	return n;
}

int slot_init(slot_t *s)
{
	s->kind = 1;
	return lockptr_pthread_mutex_init(&s->u.mu, NULL);
}

int slot_fini(slot_t *s)
{
	return lockptr_pthread_mutex_destroy(&s->u.mu);
}

/* Copies: each gets locks of its own. */
struct outer outer_copy(const struct outer *o)
{
	return *o;
}

slot_t slot_copy(const slot_t *s)
{
	return *s;
}
