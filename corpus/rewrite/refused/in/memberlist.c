/* A lock member declared in a macro that is a member list, spliced into
 * the struct (libuv's UV_LOOP_PRIVATE_FIELDS): spatch cannot rewrite the
 * macro's body, so the unit is refused before any rewrite. */
#include <pthread.h>

#define POOL_PRIVATE_FIELDS \
	unsigned long flags; \
	pthread_mutex_t wq_lock; \
	int fd;

struct pool {
	void *data;
	POOL_PRIVATE_FIELDS
};

int pool_init(struct pool *p)
{
	p->flags = 0;
	return pthread_mutex_init(&p->wq_lock, NULL);
}

struct pool pool_copy(const struct pool *p)
{
	return *p;
}
