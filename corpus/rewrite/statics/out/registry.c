/* A designated static initializer gets a lock object of its own; a typedef
 * spelling of the type too. The lock that came from a static initializer
 * is never destroyed here, so nothing frees it. */
#include <pthread.h>
#include "lockptr_locks.h"

typedef struct registry {
	int count;
	pthread_mutex_t *guard;
} registry_t;

static struct lockptr_pthread_mutex_box lockptr_global_guard = LOCKPTR_STATIC_BOX(PTHREAD_MUTEX_INITIALIZER);
static registry_t global = { .count = 0, .guard = &lockptr_global_guard.lock };
static struct lockptr_pthread_mutex_box lockptr_second_guard = LOCKPTR_STATIC_BOX(PTHREAD_MUTEX_INITIALIZER);
struct registry second = { .guard = &lockptr_second_guard.lock };

registry_t registry_copy(void)
{
	return global;
}

int registry_add(registry_t *r)
{
	int n;

	pthread_mutex_lock(r->guard);
	n = ++r->count;
	pthread_mutex_unlock(r->guard);
	return n;
}

int registry_both(void)
{
	return registry_add(&global) + registry_add(&second);
}
