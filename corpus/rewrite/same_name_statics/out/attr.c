#include <pthread.h>
#include "lockptr_locks.h"

/* Two file-scope objects of two types whose locks have the same name,
 * zeroed and initialised at run time (git's attr.c): each gets a box
 * named after it, which names its own unit only. */
struct attr_map {
	int n;
	pthread_mutex_t *mutex;
};

static struct lockptr_pthread_mutex_box lockptr_g_attr_map_mutex;
static struct attr_map g_attr_map = {
	.n = 1,
	.mutex = &lockptr_g_attr_map_mutex.lock,
};

static struct lockptr_pthread_mutex_box lockptr_check_vector_mutex;
static struct check_vector {
	int nr;
	pthread_mutex_t *mutex;
} check_vector = {
	.mutex = &lockptr_check_vector_mutex.lock,
};

void attr_start(void)
{
	lockptr_pthread_mutex_init(&g_attr_map.mutex, NULL);
	lockptr_pthread_mutex_init(&check_vector.mutex, NULL);
}

int attr_count(void)
{
	int n;

	pthread_mutex_lock(g_attr_map.mutex);
	pthread_mutex_lock(check_vector.mutex);
	n = g_attr_map.n + check_vector.nr;
	pthread_mutex_unlock(check_vector.mutex);
	pthread_mutex_unlock(g_attr_map.mutex);
	return n;
}

struct attr_map attr_snapshot(void)
{
	return g_attr_map;
}
